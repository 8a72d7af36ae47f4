// The frame every chart shares: the palette and markers, the builder's
// naming and drawing helpers, the axes' ticks, and the bar and whisker
// plotters.

package plot

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"mapbench/results"
	"mapbench/results/cells"
	"mapbench/results/report"
)

// palette is the colour of the i-th implementation of the registry
// (Tableau 10: distinct on white, in print and on screen).
var palette = []color.RGBA{
	{0x1f, 0x77, 0xb4, 0xff}, // blue
	{0xff, 0x7f, 0x0e, 0xff}, // orange
	{0x2c, 0xa0, 0x2c, 0xff}, // green
	{0xd6, 0x27, 0x28, 0xff}, // red
	{0x94, 0x67, 0xbd, 0xff}, // purple
	{0x8c, 0x56, 0x4b, 0xff}, // brown
	{0xe3, 0x77, 0xc2, 0xff}, // pink
	{0x7f, 0x7f, 0x7f, 0xff}, // grey
	{0xbc, 0xbd, 0x22, 0xff}, // olive
	{0x17, 0xbe, 0xcf, 0xff}, // cyan
	{0x00, 0x00, 0x00, 0xff}, // black
	{0x08, 0x30, 0x6b, 0xff}, // navy
	{0x00, 0x5a, 0x32, 0xff}, // dark green
	{0x80, 0x00, 0x40, 0xff}, // maroon
}

// PaletteSize is how many implementations get colours of their own; past
// it colours repeat (TestPaletteCoversRegistry keeps the registry within it).
func PaletteSize() int { return len(palette) }

// markers go with the palette, so lines differ by more than colour.
var markers = []draw.GlyphDrawer{
	draw.CircleGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}, draw.CrossGlyph{},
	draw.PyramidGlyph{}, draw.PlusGlyph{}, draw.RingGlyph{}, draw.BoxGlyph{},
}

// Palette gives every implementation its index into the fixed palette:
// registry order first (so an implementation keeps its colour whatever
// else was run), then the implementations of present that are not in the
// registry, sorted by name. A name "impl@version" takes impl's colour.
func Palette(registry, present []string) map[string]int {
	idx := map[string]int{}
	for i, name := range registry {
		idx[name] = i
	}
	var unknown []string
	for _, name := range present {
		base, _, _ := strings.Cut(name, "@")
		if _, ok := idx[base]; !ok && !slices.Contains(unknown, base) {
			unknown = append(unknown, base)
		}
	}
	slices.Sort(unknown)
	for i, name := range unknown {
		idx[name] = len(registry) + i
	}
	return idx
}

// Color is the colour of palette index i (see Palette).
func Color(i int) color.RGBA { return palette[i%len(palette)] }

// groups returns t's groups in column c that have values, in line order.
func groups(t *report.ComparisonTable, c int) []*report.LineSamples {
	var out []*report.LineSamples
	for _, impl := range t.Impls {
		for _, g := range t.Groups {
			if g.Impl == impl && g.Column == c && g.Reps > 0 {
				out = append(out, g)
			}
		}
	}
	return out
}

// stat returns the statistic of metric for line impl in column c of t.
func stat(t *report.ComparisonTable, metric, impl string, c int) *report.Stat {
	for _, bl := range t.Blocks {
		if bl.Spec.Metric != metric || bl.Kind != "" {
			continue
		}
		for _, l := range bl.Lines {
			if l.Impl == impl && c < len(l.Cells) && l.Cells[c] != nil {
				return l.Cells[c].Stat
			}
		}
	}
	return nil
}

// suffix is the file-name suffix and the title line of column c: none
// when the input has one label.
func (b *builder) suffix(c int) (file, title string) {
	if b.ncol == 1 {
		return "", ""
	}
	col := b.rep.Columns[c]
	return "_" + col.Name, "input " + col.Name + ": " + cells.Pairs(col.Diff, " ")
}

func cellName(kind string, parts ...string) string {
	var b strings.Builder
	b.WriteString(kind)
	for _, p := range parts {
		if p == "" {
			continue
		}
		b.WriteByte('_')
		for _, r := range p {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' {
				b.WriteRune(r)
			} else {
				b.WriteByte('-')
			}
		}
	}
	return b.String()
}

