// Package plot owns `mapbench plot`: charts of one or many results files as
// SVG and PNG, drawn with gonum.org/v1/plot. It reads records and draws;
// it never measures.
//
// Grouping and failed-rep exclusion come from package cells, the
// statistics from package report ([report.Build]), as typed values: a
// chart shows one table's
// implementations (scenario × shape × n × presize × goroutines) in one
// column of the report, i.e. one label (host, Go version, settings).
// Inputs with different labels are never pooled: each label gets its own
// chart set, whose file names end in the column's name (_A, _B, ...) and
// whose titles name what differs. Cells with different goroutines (G) are
// never pooled either: when the input has cells with G > 1, every chart
// is of one G, its name has a _G<g> part and its title says G = <g>
// (G = 1 included); otherwise names and titles are as they were before G.
//
// The charts (see [Build]):
//
//	retained-heap_SHAPE_nN        live heap at the end of each scenario's key phase, per implementation (bars: median, whiskers: min–max)
//	churn-heap_SCENARIO_SHAPE_nN  live heap against turnovers of n during churn, one line per implementation
//	latency_SCENARIO_SHAPE_nN       latency p50, p90, p99, p99.9, max of the key phase (log axis) with the noise floor
//	read-latency_SCENARIO_SHAPE_nN  the same of the single reads sampled during the key phase (read_latency_*; concurrent scenarios)
//	ns-per-op_SCENARIO_SHAPE_nN     ns_per_op of the key phase with its 95% confidence interval (min–max when there is none)
//	throughput_SCENARIO_SHAPE_nN    ops_per_sec of the key phase against G, one line per implementation (median, whiskers: min–max; only with several G)
//	bytes-per-entry_SHAPE           bytes per entry after the fill against n (only with several n)
//
// (with _G<g> after nN, or after SHAPE for bytes-per-entry, when the input
// has cells with G > 1; never for throughput, which spans G).
//
// Every implementation has one colour and one marker in every chart: a
// fixed palette indexed by the registry order ([Palette]).
package plot

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"mapbench/results"
	"mapbench/results/cells"
	"mapbench/results/report"
)

// Options are Build's choices; zero values take the defaults.
type Options struct {
	Width, Height vg.Length // chart size; default 9 × 5.5 inches
	DPI           int       // PNG resolution; default 96
	// SVGOnly skips the PNGs (Chart.PNG is nil): for pages that inline
	// the SVGs (`mapbench report -format html`).
	SVGOnly bool
}

// Defaults of Options.
const (
	DefaultWidth  = 9 * vg.Inch
	DefaultHeight = 5.5 * vg.Inch
	DefaultDPI    = 96
)

// PixelSize is the size in pixels of the PNGs Build makes with opt.
func (opt Options) PixelSize() (w, h int) {
	opt = opt.withDefaults()
	return int(float64(opt.Width/vg.Inch)*float64(opt.DPI) + 0.5), int(float64(opt.Height/vg.Inch)*float64(opt.DPI) + 0.5)
}

func (opt Options) withDefaults() Options {
	if opt.Width <= 0 {
		opt.Width = DefaultWidth
	}
	if opt.Height <= 0 {
		opt.Height = DefaultHeight
	}
	if opt.DPI <= 0 {
		opt.DPI = DefaultDPI
	}
	return opt
}

// Chart is one drawn chart.
type Chart struct {
	Name  string // file name without extension, e.g. "retained-heap_u64_n65536"
	Title string // the title as drawn (lines separated by "\n")
	SVG   []byte
	PNG   []byte // nil with Options.SVGOnly
	// lines are the values the throughput and latency charts (latency,
	// read-latency) draw, one per implementation, for the tests.
	lines []line
}

// line is one implementation's drawn values in a line chart.
type line struct {
	impl string
	pts  []point
}

// point is one drawn value: X and Y in data units (X is G in the
// throughput chart, the percentile's index in a latency chart), Lo and Hi
// its whisker (NaN when it has none).
type point struct{ X, Y, Lo, Hi float64 }

// ErrNoCharts is Build's error when the input has no data any chart shows.
var ErrNoCharts = errors.New("no data for any chart (every rep failed, or no key-phase rows)")

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
}

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

// Latencies are the percentiles of the latency chart, in order.
var Latencies = []struct{ Metric, Label string }{
	{results.MetricLatencyP50, "p50"},
	{results.MetricLatencyP90, "p90"},
	{results.MetricLatencyP99, "p99"},
	{results.MetricLatencyP999, "p99.9"},
	{results.MetricLatencyMax, "max"},
}

