// Package pacing holds the listings of the essay "Designing Budget Pacing in
// CPM Ad Systems": the check-and-decrement script and a bidder's lease on a
// slice of the budget.
package pacing

import (
	"context"
	_ "embed"

	"github.com/redis/go-redis/v9"
)

//go:embed take.lua
var takeLua string

var take = redis.NewScript(takeLua)

// Take runs the check-and-decrement script: it takes cost micros from the
// budget at key and returns the balance left, or -1 (taking nothing) when the
// balance is smaller than cost.
func Take(ctx context.Context, rdb redis.Scripter, key string, cost int64) (int64, error) {
	return take.Run(ctx, rdb, []string{key}, cost).Int64()
}

// RedisGrant is a Grant that takes from the budget at key with the same script.
func RedisGrant(rdb redis.Scripter, key string) Grant {
	return func(ctx context.Context, n int64) (int64, error) {
		left, err := Take(ctx, rdb, key, n)
		if err != nil || left < 0 {
			return 0, err
		}
		return n, nil
	}
}
