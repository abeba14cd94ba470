package outbox

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Handle applies an event's side effect once per event ID. The caller
// commits the Kafka offset only after Handle returns nil.
func Handle(ctx context.Context, db *pgxpool.Pool, eventID string,
	apply func(context.Context, pgx.Tx) error) error {
	tx, err := db.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	tag, err := tx.Exec(ctx, `INSERT INTO processed (event_id) VALUES ($1)
		ON CONFLICT DO NOTHING`, eventID)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return nil // duplicate delivery: already applied
	}
	if err := apply(ctx, tx); err != nil {
		return err
	}
	return tx.Commit(ctx)
}
