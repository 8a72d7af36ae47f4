// Package harness owns measuring: it runs every cell of a configuration in
// a fresh child process (the binary re-executes itself; see IsChild and
// ChildMain), interleaves cells across implementations, and turns what a
// child measures into results.Records for a sink. Inside a child it owns
// the protocol of ../shared/methodology.md: keys and op streams generated
// off the Go heap before the baseline, forced-GC heap readings through an
// allocation-free probe, GC and allocation counters per phase, sampled
// single-op latency in HDR histograms, unsampled timing passes for ns/op,
// the noise floor, and the self-checks (null pass, snapshot allocations,
// repeat readings, checksum, CPU share).
//
// It knows implementations only through impls.Map and the impls registry,
// workloads only through scenarios.Plan, and never formats text: encoding
// is package results' job.
package harness
