package harness

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"runtime/debug"
	"runtime/trace"
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"mapbench/impls"
	"mapbench/scenarios"
)

const (
	// growthWindow is the op count of a churn growth-event window.
	growthWindow = 256
	// Latency histograms track 1 ns .. 1 min with 3 significant digits.
	histMax  = int64(time.Minute)
	histSigs = 3
	// loopRuns is how many times each phase's loop is timed against the
	// null map for loop_ns_per_op (the median is reported).
	loopRuns = 5
)

// RunCell runs one cell in the current process and returns its rows. It is
// what the child process does; tests call it directly.
func RunCell(spec Spec) ([]Row, error) {
	im, ok := impls.Lookup(spec.Impl)
	if !ok {
		return nil, fmt.Errorf("unknown impl %q", spec.Impl)
	}
	sc, ok := scenarios.Lookup(spec.Scenario)
	if !ok {
		return nil, fmt.Errorf("unknown scenario %q", spec.Scenario)
	}
	cs, err := lookupShape(spec.Shape)
	if err != nil {
		return nil, err
	}
	cell, err := cs.open(im.Name)
	if err != nil {
		return nil, err
	}
	if sc.ClearRefill {
		if !cell.clears() {
			return nil, fmt.Errorf("scenario %s clears the map with its own Clear; impl %s has none", sc.Name, im.Name)
		}
	}
	if sc.Concurrent && !im.Concurrent {
		return nil, fmt.Errorf("scenario %s runs several goroutines at once; impl %s is not safe for concurrent use", sc.Name, im.Name)
	}
	if spec.SampleEvery < 0 {
		return nil, fmt.Errorf("sample rate %d is negative", spec.SampleEvery)
	}
	if spec.GOMAXPROCS > 0 {
		// The child's setting; restored for a test that runs cells in
		// its own process.
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(spec.GOMAXPROCS))
	}
	markPass(spec, "cell start: op stream, keys and values")
	var plan *scenarios.Plan
	if sc.Trace {
		plan, err = replayPlan(spec)
		if err == nil && plan.Phases[0].Clears() && !cell.clears() {
			err = fmt.Errorf("trace %s clears the map, and impl %s has no Clear", spec.Trace, im.Name)
		}
	} else {
		plan, err = sc.PlanWith(spec.N, spec.Seed, spec.params())
	}
	if err != nil {
		return nil, err
	}
	var a arena
	defer a.free()
	offHeapPlan(&a, plan)
	return cell.run(&a, spec, plan)
}

// phaseResult is what the passes record for one phase. Everything is
// preallocated before the baseline.
type phaseResult struct {
	after       heap                    // reading at the end of the phase (primary pass)
	d           delta                   // GC and allocation counters, forced GCs left out
	primaryNs   int64                   // wall ns of the phase in the primary pass (sampled, probed)
	want        int                     // timing runs the phase needs (runsFor)
	ns          []int64                 // wall ns of the phase, one per timing pass (unsampled, unprobed)
	loopNs      []int64                 // wall ns of the same loop against the null map
	cpuNs       int64                   // process CPU time over the timing passes of the phase
	wallNs      int64                   // wall time over the same
	checkpoints []heap                  // churn: readings every Checkpoint ops
	growth      int                     // churn: 256-op windows that allocated far beyond their entries' worth
	lenOK       bool                    // Len() agreed with the plan (or impl has no Len)
	lenGot      int                     // Len() after the phase (-1: no Len)
	capacity    int                     // library-reported capacity after the phase (-1: not exposed)
	rebuilds    int                     // impls.Rebuilder: copies the phase made (-1: not a Rebuilder)
	rebuildNs   int64                   // and their wall time
	hist        *hdrhistogram.Histogram // sampled ops (of a mixed phase: deletes; of a replay: every op)
	rhist       *hdrhistogram.Histogram // sampled reads (concurrent phases)
	reads, hits int64                   // reads in the primary pass and how many found their key
	kinds       []kindResult            // a replay's figures per op kind (replaykinds.go); nil for other phases
}

