// Package advise answers "which map?" from results files: for each
// workload (one table of package report: scenario × shape × n × presize ×
// G, in one column: host, Go version, settings) it ranks the
// implementations on each criterion ([Criteria]) and names a winner only
// when the leader is better than the runner-up by the report's test
// (report.Differ: the U test for times, the change of the medians for
// exact values) AND beyond the reps' spread (the leader's worst rep better
// than the runner-up's best). Otherwise the criterion has no clear winner,
// and the advice gives the figures and why. A time criterion whose cells
// have too few reps for the U test to call any difference (3 against 3:
// its smallest p is 0.1) is not ranked at all, which is not a tie; when
// only some cells have too few, they are left out of the ranks and named
// (see testable). A cell with a failed rep is
// never ranked; what the data cannot answer (a failed cell, a criterion
// not measured, too few reps for the test) is said, not guessed.
//
// Every figure is one the tool measured, formatted by results.Format, a
// median with its min–max over reps. The advice says nothing about a
// map's internals.
//
// Its formats are text, markdown, JSON, and the scorecard (an
// implementation × criterion table per workload, coloured by rank) as a
// page of its own or at the top of the report's HTML page (package report
// draws it: [Advice.Scorecard]).
package advise

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"mapbench/results"
	"mapbench/results/cells"
	"mapbench/results/report"
)

// Preferences are -prefer's values: the criterion groups an overall pick
// can favour, in order.
var Preferences = []string{"memory", "latency", "throughput", "gc"}

// Criterion is one question implementations are ranked on: one metric,
// read where package cells reads it.
type Criterion struct {
	Name   string // short and stable: JSON, CSS data attributes
	Label  string // column title
	Metric string
	Full   bool // read when the map is full (the fill's first step), not at the key phase's end
	Kind   cells.Kind
	PerOp  bool   // divided by the phase's ops, rep by rep
	Group  string // one of Preferences
	// OfKind, when set, names the kind of op (one of cells.Vocab.Kinds)
	// whose own rows the figure is read from, not the key phase's: a
	// trace replay's deletes. A workload without rows of that kind (every
	// scenario's) does not have the criterion.
	OfKind func(v cells.Vocab) string
	// Always: every scenario's key phase has the metric, so a workload
	// without it cannot answer the criterion (the others belong to some
	// scenarios only: retained_ratio to deletes, reuse to refills).
	Always bool
}

// The criteria the verdict says together: the heap kept, with its share
// of the full heap beside it.
const (
	heapAfter = "heap-after"
	afterFull = "after-full"
)

// Criteria are the criteria, in the order every format shows them; the
// first of each Group present in a workload is its headline.
var Criteria = []Criterion{
	{Name: heapAfter, Label: "heap after", Metric: results.MetricLiveHeap, Kind: cells.Exact, Group: "memory", Always: true},
	{Name: afterFull, Label: "after/full", Metric: results.MetricRetainedRatio, Kind: cells.Exact, Group: "memory"},
	{Name: "drift", Label: "drift", Metric: results.MetricFootprintDrift, Kind: cells.Exact, Group: "memory"},
	{Name: "reuse", Label: "reuse", Metric: results.MetricReuseRatio, Kind: cells.Exact, Group: "memory"},
	{Name: "bytes-per-entry", Label: "B/entry full", Metric: results.MetricBytesPerEntry, Full: true, Kind: cells.Exact, Group: "memory", Always: true},
	// ops/s first: the headline of throughput where it is measured (the
	// concurrent scenarios, whose writers run at once).
	{Name: "ops-per-sec", Label: "ops/s", Metric: results.MetricOpsPerSec, Kind: cells.Time, Group: "throughput"},
	{Name: "time", Label: "time/op", Metric: results.MetricNsPerOp, Kind: cells.Time, Group: "throughput", Always: true},
	// A trace replay's deletes first: the headline of latency where a
	// replayed program deletes (what mapbench is about); the replay's p99
	// is of every op, gets and puts too.
	{Name: "delete-p99", Label: "delete p99", Metric: results.MetricLatencyP99, Kind: cells.Time, Group: "latency",
		OfKind: func(v cells.Vocab) string { return v.Delete }},
	{Name: "p99", Label: "p99", Metric: results.MetricLatencyP99, Kind: cells.Time, Group: "latency", Always: true},
	{Name: "max", Label: "max latency", Metric: results.MetricLatencyMax, Kind: cells.Time, Group: "latency", Always: true},
	{Name: "read-p99", Label: "read p99", Metric: results.MetricReadLatencyP99, Kind: cells.Time, Group: "latency"},
	{Name: "gc-cycles", Label: "GCs", Metric: results.MetricGCCycles, Kind: cells.Exact, Group: "gc", Always: true},
	{Name: "gc-assist", Label: "GC assist/op", Metric: results.MetricGCAssistCPU, Kind: cells.Time, PerOp: true, Group: "gc", Always: true},
}

