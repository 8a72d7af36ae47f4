// Package impls owns the map implementations mapbench compares: one small
// generic interface (Map), one adapter file per implementation, optional
// capabilities found by type assertion, and the registry of stable names.
//
// Adapters wrap a library's own API and never re-implement it, and they add
// no work to the measured path: a Delete is one call into the library.
//
// Version reports the module version of an implementation from the binary's
// build information (for the impl_version column). Package impls imports
// none of mapbench's packages.
package impls

// Map is what every scenario needs from an implementation. Put inserts or
// overwrites, Get reads, Delete removes (a missing key is not an error).
type Map[K comparable, V any] interface {
	Put(k K, v V)
	Get(k K) (V, bool)
	Delete(k K)
}

// Batcher is implemented by adapters that run a whole slice of ops in one
// call, each op exactly the call Put or Delete makes. The harness's timed
// loops use it so that they make one interface call per run of ops instead
// of one per op: an interface call per op cost about 1 ns, 3-5% of a
// built-in map's delete (docs/methodology.md rule 10).
type Batcher[K comparable, V any] interface {
	PutAll(keys []K, vals []V)         // Put(keys[i], vals[i]) for each i in order
	DeleteAll(keys []K)                // Delete(keys[i]) for each i in order
	ReplaceAll(del, ins []K, vals []V) // Delete(del[i]) then Put(ins[i], vals[i]), for each i in order
}

// Lener is implemented by maps that report their entry count cheaply
// (without scanning). sync.Map has no such method and its adapter does not
// add a counter, so it does not implement Lener.
type Lener interface{ Len() int }

// Rebuilder is implemented by maps that rebuild themselves (copy their
// entries into a fresh map) to give memory back: how many times they have
// done so and the wall time the copies took.
type Rebuilder interface{ Rebuilds() (count int, ns int64) }

// Clearer is implemented by maps that can remove all entries in one call.
type Clearer interface{ Clear() }

// Structure is implemented by maps whose library exposes structural figures.
// Fields a library does not expose are -1.
type Structure interface{ Structure() Stats }

// Stats are structural figures as the library itself reports them.
type Stats struct {
	Capacity int // slots the library says it has (-1: not exposed)
	// Headroom is how many more entries the library says fit before its
	// next resize (-1: not exposed). dolthub's Capacity() method reports
	// this figure, not a slot count.
	Headroom int
}

// Payload is what a value of shape "ptr" points to: 1 KiB with no
// pointers in it, so the runtime allocates it in its own 1024-byte size
// class, without a header, and never scans its contents. ID tells payloads
// apart.
type Payload struct {
	ID uint64
	_  [PayloadBytes - 8]byte
}

// PayloadBytes is the size of a Payload.
const PayloadBytes = 1024

// StructKey is the key of shape "struct": 12 bytes of fields, 16 with
// padding, compared field by field.
type StructKey struct {
	A uint64
	B uint32
}

// Impl describes one registered implementation: everything about it but
// its constructor, which is generic (registry.go: builtins, Constructor).
type Impl struct {
	Name       string // stable name used on the command line and in CSV
	Doc        string // one line for `mapbench list`
	Module     string // module path whose version is recorded; "" for the standard library
	Concurrent bool   // safe for concurrent use by several goroutines
	// Opt is set for implementations left out of the default comparison
	// (-impls main); -impls all includes them.
	Opt bool
}
