package results

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"mapbench/internal/golden"
)

// goldenPath is the writer's output for goldenRecords: the published file
// format, byte for byte.
var goldenPath = filepath.Join("testdata", "golden.csv")

// goldenRecords is the fixed input of testdata/golden.csv. Changing it, or
// the writer's output, needs `go test ./results -run Golden -update` and a
// look at the diff: the bytes are the published file format.
func goldenRecords() []Record {
	recs := sampleRecords()
	failed := Record{Env: testEnv, Cell: Cell{Impl: "dolthub", ImplVersion: "v0.2.1", Scenario: "refill", Shape: "str", N: 1024, Goroutines: 1, Rep: 2},
		Phase: "refill", Step: 0, Metric: MetricCellFailed, Value: 1, Unit: UnitBool,
		Note: "signal: killed\nstderr tail:\r\nfatal error: out of memory"}
	return append(recs, failed)
}

func TestGolden(t *testing.T) {
	recs := goldenRecords()
	golden.Check(t, goldenPath, encode(t, true, recs[:4], recs[4:]))
	// The golden file reads back as its records (CR LF in notes becomes LF).
	back, err := ReadCSVFile(goldenPath)
	if err != nil {
		t.Fatal(err)
	}
	recs[len(recs)-1].Note = "signal: killed\nstderr tail:\nfatal error: out of memory"
	diffRecords(t, back, recs)
}

// goldenV2Path is a schema v2 file: testdata/golden.csv as the writer wrote
// it before schema v3 (byte for byte; never regenerated).
var goldenV2Path = filepath.Join("testdata", "golden-v2.csv")

// The v2 golden file reads, every row with other_heap 0, and its records
// encoded in the v2 layout are the file again: reading v2 loses nothing.
func TestGoldenV2(t *testing.T) {
	recs, err := ReadCSVFile(goldenV2Path)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 16 {
		t.Fatalf("%d records, want 16", len(recs))
	}
	goroutines := 0
	for i, r := range recs {
		if r.OtherHeap != 0 {
			t.Errorf("record %d: other_heap %d, want 0", i, r.OtherHeap)
		}
		goroutines = max(goroutines, r.Goroutines)
	}
	if goroutines != 4 {
		t.Errorf("greatest goroutines %d, want the file's 4", goroutines)
	}
	want, err := os.ReadFile(goldenV2Path)
	if err != nil {
		t.Fatal(err)
	}
	if got := encodeV2(t, recs); !bytes.Equal(got, want) {
		t.Errorf("the records of %s, encoded as v2, differ from it:\n%s", goldenV2Path, got)
	}
}

// goldenV1Path is a schema v1 file: testdata/golden.csv as the writer wrote
// it before schema v2 (byte for byte; never regenerated).
var goldenV1Path = filepath.Join("testdata", "golden-v1.csv")

// The v1 golden file reads, every row with goroutines 1, and its records
// encoded in the v1 layout are the file again: reading v1 loses nothing.
func TestGoldenV1(t *testing.T) {
	recs, err := ReadCSVFile(goldenV1Path)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 15 {
		t.Fatalf("%d records, want 15", len(recs))
	}
	for i, r := range recs {
		if r.Goroutines != 1 {
			t.Errorf("record %d: goroutines %d, want 1", i, r.Goroutines)
		}
	}
	want, err := os.ReadFile(goldenV1Path)
	if err != nil {
		t.Fatal(err)
	}
	if got := encodeV1(t, recs); !bytes.Equal(got, want) {
		t.Errorf("the records of %s, encoded as v1, differ from it:\n%s", goldenV1Path, got)
	}
	if r := recs[len(recs)-1]; r.Metric != MetricCellFailed || r.Impl != "dolthub" || r.Rep != 2 || r.N != 1024 {
		t.Errorf("last record %+v, want dolthub's cell_failed", r)
	}
}
