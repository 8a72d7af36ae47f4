package impls

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// The oracle test follows cockroachdb/swiss's TestRandom: random operations
// are applied both to the adapter and to a built-in map (the oracle), and
// the two must agree after every operation.

const (
	oracleOps        = 20000 // random operations per run (two phases)
	oracleCheckEvery = 1000  // full comparison interval
	oracleHint       = 5000  // presize hint for the "presized" runs
)

type opKind int

const (
	opPutNew opKind = iota
	opPutExisting
	opGetPresent
	opGetAbsent
	opDeletePresent
	opDeleteAbsent
	numOpKinds
)

var opNames = [numOpKinds]string{"put-new", "put-existing", "get-present", "get-absent", "delete-present", "delete-absent"}

// oracleRun holds one adapter, its oracle and the key bookkeeping.
type oracleRun[K comparable, V any] struct {
	t      *testing.T
	sp     shape[K, V]
	m      Map[K, V]
	r      *rand.Rand
	oracle map[K]V
	live   *keySet[K] // keys in the oracle
	dead   *keySet[K] // keys once inserted, now deleted
	nextID uint64     // next never-used key id
	n      int        // operations applied so far
}

// absentIDBase is far above any id the test allocates, so keys built from
// it are never inserted.
const absentIDBase = 1 << 40

func (o *oracleRun[K, V]) absentKey() K {
	if o.dead.len() > 0 && o.r.IntN(2) == 0 {
		return o.dead.pick(o.r) // a deleted key: probes may cross its tombstone
	}
	return o.sp.key(absentIDBase + o.r.Uint64N(1<<20))
}

func (o *oracleRun[K, V]) put(k K) {
	v := o.sp.val(o.r)
	o.m.Put(k, v)
	o.oracle[k] = v
	o.live.add(k)
	o.dead.remove(k)
}

func (o *oracleRun[K, V]) del(k K) {
	o.m.Delete(k)
	if _, ok := o.oracle[k]; ok {
		delete(o.oracle, k)
		o.live.remove(k)
		o.dead.add(k)
	}
}

// step applies one operation of kind op and checks Get on its key.
func (o *oracleRun[K, V]) step(phase string, op opKind) {
	o.t.Helper()
	if o.live.len() == 0 && (op == opPutExisting || op == opGetPresent || op == opDeletePresent) {
		op = opPutNew
	}
	var k K
	switch op {
	case opPutNew:
		if o.dead.len() > 0 && o.r.IntN(3) == 0 {
			k = o.dead.pick(o.r) // reinsert a deleted key
		} else {
			k = o.sp.key(o.nextID)
			o.nextID++
		}
		o.put(k)
	case opPutExisting:
		k = o.live.pick(o.r)
		o.put(k)
	case opGetPresent:
		k = o.live.pick(o.r)
	case opGetAbsent:
		k = o.absentKey()
	case opDeletePresent:
		k = o.live.pick(o.r)
		o.del(k)
	case opDeleteAbsent:
		k = o.absentKey()
		o.del(k)
	}
	o.n++
	if msg := getMismatch(o.sp, o.m, o.oracle, k); msg != "" {
		o.t.Fatalf("%s op %d (%s): %s", phase, o.n, opNames[op], msg)
	}
}

// fullCheck compares every key ever used and Len.
func (o *oracleRun[K, V]) fullCheck(where string) {
	o.t.Helper()
	for _, keys := range [][]K{o.live.keys, o.dead.keys} {
		for _, k := range keys {
			if msg := getMismatch(o.sp, o.m, o.oracle, k); msg != "" {
				o.t.Fatalf("%s after op %d: %s", where, o.n, msg)
			}
		}
	}
	if msg := lenMismatch(o.m, len(o.oracle)); msg != "" {
		o.t.Fatalf("%s after op %d: %s", where, o.n, msg)
	}
}

