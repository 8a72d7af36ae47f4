package run

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"mapbench/harness"
	"mapbench/results"
)

// mapbenchCmd runs this test binary as the mapbench command.
func mapbenchCmd(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "MAPBENCH_TEST_MAIN=1")
	return cmd
}

// completeCells counts the cells a results file has in full, and fails on
// a cell present twice.
func completeCells(t *testing.T, path string) map[cellID]bool {
	t.Helper()
	recs, err := results.ReadCSVFile(path)
	if err != nil {
		t.Fatalf("results file is not valid: %v", err)
	}
	done := map[cellID]bool{}
	for _, r := range recs {
		if r.Metric == "cell_wall_time" {
			id := recordID(r)
			if done[id] {
				t.Fatalf("cell %+v twice in %s", id, path)
			}
			done[id] = true
		}
	}
	return done
}

// SIGINT half-way leaves a valid CSV of whole cells and says how to resume;
// a bare -resume FILE then runs exactly the missing cells of the original
// configuration (no flag defaults creep in); a flag that contradicts the
// file is refused and changes nothing, one that agrees is accepted.
func TestInterruptAndResume(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "run.csv")
	// Every setting differs from its default, so a resume that fell back to
	// a default would show.
	flags := []string{"-impls", "native,cockroach,dolthub", "-scenarios", "drain,partial-90", "-n", "30000", "-reps", "4", "-passes", "3",
		"-seed", "3", "-sample", "16", "-gc-percent", "50", "-min-phase", "20ms", "-timeout", "1m"}
	orig := harness.Config{Impls: []string{"native", "cockroach", "dolthub"}, Scenarios: []string{"drain", "partial-90"},
		Shapes: []string{"u64"}, Ns: []int{30000}, Reps: 4, GCPercents: []int{50}}
	_, stderr, interrupt := startRun(t, append(append([]string{"run"}, flags...), "-o", out)...)
	// Wait for a few finished cells, then interrupt.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		b, err := os.ReadFile(out)
		if err != nil && !errors.Is(err, fs.ErrNotExist) { // not created yet is fine
			t.Fatalf("reading the results file while the run goes on: %v", err)
		}
		if bytes.Count(b, []byte(",cell_wall_time,")) >= 4 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no cells finished in time; stderr: %s", stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	err := interrupt()
	var exit *exec.ExitError
	if err == nil {
		t.Fatal("interrupted run exited 0")
	} else if !errors.As(err, &exit) {
		t.Fatalf("waiting for the interrupted run: %v", err)
	} else if code := exit.ExitCode(); code != 1 {
		t.Errorf("interrupted run: exit status %d, want 1; stderr: %s", code, stderr.String())
	}
	msg := stderr.String()
	if !strings.Contains(msg, "interrupted after") || !strings.Contains(msg, "to finish the run: mapbench run -resume "+out) {
		t.Fatalf("no resume advice in stderr: %s", msg)
	}
	first := completeCells(t, out)
	want := map[cellID]bool{}
	for _, s := range harness.Cells(orig) {
		want[specID(s)] = true
	}
	if len(first) == 0 || len(first) >= len(want) {
		t.Fatalf("%d of %d cells before the interrupt; want some but not all", len(first), len(want))
	}

	// Flags that contradict the file are refused and change nothing.
	before := readFile(t, out)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-seed", "2"}, "was made with -seed 3; this command says -seed 2: to measure something else, start a new file (-o NEW.csv)"},
		{[]string{"-n", "1M"}, "was made with -n 30000; this command says -n 1048576"},
		{[]string{"-impls", "native"}, "was made with -impls native,cockroach,dolthub; this command says -impls native"},
		{[]string{"-min-phase", "200ms"}, "was made with -min-phase 20ms; this command says -min-phase 200ms"},
		{[]string{"-full"}, "was made with -scenarios drain,partial-90; this command says -full, that is -scenarios"},
	} {
		t.Run("conflict "+strings.Join(tc.args, " "), func(t *testing.T) {
			o, code := runBinary(t, nil, append([]string{"run", "-resume", out}, tc.args...)...)
			if code != 2 || !strings.Contains(o, "mapbench: -resume: "+out+" "+tc.want) {
				t.Fatalf("exit status %d, output %s; want 2 and %q", code, o, tc.want)
			}
			if after := readFile(t, out); !bytes.Equal(before, after) {
				t.Fatal("refused resume changed the file")
			}
			assertNoFiles(t, out+".torn", out+".lock")
		})
	}

	// A bare -resume completes the run the file records.
	if o, code := runBinary(t, nil, "run", "-resume", out); code != 0 {
		t.Fatalf("resume: exit status %d\n%s", code, o)
	}
	all := completeCells(t, out)
	if len(all) != len(want) {
		t.Fatalf("%d cells after resume, want %d", len(all), len(want))
	}
	for id := range all {
		if !want[id] {
			t.Fatalf("cell %+v is not a cell of the original configuration", id)
		}
	}
	for id := range first {
		if !all[id] {
			t.Fatalf("cell %+v lost", id)
		}
	}
	recs, err := results.ReadCSVFile(out)
	if err != nil {
		t.Fatal(err)
	}
	runIDs := map[string]bool{}
	for _, r := range recs {
		runIDs[r.RunID] = true
		if err := r.Valid(); err != nil {
			t.Fatal(err)
		}
		if r.Seed != 3 || r.GCPercent != 50 || r.N != 30000 {
			t.Fatalf("row with seed %d, gc_percent %d, n %d; want the first run's 3, 50, 30000", r.Seed, r.GCPercent, r.N)
		}
		checks := map[string]float64{results.MetricSampleEvery: 16, results.MetricMinPhase: 20e6, results.MetricPasses: 3, results.MetricTimeout: 60e9}
		if v, ok := checks[r.Metric]; ok && r.Value != v {
			t.Fatalf("%s = %v, want %v", r.Metric, r.Value, v)
		}
	}
	if len(runIDs) != 1 {
		t.Errorf("resumed rows carry %d run ids, want the first run's one", len(runIDs))
	}
	assertNoFiles(t, out+".torn", out+".lock")

	// Flags that agree with the file (in another spelling or order) are
	// accepted; nothing is left to run.
	before = readFile(t, out)
	if o, code := runBinary(t, nil, "run", "-resume", out, "-n", "30000", "-seed", "3", "-impls", "dolthub,native,cockroach", "-min-phase", "0.02s"); code != 0 || !strings.Contains(o, "0 to run") {
		t.Fatalf("resume with agreeing flags: exit status %d\n%s", code, o)
	}
	if after := readFile(t, out); !bytes.Equal(before, after) {
		t.Fatal("a resume with nothing to run changed the file")
	}
}