// spec is c as the report's statistics know a metric.
func (c Criterion) spec() report.MetricSpec {
	return report.MetricSpec{Metric: c.Metric, FillOnly: c.Full, Kind: c.Kind, Label: c.Label}
}

// Unit is the unit of c's values, from the metric table.
func (c Criterion) Unit() string { return results.MetricUnit(c.Metric) }

// better is -1 when lower values are better, +1 when higher are.
func (c Criterion) better() int { return c.spec().Better() }

// Options are Build's choices.
type Options struct {
	// Prefer is one of Preferences, or "" for no overall pick.
	Prefer string
}

// Advice is the answer for every workload of the input.
type Advice struct {
	Prefer    string     `json:"prefer,omitempty"`
	Common    []cells.KV `json:"common"`    // label pairs every workload shares
	Columns   int        `json:"columns"`   // distinct labels: more than one when hosts, Go versions or settings differ
	Workloads []Workload `json:"workloads"` //
	// Versus compares, per table, each implementation across the columns
	// (the input has several: Go versions, hosts, settings), in table
	// order.
	Versus   []Versus `json:"versus,omitempty"`
	Rows     int      `json:"rows"`               // rows read
	Runs     int      `json:"runs"`               // runs read
	Criteria []string `json:"criteria,omitempty"` // the criteria's names, in order
}

// Workload is one table of the report in one column, with its answers.
type Workload struct {
	Table      int        `json:"table"` // index into report.Report.Tables
	Scenario   string     `json:"scenario"`
	Shape      string     `json:"shape"`
	N          int        `json:"n"`
	Presize    bool       `json:"presize"`
	Goroutines int        `json:"goroutines"`
	Column     string     `json:"column,omitempty"` // "A", "B", ... when the input has several
	Label      []cells.KV `json:"label,omitempty"`  // what sets the column apart
	KeyPhase   string     `json:"key_phase"`
	Impls      []string   `json:"impls"`
	Rankings   []Ranking  `json:"rankings"`
	Failed     []string   `json:"failed,omitempty"` // cells not ranked, and why
	// Unanswered says what the data cannot answer.
	Unanswered []string `json:"unanswered,omitempty"`
	Verdict    []string `json:"verdict"` // at most three lines
	Pick       *Pick    `json:"pick,omitempty"`

	failedImpls []string
}

// Title names the workload as the report's tables do: "drain shape=u64
// n=65536", with G=g when g > 1, "presized", and the column.
func (w *Workload) Title() string {
	s := fmt.Sprintf("%s shape=%s n=%d", w.Scenario, w.Shape, w.N)
	if w.Goroutines > 1 {
		s += fmt.Sprintf(" G=%d", w.Goroutines)
	}
	if w.Presize {
		s += " presized"
	}
	if w.Column != "" {
		s += " column " + w.Column
	}
	return s
}

// Ranking is one criterion of one workload: the ranked cells, best first.
type Ranking struct {
	Criterion string  `json:"criterion"` // Criterion.Name
	Label     string  `json:"label"`
	Unit      string  `json:"unit"`
	Better    string  `json:"better"` // "lower" or "higher"
	Entries   []Entry `json:"entries"`
	// Winner is the leader when it beats the runner-up by the test and
	// beyond the spread; "" otherwise, and Why says why not.
	Winner   string `json:"winner,omitempty"`
	RunnerUp string `json:"runner_up,omitempty"`
	Why      string `json:"why,omitempty"`
	// Ranked is false when the test can call no difference between any
	// two cells (too few reps): the entries are then in median order with
	// no rank, and Reason says why.
	Ranked bool   `json:"ranked"`
	Reason string `json:"reason,omitempty"`
	// Unranked are the cells left out of the ranks of a ranked criterion:
	// too few reps for the test against the others (Entry.Ranked false).
	Unranked []string `json:"unranked,omitempty"`
	Missing  []string `json:"missing,omitempty"` // implementations with no value
	crit     Criterion
	kind     string // the kind of op the figures are of (Criterion.OfKind), or ""
}

