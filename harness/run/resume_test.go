package run

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"mapbench/harness"
	"mapbench/results"
	"mapbench/scenarios"
)

// tinyFlags make cells of a few milliseconds each: 2 impls × 2 reps.
var tinyFlags = []string{"-impls", "native,dolthub", "-scenarios", "drain", "-n", "1000", "-reps", "2", "-passes", "1", "-min-phase", "0", "-seed", "5"}

var tinyCells = harness.Config{Impls: []string{"native", "dolthub"}, Scenarios: []string{"drain"}, Shapes: []string{"u64"}, Ns: []int{1000}, Reps: 2}

// completeRun makes a complete results file of tinyFlags in dir and
// returns its path and bytes.
func completeRun(t *testing.T, dir string) (string, []byte) {
	t.Helper()
	path := filepath.Join(dir, "full.csv")
	if o, code := runBinary(t, nil, append(append([]string{"run"}, tinyFlags...), "-o", path)...); code != 0 {
		t.Fatalf("run: exit status %d\n%s", code, o)
	}
	return path, readFile(t, path)
}

// cellBounds returns the byte offsets where each cell of a results file
// starts and ends (the first cell starts after the header).
func cellBounds(t *testing.T, b []byte) (starts, ends []int) {
	t.Helper()
	off := bytes.IndexByte(b, '\n') + 1
	start := off
	for line := range strings.Lines(string(b[off:])) {
		off += len(line)
		if strings.Contains(line, ","+results.MetricCellWallTime+",") || strings.Contains(line, ","+results.MetricCellFailed+",") {
			starts, ends = append(starts, start), append(ends, off)
			start = off
		}
	}
	if len(ends) != len(harness.Cells(tinyCells)) {
		t.Fatalf("%d cells in the run's file, want %d", len(ends), len(harness.Cells(tinyCells)))
	}
	return starts, ends
}

// checkComplete fails unless the file at path holds every cell of
// tinyCells exactly once, all rows valid and of one run.
func checkComplete(t *testing.T, path string) {
	t.Helper()
	done := completeCells(t, path) // fails on a cell present twice
	for _, s := range harness.Cells(tinyCells) {
		if !done[specID(s)] {
			t.Errorf("cell %+v missing", specID(s))
		}
	}
	if len(done) != len(harness.Cells(tinyCells)) {
		t.Errorf("%d cells, want %d", len(done), len(harness.Cells(tinyCells)))
	}
	recs, err := results.ReadCSVFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if err := r.Valid(); err != nil {
			t.Fatal(err)
		}
		if r.RunID != recs[0].RunID || r.Seed != 5 {
			t.Fatalf("row of run %s seed %d, want run %s seed 5", r.RunID, r.Seed, recs[0].RunID)
		}
	}
}