// randomPhase runs ops random operations drawn with the given weights.
func (o *oracleRun[K, V]) randomPhase(name string, ops int, weights [numOpKinds]int) {
	o.t.Helper()
	total := 0
	for _, w := range weights {
		total += w
	}
	for i := range ops {
		x := o.r.IntN(total)
		op := opKind(0)
		for x >= weights[op] {
			x -= weights[op]
			op++
		}
		o.step(name, op)
		if (i+1)%oracleCheckEvery == 0 {
			o.fullCheck(name)
		}
	}
	o.fullCheck(name)
}

func runOracle[K comparable, V any](t *testing.T, im Impl, sp shape[K, V], hint int, seed uint64) {
	o := &oracleRun[K, V]{
		t:      t,
		sp:     sp,
		m:      newMap[K, V](t, im.Name, hint),
		r:      rand.New(rand.NewPCG(seed, uint64(hint))),
		oracle: map[K]V{},
		live:   newKeySet[K](),
		dead:   newKeySet[K](),
	}
	o.fullCheck("new map")

	// Grow: net +45% of ops, so the map passes several resizes (and, for
	// cockroach, a bucket split above 3584 entries).
	o.randomPhase("grow", oracleOps/2, [numOpKinds]int{55, 10, 10, 5, 10, 10})
	if o.live.len() < 4000 {
		t.Fatalf("grow phase left only %d live keys; test no longer exercises large maps", o.live.len())
	}
	// Churn: inserts balance deletes, leaving deleted slots behind.
	o.randomPhase("churn", oracleOps/2, [numOpKinds]int{25, 10, 10, 10, 25, 20})

	// Drain: delete every key in random order, then refill with as many
	// keys, mixing reinserted and new ones (tombstone and reuse paths).
	n := o.live.len()
	for o.live.len() > 0 {
		o.step("drain", opDeletePresent)
		if o.n%oracleCheckEvery == 0 {
			o.fullCheck("drain")
		}
	}
	o.fullCheck("drain")
	for range n {
		o.step("refill", opPutNew)
	}
	o.fullCheck("refill")

	// Clear empties the map and leaves it usable.
	c, ok := o.m.(Clearer)
	if !ok {
		return
	}
	c.Clear()
	for _, k := range o.live.keys {
		o.dead.add(k)
	}
	o.live = newKeySet[K]()
	clear(o.oracle)
	o.fullCheck("after Clear")
	o.randomPhase("after Clear", 2000, [numOpKinds]int{40, 10, 10, 10, 20, 10})
}

func TestOracle(t *testing.T) {
	for i, im := range All() {
		for _, hint := range []int{0, oracleHint} {
			seed := uint64(1000 + i)
			for _, st := range shapeTests {
				t.Run(fmt.Sprintf("impl=%s/shape=%s/hint=%d", im.Name, st.name, hint), func(t *testing.T) {
					t.Parallel()
					st.oracle(t, im, hint, seed)
				})
			}
		}
	}
}

// caps is the capability set an adapter is expected to have.
type caps struct{ lener, clearer, structure bool }

var wantCaps = map[string]caps{
	"native":         {lener: true, clearer: true, structure: false},
	"syncmap":        {lener: false, clearer: true, structure: false}, // no counter on the measured path
	"xsync":          {lener: true, clearer: true, structure: true},
	"xsync-growonly": {lener: true, clearer: true, structure: true},
	"dolthub":        {lener: true, clearer: true, structure: true},
	"cockroach":      {lener: true, clearer: true, structure: false}, // capacity is unexported
	"xsync4":         {lener: true, clearer: true, structure: true},
	"native-mutex":   {lener: true, clearer: true, structure: false},
	"native-rwmutex": {lener: true, clearer: true, structure: false},
	"haxmap":         {lener: true, clearer: true, structure: false}, // index length unexported (Fillrate is a percentage)
	"concurrent-map": {lener: true, clearer: true, structure: false}, // shards are built-in maps
	"native-rebuild": {lener: true, clearer: true, structure: false},
}

func capsOf(m any) caps {
	_, l := m.(Lener)
	_, c := m.(Clearer)
	_, s := m.(Structure)
	return caps{l, c, s}
}

