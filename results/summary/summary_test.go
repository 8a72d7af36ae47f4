package summary

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"mapbench/internal/golden"
	"mapbench/results"
	"mapbench/results/cells"
)

func rec(impl, scenario string, rep int, phase string, step int, metric string, v float64) results.Record {
	return results.Record{Cell: results.Cell{Impl: impl, Scenario: scenario, Shape: "u64", N: 1024, Goroutines: 1, Rep: rep},
		Phase: phase, Step: step, Metric: metric, Value: v}
}

func fixture() []results.Record {
	var rs []results.Record
	for rep := range 3 {
		f := float64(rep)
		// drain: a map that keeps everything and one that frees it.
		rs = append(rs,
			rec("keeper", "drain", rep, "fill", 0, "bytes_per_entry", 36),
			rec("keeper", "drain", rep, "delete", 0, "live_heap", 37000),
			rec("keeper", "drain", rep, "delete", 0, "retained_ratio", 1),
			rec("keeper", "drain", rep, "delete", 0, "ns_per_op", 90+f),
			rec("keeper", "drain", rep, "delete", 0, "latency_p99", 400+10*f),
			rec("keeper", "drain", rep, "delete", 0, "gc_cycles", 0),
			rec("keeper", "drain", rep, "meta", 0, "checksum_ok", 1),
			rec("freer", "drain", rep, "fill", 0, "bytes_per_entry", 120),
			rec("freer", "drain", rep, "delete", 0, "live_heap", 224),
			rec("freer", "drain", rep, "delete", 0, "retained_ratio", 0.002),
			rec("freer", "drain", rep, "delete", 0, "ns_per_op", 500+100*f),
			rec("freer", "drain", rep, "delete", 0, "latency_p99", 1300),
			rec("freer", "drain", rep, "delete", 0, "gc_cycles", 12+f),
			// churn: reuse and drift come from phase churn.
			rec("keeper", "churn-fifo", rep, "fill", 0, "bytes_per_entry", 36),
			rec("keeper", "churn-fifo", rep, "churn", 16, "live_heap", 2.5*(1<<20)),
			rec("keeper", "churn-fifo", rep, "churn", 16, "reuse_ratio", 1),
			rec("keeper", "churn-fifo", rep, "churn", 16, "footprint_drift", 1),
			rec("keeper", "churn-fifo", rep, "churn", 3, "live_heap", 1), // a trajectory row: not the total
			rec("keeper", "churn-fifo", rep, "churn", 0, "live_heap", 2), // the start: not the total
			rec("keeper", "churn-fifo", rep, "churn", 16, "ns_per_op", 180),
		)
	}
	// The freer's rep 2 did different work: its values leave the medians.
	sum := rec("freer", "drain", 2, "meta", 0, "checksum_ok", 0)
	sum.Note = "[3 live keys missing, 0 wrong values, 0 deleted keys present]"
	rs = append(rs, sum)
	for rep, share := range []float64{0.8, 0.7} {
		busy := rec("keeper", "drain", rep, "delete", 0, "cpu_share", share)
		busy.Note = "contention: ..."
		rs = append(rs, busy)
	}
	bad := rec("freer", "drain", 2, "meta", 0, "snapshot_allocs", 1)
	bad.Note = "self-check failed: the heap reading path allocates"
	return append(rs, bad)
}

// fixtureVocab is the vocabulary of the fixture's scenarios (what
// the CLI passes (run.Vocab) from package scenarios for the real ones).
var fixtureVocab = cells.Vocab{
	Key: func(scenario string) string {
		if scenario == "churn-fifo" || scenario == "concurrent-churn" {
			return "churn"
		}
		return "delete"
	},
	Op: func(phase string) string {
		if phase == "churn" {
			return "delete+insert"
		}
		return phase
	},
	Fill:  "fill",
	Cycle: "cycle",
	Impls: []string{"freer", "keeper"},
}

