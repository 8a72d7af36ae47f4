package impls

import (
	"fmt"
	"reflect"
	"sync"
)

// builtins is the registry: every implementation, one entry each, in the
// order `mapbench list` and `-impls all` use. Names are stable
// (docs/design.md, Implementations). An entry is the implementation's
// metadata and its generic constructor instantiated for K and V.
//
// The registry is a generic function, not a variable, because Go cannot
// store an uninstantiated generic function: the harness instantiates it
// for the K and V of a cell's shape (Constructor), and the metadata lists
// come from one instantiation (builtinImpls). Adding a map is its adapter
// file and one line here (docs/impls.md).
//
// An entry's constructor is nil for the key/value pairs its library cannot
// hold (haxmap's keys must be integers, floats or strings: haxmapFor), so
// the entry stays one line and Constructor refuses those pairs.
func builtins[K comparable, V any]() []entry[K, V] {
	return []entry[K, V]{
		{Impl{Name: "native", Doc: "built-in map (Swiss table since Go 1.24); not safe for concurrent use"}, newNative[K, V]},
		{Impl{Name: "syncmap", Doc: "sync.Map (hash-trie; keys and values boxed in any); no Len", Concurrent: true}, newSyncMap[K, V]},
		{Impl{Name: "xsync", Doc: "xsync/v3 MapOf (buckets of 5 entry pointers; shrinks on Delete when sparse)", Module: "github.com/puzpuzpuz/xsync/v3", Concurrent: true}, newXsyncDefault[K, V]},
		{Impl{Name: "xsync-growonly", Doc: "xsync/v3 MapOf with WithGrowOnly (never shrinks on Delete)", Module: "github.com/puzpuzpuz/xsync/v3", Concurrent: true}, newXsyncGrowOnly[K, V]},
		{Impl{Name: "dolthub", Doc: "dolthub/swiss Map (flat Swiss table; inserts do not reuse tombstones); not safe for concurrent use", Module: "github.com/dolthub/swiss"}, newDolthub[K, V]},
		{Impl{Name: "cockroach", Doc: "cockroachdb/swiss Map (Swiss table with extendible hashing); not safe for concurrent use", Module: "github.com/cockroachdb/swiss"}, newCockroach[K, V]},
		{Impl{Name: "xsync4", Doc: "xsync/v4 Map (buckets of 5 entry pointers; shrinks on Delete when sparse)", Module: "github.com/puzpuzpuz/xsync/v4", Concurrent: true}, newXsync4[K, V]},
		{Impl{Name: "native-mutex", Doc: "built-in map behind a sync.Mutex, locked per op (batched ops too)", Concurrent: true}, newNativeMutex[K, V]},
		{Impl{Name: "native-rwmutex", Doc: "built-in map behind a sync.RWMutex: Get read-locks, writes lock, per op (batched ops too)", Concurrent: true}, newNativeRWMutex[K, V]},
		{Impl{Name: "haxmap", Doc: "alphadose/haxmap Map (lock-free sorted list, one node per entry, under a pointer index; Del marks a node, which stays reachable until a later traversal unlinks it; the index never shrinks); integer, float and string keys only; not safe for concurrent use here (concurrent Sets lost keys: impls/haxmap.go)", Module: "github.com/alphadose/haxmap", Opt: true}, haxmapFor[K, V]()},
		{Impl{Name: "concurrent-map", Doc: "orcaman/concurrent-map/v2 ConcurrentMap (32 built-in maps, each behind a sync.RWMutex, locked per op); string keys sharded by its FNV-32, others by hash/maphash", Module: "github.com/orcaman/concurrent-map/v2", Concurrent: true, Opt: true}, newConcurrentMap[K, V]},
		{Impl{Name: "native-rebuild", Doc: "built-in map copied into a fresh one when a Delete leaves under 1/4 of its high-water length (the usual mitigation); not safe for concurrent use", Opt: true}, newNativeRebuild[K, V]},
	}
}

// entry is one implementation of the registry with its constructor for
// maps of K to V (nil: its library cannot hold them). hint is the
// expected entry count; 0 means "no presizing" and must not be turned into
// a default capacity by the adapter (the library's own default is used).
type entry[K comparable, V any] struct {
	Impl
	new func(hint int) Map[K, V]
}

// builtinImpls is the metadata of builtins, in registry order. The type
// arguments are arbitrary: every instantiation has the same metadata.
var builtinImpls = func() []Impl {
	es := builtins[uint64, uint64]()
	out := make([]Impl, len(es))
	for i, e := range es {
		out[i] = e.Impl
	}
	return out
}()