type executor[K comparable, V any] struct {
	spec  Spec
	plan  *scenarios.Plan
	d     *data[K, V]
	p     *probe
	null  impls.Map[K, V] // the shape's null map (loops.go, payload.go)
	res   []phaseResult
	epoch time.Time
	every int    // mean gap between sampled ops; 0 with sampling off
	skip  int    // ops to run before the next sampled one
	rng   uint64 // xorshift64 state
	// growth threshold in bytes per 256-op window (set after the fill)
	growthBytes uint64
	team        *team[K, V] // runs the concurrent phases; nil when there are none
	gcPct       int         // the GOGC in force (setGCPercent)
	present     int         // keys the checksum found in the map
}

func (e *executor[K, V]) now() int64 { return int64(time.Since(e.epoch)) }

// gap draws the number of ops to run before the next sampled one from a
// geometric distribution with mean SampleEvery: a random sample, never a
// fixed stride that could alias with resize cadences. The xorshift64 PRNG
// is seeded from the cell's seed, so every implementation has the same ops
// sampled.
func (e *executor[K, V]) gap() int {
	return geometric(xorshift(&e.rng), e.every)
}

// xorshift advances the xorshift64 state s and returns it.
func xorshift(s *uint64) uint64 {
	*s ^= *s << 13
	*s ^= *s >> 7
	*s ^= *s << 17
	return *s
}

// geometric turns 64 random bits x into a draw from a geometric
// distribution with the given mean.
func geometric(x uint64, mean int) int {
	u := (float64(x>>11) + 0.5) / (1 << 53) // in (0, 1)
	return int(-math.Log(u) * float64(mean))
}

