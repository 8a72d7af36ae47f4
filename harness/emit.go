package harness

import (
	"fmt"
	"runtime"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"mapbench/results"
	"mapbench/scenarios"
)

// Thresholds for the notes kept with latency rows (docs/methodology.md
// rules 13, 14 and 20).
const (
	minLatencyNs    = 100     // below this a single-op time is mostly clock cost
	minTailSamples  = 1000    // p99.9 needs at least this many samples
	minMaxSamples   = 1000000 // max is only robust with 10^6 samples
	nullOneP        = 64      // B of runtime state a null pass may show on one P (nullLimit)
	nullPerExtraP   = 1024    // and for each further P
	noiseOver       = 10000   // ns: the noise floor counts regions over 10 µs
	perMillion      = 1e6
	minCPUShare     = 0.9 // CPU time / wall time of a timing pass below this: contention
	noteBelowClock  = "under 100 ns: mostly clock cost, not latency"
	noteFewSamples  = "fewer than 1000 samples: p99.9 not robust"
	noteMaxSamples  = "fewer than 10^6 samples: max is a single observation"
	noteNoiseFloor  = "does not clear this cell's noise floor (noise_floor_p999)"
	notePauseBucket = "upper bound of a runtime/metrics histogram bucket"
)

// emitter collects a cell's rows. A producer names the metric and its
// value; the unit is the metric table's (results.Metrics), so no row can
// carry a unit of its own.
type emitter struct{ rows []Row }

// add writes one row (see newRow).
func (o *emitter) add(phase string, step int, metric string, v float64, note string) {
	o.rows = append(o.rows, newRow(phase, step, metric, v, note))
}

// meta writes one meta row (phase meta, step 0).
func (o *emitter) meta(metric string, v float64, note string) {
	o.add(results.PhaseMeta, 0, metric, v, note)
}

// newRow is one row of metric, with the unit the metric table gives it.
// A metric the table lacks is a programming error: results.MetricUnit
// panics, which fails the cell (and every harness test that runs it)
// instead of writing a row no reader accepts.
func newRow(phase string, step int, metric string, v float64, note string) Row {
	return Row{Phase: phase, Step: step, Metric: metric, Value: v, Unit: results.MetricUnit(metric), Note: note}
}

// addHeap writes live_heap and heap_inuse of reading h, relative to the
// baseline, and returns the live figure. live_heap leaves out the bytes
// less (shape ptr: the live keys' payloads). heap_inuse cannot: the
// payloads' spans were partly in use at the baseline already (the null
// pass allocated payloads too), so a ptr cell's heap_inuse includes them.
func (o *emitter) addHeap(phase string, step int, h, base heap, less uint64) float64 {
	live := float64(int64(h.live) - int64(base.live) - int64(less))
	o.add(phase, step, results.MetricLiveHeap, live, "")
	o.add(phase, step, results.MetricHeapInuse, float64(int64(h.inuse)-int64(base.inuse)), "")
	return live
}

// medianNs is the median of ns as a float (0 when empty).
func medianNs(ns []int64) float64 {
	if len(ns) == 0 {
		return 0
	}
	f := make([]float64, len(ns))
	for i, v := range ns {
		f[i] = float64(v)
	}
	return results.Median(f)
}

// nullLimit is the most a null pass may leave live at GOMAXPROCS procs:
// 64 B, then 1 KiB for each further P, the runtime's own state that the
// warm-up cannot settle (docs/methodology.md rule 20 gives the amounts
// measured and where they come from).
func nullLimit(procs int) int64 {
	return nullOneP + int64(max(procs-1, 0))*nullPerExtraP
}

