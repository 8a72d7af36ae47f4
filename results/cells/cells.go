// Package cells groups the rows of results files into cells: the one
// grouping the run summary, `mapbench report` and `mapbench plot` all
// build on, so that they pick the same reps and the same values.
//
// A cell ([Group]) is one implementation (with its version) in one table
// ([TableKey]: scenario, shape, n, presize, goroutines) under one label
// ([Column]: host, Go version, settings). Its reps are [Sample]s (run id
// and rep); a rep whose cell failed ([Failure]) is left out of every value.
// Its values are typed, one per good rep, read where the scenario answers
// its question: the key phase's last step ([Group.LastStep]), the fill's
// first step for bytes per entry, the cycles phase for footprint drift
// ([Group.Figure]), and a trace replay's figures per kind of op in their
// own phases ([Vocab.Kinds], [Group.OfKind]).
//
// # Columns
//
// Every field of [results.Record] except RunID, Rep, Phase, Step, Metric,
// Value, Unit and Note (the sample and the measured value, not what was
// measured) is part of a cell's identity. The fields are found by
// reflection, so a field added to [results.Env] or [results.Cell] later
// joins the grouping without a change here. Of those fields, Scenario,
// Shape, N, Presize and Goroutines select the table, Impl (with
// ImplVersion) the line, and every other one, a future one included,
// labels a column: host, go_version, goos, goarch, cpu, gomaxprocs,
// gc_percent, other_heap (only when some row of the input has one: see
// optionalLabels), seed, plus the settings of the run's run_config note that
// change what is measured (GOEXPERIMENT, GOMEMLIMIT, GODEBUG, sample,
// passes, min-phase, timeout, mem-limit; not the lists of what was run).
// Rows with different labels are never pooled. Rows of several runs with
// one label are pooled: run_id identifies a run, not a condition, and
// (run_id, rep) identifies a sample.
package cells

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

// Vocab is the scenario and implementation vocabulary the grouping needs.
// The caller fills it from packages scenarios and impls: the results
// packages import none of mapbench's other packages.
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
	// Churn is the key phase whose steps are live-heap readings every n/2
	// ops (step k: k·0.5 turnovers of n); "" when there is none.
	Churn string
	// Kinds are the phases whose rows give a key phase's figures per kind
	// of op: a trace replay's deletes, puts and gets (ops, latency_* of
	// that kind's sampled ops, ns_per_op of its runs timed as blocks), in
	// the order readers show them, deletes first. They are not phases of a
	// plan: their ops are the key phase's. A cell has rows in those of its
	// kinds its workload has ([Group.Kinds]).
	Kinds []string
	// Delete is the one of Kinds whose ops are deletes ("" when none).
	Delete string
	// Impls are the implementation names in registry order: the order of
	// the lines everywhere.
	Impls []string
}

// Sample is one rep of a cell: which run and which rep of it.
type Sample struct {
	RunID string
	Rep   int
}

// Compare orders samples by run, then rep.
func (s Sample) Compare(o Sample) int {
	return cmp.Or(cmp.Compare(s.RunID, o.RunID), cmp.Compare(s.Rep, o.Rep))
}

// Failure is the failed-rep rule: a row that says its rep failed
// (cell_failed ≠ 0) or did different work (checksum_ok = 0), and why. A
// rep with such a row is left out of every value.
func Failure(r *results.Record) (why string, failed bool) {
	switch {
	case r.Metric == results.MetricCellFailed && r.Value != 0:
		return "cell_failed: " + OneLine(r.Note), true
	case r.Metric == results.MetricChecksumOK && r.Value == 0:
		return "checksum_ok=0: " + OneLine(r.Note), true
	}
	return "", false
}

// OneLine folds a note onto one line.
func OneLine(s string) string {
	s = strings.TrimSpace(s)
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " | ")), " ")
}

// TableKey selects a table: one scenario × shape × n × presize ×
// goroutines.
type TableKey struct {
	Scenario   string
	Shape      string
	N          int
	Presize    bool
	Goroutines int // G, the writers of the table's cells (1 unless concurrent)
}

