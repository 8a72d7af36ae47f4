package impls

import "github.com/dolthub/swiss"

// dolthubMap adapts dolthub/swiss Map (v0.2.1): a flat open-addressing
// Swiss table of 16-slot groups on amd64 (8 elsewhere, or with the nosimd
// tag). From map.go: Delete empties the slot when its group has an empty
// slot and leaves a tombstone otherwise; Put inserts only into empty slots;
// tombstones are dropped only by Clear or when Put, at the growth limit,
// rebuilds the table (at the same size when at least half of the resident
// slots are tombstones, else at double size).
type dolthubMap[K comparable, V any] struct{ m *swiss.Map[K, V] }

// newDolthub calls swiss.NewMap(uint32(hint)). NewMap(0) is not lazy:
// numGroups(0) computes 0 groups and raises it to 1 (map.go:328-334), so
// NewMap(0) allocates one group (16 slots on amd64) and its control bytes,
// with a growth limit of 14 entries (groups*maxAvgGroupLoad, map.go:67),
// exactly like NewMap(1) to NewMap(14).
func newDolthub[K comparable, V any](hint int) Map[K, V] {
	if hint < 0 {
		hint = 0
	}
	return dolthubMap[K, V]{m: swiss.NewMap[K, V](uint32(hint))}
}

func (a dolthubMap[K, V]) Put(k K, v V) { a.m.Put(k, v) }

func (a dolthubMap[K, V]) Get(k K) (V, bool) { return a.m.Get(k) }

// Delete discards Map.Delete's "was present" result.
func (a dolthubMap[K, V]) Delete(k K) { a.m.Delete(k) }

// Len implements Lener via Count (resident minus tombstoned slots).
func (a dolthubMap[K, V]) Len() int { return a.m.Count() }

// Clear implements Clearer. Map.Clear empties every slot in place and
// keeps the table's size.
func (a dolthubMap[K, V]) Clear() { a.m.Clear() }

// Structure implements Structure. dolthub's Capacity() is not a slot
// count: it returns limit-resident, "the number of additional elements
// [that] can be added to the Map before resizing", where resident counts
// tombstones too (map.go:261-265). It is reported as Headroom; the slot
// count is not exposed.
func (a dolthubMap[K, V]) Structure() Stats {
	return Stats{Capacity: -1, Headroom: a.m.Capacity()}
}

// PutAll, DeleteAll and ReplaceAll implement Batcher: the same calls as
// Put and Delete, in a loop over the slice.
func (a dolthubMap[K, V]) PutAll(keys []K, vals []V) {
	for i, k := range keys {
		a.m.Put(k, vals[i])
	}
}

func (a dolthubMap[K, V]) DeleteAll(keys []K) {
	for _, k := range keys {
		a.m.Delete(k)
	}
}

func (a dolthubMap[K, V]) ReplaceAll(del, ins []K, vals []V) {
	for i, k := range del {
		a.m.Delete(k)
		a.m.Put(ins[i], vals[i])
	}
}
