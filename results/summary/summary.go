// Package summary owns the compact table `mapbench run` prints at the end:
// per scenario, shape and n, one line per implementation with the median
// over reps of the figures that answer the scenario's question. It reads
// records and formats text; it never measures.
package summary

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"

	"mapbench/results"
)

// Line is one implementation's figures in one table. NaN means "not
// measured for this scenario" and prints as "-".
type Line struct {
	Impl          string
	Reps          int
	BytesPerEntry float64 // live heap per entry when full (first fill)
	Retained      float64 // live heap at the end of the key phase, B
	RetainedRatio float64 // retained / when full (delete phases)
	Reuse         float64 // reuse_ratio (refill, churn)
	Drift         float64 // footprint_drift (refill, churn, cycles)
	NsPerOp       float64 // ns_per_op of the key phase
	P99           float64 // latency_p99 of the key phase, ns
	GCCycles      float64 // gc_cycles during the key phase
	Failed        bool    // a rep failed or did different work (checksum)
}

// Table is one scenario × shape × n.
type Table struct {
	Scenario string
	Shape    string
	N        int
	Presize  bool
	KeyPhase string // the phase whose time and latency are shown
	Op       string // what one op of that phase is
	Lines    []Line
}

// Phases is the scenario vocabulary Build needs. Package scenarios owns it
// and the caller passes it in (the results packages import none of
// mapbench's other packages).
type Phases struct {
	// Key returns the phase whose figures answer a scenario's question.
	Key func(scenario string) string
	// Op says what one op of a phase is ("delete+insert"), for titles.
	Op func(phase string) string
	// Fill is the phase whose first step gives bytes per entry when full.
	Fill string
	// Cycle is the phase of the rows that compare cycles with each other.
	Cycle string
}

// keyMetrics are the key phase's figures a Line shows.
var keyMetrics = []string{results.MetricLiveHeap, results.MetricRetainedRatio, results.MetricReuseRatio,
	results.MetricFootprintDrift, results.MetricNsPerOp, results.MetricLatencyP99, results.MetricGCCycles}

type cellKey struct {
	impl, scenario, shape string
	n                     int
	presize               bool
}

