// Package report owns `mapbench report`: statistics over the reps of one or
// many results files (golang.org/x/perf/benchmath), the implementations
// side by side per scenario × shape × n, and runs from different machines,
// Go versions or configurations side by side as columns, never pooled. It
// reads records and formats text, markdown, CSV, Go benchmark format and a
// self-contained HTML page (with charts drawn by its caller); it
// never measures.
//
// # Grouping
//
// Rows are grouped by package cells, as in the run summary and the charts:
// Scenario, Shape, N, Presize and Goroutines select the table, Impl (with
// ImplVersion) the line, and every other identity field of
// [results.Record], with the run_config settings that change what is
// measured, labels a column (see package cells). Rows with different
// labels are never pooled: each label is a column. Rows of several runs
// with one label are pooled: (run_id, rep) identifies a sample.
//
// Goroutines (G, the writers of a concurrent scenario's cells) are named
// only when some table of the report has G > 1: then every table's title
// says G=<g>, its benchmark names have goroutines=<g>, and its CSV rows
// and HTML key carry it, G = 1 included; a report of single-goroutine
// cells (every v1 file) reads as it did before G existed.
//
// # Statistics
//
// Times (ns_per_op, latency percentiles) use benchmath.AssumeNothing: the
// median with its 95% confidence interval, and the Mann-Whitney U test
// against the baseline implementation (and, in a table measured in several
// columns, against its first) at alpha 0.05; a difference that is not significant is
// "~". Byte counts, ratios and GC cycles are exact per rep: the median with
// min–max over reps, compared as the change of the medians, no test. A rep
// whose cell failed (cell_failed, or checksum_ok = 0) is left out of every
// statistic, and the table says so.
package report

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"golang.org/x/perf/benchmath"

	"mapbench/results"
	"mapbench/results/cells"
)

// Confidence is the level of every confidence interval; Alpha the level of
// every significance test.
const (
	Confidence = cells.Confidence
	Alpha      = 0.05
)

// MetricSpec is one metric a report shows.
type MetricSpec struct {
	Metric   string // results metric name
	FillOnly bool   // read from the fill phase's first step, not the key phase
	Kind     cells.Kind
	Label    string // short column title in text and markdown
	Bench    string // unit in Go benchmark format
	Prec     int    // decimals in text; -1: as many as needed
	// Footnote: the notes of the rows a block of this metric reads are
	// said under the block (Block.Notes), not among the table's warnings.
	Footnote bool
}

// Unit is the metric's unit, from the metric table (results.Metrics).
func (s MetricSpec) Unit() string { return results.MetricUnit(s.Metric) }

// Better is -1 when lower values are better and +1 when higher ones are,
// from the metric table; 0 for a metric the table ranks neither way.
func (s MetricSpec) Better() int {
	m, _ := results.LookupMetric(s.Metric)
	switch m.Better {
	case results.BetterLower:
		return -1
	case results.BetterHigher:
		return +1
	}
	return 0
}

// from is where the grouping reads s's values.
func (s MetricSpec) from() cells.From {
	if s.FillOnly {
		return cells.Full
	}
	return cells.KeyEnd
}

// MetricSpecs are the metrics a report shows, in order.
var MetricSpecs = []MetricSpec{
	{Metric: results.MetricNsPerOp, Kind: cells.Time, Label: "ns/op", Bench: "ns/op", Prec: 1},
	{Metric: results.MetricLatencyP50, Kind: cells.Time, Label: "p50 ns", Bench: "p50-ns", Prec: 0},
	{Metric: results.MetricLatencyP99, Kind: cells.Time, Label: "p99 ns", Bench: "p99-ns", Prec: 0},
	{Metric: results.MetricLatencyP999, Kind: cells.Time, Label: "p99.9 ns", Bench: "p999-ns", Prec: 0},
	// Concurrent phases only (a table without these rows shows no column).
	{Metric: results.MetricOpsPerSec, Kind: cells.Time, Label: "ops/s", Bench: "ops/s", Prec: 0},
	{Metric: results.MetricReadLatencyP99, Kind: cells.Time, Label: "read p99 ns", Bench: "read-p99-ns", Prec: 0},
	{Metric: results.MetricLiveHeap, Kind: cells.Exact, Label: "live heap", Bench: "live-B"},
	{Metric: results.MetricBytesPerEntry, FillOnly: true, Kind: cells.Exact, Label: "B/entry full", Bench: "full-B/entry", Prec: 1},
	{Metric: results.MetricRetainedRatio, Kind: cells.Exact, Label: "after/full", Bench: "retained-ratio", Prec: 3},
	{Metric: results.MetricReuseRatio, Kind: cells.Exact, Label: "reuse", Bench: "reuse-ratio", Prec: 2},
	{Metric: results.MetricFootprintDrift, Kind: cells.Exact, Label: "drift", Bench: "drift-ratio", Prec: 3},
	{Metric: results.MetricGCCycles, Kind: cells.Exact, Label: "GCs", Bench: "gc-cycles", Prec: -1},
	// Shape ptr only: deleted payloads the map still reaches.
	{Metric: results.MetricPayloadRetained, Kind: cells.Exact, Label: "payloads kept", Bench: "payload-kept-B"},
}

