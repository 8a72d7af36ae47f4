package impls

// nativeMap adapts Go's built-in map. Since Go 1.24 the built-in map is a
// Swiss table (internal/runtime/maps). The adapter is the map itself, so an
// interface value holding it holds the map pointer directly.
type nativeMap[K comparable, V any] map[K]V

// newNative returns a built-in map. hint>0 is passed to make as the size
// hint; the runtime allocates nothing up front for hints of at most one
// 8-slot group (internal/runtime/maps.NewMap), so hint 0 and small hints
// behave alike.
func newNative[K comparable, V any](hint int) Map[K, V] {
	if hint > 0 {
		return nativeMap[K, V](make(map[K]V, hint))
	}
	return nativeMap[K, V](make(map[K]V))
}

func (m nativeMap[K, V]) Put(k K, v V) { m[k] = v }

func (m nativeMap[K, V]) Get(k K) (V, bool) {
	v, ok := m[k]
	return v, ok
}

func (m nativeMap[K, V]) Delete(k K) { delete(m, k) }

// Len implements Lener.
func (m nativeMap[K, V]) Len() int { return len(m) }

// Clear implements Clearer. clear keeps the map's allocated capacity.
func (m nativeMap[K, V]) Clear() { clear(m) }

// PutAll, DeleteAll and ReplaceAll implement Batcher: the same calls as
// Put and Delete, in a loop over the slice.
func (m nativeMap[K, V]) PutAll(keys []K, vals []V) {
	for i, k := range keys {
		m[k] = vals[i]
	}
}

func (m nativeMap[K, V]) DeleteAll(keys []K) {
	for _, k := range keys {
		delete(m, k)
	}
}

func (m nativeMap[K, V]) ReplaceAll(del, ins []K, vals []V) {
	for i, k := range del {
		delete(m, k)
		m[ins[i]] = vals[i]
	}
}
