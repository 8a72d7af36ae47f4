package report

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"

	"mapbench/internal/golden"
	"mapbench/results"
	"mapbench/results/cells"
)

// testVocab is the vocabulary of the fixtures' scenarios (what
// the CLI passes (run.Vocab) from packages scenarios and impls for the real
// ones).
var testVocab = cells.Vocab{
	Key: func(scenario string) string {
		switch {
		case strings.HasPrefix(scenario, "churn"):
			return "churn"
		case strings.HasPrefix(scenario, "trace:"):
			return "replay"
		}
		return "delete"
	},
	Op: func(phase string) string {
		switch phase {
		case "churn":
			return "delete+insert"
		case "replay":
			return "read/insert/delete"
		}
		return phase
	},
	Fill:   "fill",
	Cycle:  "cycle",
	Kinds:  []string{"replay-delete", "replay-put", "replay-get"},
	Delete: "replay-delete",
	Impls:  []string{"native", "syncmap", "xsync", "xsync-growonly", "dolthub", "cockroach"},
}

// The fixtures are real runs (see testdata/README):
//   - run5.csv: -impls native,dolthub -scenarios drain,churn-fifo -n 2000 -reps 5
//   - run3.csv: the same with -reps 3, another run
//   - run3-otherhost.csv: run3.csv with host and go_version (and the Go
//     version as native's impl_version) edited by hand
//   - goversions.csv: -go go1.26.8,go1.27.3 -impls native,cockroach
//     -scenarios churn-fifo -shapes struct -n 2048 -reps 4 (one run, two
//     Go versions: columns side by side)
//   - trace.csv: the replays of two traces (churn-fifo's, from-scenario;
//     examples/record's) on native and dolthub, 4 reps: figures per kind
//     of op
func readFixtures(t *testing.T, names ...string) []results.Record {
	t.Helper()
	var recs []results.Record
	for _, n := range names {
		rs, err := results.ReadCSVFile("testdata/" + n)
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rs...)
	}
	return recs
}

var writers = []struct {
	name  string
	write func(*bytes.Buffer, *Report) error
}{
	{"text", func(b *bytes.Buffer, r *Report) error { return WriteText(b, r) }},
	{"markdown", func(b *bytes.Buffer, r *Report) error { return WriteMarkdown(b, r) }},
	{"csv", func(b *bytes.Buffer, r *Report) error { return WriteCSV(b, r) }},
	{"bench", func(b *bytes.Buffer, r *Report) error { return WriteBench(b, r) }},
	{"html", func(b *bytes.Buffer, r *Report) error { return WriteHTML(b, r, stubFigures, nil) }},
}

var ext = map[string]string{"text": "txt", "markdown": "md", "csv": "csv", "bench": "bench", "html": "html"}

// Every format of every fixture set, against golden files.
func TestGolden(t *testing.T) {
	sets := []struct {
		name     string
		files    []string
		baseline string
	}{
		{"run5", []string{"run5.csv"}, ""},
		{"run3", []string{"run3.csv"}, "dolthub"},
		{"twohosts", []string{"run5.csv", "run3-otherhost.csv"}, ""},
		{"goversions", []string{"goversions.csv"}, ""},
		{"goroutines", nil, ""}, // goroutinesRecords
		{"trace", []string{"trace.csv"}, ""},
	}
	for _, set := range sets {
		recs := readFixtures(t, set.files...)
		if set.files == nil {
			recs = goroutinesRecords()
		}
		rep, err := Build(recs, testVocab, Options{Baseline: set.baseline})
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range writers {
			t.Run(set.name+"/"+w.name, func(t *testing.T) {
				var buf bytes.Buffer
				if err := w.write(&buf, rep); err != nil {
					t.Fatal(err)
				}
				golden.Check(t, "testdata/"+set.name+"."+ext[w.name]+".golden", buf.Bytes())
			})
		}
	}
}

