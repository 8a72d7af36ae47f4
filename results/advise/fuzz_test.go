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
// saying how many reps each has (1 to 6) and which one fails.
func recordsFrom(data []byte) (recs []results.Record, failedImpl string) {
	if len(data) < 1 {
		return nil, ""
	}
	impls := run.Vocab.Impls[:3]
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
	for _, impl := range impls {
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

// Whatever the figures: entries are in order of their medians, ranks
// start at 1 and never fall, a winner is rank 1 alone and beyond the
// runner-up's spread, and a failed cell is never ranked.
func FuzzRankings(f *testing.F) {
	f.Add([]byte{2, 1, 0, 1, 0, 2, 0, 2, 0, 3, 0, 3, 0})
	f.Add([]byte{0x85, 10, 0, 20, 0, 10, 0, 20, 0, 30, 0, 40, 0, 50, 0, 60, 0})
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
				for i, e := range r.Entries {
					if e.Impl == failedImpl {
						t.Errorf("%s: failed cell %s ranked", r.Label, e.Impl)
					}
					if i == 0 && e.Rank != 1 || i > 0 && (e.Rank < r.Entries[i-1].Rank || sign*e.Median < sign*r.Entries[i-1].Median) {
						t.Errorf("%s: entry %d %+v out of order", r.Label, i, e)
					}
				}
				if r.Winner == "" {
					if r.Why == "" && len(r.Entries) > 1 {
						t.Errorf("%s: no winner and no reason", r.Label)
					}
					continue
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
