package locking

import (
	"context"
	"testing"
	"time"

	"writing.example/listings/internal/testredis"
)

func TestReleaseDeletesOnlyTheCallersOwnLock(t *testing.T) {
	ctx := context.Background()
	rdb := testredis.Client(t)
	key := testredis.Name("lock:invoice-7")

	mine, err := Acquire(ctx, rdb, key, 30*time.Second)
	if err != nil || mine == "" {
		t.Fatalf("Acquire on a free lock = %q, %v", mine, err)
	}
	if other, err := Acquire(ctx, rdb, key, 30*time.Second); err != nil || other != "" {
		t.Fatalf("second Acquire = %q, %v; want refused", other, err)
	}
	if ttl := rdb.PTTL(ctx, key).Val(); ttl <= 0 || ttl > 30*time.Second {
		t.Fatalf("lock TTL = %v, want (0, 30s]", ttl)
	}

	if ok, err := Release(ctx, rdb, key, "not-my-token"); err != nil || ok {
		t.Fatalf("Release with a wrong token = %v, %v; want false", ok, err)
	}
	if rdb.Get(ctx, key).Val() != mine {
		t.Fatal("a wrong token deleted the lock")
	}
	if ok, err := Release(ctx, rdb, key, mine); err != nil || !ok {
		t.Fatalf("Release with the holder's token = %v, %v; want true", ok, err)
	}
	if n := rdb.Exists(ctx, key).Val(); n != 0 {
		t.Fatal("lock still there after release")
	}
}

// A slow client whose lock expired and passed to someone else must not delete
// the new holder's lock.
func TestReleaseAfterExpiryLeavesTheNewHoldersLock(t *testing.T) {
	ctx := context.Background()
	rdb := testredis.Client(t)
	key := testredis.Name("lock:invoice-7")

	slow, err := Acquire(ctx, rdb, key, 50*time.Millisecond)
	if err != nil || slow == "" {
		t.Fatalf("Acquire = %q, %v", slow, err)
	}
	deadline := time.Now().Add(5 * time.Second)
	var next string
	for next == "" && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		if next, err = Acquire(ctx, rdb, key, 30*time.Second); err != nil {
			t.Fatal(err)
		}
	}
	if next == "" {
		t.Fatal("the lock never expired")
	}
	if ok, err := Release(ctx, rdb, key, slow); err != nil || ok {
		t.Fatalf("stale Release = %v, %v; want false", ok, err)
	}
	if rdb.Get(ctx, key).Val() != next {
		t.Fatal("the stale client deleted the new holder's lock")
	}
}
