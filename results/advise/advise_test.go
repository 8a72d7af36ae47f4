package advise_test

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"

	"mapbench/harness/run"
	"mapbench/internal/golden"
	"mapbench/results"
	"mapbench/results/advise"
	"mapbench/results/cells"
	"mapbench/results/report"
)

func readCSV(t *testing.T, paths ...string) []results.Record {
	t.Helper()
	var recs []results.Record
	for _, p := range paths {
		rs, err := results.ReadCSVFile(p)
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rs...)
	}
	return recs
}

func build(t *testing.T, prefer string, paths ...string) *advise.Advice {
	t.Helper()
	a, err := advise.Build(readCSV(t, paths...), run.Vocab, advise.Options{Prefer: prefer})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func rankingOf(t *testing.T, w *advise.Workload, criterion string) *advise.Ranking {
	t.Helper()
	for i := range w.Rankings {
		if w.Rankings[i].Criterion == criterion {
			return &w.Rankings[i]
		}
	}
	return nil
}

// testdata/hand.csv is hand-built (its generator is described in
// testdata/README) with known answers: one clear winner (syncmap keeps the
// least heap, every rep), one tie within noise (native and xsync's times
// overlap), one failed cell (dolthub's rep 2: its figures are the best, it
// is never ranked), one criterion missing (p99: no latency_p99 rows).
// Its workloads n=2000 and n=3000 have too few reps for the U test: see
// TestTooFewReps.
func TestHandBuiltAnswers(t *testing.T) {
	a := build(t, "", "testdata/hand.csv")
	if len(a.Workloads) != 3 {
		t.Fatalf("%d workloads, want 3", len(a.Workloads))
	}
	w := &a.Workloads[0]
	for _, tc := range []struct {
		criterion, winner string
		rank1             []string // the cells ranked 1
	}{
		{"heap-after", "syncmap", []string{"syncmap"}},
		{"after-full", "syncmap", []string{"syncmap"}},
		{"bytes-per-entry", "native", []string{"native"}},
		{"time", "", []string{"native", "xsync"}},
		{"gc-cycles", "", []string{"native", "syncmap", "xsync"}},
	} {
		r := rankingOf(t, w, tc.criterion)
		if r == nil {
			t.Errorf("%s: not ranked", tc.criterion)
			continue
		}
		if r.Winner != tc.winner {
			t.Errorf("%s: winner %q, want %q", tc.criterion, r.Winner, tc.winner)
		}
		var got []string
		for _, e := range r.Entries {
			if e.Impl == "dolthub" {
				t.Errorf("%s: the failed cell dolthub is ranked %d", tc.criterion, e.Rank)
			}
			if e.Rank == 1 {
				got = append(got, e.Impl)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, tc.rank1) {
			t.Errorf("%s: rank 1 is %v, want %v", tc.criterion, got, tc.rank1)
		}
		if tc.winner == "" && r.Why == "" {
			t.Errorf("%s: no reason given for no winner", tc.criterion)
		}
	}
	if r := rankingOf(t, w, "time"); r != nil && !strings.Contains(r.Why, "do not differ significantly") {
		t.Errorf("time: why %q, want the U test's verdict", r.Why)
	}
	if rankingOf(t, w, "p99") != nil {
		t.Error("p99 is ranked, but the CSV has no latency_p99")
	}
	for _, want := range []string{"p99: not measured", "dolthub failed its checks"} {
		if !slices.ContainsFunc(append(w.Failed, w.Unanswered...), func(s string) bool { return strings.Contains(s, want) }) {
			t.Errorf("cannot-answer lines %q lack %q", append(w.Failed, w.Unanswered...), want)
		}
	}
	if len(w.Verdict) == 0 || len(w.Verdict) > 3 {
		t.Errorf("%d verdict lines, want 1 to 3", len(w.Verdict))
	}
}

// Too few reps is not a tie: in testdata/hand.csv, n=2000 has 3 reps per
// cell (the U test's smallest p is 0.1), so its times are not ranked at
// all, though they lie wholly apart; n=3000 has 4 reps for native and
// xsync and 3 for syncmap (3 against 4: smallest p 0.057), so syncmap,
// the fastest by its median, is left out of the ranks and no winner is
// named. Exact figures (bytes, GCs) are ranked as ever; times equal in
// every rep tie.
func TestTooFewReps(t *testing.T) {
	a := build(t, "", "testdata/hand.csv")
	byN := map[int]*advise.Workload{}
	for i := range a.Workloads {
		byN[a.Workloads[i].N] = &a.Workloads[i]
	}
	for _, tc := range []struct {
		n         int
		criterion string
		ranked    bool
		unranked  []string // entries not ranked, in order
		ranks     []int    // of the ranked entries, in order
		winner    string
		text      string // in the criterion's sentence
	}{
		{2000, "time", false, []string{"native", "xsync", "syncmap"}, nil, "",
			"time/op: not ranked, 3 reps per cell and the U test needs ≥ 4 to call a difference; best median native 21.0 ns (20.0–22.0), worst syncmap 151 ns (150–152)"},
		{2000, "max", false, []string{"native", "xsync", "syncmap"}, nil, "", "syncmap 1.50 µs (800 ns–60.0 µs)"},
		{2000, "gc-cycles", true, nil, []int{1, 1, 2}, "", "syncmap 59 (56–61)"},
		{2000, "heap-after", true, nil, []int{1, 2, 3}, "syncmap", "heap after: syncmap 200 B, ahead of"},
		{2000, "gc-assist", true, nil, []int{1, 1, 1}, "", "no clear winner among"},
		{3000, "time", true, []string{"syncmap"}, []int{1, 2}, "",
			"no winner named: native 21.5 ns (20.0–23.0) beats xsync 41.5 ns (40.0–43.0) clearly, but syncmap (3 reps) could not be tested against it"},
		{3000, "gc-assist", true, nil, []int{1, 1, 1}, "", "no clear winner among"},
	} {
		t.Run(fmt.Sprintf("n=%d/%s", tc.n, tc.criterion), func(t *testing.T) {
			w := byN[tc.n]
			if w == nil {
				t.Fatalf("no workload n=%d", tc.n)
			}
			r := rankingOf(t, w, tc.criterion)
			if r == nil {
				t.Fatal("no ranking")
			}
			var unranked []string
			var ranks []int
			for _, e := range r.Entries {
				if e.Ranked {
					ranks = append(ranks, e.Rank)
				} else {
					unranked = append(unranked, e.Impl)
					if e.Rank != 0 || e.Tied {
						t.Errorf("%s not ranked, but rank %d tied %v", e.Impl, e.Rank, e.Tied)
					}
				}
			}
			if r.Ranked != tc.ranked || !slices.Equal(unranked, tc.unranked) || !slices.Equal(ranks, tc.ranks) || r.Winner != tc.winner {
				t.Errorf("ranked %v, not ranked %v, ranks %v, winner %q; want %v, %v, %v, %q",
					r.Ranked, unranked, ranks, r.Winner, tc.ranked, tc.unranked, tc.ranks, tc.winner)
			}
			if s := r.Sentence(); !strings.Contains(s, tc.text) {
				t.Errorf("sentence %q lacks %q", s, tc.text)
			}
		})
	}
	for _, want := range []string{"time/op, max latency: not ranked, 3 reps per cell and the U test needs ≥ 4 to call a difference (run with -reps ≥ 4)"} {
		if !slices.Contains(byN[2000].Unanswered, want) {
			t.Errorf("n=2000: cannot-answer lines %q lack %q", byN[2000].Unanswered, want)
		}
	}
	if want := "syncmap (3 reps) not ranked"; !slices.ContainsFunc(byN[3000].Unanswered, func(s string) bool { return strings.Contains(s, want) }) {
		t.Errorf("n=3000: cannot-answer lines %q lack %q", byN[3000].Unanswered, want)
	}
}

// The formats of the hand-built advice, as users read them.
func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		name   string
		prefer string
		write  func(*bytes.Buffer, *advise.Advice) error
	}{
		{"hand.txt", "", func(b *bytes.Buffer, a *advise.Advice) error { return advise.WriteText(b, a) }},
		{"hand-prefer-memory.txt", "memory", func(b *bytes.Buffer, a *advise.Advice) error { return advise.WriteText(b, a) }},
		{"hand.md", "", func(b *bytes.Buffer, a *advise.Advice) error { return advise.WriteMarkdown(b, a) }},
		{"hand.json", "latency", func(b *bytes.Buffer, a *advise.Advice) error { return advise.WriteJSON(b, a) }},
		{"hand.html", "", func(b *bytes.Buffer, a *advise.Advice) error { return advise.WriteHTML(b, a) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tc.write(&buf, build(t, tc.prefer, "testdata/hand.csv")); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "testdata/"+tc.name+".golden", buf.Bytes())
		})
	}
}