func TestCapabilities(t *testing.T) {
	if len(wantCaps) != len(builtinImpls) {
		t.Errorf("capability table has %d rows, registry %d impls", len(wantCaps), len(builtinImpls))
	}
	for _, im := range All() {
		want, ok := wantCaps[im.Name]
		for _, hint := range []int{0, 100} {
			t.Run(fmt.Sprintf("impl=%s/hint=%d", im.Name, hint), func(t *testing.T) {
				if !ok {
					t.Fatalf("no row in the capability table")
				}
				if got := capsOf(newMap[uint64, uint64](t, im.Name, hint)); got != want {
					t.Errorf("u64: capabilities %+v, want %+v", got, want)
				}
				if got := capsOf(newMap[string, []byte](t, im.Name, hint)); got != want {
					t.Errorf("str: capabilities %+v, want %+v", got, want)
				}
			})
		}
	}
}

// TestStructurePresize: a presized map reports figures that cover the hint,
// and at least one figure is exposed.
func TestStructurePresize(t *testing.T) {
	const hint = 3000
	for _, im := range All() {
		t.Run("impl="+im.Name, func(t *testing.T) {
			s, ok := newMap[uint64, uint64](t, im.Name, hint).(Structure)
			if !ok {
				t.Skip("not a Structure (TestCapabilities checks which impls are)")
			}
			st := s.Structure()
			if st.Capacity == -1 && st.Headroom == -1 {
				t.Errorf("Structure exposes no figure: %+v", st)
			}
			if st.Capacity != -1 && st.Capacity < hint {
				t.Errorf("presized to %d, Capacity = %d", hint, st.Capacity)
			}
			if st.Headroom != -1 && st.Headroom < hint {
				t.Errorf("presized to %d, Headroom = %d", hint, st.Headroom)
			}
		})
	}
}

// TestDolthubHeadroom pins what dolthub's Capacity() means: it drops by one
// per new key (when no resize happens), not on an overwrite, and comes back
// on a Delete that empties the slot (the group was not full).
func TestDolthubHeadroom(t *testing.T) {
	m := newMap[uint64, uint64](t, "dolthub", 0)
	s := mustStructure(t, m)
	h0 := s.Structure().Headroom
	if h0 < 2 {
		t.Fatalf("NewMap(0) Headroom = %d, want at least 2", h0)
	}
	m.Put(1, 1)
	if h := s.Structure().Headroom; h != h0-1 {
		t.Fatalf("after one Put, Headroom = %d, want %d", h, h0-1)
	}
	m.Put(1, 2) // overwrite: no new slot
	if h := s.Structure().Headroom; h != h0-1 {
		t.Fatalf("after an overwrite, Headroom = %d, want %d", h, h0-1)
	}
	m.Delete(1) // the group has empty slots, so the slot is emptied
	if h := s.Structure().Headroom; h != h0 {
		t.Fatalf("after Delete, Headroom = %d, want %d", h, h0)
	}
}

// TestXsyncGrowOnly checks that the constructor parameter reaches the
// library: after a drain, "xsync" and "xsync4" (default options) have shrunk
// and "xsync-growonly" has not.
func TestXsyncGrowOnly(t *testing.T) {
	const n = 20000
	capAfterDrain := func(name string) (full, drained int) {
		t.Helper()
		m := newMap[uint64, uint64](t, name, 0)
		s := mustStructure(t, m)
		for i := range uint64(n) {
			m.Put(i, i)
		}
		full = s.Structure().Capacity
		for i := range uint64(n) {
			m.Delete(i)
		}
		return full, s.Structure().Capacity
	}
	for _, name := range []string{"xsync", "xsync4"} {
		if full, drained := capAfterDrain(name); drained >= full {
			t.Errorf("%s: capacity %d full, %d drained; want it to shrink", name, full, drained)
		}
	}
	full, drained := capAfterDrain("xsync-growonly")
	if drained < full {
		t.Errorf("xsync-growonly: capacity %d full, %d drained; want no shrink", full, drained)
	}
}