// Compare orders tables by scenario, shape, n, presize (false first),
// goroutines.
func (k TableKey) Compare(o TableKey) int {
	return cmp.Or(cmp.Compare(k.Scenario, o.Scenario), cmp.Compare(k.Shape, o.Shape), cmp.Compare(k.N, o.N),
		cmp.Compare(strconv.FormatBool(k.Presize), strconv.FormatBool(o.Presize)), cmp.Compare(k.Goroutines, o.Goroutines))
}

func tableKeyOf(r *results.Record) TableKey {
	return TableKey{r.Scenario, r.Shape, r.N, r.Presize, r.Goroutines}
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

// FailedSample is a rep left out, and why.
type FailedSample struct {
	Sample
	Why string
}

// Group is one cell: one implementation (and version) in one table and one
// column, with its reps and its values.
type Group struct {
	TableKey
	Impl        string
	ImplVersion string // as recorded
	// Version is the line's version: ImplVersion, or "" when that is the
	// Go version (native, syncmap), which labels the column instead.
	Version string
	// Line names the line: Impl, or Impl@Version when the input has several
	// versions of Impl.
	Line     string
	Column   int
	KeyPhase string
	// LastStep is the key phase's last step, over every rep: its totals
	// (the last cycle, the end of churn).
	LastStep int
	Reps     int            // every rep seen, failed ones included
	Good     []Sample       // the reps values come from, in Sample order
	Failed   []FailedSample // the reps left out, in Sample order
	Rows     []int          // indexes into the input of every row of the cell, failed reps' included
	rows     []row          // the good reps' values, in input order
}

// row is one value of a good rep.
type row struct {
	sample int // index into Good
	phase  string
	step   int
	metric string
	value  float64
	note   string
}

// Values returns metric's values where the row's phase and step satisfy
// where: one per good rep in the order of Good (the last such row of the
// rep, in input order), NaN where a rep has none; nil when no rep has one.
func (g *Group) Values(metric string, where func(phase string, step int) bool) []float64 {
	out, _ := g.values(metric, where)
	return out
}

// values is Values, and the phase of the last row it read ("" when none).
func (g *Group) values(metric string, where func(phase string, step int) bool) (out []float64, phase string) {
	for _, r := range g.rows {
		if r.metric != metric || !where(r.phase, r.step) {
			continue
		}
		if out == nil {
			out = make([]float64, len(g.Good))
			for i := range out {
				out[i] = math.NaN()
			}
		}
		out[r.sample] = r.value
		phase = r.phase
	}
	return out, phase
}

// Steps returns the steps of phase at which some good rep has metric, in
// order.
func (g *Group) Steps(phase, metric string) []int {
	var out []int
	for _, r := range g.rows {
		if r.phase == phase && r.metric == metric && !slices.Contains(out, r.step) {
			out = append(out, r.step)
		}
	}
	slices.Sort(out)
	return out
}

// AtKeyEnd returns metric's values at the key phase's last step.
func (g *Group) AtKeyEnd(metric string) []float64 {
	return g.Values(metric, func(phase string, step int) bool { return phase == g.KeyPhase && step == g.LastStep })
}

// Kinds returns the phases of v.Kinds in which some good rep of g has
// rows, in the order of v.Kinds: the kinds of op of its workload that
// have figures of their own (none outside a trace replay).
func (g *Group) Kinds(v Vocab) []string {
	var out []string
	for _, k := range v.Kinds {
		if slices.ContainsFunc(g.rows, func(r row) bool { return r.phase == k }) {
			out = append(out, k)
		}
	}
	return out
}

// OfKind returns metric's values in kind, one of the Vocab's Kinds: one
// per good rep in the order of Good (NaN where a rep has none), nil when
// no rep has one. A kind's rows have one step (0); the last row of a rep
// wins, as in Values.
func (g *Group) OfKind(kind, metric string) []float64 {
	return g.Values(metric, func(phase string, _ int) bool { return phase == kind })
}

// Notes returns the distinct notes of the good reps' rows of metric in
// phase, in input order: what the measurement said about those values
// (a kind's ns_per_op: what share of its ops the timed blocks hold).
func (g *Group) Notes(phase, metric string) []string {
	var out []string
	for _, r := range g.rows {
		if r.phase == phase && r.metric == metric && r.note != "" && !slices.Contains(out, r.note) {
			out = append(out, r.note)
		}
	}
	return out
}

// From says where a figure is read.
type From int

const (
	// KeyEnd is the key phase's last step; footprint_drift is read from the
	// cycle phase as well (the cycles scenario compares cycles there).
	KeyEnd From = iota
	// Full is the fill phase's first step: the map when full.
	Full
)

// Figure returns metric's values read from where the scenario answers its
// question (see From), one per good rep (NaN where a rep lacks it), and the
// phase they were read from (of the last row read; "" when none).
func (g *Group) Figure(metric string, from From, v Vocab) (values []float64, phase string) {
	if from == Full {
		return g.values(metric, func(phase string, step int) bool { return phase == v.Fill && step == 0 })
	}
	return g.values(metric, func(phase string, step int) bool {
		return metric == results.MetricFootprintDrift && phase == v.Cycle && v.Cycle != "" ||
			phase == g.KeyPhase && step == g.LastStep
	})
}

// Set is the grouping of some rows.
type Set struct {
	Columns []Column // distinct labels, in input order, each with its Diff
	Common  []KV     // the label pairs every column shares
	Groups  []*Group // in the order of their first row
	// Impls are the implementations present: registry order, then the
	// ones the registry does not know, sorted by name.
	Impls []string
	Rows  int
	Runs  int
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

// labelFields are the identity fields that label a column: all but the
// table's and the line's.
func labelFields() []field {
	return slices.DeleteFunc(identityFields(), func(f field) bool {
		return slices.Contains(tableFields, f.name) || slices.Contains(lineFields, f.name)
	})
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

// runConfigSkip are the run_config keys that do not label a column: the
// lists of what was run (a run of fewer impls measures the same cells; the
// toolchains of -go, each row's own being its go_version) and the
// settings that are columns already.
var runConfigSkip = map[string]bool{"impls": true, "scenarios": true, "shapes": true, "n": true, "reps": true,
	"presize": true, "seed": true, "gc-percent": true, "live-heap": true, "gomaxprocs": true, "go": true}

// optionalLabels are the identity fields that label a column only when
// some row of the input holds a value other than their zero: rows written
// before the field existed hold its zero (other_heap: files of schema v1
// and v2), so an input without one labels its columns as before.
var optionalLabels = map[string]bool{"OtherHeap": true}

// labelFormats write the label values that read badly as plain integers,
// each one to one, so that two values never label alike.
var labelFormats = map[string]func(reflect.Value) string{
	"OtherHeap": func(v reflect.Value) string { return results.FormatSize(int(v.Int())) },
}

// labelValue is the label value of field f of r.
func labelValue(f field, r *results.Record) string {
	v := reflect.ValueOf(r).Elem().FieldByIndex(f.index)
	if format, ok := labelFormats[f.name]; ok {
		return format(v)
	}
	return fmt.Sprint(v.Interface())
}

// usedLabelFields are fields less the optional ones that are zero in every
// row of recs.
func usedLabelFields(fields []field, recs []results.Record) []field {
	return slices.DeleteFunc(fields, func(f field) bool {
		if !optionalLabels[f.name] {
			return false
		}
		for i := range recs {
			if !reflect.ValueOf(&recs[i]).Elem().FieldByIndex(f.index).IsZero() {
				return false
			}
		}
		return true
	})
}

// runSettings are the column-labelling settings of each run's run_config
// note.
func runSettings(recs []results.Record) (map[string][]KV, error) {
	out := map[string][]KV{}
	for i := range recs {
		r := &recs[i]
		if r.Metric != results.MetricRunConfig {
			continue
		}
		if _, ok := out[r.RunID]; ok {
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
		out[r.RunID] = kvs
	}
	return out, nil
}

// ColumnName is the name of the i-th column: "A" to "Z", then "C27", ...
func ColumnName(i int) string {
	if i < 26 {
		return string(rune('A' + i))
	}
	return "C" + strconv.Itoa(i+1)
}

type groupKey struct {
	table   TableKey
	impl    string
	version string
	column  int
}

// labeler gives each row its column: the distinct labels, in input order.
type labeler struct {
	fields   []field
	settings map[string][]KV // per run
	index    map[string]int
	columns  []Column
}

// column returns r's column, adding it when its label is new.
func (l *labeler) column(r *results.Record) int {
	var kvs []KV
	for _, f := range l.fields {
		kvs = append(kvs, KV{f.column, labelValue(f, r)})
	}
	if s, ok := l.settings[r.RunID]; ok {
		kvs = append(kvs, s...)
	} else {
		kvs = append(kvs, KV{results.MetricRunConfig, "not recorded"})
	}
	key := fmt.Sprint(kvs)
	i, ok := l.index[key]
	if !ok {
		i = len(l.columns)
		l.index[key] = i
		l.columns = append(l.columns, Column{Name: ColumnName(i), Label: kvs})
	}
	return i
}

// NotRecorded is a label key's value in a column whose rows do not record
// it (a file written before the setting was recorded).
const NotRecorded = "not recorded"

// diffLabels splits the columns' labels into the pairs all share and
// those that differ (each column's Diff).
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
		return NotRecorded
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
			common = append(common, KV{Key: k, Value: get(cols[0], k)})
			continue
		}
		for i := range cols {
			cols[i].Diff = append(cols[i].Diff, KV{Key: k, Value: get(cols[i], k)})
		}
	}
	return cols, common
}

// DiffKeys is what sets the columns apart: the keys of their Diff,
// space-separated ("go_version", "host go_version"); "" with one column.
func (s *Set) DiffKeys() string {
	if len(s.Columns) < 2 {
		return ""
	}
	var keys []string
	for _, kv := range s.Columns[0].Diff {
		keys = append(keys, kv.Key)
	}
	return strings.Join(keys, " ")
}

// Short is what sets the column apart, its name beside the others': the
// one Diff value alone ("go1.27.3"), or with several each as key=value
// ("gc_percent=100 other_heap=256MiB"), since bare values ("100 256MiB")
// do not say what they are; "" when nothing differs.
func (c Column) Short() string {
	if len(c.Diff) == 1 {
		return c.Diff[0].Value
	}
	return Pairs(c.Diff, " ")
}

// Pairs writes kvs as key=value pairs joined by sep ("gc_percent=100
// other_heap=256MiB"): how every output writes a label.
func Pairs(kvs []KV, sep string) string {
	parts := make([]string, len(kvs))
	for i, kv := range kvs {
		parts[i] = kv.Key + "=" + kv.Value
	}
	return strings.Join(parts, sep)
}

// reps are what the first pass learns of a group's reps.
type reps struct {
	failed  map[Sample]string // why
	samples map[Sample]bool
}

// Build groups recs, in steps: every row to its cell (noting failed reps
// and the key phase's last step), the implementations in registry order,
// the line names, then each cell's good reps and their values. A
// run_config note that does not parse is an error.
func Build(recs []results.Record, v Vocab) (*Set, error) {
	settings, err := runSettings(recs)
	if err != nil {
		return nil, err
	}
	lab := &labeler{fields: usedLabelFields(labelFields(), recs), settings: settings, index: map[string]int{}}
	set := &Set{Rows: len(recs)}
	seen := set.group(recs, v, lab)
	set.Columns, set.Common = diffLabels(lab.columns)
	set.nameLines()
	for _, g := range set.Groups {
		g.keepGood(seen[g], recs)
	}
	return set, nil
}

// group puts every row of recs in its cell (set.Groups, in the order of
// their first rows), with the failed-rep rule and the key phase's last
// step, and sets Runs and Impls.
func (set *Set) group(recs []results.Record, v Vocab, lab *labeler) map[*Group]*reps {
	byKey := map[groupKey]*Group{}
	seen := map[*Group]*reps{}
	runs := map[string]bool{}
	present := map[string]bool{}
	for i := range recs {
		r := &recs[i]
		runs[r.RunID] = true
		present[r.Impl] = true
		version := r.ImplVersion
		if version == r.GoVersion {
			version = ""
		}
		k := groupKey{tableKeyOf(r), r.Impl, version, lab.column(r)}
		g := byKey[k]
		if g == nil {
			g = &Group{TableKey: k.table, Impl: r.Impl, ImplVersion: r.ImplVersion, Version: version, Column: k.column,
				KeyPhase: v.Key(r.Scenario)}
			byKey[k] = g
			seen[g] = &reps{failed: map[Sample]string{}, samples: map[Sample]bool{}}
			set.Groups = append(set.Groups, g)
		}
		id := Sample{r.RunID, r.Rep}
		seen[g].samples[id] = true
		g.Rows = append(g.Rows, i)
		// cell_failed says more than checksum_ok: it wins.
		if why, bad := Failure(r); bad {
			if _, was := seen[g].failed[id]; !was || r.Metric == results.MetricCellFailed {
				seen[g].failed[id] = why
			}
		}
		if r.Phase == g.KeyPhase && r.Step > g.LastStep {
			g.LastStep = r.Step
		}
	}
	set.Runs = len(runs)
	set.Impls = order(v.Impls, present)
	return seen
}

// nameLines names each group's line: the implementation, with its version
// when the input has several versions of it.
func (set *Set) nameLines() {
	versions := map[string]map[string]bool{}
	for _, g := range set.Groups {
		if versions[g.Impl] == nil {
			versions[g.Impl] = map[string]bool{}
		}
		versions[g.Impl][g.Version] = true
	}
	for _, g := range set.Groups {
		g.Line = g.Impl
		if len(versions[g.Impl]) > 1 && g.Version != "" {
			g.Line = g.Impl + "@" + g.Version
		}
	}
}

// keepGood splits g's reps into good and failed ones and keeps the good
// reps' values.
func (g *Group) keepGood(seen *reps, recs []results.Record) {
	g.Reps = len(seen.samples)
	for id := range seen.samples {
		if why, bad := seen.failed[id]; bad {
			g.Failed = append(g.Failed, FailedSample{id, why})
		} else {
			g.Good = append(g.Good, id)
		}
	}
	slices.SortFunc(g.Good, Sample.Compare)
	slices.SortFunc(g.Failed, func(a, b FailedSample) int { return a.Compare(b.Sample) })
	pos := map[Sample]int{}
	for i, id := range g.Good {
		pos[id] = i
	}
	for _, i := range g.Rows {
		r := &recs[i]
		if p, ok := pos[Sample{r.RunID, r.Rep}]; ok {
			g.rows = append(g.rows, row{p, r.Phase, r.Step, r.Metric, r.Value, r.Note})
		}
	}
}

// order returns the names of present in registry order, then the ones the
// registry does not know, sorted.
func order(registry []string, present map[string]bool) []string {
	var out, unknown []string
	for _, name := range registry {
		if present[name] {
			out = append(out, name)
		}
	}
	for name := range present {
		if !slices.Contains(registry, name) {
			unknown = append(unknown, name)
		}
	}
	slices.Sort(unknown)
	return append(out, unknown...)
}

// Table is the groups of one table, in line order: implementations in
// registry order (Set.Impls), then line name, then column.
type Table struct {
	TableKey
	Groups []*Group
}

// Lines are the table's line names, in order.
func (t *Table) Lines() []string {
	var out []string
	for _, g := range t.Groups {
		if !slices.Contains(out, g.Line) {
			out = append(out, g.Line)
		}
	}
	return out
}

// Kinds are the kinds of op (v.Kinds, in its order) some group of t has
// rows of ([Group.Kinds]): a trace replay's; none in other tables.
func (t *Table) Kinds(v Vocab) []string {
	has := map[string]bool{}
	for _, g := range t.Groups {
		for _, k := range g.Kinds(v) {
			has[k] = true
		}
	}
	var out []string
	for _, k := range v.Kinds {
		if has[k] {
			out = append(out, k)
		}
	}
	return out
}

// Columns are the columns holding t's groups (indices into Set.Columns),
// ascending: one when its cells were all measured under one label although
// the set has several (files of two sizes merged).
func (t *Table) Columns() []int {
	var out []int
	for _, g := range t.Groups {
		if !slices.Contains(out, g.Column) {
			out = append(out, g.Column)
		}
	}
	slices.Sort(out)
	return out
}

// Tables returns the set's tables in TableKey order.
func (s *Set) Tables() []Table {
	byKey := map[TableKey][]*Group{}
	var keys []TableKey
	for _, g := range s.Groups {
		if _, ok := byKey[g.TableKey]; !ok {
			keys = append(keys, g.TableKey)
		}
		byKey[g.TableKey] = append(byKey[g.TableKey], g)
	}
	slices.SortFunc(keys, TableKey.Compare)
	out := make([]Table, 0, len(keys))
	for _, k := range keys {
		gs := byKey[k]
		slices.SortStableFunc(gs, func(a, b *Group) int {
			return cmp.Or(cmp.Compare(slices.Index(s.Impls, a.Impl), slices.Index(s.Impls, b.Impl)), cmp.Compare(a.Line, b.Line),
				cmp.Compare(a.Column, b.Column))
		})
		out = append(out, Table{TableKey: k, Groups: gs})
	}
	return out
}

// Spread is a figure over the good reps of a cell: the median and the
// least and greatest value, and how many reps it is over (Median, Min and
// Max NaN when none).
type Spread struct {
	Median, Min, Max float64
	N                int
}

// Kind says how a metric's values vary from rep to rep, and so which
// median it has.
type Kind int

const (
	// Time values vary from rep to rep: their median is benchmath's
	// (AssumeNothing), the centre of its confidence interval.
	Time Kind = iota
	// Exact values (bytes, ratios, counts) are exact per rep: the plain
	// median (results.Median).
	Exact
)

// Confidence is the level of every confidence interval.
const Confidence = 0.95

// SpreadOf is the Spread of the values of xs that are not NaN, with the
// median of kind.
func SpreadOf(xs []float64, kind Kind) Spread {
	xs = Finite(xs)
	if len(xs) == 0 {
		return Spread{Median: math.NaN(), Min: math.NaN(), Max: math.NaN()}
	}
	s := Spread{Median: results.Median(xs), Min: slices.Min(xs), Max: slices.Max(xs), N: len(xs)}
	if kind == Time {
		s.Median = TimeSummary(NewSample(xs)).Center
	}
	return s
}

// NewSample is xs as a benchmath sample (sorted, in a new slice).
func NewSample(xs []float64) *benchmath.Sample {
	return benchmath.NewSample(slices.Clone(xs), &benchmath.DefaultThresholds)
}

// TimeSummary is the median of a time sample with its Confidence interval
// (benchmath.AssumeNothing).
func TimeSummary(s *benchmath.Sample) benchmath.Summary {
	return benchmath.AssumeNothing.Summary(s, Confidence)
}

// Disagree reports whether the reps of s disagree (results.RepsDisagree).
func (s Spread) Disagree() bool { return results.RepsDisagree(s.Min, s.Max, s.N) }

// Finite returns the values of xs that are not NaN (a rep that lacks a
// value), in a new slice.
func Finite(xs []float64) []float64 {
	return slices.DeleteFunc(slices.Clone(xs), math.IsNaN)
}