// A file cut at any point of a cell (kill -9, power loss) is repaired by a
// bare -resume: the bytes after the last complete cell go to FILE.torn,
// the message names the cell and counts its rows, and the cell runs again.
func TestResumeRepairsTornFile(t *testing.T) {
	dir := t.TempDir()
	_, full := completeRun(t, dir)
	starts, ends := cellBounds(t, full)
	s, e := starts[2], ends[2] // cut the third of four cells
	cell := full[s:e]
	recs, err := results.ReadCSV(bytes.NewReader(append(full[:starts[0]:starts[0]], cell...)), "cell")
	if err != nil {
		t.Fatal(err)
	}
	name := results.CellName(recs[0].Cell)
	secondRow := bytes.IndexByte(cell, '\n') + 1
	middleRow := bytes.Index(cell, []byte(",delete,")) // a row in the middle of the cell
	tests := []struct {
		name string
		cut  int
		want string
	}{
		{"one byte of the cell", s + 1, "ended in the middle of an unknown cell (too little of it to name it): part of a row (1 byte from line"},
		{"inside the quoted run_config note", s + bytes.Index(cell, []byte("impls=")) + 3, "ended in the middle of cell " + name + ": part of a row"},
		{"after its first whole row", s + secondRow, "ended in the middle of cell " + name + ": 1 whole row ("},
		{"in a row in the middle", s + middleRow + 3, "ended in the middle of cell " + name + ": "},
		{"all but the last newline", e - 1, "ended in the middle of cell " + name + ": "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "r.csv")
			if err := os.WriteFile(path, full[:tc.cut], 0o644); err != nil {
				t.Fatal(err)
			}
			o, code := runBinary(t, nil, "run", "-resume", path)
			if code != 0 {
				t.Fatalf("resume: exit status %d\n%s", code, o)
			}
			wantRows := bytes.Count(full[s:tc.cut], []byte{'\n'})
			msg := fmt.Sprintf("mapbench: %s %s", path, tc.want)
			bytesWord := "bytes"
			if tc.cut-s == 1 {
				bytesWord = "byte"
			}
			if !strings.Contains(o, msg) || !strings.Contains(o, fmt.Sprintf("(%d %s from line %d) moved to %s.torn; that cell runs again",
				tc.cut-s, bytesWord, bytes.Count(full[:s], []byte{'\n'})+1, path)) {
				t.Errorf("output lacks %q (and the byte count, line and %s.torn):\n%s", msg, path, o)
			}
			if wantRows > 1 && !strings.Contains(o, fmt.Sprintf(": %d whole rows", wantRows)) {
				t.Errorf("output does not count %d whole rows:\n%s", wantRows, o)
			}
			if partial := full[tc.cut-1] != '\n'; partial != strings.Contains(o, "part of a row (") {
				t.Errorf("output does not say whether the file ends in part of a row (%v):\n%s", partial, o)
			}
			if !strings.Contains(o, "2 to run") {
				t.Errorf("output does not say the cut cell and the one after it run:\n%s", o)
			}
			if torn := readFile(t, path+".torn"); !bytes.Equal(torn, full[s:tc.cut]) {
				t.Errorf("%s.torn holds %q, want the cut bytes %q", path, torn, full[s:tc.cut])
			}
			if got := readFile(t, path); !bytes.HasPrefix(got, full[:s]) {
				t.Error("the complete cells before the cut changed")
			}
			checkComplete(t, path)
			assertNoFiles(t, path+".lock")
		})
	}

	t.Run("torn file exists", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "r.csv")
		if err := os.WriteFile(path, full[:s+secondRow+5], 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path+".torn", []byte("earlier"), 0o644); err != nil {
			t.Fatal(err)
		}
		o, code := runBinary(t, nil, "run", "-resume", path)
		if want := fmt.Sprintf("mapbench: -resume: %s ends in a cell cut short, whose rows would be saved in %s.torn, but %s.torn exists: move it away and resume again", path, path, path); code != 2 || !strings.Contains(o, want) {
			t.Fatalf("exit status %d, output %s; want 2 and %q", code, o, want)
		}
		if got := readFile(t, path); !bytes.Equal(got, full[:s+secondRow+5]) {
			t.Error("refused resume changed the file")
		}
		if got := readFile(t, path+".torn"); string(got) != "earlier" {
			t.Errorf("refused resume changed the .torn file to %q", got)
		}
	})
}

// Damage other than a cut-short last cell is refused, naming file:line, and
// the file is left as it was.
func TestResumeRefusesDamage(t *testing.T) {
	dir := t.TempDir()
	_, full := completeRun(t, dir)
	starts, ends := cellBounds(t, full)
	line := func(off int) int { return bytes.Count(full[:off], []byte{'\n'}) + 1 }
	// The first cell without its cell_wall_time row (its last line).
	lastRow := bytes.LastIndexByte(full[:ends[0]-1], '\n') + 1
	noEnd := append(append([]byte(nil), full[:lastRow]...), full[ends[0]:]...)
	garbled := bytes.Replace(full, []byte(",live_heap,"), []byte(",live_heap,x"), 1)
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"a cell cut short before complete cells", noEnd, fmt.Sprintf(":%d: cell ", line(starts[0]))},
		{"a garbled row, then a torn cell", garbled[:len(garbled)-20], ":" + strconv.Itoa(line(bytes.Index(garbled, []byte(",live_heap,x")))) + ": "},
		{"a header only", full[:starts[0]], "has no rows"},
		{"the first cell cut short", full[:starts[1]-3], "holds no complete cell"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "r.csv")
			if err := os.WriteFile(path, tc.in, 0o644); err != nil {
				t.Fatal(err)
			}
			o, code := runBinary(t, nil, "run", "-resume", path)
			if code != 2 || !strings.Contains(o, "mapbench: -resume: "+path) || !strings.Contains(o, tc.want) {
				t.Fatalf("exit status %d, output %s; want 2 and %q", code, o, tc.want)
			}
			if got := readFile(t, path); !bytes.Equal(got, tc.in) {
				t.Error("refused resume changed the file")
			}
			assertNoFiles(t, path+".torn", path+".lock")
		})
	}
}

