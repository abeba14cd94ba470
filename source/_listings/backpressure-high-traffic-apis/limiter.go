// Package backpressure holds the listings of "Backpressure Strategies in High-Traffic
// APIs": an adaptive concurrency limiter for servers and a retry helper for clients.
package backpressure

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Limiter caps requests in flight with AIMD, keeping a tenth for critical calls.
// The zero value is ready to use.
type Limiter struct {
	Max      int                      // 0 means 1000
	Slow     time.Duration            // 0 means 250ms
	Critical func(*http.Request) bool // decided by the server, not by a header

	mu              sync.Mutex
	limit, top      float64
	slow            time.Duration
	inFlight, epoch int // epoch counts cuts
}

// init applies the defaults on first use.
func (l *Limiter) init() {
	l.top, l.slow = 1000, 250*time.Millisecond
	if l.Max > 0 {
		l.top = float64(l.Max)
	}
	if l.Slow > 0 {
		l.slow = l.Slow
	}
	l.limit = l.top
}

func (l *Limiter) acquire(critical bool) (epoch int, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.top == 0 {
		l.init()
	}
	allowed := l.limit
	if !critical {
		allowed *= 0.9
	}
	if float64(l.inFlight) >= allowed {
		return 0, false
	}
	l.inFlight++
	return l.epoch, true
}

func (l *Limiter) release(epoch int, took time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.inFlight--
	switch {
	case took <= l.slow:
		l.limit = min(l.top, l.limit+0.1)
	case epoch == l.epoch: // admitted since the last cut
		l.limit = max(1, l.limit/2)
		l.epoch++
	}
}

// Wrap sheds load in front of next.
func (l *Limiter) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		epoch, ok := l.acquire(l.Critical != nil && l.Critical(r))
		if !ok {
			w.Header().Set("Retry-After", strconv.Itoa(1+rand.IntN(3)))
			http.Error(w, "overloaded", http.StatusServiceUnavailable)
			return
		}
		start := time.Now()
		defer func() { l.release(epoch, time.Since(start)) }()
		next.ServeHTTP(w, r)
	})
}
