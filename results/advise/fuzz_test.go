package advise_test

import (
	"encoding/binary"
	"math"
	"strings"
	"testing"

	"mapbench/harness/run"
	"mapbench/results"
	"mapbench/results/advise"
)

// recordsFrom builds a drain workload of three implementations from raw
// bytes: each byte pair a rep's live_heap and ns_per_op, the first byte
// saying how many reps each has (1 to 6; the third up to 3 fewer, at
// least 1) and which one fails.
func recordsFrom(data []byte) (recs []results.Record, failedImpl string) {
	if len(data) < 1 {
		return nil, ""
	}
	impls := run.Vocab.Impls[:3]
	data0 := data[0]
	reps := 1 + int(data[0]%6)
	if data[0]&0x80 != 0 {
		failedImpl = impls[int(data[0]>>3)%3]
	}
	data = data[1:]
	next := func() float64 {
		if len(data) < 2 {
			return 1
		}
		v := float64(binary.LittleEndian.Uint16(data))
		data = data[2:]
		return v
	}
	for i, impl := range impls {
		reps := reps
		if i == 2 {
			reps = max(1, reps-int(data0>>5)&3)
		}
		for rep := range reps {
			cell := results.Cell{Impl: impl, ImplVersion: "v1", Scenario: "drain", Shape: "u64", N: 1000, Goroutines: 1, Rep: rep}
			add := func(phase, metric string, v float64) {
				recs = append(recs, results.Record{Cell: cell, Phase: phase, Metric: metric, Value: v, Unit: results.MetricUnit(metric)})
			}
			failed := 0.0
			if impl == failedImpl && rep == reps-1 {
				failed = 1
			}
			add(results.PhaseMeta, results.MetricCellFailed, failed)
			add(run.KeyPhase("drain"), results.MetricLiveHeap, next())
			add(run.KeyPhase("drain"), results.MetricNsPerOp, next())
		}
	}
	return recs, failedImpl
}

// uTestCanDecide is the oracle of whether the U test can call samples of
// n1 and n2 values different at alpha 0.05: its smallest two-sided p,
// 2/C(n1+n2, n1), is at most 0.05.
func uTestCanDecide(n1, n2 int) bool {
	c := 1.0
	for i := 1; i <= n1; i++ {
		c = c * float64(n2+i) / float64(i)
	}
	return n1 > 0 && n2 > 0 && 2/c <= 0.05
}

// Whatever the figures: the ranked entries come first, in order of their
// medians, ranks start at 1 and never fall; the entries not ranked follow
// in order of their medians with rank 0, each with fewer reps than every
// ranked one; two ranked time cells always have reps enough for the U
// test; a criterion not ranked at all has no ranked entry and a reason; a
// winner is rank 1 alone, beyond the runner-up's spread, with every cell
// ranked; and a failed cell is never ranked.
func FuzzRankings(f *testing.F) {
	f.Add([]byte{2, 1, 0, 1, 0, 2, 0, 2, 0, 3, 0, 3, 0})
	f.Add([]byte{0x85, 10, 0, 20, 0, 10, 0, 20, 0, 30, 0, 40, 0, 50, 0, 60, 0})
	f.Add([]byte{0x21, 10, 0, 20, 0, 10, 0, 21, 0, 11, 0, 22, 0, 12, 0, 23, 0, 30, 0, 40, 0, 30, 0, 41, 0, 31, 0, 42, 0, 31, 0, 43, 0})
	f.Add([]byte{5, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7})
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, failedImpl := recordsFrom(data)
		if recs == nil {
			return
		}
		a, err := advise.Build(recs, run.Vocab, advise.Options{Prefer: "memory"})
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range a.Workloads {
			if len(w.Verdict) == 0 || len(w.Verdict) > 3 {
				t.Errorf("%d verdict lines", len(w.Verdict))
			}
			for _, r := range w.Rankings {
				sign := 1.0
				if r.Better == results.BetterHigher.String() {
					sign = -1
				}
				allSame := true
				for _, e := range r.Entries {
					allSame = allSame && e.Min == e.Max && e.Min == r.Entries[0].Min
				}
				var ranked, unranked []advise.Entry
				for _, e := range r.Entries {
					if e.Impl == failedImpl {
						t.Errorf("%s: failed cell %s ranked", r.Label, e.Impl)
					}
					if e.Ranked {
						if len(unranked) > 0 {
							t.Errorf("%s: ranked entry %+v after one not ranked", r.Label, e)
						}
						ranked = append(ranked, e)
					} else {
						unranked = append(unranked, e)
					}
				}
				for i, e := range ranked {
					if i == 0 && e.Rank != 1 || i > 0 && (e.Rank < ranked[i-1].Rank || sign*e.Median < sign*ranked[i-1].Median) {
						t.Errorf("%s: entry %d %+v out of order", r.Label, i, e)
					}
					for _, o := range ranked[:i] {
						if r.Criterion == "time" && !uTestCanDecide(o.Reps, e.Reps) && !allSame {
							t.Errorf("%s: %s (%d reps) and %s (%d reps) both ranked, but the U test cannot tell them apart", r.Label, o.Impl, o.Reps, e.Impl, e.Reps)
						}
					}
				}
				for i, e := range unranked {
					if e.Rank != 0 || i > 0 && sign*e.Median < sign*unranked[i-1].Median {
						t.Errorf("%s: entry not ranked %d %+v out of order", r.Label, i, e)
					}
					for _, o := range ranked {
						if o.Reps <= e.Reps {
							t.Errorf("%s: %s (%d reps) not ranked, but %s (%d reps) is", r.Label, e.Impl, e.Reps, o.Impl, o.Reps)
						}
					}
				}
				if !r.Ranked && (len(ranked) > 0 || r.Reason == "" || r.Winner != "") {
					t.Errorf("%s: not ranked, but %d entries ranked, reason %q, winner %q", r.Label, len(ranked), r.Reason, r.Winner)
				}
				if r.Ranked && len(unranked) > 0 && len(ranked) < 2 {
					t.Errorf("%s: ranked with %d entries ranked", r.Label, len(ranked))
				}
				if r.Winner == "" {
					if r.Why == "" && r.Reason == "" && len(r.Entries) > 1 {
						t.Errorf("%s: no winner and no reason", r.Label)
					}
					continue
				}
				if len(unranked) > 0 {
					t.Errorf("%s: winner %s named with cells not ranked: %+v", r.Label, r.Winner, unranked)
				}
				w0, w1 := r.Entries[0], r.Entries[1]
				if w0.Impl != r.Winner || w0.Tied || w1.Rank == 1 {
					t.Errorf("%s: winner %s, but entries %+v", r.Label, r.Winner, r.Entries[:2])
				}
				if beyond := w0.Max < w1.Min; sign < 0 && !(w0.Min > w1.Max) || sign > 0 && !beyond {
					t.Errorf("%s: winner %s's reps %g–%g reach the runner-up's %g–%g", r.Label, r.Winner, w0.Min, w0.Max, w1.Min, w1.Max)
				}
				if math.IsNaN(w0.Median) || strings.Contains(w0.Text, "NaN") {
					t.Errorf("%s: winner without a figure", r.Label)
				}
			}
		}
	})
}
