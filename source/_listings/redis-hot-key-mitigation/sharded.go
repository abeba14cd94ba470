// Package hotkey holds the listings of the essay "Redis Hot-Key Mitigation at
// Scale": one counter split over several keys, and a write-behind accumulator.
package hotkey

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/redis/go-redis/v9"
)

// ShardedCounter spreads one logical counter over Shards untagged keys.
type ShardedCounter struct {
	RDB    redis.UniversalClient
	Name   string
	Shards int
}

func (c *ShardedCounter) key(i int) string { return fmt.Sprintf("ctr:%s:%d", c.Name, i) }

// Add increments one shard chosen at random.
func (c *ShardedCounter) Add(ctx context.Context, delta int64) error {
	return c.RDB.IncrBy(ctx, c.key(rand.IntN(c.Shards)), delta).Err()
}

// Total reads every shard in one pipeline. The sum is not a snapshot.
func (c *ShardedCounter) Total(ctx context.Context) (int64, error) {
	cmds := make([]*redis.StringCmd, c.Shards)
	_, _ = c.RDB.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i := range cmds {
			cmds[i] = p.Get(ctx, c.key(i))
		}
		return nil
	})
	var total int64
	for _, cmd := range cmds {
		n, err := cmd.Int64()
		if err != nil && !errors.Is(err, redis.Nil) {
			return 0, err
		}
		total += n
	}
	return total, nil
}
