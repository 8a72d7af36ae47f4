package reference

import (
	"encoding/binary"
	"flag"
	"fmt"
	"math/rand/v2"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"

	cswiss "github.com/cockroachdb/swiss"
	dswiss "github.com/dolthub/swiss"
	"github.com/puzpuzpuz/xsync/v3"
)

var benchN = flag.Int("reference.n", 1<<16, "entries per map in BenchmarkDrainDelete (the n= of its sub-benchmark names)")

// gcOff turns the collector off during the timed deletes (GOGC=-1), to
// tell the map's own work from the collection its deletes trigger: xsync
// allocates a smaller table when it shrinks, and at GOGC=1 that starts GC
// cycles whose marking and sweeping cost grows with everything on the
// heap, this benchmark's own keys, values and delete keys included (about
// three objects with pointers per key for str). mapbench keeps its data
// off the heap (docs/methodology.md rule 23), so its cycles have only the
// map to mark. With -reference.gcoff, xsync str deletes at n = 2^16 took
// 98-103 ns here against 156-180 ns without, and mapbench's 96 ns.
var gcOff = flag.Bool("reference.gcoff", false, "turn the GC off (GOGC=-1) during the timed deletes")

// warm looks up every key once after the forced GC, before the timer
// starts, so the deletes begin with the map (and its keys' bytes) in the
// cache as far as they fit: an experiment on how much of a str delete at
// n = 2^16 is the cache state the forced GC leaves (docs/measuring.md, "Agreement
// with a hand-written benchmark").
var warm = flag.Bool("reference.warm", false, "look up every key once after the forced GC, before the timed deletes")

// strKeys says how str keys are built. "single" (the default): each key is
// one allocation, string(strconv.AppendInt(...)) into a stack buffer.
// "concat": "k:" + strconv.Itoa(i), which also allocates the Itoa
// temporary next to each key, so the keys' bytes end up spread over about
// 1.6 times the memory, and every delete, which compares against the
// stored key's bytes, misses the cache more: native str deletes at
// n = 2^16 took 46.8 ns with concat keys against 40.7 ns with single ones
// (internal/experiments/strlayout, five processes each, medians) on the
// project's machine. Which layout a program has depends on how it builds its keys,
// not on the map; the default is the one with nothing in between the keys.
var strKeys = flag.String("reference.strkeys", "single", "how str keys are built: single (one allocation per key) or concat (\"k:\"+strconv.Itoa(i))")

// seed of every random stream in this package: every run, process and
// implementation gets the same keys, values and delete order.
const seed = 20260101

// data is one shape's keys and values, on the heap as plain slices.
type data[K comparable, V any] struct {
	fill []K // the keys in fill order
	vals []V // vals[i] is the value of fill[i]
	del  []K // the same keys in delete order (a random permutation of fill)
}

// u64Data returns n distinct random uint64 keys with random values, and
// the keys again in a random delete order.
func u64Data(n int) *data[uint64, uint64] {
	r := rand.New(rand.NewPCG(seed, 1))
	d := &data[uint64, uint64]{fill: make([]uint64, n), vals: make([]uint64, n), del: make([]uint64, n)}
	seen := make(map[uint64]struct{}, n)
	for i := range n {
		k := r.Uint64()
		for _, dup := seen[k]; dup; _, dup = seen[k] {
			k = r.Uint64() // a repeat among 2^64 values: draw again, so keys are distinct
		}
		seen[k] = struct{}{}
		d.fill[i] = k
		d.vals[i] = r.Uint64()
	}
	for j, i := range r.Perm(n) {
		d.del[j] = d.fill[i]
	}
	return d
}

// strData returns the keys "k:0".."k:<n-1>" in fill order, each with its
// own random 32-byte value, and the keys in a random delete order built
// afresh in that order (equal strings, separate allocations), so the loop
// reads key bytes in the order it deletes them.
func strData(n int) *data[string, []byte] {
	r := rand.New(rand.NewPCG(seed, 2))
	d := &data[string, []byte]{fill: make([]string, n), vals: make([][]byte, n), del: make([]string, n)}
	for i := range n {
		d.fill[i] = strKey(i)
		v := make([]byte, 32)
		for o := 0; o < len(v); o += 8 {
			binary.LittleEndian.PutUint64(v[o:], r.Uint64())
		}
		d.vals[i] = v
	}
	for j, i := range r.Perm(n) {
		d.del[j] = strKey(i)
	}
	return d
}