func TestUnknownPrefer(t *testing.T) {
	_, err := advise.Build(readCSV(t, "testdata/hand.csv"), run.Vocab, advise.Options{Prefer: "speed"})
	if err == nil || !strings.Contains(err.Error(), "memory, latency, throughput, gc") {
		t.Errorf("err %v, want one naming the allowed values", err)
	}
}

// oracleCell is a cell's values of one metric read straight from the rows,
// without package cells: the key phase's last step (fill/0 for bytes per
// entry).
type oracleCell struct {
	vals []float64
}

// The advice on the published CSVs names the winners the CSV shows: for
// every criterion read straight from the rows, a named winner has the best
// median of the cells that did not fail, and every one of its reps is
// better than every rep of the next best; no failed cell is ranked. The
// replay of a real trace is ranked on its deletes' p99 (read from their
// rows, phase replay-delete) too; the scenarios are not.
func TestPublishedWinners(t *testing.T) {
	const dir = "../published/"
	for _, tc := range []struct {
		file      string
		minNamed  int
		deleteP99 bool // a workload ranked on delete p99
	}{{"n65536.csv", 10, false}, {"n1048576.csv", 10, false}, {"trace-cloudphysics.csv", 3, true}} {
		file := tc.file
		recs := readCSV(t, dir+file)
		a, err := advise.Build(recs, run.Vocab, advise.Options{})
		if err != nil {
			t.Fatal(err)
		}
		type key struct{ scenario, shape, impl, phase, metric string }
		lastStep := map[[2]string]int{} // scenario, phase -> last step
		for _, r := range recs {
			if k := [2]string{r.Scenario, r.Phase}; r.Step > lastStep[k] {
				lastStep[k] = r.Step
			}
		}
		cellsOf := map[key]*oracleCell{}
		failed := map[[3]string]bool{}
		for _, r := range recs {
			if _, bad := cells.Failure(&r); bad {
				failed[[3]string{r.Scenario, r.Shape, r.Impl}] = true
			}
			atEnd := r.Step == lastStep[[2]string{r.Scenario, r.Phase}]
			// footprint_drift of the cycles scenario compares its cycles:
			// the cycle phase's last step.
			phase := ""
			if slices.Contains(run.Vocab.Kinds, r.Phase) {
				phase = r.Phase // a kind of op's rows (one step)
			}
			if r.Phase == run.KeyPhase(r.Scenario) && atEnd && r.Metric != results.MetricFootprintDrift ||
				r.Metric == results.MetricFootprintDrift && atEnd && (r.Phase == run.KeyPhase(r.Scenario) || r.Phase == run.Vocab.Cycle) ||
				r.Phase == run.Vocab.Fill && r.Step == 0 && r.Metric == results.MetricBytesPerEntry || phase != "" {
				k := key{r.Scenario, r.Shape, r.Impl, phase, r.Metric}
				if cellsOf[k] == nil {
					cellsOf[k] = &oracleCell{}
				}
				cellsOf[k].vals = append(cellsOf[k].vals, r.Value)
			}
		}
		named, deleteP99 := 0, 0
		for _, w := range a.Workloads {
			for _, rk := range w.Rankings {
				c := criterion(rk.Criterion)
				if c.PerOp {
					continue // a quotient of two rows: checked by the hand-built test
				}
				phase := ""
				if c.OfKind != nil {
					phase = c.OfKind(run.Vocab)
					deleteP99++
				}
				sign := 1.0
				if rk.Better == results.BetterHigher.String() {
					sign = -1
				}
				type cand struct {
					impl             string
					med, best, worst float64
				}
				var cs []cand
				for _, im := range w.Impls {
					oc := cellsOf[key{w.Scenario, w.Shape, im, phase, c.Metric}]
					if oc == nil || failed[[3]string{w.Scenario, w.Shape, im}] {
						if slices.ContainsFunc(rk.Entries, func(e advise.Entry) bool { return e.Impl == im }) && oc == nil {
							t.Errorf("%s %s: %s ranked without rows", w.Title(), rk.Label, im)
						}
						continue
					}
					s := slices.Clone(oc.vals)
					slices.SortFunc(s, func(x, y float64) int { return cmp.Compare(sign*x, sign*y) })
					cs = append(cs, cand{im, results.Median(oc.vals), s[0], s[len(s)-1]})
				}
				if len(cs) != len(rk.Entries) {
					t.Errorf("%s %s: %d cells ranked, the CSV has %d", w.Title(), rk.Label, len(rk.Entries), len(cs))
				}
				if rk.Winner == "" {
					continue
				}
				named++
				slices.SortStableFunc(cs, func(x, y cand) int { return cmp.Compare(sign*x.med, sign*y.med) })
				if c.Kind == cells.Exact && cs[0].impl != rk.Winner {
					t.Errorf("%s %s: winner %s, the CSV's best median is %s's", w.Title(), rk.Label, rk.Winner, cs[0].impl)
				}
				var win cand
				for _, x := range cs {
					if x.impl == rk.Winner {
						win = x
					}
				}
				for _, x := range cs {
					if x.impl != rk.Winner && sign*x.med < sign*win.med {
						t.Errorf("%s %s: winner %s median %g, but %s has %g", w.Title(), rk.Label, rk.Winner, win.med, x.impl, x.med)
					}
					if x.impl == rk.RunnerUp && !(sign*win.worst < sign*x.best) {
						t.Errorf("%s %s: winner %s's reps reach %g, runner-up %s's %g: not beyond the spread",
							w.Title(), rk.Label, rk.Winner, win.worst, x.impl, x.best)
					}
				}
			}
		}
		if named < tc.minNamed {
			t.Errorf("%s: %d winners named, want at least %d (the memory criteria have clear ones)", file, named, tc.minNamed)
		}
		if (deleteP99 > 0) != tc.deleteP99 {
			t.Errorf("%s: %d workloads ranked on delete p99, want them %v", file, deleteP99, tc.deleteP99)
		}
	}
}