// KindSpecs are the metrics a report shows per kind of op of a key phase
// that has figures per kind (cells.Vocab.Kinds: a trace replay's deletes,
// puts and gets): for each kind a table's cells have, in the
// vocabulary's order (deletes first), a block of each, after the blocks
// of MetricSpecs. Its ns_per_op is of the kind's runs of ops timed as
// blocks, only where the trace has such runs; its note, which says what
// share of the kind's ops those runs hold when not all, is said under the
// block. The kind's op count is in each block's title (Block.Ops).
var KindSpecs = []MetricSpec{
	{Metric: results.MetricNsPerOp, Kind: cells.Time, Label: "ns/op", Bench: "ns/op", Prec: 1, Footnote: true},
	{Metric: results.MetricLatencyP50, Kind: cells.Time, Label: "p50 ns", Bench: "p50-ns", Prec: 0},
	{Metric: results.MetricLatencyP99, Kind: cells.Time, Label: "p99 ns", Bench: "p99-ns", Prec: 0},
}

// Stat summarises one group's values of one metric: the Spread (median,
// min, max, N: the figures the run summary and the charts show too), and
// the interval.
type Stat struct {
	cells.Spread
	Values   []float64 // one per good rep, ascending
	Lo, Hi   float64   // time: 95% CI (±Inf when the sample is too small); exact: min, max
	Warnings []string  // benchmath's warnings about the summary (too few reps for an interval)
}

// Cmp is a comparison of a Stat with a reference Stat.
type Cmp struct {
	P           float64 // time: U-test p-value; NaN for exact metrics
	Significant bool    // time: P <= Alpha (and P > 0, see uTest); exact: the medians differ
	Delta       string  // "~" or "+1.23%", as benchstat writes it
	Warnings    []string
}

// ValueCell is one implementation's metric in one column: its statistic
// and how it compares.
type ValueCell struct {
	Stat       *Stat
	VsBaseline *Cmp // nil for the baseline itself or when it is absent
	VsFirst    *Cmp // nil in the table's first column (ComparisonTable.Cols), or when it has no value there
}

// ImplRow is one implementation in one block: one ValueCell per column
// (nil when the implementation was not measured in that column).
type ImplRow struct {
	Impl  string
	Cells []*ValueCell
}

// Block is one metric of a table.
type Block struct {
	Spec  MetricSpec
	Phase string
	// Kind is the kind of op whose figure the block is, one of
	// cells.Vocab.Kinds (then Phase too), and "" for the key phase's (or
	// the fill's) figures.
	Kind string
	// Ops is the kind's op count over the cells of the block's table
	// (median, least and greatest; exact): set when Kind is.
	Ops cells.Spread
	// Notes are the distinct notes of the rows the block reads, when its
	// Spec says them as a footnote.
	Notes []string
	Lines []ImplRow
}

// Key names the block within its table: its metric, after its kind
// when it has one ("replay-delete-latency_p99"). The HTML page's grid ids.
func (b *Block) Key() string {
	if b.Kind != "" {
		return b.Kind + "-" + b.Spec.Metric
	}
	return b.Spec.Metric
}

// Title is the block's column title in every format: its label and the
// phase it is read from, "p99 ns (delete)", with the op count of a kind,
// "p99 ns (replay-delete: 32.8k ops)".
func (b *Block) Title() string {
	if b.Kind == "" || b.Ops.N == 0 {
		return b.Spec.Label + " (" + b.Phase + ")"
	}
	ops := results.Format(b.Ops.Median, results.UnitCount)
	if r := results.FormatRange(b.Ops.Min, b.Ops.Max, b.Ops.Median, results.UnitCount); r != "" {
		ops = r
	}
	return fmt.Sprintf("%s (%s: %s ops)", b.Spec.Label, b.Phase, ops)
}