// execute runs a cell: warm-up, null pass, baseline, primary pass,
// checksum, timing passes, loop-overhead runs, noise floor; then the rows.
// The diagnostics asked for (Spec.Diagnostics) cover the primary pass
// (trace, then the heap profile) and the timing passes (CPU profile).
func execute[K comparable, V any](spec Spec, plan *scenarios.Plan, d *data[K, V]) ([]Row, error) {
	// The other live heap (-live-heap), built like the data at the
	// default GOGC, before anything the baseline must find settled: it is
	// in every reading, so in none of the heap figures, and live to the
	// end (docs/methodology.md rule 36).
	if spec.LiveHeap > 0 {
		markPass(spec, "other live heap")
	}
	other := buildOtherHeap(spec.LiveHeap, spec.Seed)
	// Data is generated at the default GOGC; the configured percent holds
	// from here to the end.
	debug.SetGCPercent(spec.GCPercent)
	// Diagnostic files are opened before the baseline and closed after
	// the measurements (docs/methodology.md rule 33).
	dg, err := openDiagnostics(spec)
	if err != nil {
		return nil, err
	}
	defer dg.close()
	passes := max(spec.Passes, 1)
	e := &executor[K, V]{spec: spec, plan: plan, d: d, epoch: time.Now(), rng: mix(spec.Seed) | 1,
		null: d.nullMap(), gcPct: spec.GCPercent}
	e.res = make([]phaseResult, len(plan.Phases))
	for i := range e.res {
		ph := &plan.Phases[i]
		r := &e.res[i]
		r.ns = make([]int64, 0, passes)
		r.loopNs = make([]int64, 0, loopRuns)
		r.hist = hdrhistogram.New(1, histMax, histSigs)
		r.rhist = hdrhistogram.New(1, histMax, histSigs)
		if ph.Checkpoint > 0 {
			r.checkpoints = make([]heap, 0, ph.Ops()/ph.Checkpoint+2)
		}
		if ph.Name == scenarios.PhaseReplay {
			r.kinds = newKindResults(passes)
		}
	}
	var handoffNs int64 // concurrent cells: the CPUs' cache-line handoff time
	if g, r, mixed := concurrency(plan); g > 0 {
		t, err := newTeam(e, g, r, mixed, replaysLanes(plan))
		if err != nil {
			return nil, fmt.Errorf("starting %d goroutines: %w", g+r, err)
		}
		e.team = t
		defer e.team.close()
		e.team.warm()
		handoffNs = handoff(e.now)
	}
	sc := selfChecks{handoffNs: handoffNs, other: other}
	sc.noise = hdrhistogram.New(1, histMax, histSigs)
	e.p = newProbe()
	_ = e.now()

	markPass(spec, "warm-up and null pass")
	// Self-checks that need no map.
	sc.timerOverhead = e.timerOverhead()
	sc.snapshotAllocs = e.snapshotAllocs()

	// Warm the implementation: a first map may set up package state (a
	// library's random source, say) that belongs to no map; make it
	// before the baseline so it is not charged to the measured one. Both
	// the one-op and the Batcher paths are called once. Then every
	// question a pass asks a map (caps.go) is rehearsed on the last map and
	// on the null map; the last map is kept for the null pass.
	var w impls.Map[K, V]
	for _, hint := range []int{0, 1} {
		if w != nil {
			e.d.dropMap()
		}
		w = e.d.make(hint)
		w.Put(e.d.keys[0], e.d.vals[0])
		w.Get(e.d.keys[0])
		w.Delete(e.d.keys[0])
		if b := batcher(w); b != nil {
			b.PutAll(e.d.keys[:1], e.d.vals[:1])
			b.ReplaceAll(e.d.keys[:1], e.d.keys[:1], e.d.vals[:1])
			b.DeleteAll(e.d.keys[:1])
		}
	}
	if !rehearsalOff {
		rehearse(w)
	}
	rehearse(e.null)
	// GC cycles of the runtime's own, at GOGC=1 so that they come soon
	// whatever -gc-percent is (docs/methodology.md rule 35).
	gcPct := e.gcPct
	e.setGCPercent(1)
	e.p.ownCycles()
	e.setGCPercent(gcPct)
	runtime.GC()

	// Null pass: the primary pass, every probe included, against a map that
	// does nothing, and asking a map of the cell's type what the primary
	// pass asks the measured map (caps.go). What it leaves live is the
	// harness's own retention.
	e.startSampling()
	nullBase := e.p.stable()
	e.primary(e.null, w, nullBase)
	nullAfter := e.p.stable()
	sc.nullDelta = int64(nullAfter.live) - int64(nullBase.live)
	runtime.KeepAlive(w) // live from before nullBase to after nullAfter
	w = nil
	e.d.dropMap()
	e.growthBytes = 0
	for i := range e.res {
		r := &e.res[i]
		*r = phaseResult{ns: r.ns[:0], loopNs: r.loopNs[:0], checkpoints: r.checkpoints[:0], hist: r.hist, rhist: r.rhist,
			kinds: resetKinds(r.kinds)}
		r.hist.Reset()
		r.rhist.Reset()
	}

	markPass(spec, "baseline and primary pass")
	// -trace: the tracer starts here, before the baseline and not right
	// before the first phase: starting it allocates 2.3 MB of the Go heap
	// (the runtime's buffers for the trace's CPU samples), which is then
	// part of the baseline instead of being counted as the map's
	// (docs/methodology.md rule 33).
	if err := dg.startTrace(); err != nil {
		return nil, err
	}
	sc.base = e.p.stable()
	again := e.p.stable()
	sc.repeatEqual = sc.base.live == again.live

	// Primary pass: every probe, sampled latency.
	hint := 0
	if spec.Presize {
		hint = spec.N
	}
	e.startSampling()
	m := e.d.make(hint)
	e.primary(m, m, sc.base)
	dg.stopTrace()
	markPass(spec, "end of the primary pass: heap profile (-memprofile), checksum")
	if err := dg.writeHeapProfile(); err != nil {
		return nil, err
	}
	sc.sumOK, sc.sumNote, e.present = e.checksum(m)
	m = nil
	e.d.dropMap()
	runtime.GC()

	// Timing passes: fresh maps, no sampling, no probes. ns_per_op comes
	// from these alone, so neither the clock pairs of sampled ops nor the
	// probes between churn windows are in it. Each phase gets enough runs
	// for its timed runs to add up to MinPhase (judged by its time in the
	// primary pass), at least one and at most Passes; a pass stops after
	// the last phase that still needs runs.
	e.every = 0
	for i := range e.res {
		e.res[i].want = runsFor(e.res[i].primaryNs, spec.MinPhase, passes)
	}
	markPass(spec, "timing passes")
	if err := dg.startCPUProfile(); err != nil {
		return nil, err
	}
	for done := range passes {
		upto := -1
		for i := range e.res {
			if done < e.res[i].want {
				upto = i
			}
		}
		if upto < 0 {
			break
		}
		fresh := e.d.make(hint)
		e.pass(fresh, upto)
		fresh = nil
		e.d.dropMap()
		runtime.GC()
	}
	dg.stopCPUProfile()
	markPass(spec, "loop-overhead runs and noise floor")

	// Loop overhead: the timing passes' loop against the null map.
	nullCaps := loopCapsOf(e.null)
	for range loopRuns {
		for i := range e.plan.Phases {
			ph := &e.plan.Phases[i]
			e.setGCPercent(e.gcPercent(ph))
			r := &e.res[i]
			var ns [nKinds]int64
			wall, _ := e.timePhase(e.null, nullCaps, i, nil, &ns)
			r.loopNs = append(r.loopNs, wall)
			r.addKindTimes(&e.d.ops[i].kinds, &ns, true)
		}
	}

	e.setGCPercent(spec.GCPercent)

	// Noise floor: an empty timed region, as many times as ops were sampled.
	var samples int64
	for i := range e.res {
		samples += e.res[i].hist.TotalCount() + e.res[i].rhist.TotalCount()
	}
	for range max(samples, 10000) {
		t0 := e.now()
		_ = sc.noise.RecordValue(e.now() - t0)
	}
	runtime.KeepAlive(e.d)
	runtime.KeepAlive(other.root)
	if err := dg.close(); err != nil {
		return nil, fmt.Errorf("diagnostics: %w", err)
	}

	out := &emitter{}
	e.emit(out, &sc)
	return out.rows, nil
}

