package harness

import (
	"io"
	"os"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"mapbench/impls"
	"mapbench/scenarios"
)

// Concurrent phases (phases with Bounds: concurrent-drain, concurrent-churn,
// mixed-zipf) are run by a team: G writer goroutines, each running its own
// op range of the phase, and the phase's reader goroutines, which read
// live keys until the last writer finishes. The goroutines are started
// once, before the heap baseline, and reused by every phase and pass, so
// the runtime's goroutine descriptors are not charged to the map.
//
// A run of a phase (or, with checkpoints, of one segment of it) starts at a
// barrier: every goroutine has its task and spins (yielding) until the
// coordinator takes the start time and opens it. Its time ends when the
// last writer finishes (docs/methodology.md rule 29).
//
// Between runs the goroutines wait, and the coordinator waits for them, by
// reading a pipe: a goroutine blocked on a pipe is parked by the netpoller,
// which needs no per-wait record. A channel, a WaitGroup or a mutex would
// take a wait record (sudog) from the runtime's caches, which every GC
// empties, so the runtime would allocate new ones now and then, and keep
// them, while the map's heap is read.

// progressChunk is how many ops a writer runs between two publications of
// its progress, when readers need it.
const progressChunk = 64

// worker is one writer goroutine's state. Its histograms collect the
// sampled latencies of the current phase; the coordinator merges them into
// the phase's after the phase.
type worker[K comparable, V any] struct {
	g        int
	progress atomic.Int64 // ops of its range done in the current run
	_        [56]byte     // keep progress on a cache line of its own
	// tk is the current task, written by the coordinator before it
	// bumps seq and wakes the goroutine; the goroutine reads it after it
	// loads seq.
	tk     task[K, V]
	seq    atomic.Int64
	wakeR  *os.File                  // the goroutine waits here for its next task
	wakeW  *os.File                  // the coordinator wakes it here
	doneR  *os.File                  // the coordinator waits here for it to finish a run
	doneW  *os.File                  // it says here that it has
	one    []byte                    // the byte written to wakeW
	end    int64                     // e.now() when it finished the current run
	rng    uint64                    // sampler state (xorshift64), seeded per goroutine
	skip   int                       // ops before the next sampled one
	every  int                       // mean gap between sampled ops; 0: sampling off
	wh, rh *hdrhistogram.Histogram   // write and read samples
	kh     []*hdrhistogram.Histogram // a replay's lanes: samples by kind (replaykinds.go)
	reads  int64                     // reads done (mixed ops, or a reader's)
	hits   int64                     // reads that found their key
	null   impls.Map[K, V]           // its own null map: null maps share nothing
	keyRng uint64                    // a reader's key choice (xorshift64)
}

// task is one run of a phase for one goroutine: ops [lo, hi) of the
// phase's op-order inputs (a writer), or reads until the writers finish (a
// reader). m == nil means the goroutine's own null map; quit ends the
// goroutine.
type task[K comparable, V any] struct {
	m      impls.Map[K, V]
	phase  int
	lo, hi int
	sample bool
	quit   bool
}

type team[K comparable, V any] struct {
	e       *executor[K, V]
	members []*worker[K, V] // writers, then readers
	writers []*worker[K, V] // members[:g]
	readers []*worker[K, V] // members[g:]
	ready   atomic.Int32    // goroutines at the start barrier
	start   atomic.Bool     // the barrier is open
	left    atomic.Int32    // writers still running
	done    atomic.Int32    // goroutines that finished the current run
	buf     []byte          // where the coordinator reads done bytes
	exited  sync.WaitGroup
	sched   []metrics.Sample
	// cpuNs and spanNs are the process CPU time and the wall time from
	// the opening of the barrier to the coordinator's return from the
	// last run (the goroutines' spinning at the barrier left out).
	cpuNs, spanNs int64
	// base is, per writer, where its range of the phase starts (its
	// progress counts from there).
	base []int
}

