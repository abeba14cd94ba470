package hotkey

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// Accumulator sums increments per key in process; flush sends them to Redis.
type Accumulator struct {
	RDB     redis.UniversalClient
	mu      sync.Mutex
	deltas  map[string]int64 // replaced on every flush, so idle keys leave
	dropped atomic.Int64
}

func (a *Accumulator) flush(ctx context.Context) {
	a.mu.Lock()
	batch := a.deltas
	a.deltas = nil
	a.mu.Unlock()
	cmds, _ := a.RDB.Pipelined(ctx, func(p redis.Pipeliner) error {
		for key, d := range batch {
			p.IncrBy(ctx, key, d)
		}
		return nil
	})
	for _, cmd := range cmds {
		if cmd.Err() != nil {
			a.dropped.Add(1) // INCRBY is not idempotent: never replay blindly
		}
	}
}

// Incr adds delta to key's total waiting for the next flush.
func (a *Accumulator) Incr(key string, delta int64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.deltas == nil {
		a.deltas = make(map[string]int64)
	}
	a.deltas[key] += delta
}

// Dropped counts increments that failed to reach Redis, for reconciliation.
func (a *Accumulator) Dropped() int64 { return a.dropped.Load() }

// Run flushes every interval until ctx ends, then once more. A flush is
// never cut short by shutdown: that would drop a batch already taken.
func (a *Accumulator) Run(ctx context.Context, every time.Duration) {
	flush := func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		a.flush(ctx)
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			flush()
		case <-ctx.Done():
			flush() // the increments written since the last tick
			return
		}
	}
}
