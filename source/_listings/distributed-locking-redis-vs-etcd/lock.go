package locking

import (
	"context"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.etcd.io/etcd/client/v3/concurrency"
)

// WithLock runs work while holding /locks/<name> and hands it a fencing token.
func WithLock(ctx context.Context, cli *clientv3.Client, name string,
	work func(ctx context.Context, token int64) error) error {
	session, err := concurrency.NewSession(cli, concurrency.WithTTL(10))
	if err != nil {
		return err
	}
	defer session.Close()

	m := concurrency.NewMutex(session, "/locks/"+name)
	if err := m.Lock(ctx); err != nil {
		return err
	}
	defer m.Unlock(context.Background())

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-session.Done(): // keep-alives failed: assume the lock is gone
			cancel()
		case <-ctx.Done():
		}
	}()
	return work(ctx, m.Header().Revision)
}
