package impls

import "github.com/puzpuzpuz/xsync/v3"

// xsyncMap adapts xsync/v3 MapOf, used by both "xsync" and
// "xsync-growonly" (newXsync's growOnly parameter).
//
// From the v3.5.1 source (mapof.go): entries are heap-allocated and
// referenced from buckets of 5 entry pointers with overflow chains. A Delete
// that leaves a bucket empty halves the table inside that call when the map
// holds at most 1/128 of its root buckets' entry slots, unless the map is
// grow-only or already at its minimum length (the presized length when
// WithPresize was given).
type xsyncMap[K comparable, V any] struct{ m *xsync.MapOf[K, V] }

// newXsync passes WithPresize(hint) only when hint>0, so hint 0 keeps the
// library's default table, and WithGrowOnly when growOnly is set.
func newXsync[K comparable, V any](hint int, growOnly bool) Map[K, V] {
	var opts []func(*xsync.MapConfig)
	if hint > 0 {
		opts = append(opts, xsync.WithPresize(hint))
	}
	if growOnly {
		opts = append(opts, xsync.WithGrowOnly())
	}
	return xsyncMap[K, V]{m: xsync.NewMapOf[K, V](opts...)}
}

func (a xsyncMap[K, V]) Put(k K, v V) { a.m.Store(k, v) }

func (a xsyncMap[K, V]) Get(k K) (V, bool) { return a.m.Load(k) }

func (a xsyncMap[K, V]) Delete(k K) { a.m.Delete(k) }

// Len implements Lener via Size, which sums the map's striped counters
// (8 to 32 stripes); it does not scan entries.
func (a xsyncMap[K, V]) Len() int { return a.m.Size() }

// Clear implements Clearer. MapOf.Clear replaces the table with a new one
// of the map's minimum length.
func (a xsyncMap[K, V]) Clear() { a.m.Clear() }

// Structure implements Structure. MapOf.Stats walks every bucket (O(n)); its
// Capacity is the number of entries all buckets, chained ones included, can
// physically hold, ignoring the load factor.
func (a xsyncMap[K, V]) Structure() Stats {
	return Stats{Capacity: a.m.Stats().Capacity, Headroom: -1}
}

// newXsyncDefault is "xsync": MapOf without WithGrowOnly.
func newXsyncDefault[K comparable, V any](hint int) Map[K, V] {
	return newXsync[K, V](hint, false)
}

// PutAll, DeleteAll and ReplaceAll implement Batcher: the same calls as
// Put and Delete, in a loop over the slice.
func (a xsyncMap[K, V]) PutAll(keys []K, vals []V) {
	for i, k := range keys {
		a.m.Store(k, vals[i])
	}
}

func (a xsyncMap[K, V]) DeleteAll(keys []K) {
	for _, k := range keys {
		a.m.Delete(k)
	}
}

func (a xsyncMap[K, V]) ReplaceAll(del, ins []K, vals []V) {
	for i, k := range del {
		a.m.Delete(k)
		a.m.Store(ins[i], vals[i])
	}
}
