package pacing

import (
	"context"
	"math/rand/v2"
	"sync/atomic"
	"time"
)

// Grant takes n micros centrally with the Lua script: n, or 0 if refused.
type Grant func(ctx context.Context, n int64) (int64, error)

type Lease struct {
	chunk     int64        // micros per refill
	allowance atomic.Int64 // micros this bidder may still commit
	ptr       atomic.Int64 // pass-through rate, ppm
	busy      atomic.Bool
	grant     Grant
}

// NewLease starts at full rate, first chunk on its way.
func NewLease(grant Grant, chunk int64) *Lease {
	l := &Lease{chunk: chunk, grant: grant}
	l.ptr.Store(1_000_000)
	l.refill()
	return l
}

// Admit samples the pass-through rate, then reserves the bid price.
func (l *Lease) Admit(price int64) bool {
	if l.grant == nil {
		panic("pacing: use NewLease")
	}
	if rand.Int64N(1_000_000) >= l.ptr.Load() {
		return false
	}
	left := l.allowance.Add(-price)
	if left < l.chunk/4 {
		l.refill()
	}
	if left >= 0 {
		return true
	}
	l.allowance.Add(price) // undo: never overdraw the slice
	return false
}

func (l *Lease) refill() {
	if !l.busy.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer l.busy.Store(false)
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		for n := l.chunk; n > 0; n /= 2 { // empty? ask for half
			if got, err := l.grant(ctx, n); err != nil || got > 0 {
				l.allowance.Add(got)
				return
			}
		}
	}()
}

// Release returns a reservation on loss, timeout or a lower clearing price.
func (l *Lease) Release(micros int64) { l.allowance.Add(micros) }

// Steer nudges the pass-through rate toward the plan, every 10 s in production.
func (l *Lease) Steer(ctx context.Context, every time.Duration, spent, planned func() int64) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		ratio := float64(planned()) / float64(max(spent(), 1))
		ratio = min(max(ratio, 0.8), 1.25) // at most ±25% per step
		next := int64(float64(l.ptr.Load()) * ratio)
		l.ptr.Store(min(max(next, 1_000), 1_000_000))
	}
}
