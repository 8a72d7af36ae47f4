// The ns-per-op chart: ns_per_op of the key phase with its confidence
// interval.

package plot

import (
	"fmt"
	"math"
	"strconv"

	gplot "gonum.org/v1/plot"

	"mapbench/results"
	"mapbench/results/report"
)

// nsPerOp draws ns_per_op of the key phase per implementation: bars at the
// median, whiskers at the 95% confidence interval, or at min–max when the
// sample is too small for one.
func (b *builder) nsPerOp(t *report.ComparisonTable, c int) error {
	sfx, stitle := b.suffix(c)
	gs := groups(t, c)
	type row struct {
		impl   string
		st     *report.Stat
		minmax bool
	}
	var rows []row
	anyMinMax, anyCI := false, false
	for _, g := range gs {
		st := stat(t, results.MetricNsPerOp, g.Impl, c)
		if st == nil {
			continue
		}
		mm := math.IsInf(st.Lo, 0) || math.IsInf(st.Hi, 0) || math.IsNaN(st.Lo) || math.IsNaN(st.Hi)
		anyMinMax = anyMinMax || mm
		anyCI = anyCI || !mm
		rows = append(rows, row{g.Impl, st, mm})
	}
	if len(rows) == 0 {
		return nil
	}
	whisk := "whiskers: 95% confidence interval of the median (benchmath)"
	switch {
	case anyMinMax && !anyCI:
		whisk = "whiskers: min–max over reps (no 95% interval: it needs ≥ 6 reps)"
	case anyMinMax:
		whisk = "whiskers: 95% confidence interval; min–max (marked *) where < 6 reps give none"
	}
	title := fmt.Sprintf("Time per %s: %s, shape %s, n = %d%s%s\nbars: median ns_per_op over reps; %s", t.Op, t.Scenario, t.Shape, t.N, b.gTitle(t.Goroutines), presizeTitle(t.Presize), whisk)
	if stitle != "" {
		title += "\n" + stitle
	}
	p := newPlot(title, "implementation", "time per op (ns)")
	var ticks []gplot.Tick
	l := newLegend()
	ymax := 0.0
	var lines []line
	for i, r := range rows {
		lo, hi := r.st.Lo, r.st.Hi
		label := r.impl
		if r.minmax {
			lo, hi = r.st.Min, r.st.Max
			if anyCI {
				label += " *"
			}
		}
		bs := &bars{xs: []float64{float64(i)}, half: 0.3, vals: []float64{r.st.Median}, lo: []float64{lo}, hi: []float64{hi},
			color: b.color(r.impl), label: nsLabel}
		p.Add(bs)
		l.Add(label, bs)
		ticks = append(ticks, gplot.Tick{Value: float64(i), Label: r.impl})
		ymax = max(ymax, hi, r.st.Median)
		lines = append(lines, line{impl: r.impl, pts: []point{{X: float64(i), Y: r.st.Median, Lo: lo, Hi: hi}}, tables: []string{t.Key()}})
	}
	p.X.Tick.Marker = gplot.ConstantTicks(ticks)
	slantTicks(p, len(rows))
	p.X.Min, p.X.Max = -0.6, float64(len(rows))-0.4
	p.Y.Min, p.Y.Max = 0, headroom(ymax, 1.25)
	return b.addLines(cellName("ns-per-op", t.Scenario, t.Shape, "n"+strconv.Itoa(t.N), b.gName(t.Goroutines), presizeName(t.Presize))+sfx, p, l, lines)
}
