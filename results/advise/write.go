// The formats of the advice: text, markdown, JSON and the scorecard.

package advise

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"mapbench/results/cells"
	"mapbench/results/report"
)

// Rule says in a few sentences when a winner is named.
var Rule = fmt.Sprintf("A winner is named on a criterion only when it is better than the runner-up by the report's test "+
	"(Mann-Whitney U test at alpha %.2f for times; different medians for bytes, ratios and counts) and beyond the reps' spread "+
	"(its worst rep better than the runner-up's best); otherwise \"no clear winner\". Ranks: 1 is best; \"=\" marks cells within noise "+
	"of each other, which share a rank. A time whose cells have too few reps for the U test to call any difference (it needs ≥ %d per cell) "+
	"is not ranked, which is not a tie. A cell with a failed rep is never ranked. Figures: median (min–max over reps).", report.Alpha, TestReps)

// ranksLine lists r's entries, best first: "1 syncmap 208 B, 2= xsync
// 3.05 KiB (2.98–3.10 KiB), ...".
func (r *Ranking) ranksLine() string {
	var parts []string
	for _, e := range r.Entries {
		if !e.Ranked {
			break
		}
		parts = append(parts, fmt.Sprintf("%s %s %s", rankStr(e), e.Impl, e.Text))
	}
	s := strings.Join(parts, ", ")
	var rest []string
	for _, e := range r.Entries[len(parts):] {
		rest = append(rest, e.Impl+" "+e.Text)
	}
	switch {
	case len(parts) == 0:
		return strings.Join(rest, ", ")
	case len(rest) > 0:
		s += "; not ranked: " + strings.Join(rest, ", ")
	}
	return s
}

func rankStr(e Entry) string {
	s := strconv.Itoa(e.Rank)
	if e.Tied {
		s += "="
	}
	return s
}

// answer is "winner X" or "no clear winner".
func (r *Ranking) answer() string {
	switch {
	case r.Winner != "":
		return r.Winner
	case !r.Ranked:
		return "not ranked"
	case len(r.Unranked) > 0:
		return "no winner named (cells not ranked)"
	}
	return "no clear winner"
}

// notes are what w cannot answer, failed cells first.
func (w *Workload) notes() []string {
	return append(append([]string(nil), w.Failed...), w.Unanswered...)
}

// header is the lines every format opens with: what was read and the
// rule.
func (a *Advice) header() []string {
	out := []string{fmt.Sprintf("%d rows of %d runs; same in every workload: %s", a.Rows, a.Runs, cells.Pairs(a.Common, " "))}
	return append(out, Rule)
}

// versusAfter returns the Versus to write after workload i of a: that of
// its table, after the table's last workload; nil otherwise.
func (a *Advice) versusAfter(i int) *Versus {
	t := a.Workloads[i].Table
	if i+1 < len(a.Workloads) && a.Workloads[i+1].Table == t {
		return nil
	}
	for j := range a.Versus {
		if a.Versus[j].Table == t {
			return &a.Versus[j]
		}
	}
	return nil
}

// versusHead opens the comparison of a table across columns.
func (vs *Versus) head() string {
	return fmt.Sprintf("%s: %s side by side (a change only where the report's test and the reps' spread say so)", vs.Title, vs.Keys)
}

// lines are vs's changes, then what did not change, what was not tested
// and what was left out.
func (vs *Versus) lines() []string {
	var out []string
	for _, c := range vs.Changes {
		out = append(out, c.Line())
	}
	other := "other "
	if len(vs.Changes) == 0 {
		other = ""
	}
	out = append(out, fmt.Sprintf("no %sfigure differs clearly (%d compared)", other, vs.Same))
	if len(vs.Untested) > 0 {
		for _, u := range vs.Untested {
			out = append(out, "not tested: "+u)
		}
	}
	return append(out, vs.Failed...)
}

