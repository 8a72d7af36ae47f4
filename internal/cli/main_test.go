package cli

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"mapbench/harness"
	"mapbench/impls"
	"mapbench/internal/golden"
	"mapbench/results"
)

// TestMain lets `run` re-execute this test binary as a cell child.
func TestMain(m *testing.M) {
	if harness.IsChild() {
		os.Exit(harness.ChildMain())
	}
	if os.Getenv("MAPBENCH_TEST_MAIN") == "1" {
		// Tests start this binary as the mapbench command itself.
		os.Exit(exitCode(mapbench(os.Args[1:], os.Stdout, os.Stderr), os.Stderr))
	}
	os.Exit(m.Run())
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "existing.csv")
	if err := os.WriteFile(existing, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.csv")
	malformed := filepath.Join(dir, "malformed.csv")
	if err := os.WriteFile(malformed, []byte(strings.Join(results.Columns, ",")+"\nnot,a,row\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	headerOnly := filepath.Join(dir, "header.csv")
	if err := os.WriteFile(headerOnly, []byte(strings.Join(results.Columns, ",")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want []string // substrings of the error
	}{
		{"no command", nil, []string{"no command"}},
		{"unknown command", []string{"frob"}, []string{`unknown command "frob"`, "run, list, report, plot, advise or trace"}},
		{"unknown impl", []string{"run", "-impls", "native,xsnyc"}, []string{"-impls", `"xsnyc"`, "native, syncmap", `did you mean "xsync"`}},
		{"unknown scenario", []string{"run", "-scenarios", "drian"}, []string{"-scenarios", `"drian"`, "churn-fifo", `did you mean "drain"`}},
		{"unknown shape", []string{"run", "-shapes", "u32"}, []string{"-shapes", `"u32"`, "u64, str"}},
		{"empty list item", []string{"run", "-impls", "native,,xsync"}, []string{"-impls", "empty item"}},
		{"duplicate item", []string{"run", "-impls", "native,native"}, []string{"-impls", "named twice"}},
		{"n zero", []string{"run", "-n", "0"}, []string{"-n", "must be > 0"}},
		{"n negative", []string{"run", "-n", "-5"}, []string{"-n", "must be > 0"}},
		{"n not a number", []string{"run", "-n", "lots"}, []string{"-n", `"lots"`, "not a number"}},
		{"n too big for a scenario", []string{"run", "-n", "2^30"}, []string{"-n: 1073741824 is too large for scenario churn-fifo", "the largest n it accepts is 238609294"}},
		{"n too big for any scenario", []string{"run", "-n", "4000000000", "-scenarios", "drain,partial-50"}, []string{"-n: 4000000000 is too large for scenario drain", "the largest n it accepts is 2147483647"}},
		{"n too big for int64", []string{"run", "-n", "99999999999999999999"}, []string{"-n", "too large for a 64-bit integer"}},
		{"n cannot fit", []string{"run", "-n", "2^30", "-scenarios", "drain", "-shapes", "str"}, []string{"-n", "does not fit", "MiB available"}},
		{"reps zero", []string{"run", "-reps", "0"}, []string{"-reps", "out of range 1..1000"}},
		{"reps not a number", []string{"run", "-reps", "x"}, []string{"reps"}},
		{"gc-percent zero", []string{"run", "-gc-percent", "0"}, []string{"-gc-percent", "out of range 1..10000"}},
		{"gc-percent huge", []string{"run", "-gc-percent", "100000"}, []string{"-gc-percent", "out of range"}},
		{"gomaxprocs zero", []string{"run", "-gomaxprocs", "0"}, []string{"-gomaxprocs", "out of range"}},
		{"sample negative", []string{"run", "-sample", "-1"}, []string{"-sample", "out of range 0..65536"}},
		{"sample too large", []string{"run", "-sample", "70000"}, []string{"-sample", "out of range 0..65536"}},
		{"mem-limit too small", []string{"run", "-mem-limit", "1G"}, []string{"-mem-limit", "under 2G"}},
		{"mem-limit not a size", []string{"run", "-mem-limit", "lots"}, []string{"-mem-limit", `"lots"`}},
		{"negative timeout", []string{"run", "-timeout", "-1s"}, []string{"-timeout", "negative"}},
		{"existing output", []string{"run", "-o", existing}, []string{"-o", "exists", "-force"}},
		{"unwritable output", []string{"run", "-o", filepath.Join(dir, "no", "such", "dir", "x.csv")}, []string{"-o", "cannot create"}},
		{"resume malformed file", []string{"run", "-resume", malformed}, []string{"-resume", "malformed.csv:2"}},
		{"resume missing file", []string{"run", "-resume", filepath.Join(dir, "nope.csv")}, []string{"-resume", "nope.csv"}},
		{"resume with -o", []string{"run", "-resume", malformed, "-o", out}, []string{"-resume", "drop -o"}},
		{"resume header only", []string{"run", "-resume", headerOnly}, []string{"-resume", "has no rows"}},
		{"unsafe impl in a concurrent scenario", []string{"run", "-impls", "native,syncmap", "-scenarios", "concurrent-drain"},
			[]string{"-impls: native is not safe for concurrent use", "concurrent-drain", "syncmap, xsync, xsync-growonly, xsync4, native-mutex, native-rwmutex"}},
		{"impl that cannot hold a shape", []string{"run", "-impls", "native,haxmap", "-shapes", "struct"},
			[]string{"-impls, -shapes: impl haxmap cannot hold shape struct (impls.StructKey → uint64)", "its shapes: u64, str, v120, v136, ptr"}},
		{"goroutines zero", []string{"run", "-scenarios", "concurrent-drain", "-goroutines", "0"}, []string{"-goroutines", `"0"`, "1..256"}},
		{"goroutines not a number", []string{"run", "-goroutines", "1,x"}, []string{"-goroutines", `"x"`}},
		{"goroutines twice", []string{"run", "-goroutines", "2,2"}, []string{"-goroutines", "2 named twice"}},
		{"goroutines over n", []string{"run", "-scenarios", "mixed-zipf", "-n", "2", "-goroutines", "4"}, []string{"-n: 2 is smaller than -goroutines 4", "mixed-zipf"}},
		{"mix not 100", []string{"run", "-mix", "90/5/4"}, []string{"-mix", `"90/5/4"`, "adding up to 100", "90/5/5"}},
		{"mix two fields", []string{"run", "-mix", "90/10"}, []string{"-mix", `"90/10"`}},
		{"zipf-s 1", []string{"run", "-zipf-s", "1"}, []string{"-zipf-s", "more than 1"}},
		{"concurrent-gomaxprocs zero", []string{"run", "-concurrent-gomaxprocs", "0"}, []string{"-concurrent-gomaxprocs", "out of range 1..1024"}},
		{"custom scenario with an unknown parameter", []string{"run", "-scenarios", "drain,custom:delete=0.5,speed=3"},
			[]string{"-scenarios", `unknown parameter "speed"`, "allowed: delete="}},
		{"custom scenario that deletes nothing", []string{"run", "-scenarios", "custom:cycles=2"}, []string{"-scenarios", "deletes nothing"}},
		{"custom scenario named twice", []string{"run", "-scenarios", "custom:delete=1,custom:delete=1.0"}, []string{"-scenarios", `"custom:delete=1" named twice`}},
		{"stray argument", []string{"run", "drain"}, []string{"no arguments"}},
		{"list with argument", []string{"list", "x"}, []string{"list takes no arguments"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := tc.args
			if len(args) > 0 && args[0] == "run" && !strings.Contains(strings.Join(args, " "), "-o") && !strings.Contains(strings.Join(args, " "), "-resume") {
				args = append(args, "-o", out)
			}
			runRefused(t, args, tc.want)
			if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("bad input left %s behind", out)
			}
			if b := readFile(t, existing); string(b) != "precious" {
				t.Errorf("existing file changed to %q", b)
			}
			locks, err := filepath.Glob(filepath.Join(dir, "*.lock"))
			if err != nil {
				t.Fatal(err)
			}
			if len(locks) > 0 {
				t.Errorf("bad input left lock files behind: %v", locks)
			}
		})
	}
}

// Concurrent scenarios under -impls all run on the implementations safe
// for concurrent use, once per -goroutines entry, at -concurrent-gomaxprocs;
// the run says which implementations it left out.
func TestRunConcurrentScenarios(t *testing.T) {
	out := filepath.Join(t.TempDir(), "c.csv")
	var stdout, stderr bytes.Buffer
	err := mapbench([]string{"run", "-scenarios", "drain,concurrent-drain,mixed-zipf", "-goroutines", "1,3", "-concurrent-gomaxprocs", "2",
		"-n", "1k", "-reps", "1", "-passes", "1", "-min-phase", "0", "-o", out}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("run: %v\nstderr: %s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "on the implementations safe for concurrent use only (not native,dolthub,cockroach)") {
		t.Errorf("the run does not say which implementations it left out:\n%s", stderr.String())
	}
	recs, err := results.ReadCSVFile(out)
	if err != nil {
		t.Fatal(err)
	}
	type cell struct {
		impl, scenario string
		g, procs       int
	}
	cells := map[cell]bool{}
	for _, r := range recs {
		if err := r.Valid(); err != nil {
			t.Fatalf("invalid record: %v", err)
		}
		cells[cell{r.Impl, r.Scenario, r.Goroutines, r.GOMAXPROCS}] = true
		if r.Metric == results.MetricChecksumOK && r.Value != 1 {
			t.Errorf("%s %s G=%d: checksum_ok=0 (%s)", r.Impl, r.Scenario, r.Goroutines, r.Note)
		}
	}
	for _, im := range impls.All() {
		if im.Opt {
			continue // not in the default -impls main
		}
		if !cells[cell{im.Name, "drain", 1, 1}] {
			t.Errorf("no drain cell of %s at G=1, GOMAXPROCS=1", im.Name)
		}
		for _, sc := range []string{"concurrent-drain", "mixed-zipf"} {
			for _, g := range []int{1, 3} {
				if got := cells[cell{im.Name, sc, g, 2}]; got != im.Concurrent {
					t.Errorf("%s %s G=%d GOMAXPROCS=2: cell present %v, want %v (safe for concurrent use: %v)", im.Name, sc, g, got, im.Concurrent, im.Concurrent)
				}
			}
		}
	}
	safe := 0 // the implementations of -impls main safe for concurrent use
	for _, im := range impls.All() {
		if im.Concurrent && !im.Opt {
			safe++
		}
	}
	if want := len(impls.MainNames()) + 2*2*safe; len(cells) != want {
		t.Errorf("%d cells, want %d", len(cells), want)
	}
	// The file records -impls all expanded, unsafe implementations
	// included: -resume continues it (here: nothing left to run) rather
	// than refusing them.
	before := readFile(t, out)
	stdout.Reset()
	stderr.Reset()
	if err := mapbench([]string{"run", "-resume", out}, &stdout, &stderr); err != nil {
		t.Fatalf("resume of the complete run: %v\nstderr: %s", err, stderr.String())
	}
	if after := readFile(t, out); !bytes.Equal(before, after) {
		t.Error("resuming the complete run changed its file")
	}
}

// A custom scenario runs under its canonical name (whatever order its
// parameters were given in), beside catalogue scenarios, and -resume
// continues a run that has one; -impls native-rebuild takes the opt-in
// implementation, and its rows count the rebuilds.
func TestRunCustomScenario(t *testing.T) {
	out := filepath.Join(t.TempDir(), "c.csv")
	var stdout, stderr bytes.Buffer
	err := mapbench([]string{"run", "-scenarios", "custom:churn=2,delete=0.5,order=random,drain", "-impls", "native,native-rebuild",
		"-n", "1k", "-reps", "1", "-passes", "1", "-min-phase", "0", "-o", out}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("run: %v\nstderr: %s", err, stderr.String())
	}
	recs, err := results.ReadCSVFile(out)
	if err != nil {
		t.Fatal(err)
	}
	const canonical = "custom:delete=0.5,churn=2,order=random"
	seen := map[string]bool{}
	rebuilds := map[string]float64{}
	for _, r := range recs {
		if err := r.Valid(); err != nil {
			t.Fatal(err)
		}
		seen[r.Scenario] = true
		if r.Metric == results.MetricChecksumOK && r.Value != 1 {
			t.Errorf("%s %s: checksum_ok=0: %s", r.Impl, r.Scenario, r.Note)
		}
		if r.Metric == results.MetricRebuilds {
			rebuilds[r.Impl+" "+r.Scenario+" "+r.Phase] += r.Value
		}
	}
	if !seen[canonical] || !seen["drain"] || len(seen) != 2 {
		t.Errorf("scenarios in the CSV: %v, want drain and %s", seen, canonical)
	}
	if !strings.Contains(stdout.String(), canonical+"  shape=u64") {
		t.Errorf("summary has no table for %s:\n%s", canonical, stdout.String())
	}
	if rebuilds["native-rebuild drain delete"] < 1 {
		t.Errorf("native-rebuild made no rebuild while draining: %v", rebuilds)
	}
	for k := range rebuilds {
		if strings.HasPrefix(k, "native ") {
			t.Errorf("native has rebuilds rows: %v", k)
		}
	}
	before := readFile(t, out)
	if err := mapbench([]string{"run", "-resume", out}, &stdout, &stderr); err != nil {
		t.Fatalf("resume: %v", err)
	}
	if !bytes.Equal(before, readFile(t, out)) {
		t.Error("resuming the complete run changed its file")
	}
}

// A tiny real run: CSV written, parseable, complete; summary printed.
func TestRunWritesCSVAndSummary(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.csv")
	var stdout, stderr bytes.Buffer
	err := mapbench([]string{"run", "-impls", "native,xsync", "-scenarios", "drain,churn-fifo", "-n", "2k", "-reps", "2",
		"-passes", "1", "-o", out}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("run: %v\nstderr: %s", err, stderr.String())
	}
	recs, err := results.ReadCSVFile(out)
	if err != nil {
		t.Fatal(err)
	}
	cells := map[string]bool{}
	for _, r := range recs {
		if err := r.Valid(); err != nil {
			t.Fatalf("invalid record: %v", err)
		}
		cells[r.Impl+"/"+r.Scenario+"/"+string(rune('0'+r.Rep))] = true
		if r.N != 2048 || r.GCPercent != 1 || r.GOMAXPROCS != 1 || r.Seed != 1 {
			t.Fatalf("settings not recorded: %+v", r)
		}
	}
	if len(cells) != 8 {
		t.Fatalf("%d cells in CSV, want 8: %v", len(cells), cells)
	}
	s := stdout.String()
	for _, w := range []string{"drain  shape=u64  n=2048", "churn-fifo", "native", "xsync", "written to " + out} {
		if !strings.Contains(s, w) {
			t.Errorf("summary lacks %q:\n%s", w, s)
		}
	}
	// The same output again is refused and left as it is.
	before := readFile(t, out)
	err = mapbench([]string{"run", "-n", "1k", "-o", out}, &stdout, &stderr)
	if err == nil {
		t.Fatal("second run over the same file was not refused")
	}
	if !strings.Contains(err.Error(), "-o: "+out+" exists") {
		t.Errorf("second run over the same file: error %q, want it to say that -o exists", err)
	}
	if after := readFile(t, out); !bytes.Equal(before, after) {
		t.Fatal("refused run changed the file")
	}
}

func TestListGolden(t *testing.T) {
	var stdout bytes.Buffer
	if err := mapbench([]string{"list"}, &stdout, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	// The Go version is the toolchain's; the golden file says GOVERSION.
	got := bytes.ReplaceAll(stdout.Bytes(), []byte(runtime.Version()), []byte("GOVERSION"))
	golden.Check(t, "testdata/list.golden", got)
}

// readFile returns the contents of path, and fails the test if it cannot
// be read.
func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
