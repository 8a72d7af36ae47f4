package main

import (
	"bytes"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"mapbench/results"
)

// refText is BenchmarkDrainDelete output as `go test -bench` prints it,
// with a header, PASS lines and one line without the gomaxprocs suffix
// and one with -1.
const refText = `goos: linux
goarch: amd64
pkg: mapbench/reference
cpu: AMD EPYC
BenchmarkDrainDelete/impl=native/shape=u64/n=1024         	      21	     51200 ns/op	        50.00 ns/delete
BenchmarkDrainDelete/impl=native/shape=u64/n=1024-1       	      21	     53248 ns/op	        52.00 ns/delete
BenchmarkDrainDelete/impl=native/shape=str/n=1024         	      21	     81920 ns/op	        80.00 ns/delete
BenchmarkDrainDelete/impl=cockroach/shape=u64/n=1024      	      21	     40960 ns/op	        40.00 ns/delete
BenchmarkDrainDelete/impl=cockroach/shape=u64/n=1024      	      21	     40960 ns/op	        41.00 ns/delete
BenchmarkDrainDelete/impl=cockroach/shape=u64/n=1024      	      21	     40960 ns/op	        39.00 ns/delete
BenchmarkDrainDelete/impl=native/shape=u64/n=64           	      21	      3200 ns/op	        30.00 ns/delete
BenchmarkDrainDelete/impl=xsync/shape=u64/n=1024          	      21	     81920 ns/op	        80.00 ns/delete
PASS
ok  	mapbench/reference	1.0s
`

// drainRec is one mapbench row of a drain cell.
func drainRec(impl, shape string, n int, phase, metric string, v float64, note string) results.Record {
	return results.Record{
		Env:    results.Env{RunID: "r1", Host: "h", GoVersion: "go1.26.8", GOOS: "linux", GOARCH: "amd64", CPU: "c", GOMAXPROCS: 1, GCPercent: 1, Seed: 1},
		Cell:   results.Cell{Impl: impl, ImplVersion: "v", Scenario: "drain", Shape: shape, N: n},
		Phase:  phase,
		Metric: metric,
		Value:  v,
		Unit:   "ns",
		Note:   note,
	}
}

// writeCSV writes recs as a results CSV with the results package's writer.
func writeCSV(t *testing.T, path string, recs []results.Record) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := results.NewCSVWriter(f, true).Write(recs); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// fixture writes refText and two CSVs: native u64 n=1024 medians 50/51 ns
// → ratio 1.04 (reference 51, two runs 50 and 52); native str 80 / 88 →
// 1.10; cockroach u64 40 / 38 → 0.95; native u64 n=64 30 / 30 → 1.
// xsync is only in the reference, dolthub only in mapbench. Rows that must
// be left out: presize true, the fill phase, another scenario, another
// metric.
func fixture(t *testing.T) (ref string, csvs []string) {
	t.Helper()
	dir := t.TempDir()
	ref = filepath.Join(dir, "reference.txt")
	writeFile(t, ref, refText)
	a := []results.Record{
		drainRec("native", "u64", 1024, "delete", "ns_per_op", 50, ""),
		drainRec("native", "u64", 1024, "delete", "cpu_share", 0.5, "contention: the cell had a CPU for only 50% of the timing passes; ns_per_op is inflated"),
		drainRec("native", "u64", 1024, "fill", "ns_per_op", 1000, ""),
		drainRec("native", "u64", 1024, "delete", "latency_p99", 1000, ""),
		drainRec("native", "str", 1024, "delete", "ns_per_op", 88, ""),
		drainRec("cockroach", "u64", 1024, "delete", "ns_per_op", 38, ""),
		drainRec("cockroach", "u64", 1024, "delete", "cpu_share", 1, ""),
		drainRec("native", "u64", 64, "delete", "ns_per_op", 30, ""),
	}
	presized := drainRec("native", "u64", 1024, "delete", "ns_per_op", 1000, "")
	presized.Presize = true
	other := drainRec("native", "u64", 1024, "delete", "ns_per_op", 1000, "")
	other.Scenario = "partial-90"
	b := []results.Record{
		drainRec("native", "u64", 1024, "delete", "ns_per_op", 52, ""),
		drainRec("dolthub", "u64", 1024, "delete", "ns_per_op", 45, ""),
		presized, other,
	}
	csvs = []string{filepath.Join(dir, "agree-1.csv"), filepath.Join(dir, "agree-2.csv")}
	writeCSV(t, csvs[0], a)
	writeCSV(t, csvs[1], b)
	return ref, csvs
}

