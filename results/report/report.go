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
// Every row belongs to one group: the values of every field of
// [results.Record] except RunID, Rep, Phase, Step, Metric, Value, Unit and
// Note (the sample and the measured value, not what was measured). The
// fields are found by reflection, so a field added to [results.Env] or
// [results.Cell] later joins the grouping without a change here. Of those
// fields, Scenario, Shape, N, Presize and Goroutines select the table, Impl
// (with ImplVersion) the line, and every other one, a future one included,
// labels a column: host, go_version, goos, goarch, cpu, gomaxprocs,
// gc_percent, seed, plus the settings of the run's run_config note that
// change what is measured (GOEXPERIMENT, GOMEMLIMIT, GODEBUG, sample,
// passes, min-phase, timeout, mem-limit; not the lists of what was run).
// Rows with different labels are never pooled: each label is a column.
// Rows of several runs with one label are pooled: run_id identifies a
// run, not a condition, and (run_id, rep) identifies a sample.
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
// against the baseline implementation (and, with several columns, against
// the first column) at alpha 0.05; a difference that is not significant is
// "~". Byte counts, ratios and GC cycles are exact per rep: the median with
// min–max over reps, compared as the change of the medians, no test. A rep
// whose cell failed (cell_failed, or checksum_ok = 0) is left out of every
// statistic, and the table says so.
package report

import (
	"cmp"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/perf/benchmath"

	"mapbench/results"
)

// Confidence is the level of every confidence interval; Alpha the level of
// every significance test.
const (
	Confidence = 0.95
	Alpha      = 0.05
)

// Vocab is the scenario and implementation vocabulary Build needs. The
// caller (package main) fills it from packages scenarios and impls: the
// results packages import none of mapbench's other packages.
type Vocab struct {
	// Key returns the phase whose figures answer a scenario's question.
	Key func(scenario string) string
	// Op says what one op of a phase is ("delete+insert"), for titles.
	Op func(phase string) string
	// Fill is the phase whose first step gives bytes per entry when full.
	Fill string
	// Cycle is the phase of the rows that compare cycles with each other
	// (footprint_drift of the cycles scenario).
	Cycle string
	// Impls are the implementation names in registry order: the order of
	// the lines, and the default baseline is the first one present.
	Impls []string
}

// Kind says how a metric's values are summarised.
type Kind int

const (
	// Time values vary from rep to rep: median, 95% CI, U test.
	Time Kind = iota
	// Exact values (bytes, ratios, counts) are exact per rep: median and
	// min–max, no test.
	Exact
)

// Spec is one metric a report shows.
type Spec struct {
	Metric   string // results metric name
	FillOnly bool   // read from the fill phase's first step, not the key phase
	Kind     Kind
	Label    string // short column title in text and markdown
	Unit     string // results unit
	Bench    string // unit in Go benchmark format
	Better   int    // -1: lower is better, +1: higher is better
	Prec     int    // decimals in text; -1: as many as needed
}

