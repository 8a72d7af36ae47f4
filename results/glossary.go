// Package results owns mapbench's record schema (docs/design.md, CSV schema:
// schema mapbench/v3, and v2 and v1 for reading) and its encoders and readers. It
// never measures anything: the harness produces Records, this package turns
// them into bytes and back.
//
// A results file is a tidy ("long") CSV with one row per measured value,
// i.e. per (cell, rep, phase, step, metric) (docs/methodology.md rule 21: results
// are raw; medians, CIs and other summaries are computed afterwards). The
// header is [Columns]; files from several runs and machines may be
// concatenated, repeated header lines are skipped by [ReadCSV].
//
// Schema versions: the writer writes mapbench/v3 ([Schema], [Columns]).
// The readers also read mapbench/v2 ([SchemaV2], [ColumnsV2]: the same
// columns without other_heap), whose rows have OtherHeap 0, and
// mapbench/v1 ([SchemaV1], [ColumnsV1]: v2 without goroutines), whose rows
// have Goroutines 1 too. Each header line sets the layout of the rows
// after it, so a v1 file followed by a v3 file (or a v2 file a resumed run
// appended v3 rows to, after a v3 header line) reads as one input; a row's
// schema column must agree with the header it follows.
//
// What the package owns:
//   - the schema: [Schema], [Columns], [SchemaV2], [ColumnsV2], [SchemaV1], [ColumnsV1], [Env], [Cell], [Record];
//   - the glossaries: [ColumnGlossary] (what each column holds) and
//     [Metrics], the metric table (each metric's unit, the rows that carry
//     it, which way is better, what it means), with [LookupMetric],
//     [MetricUnit] and [Record.Valid];
//   - the CSV encoder [CSVWriter] and the readers [ReadCSV], [ReadCSVFile],
//     [ReadCSVTorn].
//
// docs/csv.md, the schema reference, is generated from [ColumnGlossary]
// and [Metrics] (`go test ./results -run TestCSVDoc -update`), so it lists
// what the code knows.
package results

// Units of [Record.Unit] (the `unit` column); [Units] says what each means.
const (
	UnitBytes   = "B"
	UnitCount   = "count"
	UnitNS      = "ns"
	UnitRatio   = "ratio"
	UnitBool    = "bool"
	UnitPercent = "percent"
	UnitOpsPerS = "ops/s"
)

// UnitInfo describes one unit of the `unit` column.
type UnitInfo struct {
	Name string // the `unit` column value: one of the Unit* constants
	Doc  string // what a value in it is
}

// Units lists every unit, in the order docs/csv.md gives them.
var Units = []UnitInfo{
	{UnitBytes, "bytes; exact counts"},
	{UnitCount, "a count of things (may be a per-op average)"},
	{UnitNS, "nanoseconds"},
	{UnitRatio, "a dimensionless quotient"},
	{UnitBool, "1 (true) or 0 (false)"},
	{UnitPercent, "a percentage, e.g. GOGC"},
	{UnitOpsPerS, "operations per second"},
}

// ColumnInfo describes one column of the CSV.
type ColumnInfo struct {
	Name string // the header's name for it
	Doc  string // one line: what the column holds
}

