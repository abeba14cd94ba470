package pacing

import (
	"context"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"writing.example/listings/internal/testredis"
)

// settle waits until no refill is in flight.
func settle(t *testing.T, l *Lease) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for l.busy.Load() {
		if time.Now().After(deadline) {
			t.Fatal("refill still running after 5 s")
		}
		time.Sleep(time.Millisecond)
	}
}

// spend bids price until the lease is dry: refused bids whose refills, many
// in a row, brought nothing in. It returns the micros admitted.
func spend(t *testing.T, l *Lease, price int64) int64 {
	t.Helper()
	var admitted int64
	for dry := 0; dry < 20; {
		if l.Admit(price) {
			admitted += price
			dry = 0
			continue
		}
		settle(t, l)
		if l.allowance.Load() < price {
			dry++
		}
	}
	return admitted
}

// The campaign must not go dark with money left: once the central balance is
// below one chunk, the lease asks for less until the rest is granted.
func TestLeaseGrantsTheLastPartialChunk(t *testing.T) {
	ctx := context.Background()
	rdb := testredis.Client(t)
	key := testredis.Name("budget:c42")
	rdb.Set(ctx, key, 10_000, 0)

	l := NewLease(RedisGrant(rdb, key), 4_000)
	if got := spend(t, l, 100); got != 10_000 {
		t.Fatalf("admitted %d micros of a 10,000 budget", got)
	}
	if left, _ := rdb.Get(ctx, key).Int64(); left != 0 {
		t.Fatalf("%d micros left in the central counter", left)
	}
}

// Many bidders on one campaign: every micro is accounted for, none is spent
// twice, and no lease admits more than it was granted.
func TestLeasesNeverOverdrawUnderConcurrency(t *testing.T) {
	ctx := context.Background()
	rdb := testredis.Client(t)
	key := testredis.Name("budget:c42")
	const budget = 1_000_000
	rdb.Set(ctx, key, budget, 0)

	type bidder struct {
		lease    *Lease
		granted  atomic.Int64
		admitted atomic.Int64
	}
	bidders := make([]*bidder, 8)
	for i := range bidders {
		b := &bidder{}
		grant := RedisGrant(rdb, key)
		b.lease = NewLease(func(ctx context.Context, n int64) (int64, error) {
			got, err := grant(ctx, n)
			b.granted.Add(got)
			return got, err
		}, 17_500)
		bidders[i] = b
	}
	var wg sync.WaitGroup
	for _, b := range bidders {
		for range 2 { // two goroutines bid on each lease
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 2_000 {
					price := 500 + rand.Int64N(2_000)
					if !b.lease.Admit(price) {
						continue
					}
					if rand.IntN(4) == 0 { // lost the auction
						b.lease.Release(price)
					} else {
						b.admitted.Add(price)
					}
				}
			}()
		}
	}
	wg.Wait()

	var granted, admitted, unspent int64
	for _, b := range bidders {
		settle(t, b.lease)
		if b.admitted.Load() > b.granted.Load() {
			t.Errorf("a lease admitted %d of %d granted", b.admitted.Load(), b.granted.Load())
		}
		if b.lease.allowance.Load() < 0 {
			t.Errorf("allowance %d below zero at rest", b.lease.allowance.Load())
		}
		granted += b.granted.Load()
		admitted += b.admitted.Load()
		unspent += b.lease.allowance.Load()
	}
	central, _ := rdb.Get(ctx, key).Int64()
	if granted+central != budget || admitted+unspent != granted {
		t.Fatalf("budget %d: granted %d + central %d; admitted %d + unspent %d",
			budget, granted, central, admitted, unspent)
	}
	if admitted > budget {
		t.Fatalf("admitted %d, over the %d budget", admitted, budget)
	}
}

// The only way to make a lease bids at full rate; the zero value fails loudly
// instead of quietly refusing every bid.
func TestNewLeaseBidsAtFullRateAndTheZeroValuePanics(t *testing.T) {
	plenty := func(_ context.Context, n int64) (int64, error) { return n, nil }
	l := NewLease(plenty, 1_000_000)
	settle(t, l)
	for i := range 10_000 {
		if !l.Admit(1) {
			t.Fatalf("bid %d refused by a fresh lease with money", i)
		}
	}

	defer func() {
		if r, _ := recover().(string); !strings.Contains(r, "NewLease") {
			t.Fatalf("zero Lease: recovered %v, want a panic naming NewLease", r)
		}
	}()
	var zero Lease
	zero.Admit(1)
}

func TestSteerMovesAtMostAQuarterPerStepWithinBounds(t *testing.T) {
	l := NewLease(func(context.Context, int64) (int64, error) { return 0, nil }, 1)
	var spent, planned atomic.Int64
	spent.Store(1_000_000) // spending ten times the plan
	planned.Store(100_000)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	steps := make(chan int64, 64)
	go l.Steer(ctx, time.Millisecond, func() int64 { return spent.Load() },
		func() int64 {
			select { // report the rate before each step
			case steps <- l.ptr.Load():
			case <-ctx.Done():
			}
			return planned.Load()
		})

	prev := <-steps
	for range 40 {
		next := <-steps
		if float64(next) < 0.8*float64(prev)-1 {
			t.Fatalf("rate fell from %d to %d in one step", prev, next)
		}
		prev = next
	}
	if prev != 1_000 {
		t.Fatalf("rate settled at %d ppm, want the 1,000 ppm floor", prev)
	}
	spent.Store(1) // now far behind the plan
	for range 40 {
		next := <-steps
		if float64(next) > 1.25*float64(prev)+1 {
			t.Fatalf("rate rose from %d to %d in one step", prev, next)
		}
		prev = next
	}
	if prev != 1_000_000 {
		t.Fatalf("rate settled at %d ppm, want the full 1,000,000", prev)
	}
}
