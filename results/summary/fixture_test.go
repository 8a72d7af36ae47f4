package summary_test

import (
	"testing"

	"mapbench/harness/run"
	"mapbench/results"
	"mapbench/results/summary"
)

// buildFixture is the summary of a fixture of package report
// (results/report/testdata/README describes them).
func buildFixture(t *testing.T, name string) ([]summary.ScenarioTable, []string) {
	t.Helper()
	recs, err := results.ReadCSVFile("../report/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	tables, notes, err := summary.Build(recs, run.Vocab)
	if err != nil {
		t.Fatal(err)
	}
	return tables, notes
}
