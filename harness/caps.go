package harness

import "mapbench/impls"

// What the harness asks a map beyond the Map methods (a Batcher, Len,
// Structure, Rebuilds, Clear, whether it is a null map) it asks with a type
// assertion, and the first assertion of a (type, interface) pair in a
// process allocates on the Go heap for good: the runtime adds an itab to
// its global table, whose doubling allocates the new table (itabAdd,
// runtime/iface.go: (2 + 2·size)·8 B, 8,208 B at 512 entries, a 9,472-byte
// size-class slot); and the call site's cache takes the type, allocated
// anew, on about 1 in 1,024 of the calls that miss it (typeAssert,
// buildTypeAssertCache, same file). Made between two heap readings, such
// an allocation is charged to the map: it was, 9,472 B in every phase
// after the fill, from the commit that added shape ptr until the asks were
// moved here (docs/methodology.md rule 35).
//
// So every such ask is made in this file, each at one call site that is
// never inlined (an inlined copy would be a call site, and a cache, of its
// own), and rehearse makes every one of them, and the reads that follow,
// on a map of the cell's own type and on its null map before the
// baseline. The null pass then asks them of a map of the cell's type again
// (primary's capsMap argument), so what an ask builds on first use shows in
// null_cell_live_delta and fails the cell; TestTypeAssertionsOnlyInCaps
// keeps every assertion of the package in this file.

// unwrapper is a wrapper (payload.go) whose wrapped map answers for it.
type unwrapper interface{ unwrap() any }

// mapCaps are a map's optional interfaces, each nil when it has none.
type mapCaps struct {
	lener     impls.Lener
	structure impls.Structure
	rebuilder impls.Rebuilder
	clearer   impls.Clearer
}

// capsOf returns m's optional interfaces (those of the map it wraps, for a
// wrapper).
//
//go:noinline
func capsOf(m any) mapCaps {
	if u, ok := m.(unwrapper); ok {
		m = u.unwrap()
	}
	var c mapCaps
	c.lener, _ = m.(impls.Lener)
	c.structure, _ = m.(impls.Structure)
	c.rebuilder, _ = m.(impls.Rebuilder)
	c.clearer, _ = m.(impls.Clearer)
	return c
}

// capsReading is what a map's optional interfaces say after a phase.
type capsReading struct {
	len       int   // Len(); -1: no Len
	capacity  int   // Structure().Capacity; -1: not exposed
	rebuilds  int   // Rebuilds() count; -1: not a Rebuilder
	rebuildNs int64 // and their total wall time
}

// read asks c's interfaces.
func (c mapCaps) read() capsReading {
	r := capsReading{len: -1, capacity: -1, rebuilds: -1}
	if c.lener != nil {
		r.len = c.lener.Len()
	}
	if c.structure != nil {
		r.capacity = c.structure.Structure().Capacity
	}
	if c.rebuilder != nil {
		r.rebuilds, r.rebuildNs = c.rebuilder.Rebuilds()
	}
	return r
}

// batcher returns m's Batcher, or nil when it has none.
//
//go:noinline
func batcher[K comparable, V any](m impls.Map[K, V]) impls.Batcher[K, V] {
	b, _ := m.(impls.Batcher[K, V])
	return b
}

// clearerOf returns m's Clearer, or nil when it has none. RunCell runs a
// scenario with a clear phase only on maps that have one.
//
//go:noinline
func clearerOf[K comparable, V any](m impls.Map[K, V]) impls.Clearer {
	c, _ := m.(impls.Clearer)
	return c
}

// loopCaps are what the op loops call on a map besides Put, Get and
// Delete, asked once, before a loop's clock starts: its Batcher and its
// Clearer, each nil when it has none.
type loopCaps[K comparable, V any] struct {
	batch impls.Batcher[K, V]
	clear impls.Clearer
}

// loopCapsOf asks m for its loopCaps.
func loopCapsOf[K comparable, V any](m impls.Map[K, V]) loopCaps[K, V] {
	return loopCaps[K, V]{batch: batcher(m), clear: clearerOf(m)}
}

// isNull reports whether m is a null map.
//
//go:noinline
func isNull(m any) bool {
	_, ok := m.(interface{ isNullMap() })
	return ok
}

// rehearsals is how many times rehearse asks each question. A first ask
// adds the itab; the call site's cache then takes the type on about 1 in
// 1,024 of the asks that miss it, fewer as the cache grows (typeAssert:
// 1 in 1,024·(mask+1)); a site here sees at most three types in a cell
// (the null map, the measured map, and the ptr shape's wrapper), so 2^17
// asks leave a type out of its site's cache with a probability under
// e^-32. Once in the cache, an ask is a load and a compare (about a
// nanosecond): rehearsing a map and the null map takes about 5 ms
// (BenchmarkRehearse, caps_test.go).
const rehearsals = 1 << 17

// inner is a wrapper (payload.go) whose wrapped map is asked questions at
// sites of its own.
type inner interface{ rehearseInner() }

// rehearse asks m, rehearsals times, every question of this file that a
// pass asks a map, then reads what they return once: called before the
// baseline on a map of the cell's type and on the null map. It does not
// change m.
func rehearse[K comparable, V any](m impls.Map[K, V]) {
	for range rehearsals {
		batcher(m)
		isNull(m)
		capsOf(m)
		clearerOf(m)
	}
	capsOf(m).read()
	if w, ok := m.(inner); ok {
		w.rehearseInner()
	}
}
