package impls

import "sync"

// syncMap adapts sync.Map (a hash-trie, internal/sync.HashTrieMap, holding
// keys and values as any). Get type-asserts the loaded value back to V.
//
// It does not implement Lener: sync.Map has no length method and the
// adapter adds no counter to the measured path.
type syncMap[K comparable, V any] struct{ m *sync.Map }

// newSyncMap ignores hint: sync.Map cannot be presized.
func newSyncMap[K comparable, V any](hint int) Map[K, V] {
	_ = hint
	return syncMap[K, V]{m: new(sync.Map)}
}

func (a syncMap[K, V]) Put(k K, v V) { a.m.Store(k, v) }

func (a syncMap[K, V]) Get(k K) (V, bool) {
	v, ok := a.m.Load(k)
	if !ok {
		var zero V
		return zero, false
	}
	return v.(V), true
}

func (a syncMap[K, V]) Delete(k K) { a.m.Delete(k) }

// Clear implements Clearer (sync.Map.Clear, Go 1.23+).
func (a syncMap[K, V]) Clear() { a.m.Clear() }

// PutAll, DeleteAll and ReplaceAll implement Batcher: the same calls as
// Put and Delete, in a loop over the slice.
func (a syncMap[K, V]) PutAll(keys []K, vals []V) {
	for i, k := range keys {
		a.m.Store(k, vals[i])
	}
}

func (a syncMap[K, V]) DeleteAll(keys []K) {
	for _, k := range keys {
		a.m.Delete(k)
	}
}

func (a syncMap[K, V]) ReplaceAll(del, ins []K, vals []V) {
	for i, k := range del {
		a.m.Delete(k)
		a.m.Store(ins[i], vals[i])
	}
}
