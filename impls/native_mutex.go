package impls

import "sync"

// nativeMutexMap is the built-in map behind a sync.Mutex: Put, Get,
// Delete, Len and Clear each take the lock for one map operation, the way
// a program shares a map between goroutines without a concurrent library,
// so the locking is part of what is measured. The map is the same Swiss
// table as "native" (internal/runtime/maps); the mutex adds no per-entry
// memory.
type nativeMutexMap[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]V
}

// newNativeMutex makes the map as newNative does: hint>0 is passed to make
// as the size hint.
func newNativeMutex[K comparable, V any](hint int) Map[K, V] {
	if hint > 0 {
		return &nativeMutexMap[K, V]{m: make(map[K]V, hint)}
	}
	return &nativeMutexMap[K, V]{m: make(map[K]V)}
}

func (a *nativeMutexMap[K, V]) Put(k K, v V) {
	a.mu.Lock()
	a.m[k] = v
	a.mu.Unlock()
}

func (a *nativeMutexMap[K, V]) Get(k K) (V, bool) {
	a.mu.Lock()
	v, ok := a.m[k]
	a.mu.Unlock()
	return v, ok
}

func (a *nativeMutexMap[K, V]) Delete(k K) {
	a.mu.Lock()
	delete(a.m, k)
	a.mu.Unlock()
}

// Len implements Lener.
func (a *nativeMutexMap[K, V]) Len() int {
	a.mu.Lock()
	n := len(a.m)
	a.mu.Unlock()
	return n
}

// Clear implements Clearer. clear keeps the map's allocated capacity.
func (a *nativeMutexMap[K, V]) Clear() {
	a.mu.Lock()
	clear(a.m)
	a.mu.Unlock()
}

// PutAll, DeleteAll and ReplaceAll implement Batcher: the same calls as
// Put and Delete, in a loop over the slice, so each op takes and releases
// the lock itself (ReplaceAll's delete and insert are two ops). They do not
// hold the lock across the batch: a program sharing the map locks per op,
// and a batch-wide lock would make every other goroutine wait for the
// whole batch (TestBatchLocksPerOp).
func (a *nativeMutexMap[K, V]) PutAll(keys []K, vals []V) {
	for i, k := range keys {
		a.mu.Lock()
		a.m[k] = vals[i]
		a.mu.Unlock()
	}
}

func (a *nativeMutexMap[K, V]) DeleteAll(keys []K) {
	for _, k := range keys {
		a.mu.Lock()
		delete(a.m, k)
		a.mu.Unlock()
	}
}

func (a *nativeMutexMap[K, V]) ReplaceAll(del, ins []K, vals []V) {
	for i, k := range del {
		a.mu.Lock()
		delete(a.m, k)
		a.mu.Unlock()
		a.mu.Lock()
		a.m[ins[i]] = vals[i]
		a.mu.Unlock()
	}
}
