package harness

import (
	"context"
	"slices"
	"testing"
	"time"

	"mapbench/results"
	"mapbench/scenarios"
	"mapbench/trace"
)

// writtenElsewhere are the metrics of the table no harness code writes,
// each with its producer. Everything else in results.Metrics must come out
// of TestEmittedMetricsMatchTable's cells.
var writtenElsewhere = map[string]string{
	// The run's provenance, which harness/run puts in front of every
	// cell's rows (settings.go, provenance; its tests read them back).
	results.MetricRunConfig:   "harness/run",
	results.MetricCommandLine: "harness/run",
	results.MetricPasses:      "harness/run",
	results.MetricTimeout:     "harness/run",
	results.MetricMemLimit:    "harness/run",
}

// replaySpec is a cell of impl replaying a trace with a run of each kind
// of op long enough to be timed as a block (replaykinds.go).
func replaySpec(t *testing.T, impl string) Spec {
	t.Helper()
	var recs []trace.Record
	for i := range uint64(minBlock) {
		recs = append(recs, put(i))
	}
	for i := range uint64(minBlock) {
		recs = append(recs, get(i/2))
	}
	for i := range uint64(minBlock) {
		recs = append(recs, del(i))
	}
	tf, err := OpenTrace(writeTrace(t, 1, recs))
	if err != nil {
		t.Fatal(err)
	}
	spec := testSpec(impl, tf.Name, "u64", tf.Stats.PeakLive)
	spec.Trace = tf.Path
	return spec
}

// The metric table and the harness agree: every metric the harness writes
// is in the table, with the table's unit and in rows of the table's scope
// (meta or a phase; concurrent cells only; child or parent), and every
// metric in the table is written by some cell here or listed in
// writtenElsewhere. The cells, at a small n, are every scenario (xsync:
// safe for concurrent use, and it reports a capacity), and the special
// cases: a map that rebuilds itself (rebuilds), shape ptr (payload rows,
// phase_gc_percent), diagnostics on, an other live heap (other_heap_live),
// a replay of a trace, and in child processes a cell that
// finishes (cell_wall_time) and one that fails (cell_failed).
func TestEmittedMetricsMatchTable(t *testing.T) {
	const n = 400
	type cell struct {
		spec       Spec
		concurrent bool
	}
	var cells []cell
	for _, sc := range scenarios.All() {
		spec := testSpec("xsync", sc.Name, "u64", n)
		if sc.Concurrent {
			// Two CPUs: the handoff between them is measured.
			spec.Goroutines, spec.GOMAXPROCS = 2, 2
		}
		cells = append(cells, cell{spec, sc.Concurrent})
	}
	diag := testSpec("native", "drain", "u64", n)
	diag.Diagnostics = Diagnostics{GCTrace: t.TempDir()} // the child writes no file of its own for -gctrace
	live := testSpec("native", "drain", "u64", n)
	live.LiveHeap = 64 << 10
	cells = append(cells,
		cell{testSpec("native-rebuild", "drain", "u64", n), false},
		cell{testSpec("native", "churn-fifo", "ptr", n), false},
		cell{diag, false},
		cell{live, false},
		cell{replaySpec(t, "native"), false})

	written := map[string]bool{}
	check := func(where string, concurrent, parent bool, r Row) {
		t.Helper()
		written[r.Metric] = true
		m, ok := results.LookupMetric(r.Metric)
		switch {
		case !ok:
			t.Errorf("%s: metric %q is not in results.Metrics", where, r.Metric)
			return
		case r.Unit != m.Unit:
			t.Errorf("%s: %s has unit %q, the table's is %q", where, r.Metric, r.Unit, m.Unit)
		case m.Scope.Meta() != (r.Phase == results.PhaseMeta):
			t.Errorf("%s: %s in phase %q, but its scope is %q", where, r.Metric, r.Phase, m.Scope)
		case m.Scope.Concurrent() && !concurrent:
			t.Errorf("%s: %s in a single-goroutine cell, but its scope is %q", where, r.Metric, m.Scope)
		case (m.Scope == results.InRun) != parent:
			t.Errorf("%s: %s written by the %s, but its scope is %q", where, r.Metric, map[bool]string{true: "parent", false: "child"}[parent], m.Scope)
		}
	}
	for _, c := range cells {
		rows, err := RunCell(c.spec)
		if err != nil {
			t.Fatalf("%s: %v", CellFileName(c.spec), err)
		}
		for _, r := range rows {
			check(CellFileName(c.spec), c.concurrent, false, r)
		}
	}

	// The parent's rows: a cell that finishes, whose last row is the
	// parent's (cell_wall_time), and one whose child fails, whose only row
	// is (cell_failed).
	cfg := Config{Impls: []string{"native"}, Scenarios: []string{"drain"}, Shapes: []string{"u64"},
		Ns: []int{100}, Reps: 1, GCPercents: []int{1}, GOMAXPROCS: 1, Seed: 3, SampleEvery: 64, Passes: 1, Timeout: time.Minute}
	for _, exe := range []string{"", "/bin/false"} {
		cfg.Exe = exe
		var recs []results.Record
		sum, err := Run(context.Background(), cfg, Environment(cfg), func(rs []results.Record) error {
			recs = append(recs, rs...)
			return nil
		}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Cells != 1 || len(recs) == 0 || (exe != "") != (sum.Failed == 1) {
			t.Fatalf("Run with exe %q: summary %+v, %d records; want one cell, failed only with /bin/false", exe, sum, len(recs))
		}
		for i, r := range recs {
			if err := r.Valid(); err != nil {
				t.Error(err)
			}
			row := Row{Phase: r.Phase, Step: r.Step, Metric: r.Metric, Value: r.Value, Unit: r.Unit, Note: r.Note}
			check("Run with exe "+exe, false, i == len(recs)-1, row)
		}
	}

	for _, m := range results.Metrics {
		by, elsewhere := writtenElsewhere[m.Name]
		switch {
		case elsewhere && written[m.Name]:
			t.Errorf("%s is listed as written by %s, but the harness wrote it: take it off writtenElsewhere", m.Name, by)
		case elsewhere && m.Scope != results.InRun:
			t.Errorf("%s is listed as written by %s, but its scope %q is not the parent's", m.Name, by, m.Scope)
		case !elsewhere && !written[m.Name]:
			t.Errorf("metric %s is in results.Metrics but no cell wrote it: a producer is missing, or add a cell that writes it", m.Name)
		}
	}
	for name := range writtenElsewhere {
		if _, ok := results.LookupMetric(name); !ok {
			t.Errorf("writtenElsewhere lists %q, which is not in results.Metrics", name)
		}
	}
	if len(written) == 0 || !slices.ContainsFunc(results.Metrics, func(m results.MetricInfo) bool { return written[m.Name] }) {
		t.Fatal("no metric written at all")
	}
}