func criterion(name string) advise.Criterion {
	for _, c := range advise.Criteria {
		if c.Name == name {
			return c
		}
	}
	panic("no criterion " + name)
}

// goVersions is the fixture of a run of two Go versions (mapbench run -go;
// results/report/testdata/README).
const goVersions = "../report/testdata/goversions.csv"

// The advice on a run of two Go versions, as users read it: each
// version's workload, then the versions side by side.
func TestGoldenGoVersions(t *testing.T) {
	for _, tc := range []struct {
		name  string
		write func(*bytes.Buffer, *advise.Advice) error
	}{
		{"goversions.txt", func(b *bytes.Buffer, a *advise.Advice) error { return advise.WriteText(b, a) }},
		{"goversions.md", func(b *bytes.Buffer, a *advise.Advice) error { return advise.WriteMarkdown(b, a) }},
		{"goversions.json", func(b *bytes.Buffer, a *advise.Advice) error { return advise.WriteJSON(b, a) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tc.write(&buf, build(t, "", goVersions)); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "testdata/"+tc.name+".golden", buf.Bytes())
		})
	}
}

// Go versions side by side: a figure changes only when it differs by the
// rule that names a winner (the test and beyond the reps' spread). In the
// fixture none does (native's heap after the churn is 160–187 KiB under
// both versions); with native's drift made 2.00 under go1.27.3 and
// cockroach's churn time doubled there, exactly those two change, both
// for the worse, and the run's summary names them.
func TestGoVersionsCompared(t *testing.T) {
	recs := readCSV(t, goVersions)
	a, err := advise.Build(recs, run.Vocab, advise.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Columns != 2 || len(a.Workloads) != 2 || len(a.Versus) != 1 {
		t.Fatalf("%d columns, %d workloads, %d comparisons; want 2, 2, 1", a.Columns, len(a.Workloads), len(a.Versus))
	}
	for i, want := range []string{"go1.26.8", "go1.27.3"} {
		if l := a.Workloads[i].Label; len(l) != 1 || l[0] != (cells.KV{Key: "go_version", Value: want}) {
			t.Errorf("workload %d: label %v, want go_version=%s", i, l, want)
		}
	}
	vs := a.Versus[0]
	if vs.Keys != "go_version" || len(vs.Changes) != 0 || vs.Same != 18 || len(vs.Untested) != 0 {
		t.Errorf("the fixture: %+v; want no change in 18 figures, all tested (4 reps per cell)", vs)
	}

	for i := range recs {
		r := &recs[i]
		if r.GoVersion != "go1.27.3" {
			continue
		}
		if r.Impl == "native" && r.Metric == results.MetricFootprintDrift {
			r.Value = 2
		}
		if r.Impl == "cockroach" && r.Phase == "churn" && r.Metric == results.MetricNsPerOp {
			r.Value *= 2
		}
	}
	a, err = advise.Build(recs, run.Vocab, advise.Options{})
	if err != nil {
		t.Fatal(err)
	}
	vs = a.Versus[0]
	var got []string
	for _, c := range vs.Changes {
		got = append(got, fmt.Sprintf("%s %s %s/%s better=%v", c.Impl, c.Criterion, c.Column, c.Against, c.Better))
	}
	want := []string{"native drift go1.27.3/go1.26.8 better=false", "cockroach time go1.27.3/go1.26.8 better=false"}
	if !slices.Equal(got, want) || vs.Same != 16 {
		t.Errorf("changes %q (%d the same), want %q (16 the same)", got, vs.Same, want)
	}
	if line := vs.Changes[0].Line(); line != "native drift go1.27.3 2.00 against go1.26.8 1.75 (1.50–1.75): +14.3%, worse" {
		t.Errorf("change written %q", line)
	}
	if s := vs.Summary(1); !strings.HasPrefix(s, "go_version side by side: native drift go1.27.3 2.00 against go1.26.8 1.75 (1.50–1.75): +14.3%, worse; 1 more (mapbench advise lists them); no other figure differs clearly (16 compared)") {
		t.Errorf("summary line %q", s)
	}
}

// Files of two sizes merged, measured under different labels (here Go
// versions; in the published files, settings one run did not record): each
// table is in one column, so no workload is named by its column, each
// still says what it was measured with, and nothing is compared across
// columns (no "0 compared" block).
func TestTablesInOneColumnEach(t *testing.T) {
	recs := readCSV(t, goVersions)
	for i := range recs {
		if recs[i].GoVersion == "go1.27.3" {
			recs[i].N *= 2
		}
	}
	a, err := advise.Build(recs, run.Vocab, advise.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Columns != 2 || len(a.Workloads) != 2 || len(a.Versus) != 0 {
		t.Fatalf("%d columns, %d workloads, %d comparisons; want 2, 2, 0", a.Columns, len(a.Workloads), len(a.Versus))
	}
	for i, want := range []string{"go1.26.8", "go1.27.3"} {
		w := a.Workloads[i]
		if w.Column != "" || strings.Contains(w.Title(), "column") {
			t.Errorf("workload %d named by its column: %q", i, w.Title())
		}
		if l := w.Label; len(l) != 1 || l[0] != (cells.KV{Key: "go_version", Value: want}) {
			t.Errorf("workload %d: label %v, want go_version=%s", i, l, want)
		}
	}
	var md bytes.Buffer
	if err := advise.WriteMarkdown(&md, a); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"side by side", "compared)", " column "} {
		if strings.Contains(md.String(), bad) {
			t.Errorf("markdown has %q:\n%s", bad, md.String())
		}
	}
	if !strings.Contains(md.String(), `Measured with go\_version=go1.27.3.`) {
		t.Errorf("markdown does not say what a workload was measured with:\n%s", md.String())
	}
}

// One table in two columns whose implementations differ (native measured
// under one Go version, cockroach under the other): both workloads are
// named by their column, and there is nothing to compare side by side.
func TestColumnsWithoutCommonImpls(t *testing.T) {
	var recs []results.Record
	for _, r := range readCSV(t, goVersions) {
		if (r.GoVersion == "go1.26.8") == (r.Impl == "native") {
			recs = append(recs, r)
		}
	}
	a, err := advise.Build(recs, run.Vocab, advise.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Columns != 2 || len(a.Workloads) != 2 || len(a.Versus) != 0 {
		t.Fatalf("%d columns, %d workloads, %d comparisons; want 2, 2, 0", a.Columns, len(a.Workloads), len(a.Versus))
	}
	for i, want := range []string{"A", "B"} {
		if w := a.Workloads[i]; w.Column != want || !slices.Equal(w.Impls, []string{[]string{"native", "cockroach"}[i]}) {
			t.Errorf("workload %d: column %q impls %v", i, w.Column, w.Impls)
		}
	}
}

// traceFixture is the fixture of two trace replays (mapbench run
// -scenarios trace:…; results/report/testdata/README).
const traceFixture = "../report/testdata/trace.csv"

// A trace replay's workload is ranked on its deletes' p99, read from
// their own rows (phase replay-delete), as the latency headline: the
// verdict's latency line is it, the replay's p99 of all ops still ranked
// after it. In the report's HTML page the scorecard's delete p99 cells
// link to the report's grid of the deletes' p99.
func TestTraceDeleteP99(t *testing.T) {
	recs := readCSV(t, traceFixture)
	rep, err := report.Build(recs, run.Vocab, report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a, err := advise.FromReport(rep, run.Vocab, advise.Options{Prefer: "latency"})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Workloads) != 2 {
		t.Fatalf("%d workloads, want 2", len(a.Workloads))
	}
	for _, w := range a.Workloads {
		r, p99 := rankingOf(t, &w, "delete-p99"), rankingOf(t, &w, "p99")
		if r == nil || p99 == nil {
			t.Fatalf("%s: rankings %v: want delete-p99 and p99", w.Title(), w.Rankings)
		}
		for _, e := range r.Entries {
			var g *report.LineSamples
			for _, x := range rep.Tables[w.Table].Groups {
				if x.Impl == e.Impl {
					g = x
				}
			}
			if s := cells.SpreadOf(g.Cell.OfKind(run.Vocab.Delete, results.MetricLatencyP99), cells.Time); s.Median != e.Median || s.N != e.Reps || e.Reps != 4 {
				t.Errorf("%s %s: delete p99 %v over %d reps, the deletes' rows %v", w.Title(), e.Impl, e.Median, e.Reps, s)
			}
		}
		if !strings.HasPrefix(w.Verdict[len(w.Verdict)-1], "delete p99: ") {
			t.Errorf("%s: verdict %q: want the latency line on delete p99", w.Title(), w.Verdict)
		}
		if w.Pick == nil || w.Pick.Criterion != "delete p99" {
			t.Errorf("%s: pick %+v, want one on delete p99", w.Title(), w.Pick)
		}
	}
	sc := a.Scorecard(rep)
	links := 0
	for gi, g := range sc.Groups {
		col := slices.IndexFunc(g.Criteria, func(c report.ScoreCriterion) bool { return c.Name == "delete-p99" })
		if col < 0 {
			t.Fatalf("scorecard %s: no delete-p99 column", g.Title)
		}
		want := "#" + report.GridID(a.Workloads[gi].Table, run.Vocab.Delete+"-"+results.MetricLatencyP99)
		for _, r := range g.Rows {
			if h := r.Cells[col].Href; h != want {
				t.Errorf("scorecard %s %s: delete p99 links to %q, want %q", g.Title, r.Impl, h, want)
			}
			links++
		}
	}
	if links != 4 {
		t.Errorf("%d delete p99 links, want 4", links)
	}
	var html bytes.Buffer
	if err := report.WriteHTML(&html, rep, nil, sc); err != nil {
		t.Fatal(err)
	}
	if id := report.GridID(0, run.Vocab.Delete+"-"+results.MetricLatencyP99); !strings.Contains(html.String(), `<table id="`+id+`"`) {
		t.Errorf("the report's page has no grid %s", id)
	}
}

// Scenario workloads have no delete p99 criterion: the hand-built
// fixture's drains, though they are all deletes, are ranked on p99 alone.
func TestScenarioNoDeleteP99(t *testing.T) {
	for _, w := range build(t, "", "testdata/hand.csv").Workloads {
		if r := rankingOf(t, &w, "delete-p99"); r != nil {
			t.Errorf("%s: ranked on delete p99: %+v", w.Title(), r)
		}
	}
}

// The advice on trace replays, as users read it.
func TestGoldenTrace(t *testing.T) {
	for _, tc := range []struct {
		name  string
		write func(*bytes.Buffer, *advise.Advice) error
	}{
		{"trace.txt", func(b *bytes.Buffer, a *advise.Advice) error { return advise.WriteText(b, a) }},
		{"trace.md", func(b *bytes.Buffer, a *advise.Advice) error { return advise.WriteMarkdown(b, a) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tc.write(&buf, build(t, "", traceFixture)); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "testdata/"+tc.name+".golden", buf.Bytes())
		})
	}
}
