package plot_test

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"mapbench/results"
	"mapbench/results/cells"
	"mapbench/results/plot"
	"mapbench/results/report"
	"mapbench/results/summary"
	"mapbench/scenarios"
)

// publishedVocab is the vocabulary the CLI passes (run.Vocab), for the scenarios
// of the published files (this test, not package plot, imports package
// scenarios). Impls is left empty: every implementation is then ordered
// by name, the same in all three.
var publishedVocab = cells.Vocab{
	Key: func(name string) string {
		sc, _ := scenarios.Lookup(name)
		return sc.KeyPhase
	},
	Op: scenarios.OpOf, Fill: scenarios.PhaseFill, Cycle: scenarios.PhaseCycle, Churn: scenarios.PhaseChurn,
	Kinds:  []string{scenarios.PhaseReplayDelete, scenarios.PhaseReplayPut, scenarios.PhaseReplayGet},
	Delete: scenarios.PhaseReplayDelete,
}

// same reports whether a and b are the same figure (NaN: not measured).
func same(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }

// The run summary, the report and the charts show the same figures for
// every cell of the published files: the key phase's median, min, max and
// rep count of ns/op, p99, ops/s and read p99, the medians of the heap
// figures, a trace replay's ns/op and p99 per kind of op
// (trace-cloudphysics.csv: its deletes, puts and gets), and the bars,
// lines and whiskers the charts draw.
func TestSummaryReportPlotAgree(t *testing.T) {
	files, err := filepath.Glob("../published/*.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no published CSVs")
	}
	// And the report's fixture of trace replays, whose puts have a time
	// per op of their own (runs timed as blocks), which no published
	// replay has.
	files = append(files, "../report/testdata/trace.csv")
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			recs, err := results.ReadCSVFile(f)
			if err != nil {
				t.Fatal(err)
			}
			tables, _, err := summary.Build(recs, publishedVocab)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := report.Build(recs, publishedVocab, report.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Columns) != 1 {
				// The summary labels each line with its column instead
				// (TestGoVersionsSideBySide, TestWriteGoldenGCPercentAndLiveHeap).
				t.Skipf("%d columns (%v): this comparison pairs figures of single-column files", len(rep.Columns), rep.Columns)
			}
			charts, err := plot.FromReport(rep, publishedVocab, plot.Options{SVGOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			byKey := agreeSummaryReport(t, tables, rep)
			agreePlot(t, charts, rep, byKey)
		})
	}
}

// figure names a figure: its metric, of a kind of op (a trace replay's
// phase replay-delete, ...) or of the key phase (kind "").
type figure struct{ kind, metric string }

func (f figure) String() string { return strings.TrimSpace(f.kind + " " + f.metric) }

// figures are one cell's figures as the summary shows them.
type figures map[figure]cells.Spread

// summaryFigures are the figures of l the report shows too.
func summaryFigures(l summary.ImplFigures) figures {
	med := func(v float64) cells.Spread { return cells.Spread{Median: v} }
	key := func(m string) figure { return figure{"", m} }
	out := figures{
		key(results.MetricNsPerOp): l.NsPerOp, key(results.MetricLatencyP99): l.P99,
		key(results.MetricOpsPerSec): l.OpsPerSec, key(results.MetricReadLatencyP99): l.ReadP99,
		key(results.MetricLiveHeap): med(l.Retained), key(results.MetricBytesPerEntry): med(l.BytesPerEntry),
		key(results.MetricRetainedRatio): med(l.RetainedRatio), key(results.MetricReuseRatio): med(l.Reuse),
		key(results.MetricFootprintDrift): med(l.Drift), key(results.MetricGCCycles): med(l.GCCycles),
		key(results.MetricPayloadRetained): med(l.PayloadKept),
	}
	for _, k := range l.Kinds {
		out[figure{k.Phase, results.MetricNsPerOp}] = k.NsPerOp
		out[figure{k.Phase, results.MetricLatencyP99}] = k.P99
	}
	return out
}

// agreeSummaryReport checks the summary's figures against the report's
// and returns the summary's by report table key and implementation.
func agreeSummaryReport(t *testing.T, tables []summary.ScenarioTable, rep *report.Report) map[[2]string]figures {
	t.Helper()
	rt := map[cells.TableKey]*report.ComparisonTable{}
	for i := range rep.Tables {
		x := &rep.Tables[i]
		rt[cells.TableKey{Scenario: x.Scenario, Shape: x.Shape, N: x.N, Presize: x.Presize, Goroutines: x.Goroutines}] = x
	}
	if len(tables) != len(rep.Tables) {
		t.Errorf("summary has %d tables, report %d", len(tables), len(rep.Tables))
	}
	out := map[[2]string]figures{}
	compared, kinds := 0, 0
	for _, st := range tables {
		r := rt[cells.TableKey{Scenario: st.Scenario, Shape: st.Shape, N: st.N, Presize: st.Presize, Goroutines: st.Goroutines}]
		if r == nil {
			t.Errorf("%s %s n=%d G=%d: in the summary, not the report", st.Scenario, st.Shape, st.N, st.Goroutines)
			continue
		}
		var impls []string
		for _, l := range st.Lines {
			impls = append(impls, l.Impl)
			out[[2]string{r.Key(), l.Impl}] = summaryFigures(l)
			for _, g := range r.Groups {
				if g.Impl == l.Impl && g.Reps+g.Excluded != l.Reps {
					t.Errorf("%s %s: summary %d reps, report %d good + %d left out", r.Key(), l.Impl, l.Reps, g.Reps, g.Excluded)
				}
			}
			for metric, want := range summaryFigures(l) {
				st := reportStat(r, l.Impl, metric)
				if st == nil {
					if !math.IsNaN(want.Median) {
						t.Errorf("%s %s %s: summary %v, not in the report", r.Key(), l.Impl, metric, want.Median)
					}
					continue
				}
				compared++
				if metric.kind != "" {
					kinds++
				}
				if !same(want.Median, st.Median) {
					t.Errorf("%s %s %s: summary median %v, report %v", r.Key(), l.Impl, metric, want.Median, st.Median)
				}
				if want.N > 0 && want != st.Spread {
					t.Errorf("%s %s %s: summary %+v, report %+v", r.Key(), l.Impl, metric, want, st.Spread)
				}
			}
		}
		if !slices.Equal(impls, r.Impls) {
			t.Errorf("%s: summary lines %q, report %q", r.Key(), impls, r.Impls)
		}
	}
	if compared == 0 {
		t.Error("no figure compared")
	}
	t.Logf("figures compared: %d, of them of a kind of op: %d", compared, kinds)
	return out
}

