package impls

import (
	"math/bits"

	"github.com/alphadose/haxmap"
)

// haxKey is the key types the haxmap adapter instantiates: the built-in
// integer, float and string types, each within haxmap's own constraint
// (map.go: hashable, which also admits complex numbers, uintptr and
// unsafe.Pointer). A struct key is none of them: haxmap cannot hold it, and
// the registry says so (haxmapFor returns nil, Constructor an error).
type haxKey interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 |
		~float32 | ~float64 | ~string
}

// haxMap adapts alphadose/haxmap Map.
//
// From the v1.4.0 source: the entries are one lock-free linked list sorted
// by key hash, one heap node per entry (list.go: element, inject), under an
// index of pointers into the list (map.go: metadata). Set stores a pointer
// to a copy of the value, so every Set allocates at least that copy, and a
// new key a node too (map.go: Set; list.go: inject). Del marks the node
// deleted (list.go: remove) and clears or moves the node's index slot
// (map.go: removeItemFromIndex); the node is unlinked by the next traversal
// that passes it (list.go: next). The index only grows: it doubles when
// more than half of its slots are in use (map.go: Set, resizeNeeded, grow),
// and only Clear makes it smaller, back to the size given to New (map.go:
// Clear).
//
// The library says it is safe for concurrent use; the registry does not
// list it so, because concurrent Sets lose keys: TestConcurrentDisjoint
// failed on it (a key one goroutine had just Set was absent from its own
// Get), and internal/experiments/haxmaploss, which uses haxmap alone, finds
// keys missing after 4 goroutines have Set 2000 keys each and returned
// (9 of 2.4 million in 300 rounds on this project's 2-vCPU machine). Its
// Set comment (map.go) says a key set during a resize "might show up in
// the map only after the resize operation is finished"; these never did.
type haxMap[K haxKey, V any] struct{ m *haxmap.Map[K, V] }

// newHaxmap passes a size to New only when hint>0, so hint 0 keeps the
// library's default index of 8 slots (map.go: New, defaultSize). The size
// is hint rounded up to a power of 2: New rounds it so itself (map.go:
// grow, roundUpPower2), but Clear makes its new index of the size as given
// while indexing it as if it were a power of 2 (map.go: Clear; keyshifts),
// so after a Clear of a map made with New(5000) a Get reads past the index
// and faults (TestOracle did, before this rounding).
func newHaxmap[K haxKey, V any](hint int) Map[K, V] {
	if hint > 0 {
		return haxMap[K, V]{m: haxmap.New[K, V](uintptr(1) << bits.Len(uint(hint-1)))}
	}
	return haxMap[K, V]{m: haxmap.New[K, V]()}
}

// haxmapFor is haxmap's constructor for maps of K to V, or nil when K is
// not one of the key types haxKey lists (by its type, not its underlying
// type: a named key type is refused).
func haxmapFor[K comparable, V any]() func(hint int) Map[K, V] {
	var c any
	switch any(*new(K)).(type) {
	case int:
		c = newHaxmap[int, V]
	case int8:
		c = newHaxmap[int8, V]
	case int16:
		c = newHaxmap[int16, V]
	case int32:
		c = newHaxmap[int32, V]
	case int64:
		c = newHaxmap[int64, V]
	case uint:
		c = newHaxmap[uint, V]
	case uint8:
		c = newHaxmap[uint8, V]
	case uint16:
		c = newHaxmap[uint16, V]
	case uint32:
		c = newHaxmap[uint32, V]
	case uint64:
		c = newHaxmap[uint64, V]
	case float32:
		c = newHaxmap[float32, V]
	case float64:
		c = newHaxmap[float64, V]
	case string:
		c = newHaxmap[string, V]
	}
	f, _ := c.(func(int) Map[K, V])
	return f
}

func (a haxMap[K, V]) Put(k K, v V) { a.m.Set(k, v) }

// Get returns the zero value with false for an absent key, as Map asks:
// haxmap's Get returns a deleted node's old value with false while the
// node is still linked (map.go: Get).
func (a haxMap[K, V]) Get(k K) (V, bool) {
	if v, ok := a.m.Get(k); ok {
		return v, true
	}
	var zero V
	return zero, false
}

// Delete calls Del with one key, the library's path for a single delete
// (map.go: Del, case size == 1).
func (a haxMap[K, V]) Delete(k K) { a.m.Del(k) }

// Len implements Lener: the library's atomic item counter (map.go: Len).
func (a haxMap[K, V]) Len() int { return int(a.m.Len()) }

// Clear implements Clearer. Map.Clear drops the list and replaces the
// index with a new one of the size given to New (map.go: Clear).
func (a haxMap[K, V]) Clear() { a.m.Clear() }

// PutAll, DeleteAll and ReplaceAll implement Batcher: the same calls as
// Put and Delete, in a loop over the slice (not Del's multi-key form, which
// sorts a copy of the keys first: map.go: Del).
func (a haxMap[K, V]) PutAll(keys []K, vals []V) {
	for i, k := range keys {
		a.m.Set(k, vals[i])
	}
}

func (a haxMap[K, V]) DeleteAll(keys []K) {
	for _, k := range keys {
		a.m.Del(k)
	}
}

func (a haxMap[K, V]) ReplaceAll(del, ins []K, vals []V) {
	for i, k := range del {
		a.m.Del(k)
		a.m.Set(ins[i], vals[i])
	}
}