// strKey builds key i the way -reference.strkeys says.
func strKey(i int) string {
	if *strKeys == "concat" {
		return "k:" + strconv.Itoa(i)
	}
	var buf [24]byte
	return string(strconv.AppendInt(append(buf[:0], "k:"...), int64(i), 10))
}

// shapeCase is one implementation in one shape.
type shapeCase[K comparable, V any] struct {
	bench func(b *testing.B, d *data[K, V])
	check func(d *data[K, V]) error
}

// newCase ties one implementation's code for one shape together. fill
// makes a new map without a size hint and puts keys[i] → vals[i] in
// order; del deletes keys in order; has and size are for the check only.
// Each is written out per implementation and shape against the library's
// concrete type, so the delete loop is a direct call (or the builtin
// delete) with concrete key and value types; drain calls del once per
// iteration.
func newCase[M any, K comparable, V any](fill func(keys []K, vals []V) M, del func(m M, keys []K),
	has func(m M, k K) bool, size func(m M) int) shapeCase[K, V] {
	return shapeCase[K, V]{
		bench: func(b *testing.B, d *data[K, V]) { drain(b, d, fill, del, has) },
		check: func(d *data[K, V]) error { return verify(d, fill, del, has, size) },
	}
}

// drain is the benchmark loop: per iteration, untimed, a new map filled
// with all keys and a forced GC; timed, every key deleted. It reports
// ns/delete: timed wall time / (b.N·n). GOGC is 1 throughout, as in
// mapbench's cells.
func drain[M any, K comparable, V any](b *testing.B, d *data[K, V], fill func([]K, []V) M, del func(M, []K), has func(M, K) bool) {
	b.StopTimer()
	defer debug.SetGCPercent(debug.SetGCPercent(1))
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		m := fill(d.fill, d.vals)
		runtime.GC()
		if *warm {
			for _, k := range d.fill {
				if !has(m, k) {
					b.Fatalf("key %v missing after the fill", k)
				}
			}
		}
		if *gcOff {
			debug.SetGCPercent(-1)
		}
		b.StartTimer()
		del(m, d.del)
		b.StopTimer()
		debug.SetGCPercent(1)
	}
	b.StopTimer()
	runtime.KeepAlive(d)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(d.del)), "ns/delete")
}

// verify runs fill and del as drain does and checks that they did the
// work: every key is in the map after the fill (so every delete removes a
// present key), and the map is empty after the deletes.
func verify[M any, K comparable, V any](d *data[K, V], fill func([]K, []V) M, del func(M, []K),
	has func(M, K) bool, size func(M) int) error {
	m := fill(d.fill, d.vals)
	if got := size(m); got != len(d.fill) {
		return fmt.Errorf("after the fill: %d entries, want %d", got, len(d.fill))
	}
	for j, k := range d.del {
		if !has(m, k) {
			return fmt.Errorf("delete %d: key %v absent before its delete", j, k)
		}
	}
	del(m, d.del)
	if got := size(m); got != 0 {
		return fmt.Errorf("after deleting all keys: %d entries, want 0", got)
	}
	for i, k := range d.fill {
		if has(m, k) {
			return fmt.Errorf("fill key %d (%v) still present after the deletes", i, k)
		}
	}
	return nil
}

// syncMapLen counts a sync.Map's entries (it has no Len).
func syncMapLen(m *sync.Map) int {
	n := 0
	m.Range(func(any, any) bool { n++; return true })
	return n
}