func TestBuild(t *testing.T) {
	tables, notes, err := Build(fixture(), fixtureVocab)
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) != 2 || tables[0].Scenario != "churn-fifo" || tables[1].Scenario != "drain" {
		t.Fatalf("tables %+v", tables)
	}
	drain := tables[1]
	if len(drain.Lines) != 2 || drain.Lines[0].Impl != "freer" {
		t.Fatalf("drain lines %+v", drain.Lines)
	}
	freer := drain.Lines[0]
	if !freer.Failed || freer.NsPerOp.Median != 550 || freer.Reps != 3 {
		t.Errorf("freer: failed=%v ns/op=%v reps=%d; want true, 550 (median of reps 0 and 1 only), 3", freer.Failed, freer.NsPerOp.Median, freer.Reps)
	}
	keeper := drain.Lines[1]
	if keeper.Failed || keeper.NsPerOp.Median != 91 || keeper.P99.Median != 410 || !math.IsNaN(keeper.Reuse) {
		t.Errorf("keeper: %+v", keeper)
	}
	if churn := tables[0].Lines[0]; churn.Retained != 2.5*(1<<20) {
		t.Errorf("churn heap after = %v, want the total at the last step", churn.Retained)
	}
	if len(notes) != 3 || !strings.Contains(notes[2], "keeper drain u64 n=1024: 2 phase(s) ran with cpu_share under 0.9 (least 0.70)") {
		t.Errorf("notes %q, want the checksum, the failed self-check and one contention line", notes)
	}
}

func TestWriteGolden(t *testing.T) {
	var buf bytes.Buffer
	tables, notes, err := Build(fixture(), fixtureVocab)
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(&buf, tables, notes); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/summary.golden", buf.Bytes())
}

// concurrent is a hand-made run of concurrent-drain at G = 1, 2 and 4 and
// concurrent-churn at G = 2 (with throughput; read latencies in
// concurrent-drain only), beside the single-goroutine drain.
func concurrent() []results.Record {
	var rs []results.Record
	g := func(r results.Record, goroutines int) results.Record {
		r.Goroutines = goroutines
		return r
	}
	for rep := range 3 {
		f := float64(rep)
		rs = append(rs,
			rec("keeper", "drain", rep, "fill", 0, "bytes_per_entry", 36),
			rec("keeper", "drain", rep, "delete", 0, "live_heap", 37000),
			rec("keeper", "drain", rep, "delete", 0, "ns_per_op", 90+f),
			rec("keeper", "drain", rep, "delete", 0, "latency_p99", 400),
		)
		for _, gs := range []int{1, 2, 4} {
			gf := float64(gs)
			for _, impl := range []string{"keeper", "freer"} {
				slow := 1.0
				if impl == "freer" {
					slow = 3
				}
				rs = append(rs,
					g(rec(impl, "concurrent-drain", rep, "fill", 0, "bytes_per_entry", 40*slow), gs),
					g(rec(impl, "concurrent-drain", rep, "delete", 0, "live_heap", 40000/slow+gf), gs),
					g(rec(impl, "concurrent-drain", rep, "delete", 0, "ns_per_op", slow*(100+f)/gf), gs),
					g(rec(impl, "concurrent-drain", rep, "delete", 0, "ops_per_sec", gf*1e7/slow+f), gs),
					g(rec(impl, "concurrent-drain", rep, "delete", 0, "latency_p99", slow*(500+100*gf)), gs),
					g(rec(impl, "concurrent-drain", rep, "delete", 0, "read_latency_p99", slow*(200+50*gf)), gs),
					g(rec(impl, "concurrent-drain", rep, "delete", 0, "gc_cycles", gf), gs),
				)
			}
		}
		rs = append(rs,
			g(rec("keeper", "concurrent-churn", rep, "churn", 16, "live_heap", 2.5*(1<<20)), 2),
			g(rec("keeper", "concurrent-churn", rep, "churn", 16, "ns_per_op", 150), 2),
			g(rec("keeper", "concurrent-churn", rep, "churn", 16, "ops_per_sec", 950), 2),
			g(rec("keeper", "concurrent-churn", rep, "churn", 8, "ops_per_sec", 1), 2), // not the total
			g(rec("keeper", "concurrent-churn", rep, "churn", 16, "latency_p99", 700), 2),
		)
	}
	busy := g(rec("freer", "concurrent-drain", 1, "delete", 0, "cpu_share", 0.5), 4)
	busy.Note = "contention: ..."
	bad := g(rec("freer", "concurrent-drain", 2, "meta", 0, "checksum_ok", 0), 4)
	bad.Note = "[1 live key missing]"
	return append(rs, busy, bad)
}

