// The latency chart: the key phase's latency percentiles on a log axis,
// with the noise floor (the read-latency chart draws the same of reads,
// the kind charts of a trace replay the same of each kind of op).

package plot

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"mapbench/results"
	"mapbench/results/cells"
	"mapbench/results/report"
)

// Latencies are the percentiles of the latency chart, in order.
var Latencies = []struct{ Metric, Label string }{
	{results.MetricLatencyP50, "p50"},
	{results.MetricLatencyP90, "p90"},
	{results.MetricLatencyP99, "p99"},
	{results.MetricLatencyP999, "p99.9"},
	{results.MetricLatencyMax, "max"},
}

// latency draws the key phase's latency percentiles per implementation on
// a log axis, with the cells' noise floor.
func (b *builder) latency(t *report.ComparisonTable, c int) error {
	return b.latencyChart(t, c, "latency", Latencies, (*cells.Group).AtKeyEnd, func(string) string {
		return fmt.Sprintf("Latency of one %s: %s, shape %s, n = %d%s%s\nmedian over reps of each percentile of sampled single ops (%s phase)",
			t.Op, t.Scenario, t.Shape, t.N, b.gTitle(t.Goroutines), presizeTitle(t.Presize), t.KeyPhase)
	})
}

// kindLatency draws, per kind of op of a trace replay (t.Kinds, deletes
// first), the latency percentiles of the kind's sampled ops, like latency:
// chart KIND-latency (replay-delete-latency_SCENARIO_SHAPE_nN).
func (b *builder) kindLatency(t *report.ComparisonTable, c int) error {
	for _, k := range t.Kinds {
		read := func(g *cells.Group, metric string) []float64 { return g.OfKind(k, metric) }
		err := b.latencyChart(t, c, k+"-latency", Latencies, read, func(reps string) string {
			return fmt.Sprintf("Latency of one %s of the replay: %s, shape %s, n = %d%s%s\nmedian over %s of each percentile of its sampled %s ops (%s rows)",
				b.v.Op(k), t.Scenario, t.Shape, t.N, b.gTitle(t.Goroutines), presizeTitle(t.Presize), reps, b.v.Op(k), k)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// latencyChart draws the percentiles pcts of t's groups in column c on a
// log axis, with the noise floor of those groups' cells, as chart kind;
// read gives a cell's values of a percentile, one per good rep; title
// gives the first two lines of the title from the reps drawn ("5 reps").
// It draws nothing when no group has the percentiles.
func (b *builder) latencyChart(t *report.ComparisonTable, c int, kind string, pcts []struct{ Metric, Label string },
	read func(g *cells.Group, metric string) []float64, title func(reps string) string) error {
	p := newPlot("", "percentile", "latency (ns, log scale)")
	p.Y.Scale = gplot.LogScale{}
	p.Y.Tick.Marker = logTicks{}
	var ticks []gplot.Tick
	for i, lt := range pcts {
		ticks = append(ticks, gplot.Tick{Value: float64(i), Label: lt.Label})
	}
	p.X.Tick.Marker = gplot.ConstantTicks(ticks)
	p.X.Min, p.X.Max = -0.3, float64(len(pcts))-0.7
	l := newLegend()
	var noise []float64
	var lines []line
	var reps []int
	ymin, ymax := math.Inf(1), 0.0
	for _, g := range groups(t, c) {
		var xys plotter.XYs
		var pts []point
		var keys []string
		nreps := 0
		for i, lt := range pcts {
			if vs := cells.Finite(read(g.Cell, lt.Metric)); len(vs) > 0 {
				// The median of a time, as the report and the summary
				// have it (cells.SpreadOf).
				y := max(cells.SpreadOf(vs, cells.Time).Median, 1) // a log axis has no 0
				xys = append(xys, plotter.XY{X: float64(i), Y: y})
				pts = append(pts, point{X: float64(i), Y: y, Lo: math.NaN(), Hi: math.NaN()})
				keys = append(keys, t.Key())
				ymin, ymax = min(ymin, y), max(ymax, y)
				nreps = max(nreps, len(vs))
			}
		}
		if len(xys) == 0 {
			continue
		}
		noise = append(noise, cells.Finite(g.Cell.Values(results.MetricNoiseFloorP999,
			func(phase string, _ int) bool { return phase == results.PhaseMeta }))...)
		ln, sc, err := plotter.NewLinePoints(xys)
		if err != nil {
			return fmt.Errorf("%s %s %s: %v", kind, t.Scenario, g.Impl, err)
		}
		b.style(g.Impl, ln, sc)
		p.Add(ln, sc)
		l.Add(g.Impl, ln, sc)
		lines = append(lines, line{impl: g.Impl, pts: pts, tables: keys})
		reps = append(reps, nreps)
	}
	if len(lines) == 0 {
		return nil
	}
	sfx, stitle := b.suffix(c)
	p.Title.Text = title(repsText(reps)) + "\ndashed: the noise floor, p99.9 of an empty timed region"
	if stitle != "" {
		p.Title.Text += "\n" + stitle
	}
	if len(noise) > 0 {
		nf := max(results.Median(noise), 1)
		ymin, ymax = min(ymin, nf), max(ymax, nf)
		f := plotter.NewFunction(func(float64) float64 { return nf })
		f.Color = color.Black
		f.Width = vg.Points(1.5)
		f.Dashes = []vg.Length{vg.Points(6), vg.Points(4)}
		p.Add(f)
		l.Add("noise floor "+results.FormatNS(nf), f)
	}
	p.Y.Min, p.Y.Max = ymin/1.5, ymax*1.5
	return b.addLines(cellName(kind, t.Scenario, t.Shape, "n"+strconv.Itoa(t.N), b.gName(t.Goroutines), presizeName(t.Presize))+sfx, p, l, lines)
}
