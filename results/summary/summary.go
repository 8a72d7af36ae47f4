// Package summary owns the compact table `mapbench run` prints at the end:
// per scenario, shape, n (and presize and goroutines), one line per
// implementation, in registry order, with the median over reps of the
// figures that answer the scenario's question. The cells, their good reps
// and their values come from package cells, as in the report and the
// charts. It reads records and formats text; it never measures.
//
// Goroutines are part of a cell: cells of one scenario, shape and n with
// different G are different tables, titled with G=<g> whenever some table
// has G > 1 (a run of single-goroutine scenarios prints as it always did).
// A table whose key phase has ops_per_sec rows (concurrent scenarios) also
// shows the throughput, and read p99 where read latencies were sampled;
// one with payload_retained rows (shape ptr) shows the bytes of deleted
// payloads still reachable ("payloads kept"); other tables do not have
// those columns.
//
// A trace replay's table is followed by its figures per kind of op
// (cells.Vocab.Kinds): one line per kind and implementation, deletes
// first, with the kind's op count, the time per op of its runs timed as
// blocks (where the trace has such runs; a note says what share of the
// kind's ops they hold when not all) and the p99 of its sampled ops.
//
// Cells of one table measured under different conditions (Go versions of
// mapbench run -go, several -gc-percent or -live-heap values, files of
// several hosts: package cells' columns) are never pooled: each has a line
// of its own, after its implementation, with what differs (go_version,
// gc_percent, other_heap, ...) in columns after impl; the notes and the
// advice name them too.
package summary

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"mapbench/results"
	"mapbench/results/advise"
	"mapbench/results/cells"
)

// ImplFigures is one implementation's figures in one table. NaN means
// "not measured for this scenario" and prints as "-".
type ImplFigures struct {
	Impl string
	// Label is what sets the line's cells apart from other lines of the
	// input's (package cells' column Diff: gc_percent, other_heap, host,
	// ...); nil when the input has one column.
	Label         []cells.KV
	Reps          int
	BytesPerEntry float64      // live heap per entry when full (first fill)
	Retained      float64      // live heap at the end of the key phase, B
	RetainedRatio float64      // retained / when full (delete phases)
	Reuse         float64      // reuse_ratio (refill, churn)
	Drift         float64      // footprint_drift (refill, churn, cycles)
	NsPerOp       cells.Spread // ns_per_op of the key phase
	P99           cells.Spread // latency_p99 of the key phase, ns
	OpsPerSec     cells.Spread // ops_per_sec of the key phase (concurrent scenarios)
	ReadP99       cells.Spread // read_latency_p99 of the key phase, ns (concurrent scenarios)
	GCCycles      float64      // gc_cycles during the key phase
	PayloadKept   float64      // payload_retained at the end of the key phase, B (shape ptr)
	Failed        bool         // a rep failed or did different work (checksum)
	// Kinds are the line's figures per kind of op (a trace replay's), in
	// the order of cells.Vocab.Kinds: deletes first.
	Kinds []KindFigures
}

// KindFigures are one kind of op's figures in a trace replay's cell: the
// rows of its phase (cells.Vocab.Kinds).
type KindFigures struct {
	Phase   string       // the kind's phase: "replay-delete"
	Ops     float64      // its ops in the trace (median over reps)
	NsPerOp cells.Spread // ns_per_op of its runs of ops timed as blocks; Median NaN when it has none
	P99     cells.Spread // latency_p99 of its sampled ops, ns
	// Notes are the notes of its ns_per_op rows: the share of its ops its
	// timed runs hold, when not all.
	Notes []string
}

// Advice is what the summary says once when some cell's reps disagree,
// after the other notes; a line per such cell follows it, indented.
var Advice = fmt.Sprintf("reps disagree by more than %.0f%% (max/min > %.2f) in the cells below, marked *: their medians are a coin toss "+
	"between this machine's modes. What helps: %s.", (results.DisagreeRatio-1)*100, results.DisagreeRatio, results.DisagreeHelp)