// Goroutines split tables: one per scenario × shape × n × G, in G order,
// G named in every title and note once some G > 1; the key phase's
// ops_per_sec and read_latency_p99 are shown where they exist.
func TestBuildGoroutines(t *testing.T) {
	tables, notes, err := Build(concurrent(), fixtureVocab)
	if err != nil {
		t.Fatal(err)
	}
	type id struct {
		scenario string
		g        int
	}
	var got []id
	for _, tb := range tables {
		got = append(got, id{tb.Scenario, tb.Goroutines})
	}
	want := []id{{"concurrent-churn", 2}, {"concurrent-drain", 1}, {"concurrent-drain", 2}, {"concurrent-drain", 4}, {"drain", 1}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("tables %v, want %v", got, want)
	}
	for _, tc := range []struct {
		table       int
		line        int
		ops, readP9 float64
		reps        int
		failed      bool
	}{
		{1, 1, 1e7 + 1, 250, 3, false},                     // keeper at G=1: the median rep
		{2, 1, 2e7 + 1, 300, 3, false},                     // keeper at G=2
		{3, 0, (4e7/3 + 0 + 4e7/3 + 1) / 2, 1200, 3, true}, // freer at G=4: rep 2 failed
		{0, 0, 950, math.NaN(), 3, false},                  // concurrent-churn: the last step's, no reads
	} {
		l := tables[tc.table].Lines[tc.line]
		if l.OpsPerSec.Median != tc.ops || (math.IsNaN(tc.readP9) != math.IsNaN(l.ReadP99.Median)) || (!math.IsNaN(tc.readP9) && l.ReadP99.Median != tc.readP9) ||
			l.Reps != tc.reps || l.Failed != tc.failed {
			t.Errorf("table %d line %d: %+v, want ops/s %v, read p99 %v, reps %d, failed %v", tc.table, tc.line, l, tc.ops, tc.readP9, tc.reps, tc.failed)
		}
	}
	if d := tables[4].Lines[0]; !math.IsNaN(d.OpsPerSec.Median) || !math.IsNaN(d.ReadP99.Median) {
		t.Errorf("drain has no throughput or read latency: %+v", d)
	}
	wantNotes := []string{
		"freer concurrent-drain u64 n=1024 G=4 rep 2: checksum_ok=0: [1 live key missing]",
		"freer concurrent-drain u64 n=1024 G=4: 1 phase(s) ran with cpu_share under 0.9 (least 0.50): the machine was busy, their ns/op are inflated",
	}
	if !slices.Equal(notes, wantNotes) {
		t.Errorf("notes %q\nwant %q", notes, wantNotes)
	}
}

func TestWriteGoldenGoroutines(t *testing.T) {
	var buf bytes.Buffer
	tables, notes, err := Build(concurrent(), fixtureVocab)
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(&buf, tables, notes); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/goroutines.golden", buf.Bytes())
}

