package impls

import "fmt"

// registry lists every implementation, one line each, in the order
// `mapbench list` and `-impls all` use. Names are stable (docs/design.md, Implementations).
//
// PeakBytes is 4x the live bytes per entry each map measured after a fill
// (mapbench run -scenarios drain, u64 at n=2^20, str at n=65536; Go 1.26.8
// amd64): u64 native 36, syncmap 122, xsync 48.5, dolthub 34, cockroach 36,
// xsync4 48.5, native-mutex 36.1, native-rwmutex 36.1; str native 96,
// syncmap 146, xsync 80.6, dolthub 82, cockroach 84, xsync4 80.6,
// native-mutex 96.1, native-rwmutex 96.1. Shapes struct, v120 and v136 from
// results/published/shapes-n65536.csv (n=65536, largest bytes_per_entry of
// 3 reps; the built-in map's variants alike): struct native 53.3, syncmap
// 130.1, xsync 56.6, dolthub 50, cockroach 52; v120 272.1, 242.6, 160.6,
// 258, 260; v136 180.1, 258.4, 176.6, 290, 292. Four times covers the
// largest peak the scenarios make: dolthub doubling under churn holds the
// old and the doubled arrays at once (3x); in that run no cell's live heap
// per entry went above 2x its bytes_per_entry. Ptr is U64's figure: a
// pointer value is 8 bytes like a uint64 (the same run: ptr 34-48.6 B per
// entry, syncmap 114.5); the payloads are counted apart
// (harness.EstimateBytes).
var registry = []Impl{
	{Name: "native", Doc: "built-in map (Swiss table since Go 1.24); not safe for concurrent use", Module: "", Concurrent: false, NewU64: newNative[uint64, uint64], NewStr: newNative[string, []byte], NewStruct: newNative[StructKey, uint64], NewV120: newNative[uint64, [120]byte], NewV136: newNative[uint64, [136]byte], NewPtr: newNative[uint64, *Payload], PeakBytes: PerShape{U64: 150, Str: 400, Struct: 220, V120: 1090, V136: 730, Ptr: 150}},
	{Name: "syncmap", Doc: "sync.Map (hash-trie; keys and values boxed in any); no Len", Module: "", Concurrent: true, NewU64: newSyncMap[uint64, uint64], NewStr: newSyncMap[string, []byte], NewStruct: newSyncMap[StructKey, uint64], NewV120: newSyncMap[uint64, [120]byte], NewV136: newSyncMap[uint64, [136]byte], NewPtr: newSyncMap[uint64, *Payload], PeakBytes: PerShape{U64: 500, Str: 600, Struct: 530, V120: 980, V136: 1040, Ptr: 500}},
	{Name: "xsync", Doc: "xsync/v3 MapOf (buckets of 5 entry pointers; shrinks on Delete when sparse)", Module: "github.com/puzpuzpuz/xsync/v3", Concurrent: true, NewU64: newXsyncDefault[uint64, uint64], NewStr: newXsyncDefault[string, []byte], NewStruct: newXsyncDefault[StructKey, uint64], NewV120: newXsyncDefault[uint64, [120]byte], NewV136: newXsyncDefault[uint64, [136]byte], NewPtr: newXsyncDefault[uint64, *Payload], PeakBytes: PerShape{U64: 200, Str: 330, Struct: 230, V120: 650, V136: 710, Ptr: 200}},
	{Name: "xsync-growonly", Doc: "xsync/v3 MapOf with WithGrowOnly (never shrinks on Delete)", Module: "github.com/puzpuzpuz/xsync/v3", Concurrent: true, NewU64: newXsyncGrowOnly[uint64, uint64], NewStr: newXsyncGrowOnly[string, []byte], NewStruct: newXsyncGrowOnly[StructKey, uint64], NewV120: newXsyncGrowOnly[uint64, [120]byte], NewV136: newXsyncGrowOnly[uint64, [136]byte], NewPtr: newXsyncGrowOnly[uint64, *Payload], PeakBytes: PerShape{U64: 200, Str: 330, Struct: 230, V120: 650, V136: 710, Ptr: 200}},
	{Name: "dolthub", Doc: "dolthub/swiss Map (flat Swiss table; inserts do not reuse tombstones); not safe for concurrent use", Module: "github.com/dolthub/swiss", Concurrent: false, NewU64: newDolthub[uint64, uint64], NewStr: newDolthub[string, []byte], NewStruct: newDolthub[StructKey, uint64], NewV120: newDolthub[uint64, [120]byte], NewV136: newDolthub[uint64, [136]byte], NewPtr: newDolthub[uint64, *Payload], PeakBytes: PerShape{U64: 140, Str: 330, Struct: 200, V120: 1040, V136: 1160, Ptr: 140}},
	{Name: "cockroach", Doc: "cockroachdb/swiss Map (Swiss table with extendible hashing); not safe for concurrent use", Module: "github.com/cockroachdb/swiss", Concurrent: false, NewU64: newCockroach[uint64, uint64], NewStr: newCockroach[string, []byte], NewStruct: newCockroach[StructKey, uint64], NewV120: newCockroach[uint64, [120]byte], NewV136: newCockroach[uint64, [136]byte], NewPtr: newCockroach[uint64, *Payload], PeakBytes: PerShape{U64: 150, Str: 340, Struct: 210, V120: 1040, V136: 1170, Ptr: 150}},
	{Name: "xsync4", Doc: "xsync/v4 Map (buckets of 5 entry pointers; shrinks on Delete when sparse)", Module: "github.com/puzpuzpuz/xsync/v4", Concurrent: true, NewU64: newXsync4[uint64, uint64], NewStr: newXsync4[string, []byte], NewStruct: newXsync4[StructKey, uint64], NewV120: newXsync4[uint64, [120]byte], NewV136: newXsync4[uint64, [136]byte], NewPtr: newXsync4[uint64, *Payload], PeakBytes: PerShape{U64: 200, Str: 330, Struct: 230, V120: 650, V136: 710, Ptr: 200}},
	{Name: "native-mutex", Doc: "built-in map behind a sync.Mutex, locked per op (batched ops too)", Module: "", Concurrent: true, NewU64: newNativeMutex[uint64, uint64], NewStr: newNativeMutex[string, []byte], NewStruct: newNativeMutex[StructKey, uint64], NewV120: newNativeMutex[uint64, [120]byte], NewV136: newNativeMutex[uint64, [136]byte], NewPtr: newNativeMutex[uint64, *Payload], PeakBytes: PerShape{U64: 150, Str: 400, Struct: 220, V120: 1090, V136: 730, Ptr: 150}},
	{Name: "native-rwmutex", Doc: "built-in map behind a sync.RWMutex: Get read-locks, writes lock, per op (batched ops too)", Module: "", Concurrent: true, NewU64: newNativeRWMutex[uint64, uint64], NewStr: newNativeRWMutex[string, []byte], NewStruct: newNativeRWMutex[StructKey, uint64], NewV120: newNativeRWMutex[uint64, [120]byte], NewV136: newNativeRWMutex[uint64, [136]byte], NewPtr: newNativeRWMutex[uint64, *Payload], PeakBytes: PerShape{U64: 150, Str: 400, Struct: 220, V120: 1090, V136: 730, Ptr: 150}},
	{Name: "native-rebuild", Doc: "built-in map copied into a fresh one when a Delete leaves under 1/4 of its high-water length (the usual mitigation); not safe for concurrent use", Module: "", Concurrent: false, Opt: true, NewU64: newNativeRebuild[uint64, uint64], NewStr: newNativeRebuild[string, []byte], NewStruct: newNativeRebuild[StructKey, uint64], NewV120: newNativeRebuild[uint64, [120]byte], NewV136: newNativeRebuild[uint64, [136]byte], NewPtr: newNativeRebuild[uint64, *Payload], PeakBytes: PerShape{U64: 150, Str: 400, Struct: 220, V120: 1090, V136: 730, Ptr: 150}},
}

// All returns the registered implementations in registry order. The slice
// is a copy; changing it does not change the registry.
func All() []Impl {
	return append([]Impl(nil), registry...)
}

// Lookup returns the implementation registered under name.
func Lookup(name string) (Impl, bool) {
	for _, im := range registry {
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
	for _, im := range registry {
		if !im.Opt {
			names = append(names, im.Name)
		}
	}
	return names
}

// Names returns the registered names in registry order.
func Names() []string {
	names := make([]string, len(registry))
	for i, im := range registry {
		names[i] = im.Name
	}
	return names
}

// Register adds an implementation under a new name, after the built-in
// ones. It is for tests and experiments (a test registers deliberately
// broken maps to prove the runner's failure paths); a process that runs
// cells in child processes must register the same implementations in the
// child too, before harness.ChildMain.
func Register(im Impl) error {
	switch {
	case im.Name == "":
		return fmt.Errorf("impls: Register: empty name")
	case im.NewU64 == nil || im.NewStr == nil:
		return fmt.Errorf("impls: Register %q: a constructor for every shape is needed", im.Name)
	}
	if _, dup := Lookup(im.Name); dup {
		return fmt.Errorf("impls: Register: %q is registered already", im.Name)
	}
	registry = append(registry, im)
	return nil
}
