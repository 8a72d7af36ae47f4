package impls

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// newMap returns a map of K to V made by the implementation called name,
// and fails the test if it makes none.
func newMap[K comparable, V any](t testing.TB, name string, hint int) Map[K, V] {
	t.Helper()
	c, err := Constructor[K, V](name)
	if err != nil {
		t.Fatal(err)
	}
	m := c(hint)
	if m == nil {
		t.Fatalf("%s made a nil map", name)
	}
	return m
}

// shape describes one key/value shape for the generic tests.
type shape[K comparable, V any] struct {
	name string
	key  func(id uint64) K       // distinct ids give distinct keys
	val  func(r *rand.Rand) V    // a fresh random value
	valN func(n uint64) V        // a fresh value derived from n
	eq   func(a, b V) bool       // value equality
	show func(v V) string        // for failure messages
	zero func(v V, ok bool) bool // Get's result for an absent key is (zero, false)
}

var u64Shape = shape[uint64, uint64]{
	name: "u64",
	key:  func(id uint64) uint64 { return id },
	val:  func(r *rand.Rand) uint64 { return r.Uint64() },
	valN: func(n uint64) uint64 { return n },
	eq:   func(a, b uint64) bool { return a == b },
	show: func(v uint64) string { return strconv.FormatUint(v, 10) },
	zero: func(v uint64, ok bool) bool { return v == 0 && !ok },
}

var strShape = shape[string, []byte]{
	name: "str",
	key:  func(id uint64) string { return "k:" + strconv.FormatUint(id, 10) },
	val: func(r *rand.Rand) []byte {
		b := make([]byte, 32)
		for i := 0; i < len(b); i += 8 {
			binary.LittleEndian.PutUint64(b[i:], r.Uint64())
		}
		return b
	},
	valN: func(n uint64) []byte {
		b := make([]byte, 32)
		binary.LittleEndian.PutUint64(b, n)
		return b
	},
	eq:   bytes.Equal,
	show: func(v []byte) string { return strconv.Quote(string(v)) },
	zero: func(v []byte, ok bool) bool { return v == nil && !ok },
}

var structShape = shape[StructKey, uint64]{
	name: "struct",
	// Keys that share A, or share B, with other keys: field-wise equality
	// is tested, not just the first word.
	key:  func(id uint64) StructKey { return StructKey{A: id / 3, B: uint32(id % 3)} },
	val:  func(r *rand.Rand) uint64 { return r.Uint64() },
	valN: func(n uint64) uint64 { return n },
	eq:   func(a, b uint64) bool { return a == b },
	show: func(v uint64) string { return strconv.FormatUint(v, 10) },
	zero: func(v uint64, ok bool) bool { return v == 0 && !ok },
}

// arrayShape is a shape with uint64 keys and [N]byte values (v120, v136);
// bytes gives the array's bytes.
func arrayShape[A comparable](name string, bytes func(*A) []byte) shape[uint64, A] {
	return shape[uint64, A]{
		name: name,
		key:  func(id uint64) uint64 { return id },
		val: func(r *rand.Rand) A {
			var a A
			b := bytes(&a)
			for i := 0; i+8 <= len(b); i += 8 {
				binary.LittleEndian.PutUint64(b[i:], r.Uint64())
			}
			return a
		},
		valN: func(n uint64) A {
			var a A
			b := bytes(&a)
			binary.LittleEndian.PutUint64(b, n)
			b[len(b)-1] = byte(n) // the last byte too: a copy that drops the tail shows
			return a
		},
		eq:   func(a, b A) bool { return a == b },
		show: func(v A) string { return fmt.Sprintf("%x…", bytes(&v)[:16]) },
		zero: func(v A, ok bool) bool { var z A; return v == z && !ok },
	}
}

var (
	v120Shape = arrayShape("v120", func(a *[120]byte) []byte { return a[:] })
	v136Shape = arrayShape("v136", func(a *[136]byte) []byte { return a[:] })
)

// ptrShape: uint64 keys, values that point to a heap Payload. Equality is
// by ID (valN makes a fresh Payload each time it is called).
var ptrShape = shape[uint64, *Payload]{
	name: "ptr",
	key:  func(id uint64) uint64 { return id },
	val:  func(r *rand.Rand) *Payload { return &Payload{ID: r.Uint64()} },
	valN: func(n uint64) *Payload { return &Payload{ID: n} },
	eq:   func(a, b *Payload) bool { return a == b || (a != nil && b != nil && a.ID == b.ID) },
	show: func(v *Payload) string {
		if v == nil {
			return "nil"
		}
		return fmt.Sprintf("%p{ID:%d}", v, v.ID)
	},
	zero: func(v *Payload, ok bool) bool { return v == nil && !ok },
}