// impls are mapbench's implementation names, each with the library
// configuration mapbench measures for it with no size hint (see doc.go).
var impls = []struct {
	name string
	u64  shapeCase[uint64, uint64]
	str  shapeCase[string, []byte]
}{
	{
		name: "native",
		u64: newCase(
			func(keys []uint64, vals []uint64) map[uint64]uint64 {
				m := make(map[uint64]uint64)
				for i, k := range keys {
					m[k] = vals[i]
				}
				return m
			},
			func(m map[uint64]uint64, keys []uint64) {
				for _, k := range keys {
					delete(m, k)
				}
			},
			func(m map[uint64]uint64, k uint64) bool { _, ok := m[k]; return ok },
			func(m map[uint64]uint64) int { return len(m) }),
		str: newCase(
			func(keys []string, vals [][]byte) map[string][]byte {
				m := make(map[string][]byte)
				for i, k := range keys {
					m[k] = vals[i]
				}
				return m
			},
			func(m map[string][]byte, keys []string) {
				for _, k := range keys {
					delete(m, k)
				}
			},
			func(m map[string][]byte, k string) bool { _, ok := m[k]; return ok },
			func(m map[string][]byte) int { return len(m) }),
	},
	{
		name: "syncmap",
		u64: newCase(
			func(keys []uint64, vals []uint64) *sync.Map {
				m := new(sync.Map)
				for i, k := range keys {
					m.Store(k, vals[i])
				}
				return m
			},
			func(m *sync.Map, keys []uint64) {
				for _, k := range keys {
					m.Delete(k)
				}
			},
			func(m *sync.Map, k uint64) bool { _, ok := m.Load(k); return ok },
			syncMapLen),
		str: newCase(
			func(keys []string, vals [][]byte) *sync.Map {
				m := new(sync.Map)
				for i, k := range keys {
					m.Store(k, vals[i])
				}
				return m
			},
			func(m *sync.Map, keys []string) {
				for _, k := range keys {
					m.Delete(k)
				}
			},
			func(m *sync.Map, k string) bool { _, ok := m.Load(k); return ok },
			syncMapLen),
	},
	{name: "xsync", u64: xsyncU64(), str: xsyncStr()},
	{name: "xsync-growonly", u64: xsyncU64(xsync.WithGrowOnly()), str: xsyncStr(xsync.WithGrowOnly())},
	{
		// NewMap(0): the size a user passes for "no presizing"; it is also
		// the library call mapbench makes for hint 0.
		name: "dolthub",
		u64: newCase(
			func(keys []uint64, vals []uint64) *dswiss.Map[uint64, uint64] {
				m := dswiss.NewMap[uint64, uint64](0)
				for i, k := range keys {
					m.Put(k, vals[i])
				}
				return m
			},
			func(m *dswiss.Map[uint64, uint64], keys []uint64) {
				for _, k := range keys {
					m.Delete(k)
				}
			},
			func(m *dswiss.Map[uint64, uint64], k uint64) bool { return m.Has(k) },
			func(m *dswiss.Map[uint64, uint64]) int { return m.Count() }),
		str: newCase(
			func(keys []string, vals [][]byte) *dswiss.Map[string, []byte] {
				m := dswiss.NewMap[string, []byte](0)
				for i, k := range keys {
					m.Put(k, vals[i])
				}
				return m
			},
			func(m *dswiss.Map[string, []byte], keys []string) {
				for _, k := range keys {
					m.Delete(k)
				}
			},
			func(m *dswiss.Map[string, []byte], k string) bool { return m.Has(k) },
			func(m *dswiss.Map[string, []byte]) int { return m.Count() }),
	},
	{
		name: "cockroach",
		u64: newCase(
			func(keys []uint64, vals []uint64) *cswiss.Map[uint64, uint64] {
				m := cswiss.New[uint64, uint64](0)
				for i, k := range keys {
					m.Put(k, vals[i])
				}
				return m
			},
			func(m *cswiss.Map[uint64, uint64], keys []uint64) {
				for _, k := range keys {
					m.Delete(k)
				}
			},
			func(m *cswiss.Map[uint64, uint64], k uint64) bool { _, ok := m.Get(k); return ok },
			func(m *cswiss.Map[uint64, uint64]) int { return m.Len() }),
		str: newCase(
			func(keys []string, vals [][]byte) *cswiss.Map[string, []byte] {
				m := cswiss.New[string, []byte](0)
				for i, k := range keys {
					m.Put(k, vals[i])
				}
				return m
			},
			func(m *cswiss.Map[string, []byte], keys []string) {
				for _, k := range keys {
					m.Delete(k)
				}
			},
			func(m *cswiss.Map[string, []byte], k string) bool { _, ok := m.Get(k); return ok },
			func(m *cswiss.Map[string, []byte]) int { return m.Len() }),
	},
}

