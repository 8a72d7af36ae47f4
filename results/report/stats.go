// The statistics of a block: the Stat of a line's values and its
// comparison with a reference (benchmath).

package report

import (
	"fmt"
	"math"

	"golang.org/x/perf/benchmath"

	"mapbench/results"
	"mapbench/results/cells"
)

// HasCI reports whether st has a finite confidence interval (a time
// figure with enough reps).
func (st *Stat) HasCI() bool { return !math.IsInf(st.Lo, 0) && !math.IsInf(st.Hi, 0) }

// summarize computes s's statistic of values: the Spread of package
// cells, and for times the confidence interval.
func summarize(s MetricSpec, values []float64) (*Stat, *benchmath.Sample) {
	smp := cells.NewSample(values)
	st := &Stat{Spread: cells.SpreadOf(values, s.Kind), Values: smp.Values}
	st.Lo, st.Hi = st.Min, st.Max
	if s.Kind == cells.Time {
		sum := cells.TimeSummary(smp)
		st.Lo, st.Hi = sum.Lo, sum.Hi
		for _, w := range sum.Warnings {
			st.Warnings = append(st.Warnings, w.Error())
		}
	}
	return st, smp
}

// compare compares b with the reference a: the U test for times, the
// change of the medians for exact values.
func compare(s MetricSpec, sa *benchmath.Sample, a *Stat, sb *benchmath.Sample, b *Stat) *Cmp {
	if s.Kind == cells.Exact {
		return &Cmp{P: math.NaN(), Significant: a.Median != b.Median, Delta: delta(a.Median, b.Median)}
	}
	c, sig, warns := uTest(sa, sb)
	out := &Cmp{P: c.P, Significant: sig, Delta: "~", Warnings: warns}
	if sig {
		out.Delta = delta(a.Median, b.Median)
	}
	return out
}

// delta writes how b compares with a: "~" when equal, else
// results.FormatChange ("+2.35%", "235×").
func delta(a, b float64) string {
	if a == b {
		return "~"
	}
	return results.FormatChange(a, b)
}

// uTest is benchmath.AssumeNothing.Compare, and whether its difference is
// significant, with one correction: go-moremath's U test (benchmath's)
// returns p = 0 for some samples with ties and unequal sizes (e.g. 50 50 50
// against 40 40), which a rank test on finite samples cannot give (the
// smallest two-sided p is 2/C(n1+n2, n1)). Such a result is reported with
// a warning and not treated as significant.
func uTest(sa, sb *benchmath.Sample) (c benchmath.Comparison, significant bool, warnings []string) {
	c = benchmath.AssumeNothing.Compare(sa, sb)
	for _, w := range c.Warnings {
		warnings = append(warnings, w.Error())
	}
	if c.P == 0 {
		warnings = append(warnings, fmt.Sprintf("benchmath's U test gave p=0 for %d+%d samples with ties, which a rank test cannot: not treated as significant", c.N1, c.N2))
		return c, false, warnings
	}
	return c, c.P <= c.Alpha, warnings
}

// Differ compares the values b with the reference values a (NaNs left
// out) by the test every table of the report uses: the U test at Alpha for
// times, the change of the medians for exact values. It is the report's
// comparison for callers outside the package (the advice of package
// results/advise), so that both call a difference significant alike.
func Differ(s MetricSpec, a, b []float64) *Cmp {
	sta, sa := summarize(s, cells.Finite(a))
	stb, sb := summarize(s, cells.Finite(b))
	return compare(s, sa, sta, sb, stb)
}
