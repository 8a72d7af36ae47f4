package harness

import (
	"fmt"
	"math"
	"runtime"
	"runtime/debug"
	"slices"
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"mapbench/impls"
	"mapbench/scenarios"
)

// Spec is the configuration of one cell; the parent passes it to the child.
type Spec struct {
	Impl       string `json:"impl"`
	Scenario   string `json:"scenario"`
	Shape      string `json:"shape"`
	N          int    `json:"n"`
	Presize    bool   `json:"presize"`
	Rep        int    `json:"rep"`
	Seed       uint64 `json:"seed"`
	GCPercent  int    `json:"gc_percent"`
	GOMAXPROCS int    `json:"gomaxprocs"`
	// SampleEvery: one op in SampleEvery (a power of two, chosen by a PRNG)
	// is timed on its own for the latency distribution; 0 turns it off.
	SampleEvery int `json:"sample_every"`
	// MinPhase: a cell whose shortest timed phase is shorter repeats the
	// scenario on fresh maps (Passes times in all) and reports the median.
	MinPhase time.Duration `json:"min_phase"`
	Passes   int           `json:"passes"`
	// MemLimit caps the child's address space in bytes (0 = no cap).
	MemLimit uint64 `json:"mem_limit,omitempty"`
}

// Row is one measured value of a cell, before the parent adds the run's
// environment and the cell's identity.
type Row struct {
	Phase  string  `json:"phase"`
	Step   int     `json:"step"`
	Metric string  `json:"metric"`
	Value  float64 `json:"value"`
	Unit   string  `json:"unit"`
	Note   string  `json:"note,omitempty"`
}

const (
	batch = 256 // ops per timed batch (methodology rule 10)
	// Latency histograms track 1 ns .. 1 min with 3 significant digits.
	histMax  = int64(time.Minute)
	histSigs = 3
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
	if spec.SampleEvery < 0 || spec.SampleEvery&(spec.SampleEvery-1) != 0 {
		return nil, fmt.Errorf("sample rate %d is not 0 or a power of two", spec.SampleEvery)
	}
	plan, err := sc.Plan(spec.N, spec.Seed)
	if err != nil {
		return nil, err
	}
	var a arena
	defer a.free()
	offHeapPlan(&a, plan)
	switch spec.Shape {
	case "u64":
		return execute(spec, im, plan, u64Data(&a, plan.Keys, spec.Seed))
	case "str":
		return execute(spec, im, plan, strData(&a, plan.Keys))
	}
	return nil, fmt.Errorf("unknown shape %q", spec.Shape)
}

// phaseResult is what the primary pass and the timing passes record for
// one phase. Everything is preallocated before the baseline.
type phaseResult struct {
	after       heap    // reading at the end of the phase (primary pass)
	d           delta   // GC and allocation counters, forced GCs left out
	primaryNs   int64   // timed ns of the phase in the primary pass (sampled, probed)
	ns          []int64 // timed ns of the phase, one per timing pass (unsampled, unprobed)
	cpuNs       int64   // process CPU time over the timing passes of the phase
	wallNs      int64   // wall time over the same
	checkpoints []heap  // churn: readings every Checkpoint ops
	growth      int     // churn: 256-op windows that allocated far beyond their entries' worth
	lenOK       bool    // Len() agreed with the plan (or impl has no Len)
	lenGot      int     // Len() when it did not agree
	capacity    int     // library-reported capacity after the phase (-1: not exposed)
	hist        *hdrhistogram.Histogram
}

type executor[K comparable, V any] struct {
	spec  Spec
	im    impls.Impl
	plan  *scenarios.Plan
	d     *data[K, V]
	p     *probe
	res   []phaseResult
	epoch time.Time
	every int    // mean gap between sampled ops; 0 with sampling off
	skip  int    // ops to run before the next sampled one
	rng   uint64 // xorshift64 state
	// growth threshold in bytes per 256-op window (set after the fill)
	growthBytes uint64
}

func (e *executor[K, V]) now() int64 { return int64(time.Since(e.epoch)) }

