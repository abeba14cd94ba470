package pacing

import (
	"context"
	"testing"

	"writing.example/listings/internal/testredis"
)

// The script compares the balance against the cost, so the last request can
// never drive the balance below zero.
func TestTakeNeverDrivesTheBalanceNegative(t *testing.T) {
	ctx := context.Background()
	rdb := testredis.Client(t)
	key := testredis.Name("budget:c42")
	rdb.Set(ctx, key, 2_000, 0)

	steps := []struct{ cost, want int64 }{
		{1_310, 690}, // a $1.31 CPM impression
		{1_310, -1},  // 690 left: refused, not taken
		{690, 0},     // exactly what is left
		{1, -1},
	}
	for _, step := range steps {
		got, err := Take(ctx, rdb, key, step.cost)
		if err != nil || got != step.want {
			t.Fatalf("Take(%d) = %d, %v; want %d", step.cost, got, err, step.want)
		}
	}
	if balance, _ := rdb.Get(ctx, key).Int64(); balance != 0 {
		t.Fatalf("balance %d, want 0", balance)
	}
	if got, err := Take(ctx, rdb, testredis.Name("budget:missing"), 1); err != nil || got != -1 {
		t.Fatalf("Take on a missing budget = %d, %v; want -1", got, err)
	}
}
