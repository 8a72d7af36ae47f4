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
//	KIND-latency_SCENARIO_SHAPE_nN  the same of one kind of op of a trace replay (cells.Vocab.Kinds: replay-delete-latency, replay-put-latency, replay-get-latency)
//	ns-per-op_SCENARIO_SHAPE_nN     ns_per_op of the key phase with its 95% confidence interval (min–max when there is none)
//	throughput_SCENARIO_SHAPE_nN    ops_per_sec of the key phase against G, one line per implementation (median, whiskers: min–max; only with several G)
//	bytes-per-entry_SHAPE           bytes per entry after the fill against n (only with several n)
//
// and, from a trace rather than results ([LiveKeys], `mapbench trace stat
// -chart DIR`):
//
//	live-keys_TRACE                 the keys live over a trace's ops, in the trace's order
//
// (with _G<g> after nN, or after SHAPE for bytes-per-entry, when the input
// has cells with G > 1; never for throughput, which spans G).
//
// Every implementation has one colour and one marker in every chart: a
// fixed palette indexed by the registry order ([Palette]).
package plot

import (
	"errors"

	"gonum.org/v1/plot/vg"

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
	// lines are the values the chart draws, one per implementation, for
	// the tests (every kind but churn-heap and bytes-per-entry).
	lines []line
}

// line is one implementation's drawn values.
type line struct {
	impl   string
	pts    []point
	tables []string // the report table of each point (report.ComparisonTable.Key)
}

// point is one drawn value: X and Y in data units (X is G in the
// throughput chart, the percentile's index in a latency chart, the bar's
// position in a bar chart), Lo and Hi its whisker (NaN when it has none).
type point struct{ X, Y, Lo, Hi float64 }

// ErrNoCharts is Build's error when the input has no data any chart shows.
var ErrNoCharts = errors.New("no data for any chart (every rep failed, or no key-phase rows)")

type builder struct {
	v       cells.Vocab
	opt     Options
	rep     *report.Report
	colors  map[string]int
	charts  []Chart
	ncol    int
	present []string          // the implementations of the report
	implOf  map[string]string // a line's implementation (report.LineSamples.Cell.Impl)
	nameG   bool              // the report names G (report.ComparisonTable.NameG)
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
	b.implOf = map[string]string{}
	for _, t := range rep.Tables {
		for _, g := range t.Groups {
			b.implOf[g.Impl] = g.Cell.Impl
			b.present = append(b.present, g.Cell.Impl)
		}
		b.nameG = b.nameG || t.NameG
	}
	b.colors = Palette(v.Impls, b.present)
	for c := range b.ncol {
		if err := b.retainedHeap(c); err != nil {
			return nil, err
		}
		for i := range rep.Tables {
			t := &rep.Tables[i]
			for _, f := range []func(*report.ComparisonTable, int) error{b.churn, b.latency, b.kindLatency, b.readLatency, b.nsPerOp} {
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
