package backpressure

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

var errBoom = errors.New("boom")

func calls(t *testing.T, ctx context.Context, b *Budget, fail error) (int, error) {
	t.Helper()
	n := 0
	err := Retry(ctx, b, func(context.Context) error { n++; return fail })
	return n, err
}

func TestRetryLeavesNonRetryableErrorsAlone(t *testing.T) {
	n, err := calls(t, context.Background(), &Budget{}, errBoom)
	if n != 1 || !errors.Is(err, errBoom) {
		t.Fatalf("plain error: %d calls, err %v; want 1 call and the error", n, err)
	}
}

func TestRetryMakesAtMostThreeAttempts(t *testing.T) {
	n, err := calls(t, context.Background(), &Budget{}, &Retryable{Err: errBoom})
	if n != 3 || !errors.Is(err, errBoom) {
		t.Fatalf("retryable error: %d calls, err %v; want 3 calls and the error", n, err)
	}
}

func TestRetryDoesNotWaitPastTheDeadline(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	n, err := calls(t, ctx, &Budget{}, &Retryable{Err: errBoom, After: time.Second})
	if n != 1 || !errors.Is(err, errBoom) || time.Since(start) > 100*time.Millisecond {
		t.Fatalf("%d calls in %v, err %v; want 1 call, no wait, the real error",
			n, time.Since(start), err)
	}
}

func TestRetryHonoursRetryAfter(t *testing.T) {
	var at []time.Time
	err := Retry(context.Background(), &Budget{}, func(context.Context) error {
		at = append(at, time.Now())
		if len(at) == 1 {
			return &Retryable{Err: errBoom, After: 300 * time.Millisecond}
		}
		return nil
	})
	if err != nil || len(at) != 2 || at[1].Sub(at[0]) < 300*time.Millisecond {
		t.Fatalf("err %v, %d calls; want the second call at least 300ms after the first", err, len(at))
	}
}

