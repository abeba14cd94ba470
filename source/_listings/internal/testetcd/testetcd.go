// Package testetcd connects the listings' tests to the etcd server that
// `make test` starts, named by LISTINGS_ETCD_ENDPOINTS (comma-separated URLs).
// Without the variable the test skips.
package testetcd

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"
)

// Client returns a client for the server, closed when the test ends.
func Client(t testing.TB) *clientv3.Client {
	t.Helper()
	endpoints := os.Getenv("LISTINGS_ETCD_ENDPOINTS")
	if endpoints == "" {
		t.Skip("LISTINGS_ETCD_ENDPOINTS not set: this test needs a real etcd (make test starts one)")
	}
	cli, err := clientv3.New(clientv3.Config{
		Endpoints:   strings.Split(endpoints, ","),
		DialTimeout: 5 * time.Second,
		Logger:      zap.NewNop(),
	})
	if err != nil {
		t.Fatalf("etcd: %v", err)
	}
	t.Cleanup(func() { cli.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := cli.Get(ctx, "health-check"); err != nil {
		t.Fatalf("etcd: %v", err)
	}
	return cli
}