// b2f is a bool row's value.
func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// emit writes the cell's rows, in this order: the self-checks, the cell's
// settings and environment (all phase meta), then each phase's rows, then
// the cycles' summary. The order is the files' (golden files compare it).
func (e *executor[K, V]) emit(o *emitter, sc *selfChecks) {
	e.emitSelfChecks(o, sc)
	e.emitSettings(o, sc)
	noiseP999 := sc.noise.ValueAtQuantile(99.9)
	var acc phaseHistory
	for i := range e.plan.Phases {
		e.emitPhase(o, i, sc.base, noiseP999, &acc)
	}
	if cycles := e.plan.Phases[len(e.plan.Phases)-1].Step; cycles > 0 && acc.firstFull > 0 {
		o.add(scenarios.PhaseCycle, 0, results.MetricFootprintDrift, acc.fullLive/acc.firstFull,
			fmt.Sprintf("live heap when full: last cycle / first cycle (after the first delete: %.0f B)", acc.firstEmpty))
	}
}

// emitSelfChecks writes the meta rows that say whether the cell's
// measurements can be trusted (docs/methodology.md rules 7, 13, 14, 20): each
// failed check carries a note.
func (e *executor[K, V]) emitSelfChecks(o *emitter, sc *selfChecks) {
	base := sc.base
	o.meta(results.MetricTimerOverhead, float64(sc.timerOverhead), "")
	o.meta(results.MetricNoiseFloorP999, float64(sc.noise.ValueAtQuantile(99.9)), "")
	o.meta(results.MetricNoiseOver10us, float64(countOver(sc.noise, noiseOver))*perMillion/float64(max(sc.noise.TotalCount(), 1)), "")
	stableNote := ""
	if !base.settled {
		stableNote = fmt.Sprintf("self-check failed: the baseline live heap still changed after %d forced GCs", base.gcRuns)
	}
	o.meta(results.MetricGCCallsToStable, float64(base.gcRuns), stableNote)
	snapNote := ""
	if sc.snapshotAllocs != 0 {
		snapNote = "self-check failed: the heap reading path allocates"
	}
	o.meta(results.MetricSnapshotAllocs, float64(sc.snapshotAllocs), snapNote)
	nullNote := ""
	if procs := runtime.GOMAXPROCS(0); sc.nullDelta > nullLimit(procs) || sc.nullDelta < -nullLimit(procs) {
		nullNote = fmt.Sprintf("self-check failed: the null pass left %d B live (limit %d B at GOMAXPROCS=%d)",
			sc.nullDelta, nullLimit(procs), procs)
	}
	o.meta(results.MetricNullCellLiveDelta, float64(sc.nullDelta), nullNote)
	repNote := ""
	if !sc.repeatEqual {
		repNote = "self-check failed: two back-to-back readings differ"
	}
	o.meta(results.MetricRepeatReadsEqual, b2f(sc.repeatEqual), repNote)
	o.meta(results.MetricChecksumOK, b2f(sc.sumOK), sc.sumNote)
}

// otherHeapNote is the other_heap_live row's note: a failed self-check when
// the other live heap did not add its nodes' bytes to the live heap, within
// the runtime's own state a reading may hold (nullLimit).
func otherHeapNote(h otherHeap) string {
	want := int64(h.nodes * liveNodeBytes)
	if limit := nullLimit(runtime.GOMAXPROCS(0)); h.live < want-limit || h.live > want+limit {
		return fmt.Sprintf("self-check failed: the other live heap's %d objects of %d B should add %d B to the live heap, not %d B",
			h.nodes, liveNodeBytes, want, h.live)
	}
	return ""
}