func TestCompareMediansAndRatios(t *testing.T) {
	ref, csvs := fixture(t)
	rep, err := compare(ref, csvs)
	if err != nil {
		t.Fatal(err)
	}
	want := []row{
		{key: key{"native", "u64", 64}, ref: 30, mb: 30, refRuns: 1, mbRuns: 1, ratio: 1},
		{key: key{"native", "str", 1024}, ref: 80, mb: 88, refRuns: 1, mbRuns: 1, ratio: 1.1},
		{key: key{"cockroach", "u64", 1024}, ref: 40, mb: 38, refRuns: 3, mbRuns: 1, ratio: 0.95},
		{key: key{"native", "u64", 1024}, ref: 51, mb: 51, refRuns: 2, mbRuns: 2, ratio: 1},
	}
	if len(rep.rows) != len(want) {
		t.Fatalf("got %d rows, want %d: %+v", len(rep.rows), len(want), rep.rows)
	}
	for i, w := range want {
		g := rep.rows[i]
		if g.key != w.key || g.refRuns != w.refRuns || g.mbRuns != w.mbRuns ||
			!near(g.ref, w.ref) || !near(g.mb, w.mb) || !near(g.ratio, w.ratio) {
			t.Errorf("row %d = %+v, want %+v", i, g, w)
		}
	}
	if got := largest(rep.rows); got.key != (key{"native", "str", 1024}) {
		t.Errorf("largest disagreement is %v, want native str 1024", got.key)
	}
	wantUnmatched := []string{
		"impl=xsync shape=u64 n=1024: only in " + ref,
		"impl=dolthub shape=u64 n=1024: only in the mapbench results",
	}
	if !slices.Equal(rep.unmatched, wantUnmatched) {
		t.Errorf("unmatched = %q, want %q", rep.unmatched, wantUnmatched)
	}
	if len(rep.contended) != 1 || !strings.HasPrefix(rep.contended[0], "impl=native shape=u64 n=1024: 1 mapbench cell(s)") {
		t.Errorf("contended = %q, want one note for native u64 1024", rep.contended)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func TestWithinBand(t *testing.T) {
	for _, tc := range []struct {
		ratio float64
		want  bool
	}{{1, true}, {0.95, true}, {1.05, true}, {0.949, false}, {1.051, false}, {math.NaN(), false}} {
		if got := (row{ratio: tc.ratio}).within(); got != tc.want {
			t.Errorf("within(%v) = %v, want %v", tc.ratio, got, tc.want)
		}
	}
}

func TestCompareKeys(t *testing.T) {
	for _, tc := range []struct {
		a, b key
		want int
	}{
		{key{"native", "u64", 1024}, key{"native", "u64", 1024}, 0},
		// n first, whatever impl and shape say: the old comparator
		// (strings.Compare(impl)*2 + (n_a-n_b)) got these wrong.
		{key{"xsync", "u64", 65536}, key{"cockroach", "u64", 1048576}, -1},
		{key{"cockroach", "u64", 1048576}, key{"xsync", "u64", 65536}, 1},
		{key{"a", "u64", 2}, key{"b", "u64", 1}, 1},
		{key{"b", "u64", 1}, key{"a", "u64", 2}, -1},
		{key{"native", "u64", 1024}, key{"native", "str", 1 << 20}, -1},
		// then shape, then impl
		{key{"xsync", "str", 1024}, key{"cockroach", "u64", 1024}, -1},
		{key{"cockroach", "u64", 1024}, key{"xsync", "str", 1024}, 1},
		{key{"cockroach", "u64", 1024}, key{"native", "u64", 1024}, -1},
		{key{"xsync-growonly", "u64", 1024}, key{"xsync", "u64", 1024}, 1},
	} {
		if got := compareKeys(tc.a, tc.b); sign(got) != tc.want {
			t.Errorf("compareKeys(%v, %v) = %d, want sign %d", tc.a, tc.b, got, tc.want)
		}
	}

	want := []key{
		{"cockroach", "str", 65536}, {"native", "str", 65536}, {"cockroach", "u64", 65536}, {"xsync", "u64", 65536},
		{"cockroach", "str", 1048576}, {"native", "u64", 1048576}, {"xsync", "u64", 1048576}, {"xsync-growonly", "u64", 1048576},
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		got := slices.Clone(want)
		r.Shuffle(len(got), func(i, j int) { got[i], got[j] = got[j], got[i] })
		slices.SortFunc(got, compareKeys)
		if !slices.Equal(got, want) {
			t.Fatalf("sorted:\n%v\nwant\n%v", got, want)
		}
	}
}

func sign(x int) int {
	switch {
	case x < 0:
		return -1
	case x > 0:
		return 1
	}
	return 0
}

func TestRunText(t *testing.T) {
	ref, csvs := fixture(t)
	var stdout, stderr bytes.Buffer
	if code := run(append([]string{ref}, csvs...), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
	}
	lines := strings.Split(stdout.String(), "\n")
	wantRows := [][]string{
		{"impl", "shape", "n", "reference", "ns/delete", "runs", "mapbench", "ns/op", "runs", "mapbench/reference", "within", "0.95–1.05", "U", "test", "p"},
		{"native", "u64", "64", "30.0", "1", "30.0", "1", "1.000", "yes", "1.000"},
		{"native", "str", "1024", "80.0", "1", "88.0", "1", "1.100", "no", "1.000"},
		{"cockroach", "u64", "1024", "40.0", "3", "38.0", "1", "0.950", "yes", "0.500"},
		{"native", "u64", "1024", "51.0", "2", "51.0", "2", "1.000", "yes", "1.000"},
	}
	for i, w := range wantRows {
		if i >= len(lines) || !slices.Equal(strings.Fields(lines[i]), w) {
			t.Errorf("line %d: got %q, want fields %q\n%s", i, lines[min(i, len(lines)-1)], w, stdout.String())
		}
	}
	for _, want := range []string{
		"largest disagreement: 10.0% (impl=native shape=str n=1024, mapbench/reference 1.100)\n",
		"1 of 4 ratios outside 0.95–1.05; the U test tells the two sides apart (p ≤ 0.05, as the report tests) in 0 of them, not in 1",
		"notes:\n",
		"  impl=native shape=u64 n=1024: 1 mapbench cell(s) ran with cpu_share under 0.9",
		"  impl=xsync shape=u64 n=1024: only in " + ref + "\n",
		"  impl=dolthub shape=u64 n=1024: only in the mapbench results\n",
	} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, stdout.String())
		}
	}
	if stderr.Len() != 0 {
		t.Errorf("stderr not empty: %s", stderr.String())
	}
}

