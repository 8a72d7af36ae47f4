// Package summary owns the compact table `mapbench run` prints at the end:
// per scenario, shape, n (and presize and goroutines), one line per
// implementation with the median over reps of the figures that answer the
// scenario's question. It reads records and formats text; it never
// measures.
//
// Goroutines are part of a cell: cells of one scenario, shape and n with
// different G are different tables, titled with G=<g> whenever some table
// has G > 1 (a run of single-goroutine scenarios prints as it always did).
// A table whose key phase has ops_per_sec rows (concurrent scenarios) also
// shows the throughput, and read p99 where read latencies were sampled;
// one with payload_retained rows (shape ptr) shows the bytes of deleted
// payloads still reachable ("payloads kept"); other tables do not have
// those columns.
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
	NsPerOp       Spread  // ns_per_op of the key phase
	P99           Spread  // latency_p99 of the key phase, ns
	OpsPerSec     Spread  // ops_per_sec of the key phase (concurrent scenarios)
	ReadP99       Spread  // read_latency_p99 of the key phase, ns (concurrent scenarios)
	GCCycles      float64 // gc_cycles during the key phase
	PayloadKept   float64 // payload_retained at the end of the key phase, B (shape ptr)
	Failed        bool    // a rep failed or did different work (checksum)
}

// Spread is a time figure over the good reps: the median and the least
// and greatest value (all NaN when not measured).
type Spread struct {
	Median, Min, Max float64
	N                int // reps it is over
}

// spreadOf is the Spread of xs.
func spreadOf(xs []float64) Spread {
	if len(xs) == 0 {
		return Spread{Median: math.NaN(), Min: math.NaN(), Max: math.NaN()}
	}
	return Spread{Median: results.Median(xs), Min: slices.Min(xs), Max: slices.Max(xs), N: len(xs)}
}

// disagrees reports whether the reps of s disagree (results.RepsDisagree).
func (s Spread) disagrees() bool { return results.RepsDisagree(s.Min, s.Max, s.N) }

// Advice is what the summary says once when some cell's reps disagree,
// after the other notes; a line per such cell follows it, indented.
var Advice = fmt.Sprintf("reps disagree by more than %.0f%% (max/min > %.2f) in the cells below, marked *: their medians are a coin toss "+
	"between this machine's modes. What helps: %s.", (results.DisagreeRatio-1)*100, results.DisagreeRatio, results.DisagreeHelp)

// Table is one scenario × shape × n × presize × goroutines.
type Table struct {
	Scenario   string
	Shape      string
	N          int
	Presize    bool
	Goroutines int    // G, the writer goroutines of the table's cells
	KeyPhase   string // the phase whose time and latency are shown
	Op         string // what one op of that phase is
	Lines      []Line
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
	results.MetricFootprintDrift, results.MetricNsPerOp, results.MetricLatencyP99, results.MetricGCCycles,
	results.MetricOpsPerSec, results.MetricReadLatencyP99, results.MetricPayloadRetained}

type cellKey struct {
	impl, scenario, shape string
	n                     int
	presize               bool
	goroutines            int
}

func keyOf(r *results.Record) cellKey {
	return cellKey{r.Impl, r.Scenario, r.Shape, r.N, r.Presize, r.Goroutines}
}

