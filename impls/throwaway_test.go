package impls

import (
	"fmt"
	"testing"
)

// denseMap is a throwaway implementation that proves what adding a map
// takes: this adapter and one Register call for its generic constructor
// (a built-in map takes one entry in builtins instead). It keeps its
// entries in a dense slice and an index from key to position; Delete
// moves the last entry into the hole.
type denseMap[K comparable, V any] struct {
	pos  map[K]int
	keys []K
	vals []V
}

func newDense[K comparable, V any](hint int) Map[K, V] {
	return &denseMap[K, V]{pos: make(map[K]int, hint), keys: make([]K, 0, hint), vals: make([]V, 0, hint)}
}

func (m *denseMap[K, V]) Put(k K, v V) {
	if i, ok := m.pos[k]; ok {
		m.vals[i] = v
		return
	}
	m.pos[k] = len(m.keys)
	m.keys = append(m.keys, k)
	m.vals = append(m.vals, v)
}

func (m *denseMap[K, V]) Get(k K) (V, bool) {
	if i, ok := m.pos[k]; ok {
		return m.vals[i], true
	}
	var zero V
	return zero, false
}

func (m *denseMap[K, V]) Delete(k K) {
	i, ok := m.pos[k]
	if !ok {
		return
	}
	last := len(m.keys) - 1
	m.keys[i], m.vals[i] = m.keys[last], m.vals[last]
	m.pos[m.keys[i]] = i
	delete(m.pos, k)
	var zk K
	var zv V
	m.keys[last], m.vals[last] = zk, zv // no reference kept to a deleted value
	m.keys, m.vals = m.keys[:last], m.vals[:last]
}

func (m *denseMap[K, V]) Len() int { return len(m.keys) }

func (m *denseMap[K, V]) Clear() {
	clear(m.pos)
	clear(m.keys)
	clear(m.vals)
	m.keys, m.vals = m.keys[:0], m.vals[:0]
}

func (m *denseMap[K, V]) PutAll(keys []K, vals []V) {
	for i, k := range keys {
		m.Put(k, vals[i])
	}
}

func (m *denseMap[K, V]) DeleteAll(keys []K) {
	for _, k := range keys {
		m.Delete(k)
	}
}

func (m *denseMap[K, V]) ReplaceAll(del, ins []K, vals []V) {
	for i, k := range del {
		m.Delete(k)
		m.Put(ins[i], vals[i])
	}
}

// registerDense is the one Register call: the generic constructor,
// instantiated for whichever shape asks (shapeTest.registerDense).
func registerDense[K comparable, V any](im Impl) error { return Register(im, newDense[K, V]) }

// TestThrowawayMap registers denseMap for every shape and runs it through
// the checks every built-in adapter gets: the oracle run at both hints,
// Batcher against one op at a time, and the fuzz target's seed inputs.
func TestThrowawayMap(t *testing.T) {
	withExtra(t)
	im := Impl{Name: "test-dense", Doc: "a dense slice of entries and an index (impls/throwaway_test.go)"}
	for _, st := range shapeTests {
		if err := st.registerDense(im); err != nil {
			t.Fatalf("shape %s: %v", st.name, err)
		}
	}
	if got, ok := Lookup(im.Name); !ok || got != im {
		t.Fatalf("Lookup(%q) = %+v, %v", im.Name, got, ok)
	}
	for _, st := range shapeTests {
		for _, hint := range []int{0, oracleHint} {
			t.Run(fmt.Sprintf("shape=%s/hint=%d", st.name, hint), func(t *testing.T) { st.oracle(t, im, hint, 7) })
		}
		t.Run("shape="+st.name+"/batch", func(t *testing.T) { st.batch(t, im) })
		t.Run("shape="+st.name+"/fuzz-seeds", func(t *testing.T) {
			for _, data := range [][]byte{{0, 0, 1, 4, 1, 3, 1, 0, 1}, {1, 0, 0, 0, 1, 7, 0, 3, 0, 0, 4}} {
				st.fuzz(t, im, data)
			}
		})
	}
}
