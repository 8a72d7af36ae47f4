package harness

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"mapbench/impls"
	"mapbench/results"
)

// The embedded table parses, has one row per built-in impl × shape, and is
// exactly what `make peakbytes` makes from the results files it names, as
// they are committed now: it cannot go stale.
func TestPeakBytesTable(t *testing.T) {
	rows, err := parsePeakRows(peakBytesCSV)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[[2]string]bool{}
	var sources []string
	for _, r := range rows {
		k := [2]string{r.Impl, r.Shape}
		if seen[k] {
			t.Errorf("two rows for %s %s", r.Impl, r.Shape)
		}
		seen[k] = true
		if !slices.Contains(sources, r.Source) {
			sources = append(sources, r.Source)
		}
	}
	for _, im := range impls.All() {
		if strings.HasPrefix(im.Name, "test-") {
			continue // this package's tests' maps
		}
		for _, sh := range ShapeNames() {
			if SupportsShape(im.Name, sh) != nil {
				continue // no cell of it ever runs
			}
			if !seen[[2]string{im.Name, sh}] {
				t.Errorf("no row for impl %s shape %s: run a fill of it and `make peakbytes`", im.Name, sh)
			}
		}
	}
	remade, err := PeakRows(sources, func(path string) ([]results.Record, error) {
		return results.ReadCSVFile(filepath.Join("..", path))
	})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WritePeakRows(&buf, remade); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), peakBytesCSV) {
		t.Errorf("harness/peakbytes.csv is not what its sources give now; run `make peakbytes`.\ngot:\n%s\nwant:\n%s", peakBytesCSV, buf.Bytes())
	}
}

// The guard's bound is peakSafety times the table's figure, rounded up;
// an implementation without a row gets the largest figure of its shape.
func TestPeakBytesPerEntry(t *testing.T) {
	var largest float64
	for _, r := range peakTable() {
		if r.Shape == "v136" {
			largest = max(largest, r.BytesPerEntry)
		}
		if r.Impl == "native" && r.Shape == "u64" {
			if got, want := peakBytesPerEntry("native", "u64"), uint64(r.BytesPerEntry*peakSafety+0.999); got != want {
				t.Errorf("native u64: %d B per entry, want %d", got, want)
			}
		}
	}
	if largest == 0 {
		t.Fatal("no v136 rows")
	}
	if got, want := peakBytesPerEntry("someone-elses-map", "v136"), uint64(largest*peakSafety+0.999); got != want {
		t.Errorf("unlisted impl: %d B per entry, want the shape's largest %d", got, want)
	}
}

// PeakRows picks the largest fill figure per impl × shape whatever the
// order of its files, and refuses a shape the harness does not know.
func TestPeakRows(t *testing.T) {
	rec := func(impl, shape, phase string, v float64) results.Record {
		return results.Record{Cell: results.Cell{Impl: impl, Shape: shape}, Phase: phase, Metric: results.MetricBytesPerEntry, Value: v}
	}
	files := map[string][]results.Record{
		"a.csv": {rec("xsync", "u64", "fill", 48.51), rec("native", "u64", "fill", 36.0), rec("native", "u64", "delete", 99)},
		"b.csv": {rec("native", "u64", "fill", 36.04), rec("xsync", "u64", "fill", 48.52)},
	}
	read := func(f string) ([]results.Record, error) { return files[f], nil }
	for _, order := range [][]string{{"a.csv", "b.csv"}, {"b.csv", "a.csv"}} {
		rows, err := PeakRows(order, read)
		if err != nil {
			t.Fatal(err)
		}
		want := []PeakRow{{"native", "u64", 36.1, "b.csv"}, {"xsync", "u64", 48.6, "a.csv"}}
		if !slices.Equal(rows, want) {
			t.Errorf("files %v: rows %+v, want %+v", order, rows, want)
		}
	}
	files["c.csv"] = []results.Record{rec("native", "u32", "fill", 1)}
	if _, err := PeakRows([]string{"c.csv"}, read); err == nil {
		t.Error("unknown shape accepted")
	}
}