// registered is an implementation added by Register: its metadata and one
// constructor per key/value pair it was registered for, keyed by the
// reflect.Type of Map[K, V] (a func(int) Map[K, V] each).
type registered struct {
	Impl
	ctors map[reflect.Type]any
}

var (
	extraMu sync.RWMutex
	extra   []registered // after the built-in ones, in the order registered
)

// All returns the registered implementations in registry order: the
// built-in ones, then those Register added. The slice is a copy; changing
// it does not change the registry.
func All() []Impl {
	extraMu.RLock()
	defer extraMu.RUnlock()
	out := append(make([]Impl, 0, len(builtinImpls)+len(extra)), builtinImpls...)
	for _, r := range extra {
		out = append(out, r.Impl)
	}
	return out
}

// Lookup returns the implementation registered under name.
func Lookup(name string) (Impl, bool) {
	for _, im := range All() {
		if im.Name == name {
			return im, true
		}
	}
	return Impl{}, false
}

// MainNames returns the names of the default comparison (every
// implementation but the opt-in ones), in registry order.
func MainNames() []string {
	var names []string
	for _, im := range All() {
		if !im.Opt {
			names = append(names, im.Name)
		}
	}
	return names
}

// Names returns the registered names in registry order.
func Names() []string {
	all := All()
	names := make([]string, len(all))
	for i, im := range all {
		names[i] = im.Name
	}
	return names
}

// Constructor returns the constructor of the implementation called name
// for maps of K to V. The built-in implementations make maps of any K and
// V their library can hold (an entry with a nil constructor cannot: haxmap
// with a struct key); one added by Register only of the pairs it was
// registered for. The harness calls it once per cell, before its heap
// readings: the constructor it returns allocates nothing but the map.
func Constructor[K comparable, V any](name string) (func(hint int) Map[K, V], error) {
	for _, e := range builtins[K, V]() {
		if e.Name != name {
			continue
		}
		if e.new == nil {
			return nil, fmt.Errorf("impls: %s makes no %v", name, mapType[K, V]())
		}
		return e.new, nil
	}
	extraMu.RLock()
	defer extraMu.RUnlock()
	for _, r := range extra {
		if r.Name != name {
			continue
		}
		if c, ok := r.ctors[mapType[K, V]()]; ok {
			return c.(func(int) Map[K, V]), nil
		}
		return nil, fmt.Errorf("impls: %s makes no %v", name, mapType[K, V]())
	}
	return nil, fmt.Errorf("impls: unknown implementation %q", name)
}

// Supports reports whether the implementation called name makes maps of K
// to V (Constructor would succeed).
func Supports[K comparable, V any](name string) bool {
	_, err := Constructor[K, V](name)
	return err == nil
}

func mapType[K comparable, V any]() reflect.Type { return reflect.TypeFor[Map[K, V]]() }

// Register adds an implementation under a new name, after the built-in
// ones, with its constructor for maps of K to V. Call it once per
// key/value pair the implementation supports, with the same Impl each
// time; a shape whose pair was not registered is refused for it. It is for
// tests and experiments (a test registers deliberately broken maps to
// prove the runner's failure paths); a process that runs cells in child
// processes must register the same implementations in the child too,
// before harness.ChildMain.
func Register[K comparable, V any](im Impl, newFn func(hint int) Map[K, V]) error {
	switch {
	case im.Name == "":
		return fmt.Errorf("impls: Register: empty name")
	case newFn == nil:
		return fmt.Errorf("impls: Register %q: nil constructor", im.Name)
	}
	for _, b := range builtinImpls {
		if b.Name == im.Name {
			return fmt.Errorf("impls: Register: %q is a built-in implementation", im.Name)
		}
	}
	t := mapType[K, V]()
	extraMu.Lock()
	defer extraMu.Unlock()
	for i := range extra {
		r := &extra[i]
		if r.Name != im.Name {
			continue
		}
		if r.Impl != im {
			return fmt.Errorf("impls: Register: %q is registered already with other metadata", im.Name)
		}
		if _, dup := r.ctors[t]; dup {
			return fmt.Errorf("impls: Register: %q is registered already for %v", im.Name, t)
		}
		r.ctors[t] = newFn
		return nil
	}
	extra = append(extra, registered{Impl: im, ctors: map[reflect.Type]any{t: newFn}})
	return nil
}