func presizeName(p bool) string {
	if p {
		return "presize"
	}
	return ""
}

func presizeTitle(p bool) string {
	if p {
		return ", presized"
	}
	return ""
}

// gName is the chart-name part of goroutines g: "G4" when the report
// names G, else none.
func (b *builder) gName(g int) string {
	if !b.nameG {
		return ""
	}
	return "G" + strconv.Itoa(g)
}

// gTitle is the title part of goroutines g: ", G = 4" when the report
// names G, else none.
func (b *builder) gTitle(g int) string {
	if !b.nameG {
		return ""
	}
	return ", G = " + strconv.Itoa(g)
}

// newPlot makes a plot with the project's fonts and title.
func newPlot(title, xlabel, ylabel string) *gplot.Plot {
	p := gplot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = 13
	p.Title.Padding = 8
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	for _, a := range []*gplot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Size = 12
		a.Tick.Label.Font.Size = 11
	}
	g := plotter.NewGrid() // first, so it is drawn under the data
	g.Vertical.Color = nil
	g.Horizontal.Color = color.Gray{Y: 0xd8}
	p.Add(g)
	return p
}

// slantTicks slants the x axis's tick labels when a chart has more than
// slantFrom of them, so that the names of a dozen maps under their bars do
// not run into each other.
func slantTicks(p *gplot.Plot, n int) {
	if n <= slantFrom {
		return
	}
	p.X.Tick.Label.Rotation = math.Pi / 6
	p.X.Tick.Label.XAlign = draw.XRight
	p.X.Tick.Label.YAlign = draw.YTop
}

// slantFrom is the most tick labels a chart writes level.
const slantFrom = 6

func newLegend() gplot.Legend {
	l := gplot.NewLegend()
	l.TextStyle.Font.Size = 11
	l.Top, l.Left = true, true
	l.ThumbnailWidth = 0.35 * vg.Inch
	l.Padding = 3
	return l
}

// color is the colour of line (an implementation, or "impl@version").
func (b *builder) color(line string) color.RGBA { return Color(b.colors[b.implOf[line]]) }

// marker is the marker of line.
func (b *builder) marker(line string) draw.GlyphDrawer {
	return markers[b.colors[b.implOf[line]]%len(markers)]
}

// addLines is add for a chart that keeps the values it draws.
func (b *builder) addLines(name string, p *gplot.Plot, l gplot.Legend, lines []line) error {
	if err := b.add(name, p, l); err != nil {
		return err
	}
	b.charts[len(b.charts)-1].lines = lines
	return nil
}

// add renders p with legend l on its right and appends the chart.
func (b *builder) add(name string, p *gplot.Plot, l gplot.Legend) error {
	svgC := vgsvg.New(b.opt.Width, b.opt.Height)
	if err := b.draw(svgC, p, l); err != nil {
		return err
	}
	var svgBuf bytes.Buffer
	if _, err := svgC.WriteTo(&svgBuf); err != nil {
		return fmt.Errorf("%s: svg: %v", name, err)
	}
	if b.opt.SVGOnly {
		b.charts = append(b.charts, Chart{Name: name, Title: p.Title.Text, SVG: svgBuf.Bytes()})
		return nil
	}
	pngC := vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(b.opt.Width, b.opt.Height), vgimg.UseDPI(b.opt.DPI))}
	if err := b.draw(pngC, p, l); err != nil {
		return err
	}
	var pngBuf bytes.Buffer
	if _, err := pngC.WriteTo(&pngBuf); err != nil {
		return fmt.Errorf("%s: png: %v", name, err)
	}
	b.charts = append(b.charts, Chart{Name: name, Title: p.Title.Text, SVG: svgBuf.Bytes(), PNG: pngBuf.Bytes()})
	return nil
}

