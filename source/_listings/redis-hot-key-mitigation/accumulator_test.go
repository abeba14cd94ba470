package hotkey

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"writing.example/listings/internal/testredis"
)

func pending(a *Accumulator) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.deltas)
}

// Keys seen once must not stay in memory for ever: after a flush only the
// keys written since are held.
func TestAccumulatorForgetsKeysOnceFlushed(t *testing.T) {
	ctx := context.Background()
	rdb := testredis.Client(t)
	prefix := testredis.Name("imp")
	a := &Accumulator{RDB: rdb}

	for i := range 1_000 {
		a.Incr(fmt.Sprintf("%s:%d", prefix, i), 1)
	}
	if n := pending(a); n != 1_000 {
		t.Fatalf("%d keys pending, want 1000", n)
	}
	a.flush(ctx)
	if n := pending(a); n != 0 {
		t.Fatalf("%d keys still held after a flush", n)
	}
	a.Incr(prefix+":0", 2)
	if n := pending(a); n != 1 {
		t.Fatalf("%d keys held, want only the one written since", n)
	}
	a.flush(ctx)
	if got, _ := rdb.Get(ctx, prefix+":0").Int64(); got != 3 {
		t.Fatalf("%s:0 = %d, want 3", prefix, got)
	}
	if got, _ := rdb.Get(ctx, prefix+":999").Int64(); got != 1 {
		t.Fatalf("%s:999 = %d, want 1", prefix, got)
	}
}

// Writers and the flusher run at once: every increment lands exactly once,
// the last ones by the flush on shutdown.
func TestAccumulatorLosesNothingUnderConcurrentWrites(t *testing.T) {
	rdb := testredis.Client(t)
	keys := []string{testredis.Name("budget:c1"), testredis.Name("budget:c2"), testredis.Name("budget:c3")}
	a := &Accumulator{RDB: rdb}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		a.Run(ctx, time.Millisecond)
		close(done)
	}()

	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 2_000 {
				a.Incr(keys[(w+i)%len(keys)], 1)
			}
		}()
	}
	wg.Wait()
	stop()
	<-done

	var total int64
	for _, key := range keys {
		n, err := rdb.Get(context.Background(), key).Int64()
		if err != nil {
			t.Fatal(err)
		}
		total += n
	}
	if total != 16_000 || a.Dropped() != 0 {
		t.Fatalf("Redis holds %d of 16000 increments, %d dropped", total, a.Dropped())
	}
}

// A failed INCRBY is counted, not retried; the rest of the pipeline lands.
func TestAccumulatorCountsFailedIncrementsAsDropped(t *testing.T) {
	ctx := context.Background()
	rdb := testredis.Client(t)
	good, bad := testredis.Name("ctr:good"), testredis.Name("ctr:bad")
	rdb.Set(ctx, bad, "not a number", 0)
	a := &Accumulator{RDB: rdb}
	a.Incr(good, 5)
	a.Incr(bad, 5)
	a.flush(ctx)
	if a.Dropped() != 1 {
		t.Fatalf("dropped %d, want 1", a.Dropped())
	}
	if got, _ := rdb.Get(ctx, good).Int64(); got != 5 {
		t.Fatalf("good key = %d, want 5", got)
	}
	a.flush(ctx) // nothing pending: nothing retried
	if got := rdb.Get(ctx, bad).Val(); got != "not a number" {
		t.Fatalf("bad key = %q", got)
	}
}
