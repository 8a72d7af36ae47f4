package impls

import "github.com/puzpuzpuz/xsync/v4"

// xsync4Map adapts xsync/v4 Map with default options (not grow-only).
//
// From the v4.5.0 source (map.go): entries are immutable heap-allocated
// key/value pairs referenced from 64-byte buckets of 5 entry pointers
// (entriesPerMapBucket) with overflow chains; Store allocates a new entry
// even when it overwrites a key. Delete is LoadAndDelete (doCompute): an
// absent key is found so by a lock-free scan and nothing is locked (v3.5.1
// locks the bucket either way, mapof.go: Delete); a present key's slot is
// cleared under the root bucket's lock. A Delete that leaves a bucket empty
// halves the table inside that call when the map holds at most 1/128 of its
// root buckets' entry slots, unless it is already at its minimum length
// (32 buckets, or the presized length when WithPresize asked for more than
// 160 entries: NewMap); writers that meet the copy in progress help with it
// (resize, helpResize). Delete never unlinks an overflow bucket; only a
// resize or Clear drops them.
type xsync4Map[K comparable, V any] struct{ m *xsync.Map[K, V] }

// newXsync4 passes WithPresize(hint) only when hint>0, so hint 0 keeps the
// library's default table (32 buckets, map.go: NewMap).
func newXsync4[K comparable, V any](hint int) Map[K, V] {
	var opts []func(*xsync.MapConfig)
	if hint > 0 {
		opts = append(opts, xsync.WithPresize(hint))
	}
	return xsync4Map[K, V]{m: xsync.NewMap[K, V](opts...)}
}

func (a xsync4Map[K, V]) Put(k K, v V) { a.m.Store(k, v) }

func (a xsync4Map[K, V]) Get(k K) (V, bool) { return a.m.Load(k) }

func (a xsync4Map[K, V]) Delete(k K) { a.m.Delete(k) }

// Len implements Lener via Size, which sums the table's striped counters
// (8 to 32 stripes, map.go: newMapTable); it does not scan entries.
func (a xsync4Map[K, V]) Len() int { return a.m.Size() }

// Clear implements Clearer. Map.Clear replaces the table with a new one of
// the map's minimum length (map.go: resize, mapClearHint).
func (a xsync4Map[K, V]) Clear() { a.m.Clear() }

// Structure implements Structure. Map.Stats walks every bucket (O(n)); its
// Capacity is the number of entries all buckets, chained ones included, can
// physically hold, ignoring the load factor (map.go: MapStats).
func (a xsync4Map[K, V]) Structure() Stats {
	return Stats{Capacity: a.m.Stats().Capacity, Headroom: -1}
}

// PutAll, DeleteAll and ReplaceAll implement Batcher: the same calls as
// Put and Delete, in a loop over the slice.
func (a xsync4Map[K, V]) PutAll(keys []K, vals []V) {
	for i, k := range keys {
		a.m.Store(k, vals[i])
	}
}

func (a xsync4Map[K, V]) DeleteAll(keys []K) {
	for _, k := range keys {
		a.m.Delete(k)
	}
}

func (a xsync4Map[K, V]) ReplaceAll(del, ins []K, vals []V) {
	for i, k := range del {
		a.m.Delete(k)
		a.m.Store(ins[i], vals[i])
	}
}
