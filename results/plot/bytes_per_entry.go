// The bytes-per-entry chart: bytes per entry after the fill against n.

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
)

// bytesPerEntry draws bytes per entry after the fill against n, per shape
// × presize (× goroutines, when the report names G), when the input has
// several n.
func (b *builder) bytesPerEntry(c int) error {
	type key struct {
		shape      string
		presize    bool
		goroutines int
	}
	var keys []key
	vals := map[key]map[string]map[int][]float64{} // impl → n → values of every scenario's fill
	for i := range b.rep.Tables {
		t := &b.rep.Tables[i]
		k := key{t.Shape, t.Presize, 0}
		if b.nameG {
			k.goroutines = t.Goroutines
		}
		for _, g := range groups(t, c) {
			vs := g.Values[results.MetricBytesPerEntry]
			if len(vs) == 0 {
				continue
			}
			if vals[k] == nil {
				vals[k] = map[string]map[int][]float64{}
				keys = append(keys, k)
			}
			if vals[k][g.Impl] == nil {
				vals[k][g.Impl] = map[int][]float64{}
			}
			for _, v := range vs {
				if !math.IsNaN(v) {
					vals[k][g.Impl][t.N] = append(vals[k][g.Impl][t.N], v)
				}
			}
		}
	}
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(cmp.Compare(a.shape, b.shape), cmp.Compare(presizeName(a.presize), presizeName(b.presize)), cmp.Compare(a.goroutines, b.goroutines))
	})
	sfx, stitle := b.suffix(c)
	for _, k := range keys {
		var ns []int
		var impls []string
		for impl, byN := range vals[k] {
			impls = append(impls, impl)
			for n := range byN {
				if !slices.Contains(ns, n) {
					ns = append(ns, n)
				}
			}
		}
		if len(ns) < 2 {
			continue
		}
		slices.Sort(ns)
		slices.SortFunc(impls, func(x, y string) int { return cmp.Or(cmp.Compare(b.rank(x), b.rank(y)), cmp.Compare(x, y)) })
		title := fmt.Sprintf("Bytes per entry when full (after the fill): shape %s%s%s\nlive heap / n, median over every scenario's fill and rep", k.shape, b.gTitle(k.goroutines), presizeTitle(k.presize))
		if stitle != "" {
			title += "\n" + stitle
		}
		p := newPlot(title, "n (entries when full, log scale)", "live heap per entry (bytes)")
		p.X.Scale = gplot.LogScale{}
		var ticks []gplot.Tick
		for _, n := range ns {
			ticks = append(ticks, gplot.Tick{Value: float64(n), Label: strconv.Itoa(n)})
		}
		p.X.Tick.Marker = gplot.ConstantTicks(ticks)
		p.X.Min, p.X.Max = float64(ns[0])/1.3, float64(ns[len(ns)-1])*1.3
		l := newLegend()
		ymax := 0.0
		for _, impl := range impls {
			var xys plotter.XYs
			for _, n := range ns {
				if vs := vals[k][impl][n]; len(vs) > 0 {
					y := results.Median(vs)
					xys = append(xys, plotter.XY{X: float64(n), Y: y})
					ymax = max(ymax, y)
				}
			}
			line, pts, err := plotter.NewLinePoints(xys)
			if err != nil {
				return fmt.Errorf("bytes per entry %s: %v", impl, err)
			}
			b.style(impl, line, pts)
			p.Add(line, pts)
			l.Add(impl, line, pts)
		}
		p.Y.Min, p.Y.Max = 0, headroom(ymax, 1.15)
		if err := b.add(cellName("bytes-per-entry", k.shape, b.gName(k.goroutines), presizeName(k.presize))+sfx, p, l); err != nil {
			return err
		}
	}
	return nil
}