// LineSamples are the samples of one implementation in one column of a
// table: the cell of package cells, with the values of the MetricSpecs.
type LineSamples struct {
	// Cell is the grouping's cell: its reps and every value they have (the
	// charts read the latency percentiles and churn readings there).
	Cell              *cells.Group
	Impl, ImplVersion string
	Column            int
	Reps              int // good reps: the samples
	Excluded          int // reps left out: their cell failed
	// Values per metric of the MetricSpecs, one per good rep, in the order
	// of Samples; NaN where a rep lacks the metric.
	Values map[string][]float64
	// KindValues are the values of the KindSpecs (and the op count) per
	// kind of op the cell has (cells.Vocab.Kinds), then per metric, as
	// Values.
	KindValues map[string]map[string][]float64
	// Samples are the good reps, in the order of Values.
	Samples []cells.Sample
}

// ComparisonTable is one scenario × shape × n × presize × goroutines: the
// implementations side by side, per metric.
type ComparisonTable struct {
	Scenario   string
	Shape      string
	N          int
	Presize    bool
	Goroutines int // G, the writers of the table's cells (1 unless concurrent)
	// NameG is set in every table when some table of the report has
	// G > 1: titles, benchmark names and keys then name G.
	NameG    bool
	KeyPhase string
	Op       string
	// Kinds are the kinds of op some cell of the table has figures of
	// (cells.Table.Kinds): a trace replay's.
	Kinds    []string
	Baseline string // "" when the baseline implementation is not in this table
	Impls    []string
	// Cols are the columns holding cells of the table (cells.Table.Columns:
	// indices into Report.Columns, ascending; one when its cells were all
	// measured under one label although the report has several). The
	// formats lay the table out in these columns only.
	Cols     []int
	Groups   []*LineSamples // in line, then column order
	Blocks   []Block
	Verdicts [][]string // per column
	Warnings []string
}

// Report is everything a format prints.
type Report struct {
	Baseline string
	Columns  []cells.Column
	Common   []cells.KV // label pairs every column shares
	Tables   []ComparisonTable
	Rows     int
	Runs     int
}

// Options are Build's choices.
type Options struct {
	// Baseline is the implementation others are compared with; "" means
	// the first of cells.Vocab.Impls present in the input.
	Baseline string
}

// BaselineError is an unknown -baseline: it names the implementations
// present.
type BaselineError struct {
	Baseline string
	Present  []string
}

func (e *BaselineError) Error() string {
	return fmt.Sprintf("%q is not in the input; implementations present: %s", e.Baseline, strings.Join(e.Present, ", "))
}

// Build computes the report of recs, in steps: group the rows into cells
// (package cells), choose the baseline, then build each table (its
// samples, its metric blocks with their comparisons, its verdicts and
// warnings).
func Build(recs []results.Record, v cells.Vocab, opt Options) (*Report, error) {
	if len(recs) == 0 {
		return nil, fmt.Errorf("no rows to report")
	}
	set, err := cells.Build(recs, v)
	if err != nil {
		return nil, err
	}
	baseline := opt.Baseline
	if baseline == "" {
		baseline = set.Impls[0]
	} else if !slices.Contains(set.Impls, baseline) {
		return nil, &BaselineError{Baseline: baseline, Present: set.Impls}
	}
	rep := &Report{Baseline: baseline, Rows: set.Rows, Runs: set.Runs}
	rep.Columns, rep.Common = set.Columns, set.Common
	nameG := slices.ContainsFunc(set.Groups, func(g *cells.Group) bool { return g.Goroutines > 1 })
	for _, ct := range set.Tables() {
		t := ComparisonTable{Scenario: ct.Scenario, Shape: ct.Shape, N: ct.N, Presize: ct.Presize, Goroutines: ct.Goroutines,
			NameG: nameG, KeyPhase: v.Key(ct.Scenario), Impls: ct.Lines(), Kinds: ct.Kinds(v), Cols: ct.Columns()}
		t.Op = v.Op(t.KeyPhase)
		if slices.Contains(t.Impls, baseline) {
			t.Baseline = baseline
		}
		t.build(ct.Groups, recs, v, len(set.Columns))
		rep.Tables = append(rep.Tables, t)
	}
	return rep, nil
}