// Entry is one cell's figure on one criterion.
type Entry struct {
	Impl string `json:"impl"`
	// Rank is 1 for the best; cells within noise of the first of their
	// group share its rank (Tied). It is 0 when the cell is not ranked
	// (Ranked false: too few reps for the test).
	Rank   int       `json:"rank"`
	Tied   bool      `json:"tied"`
	Ranked bool      `json:"ranked"`
	Median float64   `json:"median"`
	Min    float64   `json:"min"`
	Max    float64   `json:"max"`
	Reps   int       `json:"reps"`
	Text   string    `json:"text"` // median (min–max), formatted
	values []float64 // one per good rep
}

// Pick is the overall choice for a -prefer.
type Pick struct {
	Prefer    string `json:"prefer"`
	Criterion string `json:"criterion"` // the label decided on
	Impl      string `json:"impl,omitempty"`
	RunnerUp  string `json:"runner_up,omitempty"`
	Text      string `json:"text"`
}

// Build computes the advice on recs: the report's grouping and tables
// (report.Build), then FromReport.
func Build(recs []results.Record, v cells.Vocab, opt Options) (*Advice, error) {
	rep, err := report.Build(recs, v, report.Options{})
	if err != nil {
		return nil, err
	}
	return FromReport(rep, v, opt)
}

// PreferError is an unknown -prefer.
type PreferError struct{ Prefer string }

func (e *PreferError) Error() string {
	return fmt.Sprintf("%q is not one of %s", e.Prefer, strings.Join(Preferences, ", "))
}

// FromReport computes the advice on the tables of rep, workload by
// workload: one per table and column, in the report's order.
func FromReport(rep *report.Report, v cells.Vocab, opt Options) (*Advice, error) {
	if opt.Prefer != "" && !slices.Contains(Preferences, opt.Prefer) {
		return nil, &PreferError{opt.Prefer}
	}
	a := &Advice{Prefer: opt.Prefer, Common: rep.Common, Columns: len(rep.Columns), Rows: rep.Rows, Runs: rep.Runs}
	for _, c := range Criteria {
		a.Criteria = append(a.Criteria, c.Name)
	}
	for i := range rep.Tables {
		t := &rep.Tables[i]
		for c := range rep.Columns {
			var gs []*cells.Group
			for _, ls := range t.Groups {
				if ls.Column == c {
					gs = append(gs, ls.Cell)
				}
			}
			if len(gs) == 0 {
				continue
			}
			w := Workload{Table: i, Scenario: t.Scenario, Shape: t.Shape, N: t.N, Presize: t.Presize, Goroutines: t.Goroutines,
				KeyPhase: t.KeyPhase}
			if len(rep.Columns) > 1 {
				// The label says where the cells were measured; the
				// column's name only tells apart the workloads of a
				// table measured in several columns.
				w.Label = rep.Columns[c].Diff
				if len(t.Cols) > 1 {
					w.Column = rep.Columns[c].Name
				}
			}
			w.build(gs, v, opt.Prefer)
			a.Workloads = append(a.Workloads, w)
		}
		if vs, ok := versus(rep, i, v); ok {
			a.Versus = append(a.Versus, vs)
		}
	}
	return a, nil
}

