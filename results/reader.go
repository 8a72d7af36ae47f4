package results

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// bom is the UTF-8 byte order mark some editors put in front of a file.
const bom = "\ufeff"

// ReadCSV reads a schema v1 results CSV from r; name is used in errors only
// (typically the file name). Errors read `name:LINE: what is wrong (column
// "x")`, LINE being the 1-based line in the input.
//
// The first non-empty row must be the header (exactly [Columns], in order).
// Files from several runs and machines may be concatenated: any later row
// equal to the header is skipped. Empty lines are skipped, and so is a UTF-8
// byte order mark at the start of a row. Every other row must have all the
// columns, schema "mapbench/v1", decimal integers in gomaxprocs, gc_percent,
// seed, n, rep and step, true or false in presize, and a finite decimal number in
// value. ReadCSV checks the syntax only; [Record.Valid] checks the contract.
//
// Empty input (not even a header) is an error; a file holding only headers
// gives nil and no error.
func ReadCSV(r io.Reader, name string) ([]Record, error) {
	var recs []Record
	err := readCSV(r, name, func(rec Record, _ int, _ int64) { recs = append(recs, rec) })
	if err != nil {
		return nil, err
	}
	return recs, nil
}

// readCSV is ReadCSV, handing each record to each with the line it starts
// on and the byte offset just past it (past its newline, when it has one).
func readCSV(r io.Reader, name string, each func(rec Record, line int, end int64)) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // checked here, with a better message
	var seenHeader bool
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

		if equalRows(row, header) {
			seenHeader = true
			continue
		}
		if !seenHeader || isHeaderLike(row) {
			return fmt.Errorf("%s:%d: %s", name, line, headerProblem(row))
		}
		if len(row) != len(codecs) {
			if len(row) < len(codecs) {
				return fmt.Errorf("%s:%d: row has %d fields, want %d; first missing (column %q)",
					name, line, len(row), len(codecs), codecs[len(row)].name)
			}
			l, _ := cr.FieldPos(len(codecs))
			return fmt.Errorf("%s:%d: row has %d fields, want %d; extra field after (column %q)",
				name, l, len(row), len(codecs), codecs[len(codecs)-1].name)
		}
		var rec Record
		for i, c := range codecs {
			if err := c.parse(&rec, row[i]); err != nil {
				l, _ := cr.FieldPos(i)
				return fmt.Errorf("%s:%d: %v (column %q)", name, l, err, c.name)
			}
		}
		each(rec, line, cr.InputOffset())
	}
	if !seenHeader {
		return fmt.Errorf("%s:1: missing header: the input is empty; the first row must be the header %q",
			name, strings.Join(header, ","))
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

// isHeaderLike reports whether row looks like a header line (one that names
// the schema column) rather than a data row, which starts with Schema.
func isHeaderLike(row []string) bool {
	if row[0] == Schema {
		return false
	}
	for _, f := range row {
		if f == header[0] {
			return true
		}
	}
	return false
}

// headerProblem explains why row, which is not the v1 header, is not
// acceptable: it stands where the header must be, or it looks like a header
// of another layout.
func headerProblem(row []string) string {
	want := strings.Join(header, ",")
	if !isHeaderLike(row) {
		return fmt.Sprintf("missing header: the first row must be the header %q", want)
	}
	for i, f := range row {
		if i >= len(header) {
			return fmt.Sprintf("header does not match schema %s: it has %d columns, want %d (extra column %q); want header %q",
				Schema, len(row), len(header), f, want)
		}
		if f != header[i] {
			return fmt.Sprintf("header does not match schema %s: column %d is %q, want %q (column %q); want header %q",
				Schema, i+1, f, header[i], header[i], want)
		}
	}
	return fmt.Sprintf("header does not match schema %s: it has %d columns, want %d; first missing (column %q); want header %q",
		Schema, len(row), len(header), header[len(row)], want)
}
