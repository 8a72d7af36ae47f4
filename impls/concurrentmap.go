package impls

import (
	"hash/maphash"

	cmap "github.com/orcaman/concurrent-map/v2"
)

// concurrentMap adapts orcaman/concurrent-map/v2 ConcurrentMap.
//
// From the v2.0.1 source (concurrent_map.go): the map is SHARD_COUNT (32)
// built-in maps, each behind its own sync.RWMutex (create,
// ConcurrentMapShared); a key's shard is its sharding function's value
// modulo 32 (GetShard). Set and Remove take the shard's write lock for one
// assignment or one delete, Get its read lock; Count read-locks each shard
// in turn and sums their lengths. The shards are made with no size hint,
// and nothing in the library ever replaces one, so a shard keeps what the
// built-in map keeps after its deletes. Clear removes every key one by one
// through a buffered snapshot of the shards filled by one goroutine per
// shard (Clear, IterBuffered, snapshot).
type concurrentMap[K comparable, V any] struct{ m cmap.ConcurrentMap[K, V] }

// newConcurrentMap makes the map the way the library's users do: a string
// key with New (the library's own FNV-32 sharding: fnv32), any other key
// with NewWithCustomShardingFunction and hash/maphash.Comparable (the
// runtime's hash of the key, no allocation) under a per-map seed. hint is
// unused: the library has no presizing (create).
func newConcurrentMap[K comparable, V any](hint int) Map[K, V] {
	if _, ok := any(*new(K)).(string); ok {
		if m, ok := any(cmap.New[V]()).(cmap.ConcurrentMap[K, V]); ok {
			return concurrentMap[K, V]{m: m}
		}
	}
	seed := maphash.MakeSeed()
	return concurrentMap[K, V]{m: cmap.NewWithCustomShardingFunction[K, V](func(k K) uint32 {
		return uint32(maphash.Comparable(seed, k))
	})}
}

func (a concurrentMap[K, V]) Put(k K, v V) { a.m.Set(k, v) }

func (a concurrentMap[K, V]) Get(k K) (V, bool) { return a.m.Get(k) }

func (a concurrentMap[K, V]) Delete(k K) { a.m.Remove(k) }

// Len implements Lener via Count, which read-locks the 32 shards in turn
// and sums their lengths; it does not scan entries.
func (a concurrentMap[K, V]) Len() int { return a.m.Count() }

// Clear implements Clearer with the library's Clear (see the type's
// comment: a Remove per key, the shards keep their capacity).
func (a concurrentMap[K, V]) Clear() { a.m.Clear() }

// PutAll, DeleteAll and ReplaceAll implement Batcher: the same calls as
// Put and Delete, in a loop over the slice, so each op takes its shard's
// lock itself, as the library's own calls do.
func (a concurrentMap[K, V]) PutAll(keys []K, vals []V) {
	for i, k := range keys {
		a.m.Set(k, vals[i])
	}
}

func (a concurrentMap[K, V]) DeleteAll(keys []K) {
	for _, k := range keys {
		a.m.Remove(k)
	}
}

func (a concurrentMap[K, V]) ReplaceAll(del, ins []K, vals []V) {
	for i, k := range del {
		a.m.Remove(k)
		a.m.Set(ins[i], vals[i])
	}
}