// ColumnGlossary describes the columns of [Schema], in file order; [Columns]
// is its names.
var ColumnGlossary = []ColumnInfo{
	{"schema", `"mapbench/v3" (results.Schema), or "mapbench/v2" or "mapbench/v1" in rows after a v2 or v1 header; the header a row follows must be of its schema`},
	{"run_id", "identifies one `mapbench run` (the same on every row of the run)"},
	{"host", "host name of the machine that ran it"},
	{"go_version", "runtime.Version() of the binary that measured the cell, as it reports it: mapbench's own, or with -go the cell binary its toolchain built"},
	{"goos", "GOOS"},
	{"goarch", "GOARCH"},
	{"cpu", "CPU model string"},
	{"gomaxprocs", "GOMAXPROCS in force (decimal integer)"},
	{"gc_percent", "GOGC in force for the cell (decimal integer; -gc-percent takes a list of values in 1..10000, each a cell of its own; a phase that ran at another has a phase_gc_percent row)"},
	{"other_heap", "bytes of other live, pointer-rich objects the cell kept on the heap beside the map (-live-heap, each value a cell of its own; docs/methodology.md rule 36); heap figures leave them out; 0 when none (decimal integer; not in v1 and v2, whose rows are 0)"},
	{"seed", "the -seed of the run (decimal uint64); all op streams derive from it"},
	{"impl", "implementation name (native, syncmap, ...; docs/design.md, Implementations)"},
	{"impl_version", `module version of the implementation in the binary that measured the cell ("go1.26.8" for the runtime map: its go_version)`},
	{"scenario", "scenario name (docs/design.md, Scenarios; a replayed trace: trace:LABEL@DIGEST, docs/trace.md)"},
	{"shape", "key/value shape (u64, str, ...)"},
	{"n", "cell size: number of entries when full (> 0)"},
	{"presize", "true when the map was created with capacity n (true/false)"},
	{"goroutines", "G: the goroutines writing to the map at once in a concurrent scenario, 1 otherwise (decimal integer >= 1; not in v1, whose rows are 1)"},
	{"rep", "repetition index of the cell, from 0"},
	{"phase", "scenario phase (fill, delete, clear, refill, churn, mixed, replay, cycle), a replay's figures for one kind of op (replay-get, replay-put, replay-delete), or meta"},
	{"step", `cycle index in "cycles"; in "churn" and "mixed", k for the reading after k·n/2 ops (0: the start; the last step also carries the phase totals); in "replay", k for the reading after k sixteenths of the trace's ops (16: the end, with the totals); otherwise 0 (replay-get, replay-put and replay-delete: 0, figures over the whole replay)`},
	{"metric", "metric name: one of the metric table (results.Metrics)"},
	{"value", "the value; integral values below 2^53 without exponent, never NaN/Inf"},
	{"unit", "unit of value: the metric's unit in the metric table, one of results.Units"},
	{"note", "warnings about this value (empty when none), e.g. a failed self-check"},
}

// Scope says which rows of a cell carry a metric. A meta row has phase
// [PhaseMeta] and step 0; a phase row has a scenario phase (package
// scenarios names them) and its step.
type Scope uint8

// The scopes; [Scope.Doc] says what each is.
const (
	InRun Scope = iota + 1
	InCell
	InConcurrentCell
	InPhase
	InConcurrentPhase
)

// String is the scope's short name (a column of docs/csv.md).
func (s Scope) String() string {
	switch s {
	case InRun:
		return "meta, by the parent"
	case InCell:
		return "meta"
	case InConcurrentCell:
		return "meta, concurrent cells"
	case InPhase:
		return "phases"
	case InConcurrentPhase:
		return "concurrent phases"
	}
	return "unknown scope"
}

// Doc says which rows of a cell the scope is.
func (s Scope) Doc() string {
	switch s {
	case InRun:
		return "a meta row the parent process writes on every cell: the run's settings and provenance, and how the cell ended"
	case InCell:
		return "a meta row the cell's child process writes once: a self-check, the cell's environment or one of its settings"
	case InConcurrentCell:
		return "a meta row of the cells of concurrent scenarios only"
	case InPhase:
		return "a row of a scenario phase (fill, delete, ...), at the phase's step"
	case InConcurrentPhase:
		return "a row of a concurrent phase only (several goroutines at once)"
	}
	return "unknown scope"
}

// Meta reports whether rows of this scope have phase [PhaseMeta].
func (s Scope) Meta() bool { return s == InRun || s == InCell || s == InConcurrentCell }

// Concurrent reports whether only cells of concurrent scenarios have rows
// of this scope.
func (s Scope) Concurrent() bool { return s == InConcurrentCell || s == InConcurrentPhase }

// Better says which way a metric's value is better when implementations
// are compared on it.
type Better uint8

const (
	// BetterNeither: a count, a setting, a self-check or an environment
	// figure; no ranking by it.
	BetterNeither Better = iota
	// BetterLower: less is better (bytes, times, retained ratios).
	BetterLower
	// BetterHigher: more is better (throughput, reuse).
	BetterHigher
)

// String is how docs/csv.md names the direction.
func (b Better) String() string {
	switch b {
	case BetterLower:
		return "lower"
	case BetterHigher:
		return "higher"
	}
	return "neither"
}

// MetricInfo describes one metric name of the `metric` column.
type MetricInfo struct {
	Name   string // the `metric` column value: one of the Metric* constants
	Unit   string // the only valid `unit` for it, one of the Unit* constants
	Scope  Scope  // the rows that carry it
	Better Better // which way is better
	Doc    string // one line: what the value means
}

