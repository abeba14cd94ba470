package locking

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"

	"writing.example/listings/internal/testetcd"
	"writing.example/listings/internal/testpg"
)

func lockName(t *testing.T) string {
	return fmt.Sprintf("%s-%d", t.Name(), time.Now().UnixNano())
}

func TestWithLockAdmitsOneHolderAtATimeWithGrowingTokens(t *testing.T) {
	cli := testetcd.Client(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	name := lockName(t)

	var holders atomic.Int32
	var mu sync.Mutex
	var tokens []int64
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := WithLock(ctx, cli, name, func(ctx context.Context, token int64) error {
				if n := holders.Add(1); n != 1 {
					t.Errorf("%d holders at once", n)
				}
				defer holders.Add(-1)
				mu.Lock()
				tokens = append(tokens, token)
				mu.Unlock()
				time.Sleep(30 * time.Millisecond)
				return nil
			})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if len(tokens) != 4 {
		t.Fatalf("%d holders ran, want 4", len(tokens))
	}
	for i := 1; i < len(tokens); i++ {
		if tokens[i] <= tokens[i-1] {
			t.Fatalf("tokens in acquisition order %v do not grow", tokens)
		}
	}
}

// lockLease is the lease that owns the lock's key, as etcd sees it.
func lockLease(ctx context.Context, t *testing.T, cli *clientv3.Client, name string) clientv3.LeaseID {
	t.Helper()
	resp, err := cli.Get(ctx, "/locks/"+name, clientv3.WithPrefix(), clientv3.WithSort(clientv3.SortByCreateRevision, clientv3.SortAscend))
	if err != nil || len(resp.Kvs) == 0 {
		t.Fatalf("no lock key under /locks/%s: %v", name, err)
	}
	return clientv3.LeaseID(resp.Kvs[0].Lease)
}

// When the session's lease is gone (here revoked, as if keep-alives had
// stopped), the work's context is cancelled.
func TestWithLockCancelsWorkWhenTheLeaseIsLost(t *testing.T) {
	cli := testetcd.Client(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	name := lockName(t)

	err := WithLock(ctx, cli, name, func(work context.Context, token int64) error {
		if _, err := cli.Revoke(ctx, lockLease(ctx, t, cli, name)); err != nil {
			return err
		}
		select {
		case <-work.Done():
			return work.Err()
		case <-time.After(15 * time.Second):
			return errors.New("work still running 15 s after its lease was revoked")
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("WithLock = %v, want context.Canceled", err)
	}
}

// The essay's timeline end to end: client 1 writes twice, pauses past its
// lease, client 2 takes the lock and writes, client 1 wakes and is refused.
func TestAPausedHolderIsFencedOffByTheStorage(t *testing.T) {
	cli := testetcd.Client(t)
	db := testpg.Pool(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := db.Exec(ctx, InvoicesSchema); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, `INSERT INTO invoices (id, status) VALUES (7, 'draft')`); err != nil {
		t.Fatal(err)
	}
	name := lockName(t)
	write := func(token int64, status string) bool { // called from two goroutines
		ok, err := FencedWrite(ctx, db, 7, token, status)
		if err != nil {
			t.Error(err)
		}
		return ok
	}

	expired := make(chan struct{})
	second := make(chan int64, 1)
	go func() {
		<-expired
		err := WithLock(ctx, cli, name, func(_ context.Context, token int64) error {
			if !write(token, "void") {
				t.Error("the new holder's write was refused")
			}
			return nil
		})
		if err != nil {
			t.Error(err)
		}
		second <- 0
	}()

	err := WithLock(ctx, cli, name, func(_ context.Context, token int64) error {
		if !write(token, "sending") || !write(token, "sent") {
			t.Error("the holder's own repeated writes were refused")
		}
		// The pause: the lease runs out while this client is not looking.
		if _, err := cli.Revoke(ctx, lockLease(ctx, t, cli, name)); err != nil {
			return err
		}
		close(expired)
		<-second // client 2 has taken the lock and written
		if write(token, "sent") {
			t.Error("the paused client's stale write was accepted")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var status string
	if err := db.QueryRow(ctx, `SELECT status FROM invoices WHERE id = 7`).Scan(&status); err != nil {
		t.Fatal(err)
	}
	if status != "void" {
		t.Fatalf("status = %q, want the new holder's \"void\"", status)
	}
}