// build ranks the cells gs of w on every criterion and writes the verdict.
func (w *Workload) build(gs []*cells.Group, v cells.Vocab, prefer string) {
	var ok []*cells.Group
	for _, g := range gs {
		w.Impls = append(w.Impls, g.Line)
		if len(g.Failed) == 0 {
			ok = append(ok, g)
			continue
		}
		w.failedImpls = append(w.failedImpls, g.Line)
		var why []string
		for _, f := range g.Failed {
			why = append(why, fmt.Sprintf("rep %d: %s", f.Rep, f.Why))
		}
		w.Failed = append(w.Failed, fmt.Sprintf("%s failed its checks (%s): not ranked", g.Line, strings.Join(why, "; ")))
	}
	warned := map[string][]string{}   // benchmath's warnings, by criterion label
	untested := map[string][]string{} // criteria not ranked, by reason
	partly := map[string][]string{}   // criteria with cells not ranked, by those cells
	for _, c := range Criteria {
		r, measured := rank(c, ok, v)
		switch {
		case !measured && c.Always:
			w.Unanswered = append(w.Unanswered, c.Label+": not measured in this workload")
		case !measured:
		case len(r.Entries) < 2:
			w.Unanswered = append(w.Unanswered, fmt.Sprintf("%s: fewer than two implementations measured, nothing to rank", c.Label))
			w.Rankings = append(w.Rankings, r.Ranking)
		default:
			w.Rankings = append(w.Rankings, r.Ranking)
		}
		if measured && !r.Ranked && r.Reason != "" {
			untested[r.Reason] = append(untested[r.Reason], c.Label)
		}
		if measured && len(r.Unranked) > 0 {
			k := r.unrankedStr()
			partly[k] = append(partly[k], c.Label)
		}
		if measured && len(r.Missing) > 0 {
			w.Unanswered = append(w.Unanswered, fmt.Sprintf("%s: no measurement for %s", c.Label, strings.Join(r.Missing, ", ")))
		}
		for _, warn := range r.warnings {
			if !slices.Contains(warned[warn], c.Label) {
				warned[warn] = append(warned[warn], c.Label)
			}
		}
	}
	var single []string
	for _, r := range w.Rankings {
		if r.crit.Kind == cells.Exact && slices.ContainsFunc(r.Entries, func(e Entry) bool { return e.Reps < 2 }) {
			single = append(single, r.Label)
		}
	}
	if len(single) > 0 {
		w.Unanswered = append(w.Unanswered, fmt.Sprintf("%s: some cells have one good rep, so their spread (the noise) is unknown; "+
			"their ranks take the figures as they are", strings.Join(single, ", ")))
	}
	var nr []string
	for reason, labels := range untested {
		nr = append(nr, fmt.Sprintf("%s: not ranked, %s (run with -reps ≥ %d)", strings.Join(labels, ", "), reason, TestReps))
	}
	for impls, labels := range partly {
		nr = append(nr, fmt.Sprintf("%s: %s not ranked: too few reps for the U test against the other cells (run with -reps ≥ %d)",
			strings.Join(labels, ", "), impls, TestReps))
	}
	slices.Sort(nr)
	w.Unanswered = append(w.Unanswered, nr...)
	var warns []string
	for warn, labels := range warned {
		warns = append(warns, fmt.Sprintf("%s: %s (benchmath), so no difference between them can be significant", strings.Join(labels, ", "), warn))
	}
	slices.Sort(warns)
	w.Unanswered = append(w.Unanswered, warns...)
	w.Verdict = w.verdict()
	if prefer != "" {
		w.Pick = w.pick(prefer)
	}
}

// rankedRanking carries benchmath's warnings beside a Ranking.
type rankedRanking struct {
	Ranking
	warnings []string
}

// rank ranks the cells gs on c; measured is false when no cell has a value.
func rank(c Criterion, gs []*cells.Group, v cells.Vocab) (rankedRanking, bool) {
	r := rankedRanking{Ranking: Ranking{Criterion: c.Name, Label: c.Label, Unit: c.Unit(), crit: c}}
	if c.OfKind != nil {
		if r.kind = c.OfKind(v); r.kind == "" {
			return r, false // the vocabulary has no such kind
		}
	}
	r.Better = results.BetterLower.String()
	if c.better() > 0 {
		r.Better = results.BetterHigher.String()
	}
	for _, g := range gs {
		vals := valuesOf(c, g, v)
		if len(vals) == 0 {
			r.Missing = append(r.Missing, g.Line)
			continue
		}
		s := cells.SpreadOf(vals, c.Kind)
		r.Entries = append(r.Entries, Entry{Impl: g.Line, Median: s.Median, Min: s.Min, Max: s.Max, Reps: s.N,
			Text: figure(s, c.Unit()), values: vals})
	}
	if len(r.Entries) == 0 {
		return r, false
	}
	dir := float64(-c.better())
	slices.SortStableFunc(r.Entries, func(a, b Entry) int { return cmp.Compare(dir*a.Median, dir*b.Median) })
	if c.Kind == cells.Time && !allEqual(r.Entries) {
		if !r.setRanked() {
			return r, true
		}
	} else {
		for i := range r.Entries {
			r.Entries[i].Ranked = true
		}
	}
	r.Ranked = true
	// The ranked cells first, each part in median order.
	slices.SortStableFunc(r.Entries, func(a, b Entry) int {
		if a.Ranked != b.Ranked {
			if a.Ranked {
				return -1
			}
			return 1
		}
		return 0
	})
	n := len(r.Entries) - len(r.Unranked)
	// Tiers: a cell joins the tier of the one before it unless the tier's
	// first cell beats it clearly.
	head := 0
	r.Entries[0].Rank = 1
	for i := 1; i < n; i++ {
		clear, why, warns := beats(c, r.Entries[head], r.Entries[i])
		if r.Entries[head].Median == r.Entries[i].Median {
			warns = nil // equal figures tie; no test could say otherwise
		}
		for _, w := range warns {
			if !slices.Contains(r.warnings, w) {
				r.warnings = append(r.warnings, w)
			}
		}
		if i == 1 {
			r.RunnerUp = r.Entries[1].Impl
			switch {
			case clear && len(r.Unranked) > 0:
				r.Why = fmt.Sprintf("%s %s beats %s %s clearly, but %s could not be tested against it",
					r.Entries[0].Impl, r.Entries[0].Text, r.Entries[1].Impl, r.Entries[1].Text, r.unrankedStr())
			case clear:
				r.Winner = r.Entries[0].Impl
			default:
				r.Why = why
			}
		}
		if clear {
			head = i
			r.Entries[i].Rank = r.Entries[i-1].Rank + 1
		} else {
			r.Entries[i].Rank = r.Entries[head].Rank
			r.Entries[i].Tied, r.Entries[head].Tied = true, true
		}
	}
	return r, true
}