// ScenarioTable is one scenario × shape × n × presize × goroutines.
type ScenarioTable struct {
	Scenario   string
	Shape      string
	N          int
	Presize    bool
	Goroutines int    // G, the writer goroutines of the table's cells
	KeyPhase   string // the phase whose time and latency are shown
	Op         string // what one op of that phase is
	Lines      []ImplFigures
	// Kinds are the kinds of op some line has figures of (a trace
	// replay's; cells.Table.Kinds), deletes first.
	Kinds []string
	// Advice is the verdict of package advise on the table's workload, at
	// most three lines (each prefixed with its column when the input has
	// several): printed at the end of the summary.
	Advice []string
}

// cellName names a cell in notes: "impl scenario shape n=N", with G=g when
// g > 1, and its label when it has one ("gc_percent=100").
func cellName(impl string, k cells.TableKey, label []cells.KV) string {
	g := ""
	if k.Goroutines > 1 {
		g = fmt.Sprintf(" G=%d", k.Goroutines)
	}
	if l := labelText(label); l != "" {
		g += " " + l
	}
	return fmt.Sprintf("%s %s %s n=%d%s", impl, k.Scenario, k.Shape, k.N, g)
}

// labelText writes a label as key=value pairs: "gc_percent=100 other_heap=256MiB".
func labelText(label []cells.KV) string { return cells.Pairs(label, " ") }

// Build groups records into tables (package cells: the cells, their good
// reps and the values the report and the charts show too), lines in
// registry order (v.Impls). Failed reps (cell_failed, or checksum_ok = 0)
// mark their line and are left out of the medians. Notes holds every
// non-empty note of a self-check row, once each. A run_config note that
// does not parse is an error.
func Build(recs []results.Record, v cells.Vocab) (tables []ScenarioTable, notes []string, err error) {
	set, err := cells.Build(recs, v)
	if err != nil {
		return nil, nil, err
	}
	// The columns' labels: what sets each apart, when there are several.
	labels := make([][]cells.KV, len(set.Columns))
	if len(set.Columns) > 1 {
		cols := set.Columns
		for i, c := range cols {
			labels[i] = c.Diff
		}
	}
	rowLabel := make([][]cells.KV, len(recs)) // each row's column's label
	var disagree []string                     // one line per cell whose reps disagree, after Advice
	for _, ct := range set.Tables() {
		t := ScenarioTable{Scenario: ct.Scenario, Shape: ct.Shape, N: ct.N, Presize: ct.Presize, Goroutines: ct.Goroutines,
			KeyPhase: v.Key(ct.Scenario), Op: v.Op(v.Key(ct.Scenario)), Kinds: ct.Kinds(v)}
		for _, g := range ct.Groups {
			l := figuresOf(g, v)
			l.Label = labels[g.Column]
			for _, i := range g.Rows {
				rowLabel[i] = l.Label
			}
			t.Lines = append(t.Lines, l)
			if d := l.disagreement(); d != "" {
				disagree = append(disagree, fmt.Sprintf("  %s: %s", cellName(g.Line, g.TableKey, l.Label), d))
			}
		}
		tables = append(tables, t)
	}
	adv, err := advise.Build(recs, v, advise.Options{})
	if err != nil {
		return nil, nil, err
	}
	for _, w := range adv.Workloads {
		for i := range tables {
			t := &tables[i]
			if t.Scenario == w.Scenario && t.Shape == w.Shape && t.N == w.N && t.Presize == w.Presize && t.Goroutines == w.Goroutines {
				for _, l := range w.Verdict {
					switch {
					case len(w.Label) > 0:
						l = labelText(w.Label) + ": " + l
					case w.Column != "":
						l = "column " + w.Column + ": " + l
					}
					t.Advice = append(t.Advice, l)
				}
			}
		}
	}
	for _, vs := range adv.Versus {
		for i := range tables {
			if t := &tables[i]; t.Scenario == vs.Scenario && t.Shape == vs.Shape && t.N == vs.N && t.Presize == vs.Presize && t.Goroutines == vs.Goroutines {
				t.Advice = append(t.Advice, vs.Summary(3))
			}
		}
	}
	notes = append(recordNotes(recs, rowLabel), kindNotes(tables)...)
	if len(disagree) > 0 {
		slices.Sort(disagree)
		notes = append(append(notes, Advice), disagree...)
	}
	return tables, notes, nil
}

