package impls

import "time"

// nativeRebuildMap is the usual mitigation for a built-in map that never
// shrinks (internal/runtime/maps keeps its tables after deletes; see
// docs/design.md, "What the implementations do on delete"): the adapter
// tracks the map's high-water length since it was made or last rebuilt,
// and when a Delete leaves fewer than a quarter of that many entries (and
// the high-water mark is above one 8-slot group), it copies the entries
// into a fresh map made with their count as the size hint and drops the
// old one. The copy happens inside that Delete call, so its cost is in the
// delete's time and latency; Rebuilds reports how many there were and the
// time they took.
//
// Not safe for concurrent use.
type nativeRebuildMap[K comparable, V any] struct {
	m        map[K]V
	high     int   // largest len(m) since the map was made or rebuilt
	rebuilds int   // copies so far
	copyNs   int64 // wall time of the copies
}

// rebuildMinHigh is the high-water mark below which no rebuild is done: a
// map of at most one group has nothing to give back.
const rebuildMinHigh = 8

func newNativeRebuild[K comparable, V any](hint int) Map[K, V] {
	if hint > 0 {
		return &nativeRebuildMap[K, V]{m: make(map[K]V, hint)}
	}
	return &nativeRebuildMap[K, V]{m: make(map[K]V)}
}

func (a *nativeRebuildMap[K, V]) Put(k K, v V) {
	a.m[k] = v
	if len(a.m) > a.high {
		a.high = len(a.m)
	}
}

func (a *nativeRebuildMap[K, V]) Get(k K) (V, bool) {
	v, ok := a.m[k]
	return v, ok
}

func (a *nativeRebuildMap[K, V]) Delete(k K) {
	delete(a.m, k)
	if a.high > rebuildMinHigh && 4*len(a.m) < a.high {
		a.rebuild()
	}
}

// rebuild copies the entries into a fresh map.
func (a *nativeRebuildMap[K, V]) rebuild() {
	t0 := time.Now()
	fresh := make(map[K]V, len(a.m))
	for k, v := range a.m {
		fresh[k] = v
	}
	a.m = fresh
	a.high = len(fresh)
	a.rebuilds++
	a.copyNs += int64(time.Since(t0))
}

// Len implements Lener.
func (a *nativeRebuildMap[K, V]) Len() int { return len(a.m) }

// Clear implements Clearer: clear keeps the map's allocated capacity, as
// for "native"; the high-water mark is kept too, so the next Delete after
// a Clear rebuilds (and gives the capacity back).
func (a *nativeRebuildMap[K, V]) Clear() { clear(a.m) }

// Rebuilds implements Rebuilder.
func (a *nativeRebuildMap[K, V]) Rebuilds() (count int, ns int64) { return a.rebuilds, a.copyNs }

// PutAll, DeleteAll and ReplaceAll implement Batcher: the same calls as
// Put and Delete, in a loop over the slice.
func (a *nativeRebuildMap[K, V]) PutAll(keys []K, vals []V) {
	for i, k := range keys {
		a.Put(k, vals[i])
	}
}

func (a *nativeRebuildMap[K, V]) DeleteAll(keys []K) {
	for _, k := range keys {
		a.Delete(k)
	}
}

func (a *nativeRebuildMap[K, V]) ReplaceAll(del, ins []K, vals []V) {
	for i, k := range del {
		a.Delete(k)
		a.Put(ins[i], vals[i])
	}
}