// emitSettings writes the meta rows of the cell's settings and of what
// its goroutines ran on: sampling, -min-phase, the other live heap,
// diagnostics; for a
// concurrent cell whether its goroutines outnumber the CPUs and the CPUs'
// handoff time; for mixed-zipf, its -mix and -zipf-s.
func (e *executor[K, V]) emitSettings(o *emitter, sc *selfChecks) {
	o.meta(results.MetricSampleEvery, float64(e.spec.SampleEvery), "")
	o.meta(results.MetricMinPhase, float64(e.spec.MinPhase), "")
	if e.spec.LiveHeap > 0 {
		o.meta(results.MetricOtherHeapLive, float64(sc.other.live), otherHeapNote(sc.other))
	}
	if e.spec.Diagnostics.On() {
		o.meta(results.MetricDiagnostics, 1, diagnosticsNote(e.spec))
	}
	if e.team != nil {
		g, rd := len(e.team.writers), len(e.team.readers)
		procs := runtime.GOMAXPROCS(0)
		over, note := g+rd > procs, ""
		if over {
			note = fmt.Sprintf("%d goroutines (%d writers + %d readers) on GOMAXPROCS=%d: they take turns", g+rd, g, rd, procs)
		}
		o.meta(results.MetricOversubscribed, b2f(over), note)
		if sc.handoffNs > 0 {
			o.meta(results.MetricHandoff, float64(sc.handoffNs), "")
		}
	}
	for i := range e.plan.Phases {
		// -mix and -zipf-s make mixed-zipf's op stream; a replay's mix is
		// its trace's.
		if e.plan.Phases[i].Name == scenarios.PhaseMixed {
			prm := e.spec.params()
			o.meta(results.MetricMixReads, float64(prm.Mix.Reads), "")
			o.meta(results.MetricMixInserts, float64(prm.Mix.Inserts), "")
			o.meta(results.MetricMixDeletes, float64(prm.Mix.Deletes), "")
			o.meta(results.MetricZipfS, prm.ZipfS, "")
			break
		}
	}
}

// phaseHistory is what a phase's ratios are relative to: the readings of
// the phases before it.
type phaseHistory struct {
	fullLive   float64 // live heap after the latest fill
	firstFull  float64 // live heap after the first fill (cycles)
	firstEmpty float64 // live heap after the first delete (cycles)
	allocated  uint64  // shape ptr: payloads allocated by the phases so far
}

// emitPhase writes the rows of phase i, at its step (in a trajectory, the
// last: the end of the phase, which carries the totals): the heap
// readings, the payload rows of shape ptr, what the phase did, its times,
// its allocations and GC, its latencies, then the ratios to earlier
// phases.
func (e *executor[K, V]) emitPhase(o *emitter, i int, base heap, noiseP999 int64, acc *phaseHistory) {
	ph, r := &e.plan.Phases[i], &e.res[i]
	name, step := ph.Name, ph.Step
	if len(r.checkpoints) > 0 {
		step = len(r.checkpoints)
		e.emitTrajectory(o, i, base)
	}
	live := o.addHeap(name, step, r.after, base, e.payloads(ph.Live))
	ops := float64(ph.Ops())
	// Shape ptr: the payloads the harness allocates are not the map's
	// allocations.
	allocBytes, allocs := r.d.allocBytes, r.d.allocs
	if e.d.payload > 0 {
		ins := uint64(inserts(ph))
		allocBytes, allocs = allocBytes-min(allocBytes, ins*e.d.payload), allocs-min(allocs, ins)
		acc.allocated += ins
		e.emitPayloads(o, name, step, r.after.classLive-base.classLive, ph.Live, acc.allocated)
	}
	e.emitWork(o, ph, r, step)
	e.emitTiming(o, ph, r, step, noiseP999)
	o.add(name, step, results.MetricAllocBytesPerOp, float64(allocBytes)/ops, "")
	o.add(name, step, results.MetricAllocsPerOp, float64(allocs)/ops, "")
	e.emitGC(o, name, step, r.d)
	o.add(name, step, results.MetricGCHeapScanned, float64(r.after.scanned), "")
	e.emitLatency(o, name, step, r.hist, noiseP999, writeLatency)
	e.emitRatios(o, ph, r, step, live, allocBytes, acc)
	if r.kinds != nil {
		e.emitKinds(o, i, noiseP999)
	}
}

