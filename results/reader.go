package results

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// bom is the UTF-8 byte order mark some editors put in front of a file.
const bom = "\ufeff"

// ReadCSV reads a results CSV of schema v3, v2 or v1 from r; name is used
// in errors only (typically the file name). Errors read `name:LINE: what is
// wrong (column "x")`, LINE being the 1-based line in the input.
//
// The first non-empty row must be a header: exactly [Columns] (schema
// mapbench/v3), [ColumnsV2] (schema mapbench/v2) or [ColumnsV1] (schema
// mapbench/v1), in order. Each header line sets the layout of the rows
// after it, up to the next header line, so files of several runs, machines
// and schema versions may be concatenated (a v1 file, then a v3 file), and
// a later row equal to the header in force is simply skipped. Empty lines
// are skipped, and so is a UTF-8 byte order mark at the start of a row.
// Every other row must have its header's columns, in its schema column the
// schema of that header ("mapbench/v3" after a v3 header, and so on),
// decimal integers in gomaxprocs, gc_percent, other_heap, seed, n,
// goroutines, rep and step, true or false in presize, and a finite decimal
// number in value. The rows of a v1 header have Goroutines 1, those of a
// v1 or v2 header OtherHeap 0. ReadCSV checks the syntax only;
// [Record.Valid] checks the contract (goroutines >= 1, n > 0, ...).
//
// Empty input (not even a header) is an error; a file holding only headers
// gives nil and no error.
func ReadCSV(r io.Reader, name string) ([]Record, error) {
	var recs []Record
	err := readCSV(r, name, func(rec Record, _ int, _ int64) { recs = append(recs, rec) }, nil)
	if err != nil {
		return nil, err
	}
	return recs, nil
}

// readCSV is ReadCSV, handing each record to each with the line it starts
// on and the byte offset just past it (past its newline, when it has one),
// and, when onHeader is not nil, the schema of each header line with the
// offset just past it.
func readCSV(r io.Reader, name string, each func(rec Record, line int, end int64), onHeader func(schema string, end int64)) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // checked here, with a better message
	var (
		cur     *layout // the layout of the header in force; nil before the first
		curLine int     // the line of that header
	)
	for {
		row, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				if pe.StartLine != pe.Line {
					return fmt.Errorf("%s:%d: %v (in the row that starts on line %d)", name, pe.Line, pe.Err, pe.StartLine)
				}
				return fmt.Errorf("%s:%d: %v", name, pe.Line, pe.Err)
			}
			return fmt.Errorf("%s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		row[0] = strings.TrimPrefix(row[0], bom)

		if l := headerLayout(row); l != nil {
			cur, curLine = l, line
			if onHeader != nil {
				onHeader(l.schema, cr.InputOffset())
			}
			continue
		}
		if cur == nil || isHeaderLike(row) {
			return fmt.Errorf("%s:%d: %s", name, line, headerProblem(row))
		}
		if row[0] != cur.schema {
			return fmt.Errorf("%s:%d: %s (column %q)", name, line, schemaProblem(row[0], cur, curLine), cur.codecs[0].name)
		}
		cs := cur.codecs
		if len(row) != len(cs) {
			if len(row) < len(cs) {
				return fmt.Errorf("%s:%d: row has %d fields, want %d (schema %s); first missing (column %q)",
					name, line, len(row), len(cs), cur.schema, cs[len(row)].name)
			}
			l, _ := cr.FieldPos(len(cs))
			return fmt.Errorf("%s:%d: row has %d fields, want %d (schema %s); extra field after (column %q)",
				name, l, len(row), len(cs), cur.schema, cs[len(cs)-1].name)
		}
		var rec Record
		cur.init(&rec)
		for i, c := range cs {
			if err := c.parse(&rec, row[i]); err != nil {
				l, _ := cr.FieldPos(i)
				return fmt.Errorf("%s:%d: %v (column %q)", name, l, err, c.name)
			}
		}
		each(rec, line, cr.InputOffset())
	}
	if cur == nil {
		return fmt.Errorf("%s:1: missing header: the input is empty; the first row must be %s", name, wantHeader())
	}
	return nil
}

// ReadCSVFile reads the results CSV at path (see ReadCSV); errors name path.
func ReadCSVFile(path string) ([]Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadCSV(f, path)
}

func equalRows(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// headerLayout returns the layout whose header row is, or nil when row is
// no header.
func headerLayout(row []string) *layout {
	for _, l := range layouts {
		if equalRows(row, l.header) {
			return l
		}
	}
	return nil
}

// isHeaderLike reports whether row looks like a header line (one that names
// the schema column) rather than a data row, which starts with a schema.
func isHeaderLike(row []string) bool {
	for _, l := range layouts {
		if row[0] == l.schema {
			return false
		}
	}
	for _, f := range row {
		if f == header[0] {
			return true
		}
	}
	return false
}

// wantHeader names the headers a reader accepts, for messages.
func wantHeader() string {
	return fmt.Sprintf("the header %q (schema %s; %s files have %q, %s files %q)",
		strings.Join(layoutV3.header, ","), layoutV3.schema, layoutV2.schema, strings.Join(layoutV2.header, ","),
		layoutV1.schema, strings.Join(layoutV1.header, ","))
}

// headerProblem explains why row, which is no header a reader knows, is
// not acceptable: it stands where the header must be, or it looks like a
// header of another layout. A header-like row is compared with the v3
// header when it names the other_heap column, else with the v2 header when
// it names the goroutines column, else with the v1 header.
func headerProblem(row []string) string {
	want := wantHeader()
	if !isHeaderLike(row) {
		return "missing header: the first row must be " + want
	}
	l := layoutV1
	switch {
	case slices.Contains(row, "other_heap"):
		l = layoutV3
	case slices.Contains(row, "goroutines"):
		l = layoutV2
	}
	h := l.header
	for i, f := range row {
		if i >= len(h) {
			return fmt.Sprintf("header does not match schema %s: it has %d columns, want %d (extra column %q); want %s",
				l.schema, len(row), len(h), f, want)
		}
		if f != h[i] {
			return fmt.Sprintf("header does not match schema %s: column %d is %q, want %q (column %q); want %s",
				l.schema, i+1, f, h[i], h[i], want)
		}
	}
	return fmt.Sprintf("header does not match schema %s: it has %d columns, want %d; first missing (column %q); want %s",
		l.schema, len(row), len(h), h[len(row)], want)
}

// schemaProblem explains why a data row whose schema column holds s may
// not follow the header of cur (on line curLine).
func schemaProblem(s string, cur *layout, curLine int) string {
	for _, l := range layouts {
		if s == l.schema {
			return fmt.Sprintf("schema %q does not agree with the header this row follows (line %d), which is the header of %s: a %s row must follow a %s header",
				s, curLine, cur.schema, s, s)
		}
	}
	return fmt.Sprintf("unknown schema %q, this reader understands %q, %q and %q", s, layoutV3.schema, layoutV2.schema, layoutV1.schema)
}