// A file written before run_config was recorded cannot be resumed: its
// settings are not known. The refusal names the file and the missing
// row, with or without flags, and changes nothing.
func TestResumeLegacyFile(t *testing.T) {
	dir := t.TempDir()
	_, full := completeRun(t, dir)
	_, ends := cellBounds(t, full)
	var legacy []byte
	for line := range strings.Lines(string(full[:ends[1]])) {
		if !strings.Contains(line, ",run_config,") && !strings.Contains(line, ",command_line,") &&
			!strings.Contains(line, ",passes,") && !strings.Contains(line, ",timeout,") && !strings.Contains(line, ",mem_limit,") {
			legacy = append(legacy, line...)
		}
	}
	path := filepath.Join(dir, "old.csv")
	if err := os.WriteFile(path, legacy, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"run", "-resume", path}, append([]string{"run", "-resume", path}, tinyFlags...)} {
		o, code := runBinary(t, nil, args...)
		if want := path + " has no run_config row (an earlier mapbench wrote it): the settings of its run are missing"; code != 2 || !strings.Contains(o, want) {
			t.Fatalf("%q: exit status %d, output %s; want 2 and %q", args, code, o, want)
		}
		if got := readFile(t, path); !bytes.Equal(got, legacy) {
			t.Fatal("refused resume changed the file")
		}
	}
}

// The environment that changes what is measured is recorded (GOMEMLIMIT,
// GODEBUG; GOEXPERIMENT is the binary's) with the command line, and a
// resume under another one is refused.
func TestRunRecordsEnvironment(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "r.csv")
	args := []string{"run", "-impls", "native", "-scenarios", "drain", "-n", "500", "-reps", "2", "-passes", "1", "-min-phase", "0", "-o", path}
	env := []string{"GOMEMLIMIT=3GiB", "GODEBUG=madvdontneed=1"}
	if o, code := runBinary(t, env, args...); code != 0 {
		t.Fatalf("run: exit status %d\n%s", code, o)
	}
	recs, err := results.ReadCSVFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range recs {
		if results.IsProvenance(r.Metric) {
			got[r.Metric] = r.Note
		}
	}
	wantConfig := "impls=native;scenarios=drain;shapes=u64;n=500;reps=2;presize=false;seed=1;gc-percent=1;live-heap=0;gomaxprocs=1;sample=64;passes=1;min-phase=0s;timeout=10m0s;mem-limit=0"
	if c := got[results.MetricRunConfig]; !strings.HasPrefix(c, wantConfig+";") || !strings.HasSuffix(c, ";GOMEMLIMIT=3GiB;GODEBUG=madvdontneed=1") {
		t.Errorf("run_config %q, want %q then GOMEMLIMIT and GODEBUG", c, wantConfig)
	}
	if c, want := got[results.MetricCommandLine], "mapbench run "+strings.Join(args[1:], " "); c != want {
		t.Errorf("command_line %q, want %q", c, want)
	}
	// Cut back to the first cell, as an interrupt would have left it.
	b := readFile(t, path)
	_, ends := cellBoundsN(b)
	if err := os.WriteFile(path, b[:ends[0]], 0o644); err != nil {
		t.Fatal(err)
	}
	o, code := runBinary(t, []string{"GOMEMLIMIT=", "GODEBUG=madvdontneed=1"}, "run", "-resume", path)
	if want := "was made with GOMEMLIMIT=3GiB in the environment; this process has GOMEMLIMIT unset: run it with the same setting"; code != 2 || !strings.Contains(o, want) {
		t.Fatalf("resume without GOMEMLIMIT: exit status %d, output %s; want 2 and %q", code, o, want)
	}
	if o, code := runBinary(t, env, "run", "-resume", path); code != 0 {
		t.Fatalf("resume in the same environment: exit status %d\n%s", code, o)
	}
	if n := len(completeCells(t, path)); n != 2 {
		t.Fatalf("%d cells after resume, want 2", n)
	}
}