// gap draws the number of ops to run before the next sampled one from a
// geometric distribution with mean SampleEvery: a random sample, never a
// fixed stride that could alias with resize cadences. The xorshift64 PRNG
// is seeded from the cell's seed, so every implementation has the same ops
// sampled.
func (e *executor[K, V]) gap() int {
	e.rng ^= e.rng << 13
	e.rng ^= e.rng >> 7
	e.rng ^= e.rng << 17
	u := (float64(e.rng>>11) + 0.5) / (1 << 53) // in (0, 1)
	return int(-math.Log(u) * float64(e.every))
}

func execute[K comparable, V any](spec Spec, im impls.Impl, plan *scenarios.Plan, d *data[K, V]) ([]Row, error) {
	// Data is generated at the default GOGC; the configured percent holds
	// from here to the end.
	debug.SetGCPercent(spec.GCPercent)
	passes := max(spec.Passes, 1)
	e := &executor[K, V]{spec: spec, im: im, plan: plan, d: d, epoch: time.Now(), rng: mix(spec.Seed) | 1}
	e.every = spec.SampleEvery
	if e.every > 0 {
		e.skip = e.gap()
	}
	e.res = make([]phaseResult, len(plan.Phases))
	for i := range e.res {
		ph := &plan.Phases[i]
		r := &e.res[i]
		r.ns = make([]int64, 0, passes)
		r.hist = hdrhistogram.New(1, histMax, histSigs)
		if ph.Checkpoint > 0 {
			r.checkpoints = make([]heap, 0, ph.Ops()/ph.Checkpoint+2)
		}
	}
	noise := hdrhistogram.New(1, histMax, histSigs)
	e.p = newProbe()
	_ = e.now()

	// Self-checks that need no map.
	timerOverhead := e.timerOverhead()
	snapshotAllocs := e.snapshotAllocs()

	// Warm the implementation: a first map may set up package state (a
	// library's random source, say) that belongs to no map; make it
	// before the baseline so it is not charged to the measured one.
	for _, hint := range []int{0, 1} {
		w := e.d.make(e.im, hint)
		w.Put(e.d.keys[0], e.d.vals[0])
		w.Get(e.d.keys[0])
		w.Delete(e.d.keys[0])
	}
	runtime.GC()

	// Null pass: the primary pass, every probe included, against a map that
	// does nothing. What it leaves live is the harness's own retention.
	nullBase := e.p.stable()
	e.primary(nullMap[K, V]{}, nullBase)
	nullAfter := e.p.stable()
	e.growthBytes = 0
	for i := range e.res {
		r := &e.res[i]
		*r = phaseResult{ns: r.ns[:0], checkpoints: r.checkpoints[:0], hist: r.hist}
		r.hist.Reset()
	}

	base := e.p.stable()
	again := e.p.stable()

	// Primary pass: every probe.
	hint := 0
	if spec.Presize {
		hint = spec.N
	}
	m := e.d.make(e.im, hint)
	e.primary(m, base)
	sumOK, sumNote := e.checksum(m)
	m = nil
	runtime.GC()

	// Timing passes: fresh maps, no sampling, no probes. ns_per_op comes
	// from these alone, so neither the clock pairs of sampled ops nor the
	// probes between churn batches are in it. A phase timed (in the
	// primary pass) shorter than MinPhase gets Passes timing runs, others
	// one; a pass stops after the last phase that still needs runs.
	e.every = 0
	for done := 0; done < passes; done++ {
		upto := -1
		for i := range e.res {
			if done == 0 || e.res[i].primaryNs < int64(spec.MinPhase) {
				upto = i
			}
		}
		if upto < 0 {
			break
		}
		fresh := e.d.make(e.im, hint)
		e.pass(fresh, upto)
		fresh = nil
		runtime.GC()
	}

	// Noise floor: an empty timed region, as many times as ops were sampled.
	var samples int64
	for i := range e.res {
		samples += e.res[i].hist.TotalCount()
	}
	for range max(samples, 10000) {
		t0 := e.now()
		_ = noise.RecordValue(e.now() - t0)
	}
	runtime.KeepAlive(e.d)

	out := &emitter{}
	e.emit(out, base, timerOverhead, snapshotAllocs, int64(nullAfter.live)-int64(nullBase.live), base.live == again.live,
		noise, sumOK, sumNote)
	return out.rows, nil
}

// timerOverhead is the median of back-to-back clock pairs.
func (e *executor[K, V]) timerOverhead() int64 {
	var d [1001]int64
	for i := range d {
		t0 := e.now()
		d[i] = e.now() - t0
	}
	s := d[:]
	slices.Sort(s)
	return s[len(s)/2]
}