// newTeam starts g writers and r readers. Each has the histograms it
// records into: a writer one for its writes (and one for its reads when
// the plan mixes reads in; one per op kind when it replays a lane), a
// reader one for its reads (a histogram is about 220 KB; harness/memory.go
// counts them).
func newTeam[K comparable, V any](e *executor[K, V], g, r int, mixed, lanes bool) (*team[K, V], error) {
	t := &team[K, V]{e: e, base: make([]int, g), buf: make([]byte, 1), sched: []metrics.Sample{
		{Name: "/sched/goroutines/running:goroutines"},
		{Name: "/sched/goroutines/runnable:goroutines"},
		{Name: "/sched/goroutines/not-in-go:goroutines"},
	}}
	metrics.Read(t.sched)
	warmThreads(runtime.GOMAXPROCS(0) + g + r + 4)
	mk := func(i int, writes, reads bool) (*worker[K, V], error) {
		w := &worker[K, V]{g: i, null: e.d.nullMap(), one: []byte{1}}
		if writes {
			w.wh = hdrhistogram.New(1, histMax, histSigs)
		}
		if reads {
			w.rh = hdrhistogram.New(1, histMax, histSigs)
		}
		if writes && lanes {
			for range nKinds {
				w.kh = append(w.kh, hdrhistogram.New(1, histMax, histSigs))
			}
		}
		var err error
		if w.wakeR, w.wakeW, err = os.Pipe(); err != nil {
			return nil, err
		}
		w.doneR, w.doneW, err = os.Pipe()
		return w, err
	}
	for i := range g + r {
		w, err := mk(i, i < g, i >= g || mixed)
		if err != nil {
			t.close()
			return nil, err
		}
		t.exited.Add(1)
		t.members = append(t.members, w)
		if i < g {
			go t.loop(w, t.write)
		} else {
			go t.loop(w, t.read)
		}
	}
	// The goroutines read these only in their tasks, which come later.
	t.writers, t.readers = t.members[:g], t.members[g:]
	return t, nil
}

// warmThreads makes the runtime start k OS threads now, before the heap
// baseline: k goroutines sleep in a blocking system call at once, so the
// scheduler hands their Ps to new threads, which stay, idle, afterwards.
// Without it the runtime starts a thread (5,320 B of heap for its m, kept
// for good) whenever it wants one more than it ever had, which in a
// concurrent cell happened during the measured phases.
func warmThreads(k int) {
	var wg sync.WaitGroup
	for range k {
		wg.Go(func() {
			ts := syscall.Timespec{Nsec: 20e6}
			_ = syscall.Nanosleep(&ts, nil)
		})
	}
	wg.Wait()
}

// handoff measures how long one goroutine takes to see a value another
// has just stored, when the two run on different CPUs: two goroutines pass
// a counter back and forth through one cache line, 20,000 round trips in
// 10 blocks, spinning (never blocking); the result is the median block's
// time per one-way handoff, in ns. It is the cost of moving a cache line
// between the CPUs the cell's threads run on, which bounds every
// concurrent map's cross-goroutine traffic; a machine whose CPUs change
// (a virtual machine's vCPUs moved by the host) shows it here. 0 when
// GOMAXPROCS is 1.
func handoff(now func() int64) int64 {
	if runtime.GOMAXPROCS(0) < 2 {
		return 0
	}
	type line struct {
		_ [64]byte
		v atomic.Int64
		_ [56]byte
	}
	l := new(line)
	const blocks, trips = 10, 2000
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := int64(1); i <= 2*blocks*trips; i += 2 {
			for l.v.Load() != i {
			}
			l.v.Store(i + 1)
		}
	})
	ns := make([]float64, blocks)
	for b := range blocks {
		t0 := now()
		for k := range trips {
			i := int64(2*(b*trips+k)) + 1
			l.v.Store(i)
			for l.v.Load() != i+1 {
			}
		}
		ns[b] = float64(now()-t0) / (2 * trips)
	}
	wg.Wait()
	slices.Sort(ns)
	return int64(ns[blocks/2] + 0.5)
}

// quiesce waits (yielding) until no goroutine but the caller runs, is
// runnable or is in a system call, so the team is parked before the heap
// is read: a goroutine still runnable when a forced GC stops the world may
// make the runtime start a thread for it. It gives up after 100,000 looks;
// the scheduler metrics are approximate.
func (t *team[K, V]) quiesce() {
	for range 100000 {
		metrics.Read(t.sched)
		if t.sched[0].Value.Uint64() <= 1 && t.sched[1].Value.Uint64() == 0 && t.sched[2].Value.Uint64() == 0 {
			return
		}
		runtime.Gosched()
	}
}

