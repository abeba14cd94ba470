package locking

import (
	"context"
	"testing"

	"writing.example/listings/internal/testpg"
)

// The essay's fence: the storage refuses only a token lower than one it has
// already accepted. The holder writes more than once under the same token.
func TestFencedWriteAcceptsTheHoldersRepeatedWritesAndRefusesALowerToken(t *testing.T) {
	ctx := context.Background()
	db := testpg.Pool(t)
	if _, err := db.Exec(ctx, InvoicesSchema); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, `INSERT INTO invoices (id, status) VALUES (7, 'draft')`); err != nil {
		t.Fatal(err)
	}

	steps := []struct {
		token  int64
		status string
		want   bool
	}{
		{33, "sending", true}, // client 1 holds the lock with token 33
		{33, "sent", true},    // and writes again: its own token must pass
		{34, "void", true},    // client 2 got the lock after client 1's lease expired
		{34, "voided", true},
		{33, "sent", false}, // client 1 wakes from its pause: refused
	}
	for i, step := range steps {
		ok, err := FencedWrite(ctx, db, 7, step.token, step.status)
		if err != nil {
			t.Fatal(err)
		}
		if ok != step.want {
			t.Fatalf("write %d with token %d: accepted=%v, want %v", i+1, step.token, ok, step.want)
		}
	}
	var status string
	var fence int64
	if err := db.QueryRow(ctx, `SELECT status, fence FROM invoices WHERE id = 7`).Scan(&status, &fence); err != nil {
		t.Fatal(err)
	}
	if status != "voided" || fence != 34 {
		t.Fatalf("row is (%q, %d), want (\"voided\", 34)", status, fence)
	}
}

func TestFencedWriteOnAMissingRowReportsRefused(t *testing.T) {
	ctx := context.Background()
	db := testpg.Pool(t)
	if _, err := db.Exec(ctx, InvoicesSchema); err != nil {
		t.Fatal(err)
	}
	ok, err := FencedWrite(ctx, db, 8, 1, "sent")
	if err != nil || ok {
		t.Fatalf("FencedWrite on no row = %v, %v; want false, nil", ok, err)
	}
}