// Titles name G only when some table has G > 1; the throughput and read
// p99 columns appear in the tables that have such rows, and only there.
func TestWriteColumnsAndTitles(t *testing.T) {
	only := func(g int, scenarios ...string) []results.Record {
		var out []results.Record
		for _, r := range concurrent() {
			if r.Goroutines == g && slices.Contains(scenarios, r.Scenario) {
				out = append(out, r)
			}
		}
		return out
	}
	tests := []struct {
		name      string
		recs      []results.Record
		want, not []string
	}{
		{"single-goroutine only", only(1, "drain"),
			[]string{"drain  shape=u64  n=1024  (medians", "impl  B/entry full  heap after  after/full  reuse  drift    time/op (min–max)  p99 (min–max)  GCs  reps"},
			[]string{"G=", "ops/s", "read p99"}},
		{"concurrent at G=1 only", only(1, "drain", "concurrent-drain"),
			[]string{"concurrent-drain  shape=u64  n=1024  (medians", "time/op (min–max)  ops/s (min–max)  p99 (min–max)  read p99 (min–max)  GCs  reps", "10.0M",
				"drain  shape=u64  n=1024  (medians", "time/op (min–max)  p99 (min–max)  GCs  reps"},
			[]string{"G="}},
		{"G=2 anywhere: every title", append(only(1, "drain"), only(2, "concurrent-churn")...),
			[]string{"concurrent-churn  shape=u64  n=1024  G=2  (medians", "drain  shape=u64  n=1024  G=1  (medians", "ops/s (min–max)  p99 (min–max)  GCs  reps", "   950  "},
			[]string{"read p99"}},
	}
	// Shape ptr: the drain tables with payload_retained in the key phase
	// (the keeper keeps 2 KiB of deleted payloads), beside the u64 ones,
	// which have no such column.
	ptr := only(1, "drain")
	for _, r := range only(1, "drain") {
		r.Shape = "ptr"
		ptr = append(ptr, r)
		if r.Metric == "ns_per_op" {
			kept := 0.0
			if r.Impl == "keeper" {
				kept = 2048
			}
			r.Metric, r.Value = "payload_retained", kept
			ptr = append(ptr, r)
		}
	}
	tests = append(tests, struct {
		name      string
		recs      []results.Record
		want, not []string
	}{"ptr: payloads kept", ptr,
		[]string{"drain  shape=ptr  n=1024  (medians", "p99 (min–max)  GCs  payloads kept  reps", "      2.00 KiB     3", "drain  shape=u64  n=1024  (medians over reps, times with min–max; heap, time, p99 and GCs of phase \"delete\")\n    impl  B/entry full  heap after  after/full  reuse  drift    time/op (min–max)  p99 (min–max)  GCs  reps"},
		[]string{"G="}})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			tables, notes, err := Build(tc.recs, fixtureVocab)
			if err != nil {
				t.Fatal(err)
			}
			if err := Write(&buf, tables, notes); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(out, w) {
					t.Errorf("output has %q:\n%s", w, out)
				}
			}
		})
	}
	// Without G and without the concurrent metrics, a table prints as
	// before: the golden of the single-goroutine fixture (TestWriteGolden)
	// is unchanged, and so is its text when G is 0 (records made before
	// the goroutines column).
	var a, b bytes.Buffer
	ta, na, err := Build(fixture(), fixtureVocab)
	if err != nil {
		t.Fatal(err)
	}
	zero := fixture()
	for i := range zero {
		zero[i].Goroutines = 0
	}
	tb, nb, err := Build(zero, fixtureVocab)
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(&a, ta, na); err != nil {
		t.Fatal(err)
	}
	if err := Write(&b, tb, nb); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Errorf("G 1 and G 0 print differently:\n%s\n%s", a.String(), b.String())
	}
}

