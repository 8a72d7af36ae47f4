package impls

import "sync"

// nativeRWMutexMap is the built-in map behind a sync.RWMutex: Get and Len
// take the read lock, Put, Delete and Clear the write lock, each for one
// map operation, so the locking is part of what is measured. The map is
// the same Swiss table as "native" (internal/runtime/maps); the lock adds
// no per-entry memory.
type nativeRWMutexMap[K comparable, V any] struct {
	mu sync.RWMutex
	m  map[K]V
}

// newNativeRWMutex makes the map as newNative does: hint>0 is passed to
// make as the size hint.
func newNativeRWMutex[K comparable, V any](hint int) Map[K, V] {
	if hint > 0 {
		return &nativeRWMutexMap[K, V]{m: make(map[K]V, hint)}
	}
	return &nativeRWMutexMap[K, V]{m: make(map[K]V)}
}

func (a *nativeRWMutexMap[K, V]) Put(k K, v V) {
	a.mu.Lock()
	a.m[k] = v
	a.mu.Unlock()
}

func (a *nativeRWMutexMap[K, V]) Get(k K) (V, bool) {
	a.mu.RLock()
	v, ok := a.m[k]
	a.mu.RUnlock()
	return v, ok
}

func (a *nativeRWMutexMap[K, V]) Delete(k K) {
	a.mu.Lock()
	delete(a.m, k)
	a.mu.Unlock()
}

// Len implements Lener.
func (a *nativeRWMutexMap[K, V]) Len() int {
	a.mu.RLock()
	n := len(a.m)
	a.mu.RUnlock()
	return n
}

// Clear implements Clearer. clear keeps the map's allocated capacity.
func (a *nativeRWMutexMap[K, V]) Clear() {
	a.mu.Lock()
	clear(a.m)
	a.mu.Unlock()
}

// PutAll, DeleteAll and ReplaceAll implement Batcher: the same calls as
// Put and Delete, in a loop over the slice, so each op takes and releases
// the write lock itself (ReplaceAll's delete and insert are two ops). They
// do not hold the lock across the batch: a program sharing the map locks
// per op, and a batch-wide lock would make every other goroutine, readers
// included, wait for the whole batch (TestBatchLocksPerOp).
func (a *nativeRWMutexMap[K, V]) PutAll(keys []K, vals []V) {
	for i, k := range keys {
		a.mu.Lock()
		a.m[k] = vals[i]
		a.mu.Unlock()
	}
}

func (a *nativeRWMutexMap[K, V]) DeleteAll(keys []K) {
	for _, k := range keys {
		a.mu.Lock()
		delete(a.m, k)
		a.mu.Unlock()
	}
}

func (a *nativeRWMutexMap[K, V]) ReplaceAll(del, ins []K, vals []V) {
	for i, k := range del {
		a.mu.Lock()
		delete(a.m, k)
		a.mu.Unlock()
		a.mu.Lock()
		a.m[ins[i]] = vals[i]
		a.mu.Unlock()
	}
}
