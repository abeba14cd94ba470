package locking

import (
	"context"
	_ "embed"

	"github.com/jackc/pgx/v5/pgconn"
)

var (
	//go:embed invoices.sql
	InvoicesSchema string
	//go:embed fenced_write.sql
	fencedWrite string
)

// Execer is what FencedWrite needs: a pool, a connection or a transaction.
type Execer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// FencedWrite sets an invoice's status if no newer token has written it. It
// reports false when the write was refused: the caller's lock is stale.
func FencedWrite(ctx context.Context, db Execer, id, token int64, status string) (bool, error) {
	tag, err := db.Exec(ctx, fencedWrite, id, token, status)
	return tag.RowsAffected() == 1, err
}
