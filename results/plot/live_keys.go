// The live-keys chart of a trace (`mapbench trace stat -chart DIR`): the
// keys live over the trace's ops.

package plot

import (
	"errors"
	"fmt"
	"image/color"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"mapbench/results"
)

// LiveSpan is the keys live over ops From to To-1 of a trace (counting
// from 0): the fewest and the most after any of them, and after the last.
type LiveSpan struct{ From, To, Min, Max, End int }

// LiveKeysData is what the live-keys chart of a trace draws.
type LiveKeysData struct {
	Trace string     // the trace's scenario name (trace:LABEL@DIGEST), for the title and the file name
	Ops   int        // the ops the spans cover
	Spans []LiveSpan // in order, each starting where the one before ended, the first at op 0
}

// LiveKeys draws the keys live over a trace's ops (x: ops from the start,
// y: live keys): a line through the count at the end of each span from 0
// before the first op, over a band from the fewest to the most in each
// span, so that a drop inside a span shows even when the span's end has
// climbed back. The title gives the ops, the spans' size, the peak and
// the final count.
func LiveKeys(d LiveKeysData, opt Options) (Chart, error) {
	if len(d.Spans) == 0 {
		return Chart{}, errors.New("live keys: no ops")
	}
	b := &builder{opt: opt.withDefaults()}
	peak, per := 0, 0
	for _, s := range d.Spans {
		peak = max(peak, s.Max)
		per = max(per, s.To-s.From)
	}
	final := d.Spans[len(d.Spans)-1].End
	count := func(v int) string { return results.Format(float64(v), results.UnitCount) }
	spans := ""
	if per > 1 {
		spans = fmt.Sprintf(", drawn in spans of %s", count(per))
	}
	title := fmt.Sprintf("Live keys over %s\n%s ops, in the trace's order%s: peak %s, final %s",
		d.Trace, count(d.Ops), spans, count(peak), count(final))
	p := newPlot(title, "ops from the start of the trace", "live keys")
	p.X.Tick.Marker = siTicks{}
	p.Y.Tick.Marker = siTicks{}

	col := Color(0)
	band := make(plotter.XYs, 0, 4*len(d.Spans))
	for _, s := range d.Spans { // the most, left to right
		band = append(band, plotter.XY{X: float64(s.From), Y: float64(s.Max)}, plotter.XY{X: float64(s.To), Y: float64(s.Max)})
	}
	for i := len(d.Spans) - 1; i >= 0; i-- { // the fewest, right to left
		s := d.Spans[i]
		band = append(band, plotter.XY{X: float64(s.To), Y: float64(s.Min)}, plotter.XY{X: float64(s.From), Y: float64(s.Min)})
	}
	poly, err := plotter.NewPolygon(band)
	if err != nil {
		return Chart{}, fmt.Errorf("live keys: %v", err)
	}
	poly.Color = color.NRGBA{R: col.R, G: col.G, B: col.B, A: 0x60}
	poly.LineStyle.Width = 0

	xys := make(plotter.XYs, 0, len(d.Spans)+1)
	xys = append(xys, plotter.XY{X: 0, Y: 0})
	pts := []point{{X: 0, Y: 0}}
	for _, s := range d.Spans {
		xys = append(xys, plotter.XY{X: float64(s.To), Y: float64(s.End)})
		pts = append(pts, point{X: float64(s.To), Y: float64(s.End)})
	}
	curve, err := plotter.NewLine(xys)
	if err != nil {
		return Chart{}, fmt.Errorf("live keys: %v", err)
	}
	curve.Color = col
	curve.Width = vg.Points(1.5)
	p.Add(poly, curve)

	l := newLegend()
	l.Add("at a span's end", curve)
	l.Add("span's min–max", bandThumb{poly.Color})
	p.X.Min, p.X.Max = 0, float64(d.Ops)
	p.Y.Min, p.Y.Max = 0, headroom(float64(peak), 1.08)
	if err := b.addLines(cellName("live-keys", d.Trace), p, l, []line{{impl: "live keys", pts: pts}}); err != nil {
		return Chart{}, err
	}
	return b.charts[0], nil
}

// bandThumb is a legend swatch of a filled band.
type bandThumb struct{ c color.Color }

func (t bandThumb) Thumbnail(c *draw.Canvas) {
	r := c.Rectangle
	c.FillPolygon(t.c, []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}})
}