// loop waits for tasks and runs them with do until told to quit.
func (t *team[K, V]) loop(w *worker[K, V], do func(*worker[K, V], task[K, V])) {
	defer func() {
		_ = w.wakeR.Close()
		_ = w.doneW.Close()
		t.exited.Done()
	}()
	var b [1]byte
	for seen := int64(0); ; {
		for w.seq.Load() == seen {
			if _, err := w.wakeR.Read(b[:]); err != nil {
				return
			}
		}
		seen = w.seq.Load()
		tk := w.tk
		if tk.quit {
			return
		}
		do(w, tk)
		t.done.Add(1)
		_, _ = w.doneW.Write(b[:])
	}
}

// send gives w a task and wakes it.
func (t *team[K, V]) send(w *worker[K, V], tk task[K, V]) {
	w.tk = tk
	w.seq.Add(1)
	_, _ = w.wakeW.Write(w.one)
}

// wait blocks until the writers and the first r readers have finished the
// current run. Each has a done pipe of its own, so no two goroutines
// write to one file (a contended file lock would take wait records too).
func (t *team[K, V]) wait(r int) {
	for _, ws := range [2][]*worker[K, V]{t.writers, t.readers[:r]} {
		for _, w := range ws {
			if _, err := io.ReadFull(w.doneR, t.buf); err != nil {
				panic("mapbench: a team goroutine's done pipe failed: " + err.Error())
			}
		}
	}
	// The goroutines' results (end times, samples, counts) were written
	// before they counted themselves done.
	if n, want := int(t.done.Load()), len(t.writers)+r; n != want {
		panic("mapbench: team run: " + strconv.Itoa(n) + " goroutines done, want " + strconv.Itoa(want))
	}
	t.done.Store(0)
}

// warm runs one empty task on every goroutine, so each has run and waited
// once before anything is measured.
func (t *team[K, V]) warm() {
	first := &t.e.plan.Phases[0]
	t.runTasks(nil, 0, len(t.readers), func(g int) (int, int) {
		lo, _ := first.Part(g)
		return lo, lo // no ops
	}, false)
}

// close ends the team's goroutines, closes its pipes and waits until the
// goroutines have returned (so nothing of this cell runs while a test
// process measures its next cell).
func (t *team[K, V]) close() {
	for _, w := range t.all() {
		w.tk = task[K, V]{quit: true}
		w.seq.Add(1)
		_ = w.wakeW.Close() // the goroutine's Read returns EOF
	}
	t.exited.Wait()
	for _, w := range t.all() {
		_ = w.doneR.Close()
	}
}

// all is every goroutine of the team: the writers, then the readers.
func (t *team[K, V]) all() []*worker[K, V] { return t.members }

// startSampling restarts every goroutine's sampler (and a reader's key
// choice) from the cell's seed and its index, so the null and primary
// passes sample the same ops.
func (t *team[K, V]) startSampling(every int) {
	for _, w := range t.all() {
		w.rng = mix(t.e.spec.Seed^uint64(w.g+1)<<32) | 1
		w.keyRng = mix(t.e.spec.Seed^uint64(w.g+1)<<40) | 1
		w.every = every
		if every > 0 {
			w.skip = w.gap()
		}
	}
}

// gap: as executor.gap, from the goroutine's own state.
func (w *worker[K, V]) gap() int { return geometric(xorshift(&w.rng), w.every) }

// run runs segment [num/den, (num+1)/den) of every writer's range of phase
// i against m (nil: each goroutine's null map), with the phase's readers,
// and returns its wall time: start barrier to the last writer's finish. A
// phase with Cuts (a replay's lanes) runs its part num instead.
func (t *team[K, V]) run(m impls.Map[K, V], i, num, den int, sample bool) int64 {
	ph := &t.e.plan.Phases[i]
	t0 := t.runTasks(m, i, min(ph.Readers, len(t.readers)), func(g int) (int, int) {
		if ph.Cuts != nil {
			return ph.Cuts[g][num], ph.Cuts[g][num+1]
		}
		plo, phi := ph.Part(g)
		n := phi - plo
		return plo + n*num/den, plo + n*(num+1)/den
	}, sample)
	end := t0
	for _, w := range t.writers {
		end = max(end, w.end)
	}
	return end - t0
}