// Time figures show the reps' min–max beside the median; a cell whose
// reps disagree by more than 25% is marked and named in one note, and the
// advice is given once.
func TestSpreadAndDisagreement(t *testing.T) {
	var rs []results.Record
	for rep, ns := range []float64{28.9, 53.8, 36.4} {
		rs = append(rs, rec("bimodal", "drain", rep, "delete", 0, "ns_per_op", ns),
			rec("steady", "drain", rep, "delete", 0, "ns_per_op", 10+float64(rep)),
			rec("twice", "drain", rep, "delete", 0, "ns_per_op", 100*float64(1+min(rep, 1))))
	}
	rs = append(rs, rec("single", "drain", 0, "delete", 0, "ns_per_op", 1704))
	tables, notes, err := Build(rs, fixtureVocab)
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) != 1 {
		t.Fatalf("%d tables, want 1", len(tables))
	}
	want := map[string]string{"bimodal": "36.4 ns (28.9–53.8) *", "steady": "11.0 ns (10.0–12.0)",
		"twice": "200 ns (100–200) *", "single": "1.70 µs"}
	for _, l := range tables[0].Lines {
		if got := spreadStr(l.NsPerOp, results.UnitNS); got != want[l.Impl] {
			t.Errorf("%s: %q, want %q", l.Impl, got, want[l.Impl])
		}
	}
	wantNotes := []string{
		Advice,
		"  bimodal drain u64 n=1024: ns/op 28.9–53.8 ns (max/min 1.86)",
		"  twice drain u64 n=1024: ns/op 100–200 ns (max/min 2.00)",
	}
	if !slices.Equal(notes, wantNotes) {
		t.Errorf("notes\n%q\nwant\n%q", notes, wantNotes)
	}
}

// Reps whose cpu_handoff is over twice the least in the input are named in
// a note per cell; cells within twice the least, and cells without the
// metric, are not.
func TestHandoffNote(t *testing.T) {
	var rs []results.Record
	for rep, h := range []float64{40, 45, 210} {
		rs = append(rs, rec("fast", "concurrent-drain", rep, "meta", 0, "cpu_handoff", 41+float64(rep)),
			rec("mixed", "concurrent-drain", rep, "meta", 0, "cpu_handoff", h),
			rec("plain", "drain", rep, "delete", 0, "ns_per_op", 10))
	}
	_, notes, err := Build(rs, fixtureVocab)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"mixed concurrent-drain u64 n=1024: 1 of 3 reps measured cpu_handoff over twice the least in the input (up to 210 ns, least 40 ns): their CPUs were farther apart, so their concurrent figures are not comparable with the others'"}
	if !slices.Equal(notes, want) {
		t.Errorf("notes %q\nwant %q", notes, want)
	}
}

// Lines are in registry order (the report's and the charts' order), not
// alphabetical; an implementation the registry does not know comes after
// the known ones.
func TestRegistryOrder(t *testing.T) {
	v := fixtureVocab
	v.Impls = []string{"keeper"}
	tables, _, err := Build(fixture(), v)
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range tables {
		var got []string
		for _, l := range tb.Lines {
			got = append(got, l.Impl)
		}
		if tb.Scenario == "drain" && !slices.Equal(got, []string{"keeper", "freer"}) {
			t.Errorf("drain lines %q, want keeper (registry) then freer (unknown)", got)
		}
	}
	v.Impls = []string{"freer", "keeper"}
	tables, _, err = Build(fixture(), v)
	if err != nil {
		t.Fatal(err)
	}
	if got := tables[1].Lines[0].Impl; tables[1].Scenario != "drain" || got != "freer" {
		t.Errorf("drain's first line %q, want freer", got)
	}
}

// The summary ends with package advise's verdict, three lines at most per
// table; a failed cell is never named ahead of another.
func TestAdviceLines(t *testing.T) {
	tables, _, err := Build(fixture(), fixtureVocab)
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range tables {
		if len(tb.Advice) == 0 || len(tb.Advice) > 3 {
			t.Errorf("%s: %d advice lines, want 1 to 3: %q", tb.Scenario, len(tb.Advice), tb.Advice)
		}
		if tb.Scenario == "drain" && !strings.Contains(tb.Advice[0], "freer failed its checks") {
			t.Errorf("drain: advice %q does not say that freer (rep 2 failed) is not ranked", tb.Advice)
		}
		for _, l := range tb.Advice {
			if strings.Contains(l, "freer") && strings.Contains(l, "ahead of") && tb.Scenario == "drain" {
				t.Errorf("drain: the failed cell freer is named a winner: %q", l)
			}
		}
	}
	var buf strings.Builder
	if err := Write(&buf, tables, nil); err != nil {
		t.Fatal(err)
	}
	if i, j := strings.Index(buf.String(), AdviceHead), strings.LastIndex(buf.String(), "keeper  "); i < 0 || i < j {
		t.Errorf("the advice does not end the summary:\n%s", buf.String())
	}
}