// Test hooks (harness tests only): testHookBetweenReadings runs in every
// pass after each phase's readings, before the next phase's; rehearsalOff
// leaves the map of the cell's type out of the warm-up's rehearsal
// (caps.go), so that only the null pass can catch what it would have.
var (
	testHookBetweenReadings func()
	rehearsalOff            bool
)

// fillGCPercent is the GOGC of the insert phases of a cell whose inserts
// allocate on the heap (shape ptr): docs/methodology.md rule 5.
const fillGCPercent = 100

// gcPercent is the GOGC phase ph runs at: the configured percent, except
// for the insert phases of a shape whose inserts allocate on the heap
// (fillGCPercent). At GOGC=1 a fill of 2^20 1 KiB payloads would run a GC
// cycle for about every 1% of heap growth, each marking every payload.
func (e *executor[K, V]) gcPercent(ph *scenarios.Phase) int {
	if e.d.payload > 0 && ph.Kind == scenarios.Insert {
		return fillGCPercent
	}
	return e.spec.GCPercent
}

// setGCPercent puts GOGC at pct when it is not there already. Setting it
// to the value in force is not a no-op for the heap readings: a null pass
// that did so before each phase read 16 B of runtime state in 64 of 180
// cells (docs/methodology.md rule 35).
func (e *executor[K, V]) setGCPercent(pct int) {
	if pct != e.gcPct {
		debug.SetGCPercent(pct)
		e.gcPct = pct
	}
}

// runsFor is how many timing runs a phase that took primaryNs in the
// primary pass gets: enough to add up to minTotal, at least 1, at most
// passes.
func runsFor(primaryNs int64, minTotal time.Duration, passes int) int {
	if primaryNs <= 0 {
		return passes
	}
	return int(min(max((int64(minTotal)+primaryNs-1)/primaryNs, 1), int64(passes)))
}

// startSampling restarts the sampler, so the null and primary passes
// sample the same ops.
func (e *executor[K, V]) startSampling() {
	e.rng = mix(e.spec.Seed) | 1
	e.every = e.spec.SampleEvery
	if e.every > 0 {
		e.skip = e.gap()
	}
	if e.team != nil {
		e.team.startSampling(e.spec.SampleEvery)
	}
}

// concurrency is the writers and readers a team needs for plan's
// concurrent phases (0, 0 when it has none), and whether a phase mixes
// reads into the writers' ops (mixed-zipf's; a replay's lanes record their
// reads by kind: replaysLanes).
func concurrency(plan *scenarios.Plan) (writers, readers int, mixed bool) {
	for i := range plan.Phases {
		ph := &plan.Phases[i]
		if ph.Bounds != nil {
			writers = max(writers, ph.Goroutines())
			readers = max(readers, ph.Readers)
			mixed = mixed || ph.Kind == scenarios.Mixed && ph.Name != scenarios.PhaseReplay
		}
	}
	return writers, readers, mixed
}

// replaysLanes reports whether plan is a replay whose lanes run at once.
func replaysLanes(plan *scenarios.Plan) bool {
	return len(plan.Phases) == 1 && plan.Phases[0].Name == scenarios.PhaseReplay && plan.Phases[0].Bounds != nil
}

