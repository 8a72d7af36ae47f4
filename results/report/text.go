package report

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"mapbench/results"
	"mapbench/results/cells"
)

// grid is one block as cells, for text and markdown alike.
type grid struct {
	header []string
	rows   [][]string
	notes  []string // said under the rows (Block.Notes)
}

// title is a table's heading line.
func (t *ComparisonTable) title() string {
	pre := ""
	if t.NameG {
		pre = fmt.Sprintf("  G=%d", t.Goroutines)
	}
	if t.Presize {
		pre += "  presized"
	}
	return fmt.Sprintf("%s  shape=%s  n=%d%s  key phase: %s", t.Scenario, t.Shape, t.N, pre, opName(t.KeyPhase, t.Op))
}

// heading is t's title in r: t.title(), and the input it was measured in
// when r has several and t's cells are all in one (a table of several is
// laid out in columns named in the report's header).
func (r *Report) heading(t *ComparisonTable) string {
	if len(r.Columns) < 2 || len(t.Cols) != 1 {
		return t.title()
	}
	c := r.Columns[t.Cols[0]]
	return t.title() + "  (input " + c.Name + ": " + cells.Pairs(c.Diff, "  ") + ")"
}

// verdictHead heads the verdict of t's column c: "verdict", or which column
// it is when t was measured in several.
func (r *Report) verdictHead(t *ComparisonTable, c int) string {
	if len(t.Cols) < 2 {
		return "verdict"
	}
	return "verdict, column " + r.Columns[c].Name + " (" + r.Columns[c].Short() + ")"
}

// Key identifies the table: "scenario/shape/n/presize", then "/G" when
// the report names G (ComparisonTable.NameG). The HTML page's data-table attribute.
func (t *ComparisonTable) Key() string {
	k := fmt.Sprintf("%s/%s/%d/%t", t.Scenario, t.Shape, t.N, t.Presize)
	if t.NameG {
		k += "/" + strconv.Itoa(t.Goroutines)
	}
	return k
}

// opName titles a key phase with its op when the two names differ:
// "churn (delete+insert)", "refill (insert)", "delete".
func opName(phase, op string) string {
	if op == "" || op == phase {
		return phase
	}
	return phase + " (" + op + ")"
}

// grids lays out t's blocks, then the reps, one grid each, in the
// table's columns (t.Cols): a table measured in one column is laid out as
// in a report of one, compared with the baseline.
func (r *Report) grids(t *ComparisonTable) []grid {
	cols := t.Cols
	one := len(cols) == 1
	var out []grid
	for _, b := range t.Blocks {
		g := grid{header: []string{b.Title()}, notes: b.Notes}
		// A time block shows the 95% CI when every cell has one, else
		// min – max (too few reps for an interval: said once, above).
		ci := b.Spec.Kind == cells.Time
		for _, l := range b.Lines {
			for _, cell := range l.Cells {
				if cell != nil && !cell.Stat.HasCI() {
					ci = false
				}
			}
		}
		rng := "min – max"
		if ci {
			rng = "95% CI"
		}
		for _, c := range cols {
			med := "median"
			if !one {
				med = r.Columns[c].Name + " median"
			}
			g.header = append(g.header, med, rng)
		}
		if one {
			if t.Baseline != "" {
				g.header = append(g.header, "vs "+t.Baseline)
			}
		} else {
			for _, c := range cols[1:] {
				g.header = append(g.header, r.Columns[c].Name+" vs "+r.Columns[cols[0]].Name)
			}
		}
		for _, l := range b.Lines {
			row := []string{l.Impl}
			for _, c := range cols {
				cell := l.Cells[c]
				if cell == nil {
					row = append(row, "-", "")
					continue
				}
				row = append(row, formatValue(b.Spec, cell.Stat.Median), rangeStr(b.Spec, cell.Stat, ci))
			}
			if one {
				if t.Baseline != "" {
					switch cell := l.Cells[cols[0]]; {
					case l.Impl == t.Baseline:
						row = append(row, "base")
					case cell != nil && cell.VsBaseline != nil:
						row = append(row, cmpStr(cell.VsBaseline))
					default:
						row = append(row, "")
					}
				}
			} else {
				for _, c := range cols[1:] {
					if cell := l.Cells[c]; cell != nil && cell.VsFirst != nil {
						row = append(row, cmpStr(cell.VsFirst))
					} else {
						row = append(row, "")
					}
				}
			}
			g.rows = append(g.rows, row)
		}
		out = append(out, g)
	}
	g := grid{header: []string{"reps (samples)"}}
	for _, c := range cols {
		if one {
			g.header = append(g.header, "good")
		} else {
			g.header = append(g.header, r.Columns[c].Name)
		}
	}
	for _, impl := range t.Impls {
		row := []string{impl}
		for _, c := range cols {
			s := "-"
			for _, gr := range t.Groups {
				if gr.Impl == impl && gr.Column == c {
					s = strconv.Itoa(gr.Reps)
					if gr.Excluded > 0 {
						s += fmt.Sprintf(" (+%d failed, left out)", gr.Excluded)
					}
				}
			}
			row = append(row, s)
		}
		g.rows = append(g.rows, row)
	}
	return append(out, g)
}

