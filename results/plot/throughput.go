// The throughput chart: ops_per_sec of the key phase against G.

package plot

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"mapbench/results"
	"mapbench/results/report"
)

// throughput draws, per scenario × shape × n × presize whose key phase has
// ops_per_sec at two or more G, the throughput against G: one line per
// implementation at the median over reps, whiskers min–max. It spans G,
// so its name has no _G<g> part.
func (b *builder) throughput(c int) error {
	type key struct {
		scenario, shape string
		n               int
		presize         bool
	}
	var keys []key
	byKey := map[key][]*report.ComparisonTable{}
	for i := range b.rep.Tables {
		t := &b.rep.Tables[i]
		if t.Goroutines < 1 { // a log axis has no 0
			continue
		}
		has := false
		for _, g := range groups(t, c) {
			has = has || stat(t, results.MetricOpsPerSec, g.Impl, c) != nil
		}
		if !has {
			continue
		}
		k := key{t.Scenario, t.Shape, t.N, t.Presize}
		if _, ok := byKey[k]; !ok {
			keys = append(keys, k)
		}
		byKey[k] = append(byKey[k], t)
	}
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(cmp.Compare(a.scenario, b.scenario), cmp.Compare(a.shape, b.shape), cmp.Compare(a.n, b.n),
			cmp.Compare(presizeName(a.presize), presizeName(b.presize)))
	})
	sfx, stitle := b.suffix(c)
	for _, k := range keys {
		tables := byKey[k]
		slices.SortFunc(tables, func(x, y *report.ComparisonTable) int { return cmp.Compare(x.Goroutines, y.Goroutines) })
		if len(tables) < 2 { // one table per G
			continue
		}
		var impls []string
		for _, t := range tables {
			for _, g := range groups(t, c) {
				if !slices.Contains(impls, g.Impl) && stat(t, results.MetricOpsPerSec, g.Impl, c) != nil {
					impls = append(impls, g.Impl)
				}
			}
		}
		slices.SortStableFunc(impls, func(x, y string) int { return cmp.Compare(b.rank(x), b.rank(y)) })
		if err := b.throughputChart(tables, impls, c, sfx, stitle); err != nil {
			return err
		}
	}
	return nil
}

// throughputDodge is how far apart, in log2 units of G, the lines'
// points (and whiskers) at one G are drawn, so that whiskers do not hide
// each other; the axis is labelled at the G values.
const throughputDodge = 0.05

func (b *builder) throughputChart(tables []*report.ComparisonTable, impls []string, c int, sfx, stitle string) error {
	t0 := tables[0]
	p := newPlot("", "goroutines G (log scale)", "throughput (ops/s)")
	p.X.Scale = gplot.LogScale{}
	var ticks []gplot.Tick
	for _, t := range tables {
		ticks = append(ticks, gplot.Tick{Value: float64(t.Goroutines), Label: strconv.Itoa(t.Goroutines)})
	}
	p.X.Tick.Marker = gplot.ConstantTicks(ticks)
	gmin, gmax := float64(tables[0].Goroutines), float64(tables[len(tables)-1].Goroutines)
	p.X.Min, p.X.Max = gmin/math.Exp2(0.4), gmax*math.Exp2(0.4)
	p.Y.Tick.Marker = siTicks{}
	l := newLegend()
	var lines []line
	var reps []int
	ymax := 0.0
	for j, impl := range impls {
		shift := math.Exp2((float64(j) - float64(len(impls)-1)/2) * throughputDodge)
		var xys plotter.XYs
		var pts []point
		var keys []string
		ws := &whiskers{color: b.color(impl)}
		for _, t := range tables {
			st := stat(t, results.MetricOpsPerSec, impl, c)
			if st == nil {
				continue
			}
			x := float64(t.Goroutines)
			xys = append(xys, plotter.XY{X: x * shift, Y: st.Median})
			pts = append(pts, point{X: x, Y: st.Median, Lo: st.Min, Hi: st.Max})
			keys = append(keys, t.Key())
			ws.xs, ws.lo, ws.hi = append(ws.xs, x*shift), append(ws.lo, st.Min), append(ws.hi, st.Max)
			ymax = max(ymax, st.Max, st.Median)
			reps = append(reps, len(st.Values))
		}
		if len(xys) == 0 {
			continue
		}
		ln, sc, err := plotter.NewLinePoints(xys)
		if err != nil {
			return fmt.Errorf("throughput %s %s: %v", t0.Scenario, impl, err)
		}
		b.style(impl, ln, sc)
		p.Add(ws, ln, sc)
		l.Add(impl, ln, sc)
		lines = append(lines, line{impl: impl, pts: pts, tables: keys})
	}
	if len(lines) == 0 {
		return nil
	}
	p.Title.Text = fmt.Sprintf("Throughput: %s, shape %s, n = %d%s\n%s ops per second, all G goroutines together (%s phase)\nmedian over %s; whiskers: min–max over reps; points at one G drawn side by side",
		t0.Scenario, t0.Shape, t0.N, presizeTitle(t0.Presize), t0.Op, t0.KeyPhase, repsText(reps))
	if stitle != "" {
		p.Title.Text += "\n" + stitle
	}
	p.Y.Min, p.Y.Max = 0, headroom(ymax, 1.15)
	return b.addLines(cellName("throughput", t0.Scenario, t0.Shape, "n"+strconv.Itoa(t0.N), presizeName(t0.Presize))+sfx, p, l, lines)
}