// emitTrajectory writes the heap readings of a phase read at checkpoints
// (phase i): step 0 is the start of the phase (the reading after the
// phase before), step k the reading after k checkpoints; the last step,
// the end of the phase, emitPhase writes with the totals.
func (e *executor[K, V]) emitTrajectory(o *emitter, i int, base heap) {
	ph, r := &e.plan.Phases[i], &e.res[i]
	if i > 0 {
		o.addHeap(ph.Name, 0, e.res[i-1].after, base, e.payloads(e.plan.Phases[i-1].Live))
	}
	// A churn op deletes a live key and inserts a new one: the live keys
	// stay ph.Live.
	// A replay's live keys change: each reading has its entries beside it.
	for k, c := range r.checkpoints[:len(r.checkpoints)-1] {
		live := ph.Live
		if k < len(ph.LiveAt) {
			live = ph.LiveAt[k]
			o.add(ph.Name, k+1, results.MetricEntries, float64(live), "")
		}
		o.addHeap(ph.Name, k+1, c, base, e.payloads(live))
	}
}

// emitWork writes what the phase did: its entries and ops, the library's
// capacity and rebuilds where it reports them, and the GOGC it ran at
// where that is not the cell's.
func (e *executor[K, V]) emitWork(o *emitter, ph *scenarios.Phase, r *phaseResult, step int) {
	name := ph.Name
	if len(e.plan.Shared) > 0 {
		// A replay whose lanes ran at once and share keys: how they
		// interleaved decided which of those keys are live.
		o.add(name, step, results.MetricEntries, float64(e.present),
			fmt.Sprintf("the keys found in the map after the replay: %d keys are named by more than one lane, and how the lanes interleaved decided which of them are live", len(e.plan.Shared)))
	} else {
		o.add(name, step, results.MetricEntries, float64(ph.Live), "")
	}
	o.add(name, step, results.MetricOps, float64(ph.Ops()), ph.Note)
	if r.capacity >= 0 {
		o.add(name, step, results.MetricCapacity, float64(r.capacity), "")
	}
	if r.rebuilds >= 0 {
		o.add(name, step, results.MetricRebuilds, float64(r.rebuilds), "")
		o.add(name, step, results.MetricRebuildTime, float64(r.rebuildNs), "")
	}
	if gc := e.gcPercent(ph); gc != e.spec.GCPercent {
		o.add(name, step, results.MetricPhaseGCPercent, float64(gc),
			"inserts allocate heap payloads: this phase ran at this GOGC, not the gc_percent column's (docs/methodology.md rule 5)")
	}
}

// emitTiming writes the phase's times from its timing passes: ns_per_op
// and how many passes it is the median of, the harness's own share, a
// concurrent phase's throughput and reads, and the CPU share.
func (e *executor[K, V]) emitTiming(o *emitter, ph *scenarios.Phase, r *phaseResult, step int, noiseP999 int64) {
	name, ops := ph.Name, float64(ph.Ops())
	o.add(name, step, results.MetricNsPerOp, medianNs(r.ns)/ops, "")
	o.add(name, step, results.MetricPhasePasses, float64(len(r.ns)), "")
	if len(r.loopNs) > 0 {
		o.add(name, step, results.MetricLoopNsPerOp, medianNs(r.loopNs)/ops, "")
	}
	if ph.Bounds != nil {
		e.emitConcurrent(o, ph, r, step, noiseP999)
	} else if ph.Kind == scenarios.Mixed {
		// A replay on one goroutine: its reads and hits over the primary
		// pass (the latency of its gets is under phase replay-get).
		o.add(name, step, results.MetricReads, float64(r.reads), "")
		if r.reads > 0 {
			o.add(name, step, results.MetricReadHitRatio, float64(r.hits)/float64(r.reads), "")
		}
	}
	if r.wallNs > 0 {
		// A concurrent phase can keep one CPU busy per goroutine, up
		// to GOMAXPROCS.
		share := float64(r.cpuNs) / float64(r.wallNs) / float64(e.runnable(ph))
		note := ""
		if share < minCPUShare && ph.Bounds == nil {
			note = fmt.Sprintf("contention: the cell had a CPU for only %.0f%% of the timing passes; ns_per_op is inflated", 100*share)
		}
		o.add(name, step, results.MetricCPUShare, share, note)
	}
}