// Specs are the metrics a report shows, in order.
var Specs = []Spec{
	{Metric: results.MetricNsPerOp, Kind: Time, Label: "ns/op", Unit: "ns", Bench: "ns/op", Better: -1, Prec: 1},
	{Metric: results.MetricLatencyP50, Kind: Time, Label: "p50 ns", Unit: "ns", Bench: "p50-ns", Better: -1, Prec: 0},
	{Metric: results.MetricLatencyP99, Kind: Time, Label: "p99 ns", Unit: "ns", Bench: "p99-ns", Better: -1, Prec: 0},
	{Metric: results.MetricLatencyP999, Kind: Time, Label: "p99.9 ns", Unit: "ns", Bench: "p999-ns", Better: -1, Prec: 0},
	// Concurrent phases only (a table without these rows shows no column).
	{Metric: results.MetricOpsPerSec, Kind: Time, Label: "ops/s", Unit: "ops/s", Bench: "ops/s", Better: +1, Prec: 0},
	{Metric: results.MetricReadLatencyP99, Kind: Time, Label: "read p99 ns", Unit: "ns", Bench: "read-p99-ns", Better: -1, Prec: 0},
	{Metric: results.MetricLiveHeap, Kind: Exact, Label: "live heap", Unit: "B", Bench: "live-B", Better: -1},
	{Metric: results.MetricBytesPerEntry, FillOnly: true, Kind: Exact, Label: "B/entry full", Unit: "B", Bench: "full-B/entry", Better: -1, Prec: 1},
	{Metric: results.MetricRetainedRatio, Kind: Exact, Label: "after/full", Unit: "ratio", Bench: "retained-ratio", Better: -1, Prec: 3},
	{Metric: results.MetricReuseRatio, Kind: Exact, Label: "reuse", Unit: "ratio", Bench: "reuse-ratio", Better: +1, Prec: 2},
	{Metric: results.MetricFootprintDrift, Kind: Exact, Label: "drift", Unit: "ratio", Bench: "drift-ratio", Better: -1, Prec: 3},
	{Metric: results.MetricGCCycles, Kind: Exact, Label: "GCs", Unit: "count", Bench: "gc-cycles", Better: -1, Prec: -1},
	// Shape ptr only: deleted payloads the map still reaches.
	{Metric: results.MetricPayloadRetained, Kind: Exact, Label: "payloads kept", Unit: "B", Bench: "payload-kept-B", Better: -1},
}

// KV is one key=value pair of a column label.
type KV struct{ Key, Value string }

// Column is one distinct label: the environment and configuration a group
// of rows was measured in.
type Column struct {
	Name  string // "A", "B", ...
	Label []KV   // every key, in order
	Diff  []KV   // the keys whose values differ between columns
}

// Stat summarises one group's values of one metric.
type Stat struct {
	Values   []float64 // one per good rep, ascending
	Center   float64   // median
	Lo, Hi   float64   // time: 95% CI (±Inf when the sample is too small); exact: min, max
	Min, Max float64
	Warnings []string // benchmath's warnings about the summary (too few reps for an interval)
}

// Cmp is a comparison of a Stat with a reference Stat.
type Cmp struct {
	P           float64 // time: U-test p-value; NaN for exact metrics
	Significant bool    // time: P <= Alpha (and P > 0, see uTest); exact: the medians differ
	Delta       string  // "~" or "+1.23%", as benchstat writes it
	Warnings    []string
}

// Cell is one implementation's metric in one column.
type Cell struct {
	Stat       *Stat
	VsBaseline *Cmp // nil for the baseline itself or when it is absent
	VsFirst    *Cmp // nil in the first column, or when it has no value there
}

// Line is one implementation in one block: one Cell per column (nil when
// the implementation was not measured in that column).
type Line struct {
	Impl  string
	Cells []*Cell
}

// Block is one metric of a table.
type Block struct {
	Spec  Spec
	Phase string
	Lines []Line
}

// Group identifies the samples of one implementation in one column of a
// table.
type Group struct {
	Impl, ImplVersion string
	Column            int
	Reps              int // good reps: the samples
	Excluded          int // reps left out: their cell failed
	// Values per metric of the Specs, one per good rep, in the order of
	// Samples; NaN where a rep lacks the metric.
	Values map[string][]float64
	// Samples are the good reps, "run_id rep N", in the order of Values.
	Samples []string
}

// Table is one scenario × shape × n × presize × goroutines.
type Table struct {
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
	Baseline string // "" when the baseline implementation is not in this table
	Impls    []string
	Groups   []*Group // in line, then column order
	Blocks   []Block
	Verdicts [][]string // per column
	Warnings []string
}

// Report is everything a format prints.
type Report struct {
	Baseline string
	Columns  []Column
	Common   []KV // label pairs every column shares
	Tables   []Table
	Rows     int
	Runs     int
}