// setRanked marks the entries of a time criterion (in median order) that
// the U test can rank: those that, by their number of reps, it can call
// different from every other ranked one at report.Alpha (testable). While
// the two cells with the fewest reps cannot be told apart, every cell with
// that fewest number is left out (named in Unranked, in median order), so
// that a cell is never left out for its place in the order. When fewer
// than two cells remain, nothing is ranked: r.Ranked stays false, every
// entry unranked, and Reason says why. It reports whether r is ranked.
func (r *rankedRanking) setRanked() bool {
	if len(r.Entries) < 2 {
		for i := range r.Entries {
			r.Entries[i].Ranked = true
		}
		return true
	}
	reps := make([]int, 0, len(r.Entries))
	for _, e := range r.Entries {
		reps = append(reps, e.Reps)
	}
	slices.Sort(reps)
	floor := 0 // cells with fewer reps are left out
	for i := 0; i+1 < len(reps); {
		if testable(reps[i], reps[i+1]) {
			break
		}
		floor = reps[i] + 1
		for i < len(reps) && reps[i] < floor {
			i++
		}
	}
	kept := 0
	for i := range r.Entries {
		r.Entries[i].Ranked = r.Entries[i].Reps >= floor
		if r.Entries[i].Ranked {
			kept++
		}
	}
	if kept >= 2 {
		for _, e := range r.Entries {
			if !e.Ranked {
				r.Unranked = append(r.Unranked, e.Impl)
			}
		}
		return true
	}
	for i := range r.Entries {
		r.Entries[i].Ranked = false
	}
	lo, hi := slices.Min(reps), slices.Max(reps)
	per := repsStr(lo) + " per cell"
	if lo != hi {
		per = fmt.Sprintf("%d–%d reps per cell", lo, hi)
	}
	r.Reason = fmt.Sprintf("%s and the U test needs ≥ %d to call a difference", per, TestReps)
	return false
}

// allEqual reports whether every rep of every entry has the same value:
// a tie no test is needed for.
func allEqual(es []Entry) bool {
	for _, e := range es {
		if e.Min != e.Max || e.Min != es[0].Min {
			return false
		}
	}
	return true
}

// unrankedStr names the cells not ranked with their reps: "syncmap (3
// reps), xsync (2 reps)".
func (r *Ranking) unrankedStr() string {
	var out []string
	for _, impl := range r.Unranked {
		if e := r.entry(impl); e != nil {
			out = append(out, fmt.Sprintf("%s (%s)", impl, repsStr(e.Reps)))
		}
	}
	return strings.Join(out, ", ")
}

// repsStr is "1 rep" or "n reps".
func repsStr(n int) string {
	if n == 1 {
		return "1 rep"
	}
	return fmt.Sprintf("%d reps", n)
}

// TestReps is the fewest reps per cell for which the U test can call two
// cells of as many reps different at report.Alpha (4 at 0.05).
var TestReps = func() int {
	n := 1
	for !testable(n, n) {
		n++
	}
	return n
}()