// emitGC writes the GC the phase triggered, forced GCs left out.
func (e *executor[K, V]) emitGC(o *emitter, name string, step int, d delta) {
	o.add(name, step, results.MetricGCCycles, float64(d.cycles), "")
	o.add(name, step, results.MetricGCPauses, float64(d.pauseCount), "")
	o.add(name, step, results.MetricGCPauseTotal, d.pauseSec*1e9/float64(max(e.spec.GOMAXPROCS, 1)), "")
	o.add(name, step, results.MetricGCPauseMax, d.pauseMax*1e9, notePauseBucket)
	o.add(name, step, results.MetricGCAssistCPU, d.assistSec*1e9, "")
}

// emitRatios writes the figures of a phase relative to earlier ones, by
// phase: bytes per entry when full, the heap retained after deletes, the
// reuse of freed space by inserts and the footprint's drift; and records
// the readings later phases are relative to in acc.
func (e *executor[K, V]) emitRatios(o *emitter, ph *scenarios.Phase, r *phaseResult, step int, live float64, allocBytes uint64, acc *phaseHistory) {
	name, ops, n := ph.Name, float64(ph.Ops()), e.spec.N
	switch ph.Name {
	case scenarios.PhaseFill:
		acc.fullLive = live
		if step == 0 {
			acc.firstFull = live
		}
		o.add(name, step, results.MetricBytesPerEntry, live/float64(max(ph.Live, 1)), "")
	case scenarios.PhaseDelete:
		if step == 0 {
			acc.firstEmpty = live
		}
		if acc.fullLive > 0 {
			o.add(name, step, results.MetricRetainedRatio, live/acc.fullLive, "")
		}
	case scenarios.PhaseClear:
		if acc.fullLive > 0 {
			o.add(name, step, results.MetricRetainedRatio, live/acc.fullLive, "")
		}
	case scenarios.PhaseRefill:
		emitReuse(o, name, step, allocBytes, acc.fullLive/float64(n), ops)
		if acc.fullLive > 0 {
			o.add(name, step, results.MetricFootprintDrift, live/acc.fullLive, "")
		}
	case scenarios.PhaseMixed:
		if acc.fullLive > 0 {
			o.add(name, step, results.MetricFootprintDrift, live/acc.fullLive, "live heap at the end of the mix / when full")
		}
	case scenarios.PhaseChurn:
		emitReuse(o, name, step, allocBytes, acc.fullLive/float64(n), ops)
		if ph.Bounds == nil {
			o.add(name, step, results.MetricGrowthEvents, float64(r.growth), fmt.Sprintf("256-op windows allocating > %d B", e.growthBytes))
		}
		if acc.fullLive > 0 {
			o.add(name, step, results.MetricFootprintDrift, live/acc.fullLive, "live heap at the end of churn / when full")
		}
	}
}

// payloads is the heap bytes of live keys' payloads (shape ptr; 0 for the
// other shapes).
func (e *executor[K, V]) payloads(live int) uint64 { return uint64(live) * e.d.payload }

// payloadRetainNote is the share of dropped payloads above which
// payload_retained gets a note.
const payloadRetainNote = 0.01

// emitPayloads writes a ptr phase's payload rows: the payloads dropped so
// far (allocated less live keys) and the bytes of those still reachable
// (classLive, the payload size class's live objects since the baseline,
// less the live keys; docs/methodology.md rule 34).
func (e *executor[K, V]) emitPayloads(o *emitter, name string, step int, classLive int64, live int, allocated uint64) {
	dropped := int64(allocated) - int64(live)
	kept := classLive - int64(live)
	o.add(name, step, results.MetricPayloadsDropped, float64(dropped), "")
	note := ""
	if dropped > 0 && float64(kept) > payloadRetainNote*float64(dropped) {
		note = fmt.Sprintf("%d of %d dropped payloads (%.1f%%) are still reachable", kept, dropped, 100*float64(kept)/float64(dropped))
	}
	o.add(name, step, results.MetricPayloadRetained, float64(kept*int64(e.d.payload)), note)
}

