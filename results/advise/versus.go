// The implementations of one workload side by side across the input's
// columns: Go versions, hosts, settings.

package advise

import (
	"fmt"
	"slices"
	"strings"

	"mapbench/results"
	"mapbench/results/cells"
	"mapbench/results/report"
)

// Versus compares each implementation of one table across the input's
// columns (package cells: Go versions, hosts, settings that differ): its
// figure on every criterion in each later column against its figure in
// the first column where it was measured. A figure changed only when it
// differs by the rule that names a winner: the report's test
// (report.Differ) and beyond the reps' spread. It answers "which Go
// version?" for each map, beside the per-column workloads' "which map?".
type Versus struct {
	Table      int      `json:"table"` // index into report.Report.Tables
	Scenario   string   `json:"scenario"`
	Shape      string   `json:"shape"`
	N          int      `json:"n"`
	Presize    bool     `json:"presize"`
	Goroutines int      `json:"goroutines"`
	Title      string   `json:"title"` // the workloads' title, without their column
	Keys       string   `json:"keys"`  // what differs between the columns: "go_version"
	Changes    []Change `json:"changes"`
	// Same counts the figures compared that did not change; Untested
	// names the criteria with too few reps for the U test, per reason.
	Same     int      `json:"same"`
	Untested []string `json:"untested,omitempty"`
	// Failed names the cells left out (a failed rep).
	Failed []string `json:"failed,omitempty"`
}

// Change is one figure that differs clearly between two columns.
type Change struct {
	Impl      string `json:"impl"`
	Criterion string `json:"criterion"` // Criterion.Name
	Label     string `json:"label"`
	Column    string `json:"column"`  // the column's distinguishing values: "go1.27.3"
	Against   string `json:"against"` // the first column's: "go1.26.8"
	Text      string `json:"text"`    // "drift 1.66 against 1.57: +5.73%, worse"
	Better    bool   `json:"better"`  // the change is for the better
}

// Line says c in a sentence: "native drift go1.27.3 1.66 against
// go1.26.8 1.57: +5.73%, worse".
func (c Change) Line() string { return c.Impl + " " + c.Text }

// versus compares the cells of table t of rep across its columns; ok is
// false when the table's cells are in one column (other tables may be in
// others: files of two sizes merged) or no implementation has cells in
// two of them.
func versus(rep *report.Report, ti int, v cells.Vocab) (vs Versus, ok bool) {
	t := &rep.Tables[ti]
	if len(t.Cols) < 2 {
		return vs, false
	}
	vs = Versus{Table: ti, Scenario: t.Scenario, Shape: t.Shape, N: t.N, Presize: t.Presize, Goroutines: t.Goroutines}
	vs.Title = (&Workload{Scenario: t.Scenario, Shape: t.Shape, N: t.N, Presize: t.Presize, Goroutines: t.Goroutines}).Title()
	var keys []string
	for _, kv := range rep.Columns[0].Diff {
		keys = append(keys, kv.Key)
	}
	vs.Keys = strings.Join(keys, " ")
	var reasons []string              // why criteria were not tested, in first-seen order
	untested := map[string][]string{} // reason → criterion labels
	for _, impl := range t.Impls {
		byCol := map[int]*cells.Group{}
		for _, ls := range t.Groups {
			if ls.Impl == impl {
				byCol[ls.Column] = ls.Cell
			}
		}
		first := -1
		for c := range rep.Columns {
			g := byCol[c]
			if g == nil {
				continue
			}
			if len(g.Failed) > 0 {
				vs.Failed = append(vs.Failed, fmt.Sprintf("%s %s: a failed rep, not compared", impl, rep.Columns[c].Short()))
				continue
			}
			if first < 0 {
				first = c
				continue
			}
			for _, cr := range Criteria {
				a, b := valuesOf(cr, byCol[first], v), valuesOf(cr, g, v)
				if len(a) == 0 || len(b) == 0 {
					continue
				}
				sa, sb := cells.SpreadOf(a, cr.Kind), cells.SpreadOf(b, cr.Kind)
				if cr.Kind == cells.Time && !testable(sa.N, sb.N) && !(sa.Min == sa.Max && sa.Min == sb.Min && sb.Min == sb.Max) {
					why := fmt.Sprintf("%s against %s", repsStr(sb.N), repsStr(sa.N))
					if sa.N == sb.N {
						why = repsStr(sa.N) + " per cell"
					}
					if _, seen := untested[why]; !seen {
						reasons = append(reasons, why)
					}
					if !slices.Contains(untested[why], cr.Label) {
						untested[why] = append(untested[why], cr.Label)
					}
					continue
				}
				cm := report.Differ(cr.spec(), a, b)
				apart := sa.Max < sb.Min || sb.Max < sa.Min
				if !cm.Significant || !apart {
					vs.Same++
					continue
				}
				better := float64(cr.better())*(sb.Median-sa.Median) > 0
				word := "worse"
				if better {
					word = "better"
				}
				col, against := rep.Columns[c].Short(), rep.Columns[first].Short()
				vs.Changes = append(vs.Changes, Change{Impl: impl, Criterion: cr.Name, Label: cr.Label, Column: col, Against: against, Better: better,
					Text: fmt.Sprintf("%s %s %s against %s %s: %s, %s", cr.Label, col, figure(sb, cr.Unit()), against, figure(sa, cr.Unit()),
						results.FormatChange(sa.Median, sb.Median), word)})
			}
		}
	}
	for _, why := range reasons {
		vs.Untested = append(vs.Untested, fmt.Sprintf("%s: %s, and the U test needs ≥ %d (run with -reps ≥ %d)",
			strings.Join(untested[why], ", "), why, TestReps, TestReps))
	}
	if len(vs.Changes) == 0 && vs.Same == 0 && len(vs.Untested) == 0 && len(vs.Failed) == 0 {
		return vs, false // no implementation has cells in two columns: nothing to compare
	}
	return vs, true
}

// Summary is vs in one line, for the run's summary: at most most of its
// changes (how many more, after them), then how many figures did not
// change and which criteria were not tested.
func (vs *Versus) Summary(most int) string {
	var parts []string
	for i, c := range vs.Changes {
		if i == most {
			parts = append(parts, fmt.Sprintf("%d more (mapbench advise lists them)", len(vs.Changes)-most))
			break
		}
		parts = append(parts, c.Line())
	}
	other := "other "
	if len(vs.Changes) == 0 {
		other = ""
	}
	parts = append(parts, fmt.Sprintf("no %sfigure differs clearly (%d compared)", other, vs.Same))
	if len(vs.Untested) > 0 {
		var labels []string
		for _, u := range vs.Untested {
			l, _, _ := strings.Cut(u, ": ")
			labels = append(labels, l)
		}
		parts = append(parts, "not tested (too few reps): "+strings.Join(labels, ", "))
	}
	return vs.Keys + " side by side: " + strings.Join(parts, "; ")
}
