// The retained-heap chart: the live heap at the end of every scenario's
// key phase, as grouped bars.

package plot

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"

	gplot "gonum.org/v1/plot"

	"mapbench/results"
	"mapbench/results/report"
)

// retainedHeap draws, per shape × n × presize (× goroutines, when the
// report names G), the live heap at the end of every scenario's key phase:
// grouped bars, one per implementation.
func (b *builder) retainedHeap(c int) error {
	type key struct {
		shape      string
		n          int
		presize    bool
		goroutines int
	}
	var keys []key
	byKey := map[key][]*report.ComparisonTable{}
	for i := range b.rep.Tables {
		t := &b.rep.Tables[i]
		k := key{t.Shape, t.N, t.Presize, 0}
		if b.nameG {
			k.goroutines = t.Goroutines
		}
		if _, ok := byKey[k]; !ok {
			keys = append(keys, k)
		}
		byKey[k] = append(byKey[k], t)
	}
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(cmp.Compare(a.shape, b.shape), cmp.Compare(a.n, b.n), cmp.Compare(presizeName(a.presize), presizeName(b.presize)),
			cmp.Compare(a.goroutines, b.goroutines))
	})
	sfx, stitle := b.suffix(c)
	for _, k := range keys {
		ts := byKey[k]
		var impls []string
		var tables []*report.ComparisonTable
		for _, t := range ts {
			if len(groups(t, c)) == 0 || stat(t, results.MetricLiveHeap, groups(t, c)[0].Impl, c) == nil {
				continue
			}
			tables = append(tables, t)
			for _, g := range groups(t, c) {
				if !slices.Contains(impls, g.Impl) {
					impls = append(impls, g.Impl)
				}
			}
		}
		if len(tables) == 0 {
			continue
		}
		slices.SortStableFunc(impls, func(x, y string) int { return cmp.Compare(b.rank(x), b.rank(y)) })
		// More than maxScenarioGroups scenarios do not fit one chart
		// readably (their labels overlap): split them into charts of
		// about equal size, named _1of3, _2of3, ...
		parts := (len(tables) + maxScenarioGroups - 1) / maxScenarioGroups
		per := (len(tables) + parts - 1) / parts
		for part := range parts {
			chunk := tables[part*per : min((part+1)*per, len(tables))]
			partSfx, partTitle := "", ""
			if parts > 1 {
				partSfx = fmt.Sprintf("_%dof%d", part+1, parts)
				partTitle = fmt.Sprintf(" (%d of %d)", part+1, parts)
			}
			if err := b.retainedHeapChart(k.shape, k.n, k.presize, k.goroutines, chunk, impls, c, sfx, stitle, partSfx, partTitle); err != nil {
				return err
			}
		}
	}
	return nil
}

// maxScenarioGroups is the most scenarios one retained-heap chart shows.
const maxScenarioGroups = 4

// retainedHeapChart draws one retained-heap chart: tables' live heap, a
// group of bars per table (scenario), one bar per implementation.
func (b *builder) retainedHeapChart(shape string, n int, presize bool, goroutines int, tables []*report.ComparisonTable, impls []string, c int,
	sfx, stitle, partSfx, partTitle string) error {
	title := fmt.Sprintf("Live heap kept at the end of each scenario's key phase: shape %s, n = %d%s%s%s\nbars: median over reps; whiskers: min–max",
		shape, n, b.gTitle(goroutines), presizeTitle(presize), partTitle)
	if stitle != "" {
		title += "\n" + stitle
	}
	p := newPlot(title, "scenario (key phase)", "live heap (bytes)")
	p.Y.Tick.Marker = bytesTicks{}
	var ticks []gplot.Tick
	for i, t := range tables {
		ticks = append(ticks, gplot.Tick{Value: float64(i), Label: fmt.Sprintf("%s (%s)", t.Scenario, t.KeyPhase)})
	}
	p.X.Tick.Marker = gplot.ConstantTicks(ticks)
	p.X.Min, p.X.Max = -0.5, float64(len(tables))-0.5
	l := newLegend()
	slot := 0.8 / float64(len(impls))
	ymax := 0.0
	var lines []line
	for j, impl := range impls {
		bs := &bars{half: slot * 0.45, color: b.color(impl), label: bytesLabel}
		ln := line{impl: impl}
		for i, t := range tables {
			st := stat(t, results.MetricLiveHeap, impl, c)
			if st == nil {
				continue
			}
			x := float64(i) + (float64(j)-float64(len(impls)-1)/2)*slot
			bs.xs = append(bs.xs, x)
			bs.vals = append(bs.vals, st.Median)
			bs.lo = append(bs.lo, st.Min)
			bs.hi = append(bs.hi, st.Max)
			ymax = max(ymax, st.Max)
			ln.pts = append(ln.pts, point{X: x, Y: st.Median, Lo: st.Min, Hi: st.Max})
			ln.tables = append(ln.tables, t.Key())
		}
		p.Add(bs)
		l.Add(impl, bs)
		lines = append(lines, ln)
	}
	p.Y.Min = 0
	p.Y.Max = headroom(ymax, 1.3)
	return b.addLines(cellName("retained-heap", shape, "n"+strconv.Itoa(n), b.gName(goroutines), presizeName(presize))+partSfx+sfx, p, l, lines)
}