// draw draws p on c, leaving the right-hand side for the legend, which is
// drawn there, top-aligned with the data area.
func (b *builder) draw(c vg.Canvas, p *gplot.Plot, l gplot.Legend) (err error) {
	defer func() {
		if r := recover(); r != nil { // gonum panics on impossible layouts
			err = fmt.Errorf("drawing %q: %v", p.Title.Text, r)
		}
	}()
	dc := draw.NewCanvas(c, b.opt.Width, b.opt.Height)
	dc.FillPolygon(color.White, []vg.Point{dc.Min, {X: dc.Max.X, Y: dc.Min.Y}, dc.Max, {X: dc.Min.X, Y: dc.Max.Y}})
	lw := l.Rectangle(dc).Size().X
	const pad = 12
	title := p.Title.Text
	defer func() { p.Title.Text = title }() // the chart's title as written (Chart.Title)
	p.Title.Text = wrapTitle(title, p.Title.TextStyle, dc.Size().X-(lw+2*pad))
	p.Draw(draw.Crop(dc, 0, -(lw + 2*pad), 0, 0))
	titleH := vg.Length(0)
	if p.Title.Text != "" {
		titleH = p.Title.TextStyle.Height(p.Title.Text) + p.Title.Padding
	}
	l.Draw(draw.Crop(dc, dc.Size().X-lw-pad, -pad, 0, -(titleH + pad)))
	return nil
}

// wrapTitle breaks each line of title wider than width (in style): a
// trace's scenario name is long, and gonum centres a title line over the
// data area, cutting what does not fit on both sides (wrapLines).
func wrapTitle(title string, style text.Style, width vg.Length) string {
	return wrapLines(title, func(s string) float64 { return float64(style.Width(s)) }, float64(width))
}

// wrapLines breaks each line of title whose width is over limit, at a
// ", ", else ": " (the comma or colon kept before the break), else a
// space: in two lines that fit, as even as can be, when it can; else
// where the longest last part that fits starts, and again in what is
// left before it. A line whose last word is wider than limit is left as
// it is.
func wrapLines(title string, width func(string) float64, limit float64) string {
	var out []string
	for _, l := range strings.Split(title, "\n") {
		var tail []string // the parts after breaks, last first
		for width(l) > limit {
			head, rest, ok := breakAt(l, width, limit)
			if !ok {
				break
			}
			tail = append(tail, rest)
			l = head
		}
		out = append(out, l)
		for i := len(tail) - 1; i >= 0; i-- {
			out = append(out, tail[i])
		}
	}
	return strings.Join(out, "\n")
}

// breakAt splits l at a separator (wrapLines) after which the rest fits;
// ok is false when none does.
func breakAt(l string, width func(string) float64, limit float64) (head, rest string, ok bool) {
	for _, sep := range []string{", ", ": ", " "} {
		best, widest := -1, 0.0 // the break of two lines that fit, the narrower the better
		first := -1             // the first break whose rest fits
		for i := strings.Index(l, sep); i > 0; {
			h, r := strings.TrimSuffix(l[:i+len(sep)], " "), l[i+len(sep):]
			if width(r) <= limit {
				if first < 0 {
					first = i
				}
				if w := max(width(h), width(r)); width(h) <= limit && (best < 0 || w < widest) {
					best, widest = i, w
				}
			}
			j := strings.Index(r, sep)
			if j < 0 {
				break
			}
			i += len(sep) + j
		}
		if best < 0 {
			best = first
		}
		if best >= 0 {
			return strings.TrimSuffix(l[:best+len(sep)], " "), l[best+len(sep):], true
		}
	}
	return "", "", false
}

func headroom(v, f float64) float64 {
	if v <= 0 {
		return 1
	}
	return v * f
}

// rank is line's position in the palette: registry order.
func (b *builder) rank(line string) int { return b.colors[b.implOf[line]] }

func (b *builder) style(impl string, line *plotter.Line, pts *plotter.Scatter) {
	col := b.color(impl)
	line.Color = col
	line.Width = vg.Points(2)
	pts.Color = col
	pts.Shape = b.marker(impl)
	pts.Radius = vg.Points(3.5)
}

