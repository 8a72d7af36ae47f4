package harness

import (
	"fmt"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"mapbench/impls"
	"mapbench/results"
	"mapbench/scenarios"
)

// A replay's figures per op kind (docs/trace.md, Replay). The replay phase
// is one loop over a mix of gets, puts and deletes, and its ns_per_op is
// the time of the whole loop over all of them. What each kind costs is
// measured two ways, never apportioned:
//
//   - every sampled op (docs/methodology.md rule 12) is recorded in the
//     histogram of its kind as well as the phase's: latency_* of the rows
//     of phases replay-get, replay-put and replay-delete;
//   - in the timing passes, every run of at least minBlock consecutive ops
//     of one kind is timed as a block, with a clock read at its start and
//     its end inside the one loop over the phase: ns_per_op of those rows is
//     the blocks' time over their ops, and its note says what share of the
//     kind's ops the blocks hold. A drain recorded as a trace (all puts,
//     then all deletes) is two blocks; a program that interleaves its ops
//     has few or none, and then only the sampled latencies say what a kind
//     costs.
//
// The two clock reads per block add to the phase's ns_per_op at most one
// clock pair per minBlock ops (30–40 ns on this project's machine,
// timer_overhead: under 0.04 ns per op).

// replayKinds are the op kinds a replay reports on their own, in the order
// of their rows, with the phase their rows carry.
var replayKinds = [...]struct {
	kind  scenarios.Kind
	phase string
}{
	{scenarios.Read, scenarios.PhaseReplayGet},
	{scenarios.Insert, scenarios.PhaseReplayPut},
	{scenarios.Delete, scenarios.PhaseReplayDelete},
}

// nKinds is how many op kinds a replay reports on their own.
const nKinds = len(replayKinds)

// kindIndex is k's index in replayKinds, -1 for a kind not reported on its
// own (a clear).
func kindIndex(k scenarios.Kind) int {
	switch k {
	case scenarios.Read:
		return 0
	case scenarios.Insert:
		return 1
	case scenarios.Delete:
		return 2
	}
	return -1
}

// minBlock is the fewest consecutive ops of one kind that a timing pass
// times as a block: enough that the block's clock pair is a small part of
// its time (an op takes 10 ns at least, so 1024 of them take 10 µs or
// more, and a clock pair 30–40 ns).
const minBlock = 1024

// block is ops [lo, hi) of a replay phase, all of kind replayKinds[kind].
type block struct{ lo, hi, kind int }

// kindLayout is where a replay phase's kinds are: how many ops each has,
// how many of them are in blocks, and the blocks (in the arena).
type kindLayout struct {
	ops     [nKinds]int
	blocked [nKinds]int
	blocks  []block
}

// layoutKinds counts the kinds of a replay phase of op kinds seq and,
// when blocks (a phase run on one goroutine), finds its blocks, laid out
// in a; a run of one kind ends at each of marks (Phase.Marks), where the
// timing passes stop for a GC. The lanes of a replay run at once
// (harness/concurrent.go) overlap in time, so their blocks are not timed.
func layoutKinds(a *arena, seq []scenarios.Kind, marks []int, blocks bool) kindLayout {
	var kl kindLayout
	runs := func(f func(lo, hi, k int)) {
		next := 0 // marks[next] is the first mark after lo
		for lo := 0; lo < len(seq); {
			for next < len(marks) && marks[next] <= lo {
				next++
			}
			end := len(seq)
			if next < len(marks) {
				end = marks[next]
			}
			hi := lo + 1
			for hi < end && seq[hi] == seq[lo] {
				hi++
			}
			if k := kindIndex(seq[lo]); k >= 0 {
				f(lo, hi, k)
			}
			lo = hi
		}
	}
	n := 0
	runs(func(lo, hi, k int) {
		kl.ops[k] += hi - lo
		if blocks && hi-lo >= minBlock {
			kl.blocked[k] += hi - lo
			n++
		}
	})
	kl.blocks = arenaSlice[block](a, n)[:0]
	runs(func(lo, hi, k int) {
		if blocks && hi-lo >= minBlock {
			kl.blocks = append(kl.blocks, block{lo, hi, k})
		}
	})
	return kl
}