// Metrics is the metric table: every metric a results file may contain,
// and the only place its unit is written. Producers name a metric and take
// its unit from here ([MetricUnit]); docs/csv.md is generated from it.
// The first block is the core set of docs/design.md, CSV schema; the rest are mapbench's
// self-check, environment and diagnostic additions (mostly in phase "meta").
var Metrics = []MetricInfo{
	// Core metrics (docs/design.md, CSV schema).
	{MetricLiveHeap, UnitBytes, InPhase, BetterLower, "live heap after forced GC, delta from the pre-map baseline (shape ptr: less the live keys' payloads)"},
	{MetricHeapInuse, UnitBytes, InPhase, BetterLower, "heap bytes in in-use spans (objects + unused slots: the runtime's HeapInuse) after forced GC, delta from the baseline (shape ptr: payloads included)"},
	{MetricEntries, UnitCount, InPhase, BetterNeither, "entries live after the phase, from the op stream (verified by the checksum)"},
	{MetricOps, UnitCount, InPhase, BetterNeither, "operations in the phase"},
	{MetricNsPerOp, UnitNS, InPhase, BetterLower, "wall time per operation: the whole phase timed with one clock pair in an unsampled, unprobed timing pass on a fresh map; median over phase_passes runs. replay-get, replay-put, replay-delete: the replay's runs of 1024 or more consecutive ops of that kind, each timed as a block inside the same loop, over their ops (the note says what share of the kind's ops that is; no row when it has no such run)"},
	{MetricLatencyP50, UnitNS, InPhase, BetterLower, "median latency of a single op of the phase (insert in fill/refill, delete in delete, delete+insert in churn, a delete in mixed, any op in replay, a get, a put or a delete in replay-get, replay-put, replay-delete), 1 op in sample_every timed"},
	{MetricLatencyP90, UnitNS, InPhase, BetterLower, "90th percentile sampled single-op latency"},
	{MetricLatencyP99, UnitNS, InPhase, BetterLower, "99th percentile sampled single-op latency"},
	{MetricLatencyP999, UnitNS, InPhase, BetterLower, "99.9th percentile sampled single-op latency"},
	{MetricLatencyMax, UnitNS, InPhase, BetterLower, "largest sampled single-op latency"},
	{MetricLatencySamples, UnitCount, InPhase, BetterNeither, "number of latency samples behind the percentiles"},
	{MetricAllocBytesPerOp, UnitBytes, InPhase, BetterLower, "heap bytes allocated per operation (MemStats.TotalAlloc delta, forced GCs left out; shape ptr: less the payloads the harness allocates)"},
	{MetricAllocsPerOp, UnitCount, InPhase, BetterLower, "heap allocations per operation (shape ptr: less the payloads)"},
	{MetricGCCycles, UnitCount, InPhase, BetterLower, "GC cycles the phase triggered (cycles the harness forced are subtracted; a cycle still running at a checkpoint counts)"},
	{MetricGCPauseTotal, UnitNS, InPhase, BetterLower, "stop-the-world GC pause time inside the phase (/cpu/classes/gc/pause / GOMAXPROCS); a pause inside the harness's forced GCs is not counted"},
	{MetricGCAssistCPU, UnitNS, InPhase, BetterLower, "CPU time of GC assists in the cycles the phase triggered"},
	{MetricRetainedRatio, UnitRatio, InPhase, BetterLower, "live heap after deletes / live heap when full"},
	{MetricReuseRatio, UnitRatio, InPhase, BetterHigher, "1 - bytes allocated per replacement insert / live bytes per entry when full"},
	{MetricFootprintDrift, UnitRatio, InPhase, BetterLower, "churn: live heap at the end / when full; refill: after the refill / when full; cycle: full heap of the last cycle / of the first"},
	{MetricChecksumOK, UnitBool, InCell, BetterNeither, "1 when every key live at the end reads back its value, every deleted key is absent and Len (where the map has one) matched after every phase; 0 otherwise"},

	// mapbench additions.
	{MetricGCPauses, UnitCount, InPhase, BetterLower, "GC stop-the-world pauses inside the phase (not those inside the harness's forced GCs)"},
	{MetricGCPauseMax, UnitNS, InPhase, BetterLower, "longest GC stop-the-world pause in the phase, as the upper bound of its /sched/pauses/total/gc histogram bucket"},
	{MetricGCHeapScanned, UnitBytes, InPhase, BetterNeither, "heap bytes the forced GC that ended the phase scanned (/gc/scan/heap:bytes): what a GC cycle had to scan then, the map's pointer-holding memory, the harness's own and the other live heap (other_heap) included, not a delta; gc_cycles × this is about the scanning the phase's cycles did"},
	{MetricGrowthEvents, UnitCount, InPhase, BetterLower, "256-op churn windows whose allocation exceeded 4x their entries' worth and 32 KiB"},
	{MetricGCCallsToStable, UnitCount, InCell, BetterNeither, "forced GCs of the baseline reading, up to the one whose live heap equalled the one before (at most 5; a note when they never agreed)"},
	{MetricTimerOverhead, UnitNS, InCell, BetterNeither, "median of 1001 back-to-back clock pairs: what timing one op adds to its latency"},
	{MetricNoiseFloorP999, UnitNS, InCell, BetterNeither, "99.9th percentile of an empty timed region, timed as often as ops were sampled and at least 10,000 times (noise floor)"},
	{MetricNoiseOver10us, UnitCount, InCell, BetterNeither, "empty timed regions over 10us, per million"},
	{MetricNullCellLiveDelta, UnitBytes, InCell, BetterNeither, "live heap left by the null pass: the whole op stream against a map that does nothing (the harness's own retention)"},
	{MetricSnapshotAllocs, UnitCount, InCell, BetterNeither, "allocations of one heap reading (least of 3 rounds; must be 0)"},
	{MetricRepeatReadsEqual, UnitBool, InCell, BetterNeither, "1 when two back-to-back readings of the same state were equal"},
	{MetricLoopNsPerOp, UnitNS, InPhase, BetterNeither, "the harness's share of ns_per_op: the same timed loop over the same op-order inputs against a map that does nothing; median of 5 runs"},
	{MetricPhasePasses, UnitCount, InPhase, BetterNeither, "in-child repetitions of the phase that the timing median is taken over"},
	{MetricCPUShare, UnitRatio, InPhase, BetterNeither, "process CPU time / wall time over the phase's timing passes, in a concurrent phase divided by the goroutines that can run at once (writers + readers, at most GOMAXPROCS); under 0.9 in a single-goroutine phase the cell was descheduled (contention: a note says ns_per_op is inflated); in a concurrent phase goroutines that wait (a lock) lower it too, and it gets no note"},
	{MetricBytesPerEntry, UnitBytes, InPhase, BetterLower, "live_heap / entries when full"},
	{MetricCapacity, UnitCount, InPhase, BetterNeither, "slots as reported by the library after the phase, where it exposes them (xsync)"},
	{MetricSampleEvery, UnitCount, InCell, BetterNeither, "1 op in this many is timed alone for the latency distribution (0 = sampling off)"},
	{MetricMinPhase, UnitNS, InCell, BetterNeither, "-min-phase: each phase was timed on fresh maps until its runs added up to this (phase_passes runs)"},
	{MetricCellWallTime, UnitNS, InRun, BetterNeither, "wall time of the cell's child process, start to exit, measured by the parent"},
	{MetricDiagnostics, UnitBool, InCell, BetterNeither, "1 when the cell ran with diagnostics (-trace, -cpuprofile, -memprofile, -gctrace of mapbench run), which perturb its figures; note: which ones, what each covers and its file"},
	{MetricCellFailed, UnitBool, InRun, BetterNeither, "1 when the cell failed; reason and stderr tail in note"},
	{MetricPasses, UnitCount, InRun, BetterNeither, "-passes: the most timing runs of a phase (phase_passes is how many ran)"},
	{MetricTimeout, UnitNS, InRun, BetterNeither, "-timeout: the time limit of one cell's child process (0 = none)"},
	{MetricMemLimit, UnitBytes, InRun, BetterNeither, "-mem-limit: the cap on each cell's address space (0 = none)"},
	{MetricRunConfig, UnitBool, InRun, BetterNeither, "1; note: every setting of the run as key=value pairs separated by \";\" (the flags of mapbench run, and GOEXPERIMENT, GOMEMLIMIT, GODEBUG when set); -resume continues the run from it"},
	{MetricCommandLine, UnitBool, InRun, BetterNeither, "1; note: the command that measured this cell, shell-quoted (\"mapbench run\" and its arguments as given)"},

	// Concurrent scenarios: the phases where several goroutines work at once.
	{MetricOpsPerSec, UnitOpsPerS, InConcurrentPhase, BetterHigher, "aggregate throughput of the phase's writers (mixed: of all its ops): ops / wall time from the start barrier to the last goroutine's finish; from the same timing passes as ns_per_op"},
	{MetricReadLatencyP50, UnitNS, InConcurrentPhase, BetterLower, "median latency of a single read (Get) during the phase: the reader goroutine's reads (concurrent-drain, concurrent-churn) or the mix's reads (mixed), 1 read in sample_every timed, merged across goroutines"},
	{MetricReadLatencyP90, UnitNS, InConcurrentPhase, BetterLower, "90th percentile sampled single-read latency"},
	{MetricReadLatencyP99, UnitNS, InConcurrentPhase, BetterLower, "99th percentile sampled single-read latency"},
	{MetricReadLatencyP999, UnitNS, InConcurrentPhase, BetterLower, "99.9th percentile sampled single-read latency"},
	{MetricReadLatencyMax, UnitNS, InConcurrentPhase, BetterLower, "largest sampled single-read latency"},
	{MetricReadLatencySample, UnitCount, InConcurrentPhase, BetterNeither, "number of read latency samples behind the read percentiles"},
	{MetricReads, UnitCount, InPhase, BetterNeither, "reads done during a concurrent phase or a replay in the primary pass (a reader goroutine keeps reading until the writers finish)"},
	{MetricReadHitRatio, UnitRatio, InPhase, BetterNeither, "share of the phase's reads (primary pass) that found their key (concurrent phases, replay)"},
	{MetricReaders, UnitCount, InConcurrentPhase, BetterNeither, "reader goroutines running beside the goroutines column's writers"},
	{MetricOversubscribed, UnitBool, InConcurrentCell, BetterNeither, "1 when the cell's goroutines (writers and readers) outnumber GOMAXPROCS, so they take turns on the CPUs; note says how many"},
	{MetricMixReads, UnitPercent, InConcurrentCell, BetterNeither, "-mix: percent of mixed-zipf ops that are reads"},
	{MetricMixInserts, UnitPercent, InConcurrentCell, BetterNeither, "-mix: percent of mixed-zipf ops that are inserts (Put of a key of the goroutine's own partition)"},
	{MetricMixDeletes, UnitPercent, InConcurrentCell, BetterNeither, "-mix: percent of mixed-zipf ops that are deletes (of a key of the goroutine's own partition)"},
	{MetricRebuilds, UnitCount, InPhase, BetterNeither, "copies of the map into a fresh one that an implementation which rebuilds itself (impls.Rebuilder: native-rebuild) made during the phase, in the primary pass"},
	{MetricRebuildTime, UnitNS, InPhase, BetterLower, "wall time of those copies; they run inside the deletes that trigger them, so they are part of the phase's ns_per_op and latencies"},
	{MetricHandoff, UnitNS, InConcurrentCell, BetterNeither, "median time for a value one goroutine stores to be seen by another spinning on another CPU (a cache line passed back and forth 20,000 times, before the baseline of a concurrent cell): what moving data between the cell's CPUs costs; it changes when a virtual machine's vCPUs are moved"},
	{MetricPayloadsDropped, UnitCount, InPhase, BetterNeither, "shape ptr: payloads whose key was deleted or overwritten by the end of the phase (payloads allocated by the primary pass's Puts less the live keys)"},
	{MetricPayloadRetained, UnitBytes, InPhase, BetterLower, "shape ptr: heap bytes of dropped payloads still reachable after forced GC (live objects of the payload's 1024-byte size class less the live keys, times 1024); note when over 1% of the dropped payloads"},
	{MetricPhaseGCPercent, UnitPercent, InPhase, BetterNeither, "GOGC the phase ran at, present only where it differs from the gc_percent column: the insert phases of shape ptr run at GOGC=100 (docs/methodology.md, rule 5)"},
	{MetricOtherHeapLive, UnitBytes, InCell, BetterNeither, "the live heap the cell's other objects (-live-heap: other_heap bytes of 32-byte objects) added when they were built, before the baseline: /gc/heap/live after forced GCs less before, other_heap exactly unless the runtime's own state grew too (a note past 64 B: docs/methodology.md, rule 36); present only when other_heap > 0"},
	{MetricZipfS, UnitRatio, InConcurrentCell, BetterNeither, "-zipf-s: exponent s of the Zipf key choice of mixed-zipf (rank r is chosen with probability proportional to (1+r)^-s)"},
}

// metricIndex maps a metric name to its entry in Metrics.
var metricIndex = func() map[string]int {
	idx := make(map[string]int, len(Metrics))
	for i, m := range Metrics {
		if _, dup := idx[m.Name]; !dup {
			idx[m.Name] = i
		}
	}
	return idx
}()

// LookupMetric returns the table entry of the metric called name.
func LookupMetric(name string) (MetricInfo, bool) {
	i, ok := metricIndex[name]
	if !ok {
		return MetricInfo{}, false
	}
	return Metrics[i], true
}

// MetricUnit returns the unit of the metric called name, for producers of
// rows: they name the metric, the table gives the unit. A name not in
// [Metrics] is a programming error (a metric added without its table
// entry), and MetricUnit panics rather than write a row no reader accepts.
// It does not allocate.
func MetricUnit(name string) string {
	i, ok := metricIndex[name]
	if !ok {
		panic("results: metric " + name + " is not in results.Metrics")
	}
	return Metrics[i].Unit
}