// build fills t from its cells: samples, blocks, verdicts, warnings.
func (t *ComparisonTable) build(gs []*cells.Group, recs []results.Record, v cells.Vocab, ncol int) {
	phaseOf := t.collectSamples(gs, v)
	excluded := excludedReps(gs, ncol)
	notes := rowNotes(gs, recs, ncol, t.Kinds)
	statNotes := newTally()
	var disagree []string
	for _, s := range MetricSpecs {
		b, ok := t.block(s, phaseOf[s.Metric], "", ncol, statNotes, &disagree)
		if ok {
			t.Blocks = append(t.Blocks, b)
		}
	}
	for _, k := range t.Kinds {
		for _, s := range KindSpecs {
			b, ok := t.block(s, k, k, ncol, statNotes, &disagree)
			if ok {
				t.Blocks = append(t.Blocks, b)
			}
		}
	}
	t.Verdicts = make([][]string, ncol)
	for c := range ncol {
		t.Verdicts[c] = verdicts(t, c, groupsIn(t.Groups, c))
	}
	t.Warnings = append(t.Warnings, excluded...)
	t.Warnings = append(t.Warnings, notes.lines("rows")...)
	t.Warnings = append(t.Warnings, statNotes.lines("")...)
	t.Warnings = append(t.Warnings, disagree...)
}

// collectSamples sets t.Groups: each cell's good reps and its values of
// the MetricSpecs, and of the KindSpecs per kind it has. It returns the phase each metric's values were read from (of the last cell
// that has it).
func (t *ComparisonTable) collectSamples(gs []*cells.Group, v cells.Vocab) map[string]string {
	phaseOf := map[string]string{}
	for _, g := range gs {
		ls := &LineSamples{Cell: g, Impl: g.Line, ImplVersion: g.ImplVersion, Column: g.Column, Reps: len(g.Good), Excluded: len(g.Failed),
			Values: map[string][]float64{}, Samples: g.Good}
		for _, s := range MetricSpecs {
			vals, phase := g.Figure(s.Metric, s.from(), v)
			if vals != nil {
				ls.Values[s.Metric] = vals
				phaseOf[s.Metric] = phase
			}
		}
		for _, k := range g.Kinds(v) {
			if ls.KindValues == nil {
				ls.KindValues = map[string]map[string][]float64{}
			}
			ls.KindValues[k] = map[string][]float64{}
			for _, m := range append([]string{results.MetricOps}, kindMetrics()...) {
				if vals := g.OfKind(k, m); vals != nil {
					ls.KindValues[k][m] = vals
				}
			}
		}
		t.Groups = append(t.Groups, ls)
	}
	return phaseOf
}

// kindMetrics are the metrics of KindSpecs.
func kindMetrics() []string {
	var out []string
	for _, s := range KindSpecs {
		out = append(out, s.Metric)
	}
	return out
}

// values are g's values of s: of kind when kind is not "", else where the
// grouping reads s (the key phase's end, or the fill).
func (g *LineSamples) values(s MetricSpec, kind string) []float64 {
	if kind != "" {
		return g.KindValues[kind][s.Metric]
	}
	return g.Values[s.Metric]
}

// excludedReps says which reps of gs were left out, and why.
func excludedReps(gs []*cells.Group, ncol int) []string {
	var out []string
	for _, g := range gs {
		for _, f := range g.Failed {
			out = append(out, fmt.Sprintf("%s%s rep %d (run %s) left out of the statistics: %s",
				g.Line, colSuffix(g.Column, ncol), f.Rep, f.RunID, f.Why))
		}
	}
	return out
}

// rowNotes tallies the notes of every row of gs (failed reps' included),
// but provenance and those of kinds' metrics said under their blocks
// (MetricSpec.Footnote).
func rowNotes(gs []*cells.Group, recs []results.Record, ncol int, kinds []string) *tally {
	footnote := map[string]bool{}
	for _, s := range KindSpecs {
		footnote[s.Metric] = footnote[s.Metric] || s.Footnote
	}
	notes := newTally()
	for _, g := range gs {
		for _, i := range g.Rows {
			r := &recs[i]
			if footnote[r.Metric] && slices.Contains(kinds, r.Phase) {
				continue
			}
			if r.Note != "" && !results.IsProvenance(r.Metric) {
				notes.add(cells.OneLine(r.Note), g.Line+colSuffix(g.Column, ncol), r.Phase+" "+r.Metric)
			}
		}
	}
	return notes
}

type lineCol struct {
	line string
	col  int
}

