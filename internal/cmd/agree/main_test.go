package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mapbench/results"
)

func TestRunComparesBenchAndHarness(t *testing.T) {
	dir := t.TempDir()
	bench := filepath.Join(dir, "bench.txt")
	if err := os.WriteFile(bench, []byte(`goos: linux
BenchmarkDrainDelete/impl=native/n=1024 	5	100 ns/op	50.0 ns/delete
BenchmarkDrainDelete/impl=native/n=1024 	5	100 ns/op	52.0 ns/delete
BenchmarkDrainDelete/impl=xsync/n=1024 	5	100 ns/op	80.0 ns/delete
`), 0o644); err != nil {
		t.Fatal(err)
	}
	csvPath := filepath.Join(dir, "r.csv")
	f, _ := os.Create(csvPath)
	w := results.NewCSVWriter(f, true)
	var recs []results.Record
	for _, v := range []float64{53, 54, 55} {
		recs = append(recs, results.Record{Cell: results.Cell{Impl: "native", Scenario: "drain", Shape: "u64", N: 1024},
			Phase: "delete", Metric: "ns_per_op", Value: v, Unit: "ns"})
	}
	if err := w.Write(recs); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out := filepath.Join(dir, "out.txt")
	stdout := os.Stdout
	o, _ := os.Create(out)
	os.Stdout = o
	err := run([]string{bench, csvPath})
	os.Stdout = stdout
	o.Close()
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(out)
	// median bench 51, median harness 54: ratio 1.059, within 10%; xsync has no harness rows.
	for _, want := range []string{"native", "1.059", "true", "largest disagreement: 5.9%"} {
		if !strings.Contains(string(got), want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(string(got), "xsync") {
		t.Errorf("xsync has no harness figure but is listed:\n%s", got)
	}
	if err := run([]string{bench}); err == nil {
		t.Error("one argument accepted")
	}
}
