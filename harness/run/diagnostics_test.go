package run

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"mapbench/harness"
	"mapbench/internal/diagcheck"
	"mapbench/results"
)

// `mapbench run` with the four diagnostics flags: directories created,
// exactly one file of each kind per cell, named after the cell, each of
// its format; a diagnostics row on every cell naming its files; the
// directories recorded in run_config. Without the flags: no row, and a
// run_config as before the flags existed.
func TestRunDiagnostics(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "r.csv")
	dirs := map[string]string{"trace": filepath.Join(dir, "d", "trace"), "cpuprofile": filepath.Join(dir, "d", "cpu"),
		"memprofile": filepath.Join(dir, "d", "mem"), "gctrace": filepath.Join(dir, "d", "gc")}
	args := []string{"run", "-impls", "native", "-scenarios", "drain,partial-90", "-n", "1k", "-reps", "1", "-passes", "1",
		"-min-phase", "0", "-o", out}
	for _, f := range diagnosticsFlags {
		args = append(args, "-"+f, dirs[f])
	}
	var stdout, stderr bytes.Buffer
	if err := run(args, &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\nstderr: %s", err, stderr.String())
	}
	recs, err := results.ReadCSVFile(out)
	if err != nil {
		t.Fatal(err)
	}
	wantFiles := map[string][]string{}
	for _, sc := range []string{"drain", "partial-90"} {
		name := harness.CellFileName(harness.Spec{Impl: "native", Scenario: sc, Shape: "u64", N: 1024, Goroutines: 1, GCPercent: 1})
		wantFiles["trace"] = append(wantFiles["trace"], name+".trace")
		wantFiles["cpuprofile"] = append(wantFiles["cpuprofile"], name+".cpu.pprof")
		wantFiles["memprofile"] = append(wantFiles["memprofile"], name+".heap.pprof")
		wantFiles["gctrace"] = append(wantFiles["gctrace"], name+".gctrace")
	}
	for _, flag := range diagnosticsFlags {
		ents, err := os.ReadDir(dirs[flag])
		if err != nil {
			t.Fatalf("-%s: %v", flag, err)
		}
		var got []string
		for _, e := range ents {
			got = append(got, e.Name())
			diagcheck.File(t, flag, filepath.Join(dirs[flag], e.Name()))
		}
		if !slices.Equal(got, wantFiles[flag]) {
			t.Errorf("-%s %s holds %q, want %q", flag, dirs[flag], got, wantFiles[flag])
		}
	}
	diag := map[string]string{}
	for _, r := range recs {
		switch r.Metric {
		case results.MetricDiagnostics:
			if _, twice := diag[r.Scenario]; twice || r.Phase != results.PhaseMeta || r.Value != 1 {
				t.Errorf("diagnostics row %+v: want one per cell, phase meta, value 1", r)
			}
			diag[r.Scenario] = r.Note
		case results.MetricRunConfig:
			for _, flag := range diagnosticsFlags {
				if !strings.Contains(r.Note, ";"+flag+"="+dirs[flag]) {
					t.Errorf("run_config %q does not record -%s %s", r.Note, flag, dirs[flag])
				}
			}
		}
	}
	for i, sc := range []string{"drain", "partial-90"} {
		note, ok := diag[sc]
		if !ok {
			t.Errorf("cell %s has no diagnostics row", sc)
			continue
		}
		for _, flag := range diagnosticsFlags {
			if want := filepath.Join(dirs[flag], wantFiles[flag][i]); !strings.Contains(note, want) {
				t.Errorf("cell %s: diagnostics note %q does not name %s", sc, note, want)
			}
		}
	}
	if !strings.Contains(stderr.String(), "diagnostics -trace "+dirs["trace"]) {
		t.Errorf("stderr does not say where the diagnostics go:\n%s", stderr.String())
	}

	// Without the flags: no diagnostics row, no diagnostics setting.
	plain := filepath.Join(dir, "plain.csv")
	if err := run([]string{"run", "-impls", "native", "-scenarios", "drain", "-n", "1k", "-reps", "1", "-passes", "1",
		"-min-phase", "0", "-o", plain}, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	recs, err = results.ReadCSVFile(plain)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if r.Metric == results.MetricDiagnostics {
			t.Errorf("a cell without diagnostics has the row %+v", r)
		}
		if r.Metric == results.MetricRunConfig {
			for _, flag := range diagnosticsFlags {
				if strings.Contains(r.Note, ";"+flag+"=") {
					t.Errorf("run_config of a run without diagnostics %q records %s", r.Note, flag)
				}
			}
		}
	}
}