// What a damaged run looks like: run3.csv with dolthub's drain rep 1 made
// a failed checksum and native's churn rep 2 a contended timing pass.
func TestGoldenDamaged(t *testing.T) {
	recs := readFixtures(t, "run3.csv")
	for i := range recs {
		r := &recs[i]
		if r.Impl == "dolthub" && r.Scenario == "drain" && r.Rep == 1 && r.Metric == results.MetricChecksumOK {
			r.Value, r.Note = 0, "[3 live keys missing, 0 wrong values, 0 deleted keys present]"
		}
		if r.Impl == "native" && r.Scenario == "churn-fifo" && r.Rep == 2 && r.Phase == "churn" && r.Metric == results.MetricCPUShare {
			r.Value, r.Note = 0.62, "contention: the cell had a CPU for only 62% of the timing passes; ns_per_op is inflated"
		}
	}
	rep, err := Build(recs, testVocab, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteText(&buf, rep); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/damaged.txt.golden", buf.Bytes())
}

// Inputs from two hosts and Go versions are never pooled: one column each,
// with the reps of each, and the change between them tested.
func TestTwoHostsSideBySide(t *testing.T) {
	rep, err := Build(readFixtures(t, "run5.csv", "run3-otherhost.csv"), testVocab, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Columns) != 2 {
		t.Fatalf("%d columns, want 2: %+v", len(rep.Columns), rep.Columns)
	}
	var diff []string
	for _, kv := range rep.Columns[1].Diff {
		diff = append(diff, kv.Key)
	}
	if !slices.Equal(diff, []string{"host", "go_version"}) {
		t.Errorf("columns differ by %q, want host and go_version", diff)
	}
	for _, tb := range rep.Tables {
		for _, g := range tb.Groups {
			if want := []int{5, 3}[g.Column]; g.Reps != want {
				t.Errorf("%s %s column %d: %d reps, want %d (pooled?)", tb.Scenario, g.Impl, g.Column, g.Reps, want)
			}
		}
		for _, b := range tb.Blocks {
			for _, l := range b.Lines {
				if l.Cells[0] == nil || l.Cells[1] == nil || l.Cells[1].VsFirst == nil || l.Cells[0].VsFirst != nil {
					t.Errorf("%s %s %s: cells %+v, want both columns and B compared with A", tb.Scenario, b.Spec.Metric, l.Impl, l.Cells)
				}
			}
		}
	}
}

// Two runs with one label (same machine, Go version and settings) are
// pooled: a sample is a (run, rep).
func TestRunsPooled(t *testing.T) {
	rep, err := Build(readFixtures(t, "run5.csv", "run3.csv"), testVocab, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Columns) != 1 || rep.Runs != 2 {
		t.Fatalf("%d columns, %d runs; want 1 column of 2 runs", len(rep.Columns), rep.Runs)
	}
	for _, g := range rep.Tables[0].Groups {
		if g.Reps != 8 {
			t.Errorf("%s: %d reps, want 8", g.Impl, g.Reps)
		}
	}
}

// What benchmath says about 3 and 5 reps is shown, not hidden: at 3 reps
// the U test cannot reach alpha 0.05 (a warning), at 5 it can; the 95%
// interval of a median needs 6, which the report says once in its header
// (TooFewForCI), showing min – max instead, never in every table.
func TestSmallSamples(t *testing.T) {
	tests := []struct {
		reps     int
		ciWarn   string
		testWarn string
	}{
		{3, "too few reps for an interval", "need >= 4 samples to detect a difference at alpha level 0.05"},
		{5, "too few reps for an interval", ""},
		{6, "", ""},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("reps=%d", tc.reps), func(t *testing.T) {
			var recs []results.Record
			for rep := range tc.reps {
				for i, impl := range []string{"native", "dolthub"} {
					recs = append(recs, rec(impl, "h", rep, "delete", "ns_per_op", float64(10+10*i+rep)))
				}
			}
			rep, err := Build(recs, testVocab, Options{})
			if err != nil {
				t.Fatal(err)
			}
			w := strings.Join(rep.Tables[0].Warnings, "\n")
			if tc.testWarn != "" && !strings.Contains(w, tc.testWarn) {
				t.Errorf("warnings lack %q:\n%s", tc.testWarn, w)
			}
			if strings.Contains(w, "confidence interval") {
				t.Errorf("a table warns of the interval; the header says it once:\n%s", w)
			}
			var text bytes.Buffer
			if err := WriteText(&text, rep); err != nil {
				t.Fatal(err)
			}
			if got := strings.Count(text.String(), "too few reps for an interval"); got != min(len(tc.ciWarn), 1) {
				t.Errorf("the text says %d times that reps are too few for an interval, want %d:\n%s", got, min(len(tc.ciWarn), 1), text.String())
			}
			if tc.ciWarn != "" && (rep.TooFewForCI() == false || strings.Contains(text.String(), "∞") || !strings.Contains(text.String(), "min – max")) {
				t.Errorf("too few reps: TooFewForCI %v; want min – max and no ∞ in:\n%s", rep.TooFewForCI(), text.String())
			}
			if tc.testWarn == "" && strings.Contains(w, "to detect a difference") {
				t.Errorf("unexpected test warning:\n%s", w)
			}
			cell := rep.Tables[0].Blocks[0].Lines[1].Cells[0]
			if sig := cell.VsBaseline.Significant; sig != (tc.reps >= 4) {
				t.Errorf("dolthub vs native significant = %v (p=%v), want %v", sig, cell.VsBaseline.P, tc.reps >= 4)
			}
			if inf := math.IsInf(cell.Stat.Lo, 0); inf != (tc.ciWarn != "") {
				t.Errorf("CI [%v, %v]: infinite = %v, want %v", cell.Stat.Lo, cell.Stat.Hi, inf, tc.ciWarn != "")
			}
		})
	}
}