// runBinary runs the mapbench command (this test binary) with env added to
// the environment and returns its combined output and exit status.
func runBinary(t *testing.T, env []string, args ...string) (string, int) {
	t.Helper()
	cmd := mapbenchCmd(args...)
	cmd.Env = append(cmd.Env, env...)
	o, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return string(o), 0
	case errors.As(err, &exit):
		return string(o), exit.ExitCode()
	}
	t.Fatalf("running mapbench %v: %v", args, err)
	return "", -1
}

// assertNoFiles fails the test if any of paths exists.
func assertNoFiles(t *testing.T, paths ...string) {
	t.Helper()
	for _, p := range paths {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s exists", p)
		} else if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("stat %s: %v", p, err)
		}
	}
}

func TestResumeCommand(t *testing.T) {
	tests := []struct {
		file  string
		force bool
		want  string
	}{
		{"r.csv", false, "mapbench run -resume r.csv"},
		{"my file.csv", false, "mapbench run -resume 'my file.csv'"},
		{"r.csv", true, "mapbench run -resume r.csv -force"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			if got := resumeCommand(tc.file, tc.force); got != tc.want {
				t.Fatalf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// startRun starts mapbench with args in the background, its stderr in the
// buffer returned. interrupt sends it SIGINT and returns what Wait
// returned; a test that stops before calling it does not leave the run
// behind: the run is killed at cleanup.
func startRun(t *testing.T, args ...string) (cmd *exec.Cmd, stderr *bytes.Buffer, interrupt func() error) {
	t.Helper()
	cmd = mapbenchCmd(args...)
	stderr = new(bytes.Buffer)
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waited := false
	t.Cleanup(func() {
		if waited {
			return
		}
		if err := cmd.Process.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
			t.Errorf("killing the run: %v", err)
		}
		// Its exit status ("killed") is not what the test checks; an
		// error other than an exit status is.
		if err := cmd.Wait(); err != nil && !errors.As(err, new(*exec.ExitError)) {
			t.Errorf("waiting for the killed run: %v", err)
		}
	})
	interrupt = func() error {
		if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		waited = true
		return cmd.Wait()
	}
	return cmd, stderr, interrupt
}
