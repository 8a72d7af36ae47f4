package cells

import (
	"math"
	"slices"
	"testing"

	"mapbench/results"
)

// The identity fields are Record's fields but the sample and the measured
// value, named by their CSV columns; the column label is every one of
// them but the table's and the line's. Every field of Record but
// identity's exceptions is a column: a field added later joins the
// grouping.
func TestIdentityFields(t *testing.T) {
	for _, tc := range []struct{ in, want string }{{"RunID", "run_id"}, {"GOMAXPROCS", "gomaxprocs"},
		{"GCPercent", "gc_percent"}, {"GoVersion", "go_version"}, {"N", "n"}, {"CPU", "cpu"}} {
		if got := snake(tc.in); got != tc.want {
			t.Errorf("snake(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	var cols []string
	for _, f := range identityFields() {
		cols = append(cols, f.column)
		if !slices.Contains(results.Columns, f.column) {
			t.Errorf("field %s is named %q, not a CSV column", f.name, f.column)
		}
	}
	want := []string{"host", "go_version", "goos", "goarch", "cpu", "gomaxprocs", "gc_percent", "other_heap", "seed",
		"impl", "impl_version", "scenario", "shape", "n", "presize", "goroutines"}
	if !slices.Equal(cols, want) {
		t.Errorf("identity columns %q, want %q", cols, want)
	}
}

var testVocab = Vocab{
	Key:   func(string) string { return "delete" },
	Op:    func(p string) string { return p },
	Fill:  "fill",
	Cycle: "cycle",
	Impls: []string{"zeta", "alpha"},
}

// rec is one record of impl's drain cell on host h, run "r1".
func rec(impl, host string, rep int, phase string, step int, metric string, v float64) results.Record {
	return results.Record{
		Env:   results.Env{RunID: "r1", Host: host, GoVersion: "go1.26"},
		Cell:  results.Cell{Impl: impl, ImplVersion: "v1", Scenario: "drain", Shape: "u64", N: 8, Goroutines: 1, Rep: rep},
		Phase: phase, Step: step, Metric: metric, Value: v,
	}
}

func TestFailure(t *testing.T) {
	for _, tc := range []struct {
		metric string
		value  float64
		note   string
		why    string
	}{
		{results.MetricCellFailed, 1, "panicked:\n  x", "cell_failed: panicked: | x"},
		{results.MetricCellFailed, 0, "", ""},
		{results.MetricChecksumOK, 0, "got 3", "checksum_ok=0: got 3"},
		{results.MetricChecksumOK, 1, "", ""},
		{results.MetricNsPerOp, 0, "", ""},
	} {
		r := rec("alpha", "h", 0, results.PhaseMeta, 0, tc.metric, tc.value)
		r.Note = tc.note
		why, failed := Failure(&r)
		if why != tc.why || failed != (tc.why != "") {
			t.Errorf("%s=%v: %q %v, want %q", tc.metric, tc.value, why, failed, tc.why)
		}
	}
}

// A cell's reps: the failed one (checksum_ok = 0, then cell_failed, which
// says more) is left out of the values, which are one per good rep in
// Sample order, NaN where a rep lacks the metric; the key phase's last
// step is over every rep.
func TestGroupRepsAndValues(t *testing.T) {
	recs := []results.Record{
		rec("alpha", "h", 2, "delete", 0, results.MetricNsPerOp, 20),
		rec("alpha", "h", 2, "delete", 1, results.MetricNsPerOp, 21),
		rec("alpha", "h", 0, "delete", 1, results.MetricNsPerOp, 1),
		rec("alpha", "h", 1, "delete", 1, results.MetricNsPerOp, 1e9),
		rec("alpha", "h", 1, "delete", 2, results.MetricLiveHeap, 1e9),
		rec("alpha", "h", 1, results.PhaseMeta, 0, results.MetricChecksumOK, 0),
		rec("alpha", "h", 1, results.PhaseMeta, 0, results.MetricCellFailed, 1),
		rec("alpha", "h", 0, "fill", 0, results.MetricBytesPerEntry, 40),
		rec("alpha", "h", 0, "fill", 1, results.MetricBytesPerEntry, 99),
		rec("alpha", "h", 2, "cycle", 3, results.MetricFootprintDrift, 1.5),
	}
	set, err := Build(recs, testVocab)
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Groups) != 1 {
		t.Fatalf("%d groups, want 1", len(set.Groups))
	}
	g := set.Groups[0]
	if g.Reps != 3 || !slices.Equal(g.Good, []Sample{{"r1", 0}, {"r1", 2}}) {
		t.Errorf("reps %d, good %v; want 3, reps 0 and 2", g.Reps, g.Good)
	}
	if len(g.Failed) != 1 || g.Failed[0].Rep != 1 || g.Failed[0].Why != "cell_failed: " {
		t.Errorf("failed %+v, want rep 1 by cell_failed", g.Failed)
	}
	if g.LastStep != 2 {
		t.Errorf("last step %d, want 2 (the failed rep's live_heap row counts)", g.LastStep)
	}
	same := func(a, b []float64) bool {
		return slices.EqualFunc(a, b, func(x, y float64) bool { return x == y || math.IsNaN(x) && math.IsNaN(y) })
	}
	at1 := g.Values(results.MetricNsPerOp, func(p string, s int) bool { return p == "delete" && s == 1 })
	if !same(at1, []float64{1, 21}) {
		t.Errorf("ns/op at step 1 %v, want [1 21] (the failed rep's 1e9 left out)", at1)
	}
	if v := g.AtKeyEnd(results.MetricNsPerOp); v != nil {
		t.Errorf("ns/op at the key phase's end %v, want none", v)
	}
	if v, phase := g.Figure(results.MetricBytesPerEntry, Full, testVocab); !same(v, []float64{40, math.NaN()}) || phase != "fill" {
		t.Errorf("bytes per entry %v from %q, want [40 NaN] from fill step 0", v, phase)
	}
	if v, phase := g.Figure(results.MetricFootprintDrift, KeyEnd, testVocab); !same(v, []float64{math.NaN(), 1.5}) || phase != "cycle" {
		t.Errorf("drift %v from %q, want [NaN 1.5] from the cycle phase", v, phase)
	}
	if s := g.Steps("delete", results.MetricNsPerOp); !slices.Equal(s, []int{0, 1}) {
		t.Errorf("steps %v, want [0 1]", s)
	}
}

// A replay's figures per kind of op: the kinds a cell has rows in, in
// the vocabulary's order (deletes first, whatever the rows' order), their
// values one per good rep (the failed rep's left out, NaN where a rep has
// none), and the distinct notes of the good reps' rows.
func TestKinds(t *testing.T) {
	v := testVocab
	v.Kinds, v.Delete = []string{"replay-delete", "replay-put", "replay-get"}, "replay-delete"
	note := func(r results.Record, n string) results.Record { r.Note = n; return r }
	recs := []results.Record{
		rec("alpha", "h", 0, "replay-get", 0, results.MetricLatencyP99, 90),
		rec("alpha", "h", 0, "replay-delete", 0, results.MetricLatencyP99, 200),
		rec("alpha", "h", 1, "replay-delete", 0, results.MetricLatencyP99, 9e9),
		rec("alpha", "h", 1, results.PhaseMeta, 0, results.MetricCellFailed, 1),
		rec("alpha", "h", 2, "replay-delete", 0, results.MetricLatencyP99, 250),
		note(rec("alpha", "h", 0, "replay-delete", 0, results.MetricNsPerOp, 30), "the 2048 of its 4096 ops (50.0%)"),
		note(rec("alpha", "h", 1, "replay-delete", 0, results.MetricNsPerOp, 9e9), "failed rep's note"),
		note(rec("alpha", "h", 2, "replay-delete", 0, results.MetricNsPerOp, 31), "the 2048 of its 4096 ops (50.0%)"),
		rec("alpha", "h", 2, "delete", 0, results.MetricLatencyP99, 1),
	}
	set, err := Build(recs, v)
	if err != nil {
		t.Fatal(err)
	}
	g := set.Groups[0]
	if k := g.Kinds(v); !slices.Equal(k, []string{"replay-delete", "replay-get"}) {
		t.Errorf("kinds %q, want replay-delete, replay-get (the vocabulary's order; no puts)", k)
	}
	if k := g.Kinds(testVocab); k != nil {
		t.Errorf("kinds %q with a vocabulary of none, want none", k)
	}
	same := func(a, b []float64) bool {
		return slices.EqualFunc(a, b, func(x, y float64) bool { return x == y || math.IsNaN(x) && math.IsNaN(y) })
	}
	if got := g.OfKind("replay-delete", results.MetricLatencyP99); !same(got, []float64{200, 250}) {
		t.Errorf("delete p99 %v, want [200 250]", got)
	}
	if got := g.OfKind("replay-get", results.MetricLatencyP99); !same(got, []float64{90, math.NaN()}) {
		t.Errorf("get p99 %v, want [90 NaN]", got)
	}
	if got := g.OfKind("replay-put", results.MetricLatencyP99); got != nil {
		t.Errorf("put p99 %v, want nil", got)
	}
	if got := g.Notes("replay-delete", results.MetricNsPerOp); !slices.Equal(got, []string{"the 2048 of its 4096 ops (50.0%)"}) {
		t.Errorf("notes %q, want the good reps' one note once", got)
	}
	if got := g.Notes("replay-delete", results.MetricLatencyP99); got != nil {
		t.Errorf("notes of rows without any: %q", got)
	}
}

// Lines are in registry order, then unknown implementations by name; an
// implementation with two versions has a line per version; hosts are
// columns, never pooled.
func TestTablesOrderLinesColumns(t *testing.T) {
	recs := []results.Record{
		rec("beta", "h", 0, "delete", 0, results.MetricNsPerOp, 1),
		rec("alpha", "h", 0, "delete", 0, results.MetricNsPerOp, 1),
		rec("zeta", "h", 0, "delete", 0, results.MetricNsPerOp, 1),
		rec("zeta", "other", 0, "delete", 0, results.MetricNsPerOp, 1),
		rec("alpha", "h", 1, "delete", 0, results.MetricNsPerOp, 1),
	}
	recs[4].ImplVersion = "v2"
	recs[1].ImplVersion = "go1.26" // the Go version: no version of the line
	set, err := Build(recs, testVocab)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(set.Impls, []string{"zeta", "alpha", "beta"}) {
		t.Errorf("impls %q, want registry order then unknown", set.Impls)
	}
	if len(set.Columns) != 2 || set.Columns[0].Name != "A" || set.Columns[1].Name != "B" {
		t.Errorf("columns %+v, want A and B (two hosts)", set.Columns)
	}
	tables := set.Tables()
	if len(tables) != 1 {
		t.Fatalf("%d tables, want 1", len(tables))
	}
	if got := tables[0].Lines(); !slices.Equal(got, []string{"zeta", "alpha", "alpha@v2", "beta"}) {
		t.Errorf("lines %q", got)
	}
	var cols []int
	for _, g := range tables[0].Groups {
		cols = append(cols, g.Column)
	}
	if !slices.Equal(cols, []int{0, 1, 0, 0, 0}) {
		t.Errorf("columns of the groups %v, want zeta's two first", cols)
	}
}

// GOGC and the other live heap label columns: cells that differ in either
// are never pooled. other_heap labels only an input where some row has
// one (so files without it, v1 and v2 among them, label as before), with
// its size written exactly ("256MiB"); run_config's lists of them label
// nothing (each row's columns do).
func TestGCPercentAndOtherHeapLabelColumns(t *testing.T) {
	const conf = "impls=alpha;gc-percent=1,100;live-heap=0,256MiB;sample=64"
	at := func(gc, other int) results.Record {
		r := rec("alpha", "h", 0, "delete", 0, results.MetricNsPerOp, 1)
		r.GCPercent, r.OtherHeap = gc, other
		return r
	}
	withConf := func(recs ...results.Record) []results.Record {
		c := recs[0]
		c.Phase, c.Metric, c.Note = results.PhaseMeta, results.MetricRunConfig, conf
		return append(recs, c)
	}
	label := func(c Column) map[string]string {
		m := map[string]string{}
		for _, kv := range c.Label {
			m[kv.Key] = kv.Value
		}
		return m
	}
	set, err := Build(withConf(at(1, 0), at(100, 0), at(1, 256<<20), at(100, 256<<20)), testVocab)
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Columns) != 4 || len(set.Groups) != 4 {
		t.Fatalf("%d columns, %d groups; want 4 of each (never pooled)", len(set.Columns), len(set.Groups))
	}
	want := []map[string]string{{"gc_percent": "1", "other_heap": "0"}, {"gc_percent": "100", "other_heap": "0"},
		{"gc_percent": "1", "other_heap": "256MiB"}, {"gc_percent": "100", "other_heap": "256MiB"}}
	for i, c := range set.Columns {
		l := label(c)
		for k, v := range want[i] {
			if l[k] != v {
				t.Errorf("column %s: %s=%q, want %q (label %v)", c.Name, k, l[k], v, c.Label)
			}
		}
		if _, ok := l["gc-percent"]; ok {
			t.Errorf("column %s is labelled by run_config's gc-percent list: %v", c.Name, c.Label)
		}
		if _, ok := l["live-heap"]; ok {
			t.Errorf("column %s is labelled by run_config's live-heap list: %v", c.Name, c.Label)
		}
	}
	set, err = Build(withConf(at(1, 0), at(100, 0)), testVocab)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range set.Columns {
		if _, ok := label(c)["other_heap"]; ok {
			t.Errorf("no row has an other heap, yet column %s is labelled by it: %v", c.Name, c.Label)
		}
	}
}

func TestSpreadOf(t *testing.T) {
	s := SpreadOf([]float64{4, math.NaN(), 1, 2, 3}, Exact)
	if s != (Spread{Median: 2.5, Min: 1, Max: 4, N: 4}) {
		t.Errorf("exact %+v", s)
	}
	if s := SpreadOf([]float64{3, 1, 2}, Time); s != (Spread{Median: 2, Min: 1, Max: 3, N: 3}) {
		t.Errorf("time %+v", s)
	}
	if s := SpreadOf([]float64{math.NaN()}, Time); s.N != 0 || !math.IsNaN(s.Median) || !math.IsNaN(s.Min) || !math.IsNaN(s.Max) {
		t.Errorf("none %+v", s)
	}
	if !(Spread{Min: 1, Max: 2, N: 3}).Disagree() || (Spread{Min: 1, Max: 1.01, N: 3}).Disagree() {
		t.Error("Disagree")
	}
}

// Go versions are columns, like hosts, named by what differs; the -go
// list of run_config (what was run, like -impls) labels no column, so
// the cells of one Go version pool across a run with -go and one
// without.
func TestGoVersionsAreColumns(t *testing.T) {
	withGo := func(run, gov string, rep int, v float64) results.Record {
		r := rec("alpha", "h", rep, "delete", 0, results.MetricNsPerOp, v)
		r.RunID, r.GoVersion = run, gov
		return r
	}
	cfg := func(run, note string) results.Record {
		r := rec("alpha", "h", 0, results.PhaseMeta, 0, results.MetricRunConfig, 1)
		r.RunID, r.GoVersion, r.Note = run, "go1.26.8", note
		return r
	}
	recs := []results.Record{
		cfg("r1", "sample=64;go=go1.26.8,go1.27.3"),
		withGo("r1", "go1.26.8", 0, 10), withGo("r1", "go1.27.3", 0, 20),
		cfg("r2", "sample=64"),
		withGo("r2", "go1.26.8", 0, 11),
	}
	set, err := Build(recs, testVocab)
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Columns) != 2 {
		t.Fatalf("%d columns %+v, want 2: one per Go version, the runs of go1.26.8 pooled", len(set.Columns), set.Columns)
	}
	if got := set.DiffKeys(); got != "go_version" {
		t.Errorf("DiffKeys %q, want go_version", got)
	}
	if a, b := set.Columns[0].Short(), set.Columns[1].Short(); a != "go1.26.8" || b != "go1.27.3" {
		t.Errorf("columns %q and %q, want go1.26.8 and go1.27.3", a, b)
	}
	for _, kv := range set.Common {
		if kv.Key == "go" {
			t.Errorf("the -go list labels the columns: %+v", set.Common)
		}
	}
	for _, g := range set.Groups {
		if want := map[int]int{0: 2, 1: 1}[g.Column]; len(g.Good) != want {
			t.Errorf("column %d: %d reps, want %d", g.Column, len(g.Good), want)
		}
	}
	one, err := Build(recs[3:], testVocab)
	if err != nil {
		t.Fatal(err)
	}
	if one.DiffKeys() != "" || one.Columns[0].Short() != "" || len(one.Columns[0].Diff) != 0 {
		t.Errorf("one column: DiffKeys %q, Short %q", one.DiffKeys(), one.Columns[0].Short())
	}
}
