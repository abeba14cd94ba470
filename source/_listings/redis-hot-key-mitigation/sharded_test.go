package hotkey

import (
	"context"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/redis/go-redis/v9"

	"writing.example/listings/internal/testredis"
)

// The cluster the tests run on: three primaries with the slots split evenly,
// as redis-cli --cluster create assigns them.
var evenSplit = [][2]int64{{0, 5460}, {5461, 10922}, {10923, 16383}}

func primaryOf(t *testing.T, slots []redis.ClusterSlot, slot int64) string {
	t.Helper()
	for _, s := range slots {
		if int64(s.Start) <= slot && slot <= int64(s.End) {
			return s.Nodes[0].Addr
		}
	}
	t.Fatalf("slot %d is not served", slot)
	return ""
}

// The essay's claims about where eight shard keys go, checked with CLUSTER
// KEYSLOT and CLUSTER SLOTS on a real cluster.
func TestShardKeysGetSlotsOfTheirOwnButShareNodes(t *testing.T) {
	ctx := context.Background()
	rdb, _ := testredis.Cluster(t)
	slots, err := rdb.ClusterSlots(ctx).Result()
	if err != nil {
		t.Fatal(err)
	}
	var ranges [][2]int64
	for _, s := range slots {
		ranges = append(ranges, [2]int64{int64(s.Start), int64(s.End)})
	}
	slices.SortFunc(ranges, func(a, b [2]int64) int { return int(a[0] - b[0]) })
	if !slices.Equal(ranges, evenSplit) {
		t.Fatalf("slot ranges %v, want the even split %v", ranges, evenSplit)
	}

	c := &ShardedCounter{RDB: rdb, Name: "c42", Shards: 8}
	seen := map[int64]bool{}
	perNode := map[string][]int{}
	for i := range c.Shards {
		slot, err := rdb.ClusterKeySlot(ctx, c.key(i)).Result()
		if err != nil {
			t.Fatal(err)
		}
		seen[slot] = true
		node := primaryOf(t, slots, slot)
		perNode[node] = append(perNode[node], i)
	}
	if len(seen) != 8 {
		t.Fatalf("ctr:c42:0..7 use %d slots, want 8", len(seen))
	}
	var counts []int
	for _, shards := range perNode {
		counts = append(counts, len(shards))
	}
	slices.Sort(counts)
	if !slices.Equal(counts, []int{2, 2, 4}) {
		t.Fatalf("shards per primary %v (%v), want 2, 2 and 4", counts, perNode)
	}
	if first := perNode[primaryOf(t, slots, 0)]; !slices.Equal(first, []int{0, 1, 4, 5}) {
		t.Fatalf("the primary of slots 0-5460 holds shards %v, want 0, 1, 4 and 5", first)
	}

	// With a hash tag, only the tag is hashed: one slot for all eight.
	tagged := map[int64]bool{}
	for _, key := range []string{"budget:{c42}:0", "budget:{c42}:3", "budget:{c42}:7"} {
		tagged[rdb.ClusterKeySlot(ctx, key).Val()] = true
	}
	if len(tagged) != 1 {
		t.Fatalf("tagged keys use %d slots, want 1", len(tagged))
	}
}

// crc16 is CRC-16/XMODEM (polynomial 0x1021, initial value 0), the checksum
// the cluster specification names.
func crc16(data string) uint16 {
	var crc uint16
	for i := 0; i < len(data); i++ {
		crc ^= uint16(data[i]) << 8
		for range 8 {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return crc
}

// The essay's rule, checked against the server: a key's slot is CRC16 of the
// key modulo 16,384, or of the hash tag alone when the key has one.
func TestSlotIsCRC16OfTheKeyOrItsTag(t *testing.T) {
	ctx := context.Background()
	rdb, _ := testredis.Cluster(t)
	cases := []struct{ key, hashed string }{
		{"ctr:c42:0", "ctr:c42:0"},
		{"ctr:c42:7", "ctr:c42:7"},
		{"budget:{c42}:0", "c42"},
		{"budget:{c42}:7", "c42"},
		{"lock:invoice-7", "lock:invoice-7"},
	}
	for _, c := range cases {
		got, err := rdb.ClusterKeySlot(ctx, c.key).Result()
		if err != nil {
			t.Fatal(err)
		}
		if want := int64(crc16(c.hashed) % 16384); got != want {
			t.Errorf("CLUSTER KEYSLOT %s = %d, want CRC16(%q) mod 16384 = %d", c.key, got, c.hashed, want)
		}
	}
}

func TestShardedCounterTotalsAcrossTheCluster(t *testing.T) {
	ctx := context.Background()
	rdb, _ := testredis.Cluster(t)
	c := &ShardedCounter{RDB: rdb, Name: testredis.Name("c"), Shards: 8}

	var wg sync.WaitGroup
	var mu sync.Mutex
	var want int64
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 250 {
				d := 1 + rand.Int64N(100)
				if err := c.Add(ctx, d); err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				want += d
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	got, err := c.Total(ctx)
	if err != nil || got != want {
		t.Fatalf("Total = %d, %v; want %d", got, err, want)
	}
	nodes := map[string]bool{}
	slots := rdb.ClusterSlots(ctx).Val()
	for i := range c.Shards {
		if rdb.Exists(ctx, c.key(i)).Val() == 1 {
			nodes[primaryOf(t, slots, rdb.ClusterKeySlot(ctx, c.key(i)).Val())] = true
		}
	}
	if len(nodes) < 2 {
		t.Fatalf("all shards written on %d primary", len(nodes))
	}
}