// name names the cell in notes: "impl scenario shape n=N", with G=g when
// g > 1.
func (k cellKey) name() string {
	g := ""
	if k.goroutines > 1 {
		g = fmt.Sprintf(" G=%d", k.goroutines)
	}
	return fmt.Sprintf("%s %s %s n=%d%s", k.impl, k.scenario, k.shape, k.n, g)
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
	handoff := map[cellKey]map[int]float64{} // cpu_handoff per rep
	leastHandoff := 0.0
	lastStep := map[cellKey]int{} // the key phase's last step: its totals (last cycle, end of churn)
	seenNote := map[string]bool{}
	for _, r := range recs {
		k := keyOf(&r)
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
		if r.Metric == results.MetricHandoff && r.Value > 0 {
			if handoff[k] == nil {
				handoff[k] = map[int]float64{}
			}
			handoff[k][r.Rep] = r.Value
			if leastHandoff == 0 || r.Value < leastHandoff {
				leastHandoff = r.Value
			}
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
			msg := fmt.Sprintf("%s rep %d: %s=%g: %s", k.name(), r.Rep, r.Metric, r.Value, r.Note)
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
		k := keyOf(&r)
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
	type tableKey struct {
		scenario, shape string
		n               int
		presize         bool
		goroutines      int
	}
	byTable := map[tableKey][]Line{}
	var disagree []string // one line per cell whose reps disagree, after Advice
	var keys []tableKey
	order := map[tableKey]cellKey{}
	for k, a := range cells {
		tk := tableKey{k.scenario, k.shape, k.n, k.presize, k.goroutines}
		if _, ok := byTable[tk]; !ok {
			keys = append(keys, tk)
			order[tk] = k
		}
		med := func(m string) float64 { return results.Median(a.vals[m]) }
		spr := func(m string) Spread { return spreadOf(a.vals[m]) }
		l := Line{
			Impl: k.impl, Reps: len(a.reps), Failed: len(a.failed) > 0,
			BytesPerEntry: med(results.MetricBytesPerEntry), Retained: med(results.MetricLiveHeap),
			RetainedRatio: med(results.MetricRetainedRatio), Reuse: med(results.MetricReuseRatio),
			Drift: med(results.MetricFootprintDrift), NsPerOp: spr(results.MetricNsPerOp),
			P99: spr(results.MetricLatencyP99), GCCycles: med(results.MetricGCCycles),
			OpsPerSec: spr(results.MetricOpsPerSec), ReadP99: spr(results.MetricReadLatencyP99),
			PayloadKept: med(results.MetricPayloadRetained),
		}
		byTable[tk] = append(byTable[tk], l)
		if d := l.disagreement(); d != "" {
			disagree = append(disagree, fmt.Sprintf("  %s: %s", k.name(), d))
		}
	}
	slices.SortFunc(keys, func(a, b tableKey) int {
		return cmp.Or(cmp.Compare(a.scenario, b.scenario), cmp.Compare(a.shape, b.shape),
			cmp.Compare(a.n, b.n), cmp.Compare(fmt.Sprint(a.presize), fmt.Sprint(b.presize)), cmp.Compare(a.goroutines, b.goroutines))
	})
	for _, tk := range keys {
		k := order[tk]
		lines := byTable[tk]
		slices.SortFunc(lines, func(a, b Line) int { return cmp.Compare(a.Impl, b.Impl) })
		tables = append(tables, Table{Scenario: k.scenario, Shape: k.shape, N: k.n, Presize: k.presize, Goroutines: k.goroutines,
			KeyPhase: ph.Key(k.scenario), Op: ph.Op(ph.Key(k.scenario)), Lines: lines})
	}
	for k, c := range contended {
		notes = append(notes, fmt.Sprintf("%s: %d phase(s) ran with cpu_share under 0.9 (least %.2f): the machine was busy, their ns/op are inflated",
			k.name(), c.phases, c.least))
	}
	for k, reps := range handoff {
		far, most := 0, 0.0
		for _, v := range reps {
			if v > 2*leastHandoff {
				far++
				most = max(most, v)
			}
		}
		if far > 0 {
			notes = append(notes, fmt.Sprintf("%s: %d of %d reps measured cpu_handoff over twice the least in the input (up to %.0f ns, least %.0f ns): their CPUs were farther apart, so their concurrent figures are not comparable with the others'",
				k.name(), far, len(reps), most, leastHandoff))
		}
	}
	slices.Sort(notes)
	if len(disagree) > 0 {
		slices.Sort(disagree)
		notes = append(append(notes, Advice), disagree...)
	}
	return tables, notes
}

// Write prints the tables as aligned text. Titles name G when some table
// has G > 1; the ops/s and read p99 columns are there in the tables that
// have such values.
func Write(w io.Writer, tables []Table, notes []string) error {
	showG := false
	for _, t := range tables {
		showG = showG || t.Goroutines > 1
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	for i, t := range tables {
		if i > 0 {
			fmt.Fprintln(tw)
		}
		pre := ""
		if showG {
			pre = fmt.Sprintf("  G=%d", t.Goroutines)
		}
		if t.Presize {
			pre += "  presized"
		}
		fmt.Fprintf(tw, "%s  shape=%s  n=%d%s  (medians over reps, times with min–max; heap, time, p99 and GCs of phase %q)\n", t.Scenario, t.Shape, t.N, pre, opName(t.KeyPhase, t.Op))
		cols := tableColumns(t.Lines)
		head := []string{"impl"}
		for _, c := range cols {
			head = append(head, c.title)
		}
		fmt.Fprintln(tw, strings.Join(head, "\t")+"\treps\t")
		for _, l := range t.Lines {
			flag := ""
			if l.Failed {
				flag = "  some reps excluded: failed (see notes)"
			}
			row := []string{l.Impl}
			for _, c := range cols {
				row = append(row, c.value(l))
			}
			fmt.Fprintf(tw, "%s\t%d\t%s\n", strings.Join(row, "\t"), l.Reps, flag)
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

// column is one figure of a table's lines.
type column struct {
	title string
	value func(Line) string
	// optional, when set, is the figure of a column shown only in tables
	// where some line has it (not NaN).
	optional func(Line) float64
}

var columns = []column{
	{title: "B/entry full", value: func(l Line) string { return results.Format(l.BytesPerEntry, results.UnitBytes) }},
	{title: "heap after", value: func(l Line) string { return results.Format(l.Retained, results.UnitBytes) }},
	{title: "after/full", value: func(l Line) string { return results.Format(l.RetainedRatio, results.UnitRatio) }},
	{title: "reuse", value: func(l Line) string { return results.Format(l.Reuse, results.UnitRatio) }},
	{title: "drift", value: func(l Line) string { return results.Format(l.Drift, results.UnitRatio) }},
	{title: "time/op (min–max)", value: func(l Line) string { return spreadStr(l.NsPerOp, results.UnitNS) }},
	{title: "ops/s (min–max)", value: func(l Line) string { return spreadStr(l.OpsPerSec, results.UnitOpsPerS) },
		optional: func(l Line) float64 { return l.OpsPerSec.Median }},
	{title: "p99 (min–max)", value: func(l Line) string { return spreadStr(l.P99, results.UnitNS) }},
	{title: "read p99 (min–max)", value: func(l Line) string { return spreadStr(l.ReadP99, results.UnitNS) },
		optional: func(l Line) float64 { return l.ReadP99.Median }},
	{title: "GCs", value: func(l Line) string { return results.Format(l.GCCycles, results.UnitCount) }},
	{title: "payloads kept", value: func(l Line) string { return results.Format(l.PayloadKept, results.UnitBytes) },
		optional: func(l Line) float64 { return l.PayloadKept }},
}

// spreadStr writes a time figure as its median, then the least and the
// greatest rep in the median's unit, marked * when the reps disagree:
// "36.4 ns (28.9–53.8) *". One rep, or reps equal to three digits, is
// the median alone.
func spreadStr(s Spread, unit string) string {
	if math.IsNaN(s.Median) {
		return "-"
	}
	med := results.Format(s.Median, unit)
	if s.N < 2 {
		return med
	}
	lo, hi := results.FormatIn(s.Min, s.Median, unit), results.FormatIn(s.Max, s.Median, unit)
	if lo == hi {
		return med // every rep the same, as far as three digits show
	}
	out := med + " (" + lo + "–" + hi + ")"
	if s.disagrees() {
		out += " *"
	}
	return out
}

// disagreement names the time figures of l whose reps disagree, with
// their spread ("ns/op 28.9–53.8 ns (max/min 1.86)"), or is "".
func (l Line) disagreement() string {
	var out []string
	for _, f := range []struct {
		name string
		s    Spread
		unit string
	}{{"ns/op", l.NsPerOp, results.UnitNS}, {"p99", l.P99, results.UnitNS},
		{"ops/s", l.OpsPerSec, results.UnitOpsPerS}, {"read p99", l.ReadP99, results.UnitNS}} {
		if f.s.disagrees() {
			out = append(out, fmt.Sprintf("%s %s–%s (max/min %s)", f.name, results.FormatIn(f.s.Min, f.s.Max, f.unit),
				results.Format(f.s.Max, f.unit), results.Format(f.s.Max/f.s.Min, results.UnitRatio)))
		}
	}
	return strings.Join(out, ", ")
}

// tableColumns are the columns of a table of lines: all but the optional
// ones no line has a value for.
func tableColumns(lines []Line) []column {
	var out []column
	for _, c := range columns {
		if c.optional != nil && !slices.ContainsFunc(lines, func(l Line) bool { return !math.IsNaN(c.optional(l)) }) {
			continue
		}
		out = append(out, c)
	}
	return out
}

// opName titles a key phase with its op when the two names differ:
// "churn (delete+insert)", "refill (insert)", "delete".
func opName(phase, op string) string {
	if op == "" || op == phase {
		return phase
	}
	return phase + " (" + op + ")"
}
