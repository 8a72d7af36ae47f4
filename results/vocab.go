package results

// PhaseMeta is the `phase` of a cell's self-check, setting and environment
// rows (the scenario phases are named by package scenarios).
const PhaseMeta = "meta"

// Metric names: the `metric` column. Each name is written here once;
// producers and readers use these constants, so a misspelt name does not
// compile. The metric table (Metrics) gives each its unit, the rows that
// carry it, which way is better and what it means.
const (
	MetricLiveHeap        = "live_heap"
	MetricHeapInuse       = "heap_inuse"
	MetricEntries         = "entries"
	MetricOps             = "ops"
	MetricNsPerOp         = "ns_per_op"
	MetricLoopNsPerOp     = "loop_ns_per_op"
	MetricLatencyP50      = "latency_p50"
	MetricLatencyP90      = "latency_p90"
	MetricLatencyP99      = "latency_p99"
	MetricLatencyP999     = "latency_p999"
	MetricLatencyMax      = "latency_max"
	MetricLatencySamples  = "latency_samples"
	MetricAllocBytesPerOp = "alloc_bytes_per_op"
	MetricAllocsPerOp     = "allocs_per_op"
	MetricGCCycles        = "gc_cycles"
	MetricGCPauseTotal    = "gc_pause_total"
	MetricGCAssistCPU     = "gc_assist_cpu"
	MetricRetainedRatio   = "retained_ratio"
	MetricReuseRatio      = "reuse_ratio"
	MetricFootprintDrift  = "footprint_drift"
	MetricChecksumOK      = "checksum_ok"

	MetricGCPauses          = "gc_pauses"
	MetricGCPauseMax        = "gc_pause_max"
	MetricGrowthEvents      = "growth_events"
	MetricGCCallsToStable   = "gc_calls_to_stable"
	MetricTimerOverhead     = "timer_overhead"
	MetricNoiseFloorP999    = "noise_floor_p999"
	MetricNoiseOver10us     = "noise_floor_over_10us_per_million"
	MetricNullCellLiveDelta = "null_cell_live_delta"
	MetricSnapshotAllocs    = "snapshot_allocs"
	MetricRepeatReadsEqual  = "repeat_reads_equal"
	MetricPhasePasses       = "phase_passes"
	MetricCPUShare          = "cpu_share"
	MetricBytesPerEntry     = "bytes_per_entry"
	MetricCapacity          = "capacity"
	MetricSampleEvery       = "sample_every"
	MetricMinPhase          = "min_phase"
	MetricCellWallTime      = "cell_wall_time"
	// MetricDiagnostics marks a cell run with diagnostics (-trace,
	// -cpuprofile, -memprofile, -gctrace): value 1, the note names them
	// and their files. Its figures are perturbed.
	MetricDiagnostics = "diagnostics"
	// Settings the parent records on every cell (phase "meta", step 0),
	// before the cell's own rows: the -passes, -timeout and -mem-limit of
	// the run, and two provenance rows whose value is 1 and whose note
	// holds a string: run_config, every setting of the run (what -resume
	// continues from; see ParseRunConfig), and command_line, the command
	// of the process that measured the cell.
	MetricPasses      = "passes"
	MetricTimeout     = "timeout"
	MetricMemLimit    = "mem_limit"
	MetricRunConfig   = "run_config"
	MetricCommandLine = "command_line"
	// MetricCellFailed is the metric of the row that marks a failed cell
	// (value 1); the reason and the tail of the child's stderr go in the
	// note.
	MetricCellFailed = "cell_failed"

	// Concurrent scenarios (concurrent-drain, concurrent-churn, mixed-zipf).
	MetricOpsPerSec         = "ops_per_sec"
	MetricReadLatencyP50    = "read_latency_p50"
	MetricReadLatencyP90    = "read_latency_p90"
	MetricReadLatencyP99    = "read_latency_p99"
	MetricReadLatencyP999   = "read_latency_p999"
	MetricReadLatencyMax    = "read_latency_max"
	MetricReadLatencySample = "read_latency_samples"
	MetricReads             = "reads"
	MetricReadHitRatio      = "read_hit_ratio"
	MetricReaders           = "readers"
	MetricOversubscribed    = "oversubscribed"
	MetricMixReads          = "mix_reads"
	MetricMixInserts        = "mix_inserts"
	MetricMixDeletes        = "mix_deletes"
	MetricZipfS             = "zipf_s"
	MetricHandoff           = "cpu_handoff"
	MetricRebuilds          = "rebuilds"
	MetricRebuildTime       = "rebuild_time"
	MetricPayloadsDropped   = "payloads_dropped"
	MetricPayloadRetained   = "payload_retained"
	MetricPhaseGCPercent    = "phase_gc_percent"
	MetricOtherHeapLive     = "other_heap_live"
	MetricGCHeapScanned     = "gc_heap_scanned"
)

// EndsCell reports whether a row with this metric is the last row of a
// cell: the parent appends cell_wall_time to every finished cell and
// writes a failed cell as a single cell_failed row. A cell in a file
// without one was cut short.
func EndsCell(metric string) bool {
	return metric == MetricCellWallTime || metric == MetricCellFailed
}

// IsProvenance reports whether a row with this metric carries a string in
// its note (run_config, command_line) rather than a warning.
func IsProvenance(metric string) bool {
	return metric == MetricRunConfig || metric == MetricCommandLine
}