// testable reports whether the U test (two-sided) can call samples of n1
// and n2 values different at report.Alpha: its smallest p, for samples
// wholly apart with no ties, is 2/C(n1+n2, n1).
func testable(n1, n2 int) bool {
	if n1 < 1 || n2 < 1 {
		return false
	}
	c := 1.0 // C(n1+n2, n1), built up factor by factor
	for i := 1; i <= n1; i++ {
		c = c * float64(n2+i) / float64(i)
	}
	return 2/c <= report.Alpha
}

// valuesOf is c's values in cell g, one per good rep (reps without one
// left out).
func valuesOf(c Criterion, g *cells.Group, v cells.Vocab) []float64 {
	if c.OfKind != nil {
		if k := c.OfKind(v); k != "" {
			return cells.Finite(g.OfKind(k, c.Metric))
		}
		return nil
	}
	from := cells.KeyEnd
	if c.Full {
		from = cells.Full
	}
	vals, _ := g.Figure(c.Metric, from, v)
	if c.PerOp && vals != nil {
		ops, _ := g.Figure(results.MetricOps, from, v)
		for i := range vals {
			if i >= len(ops) || !(ops[i] > 0) {
				vals[i] = math.NaN()
				continue
			}
			vals[i] /= ops[i]
		}
	}
	return cells.Finite(vals)
}

// beats reports whether a beats b clearly on c: the report's test says
// they differ (report.Differ) and every rep of a is better than every rep
// of b. When not, why says which failed, with the figures.
func beats(c Criterion, a, b Entry) (clear bool, why string, warnings []string) {
	cm := report.Differ(c.spec(), a.values, b.values)
	warnings = cm.Warnings
	sep := a.Max < b.Min
	if c.better() > 0 {
		sep = a.Min > b.Max
	}
	switch {
	case !cm.Significant && c.Kind == cells.Time:
		return false, fmt.Sprintf("%s %s and %s %s do not differ significantly (U test p=%.3f, %d and %d reps)",
			a.Impl, a.Text, b.Impl, b.Text, cm.P, a.Reps, b.Reps), warnings
	case !cm.Significant:
		return false, fmt.Sprintf("%s and %s have the same median, %s", a.Impl, b.Impl, a.Text), warnings
	case !sep:
		return false, fmt.Sprintf("%s %s and %s %s: their reps overlap", a.Impl, a.Text, b.Impl, b.Text), warnings
	}
	return true, "", warnings
}

// figure writes a spread: the median, then min–max in the median's unit
// when the reps differ to three digits.
func figure(s cells.Spread, unit string) string {
	med, rng := figureParts(s, unit)
	if rng == "" {
		return med
	}
	return med + " " + rng
}

// figureParts is figure in two parts: the median, and "(min–max)" or "".
func figureParts(s cells.Spread, unit string) (median, rng string) {
	med := results.Format(s.Median, unit)
	if s.N < 2 {
		return med, ""
	}
	r := results.FormatRange(s.Min, s.Max, s.Median, unit)
	if r == "" {
		return med, ""
	}
	return med, "(" + r + ")"
}

// ranking returns w's ranking on the criterion named name, or nil.
func (w *Workload) ranking(name string) *Ranking {
	for i := range w.Rankings {
		if w.Rankings[i].Criterion == name {
			return &w.Rankings[i]
		}
	}
	return nil
}

// headline is the first criterion of group that w ranks (at least two
// cells), or nil.
func (w *Workload) headline(group string) *Ranking {
	for _, c := range Criteria {
		if c.Group != group {
			continue
		}
		if r := w.ranking(c.Name); r != nil && len(r.Entries) > 1 {
			return r
		}
	}
	return nil
}

// entry is impl's entry in r, or nil.
func (r *Ranking) entry(impl string) *Entry {
	for i := range r.Entries {
		if r.Entries[i].Impl == impl {
			return &r.Entries[i]
		}
	}
	return nil
}

// Sentence says r in one line: the winner ahead of the runner-up (and by
// how much), or no clear winner and why; then the last, when there are
// more than two.
func (r *Ranking) Sentence() string { return r.sentence(nil) }