// cellBoundsN is cellBounds for a file of any configuration.
func cellBoundsN(b []byte) (starts, ends []int) {
	off := bytes.IndexByte(b, '\n') + 1
	start := off
	for line := range strings.Lines(string(b[off:])) {
		off += len(line)
		if strings.Contains(line, ","+results.MetricCellWallTime+",") {
			starts, ends = append(starts, start), append(ends, off)
			start = off
		}
	}
	return starts, ends
}

// While one run writes a file, a second run (new, -force, or -resume) is
// refused, naming the file and the first run's pid, and does not touch it.
func TestConcurrentRunRefused(t *testing.T) {
	out := filepath.Join(t.TempDir(), "run.csv")
	first, stderr, interrupt := startRun(t, "run", "-impls", "native", "-scenarios", "drain", "-n", "30000", "-reps", "500", "-passes", "3", "-o", out)
	pid := strconv.Itoa(first.Process.Pid)
	deadline := time.Now().Add(time.Minute)
	for {
		b, err := os.ReadFile(out)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
		if bytes.Count(b, []byte(",cell_wall_time,")) >= 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no cell finished in time; stderr: %s", stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"new run", []string{"run", "-n", "1000", "-o", out}},
		{"new run with -force", []string{"run", "-n", "1000", "-o", out, "-force"}},
		{"resume", []string{"run", "-resume", out}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// The first run may be in the middle of a write: count cell ends.
			before := bytes.Count(readFile(t, out), []byte(",cell_wall_time,"))
			o, code := runBinary(t, nil, tc.args...)
			if want := "mapbench: " + out + " is being written by another mapbench run (pid " + pid + ")"; code != 2 || !strings.Contains(o, want) {
				t.Fatalf("exit status %d, output %s; want 2 and %q", code, o, want)
			}
			if after := bytes.Count(readFile(t, out), []byte(",cell_wall_time,")); after < before {
				t.Fatalf("the file went from %d cells to %d", before, after)
			}
		})
	}
	err := interrupt()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("interrupted first run: %v, want exit status 1; stderr: %s", err, stderr.String())
	}
	if len(completeCells(t, out)) == 0 {
		t.Fatal("the first run's file lost its cells")
	}
	assertNoFiles(t, out+".lock")
}

// -n beyond what a scenario can index names the largest n it accepts; a
// size that fits the index but not memory keeps the memory message.
func TestNLimitMessage(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "r.csv")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"beyond every scenario", []string{"-n", "4000000000", "-scenarios", "drain"}, "mapbench: -n: 4000000000 is too large for scenario drain: the largest n it accepts is 2147483647 (it needs 1·n distinct keys, and keys are indexed by int32)"},
		{"beyond churn", []string{"-n", "2^28", "-scenarios", "drain,churn-fifo"}, "mapbench: -n: 268435456 is too large for scenario churn-fifo: the largest n it accepts is 238609294 (it needs 9·n distinct keys"},
		{"beyond cycles", []string{"-n", "1G", "-scenarios", "cycles,refill-90"}, "mapbench: -n: 1073741824 is too large for scenario cycles: the largest n it accepts is 429496729 (it needs 5·n distinct keys"},
		{"fits the index, not memory", []string{"-n", "2^30", "-scenarios", "drain", "-shapes", "str"}, "mapbench: -n: 1073741824 does not fit: cell "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o, code := runBinary(t, nil, append(append([]string{"run"}, tc.args...), "-o", out)...)
			if code != 2 || !strings.Contains(o, tc.want) {
				t.Fatalf("exit status %d, output %s; want 2 and %q", code, o, tc.want)
			}
			assertNoFiles(t, out, out+".lock")
		})
	}
}

// largestN is exact: the scenario can index it and not one more.
func TestLargestN(t *testing.T) {
	for _, sc := range scenarios.All() {
		t.Run(sc.Name, func(t *testing.T) {
			l := largestN(sc)
			if sc.KeysFor(l) >= scenarios.MaxKeys || sc.KeysFor(l+1) < scenarios.MaxKeys {
				t.Fatalf("largestN = %d: KeysFor(%d) = %d, KeysFor(%d) = %d, MaxKeys %d", l, l, sc.KeysFor(l), l+1, sc.KeysFor(l+1), scenarios.MaxKeys)
			}
			if err := checkIndex([]int{l}, []string{sc.Name}); err != nil {
				t.Fatalf("checkIndex(%d): %v", l, err)
			}
			if err := checkIndex([]int{l + 1}, []string{sc.Name}); err == nil {
				t.Fatalf("checkIndex(%d) accepted it", l+1)
			}
		})
	}
}

