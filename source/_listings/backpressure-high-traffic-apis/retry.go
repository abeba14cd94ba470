package backpressure

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Retryable marks a failure that is safe to try again: the call is idempotent and the
// cause transient. After is how long the server asked us to wait, zero if it did not say.
type Retryable struct {
	Err   error
	After time.Duration
}

func (e *Retryable) Error() string { return e.Err.Error() }
func (e *Retryable) Unwrap() error { return e.Err }

// Budget holds up to ten retries, earns a tenth of one per call and spends one per
// retry, so retries stay near a tenth of calls. The zero value is full.
type Budget struct {
	mu   sync.Mutex
	debt int // tenths of a retry spent and not yet earned back
}

func (b *Budget) earn() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.debt = max(0, b.debt-1)
}

func (b *Budget) spend() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.debt > 90 {
		return false
	}
	b.debt += 10
	return true
}

// Do sends req with Retry. Only idempotent requests are retried (GET, HEAD, OPTIONS, PUT
// and DELETE, or any request carrying an Idempotency-Key), and only after a transport
// error or a 429, 502, 503 or 504, honouring Retry-After. A request with a body is
// retried only if it has GetBody, which http.NewRequest sets for in-memory bodies.
func Do(ctx context.Context, c *http.Client, budget *Budget, req *http.Request) (*http.Response, error) {
	var resp *http.Response
	safe := idempotent(req) && (req.Body == nil || req.Body == http.NoBody || req.GetBody != nil)
	err := Retry(ctx, budget, func(ctx context.Context) error {
		attempt := req.Clone(ctx)
		if req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				return err
			}
			attempt.Body = body
		}
		var err error
		resp, err = c.Do(attempt)
		if err != nil {
			if safe && ctx.Err() == nil {
				return &Retryable{Err: err}
			}
			return err
		}
		switch resp.StatusCode {
		case http.StatusTooManyRequests, http.StatusBadGateway,
			http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			if !safe {
				return nil
			}
			after := retryAfter(resp.Header.Get("Retry-After"), time.Now())
			resp.Body.Close()
			err := fmt.Errorf("%s %s: %s", req.Method, req.URL.Redacted(), resp.Status)
			resp = nil
			return &Retryable{Err: err, After: after}
		}
		return nil
	})
	return resp, err
}

func idempotent(req *http.Request) bool {
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
		return true
	}
	return req.Header.Get("Idempotency-Key") != ""
}

// retryAfter reads a Retry-After value, delay-seconds or an HTTP-date; zero if absent or
// unreadable.
func retryAfter(v string, now time.Time) time.Duration {
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// Retry calls do at most three times under ctx's deadline, retrying only Retryable errors.
func Retry(ctx context.Context, budget *Budget, do func(context.Context) error) error {
	const base, ceiling = 50 * time.Millisecond, 3 * time.Second
	budget.earn()
	for attempt := 1; ; attempt++ {
		err := do(ctx)
		var r *Retryable
		if err == nil || !errors.As(err, &r) || attempt == 3 {
			return err
		}
		wait := max(r.After, rand.N(min(ceiling, base<<attempt)))
		d, ok := ctx.Deadline()
		if wait > ceiling || ok && time.Until(d) < wait || !budget.spend() {
			return err
		}
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return err
		}
	}
}