// gcHeap is a hand-made run of -gc-percent 1,100 -live-heap 0,256MiB:
// the drain of two maps in each of the four settings, 2 reps, the GC work
// rising with the live heap at GOGC=1, one rep with a busy machine.
func gcHeap() []results.Record {
	var rs []results.Record
	conf := "impls=freer,keeper;gc-percent=1,100;live-heap=0,256MiB;sample=64"
	for _, gc := range []int{1, 100} {
		for _, other := range []int{0, 256 << 20} {
			slow := 1.0
			if gc == 1 && other > 0 {
				slow = 3
			}
			for rep := range 2 {
				f := float64(rep)
				at := func(r results.Record) results.Record {
					r.RunID, r.GCPercent, r.OtherHeap = "r1", gc, other
					return r
				}
				for _, impl := range []string{"keeper", "freer"} {
					base := map[string]float64{"keeper": 20, "freer": 100}[impl]
					cycles := map[string]float64{"keeper": 0, "freer": 4}[impl]
					if gc == 100 {
						cycles = 0
					}
					rs = append(rs,
						at(rec(impl, "drain", rep, "meta", 0, results.MetricRunConfig, 1)),
						at(rec(impl, "drain", rep, "fill", 0, "bytes_per_entry", 36)),
						at(rec(impl, "drain", rep, "delete", 0, "live_heap", map[string]float64{"keeper": 2.25 * (1 << 20), "freer": 208}[impl])),
						at(rec(impl, "drain", rep, "delete", 0, "ns_per_op", slow*base+f)),
						at(rec(impl, "drain", rep, "delete", 0, "latency_p99", slow*(4*base+10*f))),
						at(rec(impl, "drain", rep, "delete", 0, "gc_cycles", cycles)),
						at(rec(impl, "drain", rep, "meta", 0, "checksum_ok", 1)),
					)
					rs[len(rs)-7].Note = conf
				}
			}
		}
	}
	busy := rec("keeper", "drain", 1, "delete", 0, "cpu_share", 0.7)
	busy.RunID, busy.GCPercent, busy.OtherHeap, busy.Note = "r1", 100, 256<<20, "contention: ..."
	return append(rs, busy)
}

// Several GOGC values and live heaps in one run: every cell is a line of
// its own, never pooled, with the settings that differ in columns after
// impl (gc_percent, other_heap: the lines of one implementation together);
// the notes and the advice name the setting of the cell they are about.
func TestWriteGoldenGCPercentAndLiveHeap(t *testing.T) {
	tables, notes, err := Build(gcHeap(), fixtureVocab)
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) != 1 || len(tables[0].Lines) != 8 {
		t.Fatalf("%d tables, want 1 of 8 lines: %+v", len(tables), tables)
	}
	for _, l := range tables[0].Lines {
		if len(l.Label) != 2 || l.Label[0].Key != "gc_percent" || l.Label[1].Key != "other_heap" || l.Reps != 2 {
			t.Errorf("line %s: label %v, %d reps; want gc_percent and other_heap, 2 reps", l.Impl, l.Label, l.Reps)
		}
	}
	var buf bytes.Buffer
	if err := Write(&buf, tables, notes); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"keeper drain u64 n=1024 gc_percent=100 other_heap=256MiB: 1 phase(s) ran with cpu_share under 0.9",
		"gc_percent=1 other_heap=256MiB: "} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("the summary does not say %q", want)
		}
	}
	golden.Check(t, "testdata/gc-live-heap.golden", buf.Bytes())
}
