// The verdicts of a table: which map keeps the least memory, reuses
// best, is fastest, when the leader clearly beats the runner-up.

package report

import (
	"cmp"
	"fmt"
	"slices"

	"golang.org/x/perf/benchmath"

	"mapbench/results"
	"mapbench/results/cells"
)

// groupsIn returns column c's groups by line name.
func groupsIn(groups []*LineSamples, c int) map[string]*LineSamples {
	out := map[string]*LineSamples{}
	for _, g := range groups {
		if g.Column == c {
			out[g.Impl] = g
		}
	}
	return out
}

// verdicts answers "which map" for column c of t: least memory kept,
// best slot reuse, fastest; each only when the leader beats the runner-up
// (exact values: every rep of the leader better than every rep of the
// runner-up; times: the U test significant).
func verdicts(t *ComparisonTable, c int, groups map[string]*LineSamples) []string {
	var out []string
	type cand struct {
		impl string
		st   *Stat
		smp  *benchmath.Sample
	}
	for _, q := range []struct {
		metric, what string
	}{
		{results.MetricLiveHeap, "least memory kept (" + t.KeyPhase + " live heap)"},
		{results.MetricReuseRatio, "best slot reuse (reuse_ratio)"},
		{results.MetricNsPerOp, "fastest (" + t.KeyPhase + " ns/op)"},
	} {
		s := specOf(q.metric)
		var cs []cand
		for _, impl := range t.Impls {
			g := groups[impl]
			if g == nil || len(cells.Finite(g.Values[q.metric])) == 0 {
				continue
			}
			st, smp := summarize(s, cells.Finite(g.Values[q.metric]))
			cs = append(cs, cand{impl, st, smp})
		}
		if len(cs) < 2 {
			continue
		}
		slices.SortStableFunc(cs, func(a, b cand) int {
			return cmp.Compare(float64(-s.Better())*a.st.Median, float64(-s.Better())*b.st.Median)
		})
		w, r := cs[0], cs[1]
		val := func(x cand) string { return formatValue(s, x.st.Median) }
		switch s.Kind {
		case cells.Exact:
			clear := (s.Better() < 0 && w.st.Max < r.st.Min) || (s.Better() > 0 && w.st.Min > r.st.Max)
			if clear {
				out = append(out, fmt.Sprintf("%s: %s (%s; runner-up %s %s)", q.what, w.impl, val(w), r.impl, val(r)))
			} else {
				out = append(out, fmt.Sprintf("%s: no clear winner: %s %s and %s %s overlap over reps", q.what, w.impl, val(w), r.impl, val(r)))
			}
		case cells.Time:
			cm, sig, warns := uTest(w.smp, r.smp)
			if sig {
				out = append(out, fmt.Sprintf("%s: %s (%s; runner-up %s %s, p=%.3f)", q.what, w.impl, val(w), r.impl, val(r), cm.P))
			} else {
				why := fmt.Sprintf("p=%.3f", cm.P)
				for _, e := range warns {
					why += "; " + e
				}
				out = append(out, fmt.Sprintf("%s: no clear winner: %s %s and %s %s do not differ significantly (%s)", q.what, w.impl, val(w), r.impl, val(r), why))
			}
		}
	}
	return out
}

func specOf(metric string) MetricSpec {
	for _, s := range MetricSpecs {
		if s.Metric == metric {
			return s
		}
	}
	panic("report: no spec for " + metric)
}