// A diagnostics directory that cannot be written is refused before
// anything runs: one line naming the flag, exit status 2, no output file,
// no directory made.
func TestDiagnosticsDirRefused(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "r.csv")
	base := []string{"run", "-impls", "native", "-scenarios", "drain", "-n", "1k", "-reps", "1", "-o", out}
	tests := []struct {
		flag, dir string
		want      string
	}{
		{"trace", file, "is not a directory"},
		{"cpuprofile", filepath.Join(file, "sub"), "is not a directory"},
		{"memprofile", filepath.Join(file, "a", "b"), "is not a directory"},
		{"gctrace", file, "is not a directory"},
	}
	if os.Geteuid() != 0 { // root writes into a read-only directory
		ro := filepath.Join(dir, "ro")
		if err := os.Mkdir(ro, 0o500); err != nil {
			t.Fatal(err)
		}
		tests = append(tests, struct{ flag, dir, want string }{"trace", ro, "cannot write into"},
			struct{ flag, dir, want string }{"gctrace", filepath.Join(ro, "new"), "cannot create"})
	}
	for _, tc := range tests {
		t.Run(tc.flag, func(t *testing.T) {
			runRefused(t, append(slices.Clone(base), "-"+tc.flag, tc.dir), []string{"-" + tc.flag + ": ", tc.want})
			assertNoFiles(t, out)
		})
	}
	// A missing directory whose parent is writable is accepted, and not
	// made before the run starts: a run refused for another reason leaves
	// none behind.
	missing := filepath.Join(dir, "new", "traces")
	if err := os.WriteFile(out, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	runRefused(t, append(slices.Clone(base), "-trace", missing), []string{"-o: ", "exists"})
	assertNoFiles(t, filepath.Join(dir, "new"))
	// And no probe file is left in a directory that was checked.
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".mapbench-check") {
			t.Errorf("the writability check left %s behind", e.Name())
		}
	}
}

// A run_config written before the diagnostics flags existed reads back
// with them off; one that records them reads back with them.
func TestRecordedDiagnostics(t *testing.T) {
	old := "impls=native;scenarios=drain;shapes=u64;n=1024;reps=1;presize=false;seed=1;gc-percent=1;gomaxprocs=1;sample=64;passes=1;min-phase=0s;timeout=10m0s;mem-limit=0"
	rc, err := parseRecorded(old)
	if err != nil {
		t.Fatal(err)
	}
	if rc.cfg.Diagnostics.On() {
		t.Errorf("run_config without diagnostics read back with %+v", rc.cfg.Diagnostics)
	}
	if got := results.FormatRunConfig(runSettings(rc.cfg)); strings.Contains(got, "trace=") || strings.Contains(got, "profile=") {
		t.Errorf("run_config of a run without diagnostics records them: %q", got)
	}
	tr, gc := t.TempDir(), filepath.Join(t.TempDir(), "gc")
	rc, err = parseRecorded(old + ";trace=" + tr + ";gctrace=" + gc)
	if err != nil {
		t.Fatal(err)
	}
	if want := (harness.Diagnostics{Trace: tr, GCTrace: gc}); rc.cfg.Diagnostics != want {
		t.Errorf("diagnostics read back as %+v, want %+v", rc.cfg.Diagnostics, want)
	}
	note := results.FormatRunConfig(runSettings(rc.cfg))
	if !strings.Contains(note, ";trace="+tr+";gctrace="+gc) || strings.Contains(note, "cpuprofile=") {
		t.Errorf("run_config %q, want trace and gctrace recorded and the others left out", note)
	}
}