// primary runs the plan once on m with every probe, and after each phase
// reads the optional interfaces (Len, Structure, Rebuilds) of capsMap: m
// itself in the primary pass; in the null pass, whose m is the null map,
// a map of the cell's type (caps.go).
func (e *executor[K, V]) primary(m impls.Map[K, V], capsMap impls.Map[K, V], base heap) {
	caps := capsOf(capsMap)
	// impls.Rebuilder totals after the previous phase
	var rebuilds int
	var rebuildNs int64
	for i := range e.plan.Phases {
		ph := &e.plan.Phases[i]
		r := &e.res[i]
		if ph.Name != scenarios.PhaseFill && i > 0 && e.growthBytes == 0 {
			// After the first fill: 4x the entries' worth of a window, at least 32 KiB.
			prev := e.plan.Phases[i-1].Live
			full := e.res[i-1].after.live - base.live - e.payloads(prev)
			perEntry := full / uint64(max(prev, 1))
			e.growthBytes = max(4*growthWindow*perEntry, 32<<10)
		}
		if trace.IsEnabled() {
			// -trace: the phases' starts, as the trace's log events
			// (allocation-free).
			trace.Log(context.Background(), "mapbench phase", ph.Name)
		}
		e.setGCPercent(e.gcPercent(ph))
		from := e.p.read()
		start := from
		e.p.markPauses()
		var t int64
		if ph.Bounds != nil {
			t = e.probedConcurrent(m, i, &from)
		} else {
			t = e.probed(m, i, &from)
		}
		to := e.p.read()
		r.d.add(from, to, e.p.pauseMaxSince())
		r.after = e.p.stable()
		if ph.Bounds != nil {
			e.team.mergeSamples(r)
		}
		// A forced GC first completes the cycle the phase left running, so
		// cycles and assist time are counted over the whole phase, forced
		// windows included, less the forced cycles themselves (assists
		// happen only in cycles that allocation triggered, and the runtime
		// adds them up when the cycle ends, inside the forced window).
		end := e.p.read()
		r.d.cycles = end.cycles - start.cycles - (end.forced - start.forced)
		r.d.assistSec = end.assistSec - start.assistSec
		r.primaryNs = t
		got := caps.read()
		r.lenOK, r.capacity, r.rebuilds, r.lenGot = true, got.capacity, -1, got.len
		// A replay whose lanes share keys: the checksum counts the keys
		// the map holds and holds Len to that.
		if got.len >= 0 && got.len != ph.Live && len(e.plan.Shared) == 0 {
			r.lenOK = false
		}
		if got.rebuilds >= 0 {
			r.rebuilds, r.rebuildNs = got.rebuilds-rebuilds, got.rebuildNs-rebuildNs
			rebuilds, rebuildNs = got.rebuilds, got.rebuildNs
		}
		if testHookBetweenReadings != nil {
			testHookBetweenReadings()
		}
	}
}

// probed runs phase i of the primary pass and returns its summed op time.
// Churn phases run in 256-op windows, each followed by a read of the
// allocation counter (growth events), and stop for a heap reading every
// Checkpoint ops, outside the timed region; from is moved past each
// reading so its forced GCs stay out of the deltas.
func (e *executor[K, V]) probed(m impls.Map[K, V], i int, from *counters) int64 {
	ph := &e.plan.Phases[i]
	r := &e.res[i]
	od := &e.d.ops[i]
	lc := loopCapsOf(m)
	ops := ph.Ops()
	if ph.Kind != scenarios.Replace && ph.Checkpoint == 0 {
		return e.timed(m, lc, ph.Kind, od, 0, ops, r)
	}
	// Churn reads the allocation counter every 256 ops (growth events);
	// a replay only at its checkpoints.
	window := ops
	if ph.Kind == scenarios.Replace {
		window = growthWindow
	}
	var total int64
	allocPrev := e.p.allocBytes()
	next := ops
	if ph.Checkpoint > 0 {
		next = min(ph.Checkpoint, ops)
	}
	marks := ph.Marks // a replay's marks ahead
	for start := 0; start < ops; {
		end := min(start+window, next)
		if len(marks) > 0 {
			end = min(end, marks[0])
		}
		total += e.timed(m, lc, ph.Kind, od, start, end, r)
		// Shape ptr: each op's insert allocated a payload.
		payloads := e.payloads(end - start)
		start = end
		a := e.p.allocBytes()
		if a-allocPrev-min(a-allocPrev, payloads) > e.growthBytes {
			r.growth++
		}
		allocPrev = a
		if ph.Checkpoint > 0 && end == next {
			r.checkpoints = append(r.checkpoints, e.reading(r, from))
			allocPrev = e.p.allocBytes()
			next = min(next+ph.Checkpoint, ops)
		} else if len(marks) > 0 && end == marks[0] {
			// A mark: a heap reading's forced GCs, as at a phase's end
			// (a checkpoint's reading has them already).
			e.reading(r, from)
			allocPrev = e.p.allocBytes()
		}
		if len(marks) > 0 && end == marks[0] {
			marks = marks[1:]
		}
	}
	return total
}

