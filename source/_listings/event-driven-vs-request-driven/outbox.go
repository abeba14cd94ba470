// Package outbox holds the listings of the essay "Event-Driven vs
// Request-Driven": a transactional outbox, its relay, and an idempotent
// consumer. The SQL lives in outbox.sql, one statement under each
// "-- name:" line.
package outbox

import (
	"context"
	_ "embed"
	"encoding/json"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed outbox.sql
var outboxSQL string

// Query returns the statement named name in outbox.sql.
func Query(name string) string {
	q, ok := queries[name]
	if !ok {
		panic("outbox: no query named " + name)
	}
	return q
}

var queries = func() map[string]string {
	out := map[string]string{}
	name := ""
	for _, line := range strings.Split(outboxSQL, "\n") {
		if n, ok := strings.CutPrefix(line, "-- name: "); ok {
			name = strings.TrimSpace(n)
			continue
		}
		if name != "" && !strings.HasPrefix(line, "--") {
			out[name] += line + "\n"
		}
	}
	return out
}()

// PlaceOrder writes an order and its order_placed event in one transaction:
// both are stored, or neither is.
func PlaceOrder(ctx context.Context, db *pgxpool.Pool, orderID string, amountMicros int64) error {
	payload, err := json.Marshal(map[string]any{
		"type": "order_placed", "order_id": orderID, "amount_micros": amountMicros,
	})
	if err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, db, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, Query("insert-order"), orderID, amountMicros); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, Query("insert-event"), orderID, string(payload))
		return err
	})
}

// Event is one outbox row on its way to Kafka.
type Event struct {
	ID      int64
	Key     string
	Payload []byte
}

// Relay publishes one batch of unpublished events and marks exactly those
// rows, in one transaction, returning how many it published. If publish
// fails, nothing is marked and a later run sends the batch again: delivery is
// at least once. Rows are never skipped by id: a bigserial id is taken at
// insert, so a lower id can commit after a higher one has been relayed.
func Relay(ctx context.Context, db *pgxpool.Pool,
	publish func(context.Context, []Event) error) (int, error) {
	tx, err := db.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	rows, _ := tx.Query(ctx, Query("claim"))
	events, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Event])
	if err != nil || len(events) == 0 {
		return 0, err
	}
	if err := publish(ctx, events); err != nil {
		return 0, err
	}
	ids := make([]int64, len(events))
	for i, e := range events {
		ids[i] = e.ID
	}
	if _, err := tx.Exec(ctx, Query("mark"), ids); err != nil {
		return 0, err
	}
	return len(events), tx.Commit(ctx)
}
