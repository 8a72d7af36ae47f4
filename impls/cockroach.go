package impls

import "github.com/cockroachdb/swiss"

// cockroachMap adapts cockroachdb/swiss Map: a Swiss table of 8-slot groups
// combined with extendible hashing (a directory of buckets of at most 4096
// slots by default). From map.go: Delete empties the slot when its group
// has an empty slot and leaves a tombstone otherwise; Put may insert into a
// tombstone it meets on the key's probe sequence; when a bucket has no
// growth left, Put rehashes it in place (same size) if its tombstones are
// at least a third of its capacity, else doubles it, or splits it once
// doubling would exceed the maximum bucket capacity (bucket.rehash).
//
// It does not implement Structure: the library's capacity and tombstone
// counts (Map.capacity, bucket.tombstones) are unexported.
type cockroachMap[K comparable, V any] struct{ m *swiss.Map[K, V] }

// newCockroach calls swiss.New(hint). New(0) allocates no slots: Init
// points the inlined bucket0 at a shared group of empty control
// bytes with no growth left (map.go:340-348) and sizes a bucket only
// "if initialCapacity > 0" (map.go:364); the first Put then resizes
// bucket0 to one 8-slot group (Put → bucket.rehash → resize → init, which
// raises capacity 0 to groupSize).
func newCockroach[K comparable, V any](hint int) Map[K, V] {
	return cockroachMap[K, V]{m: swiss.New[K, V](hint)}
}

func (a cockroachMap[K, V]) Put(k K, v V) { a.m.Put(k, v) }

func (a cockroachMap[K, V]) Get(k K) (V, bool) { return a.m.Get(k) }

func (a cockroachMap[K, V]) Delete(k K) { a.m.Delete(k) }

// Len implements Lener.
func (a cockroachMap[K, V]) Len() int { return a.m.Len() }

// Clear implements Clearer. Map.Clear empties every bucket in place and
// keeps its capacity, but the adapter skips it when the map is empty.
//
// Reason, an upstream bug at this version: a map that has never held an
// entry (New(0), no Put yet) has bucket0 pointing at the package-wide
// 8-byte emptyCtrls array (map.go:347, 1589-1596). Map.Clear (map.go:631-651)
// then zeroes 8 slots' worth of memory past that array, and
// resetGrowthLeft (map.go:1331-1345) computes capacity-1 with capacity 0,
// giving growthLeft 4294967295. Later Puts then write into the shared array
// and the memory after it; once its 8 control bytes are full, a Put of a
// new key, or a Get or Delete on any other never-used cockroach map,
// probes forever (TestClearFresh hangs without this guard). A never-used
// map has Len 0, so the guard avoids all of this. The cost: an emptied map
// keeps its tombstones, which Map.Clear would have reset.
func (a cockroachMap[K, V]) Clear() {
	if a.m.Len() > 0 {
		a.m.Clear()
	}
}

// PutAll, DeleteAll and ReplaceAll implement Batcher: the same calls as
// Put and Delete, in a loop over the slice.
func (a cockroachMap[K, V]) PutAll(keys []K, vals []V) {
	for i, k := range keys {
		a.m.Put(k, vals[i])
	}
}

func (a cockroachMap[K, V]) DeleteAll(keys []K) {
	for _, k := range keys {
		a.m.Delete(k)
	}
}

func (a cockroachMap[K, V]) ReplaceAll(del, ins []K, vals []V) {
	for i, k := range del {
		a.m.Delete(k)
		a.m.Put(ins[i], vals[i])
	}
}