// TestClearFresh clears a map that has never held an entry, then uses it.
// cockroachdb/swiss's own Map.Clear corrupts memory in exactly this case
// (see cockroach.go); the adapter must not pass the call on. Without that
// guard the 8th Put below spins forever, hence the deadline.
func TestClearFresh(t *testing.T) {
	for _, im := range All() {
		for _, hint := range []int{0, 100} {
			t.Run(fmt.Sprintf("impl=%s/hint=%d", im.Name, hint), func(t *testing.T) { clearFresh(t, im, hint) })
		}
	}
}

func clearFresh(t *testing.T, im Impl, hint int) {
	m := newMap[uint64, uint64](t, im.Name, hint)
	c, ok := m.(Clearer)
	if !ok {
		t.Skip("not a Clearer (TestCapabilities checks which impls are)")
	}
	done := make(chan string, 1)
	go func() {
		c.Clear()
		c.Clear()
		oracle := map[uint64]uint64{}
		for i := range uint64(100) {
			m.Put(i, i+1)
			oracle[i] = i + 1
		}
		for i := range uint64(200) {
			if msg := getMismatch(u64Shape, m, oracle, i); msg != "" {
				done <- msg
				return
			}
		}
		done <- lenMismatch(m, len(oracle))
	}()
	select {
	case msg := <-done:
		if msg != "" {
			t.Errorf("Clear on a fresh map, then Put: %s", msg)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("Clear on a fresh map, then Put: no progress in 10s")
	}
}

// mustLookup returns the registered impl called name, and fails the test if
// there is none.
func mustLookup(t testing.TB, name string) Impl {
	t.Helper()
	im, ok := Lookup(name)
	if !ok {
		t.Fatalf("impl %q is not registered", name)
	}
	return im
}

// mustStructure returns m as a Structure, and fails the test if it is not
// one.
func mustStructure[K comparable, V any](t testing.TB, m Map[K, V]) Structure {
	t.Helper()
	s, ok := m.(Structure)
	if !ok {
		t.Fatalf("%T does not implement Structure", m)
	}
	return s
}

// native-rebuild copies itself into a fresh map once a Delete leaves fewer
// than a quarter of its high-water length, counts the copies, and keeps
// every entry through them.
func TestNativeRebuild(t *testing.T) {
	m := newNativeRebuild[uint64, uint64](0).(*nativeRebuildMap[uint64, uint64])
	for i := range uint64(1000) {
		m.Put(i, i+1)
	}
	for i := range uint64(750) {
		m.Delete(i)
	}
	if c, _ := m.Rebuilds(); c != 0 {
		t.Fatalf("%d rebuilds with 250 of 1000 entries left, want 0 (the limit is under a quarter)", c)
	}
	m.Delete(750) // 249 left: under 1000/4
	c, ns := m.Rebuilds()
	if c != 1 || ns <= 0 {
		t.Fatalf("after the delete that left 249 of 1000: %d rebuilds taking %d ns, want 1 taking > 0 ns", c, ns)
	}
	for i := range uint64(1000) {
		v, ok := m.Get(i)
		if want := i > 750; ok != want || (ok && v != i+1) {
			t.Fatalf("Get(%d) = %d, %v after the rebuild", i, v, ok)
		}
	}
	if m.Len() != 249 {
		t.Fatalf("Len %d, want 249", m.Len())
	}
	// The high-water mark restarts at the rebuilt size: deleting down to 62
	// (under 249/4) rebuilds once more; a map of one group never does.
	for i := uint64(751); i < 938; i++ {
		m.Delete(i)
	}
	if c, _ := m.Rebuilds(); c != 2 {
		t.Fatalf("%d rebuilds after deleting to %d, want 2", c, m.Len())
	}
	small := newNativeRebuild[uint64, uint64](0).(*nativeRebuildMap[uint64, uint64])
	for i := range uint64(8) {
		small.Put(i, i)
	}
	for i := range uint64(8) {
		small.Delete(i)
	}
	if c, _ := small.Rebuilds(); c != 0 {
		t.Fatalf("a map of 8 entries rebuilt %d times", c)
	}
}
