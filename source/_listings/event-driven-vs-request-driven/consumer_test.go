package outbox

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestHandleAppliesARedeliveredEventOnce(t *testing.T) {
	ctx, db := setup(t)
	if _, err := db.Exec(ctx, `CREATE TABLE shipments (order_id text PRIMARY KEY, sent int NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	ship := func(ctx context.Context, tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO shipments VALUES ('o-1042', 1)
			ON CONFLICT (order_id) DO UPDATE SET sent = shipments.sent + 1`)
		return err
	}
	const event = "0b7a1a8e-5f7c-4e59-9d4a-2f1e8c0d6b31"

	broken := errors.New("disk full")
	if err := Handle(ctx, db, event, func(context.Context, pgx.Tx) error { return broken }); !errors.Is(err, broken) {
		t.Fatalf("Handle with a failing side effect = %v", err)
	}
	for range 3 { // the failed attempt left no mark: the next delivery applies it
		if err := Handle(ctx, db, event, ship); err != nil {
			t.Fatal(err)
		}
	}
	var sent int
	if err := db.QueryRow(ctx, `SELECT sent FROM shipments WHERE order_id = 'o-1042'`).Scan(&sent); err != nil {
		t.Fatal(err)
	}
	if sent != 1 {
		t.Fatalf("side effect applied %d times, want once", sent)
	}
}