// v1File rewrites b, a results file of this version (schema v2) whose
// cells all run on one goroutine, as the mapbench of schema v1 wrote it:
// the v1 header, rows without the goroutines column, and run_config notes
// holding only the settings a v1 run_config held (the keys of the one in
// results/report/testdata/run3.csv, a real v1 file, and the environment
// settings).
func v1File(t *testing.T, b []byte) []byte {
	const fixture = "../../results/report/testdata/run3.csv"
	t.Helper()
	old, err := results.ReadCSVFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	v1Keys := slices.Clone(envKeys)
	for _, r := range old {
		if r.Metric == results.MetricRunConfig {
			settings, err := results.ParseRunConfig(r.Note)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range settings {
				v1Keys = append(v1Keys, s.Key)
			}
			break
		}
	}
	if !slices.Contains(v1Keys, "mem-limit") || slices.Contains(v1Keys, "goroutines") {
		t.Fatalf("%s: run_config keys %q, want those of a v1 run", fixture, v1Keys)
	}
	recs, err := results.ReadCSV(bytes.NewReader(b), "v2")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write(results.ColumnsV1); err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if r.Goroutines != 1 {
			t.Fatalf("a v1 file has goroutines 1, not %d", r.Goroutines)
		}
		if r.Metric == results.MetricRunConfig {
			settings, err := results.ParseRunConfig(r.Note)
			if err != nil {
				t.Fatal(err)
			}
			settings = slices.DeleteFunc(settings, func(s results.Setting) bool { return !slices.Contains(v1Keys, s.Key) })
			r.Note = results.FormatRunConfig(settings)
		}
		row := []string{results.SchemaV1, r.RunID, r.Host, r.GoVersion, r.GOOS, r.GOARCH, r.CPU, strconv.Itoa(r.GOMAXPROCS),
			strconv.Itoa(r.GCPercent), strconv.FormatUint(r.Seed, 10), r.Impl, r.ImplVersion, r.Scenario, r.Shape,
			strconv.Itoa(r.N), strconv.FormatBool(r.Presize), strconv.Itoa(r.Rep), r.Phase, strconv.Itoa(r.Step), r.Metric,
			results.FormatValue(r.Value), r.Unit, r.Note}
		if err := w.Write(row); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// headerLines returns the header lines of a results file, in order.
func headerLines(b []byte) []string {
	var out []string
	for line := range strings.Lines(string(b)) {
		if strings.HasPrefix(line, "schema,") {
			out = append(out, strings.TrimSuffix(line, "\n"))
		}
	}
	return out
}

// A schema v1 file (one made by the mapbench before the goroutines column)
// resumes: its cells count as done with goroutines 1, its rows stay as they
// were, a v2 header line goes before the v2 rows appended to it, and the
// whole file reads back, every row with goroutines 1. Resumed again, it
// gets no second v2 header. A v1 file cut in the middle of a cell is
// repaired as a v2 file is.
func TestResumeV1File(t *testing.T) {
	dir := t.TempDir()
	_, full := completeRun(t, dir)
	v1 := v1File(t, full)
	if _, err := results.ReadCSV(bytes.NewReader(v1), "v1"); err != nil {
		t.Fatalf("the v1 file does not read: %v", err)
	}
	starts, ends := cellBounds(t, v1)
	v1Header, v2Header := strings.Join(results.ColumnsV1, ","), strings.Join(results.Columns, ",")
	// resumeAndCheck resumes the file at path, which holds v1's first
	// bytes, and checks what it became.
	resumeAndCheck := func(t *testing.T, path string, kept int, wantOut string) {
		t.Helper()
		o, code := runBinary(t, nil, "run", "-resume", path)
		if code != 0 {
			t.Fatalf("resume: exit status %d\n%s", code, o)
		}
		if !strings.Contains(o, wantOut) {
			t.Errorf("output lacks %q:\n%s", wantOut, o)
		}
		got := readFile(t, path)
		if !bytes.HasPrefix(got, v1[:kept]) {
			t.Fatalf("the v1 cells changed:\n%.500s", got)
		}
		if h := headerLines(got); !slices.Equal(h, []string{v1Header, v2Header}) {
			t.Errorf("header lines %q, want the v1 header, then one v2 header", h)
		}
		if !bytes.HasPrefix(got[kept:], []byte(v2Header+"\n"+results.Schema+",")) {
			t.Errorf("the appended part does not start with the v2 header and a v2 row:\n%.400s", got[kept:])
		}
		recs, err := results.ReadCSVFile(path)
		if err != nil {
			t.Fatalf("the resumed file does not read: %v", err)
		}
		for _, r := range recs {
			if r.Goroutines != 1 {
				t.Fatalf("row %+v: goroutines %d, want 1", r, r.Goroutines)
			}
		}
		checkComplete(t, path)
		assertNoFiles(t, path+".lock")

		// Again: nothing to run, nothing written.
		o, code = runBinary(t, nil, "run", "-resume", path)
		if code != 0 || !strings.Contains(o, "0 to run") {
			t.Fatalf("second resume: exit status %d\n%s", code, o)
		}
		if again := readFile(t, path); !bytes.Equal(again, got) {
			t.Errorf("a second resume of a complete file changed it:\n%s", again[len(got)-min(len(got), 200):])
		}
	}

	t.Run("cut between cells", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "v1.csv")
		if err := os.WriteFile(path, v1[:ends[1]], 0o644); err != nil {
			t.Fatal(err)
		}
		resumeAndCheck(t, path, ends[1], "2 to run")
		assertNoFiles(t, path+".torn")
	})
	t.Run("cut in a cell", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "v1.csv")
		s := starts[2]
		cut := s + bytes.Index(v1[s:], []byte(",fill,")) + 3 // in a row, past its rep column
		if err := os.WriteFile(path, v1[:cut], 0o644); err != nil {
			t.Fatal(err)
		}
		rows, err := results.ReadCSV(bytes.NewReader(append([]byte(v1Header+"\n"), v1[s:ends[2]]...)), "cell")
		if err != nil {
			t.Fatal(err)
		}
		resumeAndCheck(t, path, s, "ended in the middle of cell "+results.CellName(rows[0].Cell)+": ")
		if torn := readFile(t, path+".torn"); !bytes.Equal(torn, v1[s:cut]) {
			t.Errorf("%s.torn holds %q, want the cut v1 bytes", path, torn)
		}
	})
	t.Run("complete", func(t *testing.T) {
		// A complete v1 file (the published runs are such files): nothing
		// to run, and not even a header written.
		path := filepath.Join(t.TempDir(), "v1.csv")
		if err := os.WriteFile(path, v1, 0o644); err != nil {
			t.Fatal(err)
		}
		o, code := runBinary(t, nil, "run", "-resume", path)
		if code != 0 || !strings.Contains(o, "0 to run") {
			t.Fatalf("resume: exit status %d\n%s", code, o)
		}
		if got := readFile(t, path); !bytes.Equal(got, v1) {
			t.Errorf("resuming a complete v1 file changed it; it ends:\n%s", got[len(got)-min(len(got), 300):])
		}
	})
	t.Run("a resumed v1 file cut in an appended cell", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "v1.csv")
		if err := os.WriteFile(path, v1[:ends[1]], 0o644); err != nil {
			t.Fatal(err)
		}
		if o, code := runBinary(t, nil, "run", "-resume", path); code != 0 {
			t.Fatalf("resume: exit status %d\n%s", code, o)
		}
		// Cut the resumed file in its last cell (a v2 cell after the v2
		// header): the second resume repairs it and adds no header.
		b := readFile(t, path)
		lastStart := bytes.LastIndex(b[:len(b)-1], []byte(",cell_wall_time,"))
		lastStart = bytes.LastIndexByte(b[:lastStart], '\n') + 1
		if err := os.WriteFile(path, b[:lastStart+40], 0o644); err != nil {
			t.Fatal(err)
		}
		o, code := runBinary(t, nil, "run", "-resume", path)
		if code != 0 || !strings.Contains(o, "1 to run") || !strings.Contains(o, "ended in the middle of cell") {
			t.Fatalf("second resume: exit status %d\n%s", code, o)
		}
		got := readFile(t, path)
		if h := headerLines(got); !slices.Equal(h, []string{v1Header, v2Header}) {
			t.Errorf("header lines %q, want the v1 header, then one v2 header", h)
		}
		checkComplete(t, path)
	})
}

