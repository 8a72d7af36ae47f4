package results

import (
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
	failed := Record{Env: testEnv, Cell: Cell{Impl: "dolthub", ImplVersion: "v0.2.1", Scenario: "refill", Shape: "str", N: 1024, Rep: 2},
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
