// Package results owns mapbench's record schema (docs/design.md, CSV schema:
// schema mapbench/v2, and v1 for reading) and its encoders and readers. It
// never measures anything: the harness produces Records, this package turns
// them into bytes and back.
//
// A results file is a tidy ("long") CSV with one row per measured value,
// i.e. per (cell, rep, phase, step, metric) (docs/methodology.md rule 21: results
// are raw; medians, CIs and other summaries are computed afterwards). The
// header is [Columns]; files from several runs and machines may be
// concatenated, repeated header lines are skipped by [ReadCSV].
//
// Schema versions: the writer writes mapbench/v2 ([Schema], [Columns]).
// The readers also read mapbench/v1 ([SchemaV1], [ColumnsV1]: the same
// columns without goroutines), whose rows have Goroutines 1. Each header
// line sets the layout of the rows after it, so a v1 file followed by a
// v2 file (or a v1 file a resumed run appended v2 rows to, after a v2
// header line) reads as one input; a row's schema column must agree with
// the header it follows.
//
// What the package owns:
//   - the schema: [Schema], [Columns], [SchemaV1], [ColumnsV1], [Env], [Cell], [Record];
//   - the metric glossary: [Metrics], [LookupMetric], and [Record.Valid];
//   - the CSV encoder [CSVWriter] and the readers [ReadCSV], [ReadCSVFile],
//     [ReadCSVTorn].
//
// # Column glossary
//
// Columns, in file order:
//
//	schema        "mapbench/v2" (Schema), or "mapbench/v1" in rows after a v1 header; the header a row follows must be of its schema
//	run_id        identifies one `mapbench run` (the same on every row of the run)
//	host          host name of the machine that ran it
//	go_version    runtime.Version() of the benchmark binary
//	goos          GOOS
//	goarch        GOARCH
//	cpu           CPU model string
//	gomaxprocs    GOMAXPROCS in force (decimal integer)
//	gc_percent    GOGC in force for the run (decimal integer; -gc-percent takes 1..10000; a phase that ran at another has a phase_gc_percent row)
//	seed          the -seed of the run (decimal uint64); all op streams derive from it
//	impl          implementation name (native, syncmap, ...; docs/design.md, Implementations)
//	impl_version  module version of the implementation ("go1.26.8" for the runtime map)
//	scenario      scenario name (docs/design.md, Scenarios)
//	shape         key/value shape (u64, str, ...)
//	n             cell size: number of entries when full (> 0)
//	presize       true when the map was created with capacity n (true/false)
//	goroutines    G: the goroutines writing to the map at once in a concurrent scenario, 1 otherwise (decimal integer >= 1; not in v1, whose rows are 1)
//	rep           repetition index of the cell, from 0
//	phase         scenario phase (fill, delete, clear, refill, churn, mixed, cycle) or meta
//	step          cycle index in "cycles"; in "churn" and "mixed", k for the reading after
//	              k·n/2 ops (0: the start; the last step also carries the phase totals); otherwise 0
//	metric        metric name, see the metric glossary below
//	value         the value; integral values below 2^53 without exponent, never NaN/Inf
//	unit          unit of value: B, count, ns, ratio, bool, percent or ops/s
//	note          warnings about this value (empty when none), e.g. a failed self-check
//
// # Metric glossary
//
// [Metrics] lists every metric a results file may contain with its unit;
// the same list, as text:
//
//	live_heap                          B       live heap after forced GC, delta from the pre-map baseline (shape ptr: less the live keys' payloads)
//	heap_inuse                         B       heap bytes in in-use spans (objects + unused slots: the runtime's HeapInuse) after forced GC, delta from the baseline (shape ptr: payloads included)
//	entries                            count   entries live after the phase, from the op stream (verified by the checksum)
//	ops                                count   operations in the phase
//	ns_per_op                          ns      wall time per operation: the whole phase timed with one clock pair in an unsampled, unprobed timing pass on a fresh map; median over phase_passes runs
//	latency_p50                        ns      median latency of a single op of the phase (insert in fill/refill, delete in delete, delete+insert in churn), 1 op in sample_every timed
//	latency_p90                        ns      90th percentile sampled single-op latency
//	latency_p99                        ns      99th percentile sampled single-op latency
//	latency_p999                       ns      99.9th percentile sampled single-op latency
//	latency_max                        ns      largest sampled single-op latency
//	latency_samples                    count   number of latency samples behind the percentiles
//	alloc_bytes_per_op                 B       heap bytes allocated per operation (MemStats.TotalAlloc delta, forced GCs left out; shape ptr: less the payloads the harness allocates)
//	allocs_per_op                      count   heap allocations per operation (shape ptr: less the payloads)
//	gc_cycles                          count   GC cycles the phase triggered (cycles the harness forced are subtracted; a cycle still running at a checkpoint counts)
//	gc_pause_total                     ns      stop-the-world GC pause time inside the phase (/cpu/classes/gc/pause / GOMAXPROCS); a pause inside the harness's forced GCs is not counted
//	gc_assist_cpu                      ns      CPU time of GC assists in the cycles the phase triggered
//	retained_ratio                     ratio   live heap after deletes / live heap when full
//	reuse_ratio                        ratio   1 - bytes allocated per replacement insert / live bytes per entry when full
//	footprint_drift                    ratio   churn: live heap at the end / when full; refill: after the refill / when full; cycle: full heap of the last cycle / of the first
//	checksum_ok                        bool    1 when every key live at the end reads back its value, every deleted key is absent and Len (where the map has one) matched after every phase; 0 otherwise
//	gc_pauses                          count   GC stop-the-world pauses inside the phase (not those inside the harness's forced GCs)
//	gc_pause_max                       ns      longest GC stop-the-world pause in the phase, as the upper bound of its /sched/pauses/total/gc histogram bucket
//	growth_events                      count   256-op churn windows whose allocation exceeded 4x their entries' worth and 32 KiB
//	gc_calls_to_stable                 count   forced GCs of the baseline reading, up to the one whose live heap equalled the one before (at most 5; a note when they never agreed)
//	timer_overhead                     ns      median of 1001 back-to-back clock pairs: what timing one op adds to its latency
//	noise_floor_p999                   ns      99.9th percentile of an empty timed region, timed as often as ops were sampled and at least 10,000 times (noise floor)
//	noise_floor_over_10us_per_million  count   empty timed regions over 10us, per million
//	null_cell_live_delta               B       live heap left by the null pass: the whole op stream against a map that does nothing (the harness's own retention)
//	snapshot_allocs                    count   allocations of one heap reading (least of 3 rounds; must be 0)
//	repeat_reads_equal                 bool    1 when two back-to-back readings of the same state were equal
//	loop_ns_per_op                     ns      the harness's share of ns_per_op: the same timed loop over the same op-order inputs against a map that does nothing; median of 5 runs
//	phase_passes                       count   in-child repetitions of the phase that the timing median is taken over
//	cpu_share                          ratio   process CPU time / wall time over the phase's timing passes, in a concurrent phase divided by the goroutines that can run at once (writers + readers, at most GOMAXPROCS); under 0.9 in a single-goroutine phase the cell was descheduled (contention: a note says ns_per_op is inflated); in a concurrent phase goroutines that wait (a lock) lower it too, and it gets no note
//	bytes_per_entry                    B       live_heap / entries when full
//	capacity                           count   slots as reported by the library after the phase, where it exposes them (xsync)
//	sample_every                       count   1 op in this many is timed alone for the latency distribution (0 = sampling off)
//	min_phase                          ns      -min-phase: each phase was timed on fresh maps until its runs added up to this (phase_passes runs)
//	cell_wall_time                     ns      wall time of the cell's child process, start to exit, measured by the parent
//	diagnostics                        bool    1 when the cell ran with diagnostics (-trace, -cpuprofile, -memprofile, -gctrace of mapbench run), which perturb its figures; note: which ones, what each covers and its file
//	cell_failed                        bool    1 when the cell failed; reason and stderr tail in note
//	passes                             count   -passes: the most timing runs of a phase (phase_passes is how many ran)
//	timeout                            ns      -timeout: the time limit of one cell's child process (0 = none)
//	mem_limit                          B       -mem-limit: the cap on each cell's address space (0 = none)
//	run_config                         bool    1; note: every setting of the run as key=value pairs separated by ";" (the flags of mapbench run, and GOEXPERIMENT, GOMEMLIMIT, GODEBUG when set); -resume continues the run from it
//	command_line                       bool    1; note: the command that measured this cell, shell-quoted ("mapbench run" and its arguments as given)
//	ops_per_sec                        ops/s   aggregate throughput of the phase's writers (mixed: of all its ops): ops / wall time from the start barrier to the last goroutine's finish; from the same timing passes as ns_per_op
//	read_latency_p50                   ns      median latency of a single read (Get) during the phase: the reader goroutine's reads (concurrent-drain, concurrent-churn) or the mix's reads (mixed), 1 read in sample_every timed, merged across goroutines
//	read_latency_p90                   ns      90th percentile sampled single-read latency
//	read_latency_p99                   ns      99th percentile sampled single-read latency
//	read_latency_p999                  ns      99.9th percentile sampled single-read latency
//	read_latency_max                   ns      largest sampled single-read latency
//	read_latency_samples               count   number of read latency samples behind the read percentiles
//	reads                              count   reads done during the phase in the primary pass (the reader goroutine keeps reading until the writers finish)
//	read_hit_ratio                     ratio   share of the phase's reads (primary pass) that found their key
//	readers                            count   reader goroutines running beside the goroutines column's writers
//	oversubscribed                     bool    1 when the cell's goroutines (writers and readers) outnumber GOMAXPROCS, so they take turns on the CPUs; note says how many
//	mix_reads                          percent -mix: percent of mixed-zipf ops that are reads
//	mix_inserts                        percent -mix: percent of mixed-zipf ops that are inserts (Put of a key of the goroutine's own partition)
//	mix_deletes                        percent -mix: percent of mixed-zipf ops that are deletes (of a key of the goroutine's own partition)
//	rebuilds                           count   copies of the map into a fresh one that an implementation which rebuilds itself (impls.Rebuilder: native-rebuild) made during the phase, in the primary pass
//	rebuild_time                       ns      wall time of those copies; they run inside the deletes that trigger them, so they are part of the phase's ns_per_op and latencies
//	cpu_handoff                        ns      median time for a value one goroutine stores to be seen by another spinning on another CPU (a cache line passed back and forth 20,000 times, before the baseline of a concurrent cell): what moving data between the cell's CPUs costs; it changes when a virtual machine's vCPUs are moved
//	payloads_dropped                   count   shape ptr: payloads whose key was deleted or overwritten by the end of the phase (payloads allocated by the primary pass's Puts less the live keys)
//	payload_retained                   B       shape ptr: heap bytes of dropped payloads still reachable after forced GC (live objects of the payload's 1024-byte size class less the live keys, times 1024); note when over 1% of the dropped payloads
//	phase_gc_percent                   percent GOGC the phase ran at, present only where it differs from the gc_percent column: the insert phases of shape ptr run at GOGC=100 (docs/methodology.md, rule 5)
//	zipf_s                             ratio   -zipf-s: exponent s of the Zipf key choice of mixed-zipf (rank r is chosen with probability proportional to (1+r)^-s)
package results