// What -resume learns from a v1 file, in process: its cells are done with
// goroutines 1, and appended rows need a v2 header, unless the file already
// ends under one.
func TestLoadResumeV1(t *testing.T) {
	dir := t.TempDir()
	_, full := completeRun(t, dir)
	v1 := v1File(t, full)
	_, ends := cellBounds(t, v1)
	_, endsV2 := cellBounds(t, full)
	tests := []struct {
		name   string
		data   []byte
		header bool
	}{
		{"v1", v1[:ends[1]], true},
		{"v1, then a v2 header", append(slices.Clone(v1[:ends[1]]), strings.Join(results.Columns, ",")+"\n"...), false},
		{"v2", full[:endsV2[1]], false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "r.csv")
			if err := os.WriteFile(path, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			o, err := parseRunFlags([]string{"-resume", path}, io.Discard, nil)
			if err != nil {
				t.Fatal(err)
			}
			rs, err := loadResume(o, harness.Environment(o.cfg))
			if err != nil {
				t.Fatal(err)
			}
			if rs.appendHeader() != tc.header {
				t.Errorf("appendHeader() = %v, want %v (tail %+v)", rs.appendHeader(), tc.header, rs.tail)
			}
			if len(rs.done) == 0 {
				t.Fatal("no cell done")
			}
			for id := range rs.done {
				if id.goroutines != 1 {
					t.Errorf("done cell %+v: goroutines %d, want 1", id, id.goroutines)
				}
			}
			for _, s := range harness.Cells(rs.cfg) {
				if s.Goroutines != 1 {
					t.Errorf("cell %+v of the file's run: goroutines %d, want 1", specID(s), s.Goroutines)
				}
			}
		})
	}
}

