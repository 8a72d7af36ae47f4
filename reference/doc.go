// Package reference is an independent, hand-written `go test -bench`
// reference for the delete phase of mapbench's `drain` scenario. `make
// agree` puts its ns/delete beside mapbench's delete ns_per_op
// (docs/methodology.md rule 22).
//
// BenchmarkDrainDelete (drain_test.go) is what a careful user would write
// to time "delete every key of a full map in random order" without
// mapbench: per iteration, with the timer stopped, a new map without a
// size hint is filled with n keys and the heap is collected; then, timed,
// every key is deleted in a seeded random order. It runs at GOGC=1, as
// mapbench's cells do, and with -test.cpu=1 (GOMAXPROCS 1).
//
// It is independent on purpose. An earlier check (harness/bench_test.go
// BenchmarkDrainDelete) ran through the harness's adapters, key
// generators, off-heap data layout and delete loop, so an artifact of any
// of those was in both figures and could not show as a disagreement. This
// package shares nothing with mapbench: it imports no mapbench package, has
// no adapter and no interface, and generates its own data with its own
// code (math/rand/v2 PCG, a fixed seed; plain Go slices on the heap, delete
// keys stored in delete order). Each delete is a direct call on the
// library's concrete type (the builtin delete for the built-in map).
//
// Implementation names are mapbench's, each mapped to the library
// configuration mapbench measures with no capacity hint:
//
//	native          make(map[K]V)
//	syncmap         new(sync.Map)
//	xsync           xsync.NewMapOf[K, V]()                      (github.com/puzpuzpuz/xsync/v3)
//	xsync-growonly  xsync.NewMapOf[K, V](xsync.WithGrowOnly())
//	dolthub         swiss.NewMap[K, V](0)                       (github.com/dolthub/swiss)
//	cockroach       swiss.New[K, V](0)                          (github.com/cockroachdb/swiss)
//
// Shapes: u64 (distinct random uint64 keys to uint64 values) and str
// (keys "k:0".."k:<n-1>" in fill order, each to its own 32-byte []byte).
//
//	go test -run '^$' -bench 'BenchmarkDrainDelete/impl=native/shape=u64/' -benchtime 21x -cpu 1 ./reference -reference.n 65536
//
// The package is test-only apart from this file.
package reference