// WriteText writes a as text: per workload its verdict, its pick, each
// criterion ranked, and what it cannot answer; with several columns, per
// table the implementations across them (Versus).
func WriteText(w io.Writer, a *Advice) error {
	var b strings.Builder
	for _, l := range a.header() {
		b.WriteString(l + "\n")
	}
	for i, wl := range a.Workloads {
		fmt.Fprintf(&b, "\n%s  (phase %q%s)\n", wl.Title(), wl.KeyPhase, labelStr(wl.Label))
		for _, v := range wl.Verdict {
			b.WriteString("  " + v + "\n")
		}
		if wl.Pick != nil {
			b.WriteString("  " + wl.Pick.Text + "\n")
		}
		b.WriteString("  ranks (1 best; = within noise):\n")
		for _, r := range wl.Rankings {
			fmt.Fprintf(&b, "    %s [%s]: %s\n", r.Label, r.answer(), r.ranksLine())
		}
		if n := wl.notes(); len(n) > 0 {
			b.WriteString("  cannot answer:\n")
			for _, l := range n {
				b.WriteString("    " + l + "\n")
			}
		}
		if vs := a.versusAfter(i); vs != nil {
			b.WriteString("\n" + vs.head() + "\n")
			for _, l := range vs.lines() {
				b.WriteString("  " + l + "\n")
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// labelStr writes a column's distinguishing label after "; ", or "" when
// the input has one column.
func labelStr(kvs []cells.KV) string {
	if len(kvs) == 0 {
		return ""
	}
	return "; " + cells.Pairs(kvs, " ")
}

// WriteMarkdown writes a as markdown: per workload a heading, its verdict
// and pick, a table of the criteria with their answers and ranks, and
// what it cannot answer. Headings are level 3, to sit inside a document.
func WriteMarkdown(w io.Writer, a *Advice) error {
	var b strings.Builder
	for _, l := range a.header() {
		b.WriteString(mdEscape(l) + "\n\n")
	}
	for i, wl := range a.Workloads {
		fmt.Fprintf(&b, "### %s\n\n", mdEscape(wl.Title()))
		if l := labelStr(wl.Label); l != "" {
			fmt.Fprintf(&b, "Measured with %s.\n\n", mdEscape(strings.TrimPrefix(l, "; ")))
		}
		for _, v := range wl.Verdict {
			b.WriteString("- " + mdEscape(v) + "\n")
		}
		if wl.Pick != nil {
			b.WriteString("- " + mdEscape(wl.Pick.Text) + "\n")
		}
		b.WriteString("\n| criterion | winner | ranks (1 best; = within noise) |\n|---|---|---|\n")
		for _, r := range wl.Rankings {
			fmt.Fprintf(&b, "| %s | %s | %s |\n", mdEscape(r.Label), mdEscape(r.answer()), mdEscape(r.ranksLine()))
		}
		if n := wl.notes(); len(n) > 0 {
			b.WriteString("\nCannot answer:\n\n")
			for _, l := range n {
				b.WriteString("- " + mdEscape(l) + "\n")
			}
		}
		b.WriteString("\n")
		if vs := a.versusAfter(i); vs != nil {
			fmt.Fprintf(&b, "### %s\n\n", mdEscape(vs.head()))
			for _, l := range vs.lines() {
				b.WriteString("- " + mdEscape(l) + "\n")
			}
			b.WriteString("\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mdEscape escapes what markdown would read as markup: | (tables), *, _
// and ` (emphasis and code), < (HTML).
func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`", "<", "&lt;").Replace(s)
}

// WriteJSON writes a as indented JSON.
func WriteJSON(w io.Writer, a *Advice) error {
	b, err := json.MarshalIndent(a, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// WriteHTML writes a's scorecard as a page of its own; each cell links to
// the sentence of its criterion under its table.
func WriteHTML(w io.Writer, a *Advice) error {
	return report.WriteScorecardHTML(w, a.Scorecard(nil))
}

// Scorecard is a's scorecard. With rep (the report a was built from), the
// cells link to the report's tables: the grid of the criterion's metric
// when the report shows it, else the table; without, to the sentences of
// the scorecard's own page (ScoreGroup.Details).
func (a *Advice) Scorecard(rep *report.Report) *report.Scorecard {
	sc := &report.Scorecard{Rule: Rule, NotRanked: fmt.Sprintf("not ranked: too few reps for the test (run with -reps ≥ %d)", TestReps)}
	for i := range a.Workloads {
		wl := &a.Workloads[i]
		g := report.ScoreGroup{ID: "advice-" + strconv.Itoa(i+1), Title: wl.Title(), Verdict: wl.Verdict, Notes: wl.notes()}
		if wl.Pick != nil {
			g.Pick = wl.Pick.Text
		}
		g.Href = "#" + g.ID
		if rep != nil {
			g.Href = "#" + report.TableID(wl.Table)
		}
		href := func(r *Ranking) string {
			if rep == nil {
				return "#" + g.ID + "-" + r.Criterion
			}
			for _, bl := range rep.Tables[wl.Table].Blocks {
				if bl.Spec.Metric == r.crit.Metric && bl.Kind == r.kind {
					return "#" + report.GridID(wl.Table, bl.Key())
				}
			}
			return g.Href
		}
		for _, r := range wl.Rankings {
			g.Criteria = append(g.Criteria, report.ScoreCriterion{Name: r.Criterion, Label: r.Label, Better: r.Better, Winner: r.Winner})
			if rep == nil {
				g.Details = append(g.Details, report.ScoreDetail{ID: g.ID + "-" + r.Criterion,
					Text: fmt.Sprintf("%s: %s", r.Label, r.ranksLine())})
			}
		}
		for _, impl := range wl.Impls {
			row := report.ScoreRow{Impl: impl, Failed: wl.failed(impl)}
			for ri := range wl.Rankings {
				r := &wl.Rankings[ri]
				c := report.ScoreCell{}
				if e := r.entry(impl); e != nil {
					ranks := 0
					for _, o := range r.Entries {
						ranks = max(ranks, o.Rank)
					}
					med, rng := figureParts(cells.Spread{Median: e.Median, Min: e.Min, Max: e.Max, N: e.Reps}, r.Unit)
					c = report.ScoreCell{Text: med, Spread: rng, Rank: e.Rank, Tied: e.Tied, NotRanked: !e.Ranked,
						Shade: report.Shade(e.Rank, ranks), Href: href(r)}
				}
				row.Cells = append(row.Cells, c)
			}
			g.Rows = append(g.Rows, row)
		}
		sc.Groups = append(sc.Groups, g)
	}
	return sc
}

// failed reports whether impl's cell failed in w.
func (w *Workload) failed(impl string) bool {
	return slices.Contains(w.failedImpls, impl)
}
