package summary_test

import (
	"bytes"
	"strings"
	"testing"

	"mapbench/internal/golden"
	"mapbench/results/summary"
)

// A run of two Go versions (mapbench run -go; the fixture is described in
// results/report/testdata/README): a line per implementation and Go
// version, the versions of one implementation together, in a go_version
// column; the advice of each version prefixed with it, then the versions
// side by side.
func TestGoVersionsSideBySide(t *testing.T) {
	tables, notes := buildFixture(t, "goversions.csv")
	if len(tables) != 1 {
		t.Fatalf("%d tables, want one", len(tables))
	}
	var lines []string
	for _, l := range tables[0].Lines {
		if len(l.Label) != 1 || l.Label[0].Key != "go_version" {
			t.Fatalf("line %s labelled %v, want go_version alone", l.Impl, l.Label)
		}
		lines = append(lines, l.Impl+" "+l.Label[0].Value)
	}
	if got, want := strings.Join(lines, ", "), "native go1.26.8, native go1.27.3, cockroach go1.26.8, cockroach go1.27.3"; got != want {
		t.Errorf("lines %s, want %s", got, want)
	}
	var buf bytes.Buffer
	if err := summary.Write(&buf, tables, notes); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"       impl  go_version  B/entry full", "go_version=go1.26.8: heap after: ", "go_version=go1.27.3: heap after: ",
		"go_version side by side: "} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q", want)
		}
	}
	golden.Check(t, "testdata/goversions.golden", buf.Bytes())
}