// sentence is Sentence, with also(impl) after each figure of impl when
// also is not nil (a second figure of the same cell, e.g. its after/full).
func (r *Ranking) sentence(also func(impl string) string) string {
	if len(r.Entries) < 2 {
		return ""
	}
	fig := func(e Entry) string {
		s := e.Impl + " " + e.Text
		if also != nil {
			if a := also(e.Impl); a != "" {
				s += " [" + a + "]"
			}
		}
		return s
	}
	if !r.Ranked {
		// The entries are in median order; the ranks line lists them all.
		// A verdict line names the two ends only, as medians: no test
		// says the one is better than the other.
		best, worst := r.Entries[0], r.Entries[len(r.Entries)-1]
		return fmt.Sprintf("%s: not ranked, %s; best median %s, worst %s", r.Label, r.Reason, fig(best), fig(worst))
	}
	ranked := r.Entries[:len(r.Entries)-len(r.Unranked)]
	first, second, last := ranked[0], ranked[1], ranked[len(ranked)-1]
	var s string
	switch {
	case r.Winner != "":
		s = fmt.Sprintf("%s: %s, ahead of %s: %s", r.Label, fig(first), fig(second), results.FormatChange(first.Median, second.Median))
	case second.Rank > first.Rank: // a clear leader, but cells it was not tested against
		s = fmt.Sprintf("%s: no winner named: %s", r.Label, r.Why)
	default:
		var tied []string
		for _, e := range r.Entries {
			if e.Rank == 1 {
				tied = append(tied, e.Impl)
			}
		}
		s = fmt.Sprintf("%s: no clear winner among %s: %s", r.Label, strings.Join(tied, ", "), r.Why)
	}
	if len(ranked) > 2 && last.Rank > 1 {
		s += "; last " + fig(last)
	}
	if len(r.Unranked) > 0 {
		var figs []string
		for _, e := range r.Entries[len(ranked):] {
			figs = append(figs, fig(e))
		}
		s += "; not ranked (too few reps): " + strings.Join(figs, ", ")
	}
	return s
}

// verdict is at most three lines: the headline of memory, of speed
// (throughput) and of latency.
func (w *Workload) verdict() []string {
	var out []string
	for _, g := range []string{"memory", "throughput", "latency"} {
		r := w.headline(g)
		if r == nil {
			continue
		}
		var also func(string) string
		if ratio := w.ranking(afterFull); r.Criterion == heapAfter && ratio != nil {
			also = func(impl string) string {
				if e := ratio.entry(impl); e != nil {
					return ratio.Label + " " + e.Text
				}
				return ""
			}
		}
		out = append(out, r.sentence(also))
	}
	if len(out) == 0 {
		out = append(out, "nothing ranked: fewer than two implementations have figures here")
		if len(w.Failed) > 0 {
			out[0] += "; " + w.Failed[0]
		}
	}
	return out
}

// pick is the overall choice for prefer: the winner of its headline
// criterion, the runner-up, and how they compare on the other groups'
// headlines.
func (w *Workload) pick(prefer string) *Pick {
	r := w.headline(prefer)
	if r == nil {
		return &Pick{Prefer: prefer, Text: fmt.Sprintf("no pick for %s: this workload ranks no %s criterion", prefer, prefer)}
	}
	p := &Pick{Prefer: prefer, Criterion: r.Label, RunnerUp: r.RunnerUp}
	if r.Winner == "" {
		p.Text = fmt.Sprintf("no clear pick for %s: %s", prefer, r.Sentence())
		return p
	}
	p.Impl = r.Winner
	var trade []string
	for _, g := range Preferences {
		o := w.headline(g)
		if g == prefer || o == nil {
			continue
		}
		a, b := o.entry(p.Impl), o.entry(p.RunnerUp)
		if a == nil || b == nil {
			continue
		}
		ranks := fmt.Sprintf("rank %d against %d", a.Rank, b.Rank)
		if !a.Ranked || !b.Ranked {
			ranks = "not ranked: too few reps"
		}
		trade = append(trade, fmt.Sprintf("%s %s against %s (%s)", o.Label, a.Text, b.Text, ranks))
	}
	p.Text = fmt.Sprintf("pick %s for %s (%s %s); runner-up %s (%s)", p.Impl, prefer, r.Label, r.entry(p.Impl).Text,
		p.RunnerUp, r.entry(p.RunnerUp).Text)
	if len(trade) > 0 {
		p.Text += fmt.Sprintf("; %s against %s: %s", p.Impl, p.RunnerUp, strings.Join(trade, "; "))
	}
	return p
}
