// Package harness owns measuring: it runs every cell of a configuration in
// a fresh child process (the binary re-executes itself; see IsChild and
// ChildMain), interleaves cells across implementations, and turns what a
// child measures into results.Records for a sink. Inside a child it
// carries out the protocol of docs/methodology.md.
//
// Files, by concern:
//
//	spec.go       Spec and Row: what the parent sends a child and what comes back
//	runner.go     the parent: cells in run order, one child each, failures classified
//	child.go      the child's entry point
//	shapes.go     the shapes: all the harness knows of each, in one table
//	data.go       keys and values, canonical and in op order, in the arena (arena.go)
//	executor.go   one cell: warm-up, null pass, baseline, primary pass, timing passes
//	loops.go      the op loops and the null map
//	caps.go       every question asked of a map beyond Put/Get/Delete (type
//	              assertions), and their rehearsal before the baseline
//	payload.go    shape ptr: payloads allocated per insert, their null map,
//	              and how they are counted apart from the map
//	concurrent.go the goroutine team of the concurrent phases (barrier, readers, pipes, handoff)
//	probe.go      allocation-free heap and GC readings
//	selfcheck.go  the cell's checks of itself
//	checksum.go   did the map do the work of the op stream
//	emit.go       a cell's measurements as rows
//	memory.go     the memory guard's estimate
//	peakbytes.go  its measured bytes per entry (peakbytes.csv, made by make peakbytes)
//	diagnostics.go the opt-in per-cell files: trace, CPU and heap profiles, gctrace
//
// It knows implementations only through impls.Map (and the optional
// impls.Batcher, Lener, Structure, Rebuilder and Clearer) and the impls registry, workloads
// only through scenarios.Plan, and never formats text: encoding is package
// results' job.
package harness