// runTasks runs phase i against m on every writer, writer g over the ops
// span(g) gives, and on the first r readers: it hands out the tasks, opens
// the start barrier once every goroutine is at it, waits for them all and
// then for a quiet scheduler. It returns the time it opened the barrier and
// sets cpuNs and spanNs (barrier to the coordinator's return).
func (t *team[K, V]) runTasks(m impls.Map[K, V], i, r int, span func(g int) (lo, hi int), sample bool) int64 {
	ph := &t.e.plan.Phases[i]
	t.ready.Store(0)
	t.start.Store(false)
	t.left.Store(int32(len(t.writers)))
	for g, w := range t.writers {
		plo, _ := ph.Part(g)
		lo, hi := span(g)
		t.base[g] = plo
		w.progress.Store(int64(lo - plo))
		t.send(w, task[K, V]{m: m, phase: i, lo: lo, hi: hi, sample: sample})
	}
	for _, rd := range t.readers[:r] {
		t.send(rd, task[K, V]{m: m, phase: i, sample: sample})
	}
	for int(t.ready.Load()) < len(t.writers)+r {
		runtime.Gosched()
	}
	c0 := cpuTime()
	t0 := t.e.now()
	t.start.Store(true)
	t.wait(r)
	t.spanNs, t.cpuNs = t.e.now()-t0, cpuTime()-c0
	t.quiesce()
	return t0
}

// arrive waits at the start barrier.
func (t *team[K, V]) arrive() {
	t.ready.Add(1)
	for !t.start.Load() {
		runtime.Gosched()
	}
}

// mapFor is the map a task runs against: its map, or the goroutine's own
// null map.
func (tk *task[K, V]) mapFor(w *worker[K, V]) impls.Map[K, V] {
	if tk.m == nil {
		return w.null
	}
	return tk.m
}

// write runs a writer's task.
func (t *team[K, V]) write(w *worker[K, V], tk task[K, V]) {
	m := tk.mapFor(w)
	ph := &t.e.plan.Phases[tk.phase]
	od := &t.e.d.ops[tk.phase]
	publish := ph.Readers > 0
	base := t.base[w.g]
	lc := loopCapsOf(m)
	t.arrive()
	for lo := tk.lo; lo < tk.hi; {
		k := tk.hi - lo
		if tk.sample && w.every > 0 {
			k = min(k, w.skip)
		}
		if publish {
			k = min(k, progressChunk)
		}
		r, h := runOps(m, lc, ph.Kind, od, lo, lo+k)
		w.reads += r
		w.hits += h
		lo += k
		if tk.sample && w.every > 0 {
			w.skip -= k
			if w.skip == 0 && lo < tk.hi {
				w.sampleOne(t.e, m, lc, ph.Kind, od, lo)
				lo++
				w.skip = w.gap()
			}
		}
		if publish {
			w.progress.Store(int64(lo - base))
		}
	}
	w.end = t.e.now()
	t.left.Add(-1)
}

// sampleOne times op j alone and records it: a write in wh, a read in rh
// (an insert of a mixed phase is run, not recorded: latency_* of a mixed
// phase are its deletes); a replayed lane's op in kh, by its kind.
func (w *worker[K, V]) sampleOne(e *executor[K, V], m impls.Map[K, V], lc loopCaps[K, V], kind scenarios.Kind, od *opData[K, V], j int) {
	if w.kh != nil && kind == scenarios.Mixed {
		s0 := e.now()
		did, hit := oneOp(m, lc, kind, od, j)
		t := e.now() - s0
		if k := kindIndex(did); k >= 0 {
			_ = w.kh[k].RecordValue(t)
		}
		if did == scenarios.Read {
			w.reads++
			if hit {
				w.hits++
			}
		}
		return
	}
	if kind != scenarios.Mixed {
		s0 := e.now()
		oneOp(m, lc, kind, od, j)
		_ = w.wh.RecordValue(e.now() - s0)
		return
	}
	switch od.seq[j] {
	case scenarios.Read:
		s0 := e.now()
		_, ok := m.Get(od.ins[j])
		_ = w.rh.RecordValue(e.now() - s0)
		w.reads++
		if ok {
			w.hits++
		}
	case scenarios.Delete:
		s0 := e.now()
		m.Delete(od.ins[j])
		_ = w.wh.RecordValue(e.now() - s0)
	default:
		m.Put(od.ins[j], od.vals[j])
	}
}