func TestRunMarkdown(t *testing.T) {
	ref, csvs := fixture(t)
	var stdout, stderr bytes.Buffer
	if code := run(append([]string{"-markdown", ref}, csvs...), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
	}
	want := `| impl | shape | n | reference ns/delete | runs | mapbench ns/op | runs | mapbench/reference | within 0.95–1.05 | U test p |
|---|---|---:|---:|---:|---:|---:|---:|---|---:|
| native | u64 | 64 | 30.0 | 1 | 30.0 | 1 | 1.000 | yes | 1.000 |
| native | str | 1024 | 80.0 | 1 | 88.0 | 1 | 1.100 | no | 1.000 |
| cockroach | u64 | 1024 | 40.0 | 3 | 38.0 | 1 | 0.950 | yes | 0.500 |
| native | u64 | 1024 | 51.0 | 2 | 51.0 | 2 | 1.000 | yes | 1.000 |

largest disagreement: 10.0% (impl=native shape=str n=1024, mapbench/reference 1.100)
1 of 4 ratios outside 0.95–1.05; the U test tells the two sides apart (p ≤ 0.05, as the report tests) in 0 of them, not in 1 (their runs' spread is wider than the gap)

notes:

- impl=native shape=u64 n=1024: 1 mapbench cell(s) ran with cpu_share under 0.9 (the machine was busy; ns_per_op inflated)
- impl=xsync shape=u64 n=1024: only in ` + ref + `
- impl=dolthub shape=u64 n=1024: only in the mapbench results
`
	if got := stdout.String(); got != want {
		t.Errorf("markdown output:\n%s\nwant:\n%s", got, want)
	}
}

