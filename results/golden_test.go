package results

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/golden.csv from the writer's output")

// goldenRecords is the fixed input of testdata/golden.csv. Changing it, or
// the writer's output, needs `go test ./results -run Golden -update` and a
// look at the diff: the bytes are the published file format.
func goldenRecords() []Record {
	recs := sampleRecords()
	failed := Record{Env: testEnv, Cell: Cell{Impl: "dolthub", ImplVersion: "v0.2.1", Scenario: "refill", Shape: "str", N: 1024, Rep: 2},
		Phase: "refill", Step: 0, Metric: MetricCellFailed, Value: 1, Unit: UnitBool,
		Note: "signal: killed\nstderr tail:\r\nfatal error: out of memory"}
	return append(recs, failed)
}

func TestGolden(t *testing.T) {
	path := filepath.Join("testdata", "golden.csv")
	recs := goldenRecords()
	got := encode(t, true, recs[:4], recs[4:])
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w []byte
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if !bytes.Equal(g, w) {
				t.Fatalf("writer output differs from %s at line %d:\n got %q\nwant %q\n(run with -update if the change is intended)", path, i+1, g, w)
			}
		}
	}
	// The golden file reads back as its records (CR LF in notes becomes LF).
	back, err := ReadCSVFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs[len(recs)-1].Note = "signal: killed\nstderr tail:\nfatal error: out of memory"
	diffRecords(t, back, recs)
}