// kindResult is what the passes record for one kind of a replay phase.
type kindResult struct {
	hist   *hdrhistogram.Histogram // its sampled ops (primary pass)
	ns     []int64                 // per timing pass, the wall ns of its blocks
	loopNs []int64                 // the same against the null map
}

// newKindResults allocates a replay phase's per-kind results (before the
// baseline), room for passes timing passes.
func newKindResults(passes int) []kindResult {
	out := make([]kindResult, nKinds)
	for k := range out {
		out[k] = kindResult{hist: hdrhistogram.New(1, histMax, histSigs),
			ns: make([]int64, 0, passes), loopNs: make([]int64, 0, loopRuns)}
	}
	return out
}

// resetKinds empties rs for the next pass (keeping what they allocated).
func resetKinds(rs []kindResult) []kindResult {
	for k := range rs {
		rs[k].hist.Reset()
		rs[k].ns, rs[k].loopNs = rs[k].ns[:0], rs[k].loopNs[:0]
	}
	return rs
}

// blocksIn is the blocks of bs (in order, none spanning a mark) within ops
// [lo, hi): what runBlocks times of those ops.
func blocksIn(bs []block, lo, hi int) []block {
	a := 0
	for a < len(bs) && bs[a].lo < lo {
		a++
	}
	b := a
	for b < len(bs) && bs[b].hi <= hi {
		b++
	}
	return bs[a:b]
}

// runBlocks runs ops [lo, hi) of a phase of kind kind, as runOps does, and
// adds to ns[k] the wall time of those of blocks (blocksIn: a replay's, in
// order, within [lo, hi); none for other phases) of kind k: one clock read
// at each block's start and end.
func (e *executor[K, V]) runBlocks(m impls.Map[K, V], lc loopCaps[K, V], kind scenarios.Kind, od *opData[K, V], blocks []block, lo, hi int, ns *[nKinds]int64) {
	at := lo
	for _, b := range blocks {
		runOps(m, lc, kind, od, at, b.lo)
		t0 := e.now()
		runOps(m, lc, kind, od, b.lo, b.hi)
		ns[b.kind] += e.now() - t0
		at = b.hi
	}
	runOps(m, lc, kind, od, at, hi)
}

// addKindTimes adds a pass's times of the blocks of each kind (ns) to the
// kinds of r that have blocks (kl): to their timing passes' times, or with
// loop to their loop-overhead runs'.
func (r *phaseResult) addKindTimes(kl *kindLayout, ns *[nKinds]int64, loop bool) {
	for k := range r.kinds {
		if kl.blocked[k] == 0 {
			continue
		}
		if loop {
			r.kinds[k].loopNs = append(r.kinds[k].loopNs, ns[k])
		} else {
			r.kinds[k].ns = append(r.kinds[k].ns, ns[k])
		}
	}
}

// emitKinds writes the rows of a replay phase's kinds (phase i), each
// kind's under its phase, at step 0: its ops, the ns_per_op and
// loop_ns_per_op of its blocks where it has any, and its sampled latency.
func (e *executor[K, V]) emitKinds(o *emitter, i int, noiseP999 int64) {
	od, r := &e.d.ops[i], &e.res[i]
	for k, rk := range replayKinds {
		ops := od.kinds.ops[k]
		if ops == 0 || k >= len(r.kinds) {
			continue
		}
		kr := &r.kinds[k]
		o.add(rk.phase, 0, results.MetricOps, float64(ops), "")
		if b := od.kinds.blocked[k]; b > 0 && len(kr.ns) > 0 {
			note := ""
			if b < ops {
				note = fmt.Sprintf("the %d of its %d ops (%.1f%%) in runs of %d or more ops of this kind, timed as blocks; the others are timed only in the replay's ns_per_op",
					b, ops, 100*float64(b)/float64(ops), minBlock)
			}
			o.add(rk.phase, 0, results.MetricNsPerOp, medianNs(kr.ns)/float64(b), note)
			o.add(rk.phase, 0, results.MetricPhasePasses, float64(len(kr.ns)), "")
			if len(kr.loopNs) > 0 {
				o.add(rk.phase, 0, results.MetricLoopNsPerOp, medianNs(kr.loopNs)/float64(b), "")
			}
		}
		e.emitLatency(o, rk.phase, 0, kr.hist, noiseP999, writeLatency)
	}
}