// repsText says how many reps are behind the values drawn, given their
// counts: "5 reps", or "3–5 reps" when they differ.
func repsText(counts []int) string {
	if len(counts) == 0 {
		return "reps"
	}
	lo, hi := slices.Min(counts), slices.Max(counts)
	switch {
	case lo == hi && lo == 1:
		return "1 rep"
	case lo == hi:
		return fmt.Sprintf("%d reps", lo)
	}
	return fmt.Sprintf("%d–%d reps", lo, hi)
}

// whiskers is a plotter of vertical min–max whiskers with caps, in data
// coordinates.
type whiskers struct {
	xs, lo, hi []float64
	color      color.Color
}

func (ws *whiskers) Plot(c draw.Canvas, p *gplot.Plot) {
	trX, trY := p.Transforms(&c)
	sty := draw.LineStyle{Color: ws.color, Width: vg.Points(1.2)}
	const half = vg.Length(4) // half a cap's width
	for i, x := range ws.xs {
		if math.IsNaN(ws.lo[i]) || math.IsNaN(ws.hi[i]) || !(ws.hi[i] > ws.lo[i]) {
			continue
		}
		xm, lo, hi := trX(x), trY(ws.lo[i]), trY(ws.hi[i])
		c.StrokeLines(sty, []vg.Point{{X: xm, Y: lo}, {X: xm, Y: hi}})
		c.StrokeLines(sty, []vg.Point{{X: xm - half, Y: lo}, {X: xm + half, Y: lo}})
		c.StrokeLines(sty, []vg.Point{{X: xm - half, Y: hi}, {X: xm + half, Y: hi}})
	}
}

func (ws *whiskers) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax, ymin, ymax = math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for i, x := range ws.xs {
		xmin, xmax = min(xmin, x), max(xmax, x)
		if !math.IsNaN(ws.lo[i]) && !math.IsNaN(ws.hi[i]) {
			ymin, ymax = min(ymin, ws.lo[i]), max(ymax, ws.hi[i])
		}
	}
	return
}

// bars is a plotter of bars in data coordinates (so grouped bars and their
// whiskers line up at any size), with whiskers and value labels.
type bars struct {
	xs, vals, lo, hi []float64
	half             float64 // half a bar's width, in data units
	color            color.Color
	label            func(float64) string // the value label above the whisker; nil: none
}

func (bs *bars) Plot(c draw.Canvas, p *gplot.Plot) {
	trX, trY := p.Transforms(&c)
	ws := draw.LineStyle{Color: color.Black, Width: vg.Points(1.2)}
	sty := draw.TextStyle{Color: color.Black, Font: font.From(gplot.DefaultFont, 9), Rotation: math.Pi / 2,
		XAlign: draw.XLeft, YAlign: draw.YCenter, Handler: p.Title.TextStyle.Handler}
	for i, x := range bs.xs {
		x0, x1 := trX(x-bs.half), trX(x+bs.half)
		y0, y1 := trY(0), trY(bs.vals[i])
		c.FillPolygon(bs.color, c.ClipPolygonY([]vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}))
		xm := (x0 + x1) / 2
		cap := (x1 - x0) / 4
		top := y1
		if !math.IsNaN(bs.lo[i]) && !math.IsNaN(bs.hi[i]) && bs.hi[i] > bs.lo[i] {
			lo, hi := trY(bs.lo[i]), trY(bs.hi[i])
			c.StrokeLines(ws, []vg.Point{{X: xm, Y: lo}, {X: xm, Y: hi}})
			c.StrokeLines(ws, []vg.Point{{X: xm - cap, Y: lo}, {X: xm + cap, Y: lo}})
			c.StrokeLines(ws, []vg.Point{{X: xm - cap, Y: hi}, {X: xm + cap, Y: hi}})
			top = max(top, hi)
		}
		if bs.label != nil {
			c.FillText(sty, vg.Point{X: xm, Y: top + 3}, bs.label(bs.vals[i]))
		}
	}
}

func (bs *bars) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax, ymin, ymax = math.Inf(1), math.Inf(-1), 0, 0
	for i, x := range bs.xs {
		xmin, xmax = min(xmin, x-bs.half), max(xmax, x+bs.half)
		ymax = max(ymax, bs.vals[i])
		if !math.IsNaN(bs.hi[i]) {
			ymax = max(ymax, bs.hi[i])
		}
	}
	return
}