// shapeTest is one shape's generic tests, instantiated for its key and
// value types (a generic function cannot be listed uninstantiated).
type shapeTest struct {
	name   string
	oracle func(t *testing.T, im Impl, hint int, seed uint64)
	batch  func(t *testing.T, im Impl)
	fuzz   func(t testing.TB, im Impl, data []byte)
	// registerDense registers the throwaway denseMap for this shape
	// (throwaway_test.go).
	registerDense func(im Impl) error
}

func testsOf[K comparable, V any](sp shape[K, V]) shapeTest {
	return shapeTest{
		name: sp.name,
		oracle: func(t *testing.T, im Impl, hint int, seed uint64) {
			if skipUnsupported(t, im, sp) {
				t.Skipf("%s cannot hold shape %s", im.Name, sp.name)
			}
			runOracle(t, im, sp, hint, seed)
		},
		batch: func(t *testing.T, im Impl) {
			if skipUnsupported(t, im, sp) {
				t.Skipf("%s cannot hold shape %s", im.Name, sp.name)
			}
			batchOracle(t, im, sp)
		},
		fuzz: func(t testing.TB, im Impl, data []byte) {
			if !skipUnsupported(t, im, sp) {
				fuzzOne(t, im, sp, data)
			}
		},

		registerDense: registerDense[K, V],
	}
}

// unsupported lists, per implementation, the test shapes its library
// cannot hold: haxmap's keys must be integers, floats or strings
// (haxmap.go: haxKey). Every other pair must be supported.
var unsupported = map[string][]string{"haxmap": {"struct"}}

// skipUnsupported reports whether im cannot make maps of sp, after
// failing t if Supports disagrees with unsupported. The callers return
// then: a fuzz input goes on to the other implementations.
func skipUnsupported[K comparable, V any](t testing.TB, im Impl, sp shape[K, V]) bool {
	t.Helper()
	want := !slices.Contains(unsupported[im.Name], sp.name)
	if got := Supports[K, V](im.Name); got != want {
		t.Fatalf("%s: Supports for shape %s = %v, want %v (unsupported table)", im.Name, sp.name, got, want)
	}
	return !want
}

// shapeTests are the tests of every shape, in the catalogue's order.
var shapeTests = []shapeTest{testsOf(u64Shape), testsOf(strShape), testsOf(structShape), testsOf(v120Shape),
	testsOf(v136Shape), testsOf(ptrShape)}

// keySet is a set of keys with O(1) add, remove and uniform random pick.
type keySet[K comparable] struct {
	keys []K
	pos  map[K]int
}

func newKeySet[K comparable]() *keySet[K] { return &keySet[K]{pos: map[K]int{}} }

func (s *keySet[K]) len() int { return len(s.keys) }

func (s *keySet[K]) has(k K) bool { _, ok := s.pos[k]; return ok }

func (s *keySet[K]) add(k K) {
	if s.has(k) {
		return
	}
	s.pos[k] = len(s.keys)
	s.keys = append(s.keys, k)
}

func (s *keySet[K]) remove(k K) {
	i, ok := s.pos[k]
	if !ok {
		return
	}
	last := s.keys[len(s.keys)-1]
	s.keys[i] = last
	s.pos[last] = i
	s.keys = s.keys[:len(s.keys)-1]
	delete(s.pos, k)
}

func (s *keySet[K]) pick(r *rand.Rand) K { return s.keys[r.IntN(len(s.keys))] }

// getMismatch returns "" when m.Get(k) agrees with the oracle, else a
// description of the difference.
func getMismatch[K comparable, V any](sp shape[K, V], m Map[K, V], oracle map[K]V, k K) string {
	got, ok := m.Get(k)
	want, wantOK := oracle[k]
	switch {
	case ok != wantOK:
		return fmt.Sprintf("Get(%v) present=%v, oracle present=%v", k, ok, wantOK)
	case !ok && !sp.zero(got, ok):
		return fmt.Sprintf("Get(%v) of an absent key returned non-zero value %s", k, sp.show(got))
	case ok && !sp.eq(got, want):
		return fmt.Sprintf("Get(%v) = %s, oracle has %s", k, sp.show(got), sp.show(want))
	}
	return ""
}

// lenMismatch returns "" when m is not a Lener or its Len is want.
func lenMismatch[K comparable, V any](m Map[K, V], want int) string {
	if l, ok := m.(Lener); ok {
		if got := l.Len(); got != want {
			return fmt.Sprintf("Len() = %d, oracle has %d entries", got, want)
		}
	}
	return ""
}