// xsyncU64 and xsyncStr are xsync's cases, with the options mapbench's
// "xsync" (none) or "xsync-growonly" (WithGrowOnly) passes. They are
// written out per shape, like every case, so the calls have concrete types
// (generic code may box a key into an interface or pick a map path by
// dictionary rather than by type).
func xsyncU64(opts ...func(*xsync.MapConfig)) shapeCase[uint64, uint64] {
	return newCase(
		func(keys []uint64, vals []uint64) *xsync.MapOf[uint64, uint64] {
			m := xsync.NewMapOf[uint64, uint64](opts...)
			for i, k := range keys {
				m.Store(k, vals[i])
			}
			return m
		},
		func(m *xsync.MapOf[uint64, uint64], keys []uint64) {
			for _, k := range keys {
				m.Delete(k)
			}
		},
		func(m *xsync.MapOf[uint64, uint64], k uint64) bool { _, ok := m.Load(k); return ok },
		func(m *xsync.MapOf[uint64, uint64]) int { return m.Size() })
}

func xsyncStr(opts ...func(*xsync.MapConfig)) shapeCase[string, []byte] {
	return newCase(
		func(keys []string, vals [][]byte) *xsync.MapOf[string, []byte] {
			m := xsync.NewMapOf[string, []byte](opts...)
			for i, k := range keys {
				m.Store(k, vals[i])
			}
			return m
		},
		func(m *xsync.MapOf[string, []byte], keys []string) {
			for _, k := range keys {
				m.Delete(k)
			}
		},
		func(m *xsync.MapOf[string, []byte], k string) bool { _, ok := m.Load(k); return ok },
		func(m *xsync.MapOf[string, []byte]) int { return m.Size() })
}

// BenchmarkDrainDelete times deleting all n keys of a full map in random
// order, per implementation and shape: sub-benchmarks
// impl=<name>/shape=<u64|str>/n=<n>, n from -reference.n. The data of a
// shape is generated once per process, untimed. Run one sub-benchmark per
// process with -test.cpu=1 for figures comparable with mapbench's cells
// (maps measured earlier in a process change the heap later ones get);
// `make agree` does.
func BenchmarkDrainDelete(b *testing.B) {
	n := *benchN
	if n <= 0 {
		b.Fatalf("-reference.n must be > 0, got %d", n)
	}
	var (
		u64 *data[uint64, uint64]
		str *data[string, []byte]
	)
	for _, im := range impls {
		b.Run(fmt.Sprintf("impl=%s/shape=u64/n=%d", im.name, n), func(b *testing.B) {
			b.StopTimer()
			if u64 == nil {
				u64 = u64Data(n)
			}
			im.u64.bench(b, u64)
		})
		b.Run(fmt.Sprintf("impl=%s/shape=str/n=%d", im.name, n), func(b *testing.B) {
			b.StopTimer()
			if str == nil {
				str = strData(n)
			}
			im.str.bench(b, str)
		})
	}
}

// TestReferenceMapsAgree checks that each implementation's fill and delete
// code, as the benchmark runs it, does the work it claims: every key is
// present before its delete and the map is empty afterwards.
func TestReferenceMapsAgree(t *testing.T) {
	const n = 5000
	u64, str := u64Data(n), strData(n)
	want := []string{"native", "syncmap", "xsync", "xsync-growonly", "dolthub", "cockroach"}
	if len(impls) != len(want) {
		t.Fatalf("%d implementations, want %d (%v)", len(impls), len(want), want)
	}
	for i, im := range impls {
		if im.name != want[i] {
			t.Errorf("implementation %d is %q, want %q (mapbench's names, in its order)", i, im.name, want[i])
		}
		if err := im.u64.check(u64); err != nil {
			t.Errorf("impl=%s/shape=u64: %v", im.name, err)
		}
		if err := im.str.check(str); err != nil {
			t.Errorf("impl=%s/shape=str: %v", im.name, err)
		}
	}
}