// Options are Build's choices.
type Options struct {
	// Baseline is the implementation others are compared with; "" means
	// the first of Vocab.Impls present in the input.
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

// field is one identity field of results.Record.
type field struct {
	name   string // Go field name
	column string // CSV column name
	index  []int
}

// notIdentity are the Record fields that are not part of a group's
// identity: which run and rep (the sample), and what was measured.
var notIdentity = map[string]bool{"RunID": true, "Rep": true, "Phase": true, "Step": true,
	"Metric": true, "Value": true, "Unit": true, "Note": true}

// tableFields select the table, lineFields the line; every other identity
// field labels the column.
var (
	tableFields = []string{"Scenario", "Shape", "N", "Presize", "Goroutines"}
	lineFields  = []string{"Impl", "ImplVersion"}
)

// identityFields returns Record's identity fields in declaration order,
// each named by its CSV column: the field name in snake case (GoVersion is
// go_version, GCPercent gc_percent, GOOS goos).
func identityFields() []field {
	var out []field
	for _, f := range reflect.VisibleFields(reflect.TypeFor[results.Record]()) {
		if f.Anonymous || !f.IsExported() || notIdentity[f.Name] {
			continue
		}
		out = append(out, field{name: f.Name, column: snake(f.Name), index: f.Index})
	}
	return out
}

// snake converts a Go name to snake case; a run of capitals is one word,
// whose last capital starts the next word when a lower-case letter
// follows it.
func snake(name string) string {
	var b strings.Builder
	rs := []rune(name)
	for i, r := range rs {
		upper := unicode.IsUpper(r)
		if i > 0 && upper && (unicode.IsLower(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1])) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// valueOf formats field f of r.
func valueOf(r *results.Record, f field) string {
	return fmt.Sprint(reflect.ValueOf(r).Elem().FieldByIndex(f.index).Interface())
}

// runConfigSkip are the run_config keys that do not label a column: the
// lists of what was run (a run of fewer impls measures the same cells) and
// the settings that are columns already.
var runConfigSkip = map[string]bool{"impls": true, "scenarios": true, "shapes": true, "n": true, "reps": true,
	"presize": true, "seed": true, "gc-percent": true, "gomaxprocs": true}

type sampleID struct {
	run string
	rep int
}

type groupKey struct {
	table, line string
	column      int
}

type groupAcc struct {
	key      groupKey
	rec      results.Record // the first row, for the table and line fields
	lineImpl string
	version  string
	failed   map[sampleID]string // why
	samples  map[sampleID]bool
	rows     []int // indexes into recs
	lastStep int
	column   int
}

// Build computes the report of recs.
func Build(recs []results.Record, v Vocab, opt Options) (*Report, error) {
	if len(recs) == 0 {
		return nil, fmt.Errorf("no rows to report")
	}
	fields := identityFields()
	var labelFields []field
	for _, f := range fields {
		if !slices.Contains(tableFields, f.name) && !slices.Contains(lineFields, f.name) {
			labelFields = append(labelFields, f)
		}
	}
	// Run settings from run_config notes, per run.
	runSettings := map[string][]KV{}
	for i := range recs {
		r := &recs[i]
		if r.Metric != results.MetricRunConfig {
			continue
		}
		if _, ok := runSettings[r.RunID]; ok {
			continue
		}
		settings, err := results.ParseRunConfig(r.Note)
		if err != nil {
			return nil, fmt.Errorf("run %s: %v", r.RunID, err)
		}
		var kvs []KV
		for _, s := range settings {
			if !runConfigSkip[s.Key] {
				kvs = append(kvs, KV{s.Key, s.Value})
			}
		}
		runSettings[r.RunID] = kvs
	}

	// Columns: distinct labels, in input order.
	var columns []Column
	colIndex := map[string]int{}
	labelOf := func(r *results.Record) int {
		var kvs []KV
		for _, f := range labelFields {
			kvs = append(kvs, KV{f.column, valueOf(r, f)})
		}
		if s, ok := runSettings[r.RunID]; ok {
			kvs = append(kvs, s...)
		} else {
			kvs = append(kvs, KV{"run_config", "not recorded"})
		}
		key := fmt.Sprint(kvs)
		i, ok := colIndex[key]
		if !ok {
			i = len(columns)
			colIndex[key] = i
			columns = append(columns, Column{Name: columnName(i), Label: kvs})
		}
		return i
	}

	groups := map[groupKey]*groupAcc{}
	var order []*groupAcc
	runs := map[string]bool{}
	implsPresent := map[string]bool{}
	for i := range recs {
		r := &recs[i]
		runs[r.RunID] = true
		implsPresent[r.Impl] = true
		col := labelOf(r)
		var tk []string
		for _, f := range fields {
			if slices.Contains(tableFields, f.name) {
				tk = append(tk, valueOf(r, f))
			}
		}
		// The implementation's version is part of the line, except when it
		// is the Go version (native, syncmap), which labels the column.
		version := r.ImplVersion
		if version == r.GoVersion {
			version = ""
		}
		k := groupKey{table: strings.Join(tk, "\x00"), line: r.Impl + "\x00" + version, column: col}
		g := groups[k]
		if g == nil {
			g = &groupAcc{key: k, rec: *r, lineImpl: r.Impl, version: version, failed: map[sampleID]string{},
				samples: map[sampleID]bool{}, column: col}
			groups[k] = g
			order = append(order, g)
		}
		id := sampleID{r.RunID, r.Rep}
		g.samples[id] = true
		g.rows = append(g.rows, i)
		if r.Metric == results.MetricCellFailed && r.Value != 0 {
			g.failed[id] = "cell_failed: " + oneLine(r.Note)
		}
		if r.Metric == results.MetricChecksumOK && r.Value == 0 {
			if _, ok := g.failed[id]; !ok {
				g.failed[id] = "checksum_ok=0: " + oneLine(r.Note)
			}
		}
		if r.Phase == v.Key(r.Scenario) && r.Step > g.lastStep {
			g.lastStep = r.Step
		}
	}

	var present []string
	for _, name := range v.Impls {
		if implsPresent[name] {
			present = append(present, name)
		}
	}
	var unknown []string
	for name := range implsPresent {
		if !slices.Contains(v.Impls, name) {
			unknown = append(unknown, name)
		}
	}
	slices.Sort(unknown)
	present = append(present, unknown...)
	baseline := opt.Baseline
	if baseline == "" {
		baseline = present[0]
	} else if !implsPresent[baseline] {
		return nil, &BaselineError{Baseline: baseline, Present: present}
	}

	// Line names: the implementation, with its version when one
	// implementation has several in the input.
	versions := map[string]map[string]bool{}
	for _, g := range order {
		if versions[g.lineImpl] == nil {
			versions[g.lineImpl] = map[string]bool{}
		}
		versions[g.lineImpl][g.version] = true
	}
	lineName := func(g *groupAcc) string {
		if len(versions[g.lineImpl]) > 1 && g.version != "" {
			return g.lineImpl + "@" + g.version
		}
		return g.lineImpl
	}
	implRank := func(name string) int {
		base, _, _ := strings.Cut(name, "@")
		i := slices.Index(present, base)
		return i
	}

	rep := &Report{Baseline: baseline, Rows: len(recs), Runs: len(runs)}
	rep.Columns, rep.Common = diffLabels(columns)

	// Tables, in scenario, shape, n, presize order.
	byTable := map[string][]*groupAcc{}
	var tableKeys []string
	for _, g := range order {
		if _, ok := byTable[g.key.table]; !ok {
			tableKeys = append(tableKeys, g.key.table)
		}
		byTable[g.key.table] = append(byTable[g.key.table], g)
	}
	slices.SortFunc(tableKeys, func(a, b string) int {
		ra, rb := byTable[a][0].rec, byTable[b][0].rec
		return cmp.Or(cmp.Compare(ra.Scenario, rb.Scenario), cmp.Compare(ra.Shape, rb.Shape),
			cmp.Compare(ra.N, rb.N), cmp.Compare(fmt.Sprint(ra.Presize), fmt.Sprint(rb.Presize)), cmp.Compare(ra.Goroutines, rb.Goroutines))
	})
	nameG := false
	for _, g := range order {
		nameG = nameG || g.rec.Goroutines > 1
	}
	for _, tk := range tableKeys {
		gs := byTable[tk]
		r0 := gs[0].rec
		t := Table{Scenario: r0.Scenario, Shape: r0.Shape, N: r0.N, Presize: r0.Presize, Goroutines: r0.Goroutines, NameG: nameG,
			KeyPhase: v.Key(r0.Scenario)}
		t.Op = v.Op(t.KeyPhase)
		slices.SortStableFunc(gs, func(a, b *groupAcc) int {
			return cmp.Or(cmp.Compare(implRank(lineName(a)), implRank(lineName(b))), cmp.Compare(lineName(a), lineName(b)),
				cmp.Compare(a.column, b.column))
		})
		for _, g := range gs {
			if n := lineName(g); !slices.Contains(t.Impls, n) {
				t.Impls = append(t.Impls, n)
			}
		}
		for _, n := range t.Impls {
			if n == baseline {
				t.Baseline = baseline
			}
		}
		buildTable(&t, gs, recs, v, len(columns), lineName)
		rep.Tables = append(rep.Tables, t)
	}
	return rep, nil
}

// buildTable fills t's groups, blocks, verdicts and warnings.
func buildTable(t *Table, gs []*groupAcc, recs []results.Record, v Vocab, ncol int, lineName func(*groupAcc) string) {
	type lc struct {
		line string
		col  int
	}
	byLC := map[lc]*Group{}
	notes := newTally()
	statNotes := newTally()
	var disagree []string          // time figures whose reps disagree (Stat.Disagree)
	phaseOf := map[string]string{} // metric → the phase its values come from
	var excluded []string
	for _, g := range gs {
		col := g.column
		grp := &Group{Impl: lineName(g), ImplVersion: g.rec.ImplVersion, Column: col, Values: map[string][]float64{}}
		var ids []sampleID
		for id := range g.samples {
			if _, bad := g.failed[id]; !bad {
				ids = append(ids, id)
			}
		}
		slices.SortFunc(ids, func(a, b sampleID) int { return cmp.Or(cmp.Compare(a.run, b.run), cmp.Compare(a.rep, b.rep)) })
		pos := map[sampleID]int{}
		for i, id := range ids {
			pos[id] = i
			grp.Samples = append(grp.Samples, fmt.Sprintf("run %s rep %d", id.run, id.rep))
		}
		grp.Reps = len(ids)
		grp.Excluded = len(g.failed)
		var failedIDs []sampleID
		for id := range g.failed {
			failedIDs = append(failedIDs, id)
		}
		slices.SortFunc(failedIDs, func(a, b sampleID) int { return cmp.Or(cmp.Compare(a.run, b.run), cmp.Compare(a.rep, b.rep)) })
		for _, id := range failedIDs {
			excluded = append(excluded, fmt.Sprintf("%s%s rep %d (run %s) left out of the statistics: %s",
				grp.Impl, colSuffix(col, ncol), id.rep, id.run, g.failed[id]))
		}
		vals := map[string][]float64{}
		for _, i := range g.rows {
			r := &recs[i]
			if r.Note != "" && !results.IsProvenance(r.Metric) {
				notes.add(oneLine(r.Note), grp.Impl+colSuffix(col, ncol), r.Phase+" "+r.Metric)
			}
			id := sampleID{r.RunID, r.Rep}
			if _, bad := g.failed[id]; bad {
				continue
			}
			for _, s := range Specs {
				var ok bool
				switch {
				case r.Metric != s.Metric:
				case s.FillOnly:
					ok = r.Phase == v.Fill && r.Step == 0
				case s.Metric == results.MetricFootprintDrift && r.Phase == v.Cycle && v.Cycle != "":
					ok = true
				default:
					ok = r.Phase == t.KeyPhase && r.Step == g.lastStep
				}
				if ok {
					phaseOf[s.Metric] = r.Phase
					if vals[s.Metric] == nil {
						vals[s.Metric] = make([]float64, len(ids))
						for j := range vals[s.Metric] {
							vals[s.Metric][j] = math.NaN()
						}
					}
					vals[s.Metric][pos[id]] = r.Value
				}
			}
		}
		grp.Values = vals
		byLC[lc{grp.Impl, col}] = grp
		t.Groups = append(t.Groups, grp)
	}

	for _, s := range Specs {
		b := Block{Spec: s, Phase: phaseOf[s.Metric]}
		any := false
		stats := map[lc]*Stat{}
		samples := map[lc]*benchmath.Sample{}
		for _, impl := range t.Impls {
			for c := range ncol {
				g := byLC[lc{impl, c}]
				if g == nil || len(finite(g.Values[s.Metric])) == 0 {
					continue
				}
				any = true
				st, smp := summarize(s, finite(g.Values[s.Metric]))
				stats[lc{impl, c}] = st
				samples[lc{impl, c}] = smp
				// st.Warnings (benchmath's one warning of a summary: the
				// interval is infinite, too few reps) are said once, in
				// the report's header (TooFewForCI), not per table; the
				// CSV format keeps them per row.
				if s.Kind == Time && st.Disagree() {
					disagree = append(disagree, fmt.Sprintf("%s: %s reps disagree: %s–%s (max/min %s): %s help",
						impl+colSuffix(c, ncol), s.Label, results.FormatIn(st.Min, st.Max, s.Unit), results.Format(st.Max, s.Unit),
						results.Format(st.Max/st.Min, results.UnitRatio), results.DisagreeHelp))
				}
			}
		}
		if !any {
			continue
		}
		for _, impl := range t.Impls {
			l := Line{Impl: impl, Cells: make([]*Cell, ncol)}
			for c := range ncol {
				st := stats[lc{impl, c}]
				if st == nil {
					continue
				}
				cell := &Cell{Stat: st}
				if t.Baseline != "" && impl != t.Baseline {
					if bs := stats[lc{t.Baseline, c}]; bs != nil {
						cell.VsBaseline = compare(s, samples[lc{t.Baseline, c}], bs, samples[lc{impl, c}], st)
					}
				}
				if c > 0 {
					if fs := stats[lc{impl, 0}]; fs != nil {
						cell.VsFirst = compare(s, samples[lc{impl, 0}], fs, samples[lc{impl, c}], st)
					}
				}
				for _, cm := range []*Cmp{cell.VsBaseline, cell.VsFirst} {
					if cm != nil {
						for _, w := range cm.Warnings {
							statNotes.add(w, impl+colSuffix(c, ncol), s.Label)
						}
					}
				}
				l.Cells[c] = cell
			}
			b.Lines = append(b.Lines, l)
		}
		t.Blocks = append(t.Blocks, b)
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

// Disagree reports whether the reps of st disagree (results.RepsDisagree).
func (st *Stat) Disagree() bool { return results.RepsDisagree(st.Min, st.Max, len(st.Values)) }

// HasCI reports whether st has a finite confidence interval (a time
// figure with enough reps).
func (st *Stat) HasCI() bool { return !math.IsInf(st.Lo, 0) && !math.IsInf(st.Hi, 0) }

// anyTime reports whether some time figure of r satisfies f.
func (r *Report) anyTime(f func(*Stat) bool) bool {
	for i := range r.Tables {
		for _, b := range r.Tables[i].Blocks {
			if b.Spec.Kind != Time {
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

// groupsIn returns column c's groups by line name.
func groupsIn(groups []*Group, c int) map[string]*Group {
	out := map[string]*Group{}
	for _, g := range groups {
		if g.Column == c {
			out[g.Impl] = g
		}
	}
	return out
}

// finite returns the values of xs that are not NaN (a rep that lacks a
// metric, which a good rep does not), in a new slice.
func finite(xs []float64) []float64 {
	return slices.DeleteFunc(slices.Clone(xs), math.IsNaN)
}

// summarize computes s's statistic of values.
func summarize(s Spec, values []float64) (*Stat, *benchmath.Sample) {
	smp := benchmath.NewSample(slices.Clone(values), &benchmath.DefaultThresholds)
	st := &Stat{Values: smp.Values, Min: smp.Values[0], Max: smp.Values[len(smp.Values)-1]}
	if s.Kind == Time {
		sum := benchmath.AssumeNothing.Summary(smp, Confidence)
		st.Center, st.Lo, st.Hi = sum.Center, sum.Lo, sum.Hi
		for _, w := range sum.Warnings {
			st.Warnings = append(st.Warnings, w.Error())
		}
	} else {
		st.Center = results.Median(smp.Values)
		st.Lo, st.Hi = st.Min, st.Max
	}
	return st, smp
}

// compare compares b with the reference a: the U test for times, the
// change of the medians for exact values.
func compare(s Spec, sa *benchmath.Sample, a *Stat, sb *benchmath.Sample, b *Stat) *Cmp {
	if s.Kind == Exact {
		return &Cmp{P: math.NaN(), Significant: a.Center != b.Center, Delta: delta(a.Center, b.Center)}
	}
	c, sig, warns := uTest(sa, sb)
	out := &Cmp{P: c.P, Significant: sig, Delta: "~", Warnings: warns}
	if sig {
		out.Delta = delta(a.Center, b.Center)
	}
	return out
}

// delta writes how b compares with a: "~" when equal, else
// results.FormatChange ("+2.35%", "235×").
func delta(a, b float64) string {
	if a == b {
		return "~"
	}
	return results.FormatChange(a, b)
}

// uTest is benchmath.AssumeNothing.Compare, and whether its difference is
// significant, with one correction: go-moremath's U test (benchmath's)
// returns p = 0 for some samples with ties and unequal sizes (e.g. 50 50 50
// against 40 40), which a rank test on finite samples cannot give (the
// smallest two-sided p is 2/C(n1+n2, n1)). Such a result is reported with
// a warning and not treated as significant.
func uTest(sa, sb *benchmath.Sample) (c benchmath.Comparison, significant bool, warnings []string) {
	c = benchmath.AssumeNothing.Compare(sa, sb)
	for _, w := range c.Warnings {
		warnings = append(warnings, w.Error())
	}
	if c.P == 0 {
		warnings = append(warnings, fmt.Sprintf("benchmath's U test gave p=0 for %d+%d samples with ties, which a rank test cannot: not treated as significant", c.N1, c.N2))
		return c, false, warnings
	}
	return c, c.P <= c.Alpha, warnings
}

// verdicts answers "which map" for column c of t: least memory kept,
// best slot reuse, fastest; each only when the leader beats the runner-up
// (exact values: every rep of the leader better than every rep of the
// runner-up; times: the U test significant).
func verdicts(t *Table, c int, groups map[string]*Group) []string {
	var out []string
	type cand struct {
		impl string
		st   *Stat
		smp  *benchmath.Sample
	}
	for _, q := range []struct {
		metric, what string
	}{
		{results.MetricLiveHeap, "least memory kept (" + t.KeyPhase + " live heap)"},
		{results.MetricReuseRatio, "best slot reuse (reuse_ratio)"},
		{results.MetricNsPerOp, "fastest (" + t.KeyPhase + " ns/op)"},
	} {
		s := specOf(q.metric)
		var cs []cand
		for _, impl := range t.Impls {
			g := groups[impl]
			if g == nil || len(finite(g.Values[q.metric])) == 0 {
				continue
			}
			st, smp := summarize(s, finite(g.Values[q.metric]))
			cs = append(cs, cand{impl, st, smp})
		}
		if len(cs) < 2 {
			continue
		}
		slices.SortStableFunc(cs, func(a, b cand) int {
			return cmp.Compare(float64(-s.Better)*a.st.Center, float64(-s.Better)*b.st.Center)
		})
		w, r := cs[0], cs[1]
		val := func(x cand) string { return formatValue(s, x.st.Center) }
		switch s.Kind {
		case Exact:
			clear := (s.Better < 0 && w.st.Max < r.st.Min) || (s.Better > 0 && w.st.Min > r.st.Max)
			if clear {
				out = append(out, fmt.Sprintf("%s: %s (%s; runner-up %s %s)", q.what, w.impl, val(w), r.impl, val(r)))
			} else {
				out = append(out, fmt.Sprintf("%s: no clear winner: %s %s and %s %s overlap over reps", q.what, w.impl, val(w), r.impl, val(r)))
			}
		case Time:
			cm, sig, warns := uTest(w.smp, r.smp)
			if sig {
				out = append(out, fmt.Sprintf("%s: %s (%s; runner-up %s %s, p=%.3f)", q.what, w.impl, val(w), r.impl, val(r), cm.P))
			} else {
				why := fmt.Sprintf("p=%.3f", cm.P)
				for _, e := range warns {
					why += "; " + e
				}
				out = append(out, fmt.Sprintf("%s: no clear winner: %s %s and %s %s do not differ significantly (%s)", q.what, w.impl, val(w), r.impl, val(r), why))
			}
		}
	}
	return out
}

func specOf(metric string) Spec {
	for _, s := range Specs {
		if s.Metric == metric {
			return s
		}
	}
	panic("report: no spec for " + metric)
}

// diffLabels names the columns and splits their labels into the pairs all
// share and those that differ.
func diffLabels(cols []Column) ([]Column, []KV) {
	var keys []string
	for _, c := range cols {
		for _, kv := range c.Label {
			if !slices.Contains(keys, kv.Key) {
				keys = append(keys, kv.Key)
			}
		}
	}
	get := func(c Column, k string) string {
		for _, kv := range c.Label {
			if kv.Key == k {
				return kv.Value
			}
		}
		return "-"
	}
	var common []KV
	for _, k := range keys {
		same := true
		for _, c := range cols[1:] {
			if get(c, k) != get(cols[0], k) {
				same = false
			}
		}
		if same {
			common = append(common, KV{k, get(cols[0], k)})
			continue
		}
		for i := range cols {
			cols[i].Diff = append(cols[i].Diff, KV{k, get(cols[i], k)})
		}
	}
	return cols, common
}

func columnName(i int) string {
	if i < 26 {
		return string(rune('A' + i))
	}
	return "C" + strconv.Itoa(i+1)
}

// colSuffix names column c after an implementation when there are several
// columns: "native[B]".
func colSuffix(c, ncol int) string {
	if ncol == 1 {
		return ""
	}
	return "[" + columnName(c) + "]"
}

// oneLine folds a note onto one line.
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " | ")), " ")
}

// tally counts notes: how often each text was seen, on which lines and
// which metrics.
type tally struct {
	order []string
	count map[string]int
	who   map[string][]string
	what  map[string][]string
}

func newTally() *tally {
	return &tally{count: map[string]int{}, who: map[string][]string{}, what: map[string][]string{}}
}

func (t *tally) add(note, who, what string) {
	if t.count[note] == 0 {
		t.order = append(t.order, note)
	}
	t.count[note]++
	if !slices.Contains(t.who[note], who) {
		t.who[note] = append(t.who[note], who)
	}
	if !slices.Contains(t.what[note], what) {
		t.what[note] = append(t.what[note], what)
	}
}

// lines renders the tally, in first-seen order: "note (N rows: what; who)".
func (t *tally) lines(unit string) []string {
	var out []string
	for _, n := range t.order {
		count := ""
		if unit != "" {
			count = fmt.Sprintf("%d %s: ", t.count[n], unit)
			if t.count[n] == 1 {
				count = "1 " + strings.TrimSuffix(unit, "s") + ": "
			}
		}
		out = append(out, fmt.Sprintf("%s (%s%s; %s)", n, count, strings.Join(t.what[n], ", "), strings.Join(t.who[n], ", ")))
	}
	return out
}

// formatValue writes v in s's unit for people.
func formatValue(s Spec, v float64) string {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return "-"
	}
	return results.Format(v, s.Unit)
}
