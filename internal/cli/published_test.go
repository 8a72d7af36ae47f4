package cli

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"mapbench/internal/golden"
	"mapbench/results"
)

// figRef is how results/published/RESULTS.md points at a figure:
// [FILE SCENARIO SHAPE PHASE/STEP METRIC IMPL = VALUE] (SCENARIO may be a
// trace's, trace:LABEL@DIGEST), or with
// IMPL G=N for the cells of N writer goroutines (G=1 otherwise), SHAPE
// n=N for the cells of size N in a file that has several sizes, IMPL
// go=VERSION for the cells of one Go version (required in a file of
// several: mapbench run -go), gogc=P and heap=BYTES for the cells of one
// GOGC and other live heap (likewise: -gc-percent, -live-heap), and "near" after it for the reps whose
// cpu_handoff was at most twice the least in the file; VALUE being the
// median over those reps of that cell, written with the precision it is
// checked to.
var figRef = regexp.MustCompile(`\[([\w./-]+\.csv) ([\w.:@-]+) (\w+)(?: n=(\d+))? (\w+)/(\d+) (\w+) ([\w-]+)(?: G=(\d+))?(?: go=(go[\w.]+))?(?: gogc=(\d+))?(?: heap=(\d+))?( near)? = (-?[\d.]+)\]`)

// repID names one rep of one cell of a run.
type repID struct {
	run, impl, scenario, shape string
	n, g, rep                  int
	presize                    bool
}

func repOf(r *results.Record) repID {
	return repID{r.RunID, r.Impl, r.Scenario, r.Shape, r.N, r.Goroutines, r.Rep, r.Presize}
}

// farReps is the reps of recs whose cpu_handoff is over twice the least
// cpu_handoff in recs.
func farReps(recs []results.Record) map[repID]bool {
	least := 0.0
	for _, r := range recs {
		if r.Metric == results.MetricHandoff && r.Value > 0 && (least == 0 || r.Value < least) {
			least = r.Value
		}
	}
	far := map[repID]bool{}
	for _, r := range recs {
		if r.Metric == results.MetricHandoff && r.Value > 2*least {
			far[repOf(&r)] = true
		}
	}
	return far
}

// Every figure RESULTS.md cites is the median of the rows it names in the
// published CSV, to the digits it is written with: no claim there was typed
// from memory.
func TestPublishedClaims(t *testing.T) {
	const dir = "../../results/published/"
	md, err := os.ReadFile(dir + "RESULTS.md")
	if err != nil {
		t.Fatal(err)
	}
	refs := figRef.FindAllStringSubmatch(string(md), -1)
	if len(refs) < 10 {
		t.Fatalf("RESULTS.md cites %d figures in the [FILE SCENARIO SHAPE PHASE/STEP METRIC IMPL = VALUE] form, want at least 10", len(refs))
	}
	files := map[string][]results.Record{}
	fars := map[string]map[repID]bool{}
	for _, r := range refs {
		file, scenario, shape, nS, phase, stepS, metric, impl, gS, goV, gcV, heapV, near, want := r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13] != "", r[14]
		n := 0 // any
		if nS != "" {
			if n, err = strconv.Atoi(nS); err != nil {
				t.Fatal(err)
			}
		}
		g := 1
		if gS != "" {
			if g, err = strconv.Atoi(gS); err != nil {
				t.Fatal(err)
			}
		}
		recs, ok := files[file]
		if !ok {
			if recs, err = results.ReadCSVFile(dir + file); err != nil {
				t.Fatal(err)
			}
			files[file] = recs
			fars[file] = farReps(recs)
		}
		step, err := strconv.Atoi(stepS)
		if err != nil {
			t.Fatal(err)
		}
		var vals []float64
		type setting struct {
			goVersion       string
			gcPercent, heap int
		}
		settings := map[setting]bool{}
		for _, rec := range recs {
			if rec.Scenario == scenario && rec.Shape == shape && rec.Phase == phase && rec.Step == step &&
				rec.Metric == metric && rec.Impl == impl && rec.Goroutines == g && !rec.Presize && (n == 0 || rec.N == n) &&
				(goV == "" || rec.GoVersion == goV) && (gcV == "" || strconv.Itoa(rec.GCPercent) == gcV) &&
				(heapV == "" || strconv.Itoa(rec.OtherHeap) == heapV) && !(near && fars[file][repOf(&rec)]) {
				vals = append(vals, rec.Value)
				settings[setting{rec.GoVersion, rec.GCPercent, rec.OtherHeap}] = true
			}
		}
		if len(settings) > 1 {
			t.Errorf("%s: rows of %d settings (Go version, GOGC, other heap); name them (IMPL go=VERSION gogc=P heap=BYTES)", r[0], len(settings))
			continue
		}
		if len(vals) == 0 {
			t.Errorf("%s: no such rows", r[0])
			continue
		}
		prec := 0
		if _, frac, ok := strings.Cut(want, "."); ok {
			prec = len(frac)
		}
		if got := strconv.FormatFloat(results.Median(vals), 'f', prec, 64); got != want {
			t.Errorf("%s: the median of %d reps is %s", r[0], len(vals), got)
		}
	}
}

