// The churn-heap chart: the live heap against turnovers of n during churn.

package plot

import (
	"fmt"
	"math"
	"strconv"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"mapbench/results"
	"mapbench/results/cells"
	"mapbench/results/report"
)

// churn draws the live heap against turnovers for a churn table.
func (b *builder) churn(t *report.ComparisonTable, c int) error {
	if b.v.Churn == "" || t.KeyPhase != b.v.Churn {
		return nil
	}
	sfx, stitle := b.suffix(c)
	title := fmt.Sprintf("Live heap during churn: %s, shape %s, n = %d%s%s\nmedian over reps of the reading after each n/2 ops (delete+insert pairs)", t.Scenario, t.Shape, t.N, b.gTitle(t.Goroutines), presizeTitle(t.Presize))
	if stitle != "" {
		title += "\n" + stitle
	}
	p := newPlot(title, "turnovers of n (ops / n)", "live heap (bytes)")
	p.Y.Tick.Marker = bytesTicks{}
	l := newLegend()
	drawn := false
	ymax, xmax := 0.0, 0.0
	for _, g := range groups(t, c) {
		steps := g.Cell.Steps(t.KeyPhase, results.MetricLiveHeap)
		if len(steps) == 0 {
			continue
		}
		xys := make(plotter.XYs, len(steps))
		for i, s := range steps {
			vs := g.Cell.Values(results.MetricLiveHeap, func(phase string, step int) bool { return phase == t.KeyPhase && step == s })
			xys[i] = plotter.XY{X: float64(s) * 0.5, Y: results.Median(cells.Finite(vs))}
			ymax = max(ymax, xys[i].Y)
			xmax = max(xmax, xys[i].X)
		}
		line, pts, err := plotter.NewLinePoints(xys)
		if err != nil {
			return fmt.Errorf("churn %s %s: %v", t.Scenario, g.Impl, err)
		}
		b.style(g.Impl, line, pts)
		p.Add(line, pts)
		l.Add(g.Impl, line, pts)
		drawn = true
	}
	if !drawn {
		return nil
	}
	p.Y.Min = 0
	p.Y.Max = headroom(ymax, 1.1)
	var ticks []gplot.Tick
	for x := 0.0; x <= xmax; x += 0.5 {
		t := gplot.Tick{Value: x}
		if x == math.Trunc(x) {
			t.Label = strconv.FormatFloat(x, 'f', 0, 64)
		}
		ticks = append(ticks, t)
	}
	p.X.Tick.Marker = gplot.ConstantTicks(ticks)
	return b.add(cellName("churn-heap", t.Scenario, t.Shape, "n"+strconv.Itoa(t.N), b.gName(t.Goroutines), presizeName(t.Presize))+sfx, p, l)
}