// Build groups records into tables. Failed cells (cell_failed, or
// checksum_ok = 0) mark their line and are left out of the medians.
// Notes holds every non-empty note of a self-check row, once each.
func Build(recs []results.Record, ph Phases) (tables []Table, notes []string) {
	type acc struct {
		reps   map[int]bool
		failed map[int]bool
		vals   map[string][]float64 // metric key → one value per good rep
	}
	cells := map[cellKey]*acc{}
	type contention struct {
		phases int
		least  float64
	}
	contended := map[cellKey]*contention{}
	lastStep := map[cellKey]int{} // the key phase's last step: its totals (last cycle, end of churn)
	seenNote := map[string]bool{}
	for _, r := range recs {
		k := cellKey{r.Impl, r.Scenario, r.Shape, r.N, r.Presize}
		a := cells[k]
		if a == nil {
			a = &acc{reps: map[int]bool{}, failed: map[int]bool{}, vals: map[string][]float64{}}
			cells[k] = a
		}
		a.reps[r.Rep] = true
		bad := (r.Metric == results.MetricCellFailed && r.Value != 0) || (r.Metric == results.MetricChecksumOK && r.Value == 0)
		if bad {
			a.failed[r.Rep] = true
		}
		if r.Metric == results.MetricCPUShare && r.Note != "" {
			c := contended[k]
			if c == nil {
				c = &contention{least: r.Value}
				contended[k] = c
			}
			c.phases++
			c.least = min(c.least, r.Value)
			continue
		}
		if r.Phase == results.PhaseMeta && (bad || r.Note != "" && !results.IsProvenance(r.Metric) && strings.Contains(r.Note, "fail")) {
			msg := fmt.Sprintf("%s %s %s n=%d rep %d: %s=%g: %s", r.Impl, r.Scenario, r.Shape, r.N, r.Rep, r.Metric, r.Value, r.Note)
			if !seenNote[msg] {
				seenNote[msg] = true
				notes = append(notes, msg)
			}
		}
		if r.Phase == ph.Key(r.Scenario) && r.Metric == results.MetricNsPerOp && r.Step > lastStep[k] {
			lastStep[k] = r.Step
		}
	}
	// Second pass: collect values of good reps.
	for _, r := range recs {
		k := cellKey{r.Impl, r.Scenario, r.Shape, r.N, r.Presize}
		a := cells[k]
		if a.failed[r.Rep] {
			continue
		}
		kp := ph.Key(r.Scenario)
		step := lastStep[k]
		var name string
		switch {
		case r.Phase == ph.Fill && r.Step == 0 && r.Metric == results.MetricBytesPerEntry:
			name = r.Metric
		case r.Phase == kp && r.Step == step && slices.Contains(keyMetrics, r.Metric):
			name = r.Metric
		case r.Phase == ph.Cycle && r.Metric == results.MetricFootprintDrift:
			name = r.Metric
		default:
			continue
		}
		a.vals[name] = append(a.vals[name], r.Value)
	}
	byTable := map[[4]string][]Line{}
	var keys [][4]string
	order := map[[4]string]cellKey{}
	for k, a := range cells {
		tk := [4]string{k.scenario, k.shape, fmt.Sprint(k.n), fmt.Sprint(k.presize)}
		if _, ok := byTable[tk]; !ok {
			keys = append(keys, tk)
			order[tk] = k
		}
		med := func(m string) float64 { return results.Median(a.vals[m]) }
		byTable[tk] = append(byTable[tk], Line{
			Impl: k.impl, Reps: len(a.reps), Failed: len(a.failed) > 0,
			BytesPerEntry: med(results.MetricBytesPerEntry), Retained: med(results.MetricLiveHeap),
			RetainedRatio: med(results.MetricRetainedRatio), Reuse: med(results.MetricReuseRatio),
			Drift: med(results.MetricFootprintDrift), NsPerOp: med(results.MetricNsPerOp),
			P99: med(results.MetricLatencyP99), GCCycles: med(results.MetricGCCycles),
		})
	}
	slices.SortFunc(keys, func(a, b [4]string) int {
		ka, kb := order[a], order[b]
		return cmp.Or(cmp.Compare(ka.scenario, kb.scenario), cmp.Compare(ka.shape, kb.shape),
			cmp.Compare(ka.n, kb.n), cmp.Compare(a[3], b[3]))
	})
	for _, tk := range keys {
		k := order[tk]
		lines := byTable[tk]
		slices.SortFunc(lines, func(a, b Line) int { return cmp.Compare(a.Impl, b.Impl) })
		tables = append(tables, Table{Scenario: k.scenario, Shape: k.shape, N: k.n, Presize: k.presize, KeyPhase: ph.Key(k.scenario), Op: ph.Op(ph.Key(k.scenario)), Lines: lines})
	}
	for k, c := range contended {
		notes = append(notes, fmt.Sprintf("%s %s %s n=%d: %d phase(s) ran with cpu_share under 0.9 (least %.2f): the machine was busy, their ns/op are inflated",
			k.impl, k.scenario, k.shape, k.n, c.phases, c.least))
	}
	slices.Sort(notes)
	return tables, notes
}

// Write prints the tables as aligned text.
func Write(w io.Writer, tables []Table, notes []string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	for i, t := range tables {
		if i > 0 {
			fmt.Fprintln(tw)
		}
		pre := ""
		if t.Presize {
			pre = "  presized"
		}
		fmt.Fprintf(tw, "%s  shape=%s  n=%d%s  (medians over reps; heap, time, p99 and GCs of phase %q)\n", t.Scenario, t.Shape, t.N, pre, opName(t.KeyPhase, t.Op))
		fmt.Fprintln(tw, "impl\tB/entry full\theap after\tafter/full\treuse\tdrift\tns/op\tp99 ns\tGCs\treps\t")
		for _, l := range t.Lines {
			flag := ""
			if l.Failed {
				flag = "  some reps excluded: failed (see notes)"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", l.Impl, num(l.BytesPerEntry, 1), bytesStr(l.Retained),
				num(l.RetainedRatio, 3), num(l.Reuse, 2), num(l.Drift, 3), num(l.NsPerOp, 1), num(l.P99, 0), num(l.GCCycles, 0), l.Reps, flag)
		}
	}
	if len(notes) > 0 {
		fmt.Fprintln(tw, "\nnotes:")
		for _, n := range notes {
			fmt.Fprintln(tw, "  "+n)
		}
	}
	return tw.Flush()
}

// opName titles a key phase with its op when the two names differ:
// "churn (delete+insert)", "refill (insert)", "delete".
func opName(phase, op string) string {
	if op == "" || op == phase {
		return phase
	}
	return phase + " (" + op + ")"
}

func num(v float64, prec int) string {
	if math.IsNaN(v) {
		return "-"
	}
	return fmt.Sprintf("%.*f", prec, v)
}

func bytesStr(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	a := math.Abs(v)
	switch {
	case a >= 1<<20:
		return fmt.Sprintf("%.2f MiB", v/(1<<20))
	case a >= 1<<10:
		return fmt.Sprintf("%.1f KiB", v/(1<<10))
	}
	return fmt.Sprintf("%.0f B", v)
}