// benchmath's U test says p=0 for 50 50 50 against 40 40 (ties, unequal
// sizes); the smallest possible p is 0.2: not significant, and said so.
func TestImpossiblePZero(t *testing.T) {
	var recs []results.Record
	for rep := range 3 {
		recs = append(recs, rec("native", "h", rep, "delete", "latency_p50", 50))
		if rep < 2 {
			recs = append(recs, rec("dolthub", "h", rep, "delete", "latency_p50", 40))
		}
	}
	rep, err := Build(recs, testVocab, Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := rep.Tables[0].Blocks[0].Lines[1].Cells[0].VsBaseline
	if c.P != 0 || c.Significant || c.Delta != "~" {
		t.Errorf("dolthub vs native: %+v, want p=0 from benchmath, not significant, ~", c)
	}
	if w := strings.Join(rep.Tables[0].Warnings, "\n"); !strings.Contains(w, "benchmath's U test gave p=0 for 3+2 samples") {
		t.Errorf("warnings lack the p=0 note:\n%s", w)
	}
}

func rec(impl, host string, rep int, phase, metric string, v float64) results.Record {
	u := "ns"
	if m, ok := results.LookupMetric(metric); ok {
		u = m.Unit
	}
	return results.Record{Env: results.Env{RunID: "r1", Host: host, GoVersion: "go1.26.8"},
		Cell:  results.Cell{Impl: impl, ImplVersion: "v1", Scenario: "drain", Shape: "u64", N: 1024, Goroutines: 1, Rep: rep},
		Phase: phase, Metric: metric, Value: v, Unit: u}
}

// A failed rep (cell_failed, or checksum_ok 0) is left out of every
// statistic and the table says so; notes are counted, never dropped.
func TestFailedRepsAndNotes(t *testing.T) {
	var recs []results.Record
	for rep := range 5 {
		recs = append(recs,
			rec("native", "h", rep, "delete", "ns_per_op", 20),
			rec("native", "h", rep, "delete", "live_heap", 1000),
			rec("dolthub", "h", rep, "delete", "ns_per_op", 10),
			rec("dolthub", "h", rep, "delete", "live_heap", 2000),
		)
		busy := rec("native", "h", rep, "delete", "cpu_share", 0.5)
		busy.Note = "contention: descheduled"
		recs = append(recs, busy)
	}
	failed := rec("dolthub", "h", 5, "meta", "cell_failed", 1)
	failed.Note = "panicked: boom\nstack"
	bad := rec("native", "h", 2, "meta", "checksum_ok", 0)
	bad.Note = "[3 live keys missing]"
	recs = append(recs, failed, bad, rec("native", "h", 2, "delete", "ns_per_op", 1e9))
	rep, err := Build(recs, testVocab, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tb := rep.Tables[0]
	for _, g := range tb.Groups {
		if g.Excluded != 1 {
			t.Errorf("%s: %d excluded, want 1", g.Impl, g.Excluded)
		}
	}
	ns := tb.Blocks[0].Lines[0].Cells[0].Stat
	if ns.Max != 20 || len(ns.Values) != 4 {
		t.Errorf("native ns/op values %v, want 4 reps of 20 (the failed rep's 1e9 left out)", ns.Values)
	}
	w := strings.Join(tb.Warnings, "\n")
	for _, want := range []string{
		"dolthub rep 5 (run r1) left out of the statistics: cell_failed: panicked: boom | stack",
		"native rep 2 (run r1) left out of the statistics: checksum_ok=0: [3 live keys missing]",
		"contention: descheduled (5 rows: delete cpu_share; native)",
	} {
		if !strings.Contains(w, want) {
			t.Errorf("warnings lack %q:\n%s", want, w)
		}
	}
	v := strings.Join(tb.Verdicts[0], "\n")
	for _, want := range []string{"least memory kept (delete live heap): native", "fastest (delete ns/op): dolthub"} {
		if !strings.Contains(v, want) {
			t.Errorf("verdicts lack %q:\n%s", want, v)
		}
	}
}

// The cycles scenario's drift comes from its cycle phase; its heap from
// the key phase's last step (the last cycle).
func TestCycles(t *testing.T) {
	var recs []results.Record
	for rep := range 3 {
		for step := range 5 {
			r := rec("native", "h", rep, "delete", "live_heap", float64(100+step))
			r.Scenario, r.Step = "cycles", step
			recs = append(recs, r)
		}
		d := rec("native", "h", rep, "cycle", "footprint_drift", 1.5)
		d.Scenario = "cycles"
		recs = append(recs, d)
	}
	rep, err := Build(recs, testVocab, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, b := range rep.Tables[0].Blocks {
		got[b.Spec.Metric] = fmt.Sprintf("%s %v", b.Phase, b.Lines[0].Cells[0].Stat.Median)
	}
	if got["live_heap"] != "delete 104" || got["footprint_drift"] != "cycle 1.5" {
		t.Errorf("blocks %v, want the last cycle's heap and the cycle phase's drift", got)
	}
}

func TestVerdicts(t *testing.T) {
	tests := []struct {
		name   string
		native []float64 // ns_per_op per rep
		other  []float64
		heapN  []float64 // live_heap per rep
		heapO  []float64
		want   []string
	}{
		{"clear winners", []float64{20, 21, 22, 23, 24}, []float64{10, 11, 12, 13, 14}, []float64{5, 5, 5, 5, 5}, []float64{6, 6, 6, 6, 6},
			[]string{"least memory kept (delete live heap): native (5 B; runner-up dolthub 6 B)", "fastest (delete ns/op): dolthub (12.0 ns; runner-up native 22.0 ns, p=0.008)"}},
		{"overlapping", []float64{10, 12, 14, 16, 18}, []float64{11, 13, 15, 17, 19}, []float64{5, 7, 5, 5, 5}, []float64{6, 6, 6, 6, 6},
			[]string{"least memory kept (delete live heap): no clear winner: native 5 B and dolthub 6 B overlap over reps",
				"fastest (delete ns/op): no clear winner: native 14.0 ns and dolthub 15.0 ns do not differ significantly (p=0.690)"}},
		{"three reps", []float64{20, 21, 22}, []float64{10, 11, 12}, []float64{5, 5, 5}, []float64{5, 5, 5},
			[]string{"least memory kept (delete live heap): no clear winner",
				"fastest (delete ns/op): no clear winner: dolthub 11.0 ns and native 21.0 ns do not differ significantly (p=0.100; need >= 4 samples to detect a difference at alpha level 0.05)"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var recs []results.Record
			for i := range tc.native {
				recs = append(recs,
					rec("native", "h", i, "delete", "ns_per_op", tc.native[i]),
					rec("dolthub", "h", i, "delete", "ns_per_op", tc.other[i]),
					rec("native", "h", i, "delete", "live_heap", tc.heapN[i]),
					rec("dolthub", "h", i, "delete", "live_heap", tc.heapO[i]))
			}
			rep, err := Build(recs, testVocab, Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := strings.Join(rep.Tables[0].Verdicts[0], "\n")
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("verdicts lack %q:\n%s", w, got)
				}
			}
		})
	}
}

func TestBaseline(t *testing.T) {
	recs := readFixtures(t, "run3.csv")
	tests := []struct {
		baseline, want, err string
	}{
		{"", "native", ""},
		{"dolthub", "dolthub", ""},
		{"xsync", "", `"xsync" is not in the input; implementations present: native, dolthub`},
	}
	for _, tc := range tests {
		t.Run("baseline="+tc.baseline, func(t *testing.T) {
			rep, err := Build(recs, testVocab, Options{Baseline: tc.baseline})
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if rep.Baseline != tc.want {
				t.Errorf("baseline %q, want %q", rep.Baseline, tc.want)
			}
		})
	}
	if _, err := Build(nil, testVocab, Options{}); err == nil {
		t.Error("no rows: no error")
	}
}

// The bench output reads back with benchfmt: key=value names benchstat can
// pivot on (-col /impl), the machine and versions as configuration, and
// the units with their metadata.
func TestBenchReadsBack(t *testing.T) {
	rep, err := Build(readFixtures(t, "run5.csv", "run3-otherhost.csv"), testVocab, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteBench(&buf, rep); err != nil {
		t.Fatal(err)
	}
	r := benchfmt.NewReader(&buf, "report.bench")
	results, hosts := 0, map[string]int{}
	impls := map[string]bool{}
	for r.Scan() {
		switch rec := r.Result().(type) {
		case *benchfmt.SyntaxError:
			t.Fatalf("syntax error: %v", rec)
		case *benchfmt.Result:
			results++
			hosts[rec.GetConfig("host")+" "+rec.GetConfig("go_version")]++
			for _, k := range []string{"goos", "goarch", "cpu", "gomaxprocs", "gc_percent", "seed"} {
				if rec.GetConfig(k) == "" {
					t.Fatalf("%s: no config %q", rec.Name, k)
				}
			}
			base, parts := rec.Name.Parts()
			if string(base) != "Mapbench" {
				t.Fatalf("base name %q", base)
			}
			var keys []string
			for _, p := range parts {
				k, v, ok := strings.Cut(strings.TrimPrefix(string(p), "/"), "=")
				if !ok {
					t.Fatalf("name part %q is not key=value", p)
				}
				keys = append(keys, k)
				if k == "impl" {
					impls[v] = true
				}
			}
			if want := []string{"scenario", "impl", "shape", "n", "presize", "phase"}; !slices.Equal(keys, want) {
				t.Fatalf("name %s: keys %q, want %q", rec.Name, keys, want)
			}
			if v, ok := rec.Value("sec/op"); !ok || v <= 0 || v > 1e-3 {
				t.Fatalf("%s: sec/op %v %v (ns/op tidied)", rec.Name, v, ok)
			}
			if v, ok := rec.Value("live-B"); !ok || v <= 0 || v != math.Trunc(v) {
				t.Fatalf("%s: live-B %v %v", rec.Name, v, ok)
			}
		}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	// 2 scenarios × 2 impls × (5 + 3) reps.
	if results != 32 || len(hosts) != 2 || !impls["native"] || !impls["dolthub"] {
		t.Errorf("%d results, hosts %v, impls %v; want 32 over two hosts", results, hosts, impls)
	}
	units := r.Units()
	for _, u := range []string{"live-B", "full-B/entry", "retained-ratio", "reuse-ratio", "drift-ratio", "gc-cycles"} {
		if units.GetAssumption(u) != benchmath.AssumeExact {
			t.Errorf("unit %s: not assume=exact", u)
		}
	}
	if units.GetAssumption("sec/op") != benchmath.AssumeNothing {
		t.Error("sec/op: not assume=nothing")
	}
	if units.GetBetter("live-B") != -1 || units.GetBetter("reuse-ratio") != 1 {
		t.Errorf("better: live-B %d, reuse-ratio %d", units.GetBetter("live-B"), units.GetBetter("reuse-ratio"))
	}
}

// goroutinesRecords is a hand-made run: concurrent-drain at G = 1, 2 and 4
// and drain (G = 1), native and dolthub, 5 reps; more goroutines, less
// time per op.
func goroutinesRecords() []results.Record {
	var recs []results.Record
	add := func(scenario string, g int) {
		for rep := range 5 {
			for i, impl := range []string{"native", "dolthub"} {
				f, gf := float64(rep), float64(g)
				for _, r := range []results.Record{
					rec(impl, "vm", rep, "fill", "bytes_per_entry", 36+4*float64(i)),
					rec(impl, "vm", rep, "delete", "ns_per_op", (40+10*float64(i)+f)/gf),
					rec(impl, "vm", rep, "delete", "latency_p99", 300+100*gf+f),
					rec(impl, "vm", rep, "delete", "live_heap", 70000+1000*float64(i)+gf),
					rec(impl, "vm", rep, "delete", "ops_per_sec", gf*1e7),
				} {
					r.Scenario, r.Goroutines = scenario, g
					r.GOOS, r.GOARCH, r.CPU, r.GOMAXPROCS, r.GCPercent, r.Seed = "linux", "amd64", "AMD EPYC", 2, 100, 1
					recs = append(recs, r)
				}
			}
		}
	}
	add("drain", 1)
	for _, g := range []int{4, 1, 2} {
		add("concurrent-drain", g)
	}
	return recs
}

// Goroutines are part of the cell: one table per G (never pooled, never a
// column), in G order, titled, named and keyed with G once some G > 1.
func TestGoroutines(t *testing.T) {
	rep, err := Build(goroutinesRecords(), testVocab, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Columns) != 1 {
		t.Fatalf("%d columns, want 1: goroutines label no column", len(rep.Columns))
	}
	for _, kv := range rep.Common {
		if kv.Key == "goroutines" {
			t.Errorf("goroutines is a label: %v", rep.Common)
		}
	}
	type id struct {
		scenario string
		g        int
	}
	var got []id
	for _, tb := range rep.Tables {
		got = append(got, id{tb.Scenario, tb.Goroutines})
		if !tb.NameG {
			t.Errorf("%s G=%d: NameG not set", tb.Scenario, tb.Goroutines)
		}
		for _, g := range tb.Groups {
			if g.Reps != 5 {
				t.Errorf("%s G=%d %s: %d reps, want 5 (pooled across G?)", tb.Scenario, tb.Goroutines, g.Impl, g.Reps)
			}
		}
		ns := tb.Blocks[0].Lines[0].Cells[0].Stat
		if want := 42 / float64(tb.Goroutines); ns.Median != want {
			t.Errorf("%s G=%d: native ns/op %v, want %v", tb.Scenario, tb.Goroutines, ns.Median, want)
		}
		wantTitle := fmt.Sprintf("%s  shape=u64  n=1024  G=%d  key phase: delete", tb.Scenario, tb.Goroutines)
		if tb.title() != wantTitle {
			t.Errorf("title %q, want %q", tb.title(), wantTitle)
		}
		if k, want := tb.Key(), fmt.Sprintf("%s/u64/1024/false/%d", tb.Scenario, tb.Goroutines); k != want {
			t.Errorf("key %q, want %q", k, want)
		}
		if n, want := BenchName(&tb, "native"), fmt.Sprintf("Mapbench/scenario=%s/impl=native/shape=u64/n=1024/presize=false/goroutines=%d/phase=delete", tb.Scenario, tb.Goroutines); n != want {
			t.Errorf("bench name %q, want %q", n, want)
		}
	}
	if want := []id{{"concurrent-drain", 1}, {"concurrent-drain", 2}, {"concurrent-drain", 4}, {"drain", 1}}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("tables %v, want %v", got, want)
	}

	// G = 1 everywhere: nothing says G (the goldens of run3 and run5, v1
	// files, are the proof at length).
	var one []results.Record
	for _, r := range goroutinesRecords() {
		if r.Goroutines == 1 {
			one = append(one, r)
		}
	}
	rep1, err := Build(one, testVocab, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range rep1.Tables {
		if tb.NameG || strings.Contains(tb.title(), "G=") || strings.Contains(BenchName(&tb, "native"), "goroutines") || tb.Key() != tb.Scenario+"/u64/1024/false" {
			t.Errorf("G = 1 only: %s: title %q, key %q, name %q", tb.Scenario, tb.title(), tb.Key(), BenchName(&tb, "native"))
		}
	}
	var csv1 bytes.Buffer
	if err := WriteCSV(&csv1, rep1); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(csv1.String(), "goroutines") {
		t.Errorf("G = 1 only: the CSV names goroutines:\n%s", csv1.String())
	}

	// The CSV has the goroutines column after presize.
	var buf bytes.Buffer
	if err := WriteCSV(&buf, rep); err != nil {
		t.Fatal(err)
	}
	head, rest, _ := strings.Cut(buf.String(), "\n")
	if !strings.HasPrefix(head, "scenario,shape,n,presize,goroutines,impl,impl_version,column,") ||
		!strings.HasPrefix(rest, "concurrent-drain,u64,1024,false,1,native,v1,A,") {
		t.Errorf("CSV starts\n%s\n%s", head, rest[:80])
	}
}

// The bench output of cells with G > 1 reads back with benchfmt: the name
// has goroutines=G, so benchstat can pivot on it (-col /goroutines).
func TestBenchGoroutines(t *testing.T) {
	rep, err := Build(goroutinesRecords(), testVocab, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteBench(&buf, rep); err != nil {
		t.Fatal(err)
	}
	r := benchfmt.NewReader(&buf, "g.bench")
	perG := map[string]int{}
	for r.Scan() {
		switch res := r.Result().(type) {
		case *benchfmt.SyntaxError:
			t.Fatalf("syntax error: %v", res)
		case *benchfmt.Result:
			_, parts := res.Name.Parts()
			var keys []string
			kv := map[string]string{}
			for _, p := range parts {
				k, v, _ := strings.Cut(strings.TrimPrefix(string(p), "/"), "=")
				keys = append(keys, k)
				kv[k] = v
			}
			if want := []string{"scenario", "impl", "shape", "n", "presize", "goroutines", "phase"}; !slices.Equal(keys, want) {
				t.Fatalf("name %s: keys %q, want %q", res.Name, keys, want)
			}
			perG[kv["scenario"]+" "+kv["goroutines"]]++
			if res.GetConfig("goroutines") != "" {
				t.Errorf("%s: goroutines is a configuration line, not a name key", res.Name)
			}
		}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	// 2 impls × 5 reps per table.
	want := map[string]int{"concurrent-drain 1": 10, "concurrent-drain 2": 10, "concurrent-drain 4": 10, "drain 1": 10}
	if fmt.Sprint(perG) != fmt.Sprint(want) {
		t.Errorf("results per scenario and G %v, want %v", perG, want)
	}
}

// A time whose reps disagree by more than 25% is marked * in its cell and
// named, with what helps, in its table's warnings; one within 25% is not.
func TestDisagreeingReps(t *testing.T) {
	var recs []results.Record
	for rep, ns := range []float64{28.9, 53.8, 36.4} {
		recs = append(recs, rec("native", "h", rep, "delete", "ns_per_op", ns),
			rec("dolthub", "h", rep, "delete", "ns_per_op", 20+float64(rep)))
	}
	rep, err := Build(recs, testVocab, Options{})
	if err != nil {
		t.Fatal(err)
	}
	w := strings.Join(rep.Tables[0].Warnings, "\n")
	if want := "native: ns/op reps disagree: 28.9–53.8 ns (max/min 1.86): more reps, taskset -c 1 or a quieter machine help"; !strings.Contains(w, want) {
		t.Errorf("warnings lack %q:\n%s", want, w)
	}
	if strings.Contains(w, "dolthub: ns/op reps disagree") {
		t.Errorf("dolthub's reps (20–22) are within 25%%, but:\n%s", w)
	}
	var text bytes.Buffer
	if err := WriteText(&text, rep); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "28.9 – 53.8 *") || !strings.Contains(text.String(), "* marks a time whose reps disagree") {
		t.Errorf("text lacks the mark or its legend:\n%s", text.String())
	}
}

// What people read has no long decimals and no infinities: every figure
// goes through results.Format (three significant digits).
func TestGoldensReadable(t *testing.T) {
	long := regexp.MustCompile(`\d\.\d{5,}`)
	files, err := filepath.Glob("testdata/*.golden")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, ".csv.golden") || strings.HasSuffix(f, ".bench.golden") {
			continue // machine formats: full precision
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if m := long.Find(b); m != nil {
			t.Errorf("%s: a long decimal %q", f, m)
		}
		if bytes.Contains(b, []byte("∞")) {
			t.Errorf("%s: an infinity", f)
		}
	}
}

// Every metric a report shows ranks one way in the metric table: the
// verdicts and the bench export's "better" need it.
func TestMetricSpecsRank(t *testing.T) {
	for _, s := range append(slices.Clone(MetricSpecs), KindSpecs...) {
		if _, ok := results.LookupMetric(s.Metric); !ok {
			t.Errorf("%s: not in the metric table", s.Metric)
			continue
		}
		if s.Better() == 0 {
			t.Errorf("%s: the metric table ranks it neither way; a report column needs lower or higher is better", s.Metric)
		}
	}
}

// A trace replay's table has, after the replay's own blocks, a block per
// KindSpecs metric per kind of op, deletes first: a kind's ns/op only
// where its runs were timed as blocks, with the note on its share said
// under the block and not among the warnings; each block's title has the
// kind's op count. A scenario's table has none. In bench format each kind
// is a benchmark of its own (phase=replay-delete).
func TestKindBlocks(t *testing.T) {
	rep, err := Build(readFixtures(t, "trace.csv", "run3.csv"), testVocab, Options{})
	if err != nil {
		t.Fatal(err)
	}
	type blk struct{ key, title string }
	want := map[string][]blk{
		"trace:churn-fifo@b6772adb7efe49c8": {
			{"replay-delete-latency_p50", "p50 ns (replay-delete: 32.8k ops)"},
			{"replay-delete-latency_p99", "p99 ns (replay-delete: 32.8k ops)"},
			{"replay-put-ns_per_op", "ns/op (replay-put: 36.9k ops)"},
			{"replay-put-latency_p50", "p50 ns (replay-put: 36.9k ops)"},
			{"replay-put-latency_p99", "p99 ns (replay-put: 36.9k ops)"},
		},
		"trace:examples-record@6b333bcc1e087322": {
			{"replay-delete-latency_p50", "p50 ns (replay-delete: 6513 ops)"},
			{"replay-delete-latency_p99", "p99 ns (replay-delete: 6513 ops)"},
			{"replay-put-latency_p50", "p50 ns (replay-put: 12.9k ops)"},
			{"replay-put-latency_p99", "p99 ns (replay-put: 12.9k ops)"},
			{"replay-get-latency_p50", "p50 ns (replay-get: 11.0k ops)"},
			{"replay-get-latency_p99", "p99 ns (replay-get: 11.0k ops)"},
		},
	}
	share := "the 4096 of its 36864 ops (11.1%) in runs of 1024 or more ops of this kind, timed as blocks; the others are timed only in the replay's ns_per_op"
	seen := 0
	for _, tb := range rep.Tables {
		var got []blk
		keys := map[string]bool{}
		for _, b := range tb.Blocks {
			if keys[b.Key()] {
				t.Errorf("%s: block key %s twice", tb.Scenario, b.Key())
			}
			keys[b.Key()] = true
			if b.Kind == "" {
				if got != nil {
					t.Errorf("%s: the key phase's %s after a kind's block", tb.Scenario, b.Key())
				}
				continue
			}
			got = append(got, blk{b.Key(), b.Title()})
			wantNotes := []string(nil)
			if b.Key() == "replay-put-ns_per_op" {
				wantNotes = []string{share}
			}
			if !slices.Equal(b.Notes, wantNotes) {
				t.Errorf("%s %s: notes %q, want %q", tb.Scenario, b.Key(), b.Notes, wantNotes)
			}
			for _, l := range b.Lines {
				if c := l.Cells[0]; c == nil || c.Stat.N != 4 {
					t.Errorf("%s %s %s: not a figure over 4 reps", tb.Scenario, b.Key(), l.Impl)
				}
			}
		}
		if !slices.Equal(got, want[tb.Scenario]) {
			t.Errorf("%s: kind blocks\n%q\nwant\n%q", tb.Scenario, got, want[tb.Scenario])
		}
		if want[tb.Scenario] != nil {
			seen++
		} else if tb.Kinds != nil {
			t.Errorf("%s: kinds %q in a scenario's table", tb.Scenario, tb.Kinds)
		}
		for _, w := range tb.Warnings {
			if strings.Contains(w, "timed as blocks") {
				t.Errorf("%s: the share is a warning too: %s", tb.Scenario, w)
			}
		}
	}
	if seen != 2 {
		t.Errorf("%d trace tables, want 2", seen)
	}
	var buf bytes.Buffer
	if err := WriteBench(&buf, rep); err != nil {
		t.Fatal(err)
	}
	r := benchfmt.NewReader(&buf, "trace.bench")
	deletes := 0
	for r.Scan() {
		if res, ok := r.Result().(*benchfmt.Result); ok && strings.HasSuffix(string(res.Name), "/phase=replay-delete") {
			deletes++
			if _, ok := res.Value("sec/op"); ok {
				t.Errorf("%s: a time per op, but no delete was timed in blocks", res.Name)
			}
			if v, ok := res.Value("p99-sec"); !ok || v <= 0 || v > 1e-3 { // p99-ns, tidied
				t.Errorf("%s: p99-sec %v %v", res.Name, v, ok)
			}
		} else if syn, ok := r.Result().(*benchfmt.SyntaxError); ok {
			t.Fatalf("syntax error: %v", syn)
		}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	if deletes != 16 { // 2 traces × 2 impls × 4 reps
		t.Errorf("%d replay-delete results, want 16", deletes)
	}
}

// Files of two sizes merged, measured under different labels (here Go
// versions): each table's cells are in one column, so each is laid out as
// in a report of one column — median, spread and the baseline comparison,
// no empty column of the other input, no column comparison — and its
// heading says which input it was measured in.
func TestTablesInOneColumnEach(t *testing.T) {
	recs := readFixtures(t, "goversions.csv")
	for i := range recs {
		if recs[i].GoVersion == "go1.27.3" {
			recs[i].N *= 2
		}
	}
	rep, err := Build(recs, testVocab, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Columns) != 2 || len(rep.Tables) != 2 {
		t.Fatalf("%d columns, %d tables; want 2 and 2", len(rep.Columns), len(rep.Tables))
	}
	for i, tb := range rep.Tables {
		if !slices.Equal(tb.Cols, []int{i}) {
			t.Errorf("table %d (n=%d): columns %v, want [%d]", i, tb.N, tb.Cols, i)
		}
	}
	var buf bytes.Buffer
	if err := WriteText(&buf, rep); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"churn-fifo  shape=struct  n=2048  key phase: churn (delete+insert)  (input A: go_version=go1.26.8)",
		"churn-fifo  shape=struct  n=4096  key phase: churn (delete+insert)  (input B: go_version=go1.27.3)",
		"vs native", "\nverdict:\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	for _, bad := range []string{"A median", "B median", "B vs A", "verdict, column"} {
		if strings.Contains(out, bad) {
			t.Errorf("text has %q (an empty column or a column comparison)", bad)
		}
	}
	golden.Check(t, "testdata/onecolumneach.txt.golden", buf.Bytes())
	// Markdown and HTML lay the tables out from the same grids and
	// headings.
	for _, w := range writers {
		if w.name != "markdown" && w.name != "html" {
			continue
		}
		var b bytes.Buffer
		if err := w.write(&b, rep); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), "input B: go") || strings.Contains(b.String(), "A median") || strings.Contains(b.String(), "Verdict, column") {
			t.Errorf("%s: want the input in the heading, no column medians, no column verdicts", w.name)
		}
	}
}