// rangeStr is a cell's spread in the scale of its median: the 95% CI
// ("12.1 … 13.4") when ci, else min – max ("28.9 – 53.8"), marked * when
// a time figure's reps disagree (Stat.Disagree); "all equal" when they
// are, "≈ 80.6" when they differ below the digits shown.
func rangeStr(s MetricSpec, st *Stat, ci bool) string {
	in := func(v float64) string { return results.FormatIn(v, st.Median, s.Unit()) }
	mark := ""
	if s.Kind == cells.Time && st.Disagree() {
		mark = " *"
	}
	if ci {
		if r := results.FormatRange(st.Lo, st.Hi, st.Median, s.Unit()); r != "" {
			return strings.Replace(r, "–", " … ", 1) + mark
		}
		return in(st.Lo) + " … " + in(st.Hi) + mark
	}
	if st.Min == st.Max {
		return "all equal"
	}
	r := results.FormatRange(st.Min, st.Max, st.Median, s.Unit())
	if r == "" {
		return "≈ " + in(st.Min)
	}
	return strings.Replace(r, "–", " – ", 1) + mark
}

func cmpStr(c *Cmp) string {
	if math.IsNaN(c.P) {
		return c.Delta
	}
	if c.P == 0 { // impossible for a rank test: see uTest
		return c.Delta + " (p=0?, see warnings)"
	}
	return fmt.Sprintf("%s (p=%.3f)", c.Delta, c.P)
}

// header lines common to text and markdown.
func (r *Report) headerLines() (intro string, common string, columns []string) {
	intro = fmt.Sprintf("mapbench report: %d rows from %d run(s); baseline %s\ntimes: median and %.0f%% confidence interval over reps, Mann-Whitney U test at alpha %.2f (~: not significant)\nbytes, ratios and GCs: median and min – max over reps",
		r.Rows, r.Runs, r.Baseline, Confidence*100, Alpha)
	if r.TooFewForCI() {
		intro += "\ntoo few reps for an interval in some tables (a 95% CI needs 6): their times show min – max instead"
	}
	if r.anyTime((*Stat).Disagree) {
		intro += fmt.Sprintf("\n* marks a time whose reps disagree by more than %.0f%% (max/min > %.2f): a coin toss between the machine's modes; the tables' warnings name each",
			(results.DisagreeRatio-1)*100, results.DisagreeRatio)
	}
	common = cells.Pairs(r.Common, "  ")
	if len(r.Columns) > 1 {
		for _, c := range r.Columns {
			columns = append(columns, c.Name+": "+cells.Pairs(c.Diff, "  "))
		}
	}
	return intro, common, columns
}

