package results

import (
	"bytes"
	"fmt"
)

// Tail is what follows the last complete cell of a results file: the part
// of a cell a kill -9 or a power cut stopped in the middle of its write.
type Tail struct {
	// Offset is the byte offset where the tail starts: just past the last
	// row that ends a cell ([EndsCell]), or past the header lines that
	// follow that row, if any (a header line is not part of a tail: it
	// sets the layout of what comes after it); with no complete cell, just
	// past the header lines before the first row of the tail, 0 if none.
	Offset int64
	// Line is the 1-based line the tail starts on.
	Line int
	// Bytes is the length of the tail (0: the file ends with a complete cell).
	Bytes int64
	// Rows counts the whole rows in the tail (each ended by a newline).
	Rows int
	// Partial is set when the file ends in part of a row (no final newline).
	Partial bool
	// First is the first whole row of the tail, naming its cell; nil when
	// the tail holds no whole row.
	First *Record
	// Schema is the schema of the last header line before Offset: the
	// layout rows appended at Offset are read in ("" when there is no
	// header before Offset). Rows of another schema appended there need a
	// header line of their own first.
	Schema string
}

// ReadCSVTorn reads the results file b (see [ReadCSV]; name is used in
// errors) which may end in the middle of a cell. The writer appends a cell
// in one write whose rows each end in a newline, and the last row of a
// cell is one for which [EndsCell] holds; so a write cut short leaves, after
// the last complete cell, whole rows of one cell and possibly part of a
// row, with no newline after it. ReadCSVTorn returns the records of the
// complete cells, the line each starts on, and the tail.
//
// A header line written after the last complete cell (the v3 header a
// resumed v1 or v2 file gets before its first v3 row) is kept out of the tail:
// the file cut back to Tail.Offset keeps it, and Tail.Schema is its
// schema, the layout of whatever is appended there.
//
// mapbench's rows hold no newline (its notes are one line), so part of a
// row is whatever follows the last newline; a row with a quoted newline
// that was cut inside it reads as damage, not as a tail.
//
// Only the tail may be damaged: every whole row (everything up to the last
// newline) must read as ReadCSV reads it, or the error is ReadCSV's,
// naming name:LINE; and the whole rows of the tail must all belong to one
// cell.
func ReadCSVTorn(b []byte, name string) (recs []Record, lines []int, tail Tail, err error) {
	whole := len(b)
	if whole > 0 && b[whole-1] != '\n' {
		whole = bytes.LastIndexByte(b, '\n') + 1
	}
	type headerLine struct {
		schema string
		end    int64
	}
	var (
		ends    []int64
		headers []headerLine
		before  []int // per record: how many header lines precede it
	)
	if whole > 0 {
		err = readCSV(bytes.NewReader(b[:whole]), name, func(rec Record, line int, end int64) {
			recs = append(recs, rec)
			lines = append(lines, line)
			ends = append(ends, end)
			before = append(before, len(headers))
		}, func(schema string, end int64) {
			headers = append(headers, headerLine{schema, end})
		})
		if err != nil {
			return nil, nil, Tail{}, err
		}
	}
	k := len(recs) - 1
	for k >= 0 && !EndsCell(recs[k].Metric) {
		k--
	}
	t := Tail{Partial: whole < len(b), Rows: len(recs) - k - 1}
	if k >= 0 {
		t.Offset = ends[k]
	}
	// The header lines before the tail's first row (all of them when it
	// has none) end before it; the last of them may follow the last
	// complete cell, and then the tail starts after it.
	h := len(headers)
	if t.Rows > 0 {
		h = before[k+1]
	}
	if h > 0 {
		t.Offset = max(t.Offset, headers[h-1].end)
		t.Schema = headers[h-1].schema
	}
	t.Bytes = int64(len(b)) - t.Offset
	t.Line = bytes.Count(b[:t.Offset], []byte{'\n'}) + 1
	if t.Rows > 0 {
		first := recs[k+1]
		t.First = &first
		for i := k + 2; i < len(recs); i++ {
			if recs[i].Env != first.Env || recs[i].Cell != first.Cell {
				return nil, nil, Tail{}, fmt.Errorf("%s:%d: a row of cell %s follows the unfinished cell %s (line %d): the file is damaged before its end",
					name, lines[i], CellName(recs[i].Cell), CellName(first.Cell), lines[k+1])
			}
		}
	}
	return recs[:k+1], lines[:k+1], t, nil
}

// CellName names a cell in messages: impl/scenario/shape n=N rep R, with
// G=goroutines when they are more than 1 and presize when set.
func CellName(c Cell) string {
	g := ""
	if c.Goroutines > 1 {
		g = fmt.Sprintf(" G=%d", c.Goroutines)
	}
	s := fmt.Sprintf("%s/%s/%s n=%d%s rep %d", c.Impl, c.Scenario, c.Shape, c.N, g, c.Rep)
	if c.Presize {
		s += " presize"
	}
	return s
}