func TestRetryGivesUpOnALongRetryAfter(t *testing.T) {
	done := make(chan int, 1)
	go func() {
		n, _ := calls(t, context.Background(), &Budget{}, &Retryable{Err: errBoom, After: time.Minute})
		done <- n
	}()
	select {
	case n := <-done:
		if n != 1 {
			t.Fatalf("a minute's Retry-After with no deadline: %d calls, want 1", n)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Retry is waiting out a minute's Retry-After")
	}
}

func TestBudgetKeepsRetriesNearATenthOfCalls(t *testing.T) {
	var b Budget
	for i := 0; i < 10; i++ {
		if !b.spend() {
			t.Fatalf("a fresh budget refused retry %d of its 10", i+1)
		}
	}
	if b.spend() {
		t.Fatal("an empty budget allowed an 11th retry")
	}
	for i := 0; i < 10; i++ {
		b.earn()
	}
	if !b.spend() || b.spend() {
		t.Fatal("ten calls should earn exactly one retry")
	}
	for i := 0; i < 1000; i++ {
		b.earn()
	}
	spent := 0
	for b.spend() {
		spent++
	}
	if spent != 10 {
		t.Fatalf("a long quiet spell banked %d retries, want at most 10", spent)
	}
}

func TestBudgetIsSafeForConcurrentUse(t *testing.T) {
	var b Budget
	var wg sync.WaitGroup
	var mu sync.Mutex
	granted := 0
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if b.spend() {
				mu.Lock()
				granted++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if granted != 10 {
		t.Fatalf("50 concurrent retries were granted %d, want 10", granted)
	}
}

// server answers with the statuses in order, then 200, and records each request's body.
func server(t *testing.T, retryAfter string, statuses ...int) (*httptest.Server, *[]string) {
	var mu sync.Mutex
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		n := len(bodies)
		bodies = append(bodies, string(b))
		mu.Unlock()
		if n < len(statuses) {
			w.Header().Set("Retry-After", retryAfter)
			w.WriteHeader(statuses[n])
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &bodies
}

func TestDoRetriesIdempotentRequestsOnOverload(t *testing.T) {
	srv, hits := server(t, "0", http.StatusServiceUnavailable, http.StatusTooManyRequests)
	req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
	resp, err := Do(context.Background(), srv.Client(), &Budget{}, req)
	if err != nil || resp.StatusCode != http.StatusOK || len(*hits) != 3 {
		t.Fatalf("err %v, %d hits; want 200 on the third attempt", err, len(*hits))
	}
	resp.Body.Close()
}

func TestDoDoesNotRetryWhatIsUnsafeOrPermanent(t *testing.T) {
	for _, tc := range []struct {
		name   string
		method string
		status int
	}{
		{"bad request", http.MethodGet, http.StatusBadRequest},
		{"server bug", http.MethodGet, http.StatusInternalServerError},
		{"POST without an idempotency key", http.MethodPost, http.StatusServiceUnavailable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, hits := server(t, "0", tc.status)
			req, _ := http.NewRequest(tc.method, srv.URL, strings.NewReader("order=1"))
			resp, err := Do(context.Background(), srv.Client(), &Budget{}, req)
			if err != nil || resp.StatusCode != tc.status || len(*hits) != 1 {
				t.Fatalf("err %v, %d hits; want the %d passed back after one attempt",
					err, len(*hits), tc.status)
			}
			resp.Body.Close()
		})
	}
}

func TestDoResendsTheBodyOfAKeyedPOST(t *testing.T) {
	srv, hits := server(t, "0", http.StatusServiceUnavailable)
	req, _ := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader([]byte("order=1")))
	req.Header.Set("Idempotency-Key", "4f1c")
	resp, err := Do(context.Background(), srv.Client(), &Budget{}, req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("err %v; want 200 after a retry", err)
	}
	resp.Body.Close()
	if len(*hits) != 2 || (*hits)[0] != "order=1" || (*hits)[1] != "order=1" {
		t.Fatalf("server saw bodies %q, want the same body twice", *hits)
	}
}

func TestDoDoesNotResendABodyItCannotReplay(t *testing.T) {
	srv, hits := server(t, "0", http.StatusServiceUnavailable)
	req, _ := http.NewRequest(http.MethodPut, srv.URL, io.NopCloser(strings.NewReader("v=2")))
	resp, err := Do(context.Background(), srv.Client(), &Budget{}, req)
	if err != nil || resp.StatusCode != http.StatusServiceUnavailable || len(*hits) != 1 {
		t.Fatalf("err %v, %d hits; a streamed PUT body cannot be sent twice", err, len(*hits))
	}
	resp.Body.Close()
}

func TestDoGivesUpWithTheStatusAfterThreeAttempts(t *testing.T) {
	srv, hits := server(t, "0", 503, 503, 503)
	req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
	resp, err := Do(context.Background(), srv.Client(), &Budget{}, req)
	var r *Retryable
	if resp != nil || !errors.As(err, &r) || !strings.Contains(err.Error(), "503") || len(*hits) != 3 {
		t.Fatalf("resp %v, err %v, %d hits; want no response, a 503 error, 3 hits", resp, err, len(*hits))
	}
}

func TestDoRetriesRefusedConnectionsForIdempotentRequests(t *testing.T) {
	srv, _ := server(t, "0")
	url := srv.URL
	srv.Close() // nothing listens any more
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	n := 0
	client := &http.Client{Transport: roundTripper(func(r *http.Request) (*http.Response, error) {
		n++
		return http.DefaultTransport.RoundTrip(r)
	})}
	if _, err := Do(context.Background(), client, &Budget{}, req); err == nil || n != 3 {
		t.Fatalf("err %v after %d attempts; want an error after 3", err, n)
	}
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestRetryAfterReadsSecondsAndDates(t *testing.T) {
	now := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"":                              0,
		"2":                             2 * time.Second,
		"-1":                            0,
		"soon":                          0,
		"Fri, 01 Mar 2024 12:00:05 GMT": 5 * time.Second,
		"Fri, 01 Mar 2024 11:59:00 GMT": 0,
	} {
		if got := retryAfter(v, now); got != want {
			t.Errorf("retryAfter(%q) = %v, want %v", v, got, want)
		}
	}
}