// figuresOf is the line of cell g: the medians over its good reps of the
// figures of its key phase's last step (cells.Group.Figure).
func figuresOf(g *cells.Group, v cells.Vocab) ImplFigures {
	med := func(m string) float64 {
		vals, _ := g.Figure(m, cells.KeyEnd, v)
		return cells.SpreadOf(vals, cells.Exact).Median
	}
	spr := func(m string) cells.Spread {
		vals, _ := g.Figure(m, cells.KeyEnd, v)
		return cells.SpreadOf(vals, cells.Time)
	}
	full, _ := g.Figure(results.MetricBytesPerEntry, cells.Full, v)
	var kinds []KindFigures
	for _, k := range g.Kinds(v) {
		kinds = append(kinds, KindFigures{Phase: k,
			Ops:     cells.SpreadOf(g.OfKind(k, results.MetricOps), cells.Exact).Median,
			NsPerOp: cells.SpreadOf(g.OfKind(k, results.MetricNsPerOp), cells.Time),
			P99:     cells.SpreadOf(g.OfKind(k, results.MetricLatencyP99), cells.Time),
			Notes:   g.Notes(k, results.MetricNsPerOp)})
	}
	return ImplFigures{Kinds: kinds,
		Impl: g.Line, Reps: g.Reps, Failed: len(g.Failed) > 0,
		BytesPerEntry: cells.SpreadOf(full, cells.Exact).Median, Retained: med(results.MetricLiveHeap),
		RetainedRatio: med(results.MetricRetainedRatio), Reuse: med(results.MetricReuseRatio),
		Drift: med(results.MetricFootprintDrift), NsPerOp: spr(results.MetricNsPerOp),
		P99: spr(results.MetricLatencyP99), GCCycles: med(results.MetricGCCycles),
		OpsPerSec: spr(results.MetricOpsPerSec), ReadP99: spr(results.MetricReadLatencyP99),
		PayloadKept: med(results.MetricPayloadRetained),
	}
}

// kindNotes say, once per table and kind, the notes of the kinds' time
// per op: what share of the kind's ops its runs timed as blocks hold.
func kindNotes(tables []ScenarioTable) []string {
	var out []string
	for _, t := range tables {
		k := cells.TableKey{Scenario: t.Scenario, Shape: t.Shape, N: t.N, Presize: t.Presize, Goroutines: t.Goroutines}
		for _, kind := range t.Kinds {
			var said []string
			for _, l := range t.Lines {
				for _, kf := range l.Kinds {
					for _, n := range kf.Notes {
						if kf.Phase == kind && !slices.Contains(said, n) {
							said = append(said, n)
							out = append(out, fmt.Sprintf("%s: %s time/op: %s", cellName("", k, nil)[1:], kind, cells.OneLine(n)))
						}
					}
				}
			}
		}
	}
	return out
}

// recordNotes are the notes of the rows, sorted: self-check rows that
// failed or say "fail", once each; cells that ran on a busy machine
// (cpu_share); reps whose CPUs were farther apart (cpu_handoff). labels
// are the rows' columns' labels, which name their cells too.
func recordNotes(recs []results.Record, labels [][]cells.KV) []string {
	type cellKey struct {
		impl string // with the Go version when there are several
		cells.TableKey
		label string
	}
	name := func(k cellKey) string {
		s := cellName(k.impl, k.TableKey, nil)
		if k.label != "" {
			s += " " + k.label
		}
		return s
	}
	type contention struct {
		phases int
		least  float64
	}
	contended := map[cellKey]*contention{}
	handoff := map[cellKey]map[int]float64{} // cpu_handoff per rep
	leastHandoff := 0.0
	seenNote := map[string]bool{}
	var notes []string
	for i, r := range recs {
		k := cellKey{r.Impl, cells.TableKey{Scenario: r.Scenario, Shape: r.Shape, N: r.N, Presize: r.Presize, Goroutines: r.Goroutines},
			labelText(labels[i])}
		_, bad := cells.Failure(&r)
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
			msg := fmt.Sprintf("%s rep %d: %s=%g: %s", name(k), r.Rep, r.Metric, r.Value, r.Note)
			if !seenNote[msg] {
				seenNote[msg] = true
				notes = append(notes, msg)
			}
		}
	}
	for k, c := range contended {
		notes = append(notes, fmt.Sprintf("%s: %d phase(s) ran with cpu_share under 0.9 (least %.2f): the machine was busy, their ns/op are inflated",
			name(k), c.phases, c.least))
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
				name(k), far, len(reps), most, leastHandoff))
		}
	}
	slices.Sort(notes)
	return notes
}