// partialCell names the cell of a row cut short in either layout, once its
// rep column is whole.
func TestPartialCell(t *testing.T) {
	c := results.Cell{Impl: "native", ImplVersion: "go1.26.8", Scenario: "concurrent-drain", Shape: "u64", N: 1024, Goroutines: 4, Rep: 2}
	rec := results.Record{Env: results.Env{RunID: "r", Host: "h"}, Cell: c, Phase: "fill", Metric: results.MetricLiveHeap, Value: 1, Unit: "B"}
	var buf bytes.Buffer
	if err := results.NewCSVWriter(&buf, false).Write([]results.Record{rec}); err != nil {
		t.Fatal(err)
	}
	v3row := buf.String()
	// v2: no other_heap (after gc_percent); v1: no goroutines either.
	v2row := strings.Replace(strings.Replace(v3row, results.Schema, results.SchemaV2, 1), ",0,0,0,0,native,", ",0,0,0,native,", 1)
	v1row := strings.Replace(strings.Replace(v2row, results.SchemaV2, results.SchemaV1, 1), ",false,4,2,", ",false,2,", 1)
	if v2row == v3row || strings.Count(v1row, ",")+2 != strings.Count(v3row, ",") {
		t.Fatalf("the fixture's v2 and v1 rows are not v3's less a column and two: %q %q %q", v3row, v2row, v1row)
	}
	tests := []struct {
		name, in, want string
	}{
		{"v3", v3row[:strings.Index(v3row, ",fill,")+3], "native/concurrent-drain/u64 n=1024 G=4 rep 2"},
		{"v3 up to its rep column", v3row[:strings.Index(v3row, ",fill,")], ""},
		{"v2", v2row[:strings.Index(v2row, ",fill,")+3], "native/concurrent-drain/u64 n=1024 G=4 rep 2"},
		{"v2 up to its rep column", v2row[:strings.Index(v2row, ",fill,")], ""},
		{"v1", v1row[:strings.Index(v1row, ",fill,")+3], "native/concurrent-drain/u64 n=1024 rep 2"},
		{"v1 up to its rep column", v1row[:strings.Index(v1row, ",fill,")], ""},
		{"unknown schema", strings.Replace(v3row, results.Schema, "mapbench/v9", 1), ""},
		{"not a row", "sche", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := partialCell([]byte(tc.in))
			if got != tc.want || ok != (tc.want != "") {
				t.Errorf("partialCell(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
			}
		})
	}
}