// TestVerifyCatchesBrokenCode checks that the check fails on fill or
// delete code that does less than it claims.
func TestVerifyCatchesBrokenCode(t *testing.T) {
	d := u64Data(100)
	fill := func(keys []uint64, vals []uint64) map[uint64]uint64 {
		m := make(map[uint64]uint64)
		for i, k := range keys {
			m[k] = vals[i]
		}
		return m
	}
	del := func(m map[uint64]uint64, keys []uint64) {
		for _, k := range keys {
			delete(m, k)
		}
	}
	has := func(m map[uint64]uint64, k uint64) bool { _, ok := m[k]; return ok }
	size := func(m map[uint64]uint64) int { return len(m) }
	if err := newCase(fill, del, has, size).check(d); err != nil {
		t.Fatalf("correct code rejected: %v", err)
	}
	shortFill := func(keys []uint64, vals []uint64) map[uint64]uint64 { return fill(keys[1:], vals[1:]) }
	if err := newCase(shortFill, del, has, size).check(d); err == nil {
		t.Error("a fill that skips a key passed the check")
	}
	shortDel := func(m map[uint64]uint64, keys []uint64) { del(m, keys[:len(keys)-1]) }
	if err := newCase(fill, shortDel, has, size).check(d); err == nil {
		t.Error("a delete loop that skips a key passed the check")
	}
	// A size that reports 0 once anything was deleted: the check must still
	// find the key left behind.
	liar := func(m map[uint64]uint64) int {
		if len(m) == len(d.fill) {
			return len(m)
		}
		return 0
	}
	if err := newCase(fill, shortDel, has, liar).check(d); err == nil || !strings.Contains(err.Error(), "still present") {
		t.Errorf("a delete loop that skips a key, with a size that says 0 afterwards: got %v, want a key still present", err)
	}
}

// TestData checks the generated data: distinct keys, the delete order a
// permutation of the fill order (and not the fill order itself), str keys
// and values as documented, and the same data on every call.
func TestData(t *testing.T) {
	const n = 5000
	u := u64Data(n)
	if err := checkPerm(u); err != nil {
		t.Errorf("u64: %v", err)
	}
	s := strData(n)
	if err := checkPerm(s); err != nil {
		t.Errorf("str: %v", err)
	}
	for i, k := range s.fill {
		if want := "k:" + strconv.Itoa(i); k != want {
			t.Fatalf("str fill key %d is %q, want %q", i, k, want)
		}
	}
	payloads := map[*byte]bool{}
	for i, v := range s.vals {
		if len(v) != 32 {
			t.Fatalf("str value %d has %d bytes, want 32", i, len(v))
		}
		payloads[&v[0]] = true
	}
	if len(payloads) != n {
		t.Errorf("str values share payloads: %d distinct of %d", len(payloads), n)
	}
	u2, s2 := u64Data(n), strData(n)
	for i := range n {
		if u.fill[i] != u2.fill[i] || u.vals[i] != u2.vals[i] || u.del[i] != u2.del[i] || s.del[i] != s2.del[i] {
			t.Fatalf("data differs between two calls at %d: not deterministic", i)
		}
	}
}

// checkPerm reports whether d's fill keys are distinct, as many as values,
// and d.del is a permutation of them other than the identity.
func checkPerm[K comparable, V any](d *data[K, V]) error {
	if len(d.vals) != len(d.fill) || len(d.del) != len(d.fill) {
		return fmt.Errorf("%d fill keys, %d values, %d delete keys", len(d.fill), len(d.vals), len(d.del))
	}
	count := make(map[K]int, len(d.fill))
	for _, k := range d.fill {
		count[k]++
	}
	if len(count) != len(d.fill) {
		return fmt.Errorf("%d distinct fill keys of %d", len(count), len(d.fill))
	}
	same := true
	for j, k := range d.del {
		if count[k] != 1 {
			return fmt.Errorf("delete key %d (%v) is not a fill key or is repeated", j, k)
		}
		count[k]--
		same = same && k == d.fill[j]
	}
	if same {
		return fmt.Errorf("the delete order is the fill order")
	}
	return nil
}