// Write prints the tables as aligned text. Titles name G when some table
// has G > 1; the ops/s and read p99 columns are there in the tables that
// have such values.
func Write(w io.Writer, tables []ScenarioTable, notes []string) error {
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
		keys := labelKeys(t.Lines)
		head = append(head, keys...)
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
			for _, k := range keys {
				row = append(row, labelValue(l.Label, k))
			}
			for _, c := range cols {
				row = append(row, c.value(l))
			}
			fmt.Fprintf(tw, "%s\t%d\t%s\n", strings.Join(row, "\t"), l.Reps, flag)
		}
		writeKinds(tw, t, pre, keys)
	}
	if len(notes) > 0 {
		fmt.Fprintln(tw, "\nnotes:")
		for _, n := range notes {
			fmt.Fprintln(tw, "  "+n)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return writeAdvice(w, tables)
}

// writeKinds prints t's figures per kind of op, when it has any: a line
// per kind and implementation, kind by kind (deletes first). pre is what
// the table's title says after n, keys the label columns.
func writeKinds(tw io.Writer, t ScenarioTable, pre string, keys []string) {
	if len(t.Kinds) == 0 {
		return
	}
	fmt.Fprintf(tw, "\n%s  shape=%s  n=%d%s  per kind of op of phase %q  (medians over reps, times with min–max; time/op of the kind's runs of ops timed as blocks, p99 of its sampled ops)\n",
		t.Scenario, t.Shape, t.N, pre, t.KeyPhase)
	head := append(append([]string{"kind", "impl"}, keys...), results.MetricOps, "time/op (min–max)", "p99 (min–max)", "reps")
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	for _, kind := range t.Kinds {
		for _, l := range t.Lines {
			for _, kf := range l.Kinds {
				if kf.Phase != kind {
					continue
				}
				row := []string{kind, l.Impl}
				for _, k := range keys {
					row = append(row, labelValue(l.Label, k))
				}
				row = append(row, results.Format(kf.Ops, results.UnitCount), spreadStr(kf.NsPerOp, results.UnitNS),
					spreadStr(kf.P99, results.UnitNS), strconv.Itoa(l.Reps))
				flag := ""
				if l.Failed {
					flag = "  some reps excluded: failed (see notes)"
				}
				fmt.Fprintf(tw, "%s\t%s\n", strings.Join(row, "\t"), flag)
			}
		}
	}
}

// AdviceHead opens the advice at the end of the summary.
const AdviceHead = "advice (a winner only when better by the report's test and beyond the reps' spread; " +
	"`mapbench advise FILE` ranks every criterion and says what the data cannot answer):"

// writeAdvice prints each table's advice, after the notes.
func writeAdvice(w io.Writer, tables []ScenarioTable) error {
	if !slices.ContainsFunc(tables, func(t ScenarioTable) bool { return len(t.Advice) > 0 }) {
		return nil
	}
	var b strings.Builder
	b.WriteString("\n" + AdviceHead + "\n")
	for _, t := range tables {
		if len(t.Advice) == 0 {
			continue
		}
		fmt.Fprintf(&b, "  %s:\n", cellName("", cells.TableKey{Scenario: t.Scenario, Shape: t.Shape, N: t.N, Presize: t.Presize, Goroutines: t.Goroutines}, nil)[1:])
		for _, l := range t.Advice {
			b.WriteString("    " + l + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// labelKeys are the label keys of lines, in order: the settings that set
// the table's lines apart, each a column after impl.
func labelKeys(lines []ImplFigures) []string {
	var keys []string
	for _, l := range lines {
		for _, kv := range l.Label {
			if !slices.Contains(keys, kv.Key) {
				keys = append(keys, kv.Key)
			}
		}
	}
	return keys
}

// labelValue is key's value in label ("-" when it has none).
func labelValue(label []cells.KV, key string) string {
	for _, kv := range label {
		if kv.Key == key {
			return kv.Value
		}
	}
	return "-"
}

// column is one figure of a table's lines.
type column struct {
	title string
	value func(ImplFigures) string
	// optional, when set, is the figure of a column shown only in tables
	// where some line has it (not NaN).
	optional func(ImplFigures) float64
}

var columns = []column{
	{title: "B/entry full", value: func(l ImplFigures) string { return results.Format(l.BytesPerEntry, results.UnitBytes) }},
	{title: "heap after", value: func(l ImplFigures) string { return results.Format(l.Retained, results.UnitBytes) }},
	{title: "after/full", value: func(l ImplFigures) string { return results.Format(l.RetainedRatio, results.UnitRatio) }},
	{title: "reuse", value: func(l ImplFigures) string { return results.Format(l.Reuse, results.UnitRatio) }},
	{title: "drift", value: func(l ImplFigures) string { return results.Format(l.Drift, results.UnitRatio) }},
	{title: "time/op (min–max)", value: func(l ImplFigures) string { return spreadStr(l.NsPerOp, results.UnitNS) }},
	{title: "ops/s (min–max)", value: func(l ImplFigures) string { return spreadStr(l.OpsPerSec, results.UnitOpsPerS) },
		optional: func(l ImplFigures) float64 { return l.OpsPerSec.Median }},
	{title: "p99 (min–max)", value: func(l ImplFigures) string { return spreadStr(l.P99, results.UnitNS) }},
	{title: "read p99 (min–max)", value: func(l ImplFigures) string { return spreadStr(l.ReadP99, results.UnitNS) },
		optional: func(l ImplFigures) float64 { return l.ReadP99.Median }},
	{title: "GCs", value: func(l ImplFigures) string { return results.Format(l.GCCycles, results.UnitCount) }},
	{title: "payloads kept", value: func(l ImplFigures) string { return results.Format(l.PayloadKept, results.UnitBytes) },
		optional: func(l ImplFigures) float64 { return l.PayloadKept }},
}

// spreadStr writes a time figure as its median, then the least and the
// greatest rep in the median's unit, marked * when the reps disagree:
// "36.4 ns (28.9–53.8) *". One rep, or reps equal to three digits, is
// the median alone.
func spreadStr(s cells.Spread, unit string) string {
	if math.IsNaN(s.Median) {
		return "-"
	}
	med := results.Format(s.Median, unit)
	if s.N < 2 {
		return med
	}
	r := results.FormatRange(s.Min, s.Max, s.Median, unit)
	if r == "" {
		return med // every rep the same, as far as three digits show
	}
	out := med + " (" + r + ")"
	if s.Disagree() {
		out += " *"
	}
	return out
}

// disagreement names the time figures of l whose reps disagree, with
// their spread ("ns/op 28.9–53.8 ns (max/min 1.86)", "replay-delete p99
// 100–230 ns (max/min 2.30)"), or is "".
func (l ImplFigures) disagreement() string {
	type figure struct {
		name string
		s    cells.Spread
		unit string
	}
	figs := []figure{{"ns/op", l.NsPerOp, results.UnitNS}, {"p99", l.P99, results.UnitNS},
		{"ops/s", l.OpsPerSec, results.UnitOpsPerS}, {"read p99", l.ReadP99, results.UnitNS}}
	for _, k := range l.Kinds {
		figs = append(figs, figure{k.Phase + " ns/op", k.NsPerOp, results.UnitNS}, figure{k.Phase + " p99", k.P99, results.UnitNS})
	}
	var out []string
	for _, f := range figs {
		if f.s.Disagree() {
			out = append(out, fmt.Sprintf("%s %s (max/min %s)", f.name, results.FormatSpan(f.s.Min, f.s.Max, f.unit),
				results.Format(f.s.Max/f.s.Min, results.UnitRatio)))
		}
	}
	return strings.Join(out, ", ")
}

// tableColumns are the columns of a table of lines: all but the optional
// ones no line has a value for.
func tableColumns(lines []ImplFigures) []column {
	var out []column
	for _, c := range columns {
		if c.optional != nil && !slices.ContainsFunc(lines, func(l ImplFigures) bool { return !math.IsNaN(c.optional(l)) }) {
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