// Units of [Record.Unit] (the `unit` column).
const (
	UnitBytes   = "B"       // bytes; exact counts
	UnitCount   = "count"   // a count of things (may be a per-op average)
	UnitNS      = "ns"      // nanoseconds
	UnitRatio   = "ratio"   // a dimensionless quotient
	UnitBool    = "bool"    // 1 (true) or 0 (false)
	UnitPercent = "percent" // a percentage, e.g. GOGC
	UnitOpsPerS = "ops/s"   // operations per second
)

// MetricInfo describes one metric name of the `metric` column.
type MetricInfo struct {
	Name string // the `metric` column value
	Unit string // the only valid `unit` for it, one of the Unit* constants
	Doc  string // one line: what the value means
}

// Metrics is the metric glossary: every metric a results file may contain.
// The first block is the core set of docs/design.md, CSV schema; the rest are mapbench's
// self-check, environment and diagnostic additions (mostly in phase "meta").
var Metrics = []MetricInfo{
	// Core metrics (docs/design.md, CSV schema).
	{MetricLiveHeap, UnitBytes, "live heap after forced GC, delta from the pre-map baseline (shape ptr: less the live keys' payloads)"},
	{MetricHeapInuse, UnitBytes, "heap bytes in in-use spans (objects + unused slots: the runtime's HeapInuse) after forced GC, delta from the baseline (shape ptr: payloads included)"},
	{MetricEntries, UnitCount, "entries live after the phase, from the op stream (verified by the checksum)"},
	{MetricOps, UnitCount, "operations in the phase"},
	{MetricNsPerOp, UnitNS, "wall time per operation: the whole phase timed with one clock pair in an unsampled, unprobed timing pass on a fresh map; median over phase_passes runs"},
	{MetricLatencyP50, UnitNS, "median latency of a single op of the phase (insert in fill/refill, delete in delete, delete+insert in churn), 1 op in sample_every timed"},
	{MetricLatencyP90, UnitNS, "90th percentile sampled single-op latency"},
	{MetricLatencyP99, UnitNS, "99th percentile sampled single-op latency"},
	{MetricLatencyP999, UnitNS, "99.9th percentile sampled single-op latency"},
	{MetricLatencyMax, UnitNS, "largest sampled single-op latency"},
	{MetricLatencySamples, UnitCount, "number of latency samples behind the percentiles"},
	{MetricAllocBytesPerOp, UnitBytes, "heap bytes allocated per operation (MemStats.TotalAlloc delta, forced GCs left out; shape ptr: less the payloads the harness allocates)"},
	{MetricAllocsPerOp, UnitCount, "heap allocations per operation (shape ptr: less the payloads)"},
	{MetricGCCycles, UnitCount, "GC cycles the phase triggered (cycles the harness forced are subtracted; a cycle still running at a checkpoint counts)"},
	{MetricGCPauseTotal, UnitNS, "stop-the-world GC pause time inside the phase (/cpu/classes/gc/pause / GOMAXPROCS); a pause inside the harness's forced GCs is not counted"},
	{MetricGCAssistCPU, UnitNS, "CPU time of GC assists in the cycles the phase triggered"},
	{MetricRetainedRatio, UnitRatio, "live heap after deletes / live heap when full"},
	{MetricReuseRatio, UnitRatio, "1 - bytes allocated per replacement insert / live bytes per entry when full"},
	{MetricFootprintDrift, UnitRatio, "churn: live heap at the end / when full; refill: after the refill / when full; cycle: full heap of the last cycle / of the first"},
	{MetricChecksumOK, UnitBool, "1 when every key live at the end reads back its value, every deleted key is absent and Len (where the map has one) matched after every phase; 0 otherwise"},

	// mapbench additions.
	{MetricGCPauses, UnitCount, "GC stop-the-world pauses inside the phase (not those inside the harness's forced GCs)"},
	{MetricGCPauseMax, UnitNS, "longest GC stop-the-world pause in the phase, as the upper bound of its /sched/pauses/total/gc histogram bucket"},
	{MetricGrowthEvents, UnitCount, "256-op churn windows whose allocation exceeded 4x their entries' worth and 32 KiB"},
	{MetricGCCallsToStable, UnitCount, "forced GCs of the baseline reading, up to the one whose live heap equalled the one before (at most 5; a note when they never agreed)"},
	{MetricTimerOverhead, UnitNS, "median of 1001 back-to-back clock pairs: what timing one op adds to its latency"},
	{MetricNoiseFloorP999, UnitNS, "99.9th percentile of an empty timed region, timed as often as ops were sampled and at least 10,000 times (noise floor)"},
	{MetricNoiseOver10us, UnitCount, "empty timed regions over 10us, per million"},
	{MetricNullCellLiveDelta, UnitBytes, "live heap left by the null pass: the whole op stream against a map that does nothing (the harness's own retention)"},
	{MetricSnapshotAllocs, UnitCount, "allocations of one heap reading (least of 3 rounds; must be 0)"},
	{MetricRepeatReadsEqual, UnitBool, "1 when two back-to-back readings of the same state were equal"},
	{MetricLoopNsPerOp, UnitNS, "the harness's share of ns_per_op: the same timed loop over the same op-order inputs against a map that does nothing; median of 5 runs"},
	{MetricPhasePasses, UnitCount, "in-child repetitions of the phase that the timing median is taken over"},
	{MetricCPUShare, UnitRatio, "process CPU time / wall time over the phase's timing passes, in a concurrent phase divided by the goroutines that can run at once (writers + readers, at most GOMAXPROCS); under 0.9 in a single-goroutine phase the cell was descheduled (contention: a note says ns_per_op is inflated); in a concurrent phase goroutines that wait (a lock) lower it too, and it gets no note"},
	{MetricBytesPerEntry, UnitBytes, "live_heap / entries when full"},
	{MetricCapacity, UnitCount, "slots as reported by the library after the phase, where it exposes them (xsync)"},
	{MetricSampleEvery, UnitCount, "1 op in this many is timed alone for the latency distribution (0 = sampling off)"},
	{MetricMinPhase, UnitNS, "-min-phase: each phase was timed on fresh maps until its runs added up to this (phase_passes runs)"},
	{MetricCellWallTime, UnitNS, "wall time of the cell's child process, start to exit, measured by the parent"},
	{MetricDiagnostics, UnitBool, "1 when the cell ran with diagnostics (-trace, -cpuprofile, -memprofile, -gctrace of mapbench run), which perturb its figures; note: which ones, what each covers and its file"},
	{MetricCellFailed, UnitBool, "1 when the cell failed; reason and stderr tail in note"},
	{MetricPasses, UnitCount, "-passes: the most timing runs of a phase (phase_passes is how many ran)"},
	{MetricTimeout, UnitNS, "-timeout: the time limit of one cell's child process (0 = none)"},
	{MetricMemLimit, UnitBytes, "-mem-limit: the cap on each cell's address space (0 = none)"},
	{MetricRunConfig, UnitBool, "1; note: every setting of the run as key=value pairs separated by \";\" (the flags of mapbench run, and GOEXPERIMENT, GOMEMLIMIT, GODEBUG when set); -resume continues the run from it"},
	{MetricCommandLine, UnitBool, "1; note: the command that measured this cell, shell-quoted (\"mapbench run\" and its arguments as given)"},

	// Concurrent scenarios: the phases where several goroutines work at once.
	{MetricOpsPerSec, UnitOpsPerS, "aggregate throughput of the phase's writers (mixed: of all its ops): ops / wall time from the start barrier to the last goroutine's finish; from the same timing passes as ns_per_op"},
	{MetricReadLatencyP50, UnitNS, "median latency of a single read (Get) during the phase: the reader goroutine's reads (concurrent-drain, concurrent-churn) or the mix's reads (mixed), 1 read in sample_every timed, merged across goroutines"},
	{MetricReadLatencyP90, UnitNS, "90th percentile sampled single-read latency"},
	{MetricReadLatencyP99, UnitNS, "99th percentile sampled single-read latency"},
	{MetricReadLatencyP999, UnitNS, "99.9th percentile sampled single-read latency"},
	{MetricReadLatencyMax, UnitNS, "largest sampled single-read latency"},
	{MetricReadLatencySample, UnitCount, "number of read latency samples behind the read percentiles"},
	{MetricReads, UnitCount, "reads done during the phase in the primary pass (the reader goroutine keeps reading until the writers finish)"},
	{MetricReadHitRatio, UnitRatio, "share of the phase's reads (primary pass) that found their key"},
	{MetricReaders, UnitCount, "reader goroutines running beside the goroutines column's writers"},
	{MetricOversubscribed, UnitBool, "1 when the cell's goroutines (writers and readers) outnumber GOMAXPROCS, so they take turns on the CPUs; note says how many"},
	{MetricMixReads, UnitPercent, "-mix: percent of mixed-zipf ops that are reads"},
	{MetricMixInserts, UnitPercent, "-mix: percent of mixed-zipf ops that are inserts (Put of a key of the goroutine's own partition)"},
	{MetricMixDeletes, UnitPercent, "-mix: percent of mixed-zipf ops that are deletes (of a key of the goroutine's own partition)"},
	{MetricRebuilds, UnitCount, "copies of the map into a fresh one that an implementation which rebuilds itself (impls.Rebuilder: native-rebuild) made during the phase, in the primary pass"},
	{MetricRebuildTime, UnitNS, "wall time of those copies; they run inside the deletes that trigger them, so they are part of the phase's ns_per_op and latencies"},
	{MetricHandoff, UnitNS, "median time for a value one goroutine stores to be seen by another spinning on another CPU (a cache line passed back and forth 20,000 times, before the baseline of a concurrent cell): what moving data between the cell's CPUs costs; it changes when a virtual machine's vCPUs are moved"},
	{MetricPayloadsDropped, UnitCount, "shape ptr: payloads whose key was deleted or overwritten by the end of the phase (payloads allocated by the primary pass's Puts less the live keys)"},
	{MetricPayloadRetained, UnitBytes, "shape ptr: heap bytes of dropped payloads still reachable after forced GC (live objects of the payload's 1024-byte size class less the live keys, times 1024); note when over 1% of the dropped payloads"},
	{MetricPhaseGCPercent, UnitPercent, "GOGC the phase ran at, present only where it differs from the gc_percent column: the insert phases of shape ptr run at GOGC=100 (docs/methodology.md, rule 5)"},
	{MetricZipfS, UnitRatio, "-zipf-s: exponent s of the Zipf key choice of mixed-zipf (rank r is chosen with probability proportional to (1+r)^-s)"},
}

// LookupMetric returns the glossary entry of the metric called name.
func LookupMetric(name string) (MetricInfo, bool) {
	for _, m := range Metrics {
		if m.Name == name {
			return m, true
		}
	}
	return MetricInfo{}, false
}
