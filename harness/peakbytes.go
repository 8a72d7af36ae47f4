package harness

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"mapbench/impls"
	"mapbench/results"
	"mapbench/scenarios"
)

// peakBytesCSV is the memory guard's table of measured bytes per entry,
// made by `make peakbytes` (internal/cmd/peakbytes, PeakRows) from the
// published runs; TestPeakBytesTable checks that it is what those runs
// give now.
//
//go:embed peakbytes.csv
var peakBytesCSV []byte

// peakHeader is the table's header.
var peakHeader = []string{"impl", "shape", results.MetricBytesPerEntry, "source"}

// peakSafety multiplies a measured bytes per entry into the bound the
// memory guard uses. Four times covers the largest peak the scenarios
// make: dolthub doubling under churn holds the old and the doubled arrays
// at once (3x its bytes per entry after a fill); in the published runs no
// cell's live heap per entry went above 2x its bytes_per_entry.
const peakSafety = 4

// PeakRow is one row of the memory guard's table: the largest
// bytes_per_entry after a fill that Impl's maps of Shape measured, and
// the results file it came from.
type PeakRow struct {
	Impl, Shape   string
	BytesPerEntry float64 // rounded up to 0.1 B
	Source        string
}

// PeakRows makes the memory guard's table from results files: for every
// impl × shape in them, the largest bytes_per_entry of a fill phase over
// every cell and rep (of every scenario, n and file; Source is the first
// file by name that has it), in registry order of
// impls (others after them, by name) and shape order. read reads one
// file (results.ReadCSVFile). A shape the harness does not know is an
// error.
func PeakRows(files []string, read func(path string) ([]results.Record, error)) ([]PeakRow, error) {
	type key struct{ impl, shape string }
	best := map[key]PeakRow{}
	for _, f := range files {
		recs, err := read(f)
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			if r.Phase != scenarios.PhaseFill || r.Metric != results.MetricBytesPerEntry {
				continue
			}
			if _, err := lookupShape(r.Shape); err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			v := math.Ceil(r.Value*10) / 10
			k := key{r.Impl, r.Shape}
			// Ties go to the first file by name, so the table does not
			// depend on the order the files are given in.
			if old, ok := best[k]; !ok || v > old.BytesPerEntry || v == old.BytesPerEntry && f < old.Source {
				best[k] = PeakRow{Impl: r.Impl, Shape: r.Shape, BytesPerEntry: v, Source: f}
			}
		}
	}
	rows := make([]PeakRow, 0, len(best))
	for _, row := range best {
		rows = append(rows, row)
	}
	names, shapeNames := impls.Names(), ShapeNames()
	rank := func(name string) int {
		if i := slices.Index(names, name); i >= 0 {
			return i
		}
		return len(names)
	}
	slices.SortFunc(rows, func(a, b PeakRow) int {
		if c := rank(a.Impl) - rank(b.Impl); c != 0 {
			return c
		}
		if c := strings.Compare(a.Impl, b.Impl); c != 0 {
			return c
		}
		return slices.Index(shapeNames, a.Shape) - slices.Index(shapeNames, b.Shape)
	})
	return rows, nil
}

// WritePeakRows writes rows as the table's CSV.
func WritePeakRows(w io.Writer, rows []PeakRow) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(peakHeader); err != nil {
		return err
	}
	for _, r := range rows {
		if err := cw.Write([]string{r.Impl, r.Shape, strconv.FormatFloat(r.BytesPerEntry, 'f', 1, 64), r.Source}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// parsePeakRows reads the table's CSV.
func parsePeakRows(b []byte) ([]PeakRow, error) {
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("peakbytes.csv: %w", err)
	}
	if len(recs) == 0 || !slices.Equal(recs[0], peakHeader) {
		return nil, fmt.Errorf("peakbytes.csv: header is not %s", strings.Join(peakHeader, ","))
	}
	rows := make([]PeakRow, 0, len(recs)-1)
	for i, rec := range recs[1:] {
		v, err := strconv.ParseFloat(rec[2], 64)
		if err != nil || !(v > 0) {
			return nil, fmt.Errorf("peakbytes.csv line %d: bytes_per_entry %q is not a positive number", i+2, rec[2])
		}
		rows = append(rows, PeakRow{Impl: rec[0], Shape: rec[1], BytesPerEntry: v, Source: rec[3]})
	}
	return rows, nil
}

// peakTable is the embedded table, parsed once. TestPeakBytesTable
// checks that it parses.
var peakTable = sync.OnceValue(func() []PeakRow {
	rows, err := parsePeakRows(peakBytesCSV)
	if err != nil {
		panic(err)
	}
	return rows
})

// peakBytesPerEntry bounds the heap one entry of impl's maps of shape may
// need at the worst moment of any scenario: peakSafety times its measured
// bytes per entry. An implementation the table has no row for (one that
// tests or a user registered) gets the largest figure measured for the
// shape, the most any built-in implementation needed. The payloads of
// shape ptr are not in it (EstimateBytes adds them).
func peakBytesPerEntry(impl, shape string) uint64 {
	var own, largest float64
	for _, r := range peakTable() {
		if r.Shape != shape {
			continue
		}
		largest = max(largest, r.BytesPerEntry)
		if r.Impl == impl {
			own = r.BytesPerEntry
		}
	}
	if own == 0 {
		own = largest
	}
	return uint64(math.Ceil(peakSafety * own))
}