// snapshotAllocs counts heap allocations of one reading (must be 0). It
// takes the least of three rounds, so an allocation by something else in
// the process (a runtime background task) is not blamed on the probe; an
// allocation in the path itself shows in every round.
func (e *executor[K, V]) snapshotAllocs() uint64 {
	var a, b runtime.MemStats
	least := uint64(math.MaxUint64)
	for range 3 {
		runtime.ReadMemStats(&a)
		e.p.stable()
		e.p.read()
		e.p.allocBytes()
		runtime.ReadMemStats(&b)
		least = min(least, b.Mallocs-a.Mallocs)
	}
	return least
}

// primary runs the plan once with every probe.
func (e *executor[K, V]) primary(m impls.Map[K, V], base heap) {
	for i := range e.plan.Phases {
		ph := &e.plan.Phases[i]
		r := &e.res[i]
		if ph.Name != "fill" && i > 0 && e.growthBytes == 0 {
			// After the first fill: 4x the entries' worth of a window, at least 32 KiB.
			full := e.res[i-1].after.live - base.live
			perEntry := full / uint64(max(e.plan.Phases[i-1].Live, 1))
			e.growthBytes = max(4*batch*perEntry, 32<<10)
		}
		from := e.p.read()
		start := from
		e.p.markPauses()
		t := e.run(m, ph, r, true, &from)
		to := e.p.read()
		r.d.add(from, to, e.p.pauseMaxSince())
		r.after = e.p.stable()
		// A forced GC first completes the cycle the phase left running, so
		// cycles and assist time are counted over the whole phase, forced
		// windows included, less the forced cycles themselves (assists
		// happen only in cycles that allocation triggered, and the runtime
		// adds them up when the cycle ends, inside the forced window).
		end := e.p.read()
		r.d.cycles = end.cycles - start.cycles - (end.forced - start.forced)
		r.d.assistSec = end.assistSec - start.assistSec
		r.primaryNs = t
		r.lenOK, r.capacity = true, -1
		if l, ok := m.(impls.Lener); ok {
			if got := l.Len(); got != ph.Live {
				r.lenOK, r.lenGot = false, got
			}
		}
		if s, ok := m.(impls.Structure); ok {
			r.capacity = s.Structure().Capacity
		}
	}
}

// pass runs phases 0..upto of the plan, timing them only. Like the primary
// pass (and like `go test -bench` with the timer stopped), it forces a GC
// before each phase, so no phase pays for a GC cycle its predecessor began.
func (e *executor[K, V]) pass(m impls.Map[K, V], upto int) {
	for i := range e.plan.Phases[:upto+1] {
		r := &e.res[i]
		runtime.GC()
		c0, w0 := cpuTime(), e.now()
		t := e.run(m, &e.plan.Phases[i], r, false, nil)
		r.cpuNs += cpuTime() - c0
		r.wallNs += e.now() - w0
		r.ns = append(r.ns, t)
	}
}

// run executes one phase in timed batches of at most 256 ops and returns
// the summed batch time. With probes (primary pass), churn phases also get
// growth-event windows and checkpoint readings between batches, outside the
// timed region; from is updated so forced GCs stay out of the deltas.
func (e *executor[K, V]) run(m impls.Map[K, V], ph *scenarios.Phase, r *phaseResult, probes bool, from *counters) int64 {
	ops := ph.Ops()
	var total int64
	var allocPrev uint64
	churnProbes := probes && ph.Kind == scenarios.Replace
	if churnProbes {
		allocPrev = e.p.allocBytes()
	}
	next := ops
	if ph.Checkpoint > 0 {
		next = min(ph.Checkpoint, ops)
	}
	for start := 0; start < ops; {
		end := min(start+batch, next)
		t0 := e.now()
		switch ph.Kind {
		case scenarios.Insert:
			e.insert(m, ph.Ins[start:end], r.hist)
		case scenarios.Delete:
			e.delete(m, ph.Del[start:end], r.hist)
		case scenarios.Replace:
			e.replace(m, ph.Del[start:end], ph.Ins[start:end], r.hist)
		}
		total += e.now() - t0
		start = end
		if churnProbes {
			a := e.p.allocBytes()
			if a-allocPrev > e.growthBytes {
				r.growth++
			}
			allocPrev = a
		}
		if end == next && end < ops || end == ops && ph.Checkpoint > 0 {
			if probes && ph.Checkpoint > 0 {
				to := e.p.read()
				r.d.add(*from, to, e.p.pauseMaxSince())
				r.checkpoints = append(r.checkpoints, e.p.stable())
				*from = e.p.read()
				e.p.markPauses()
				allocPrev = e.p.allocBytes()
			}
			next = min(next+ph.Checkpoint, ops)
		}
	}
	return total
}