func TestFarReps(t *testing.T) {
	var recs []results.Record
	for rep, h := range []float64{45, 40, 81, 79, 210} {
		recs = append(recs, results.Record{Cell: results.Cell{Impl: "x", Scenario: "s", Goroutines: 2, Rep: rep},
			Metric: results.MetricHandoff, Value: h})
	}
	recs = append(recs, results.Record{Cell: results.Cell{Impl: "y", Rep: 0}, Metric: results.MetricNsPerOp, Value: 1000})
	far := farReps(recs)
	for rep, want := range []bool{false, false, true, false, true} {
		r := recs[rep]
		if got := far[repOf(&r)]; got != want {
			t.Errorf("rep %d (cpu_handoff %v): far %v, want %v (least 40: far means over 80)", rep, r.Value, got, want)
		}
	}
	if len(far) != 2 {
		t.Errorf("%d far reps, want 2", len(far))
	}
}

// The markers around the generated "Which map" answers of RESULTS.md.
const (
	adviseBegin = "<!-- mapbench advise: begin (generated; edit results/advise, not this text) -->\n"
	adviseEnd   = "<!-- mapbench advise: end -->\n"
)

// publishedAdviceInputs are the CSVs the "Which map" answers are made from
// (the Makefile's published target runs the same command).
var publishedAdviceInputs = []string{"n65536.csv", "n1048576.csv"}

// RESULTS.md's "Which map" answers are what `mapbench advise -format
// markdown` writes on the published CSVs, to the byte; -update rewrites
// them from the tool.
func TestPublishedAdvice(t *testing.T) {
	const dir = "../../results/published/"
	md, err := os.ReadFile(dir + "RESULTS.md")
	if err != nil {
		t.Fatal(err)
	}
	before, rest, ok := strings.Cut(string(md), adviseBegin)
	committed, after, ok2 := strings.Cut(rest, adviseEnd)
	if !ok || !ok2 {
		t.Fatalf("RESULTS.md lacks the markers %q and %q around the generated answers", adviseBegin, adviseEnd)
	}
	args := []string{"advise", "-format", "markdown"}
	for _, f := range publishedAdviceInputs {
		args = append(args, dir+f)
	}
	var stdout, stderr strings.Builder
	if err := mapbench(args, &stdout, &stderr); err != nil {
		t.Fatalf("mapbench %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	got := stdout.String()
	if golden.Updating() {
		if err := os.WriteFile(dir+"RESULTS.md", []byte(before+adviseBegin+got+adviseEnd+after), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if d := golden.Diff([]byte(committed), []byte(got)); d != "" {
		t.Errorf("RESULTS.md's generated answers differ from mapbench advise's (make published, or go test ./internal/cli -run TestPublishedAdvice -update):\n%s", d)
	}
}

// A claim about a run of several Go versions names one (mapbench run
// -go): the figure reference reads it.
func TestFigRefGoVersion(t *testing.T) {
	for _, tc := range []struct{ in, goV, gc, heap, want string }{
		{"[go-versions-n65536.csv churn-fifo struct churn/16 footprint_drift native go=go1.27.3 = 1.66]", "go1.27.3", "", "", "1.66"},
		{"[n65536.csv drain u64 delete/0 live_heap cockroach G=2 near = 2360544]", "", "", "", "2360544"},
		{"[gogc-live-heap-n1048576.csv drain u64 delete/0 ns_per_op xsync gogc=1 heap=268435456 = 760]", "", "1", "268435456", "760"},
		{"[trace-cloudphysics.csv trace:oracle-general-x.bin@d19a47e9400a26b2 u64 replay/16 live_heap native = 591152]", "", "", "", "591152"},
	} {
		m := figRef.FindStringSubmatch(tc.in)
		if m == nil || m[10] != tc.goV || m[11] != tc.gc || m[12] != tc.heap || m[14] != tc.want {
			t.Errorf("%s: matched %q, want go %q, gogc %q, heap %q and value %q", tc.in, m, tc.goV, tc.gc, tc.heap, tc.want)
		}
	}
}
