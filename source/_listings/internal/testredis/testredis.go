// Package testredis connects the listings' tests to the Redis servers that
// `make test` starts: LISTINGS_REDIS_ADDR names one standalone server
// (host:port) and LISTINGS_REDIS_CLUSTER the comma-separated primaries of a
// cluster. A test that needs one skips when its variable is not set, so
// `go test ./...` still runs the rest without any server.
package testredis

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

func need(t testing.TB, name string) string {
	t.Helper()
	value := os.Getenv(name)
	if value == "" {
		t.Skipf("%s not set: this test needs a real redis-server (make test starts one)", name)
	}
	return value
}

// Client returns a client for the standalone server, closed when the test ends.
func Client(t testing.TB) *redis.Client {
	t.Helper()
	rdb := redis.NewClient(&redis.Options{Addr: need(t, "LISTINGS_REDIS_ADDR")})
	t.Cleanup(func() { rdb.Close() })
	ping(t, rdb)
	return rdb
}

// Cluster returns a cluster client and the addresses of the cluster's primaries.
func Cluster(t testing.TB) (*redis.ClusterClient, []string) {
	t.Helper()
	addrs := strings.Split(need(t, "LISTINGS_REDIS_CLUSTER"), ",")
	rdb := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	t.Cleanup(func() { rdb.Close() })
	ping(t, rdb)
	return rdb, addrs
}

func ping(t testing.TB, rdb redis.UniversalClient) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := rdb.Ping(ctx).Err(); err != nil {
		t.Fatalf("redis: %v", err)
	}
}

// Name returns name with a random suffix, so that tests sharing a server
// never touch each other's keys.
func Name(name string) string {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return name + "-" + hex.EncodeToString(b)
}