// phaseGap is what a timing pass does between two phases, outside the
// timed ops, and at a replay's mark: a forced GC.
func phaseGap() { runtime.GC() }

// reading is what the primary pass does at a checkpoint and at a replay's
// mark, outside the timed ops: it adds the counters from *from to now to
// the phase's deltas, reads the heap with the forced GCs of a phase's end
// (probe.stable, as primary does after each phase), and moves *from past
// them, so their GC work stays out of the deltas.
func (e *executor[K, V]) reading(r *phaseResult, from *counters) heap {
	to := e.p.read()
	r.d.add(*from, to, e.p.pauseMaxSince())
	h := e.p.stable()
	*from = e.p.read()
	e.p.markPauses()
	return h
}

// pass runs phases 0..upto of the plan, timing each whole phase with one
// clock pair. Like the primary pass (and like `go test -bench` with the
// timer stopped), it forces a GC before each phase (phaseGap), so no phase
// pays for a GC cycle its predecessor began; and so at a replay's marks.
func (e *executor[K, V]) pass(m impls.Map[K, V], upto int) {
	lc := loopCapsOf(m)
	for i := range e.plan.Phases[:upto+1] {
		ph := &e.plan.Phases[i]
		r := &e.res[i]
		e.setGCPercent(e.gcPercent(ph))
		phaseGap()
		if ph.Bounds != nil {
			// One run of the whole phase; a replay's lanes in their parts
			// (Cuts), waiting for each other between them as in the
			// primary pass, with the GC of a phase's start after a part
			// that ends at a mark, their times added up.
			parts := 1
			if ph.Cuts != nil {
				parts = segments(ph)
			}
			var wall int64
			for k := range parts {
				if k > 0 && markAt(ph, k-1) {
					phaseGap()
				}
				wall += e.team.run(m, i, k, parts, false)
				r.cpuNs += e.team.cpuNs
				r.wallNs += e.team.spanNs
			}
			r.ns = append(r.ns, wall)
			continue
		}
		var ns [nKinds]int64
		wall, cpu := e.timePhase(m, lc, i, phaseGap, &ns)
		r.cpuNs += cpu
		r.wallNs += wall
		r.ns = append(r.ns, wall)
		r.addKindTimes(&e.d.ops[i].kinds, &ns, false)
	}
}

// timePhase runs phase i (one goroutine's) on m as the timing passes time
// it, and the loop-overhead runs on the null map: in segments between a
// replay's marks (one segment for other phases), each timed with one clock
// pair, the replay's blocks of one kind timed inside it (runBlocks, their
// times added to ns); gap, when not nil, runs between two segments, outside
// them. It returns the segments' wall and CPU time, added up.
func (e *executor[K, V]) timePhase(m impls.Map[K, V], lc loopCaps[K, V], i int, gap func(), ns *[nKinds]int64) (wall, cpu int64) {
	ph, od := &e.plan.Phases[i], &e.d.ops[i]
	for s, lo := 0, 0; s <= len(ph.Marks); s++ {
		hi := ph.Ops()
		if s < len(ph.Marks) {
			hi = ph.Marks[s]
		}
		if s > 0 && gap != nil {
			gap()
		}
		blocks := blocksIn(od.kinds.blocks, lo, hi) // before the clock starts
		c0, w0 := cpuTime(), e.now()
		e.runBlocks(m, lc, ph.Kind, od, blocks, lo, hi, ns)
		w1 := e.now()
		cpu += cpuTime() - c0
		wall += w1 - w0
		lo = hi
	}
	return wall, cpu
}