// WriteText prints r as aligned text.
func WriteText(w io.Writer, r *Report) error {
	intro, common, columns := r.headerLines()
	fmt.Fprintln(w, intro)
	fmt.Fprintln(w, "same in every input: "+common)
	if len(columns) > 0 {
		fmt.Fprintln(w, "inputs differ; never pooled, shown side by side as columns:")
		for _, c := range columns {
			fmt.Fprintln(w, "  "+c)
		}
	}
	for _, t := range r.Tables {
		fmt.Fprintf(w, "\n%s\n", r.heading(&t))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		for _, g := range r.grids(&t) {
			fmt.Fprintln(tw)
			fmt.Fprintln(tw, strings.Join(g.header, "\t")+"\t")
			for _, row := range g.rows {
				fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
			}
			for _, n := range g.notes {
				fmt.Fprintln(tw, "  note: "+n)
			}
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		for c, vs := range t.Verdicts {
			if len(vs) == 0 {
				continue
			}
			fmt.Fprintln(w, "\n"+r.verdictHead(&t, c)+":")
			for _, v := range vs {
				fmt.Fprintln(w, "  "+v)
			}
		}
		if len(t.Warnings) > 0 {
			fmt.Fprintln(w, "\nwarnings:")
			for _, x := range t.Warnings {
				fmt.Fprintln(w, "  "+x)
			}
		}
	}
	return nil
}

// WriteMarkdown prints r as markdown: a heading and tables per
// scenario × shape × n.
func WriteMarkdown(w io.Writer, r *Report) error {
	intro, common, columns := r.headerLines()
	fmt.Fprintf(w, "%s.\n\nSame in every input: `%s`\n", strings.ReplaceAll(intro, "\n", ";\n"), common)
	if len(columns) > 0 {
		fmt.Fprintln(w, "\nThe inputs differ; they are never pooled but shown side by side as columns:")
		fmt.Fprintln(w)
		for _, c := range columns {
			fmt.Fprintf(w, "- `%s`\n", c)
		}
	}
	for _, t := range r.Tables {
		fmt.Fprintf(w, "\n## %s\n", mdEscape(r.heading(&t)))
		for _, g := range r.grids(&t) {
			fmt.Fprintln(w)
			fmt.Fprintln(w, mdRow(g.header))
			align := []string{"---"}
			for range g.header[1:] {
				align = append(align, "---:")
			}
			fmt.Fprintln(w, mdRow(align))
			for _, row := range g.rows {
				fmt.Fprintln(w, mdRow(row))
			}
			for _, n := range g.notes {
				fmt.Fprintf(w, "\nNote on %s: %s\n", mdEscape(g.header[0]), mdEscape(n))
			}
		}
		for c, vs := range t.Verdicts {
			if len(vs) == 0 {
				continue
			}
			fmt.Fprintf(w, "\n%s:\n\n", upperFirst(r.verdictHead(&t, c)))
			for _, v := range vs {
				fmt.Fprintf(w, "- %s\n", mdEscape(v))
			}
		}
		if len(t.Warnings) > 0 {
			fmt.Fprintf(w, "\nWarnings:\n\n")
			for _, x := range t.Warnings {
				fmt.Fprintf(w, "- %s\n", mdEscape(x))
			}
		}
	}
	return nil
}

// upperFirst is s with its first letter upper-case (s is ASCII).
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func mdRow(cells []string) string {
	esc := make([]string, len(cells))
	for i, c := range cells {
		esc[i] = mdEscape(c)
	}
	return "| " + strings.Join(esc, " | ") + " |"
}

var mdReplacer = strings.NewReplacer("|", `\|`, "*", `\*`, "_", `\_`, "<", "&lt;", ">", "&gt;")

func mdEscape(s string) string { return mdReplacer.Replace(s) }