// read runs a reader's task: it reads live keys of the writers in turn
// until the last writer finishes.
func (t *team[K, V]) read(w *worker[K, V], tk task[K, V]) {
	m := tk.mapFor(w)
	ph := &t.e.plan.Phases[tk.phase]
	od := &t.e.d.ops[tk.phase]
	t.arrive()
	for j := 0; t.left.Load() > 0; j++ {
		g := j % len(t.writers)
		k, ok := t.liveKey(w, ph, od, g)
		if !ok {
			continue
		}
		var hit bool
		if tk.sample && w.every > 0 && w.skip == 0 {
			s0 := t.e.now()
			_, hit = m.Get(k)
			_ = w.rh.RecordValue(t.e.now() - s0)
			w.skip = w.gap()
		} else {
			_, hit = m.Get(k)
			w.skip = max(w.skip-1, 0)
		}
		w.reads++
		if hit {
			w.hits++
		}
	}
}

// liveKey picks, at random, a key writer g has not yet deleted (see
// scenarios.Phase.Readers); false when it has none left.
func (t *team[K, V]) liveKey(w *worker[K, V], ph *scenarios.Phase, od *opData[K, V], g int) (K, bool) {
	pick := xorshift(&w.keyRng)
	base := t.base[g]
	_, hi := ph.Part(g)
	done := base + int(t.writers[g].progress.Load())
	switch ph.Kind {
	case scenarios.Delete:
		if done >= hi {
			var zero K
			return zero, false
		}
		return od.del[done+int(pick%uint64(hi-done))], true
	case scenarios.Replace:
		win := ph.Window[g]
		pos := done - base + int(pick%uint64(max(win, 1)))
		switch {
		case pos < hi-base:
			return od.del[base+pos], true
		case pos >= win:
			return od.ins[base+pos-win], true
		}
	}
	var zero K
	return zero, false
}

// mergeSamples moves the goroutines' samples of the phase just run into
// r's histograms and read counts.
func (t *team[K, V]) mergeSamples(r *phaseResult) {
	for _, w := range t.all() {
		for _, h := range []struct{ to, from *hdrhistogram.Histogram }{{r.hist, w.wh}, {r.rhist, w.rh}} {
			if h.from != nil {
				h.to.Merge(h.from)
				h.from.Reset()
			}
		}
		for k, h := range w.kh {
			r.hist.Merge(h) // a replay's latency_*: every op
			if k < len(r.kinds) {
				r.kinds[k].hist.Merge(h)
			}
			h.Reset()
		}
		r.reads += w.reads
		r.hits += w.hits
		w.reads, w.hits = 0, 0
	}
}

// segments is how many parts the team runs phase ph in, one after the
// other: one per checkpoint (the parts of Cuts, for a replay's lanes: one
// per checkpoint and per mark), or one.
func segments(ph *scenarios.Phase) int {
	switch {
	case ph.Cuts != nil:
		return len(ph.Cuts[0]) - 1
	case ph.Checkpoint > 0:
		return max((ph.Ops()+ph.Checkpoint-1)/ph.Checkpoint, 1)
	}
	return 1
}

// probedConcurrent runs phase i of the primary pass with the team and
// returns its time: the sum of its segments' times. A phase with
// checkpoints runs in segments of about Checkpoint ops in all; between two
// segments every goroutine has stopped, and the heap is read outside the
// timed region (as probed does for churn); a replay's lanes stop at its
// marks too, for a mark's forced GCs (markAt). Churn growth windows are not
// counted for concurrent phases: the allocation counter is the process's,
// not a writer's.
func (e *executor[K, V]) probedConcurrent(m impls.Map[K, V], i int, from *counters) int64 {
	ph := &e.plan.Phases[i]
	r := &e.res[i]
	if isNull(m) {
		m = nil // each goroutine uses its own null map: they share nothing
	}
	segs := segments(ph)
	var total int64
	for k := range segs {
		total += e.team.run(m, i, k, segs, true)
		switch {
		case checkpointAt(ph, k): // a mark there too: the reading's GCs are its
			r.checkpoints = append(r.checkpoints, e.reading(r, from))
		case markAt(ph, k):
			e.reading(r, from)
		}
	}
	return total
}
