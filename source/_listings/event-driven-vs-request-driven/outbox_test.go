package outbox

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"writing.example/listings/internal/testpg"
)

func setup(t *testing.T) (context.Context, *pgxpool.Pool) {
	t.Helper()
	ctx := context.Background()
	db := testpg.Pool(t)
	if _, err := db.Exec(ctx, Query("schema")); err != nil {
		t.Fatal(err)
	}
	return ctx, db
}

// collector is a publish function that records what it was given.
type collector struct {
	mu  sync.Mutex
	ids []int64
}

func (c *collector) publish(_ context.Context, events []Event) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range events {
		c.ids = append(c.ids, e.ID)
	}
	return nil
}

func unpublished(t *testing.T, ctx context.Context, db *pgxpool.Pool) int {
	t.Helper()
	var n int
	if err := db.QueryRow(ctx, `SELECT count(*) FROM outbox WHERE published_at IS NULL`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A transaction that took a lower id commits after a higher id was relayed.
// The relay still publishes it; a high-water mark on id would not.
func TestRelayNeverSkipsARowThatCommitsLate(t *testing.T) {
	ctx, db := setup(t)
	var sent collector

	slow, err := db.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Rollback(ctx)
	var slowID int64
	if err := slow.QueryRow(ctx, `INSERT INTO outbox (event_id, msg_key, payload)
		VALUES (gen_random_uuid(), 'o-1', '{}') RETURNING id`).Scan(&slowID); err != nil {
		t.Fatal(err)
	}
	if err := PlaceOrder(ctx, db, "o-2", 1_250_000); err != nil {
		t.Fatal(err)
	}
	if n, err := Relay(ctx, db, sent.publish); err != nil || n != 1 {
		t.Fatalf("first relay = %d, %v; want the one committed row", n, err)
	}
	highest := sent.ids[0]
	if slowID >= highest {
		t.Fatalf("ids %d and %d did not come out of order", slowID, highest)
	}
	if err := slow.Commit(ctx); err != nil {
		t.Fatal(err)
	}

	// What a relay that remembers the highest id it has sent would find now.
	var past int
	if err := db.QueryRow(ctx, `SELECT count(*) FROM outbox WHERE id > $1`, highest).Scan(&past); err != nil {
		t.Fatal(err)
	}
	if past != 0 {
		t.Fatalf("%d rows above the high-water mark; the scenario needs none", past)
	}

	if n, err := Relay(ctx, db, sent.publish); err != nil || n != 1 {
		t.Fatalf("second relay = %d, %v; want the late row", n, err)
	}
	if n, err := Relay(ctx, db, sent.publish); err != nil || n != 0 {
		t.Fatalf("third relay = %d, %v; want nothing left", n, err)
	}
	if !slices.Equal(sent.ids, []int64{highest, slowID}) {
		t.Fatalf("published %v, want [%d %d]", sent.ids, highest, slowID)
	}
	if n := unpublished(t, ctx, db); n != 0 {
		t.Fatalf("%d rows left unpublished", n)
	}
}

func TestRelayMarksNothingWhenPublishFails(t *testing.T) {
	ctx, db := setup(t)
	for i := range 3 {
		if err := PlaceOrder(ctx, db, fmt.Sprintf("o-%d", i), 1_000); err != nil {
			t.Fatal(err)
		}
	}
	down := errors.New("kafka unavailable")
	n, err := Relay(ctx, db, func(context.Context, []Event) error { return down })
	if !errors.Is(err, down) || n != 0 {
		t.Fatalf("Relay with a failing producer = %d, %v", n, err)
	}
	if n := unpublished(t, ctx, db); n != 3 {
		t.Fatalf("%d rows unpublished after a failed produce, want 3", n)
	}
	var sent collector
	if n, err := Relay(ctx, db, sent.publish); err != nil || n != 3 {
		t.Fatalf("retry = %d, %v; want 3", n, err)
	}
}

// Several relays at once: SKIP LOCKED hands each row to exactly one of them.
func TestParallelRelaysPublishEachRowOnce(t *testing.T) {
	ctx, db := setup(t)
	const orders = 450
	for i := range orders {
		if err := PlaceOrder(ctx, db, fmt.Sprintf("o-%d", i), int64(i)); err != nil {
			t.Fatal(err)
		}
	}
	var sent collector
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				n, err := Relay(ctx, db, sent.publish)
				if err != nil {
					t.Error(err)
					return
				}
				if n == 0 {
					return
				}
			}
		}()
	}
	wg.Wait()
	slices.Sort(sent.ids)
	if len(sent.ids) != orders || len(slices.Compact(sent.ids)) != orders {
		t.Fatalf("published %d events, %d distinct; want %d once each",
			len(sent.ids), len(slices.Compact(sent.ids)), orders)
	}
	if n := unpublished(t, ctx, db); n != 0 {
		t.Fatalf("%d rows left unpublished", n)
	}
}

func TestPlaceOrderStoresOrderAndEventTogether(t *testing.T) {
	ctx, db := setup(t)
	if err := PlaceOrder(ctx, db, "o-1042", 1_250_000); err != nil {
		t.Fatal(err)
	}
	if err := PlaceOrder(ctx, db, "o-1042", 9); err == nil {
		t.Fatal("a second order with the same id was accepted")
	}
	var orders, events int
	var key, kind string
	if err := db.QueryRow(ctx, `SELECT (SELECT count(*) FROM orders), count(*),
		min(msg_key), min(payload->>'type') FROM outbox`).Scan(&orders, &events, &key, &kind); err != nil {
		t.Fatal(err)
	}
	if orders != 1 || events != 1 || key != "o-1042" || kind != "order_placed" {
		t.Fatalf("orders %d, events %d (%s, %s); want one of each for o-1042",
			orders, events, key, kind)
	}
}
