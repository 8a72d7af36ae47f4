package main

import (
	"os/exec"
	"path/filepath"
	"testing"

	"mapbench/results"
)

// The example, built as a user builds it, runs the mapbench command line
// with its own map beside the built-in one: one cell each, every cell in a
// child process of the example's binary, its rows in the CSV.
func TestCustomMapEndToEnd(t *testing.T) {
	dir := t.TempDir()
	exe := filepath.Join(dir, "custommap")
	goCmd, err := exec.LookPath("go") // go test puts $GOROOT/bin first on PATH
	if err != nil {
		t.Fatalf("no go command to build the example: %v", err)
	}
	if out, err := exec.Command(goCmd, "build", "-o", exe, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	csv := filepath.Join(dir, "tmp.csv")
	cmd := exec.Command(exe, "run", "-impls", "rebuilt,native", "-scenarios", "drain", "-n", "4096", "-reps", "1", "-o", csv)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %v\n%s", cmd.Args, err, out)
	}
	recs, err := results.ReadCSVFile(csv)
	if err != nil {
		t.Fatal(err)
	}
	type key struct{ impl, phase, metric string }
	got := map[key]float64{}
	for _, r := range recs {
		if err := r.Valid(); err != nil {
			t.Fatalf("invalid record: %v", err)
		}
		if r.Scenario != "drain" || r.Shape != "u64" || r.N != 4096 {
			t.Errorf("a row of another cell: %+v", r.Cell)
		}
		got[key{r.Impl, r.Phase, r.Metric}] = r.Value
	}
	for _, impl := range []string{"rebuilt", "native"} {
		if v, ok := got[key{impl, "meta", results.MetricChecksumOK}]; !ok || v != 1 {
			t.Errorf("%s: checksum_ok = %v (present %v), want 1: the cell did not do the drain's work", impl, v, ok)
		}
		if v := got[key{impl, "fill", results.MetricBytesPerEntry}]; v <= 0 {
			t.Errorf("%s: fill bytes_per_entry = %v, want > 0", impl, v)
		}
	}
	// The rebuilt map gives its memory back, the built-in map keeps it.
	if r, n := got[key{"rebuilt", "delete", results.MetricRetainedRatio}], got[key{"native", "delete", results.MetricRetainedRatio}]; !(r < 0.1 && n > 0.9) {
		t.Errorf("retained_ratio after the drain: rebuilt %v, native %v; want under 0.1 and over 0.9", r, n)
	}
}
