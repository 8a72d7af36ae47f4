package report

import (
	"encoding/csv"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"mapbench/results/cells"
)

// CSVColumns are the first columns of WriteCSV's header (with goroutines
// after presize when the report names G, see ComparisonTable.NameG); the column
// label's keys follow them, then CSVStatColumns.
var (
	CSVColumns     = []string{"scenario", "shape", "n", "presize", "impl", "impl_version", "column"}
	CSVStatColumns = []string{"phase", "metric", "unit", "median", "ci_low", "ci_high", "min", "max", "reps", "excluded",
		"baseline", "change_vs_baseline", "p_vs_baseline", "significant", "change_vs_first_column",
		"p_vs_first_column", "significant_vs_first_column", "note"}
)

// WriteCSV prints r as a tidy CSV: one row per implementation × column ×
// metric of every table; reps is the size of the sample (good reps), excluded
// the failed reps left out. ci_low and ci_high are empty for exact metrics
// and when the sample is too small for an interval (the note says so);
// the p columns are empty for exact metrics, whose change needs no test.
func WriteCSV(w io.Writer, r *Report) error {
	var keys []string
	for _, c := range r.Columns {
		for _, kv := range c.Label {
			if !contains(keys, kv.Key) {
				keys = append(keys, kv.Key)
			}
		}
	}
	nameG := len(r.Tables) > 0 && r.Tables[0].NameG
	first := slices.Clone(CSVColumns)
	if nameG {
		first = slices.Insert(first, slices.Index(first, "presize")+1, "goroutines")
	}
	cw := csv.NewWriter(w)
	head := append(append(first, keys...), CSVStatColumns...)
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, t := range r.Tables {
		version := map[[2]string]string{}
		excluded := map[[2]string]int{}
		for _, g := range t.Groups {
			k := [2]string{g.Impl, strconv.Itoa(g.Column)}
			version[k] = g.ImplVersion
			excluded[k] = g.Excluded
		}
		for _, b := range t.Blocks {
			for _, l := range b.Lines {
				for c, cell := range l.Cells {
					if cell == nil {
						continue
					}
					col := r.Columns[c]
					k := [2]string{l.Impl, strconv.Itoa(c)}
					row := []string{t.Scenario, t.Shape, strconv.Itoa(t.N), strconv.FormatBool(t.Presize)}
					if nameG {
						row = append(row, strconv.Itoa(t.Goroutines))
					}
					row = append(row, l.Impl, version[k], col.Name)
					for _, key := range keys {
						v := ""
						for _, kv := range col.Label {
							if kv.Key == key {
								v = kv.Value
							}
						}
						row = append(row, v)
					}
					st := cell.Stat
					lo, hi := "", ""
					if b.Spec.Kind == cells.Time && !math.IsInf(st.Lo, 0) && !math.IsInf(st.Hi, 0) {
						lo, hi = num(st.Lo), num(st.Hi)
					}
					notes := append(slices.Clone(b.Notes), st.Warnings...)
					bChange, bP, bSig := cmpCells(cell.VsBaseline)
					fChange, fP, fSig := cmpCells(cell.VsFirst)
					for _, cm := range []*Cmp{cell.VsBaseline, cell.VsFirst} {
						if cm != nil {
							notes = append(notes, cm.Warnings...)
						}
					}
					if n := excluded[k]; n > 0 {
						notes = append(notes, strconv.Itoa(n)+" failed rep(s) left out")
					}
					row = append(row, b.Phase, b.Spec.Metric, b.Spec.Unit(), num(st.Median), lo, hi, num(st.Min), num(st.Max),
						strconv.Itoa(len(st.Values)), strconv.Itoa(excluded[k]), t.Baseline, bChange, bP, bSig, fChange, fP, fSig,
						strings.Join(dedup(notes), "; "))
					if err := cw.Write(row); err != nil {
						return err
					}
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func cmpCells(c *Cmp) (change, p, sig string) {
	if c == nil {
		return "", "", ""
	}
	if !math.IsNaN(c.P) {
		p = num(c.P)
	}
	return c.Delta, p, strconv.FormatBool(c.Significant)
}

func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func dedup(xs []string) []string {
	var out []string
	for _, x := range xs {
		if !contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}
