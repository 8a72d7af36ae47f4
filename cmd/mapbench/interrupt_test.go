package main

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
			id := cellID{r.Impl, r.Scenario, r.Shape, r.N, r.Presize, r.Rep}
			if done[id] {
				t.Fatalf("cell %+v twice in %s", id, path)
			}
			done[id] = true
		}
	}
	return done
}

// SIGINT half-way leaves a valid CSV of whole cells and says how to resume;
// -resume then runs exactly the missing cells.
func TestInterruptAndResume(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "run.csv")
	flags := []string{"-impls", "native,cockroach,dolthub", "-scenarios", "drain,partial-90", "-n", "30000", "-reps", "4", "-passes", "3"}
	cmd := mapbenchCmd(append(append([]string{"run"}, flags...), "-o", out)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waited := false
	t.Cleanup(func() {
		if waited {
			return
		}
		// The test stopped early: do not leave the run behind.
		if err := cmd.Process.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
			t.Errorf("killing the run: %v", err)
		}
		// Its exit status ("killed") is not what this test checks; an
		// error other than an exit status is.
		if err := cmd.Wait(); err != nil && !errors.As(err, new(*exec.ExitError)) {
			t.Errorf("waiting for the killed run: %v", err)
		}
	})
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
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	waited = true
	var exit *exec.ExitError
	if err == nil {
		t.Fatal("interrupted run exited 0")
	} else if !errors.As(err, &exit) {
		t.Fatalf("waiting for the interrupted run: %v", err)
	} else if code := exit.ExitCode(); code != 1 {
		t.Errorf("interrupted run: exit status %d, want 1; stderr: %s", code, stderr.String())
	}
	msg := stderr.String()
	if !strings.Contains(msg, "interrupted after") || !strings.Contains(msg, "-resume "+out) {
		t.Fatalf("no resume advice in stderr: %s", msg)
	}
	first := completeCells(t, out)
	want := len(harness.Cells(harness.Config{Impls: []string{"a", "b", "c"}, Scenarios: []string{"x", "y"},
		Shapes: []string{"u64"}, Ns: []int{1}, Reps: 4}))
	if len(first) == 0 || len(first) >= want {
		t.Fatalf("%d of %d cells before the interrupt; want some but not all", len(first), want)
	}

	// Resume with another seed is refused and changes nothing.
	before := readFile(t, out)
	bad := mapbenchCmd(append(append([]string{"run"}, flags...), "-seed", "2", "-resume", out)...)
	if o, err := bad.CombinedOutput(); err == nil || !strings.Contains(string(o), "-seed") {
		t.Fatalf("resume with another seed: err %v, output %s", err, o)
	}
	if after := readFile(t, out); !bytes.Equal(before, after) {
		t.Fatal("refused resume changed the file")
	}

	// The advised command completes the run.
	res := mapbenchCmd(append(append([]string{"run"}, flags...), "-resume", out)...)
	if o, err := res.CombinedOutput(); err != nil {
		t.Fatalf("resume: %v\n%s", err, o)
	}
	all := completeCells(t, out)
	if len(all) != want {
		t.Fatalf("%d cells after resume, want %d", len(all), want)
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
	}
	if len(runIDs) != 1 {
		t.Errorf("resumed rows carry %d run ids, want the first run's one", len(runIDs))
	}
}

func TestResumeCommand(t *testing.T) {
	got := resumeCommand([]string{"-impls", "native", "-o", "x.csv", "-force", "-n=1k", "-o=y.csv", "-scenarios", "a b"}, "my file.csv")
	want := "mapbench run -impls native -n=1k -scenarios 'a b' -resume 'my file.csv'"
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}