// reportStat is line impl's statistic of f in t's first column.
func reportStat(t *report.ComparisonTable, impl string, f figure) *report.Stat {
	for _, b := range t.Blocks {
		if b.Spec.Metric != f.metric || b.Kind != f.kind {
			continue
		}
		for _, l := range b.Lines {
			if l.Impl == impl && l.Cells[0] != nil {
				return l.Cells[0].Stat
			}
		}
	}
	return nil
}

// agreePlot checks what the charts draw against the report and the
// summary: retained-heap bars (live heap median, min–max), ns-per-op bars
// (median, CI or min–max), throughput points (median, min–max), and the
// p99 points of the latency, read-latency and kind latency charts (a
// trace replay's replay-delete-latency, ...).
func agreePlot(t *testing.T, charts []plot.Chart, rep *report.Report, sum map[[2]string]figures) {
	t.Helper()
	tables := map[string]*report.ComparisonTable{}
	for i := range rep.Tables {
		tables[rep.Tables[i].Key()] = &rep.Tables[i]
	}
	p99 := slices.IndexFunc(plot.Latencies, func(l struct{ Metric, Label string }) bool { return l.Metric == results.MetricLatencyP99 })
	readP99 := slices.IndexFunc(plot.ReadLatencies, func(l struct{ Metric, Label string }) bool { return l.Metric == results.MetricReadLatencyP99 })
	compared := map[string]int{}
	for _, c := range charts {
		kind, _, _ := strings.Cut(c.Name, "_")
		opKind, isKind := strings.CutSuffix(kind, "-latency")
		isKind = isKind && slices.Contains(publishedVocab.Kinds, opKind)
		keys := plot.Tables(c)
		for i, l := range plot.Lines(c) {
			for j, p := range l.Points {
				tk := keys[i][j]
				where := fmt.Sprintf("%s: %s %s", c.Name, tk, l.Impl)
				var metric figure
				switch {
				case kind == "retained-heap":
					metric.metric = results.MetricLiveHeap
				case kind == "ns-per-op":
					metric.metric = results.MetricNsPerOp
				case kind == "throughput":
					metric.metric = results.MetricOpsPerSec
				case kind == "latency" && int(p.X) == p99:
					metric.metric = results.MetricLatencyP99
				case kind == "read-latency" && int(p.X) == readP99:
					metric.metric = results.MetricReadLatencyP99
				case isKind && int(p.X) == p99:
					metric = figure{opKind, results.MetricLatencyP99}
				default:
					continue
				}
				st := reportStat(tables[tk], l.Impl, metric)
				s, ok := sum[[2]string{tk, l.Impl}]
				if st == nil || !ok {
					t.Errorf("%s: %s drawn, not in the report (%v) or the summary (%v)", where, metric, st != nil, ok)
					continue
				}
				compared[kind]++
				fromReport, fromSummary := st.Median, s[metric].Median
				if strings.HasSuffix(kind, "latency") { // a log axis has no 0
					fromReport, fromSummary = max(fromReport, 1), max(fromSummary, 1)
				}
				if p.Y != fromReport || p.Y != fromSummary {
					t.Errorf("%s %s: drawn at %v, report median %v, summary %v", where, metric, p.Y, st.Median, s[metric].Median)
				}
				lo, hi := st.Min, st.Max
				switch {
				case strings.HasSuffix(kind, "latency"):
					lo, hi = math.NaN(), math.NaN()
				case kind == "ns-per-op" && st.HasCI():
					lo, hi = st.Lo, st.Hi
				}
				if !same(p.Lo, lo) || !same(p.Hi, hi) {
					t.Errorf("%s %s: whisker %v–%v, want %v–%v", where, metric, p.Lo, p.Hi, lo, hi)
				}
			}
		}
	}
	t.Logf("chart values compared: %v", compared)
	for _, kind := range []string{"retained-heap", "ns-per-op", "latency"} {
		if compared[kind] == 0 {
			t.Errorf("no %s chart compared", kind)
		}
	}
	for _, tb := range rep.Tables {
		for _, k := range tb.Kinds {
			if compared[k+"-latency"] == 0 {
				t.Errorf("%s: no %s-latency chart compared", tb.Key(), k)
			}
		}
	}
}