// emitReuse writes reuse_ratio: 1 − bytes allocated per replacement insert /
// live bytes per entry when full (docs/methodology.md rule 18).
func emitReuse(o *emitter, name string, step int, allocBytes uint64, perEntryFull, ops float64) {
	if perEntryFull <= 0 {
		return
	}
	o.add(name, step, results.MetricReuseRatio, 1-float64(allocBytes)/ops/perEntryFull, "")
}

// latencyMetrics names the rows of one latency distribution.
type latencyMetrics struct{ p50, p90, p99, p999, max, samples string }

var (
	writeLatency = latencyMetrics{results.MetricLatencyP50, results.MetricLatencyP90, results.MetricLatencyP99,
		results.MetricLatencyP999, results.MetricLatencyMax, results.MetricLatencySamples}
	readLatency = latencyMetrics{results.MetricReadLatencyP50, results.MetricReadLatencyP90, results.MetricReadLatencyP99,
		results.MetricReadLatencyP999, results.MetricReadLatencyMax, results.MetricReadLatencySample}
)

// runnable is how many of a phase's goroutines can run at once: its
// writers and readers, at most GOMAXPROCS (1 for a single-goroutine phase).
func (e *executor[K, V]) runnable(ph *scenarios.Phase) int {
	if ph.Bounds == nil {
		return 1
	}
	return max(min(ph.Goroutines()+ph.Readers, runtime.GOMAXPROCS(0)), 1)
}

// emitConcurrent writes the rows only a concurrent phase has: throughput,
// readers, the read latency distribution, reads and their hit ratio.
func (e *executor[K, V]) emitConcurrent(o *emitter, ph *scenarios.Phase, r *phaseResult, step int, noiseP999 int64) {
	name := ph.Name
	if med := medianNs(r.ns); med > 0 {
		o.add(name, step, results.MetricOpsPerSec, float64(ph.Ops())/(med/1e9), "")
	}
	o.add(name, step, results.MetricReaders, float64(ph.Readers), "")
	e.emitLatency(o, name, step, r.rhist, noiseP999, readLatency)
	if ph.Readers > 0 || ph.Kind == scenarios.Mixed {
		// A reader can be starved (more goroutines than CPUs): 0 reads is a finding.
		o.add(name, step, results.MetricReads, float64(r.reads), "")
	}
	if r.reads > 0 {
		o.add(name, step, results.MetricReadHitRatio, float64(r.hits)/float64(r.reads), "")
	}
}

func (e *executor[K, V]) emitLatency(o *emitter, name string, step int, h *hdrhistogram.Histogram, noiseP999 int64, lm latencyMetrics) {
	cnt := h.TotalCount()
	if cnt == 0 {
		return
	}
	note := func(v int64, tail bool) string {
		switch {
		case v < minLatencyNs:
			return noteBelowClock
		case tail && v <= noiseP999:
			return noteNoiseFloor
		}
		return ""
	}
	for _, q := range []struct {
		metric string
		q      float64
	}{{lm.p50, 50}, {lm.p90, 90}, {lm.p99, 99}} {
		v := h.ValueAtQuantile(q.q)
		o.add(name, step, q.metric, float64(v), note(v, false))
	}
	v := h.ValueAtQuantile(99.9)
	n := note(v, true)
	if cnt < minTailSamples && n == "" {
		n = noteFewSamples
	}
	o.add(name, step, lm.p999, float64(v), n)
	v = h.Max()
	n = note(v, true)
	if cnt < minMaxSamples && n == "" {
		n = noteMaxSamples
	}
	o.add(name, step, lm.max, float64(v), n)
	o.add(name, step, lm.samples, float64(cnt), "")
}

func countOver(h *hdrhistogram.Histogram, ns int64) int64 {
	var c int64
	for _, b := range h.Distribution() {
		if b.From > ns {
			c += b.Count
		}
	}
	return c
}