// ReadLatencies are the percentiles of the read-latency chart, in order:
// the single reads (Get) sampled during a concurrent scenario's key phase.
var ReadLatencies = []struct{ Metric, Label string }{
	{results.MetricReadLatencyP50, "p50"},
	{results.MetricReadLatencyP90, "p90"},
	{results.MetricReadLatencyP99, "p99"},
	{results.MetricReadLatencyP999, "p99.9"},
	{results.MetricReadLatencyMax, "max"},
}

type builder struct {
	v       cells.Vocab
	opt     Options
	rep     *report.Report
	colors  map[string]int
	charts  []Chart
	ncol    int
	present []string
	nameG   bool // the report names G (report.Table.NameG)
}

// Build draws the charts of recs. It returns ErrNoCharts when no chart
// has data, and report.Build's errors.
func Build(recs []results.Record, v cells.Vocab, opt Options) ([]Chart, error) {
	rep, err := report.Build(recs, v, report.Options{})
	if err != nil {
		return nil, err
	}
	return FromReport(rep, v, opt)
}

// FromReport draws the charts of rep, a report.Build with vocabulary v
// (whose statistics, groups and columns the charts show; what the report
// does not summarise, every latency percentile, the noise floor and the
// churn readings, the charts read from its cells, LineSamples.Cell). All
// in memory: `mapbench report -format html` inlines the SVGs of the report
// it prints. It returns ErrNoCharts when no chart has data. rep is not
// changed.
func FromReport(rep *report.Report, v cells.Vocab, opt Options) ([]Chart, error) {
	b := &builder{v: v, opt: opt.withDefaults(), rep: rep, ncol: len(rep.Columns)}
	for _, t := range rep.Tables {
		b.present = append(b.present, t.Impls...)
		b.nameG = b.nameG || t.NameG
	}
	b.colors = Palette(v.Impls, b.present)
	for c := range b.ncol {
		if err := b.retainedHeap(c); err != nil {
			return nil, err
		}
		for i := range rep.Tables {
			t := &rep.Tables[i]
			for _, f := range []func(*report.ComparisonTable, int) error{b.churn, b.latency, b.readLatency, b.nsPerOp} {
				if err := f(t, c); err != nil {
					return nil, err
				}
			}
		}
		if err := b.throughput(c); err != nil {
			return nil, err
		}
		if err := b.bytesPerEntry(c); err != nil {
			return nil, err
		}
	}
	if len(b.charts) == 0 {
		return nil, ErrNoCharts
	}
	return b.charts, nil
}

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
		if bl.Spec.Metric != metric {
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
	var kv []string
	for _, d := range col.Diff {
		kv = append(kv, d.Key+"="+d.Value)
	}
	return "_" + col.Name, "input " + col.Name + ": " + strings.Join(kv, " ")
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

func newLegend() gplot.Legend {
	l := gplot.NewLegend()
	l.TextStyle.Font.Size = 11
	l.Top, l.Left = true, true
	l.ThumbnailWidth = 0.35 * vg.Inch
	l.Padding = 3
	return l
}

func (b *builder) color(impl string) color.RGBA {
	base, _, _ := strings.Cut(impl, "@")
	return Color(b.colors[base])
}

func (b *builder) marker(impl string) draw.GlyphDrawer {
	base, _, _ := strings.Cut(impl, "@")
	return markers[b.colors[base]%len(markers)]
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
	p.Draw(draw.Crop(dc, 0, -(lw + 2*pad), 0, 0))
	titleH := vg.Length(0)
	if p.Title.Text != "" {
		titleH = p.Title.TextStyle.Height(p.Title.Text) + p.Title.Padding
	}
	l.Draw(draw.Crop(dc, dc.Size().X-lw-pad, -pad, 0, -(titleH + pad)))
	return nil
}

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

func (b *builder) retainedHeapChart(shape string, n int, presize bool, goroutines int, tables []*report.ComparisonTable, impls []string, c int,
	sfx, stitle, partSfx, partTitle string) error {
	k := struct {
		shape   string
		n       int
		presize bool
	}{shape, n, presize}
	{
		title := fmt.Sprintf("Live heap kept at the end of each scenario's key phase: shape %s, n = %d%s%s%s\nbars: median over reps; whiskers: min–max",
			k.shape, k.n, b.gTitle(goroutines), presizeTitle(k.presize), partTitle)
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
		for j, impl := range impls {
			bs := &bars{half: slot * 0.45, color: b.color(impl), label: bytesLabel}
			for i, t := range tables {
				st := stat(t, results.MetricLiveHeap, impl, c)
				if st == nil {
					continue
				}
				bs.xs = append(bs.xs, float64(i)+(float64(j)-float64(len(impls)-1)/2)*slot)
				bs.vals = append(bs.vals, st.Median)
				bs.lo = append(bs.lo, st.Min)
				bs.hi = append(bs.hi, st.Max)
				ymax = max(ymax, st.Max)
			}
			p.Add(bs)
			l.Add(impl, bs)
		}
		p.Y.Min = 0
		p.Y.Max = headroom(ymax, 1.3)
		if err := b.add(cellName("retained-heap", k.shape, "n"+strconv.Itoa(k.n), b.gName(goroutines), presizeName(k.presize))+partSfx+sfx, p, l); err != nil {
			return err
		}
	}
	return nil
}

func headroom(v, f float64) float64 {
	if v <= 0 {
		return 1
	}
	return v * f
}

func (b *builder) rank(impl string) int {
	base, _, _ := strings.Cut(impl, "@")
	return b.colors[base]
}

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

func (b *builder) style(impl string, line *plotter.Line, pts *plotter.Scatter) {
	col := b.color(impl)
	line.Color = col
	line.Width = vg.Points(2)
	pts.Color = col
	pts.Shape = b.marker(impl)
	pts.Radius = vg.Points(3.5)
}

// latency draws the key phase's latency percentiles per implementation on
// a log axis, with the cells' noise floor.
func (b *builder) latency(t *report.ComparisonTable, c int) error {
	return b.latencyChart(t, c, "latency", Latencies, func(string) string {
		return fmt.Sprintf("Latency of one %s: %s, shape %s, n = %d%s%s\nmedian over reps of each percentile of sampled single ops (%s phase)",
			t.Op, t.Scenario, t.Shape, t.N, b.gTitle(t.Goroutines), presizeTitle(t.Presize), t.KeyPhase)
	})
}

// readLatency draws the percentiles of the single reads sampled during the
// key phase (read_latency_*: the reader goroutine's reads, or the mix's),
// like latency, for the tables that have them.
func (b *builder) readLatency(t *report.ComparisonTable, c int) error {
	return b.latencyChart(t, c, "read-latency", ReadLatencies, func(reps string) string {
		return fmt.Sprintf("Latency of one read: %s, shape %s, n = %d%s%s\nmedian over %s of each percentile of sampled single reads (Get) during the %s phase",
			t.Scenario, t.Shape, t.N, b.gTitle(t.Goroutines), presizeTitle(t.Presize), reps, t.KeyPhase)
	})
}

// latencyChart draws the percentiles pcts of t's groups in column c on a
// log axis, with the noise floor of those groups' cells, as chart kind;
// title gives the first two lines of the title from the reps drawn ("5
// reps"). It draws nothing when no group has the percentiles.
func (b *builder) latencyChart(t *report.ComparisonTable, c int, kind string, pcts []struct{ Metric, Label string }, title func(reps string) string) error {
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
		nreps := 0
		for i, lt := range pcts {
			if vs := cells.Finite(g.Cell.AtKeyEnd(lt.Metric)); len(vs) > 0 {
				y := max(results.Median(vs), 1) // a log axis has no 0
				xys = append(xys, plotter.XY{X: float64(i), Y: y})
				pts = append(pts, point{X: float64(i), Y: y, Lo: math.NaN(), Hi: math.NaN()})
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
		lines = append(lines, line{impl: g.Impl, pts: pts})
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
	}
	p.X.Tick.Marker = gplot.ConstantTicks(ticks)
	p.X.Min, p.X.Max = -0.6, float64(len(rows))-0.4
	p.Y.Min, p.Y.Max = 0, headroom(ymax, 1.25)
	return b.add(cellName("ns-per-op", t.Scenario, t.Shape, "n"+strconv.Itoa(t.N), b.gName(t.Goroutines), presizeName(t.Presize))+sfx, p, l)
}

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
		ws := &whiskers{color: b.color(impl)}
		for _, t := range tables {
			st := stat(t, results.MetricOpsPerSec, impl, c)
			if st == nil {
				continue
			}
			x := float64(t.Goroutines)
			xys = append(xys, plotter.XY{X: x * shift, Y: st.Median})
			pts = append(pts, point{X: x, Y: st.Median, Lo: st.Min, Hi: st.Max})
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
		lines = append(lines, line{impl: impl, pts: pts})
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