func TestBadInput(t *testing.T) {
	ref, csvs := fixture(t)
	dir := t.TempDir()
	bad := func(name, text string) string {
		p := filepath.Join(dir, name)
		writeFile(t, p, text)
		return p
	}
	missing := filepath.Join(dir, "missing.txt")
	garbageCSV := bad("garbage.csv", "not,a,results,file\n")
	otherCSV := filepath.Join(dir, "other.csv")
	rec := drainRec("native", "u64", 1024, "delete", "ns_per_op", 50, "")
	rec.Scenario = "churn-fifo"
	writeCSV(t, otherCSV, []results.Record{rec})
	elsewhereCSV := filepath.Join(dir, "elsewhere.csv")
	writeCSV(t, elsewhereCSV, []results.Record{drainRec("native", "u64", 4096, "delete", "ns_per_op", 50, "")})

	for _, tc := range []struct {
		name string
		args []string
		code int
		want []string // in stderr
	}{
		{"no arguments", nil, 2, []string{"usage: agree"}},
		{"one argument", []string{ref}, 2, []string{"usage: agree"}},
		{"unknown flag", []string{"-x", ref, csvs[0]}, 2, []string{"-x"}},
		{"missing reference", []string{missing, csvs[0]}, 1, []string{missing}},
		{"missing csv", []string{ref, missing}, 1, []string{missing}},
		{"empty reference", []string{bad("empty.txt", "goos: linux\nPASS\n"), csvs[0]}, 1,
			[]string{"empty.txt: no BenchmarkDrainDelete results"}},
		{"malformed benchmark line", []string{bad("malformed.txt", "goos: linux\nBenchmarkDrainDelete/impl=native/shape=u64/n=1024 x 5 ns/op\n"), csvs[0]}, 1,
			[]string{"malformed.txt:2:"}},
		{"no shape in the name", []string{bad("noshape.txt", "BenchmarkDrainDelete/impl=native/n=1024 5 100 ns/op 50 ns/delete\n"), csvs[0]}, 1,
			[]string{"noshape.txt:1:", "no shape="}},
		{"bad n", []string{bad("badn.txt", "BenchmarkDrainDelete/impl=native/shape=u64/n=lots 5 100 ns/op 50 ns/delete\n"), csvs[0]}, 1,
			[]string{"badn.txt:1:", "n=lots"}},
		{"not key=value", []string{bad("positional.txt", "BenchmarkDrainDelete/native/shape=u64/n=1024 5 100 ns/op 50 ns/delete\n"), csvs[0]}, 1,
			[]string{"positional.txt:1:", "not key=value"}},
		{"gomaxprocs 2", []string{bad("procs.txt", "BenchmarkDrainDelete/impl=native/shape=u64/n=1024-2 5 100 ns/op 50 ns/delete\n"), csvs[0]}, 1,
			[]string{"procs.txt:1:", "GOMAXPROCS 2", "-test.cpu=1"}},
		{"no ns/delete", []string{bad("nometric.txt", "BenchmarkDrainDelete/impl=native/shape=u64/n=1024 5 100 ns/op\n"), csvs[0]}, 1,
			[]string{"nometric.txt:1:", "no ns/delete"}},
		{"another benchmark", []string{bad("other.txt", "BenchmarkSamplingOverhead/impl=native/n=1024 5 100 ns/op 50 ns/delete\n"), csvs[0]}, 1,
			[]string{"other.txt:1:", "not BenchmarkDrainDelete"}},
		{"garbage csv", []string{ref, garbageCSV}, 1, []string{garbageCSV}},
		{"csv without drain delete rows", []string{ref, csvs[0], otherCSV}, 1, []string{otherCSV, "no delete ns_per_op rows"}},
		{"nothing in common", []string{ref, elsewhereCSV}, 1, []string{"no (impl, shape, n) appears both in " + ref, elsewhereCSV}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tc.args, &stdout, &stderr)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tc.code, stderr.String())
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr.String(), w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr.String())
				}
			}
			if code != 0 && stdout.Len() != 0 {
				t.Errorf("failed run printed to stdout:\n%s", stdout.String())
			}
		})
	}
}

// The p column is the exact two-sided Mann-Whitney U test of the two
// sides' runs: five runs all below five others give 2/C(10,5) = 2/252
// (the two most extreme of the 252 equally likely orderings), the same
// runs on both sides 1; the footer counts the ratios outside the band the
// test tells apart and those it does not.
func TestUTestColumn(t *testing.T) {
	k1, k2, k3 := key{"a", "u64", 1}, key{"b", "u64", 1}, key{"c", "u64", 1}
	ref := map[key][]float64{k1: {10, 11, 12, 13, 14}, k2: {10, 11, 12, 13, 14}, k3: {10, 20, 30, 40, 50}}
	mb := map[key][]float64{k1: {20, 21, 22, 23, 24}, k2: {10, 11, 12, 13, 14}, k3: {12, 22, 32, 42, 52}}
	rep := pairUp(replaySides, ref, mb, nil, nil, nil, "cell(s)")
	want := map[key]float64{k1: 2.0 / 252, k2: 1, k3: 0}
	for _, r := range rep.rows {
		if r.key == k3 {
			if r.p <= 0.05 {
				t.Errorf("%v: p = %v, want > 0.05 (the runs interleave)", r.key, r.p)
			}
			continue
		}
		if math.Abs(r.p-want[r.key]) > 1e-9 {
			t.Errorf("%v: p = %v, want %v", r.key, r.p, want[r.key])
		}
	}
	var out strings.Builder
	if err := writeText(&out, rep); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"U test p", "0.008", "2 of 3 ratios outside 0.95–1.05; the U test tells the two sides apart (p ≤ 0.05, as the report tests) in 1 of them, not in 1"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("text lacks %q:\n%s", s, out.String())
		}
	}
}