// Thumbnail draws the legend's swatch.
func (bs *bars) Thumbnail(c *draw.Canvas) {
	r := c.Rectangle
	c.FillPolygon(bs.color, []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}})
}

// bytesTicks labels a byte axis in binary units (B, KiB, MiB, GiB), the
// unit chosen by the axis maximum.
type bytesTicks struct{}

func (bytesTicks) Ticks(lo, hi float64) []gplot.Tick {
	unit, name := 1.0, "B"
	for _, u := range []struct {
		v    float64
		name string
	}{{1 << 10, "KiB"}, {1 << 20, "MiB"}, {1 << 30, "GiB"}} {
		if hi >= 2*u.v {
			unit, name = u.v, u.name
		}
	}
	ticks := niceTicks(lo/unit, hi/unit)
	for i := range ticks {
		ticks[i].Value *= unit
		if ticks[i].Label != "" {
			ticks[i].Label += " " + name
		}
	}
	return ticks
}

// niceTicks are labelled ticks at a round step (1, 2, 2.5 or 5 × 10^k)
// giving 4 to 8 labels between lo and hi, with one unlabelled tick
// between labels.
func niceTicks(lo, hi float64) []gplot.Tick {
	if !(hi > lo) {
		return []gplot.Tick{{Value: lo, Label: strconv.FormatFloat(lo, 'g', 4, 64)}}
	}
	raw := (hi - lo) / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag * 10
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	prec := max(0, -int(math.Floor(math.Log10(step)+1e-9)))
	if step/math.Pow(10, math.Floor(math.Log10(step)+1e-9)) == 2.5 {
		prec++
	}
	var out []gplot.Tick
	for v := math.Ceil(lo/step) * step; v <= hi+step*1e-9; v += step {
		out = append(out, gplot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', prec, 64)})
		if m := v + step/2; m < hi {
			out = append(out, gplot.Tick{Value: m})
		}
	}
	return out
}

// bytesLabel labels a bar of bytes (results.FormatBytes, the formatter
// of every output).
func bytesLabel(v float64) string { return results.FormatBytes(v) }

// nsLabel labels a bar of nanoseconds (results.FormatNS).
func nsLabel(v float64) string { return results.FormatNS(v) }

// siTicks label a linear axis in SI units (k, M, G), the unit chosen by
// the axis maximum: "20M".
type siTicks struct{}

func (siTicks) Ticks(lo, hi float64) []gplot.Tick {
	unit, name := 1.0, ""
	for _, u := range []struct {
		v    float64
		name string
	}{{1e3, "k"}, {1e6, "M"}, {1e9, "G"}} {
		if hi >= 2*u.v {
			unit, name = u.v, u.name
		}
	}
	ticks := niceTicks(lo/unit, hi/unit)
	for i := range ticks {
		ticks[i].Value *= unit
		switch {
		case ticks[i].Label == "":
		case ticks[i].Value == 0:
			ticks[i].Label = "0"
		default:
			ticks[i].Label += name
		}
	}
	return ticks
}

// logTicks are powers of ten with 2× and 5× minor ticks, labelled "10",
// "100", "1k", "10k", "1M".
type logTicks struct{}

func (logTicks) Ticks(lo, hi float64) []gplot.Tick {
	var out []gplot.Tick
	for e := math.Floor(math.Log10(lo)); e <= math.Ceil(math.Log10(hi)); e++ {
		base := math.Pow(10, e)
		for _, m := range []float64{1, 2, 5} {
			v := base * m
			if v < lo || v > hi {
				continue
			}
			t := gplot.Tick{Value: v}
			if m == 1 || hi/lo < 1000 {
				t.Label = siLabel(v)
			}
			out = append(out, t)
		}
	}
	return out
}

func siLabel(v float64) string {
	switch {
	case v >= 1e9:
		return strconv.FormatFloat(v/1e9, 'f', -1, 64) + "G"
	case v >= 1e6:
		return strconv.FormatFloat(v/1e6, 'f', -1, 64) + "M"
	case v >= 1e3:
		return strconv.FormatFloat(v/1e3, 'f', -1, 64) + "k"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
