// Package locking holds the listings of the essay "Distributed Locking: Redis
// vs etcd": a single-node Redis lock, an etcd lock that hands out a fencing
// token, and the fenced write that makes the token worth having.
package locking

import (
	"context"
	"crypto/rand"
	_ "embed"
	"encoding/hex"
	"errors"
	"time"

	"github.com/redis/go-redis/v9"
)

//go:embed release.lua
var releaseLua string

var release = redis.NewScript(releaseLua)

// Acquire sets key to a new random token if the key is absent, expiring it
// after ttl. It returns the token, or "" when someone else holds the lock.
func Acquire(ctx context.Context, rdb redis.Cmdable, key string, ttl time.Duration) (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	token := hex.EncodeToString(b)
	err := rdb.SetArgs(ctx, key, token, redis.SetArgs{Mode: "NX", TTL: ttl}).Err()
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return token, nil
}

// Release deletes key only if it still holds token; false means the lock had
// already expired or passed to another client.
func Release(ctx context.Context, rdb redis.Cmdable, key, token string) (bool, error) {
	n, err := release.Run(ctx, rdb, []string{key}, token).Int()
	return n == 1, err
}