// block is metric s of t, of kind when kind is not "" (read from phase):
// every line's statistic per column, compared with the baseline and the
// first column; ok is false when no line has a value. The comparisons'
// warnings go to statNotes, the lines whose reps disagree to disagree.
func (t *ComparisonTable) block(s MetricSpec, phase, kind string, ncol int, statNotes *tally, disagree *[]string) (b Block, ok bool) {
	byLC := map[lineCol]*LineSamples{}
	for _, g := range t.Groups {
		byLC[lineCol{g.Impl, g.Column}] = g
	}
	label := s.Label
	if kind != "" {
		label = kind + " " + s.Label
	}
	stats := map[lineCol]*Stat{}
	samples := map[lineCol]*benchmath.Sample{}
	for _, impl := range t.Impls {
		for c := range ncol {
			g := byLC[lineCol{impl, c}]
			if g == nil || len(cells.Finite(g.values(s, kind))) == 0 {
				continue
			}
			st, smp := summarize(s, cells.Finite(g.values(s, kind)))
			stats[lineCol{impl, c}], samples[lineCol{impl, c}] = st, smp
			// st.Warnings (benchmath's one warning of a summary: the
			// interval is infinite, too few reps) are said once, in the
			// report's header (TooFewForCI), not per table; the CSV format
			// keeps them per row.
			if s.Kind == cells.Time && st.Disagree() {
				*disagree = append(*disagree, fmt.Sprintf("%s: %s reps disagree: %s (max/min %s): %s help",
					impl+colSuffix(c, ncol), label, results.FormatSpan(st.Min, st.Max, s.Unit()),
					results.Format(st.Max/st.Min, results.UnitRatio), results.DisagreeHelp))
			}
		}
	}
	if len(stats) == 0 {
		return Block{}, false
	}
	b = Block{Spec: s, Phase: phase, Kind: kind}
	if kind != "" {
		var ops []float64
		for _, g := range t.Groups {
			ops = append(ops, cells.Finite(g.KindValues[kind][results.MetricOps])...)
		}
		b.Ops = cells.SpreadOf(ops, cells.Exact)
	}
	if s.Footnote {
		for _, g := range t.Groups {
			for _, n := range g.Cell.Notes(phase, s.Metric) {
				if n = cells.OneLine(n); !slices.Contains(b.Notes, n) {
					b.Notes = append(b.Notes, n)
				}
			}
		}
	}
	for _, impl := range t.Impls {
		l := ImplRow{Impl: impl, Cells: make([]*ValueCell, ncol)}
		for c := range ncol {
			if st := stats[lineCol{impl, c}]; st != nil {
				l.Cells[c] = t.compareCell(s, label, impl, c, stats, samples, statNotes, ncol)
			}
		}
		b.Lines = append(b.Lines, l)
	}
	return b, true
}

// compareCell is line impl's value of s in column c, compared with the
// baseline's in that column and with its own in the table's first column; label
// names s in the comparisons' warnings.
func (t *ComparisonTable) compareCell(s MetricSpec, label, impl string, c int, stats map[lineCol]*Stat, samples map[lineCol]*benchmath.Sample,
	statNotes *tally, ncol int) *ValueCell {
	me := lineCol{impl, c}
	cell := &ValueCell{Stat: stats[me]}
	if t.Baseline != "" && impl != t.Baseline {
		if bs := stats[lineCol{t.Baseline, c}]; bs != nil {
			cell.VsBaseline = compare(s, samples[lineCol{t.Baseline, c}], bs, samples[me], stats[me])
		}
	}
	if first := t.Cols[0]; c > first {
		if fs := stats[lineCol{impl, first}]; fs != nil {
			cell.VsFirst = compare(s, samples[lineCol{impl, first}], fs, samples[me], stats[me])
		}
	}
	for _, cm := range []*Cmp{cell.VsBaseline, cell.VsFirst} {
		if cm != nil {
			for _, w := range cm.Warnings {
				statNotes.add(w, impl+colSuffix(c, ncol), label)
			}
		}
	}
	return cell
}

// anyTime reports whether some time figure of r satisfies f.
func (r *Report) anyTime(f func(*Stat) bool) bool {
	for i := range r.Tables {
		for _, b := range r.Tables[i].Blocks {
			if b.Spec.Kind != cells.Time {
				continue
			}
			for _, l := range b.Lines {
				for _, c := range l.Cells {
					if c != nil && f(c.Stat) {
						return true
					}
				}
			}
		}
	}
	return false
}

// TooFewForCI reports whether some time figure had too few reps for a
// confidence interval; the report shows min – max for those.
func (r *Report) TooFewForCI() bool {
	return r.anyTime(func(st *Stat) bool { return !st.HasCI() })
}

// formatValue writes v in s's unit for people.
func formatValue(s MetricSpec, v float64) string {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return "-"
	}
	return results.Format(v, s.Unit())
}