// The op loops keep the gap to the next sampled op in a local, so an
// unsampled op costs a decrement and a branch; a sampled op is timed alone
// with a clock pair and recorded in the phase's histogram.

func (e *executor[K, V]) insert(m impls.Map[K, V], idx []int32, h *hdrhistogram.Histogram) {
	keys, vals := e.d.keys, e.d.vals
	if e.every == 0 {
		for _, i := range idx {
			m.Put(keys[i], vals[i])
		}
		return
	}
	skip := e.skip
	for _, i := range idx {
		if skip > 0 {
			skip--
			m.Put(keys[i], vals[i])
			continue
		}
		t0 := e.now()
		m.Put(keys[i], vals[i])
		_ = h.RecordValue(e.now() - t0)
		skip = e.gap()
	}
	e.skip = skip
}

func (e *executor[K, V]) delete(m impls.Map[K, V], idx []int32, h *hdrhistogram.Histogram) {
	keys := e.d.keys
	if e.every == 0 {
		for _, i := range idx {
			m.Delete(keys[i])
		}
		return
	}
	skip := e.skip
	for _, i := range idx {
		if skip > 0 {
			skip--
			m.Delete(keys[i])
			continue
		}
		t0 := e.now()
		m.Delete(keys[i])
		_ = h.RecordValue(e.now() - t0)
		skip = e.gap()
	}
	e.skip = skip
}

func (e *executor[K, V]) replace(m impls.Map[K, V], del, ins []int32, h *hdrhistogram.Histogram) {
	keys, vals := e.d.keys, e.d.vals
	if e.every == 0 {
		for j, i := range del {
			m.Delete(keys[i])
			m.Put(keys[ins[j]], vals[ins[j]])
		}
		return
	}
	skip := e.skip
	for j, i := range del {
		if skip > 0 {
			skip--
			m.Delete(keys[i])
			m.Put(keys[ins[j]], vals[ins[j]])
			continue
		}
		t0 := e.now()
		m.Delete(keys[i])
		m.Put(keys[ins[j]], vals[ins[j]])
		_ = h.RecordValue(e.now() - t0)
		skip = e.gap()
	}
	e.skip = skip
}

// checksum verifies the map after the primary pass: every key live at the
// end is there with its value, every other key the cell used is absent,
// and Len (where there is one) agreed after every phase.
func (e *executor[K, V]) checksum(m impls.Map[K, V]) (bool, string) {
	live := make([]bool, e.plan.Keys)
	for _, k := range e.plan.Live {
		live[k] = true
	}
	missing, wrong, extra := 0, 0, 0
	for i, k := range e.d.keys {
		v, ok := m.Get(k)
		switch {
		case live[i] && !ok:
			missing++
		case live[i] && !e.d.eq(v, e.d.vals[i]):
			wrong++
		case !live[i] && ok:
			extra++
		}
	}
	var notes []string
	if missing+wrong+extra > 0 {
		notes = append(notes, fmt.Sprintf("%d live keys missing, %d wrong values, %d deleted keys present", missing, wrong, extra))
	}
	for i := range e.res {
		if !e.res[i].lenOK {
			ph := e.plan.Phases[i]
			notes = append(notes, fmt.Sprintf("Len()=%d after %s/%d, want %d", e.res[i].lenGot, ph.Name, ph.Step, ph.Live))
		}
	}
	if len(notes) > 0 {
		return false, fmt.Sprint(notes)
	}
	return true, ""
}

// nullMap does nothing: the null pass measures the harness alone.
type nullMap[K comparable, V any] struct{}

func (nullMap[K, V]) Put(K, V)            {}
func (nullMap[K, V]) Get(K) (v V, _ bool) { return v, false }
func (nullMap[K, V]) Delete(K)            {}
