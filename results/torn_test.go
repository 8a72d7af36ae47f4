package results

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// tornFile is a results file as the writer writes it: header lines, then
// one batch per cell.
type tornFile struct {
	b       []byte
	ends    []int // where each cell ends
	cells   []Cell
	headers []headerAt
}

// headerAt is a header line of a tornFile: where it ends, and its schema.
type headerAt struct {
	end    int
	schema string
}

// tornCells encodes three cells as the writer writes them (header, then one
// batch per cell). kind "v2" is a file of this version; "v1" a schema v1
// file; "resumed" a v1 file whose last cell a resumed run appended after a
// v2 header line.
func tornCells(t *testing.T, kind string) tornFile {
	t.Helper()
	var f tornFile
	var buf bytes.Buffer
	writeHeader := func(schema string) {
		if schema == Schema {
			buf.Write(encode(t, true))
		} else {
			buf.Write(encodeV1(t, nil))
		}
		f.headers = append(f.headers, headerAt{buf.Len(), schema})
	}
	if kind == "v2" {
		writeHeader(Schema)
	} else {
		writeHeader(SchemaV1)
	}
	for i, impl := range []string{"native", "dolthub", "syncmap"} {
		c := testCell
		c.Impl, c.Rep = impl, i
		f.cells = append(f.cells, c)
		recs := []Record{
			{Env: testEnv, Cell: c, Phase: PhaseMeta, Metric: MetricRunConfig, Value: 1, Unit: UnitBool, Note: "impls=native,dolthub;n=65536"},
			{Env: testEnv, Cell: c, Phase: "fill", Metric: MetricLiveHeap, Value: 1048576, Unit: UnitBytes},
			{Env: testEnv, Cell: c, Phase: "delete", Metric: MetricLatencyP99, Value: 80, Unit: UnitNS, Note: "under 100 ns: mostly clock cost, not latency"},
			{Env: testEnv, Cell: c, Phase: PhaseMeta, Metric: MetricCellWallTime, Value: 134485975, Unit: UnitNS},
		}
		if impl == "dolthub" { // a failed cell: its settings, then cell_failed
			recs = []Record{recs[0], {Env: testEnv, Cell: c, Phase: PhaseMeta, Metric: MetricCellFailed, Value: 1, Unit: UnitBool, Note: `panicked: "x", y`}}
		}
		switch {
		case kind == "v2":
			buf.Write(encode(t, false, recs))
		case kind == "resumed" && i == 2:
			writeHeader(Schema)
			buf.Write(encode(t, false, recs))
		default:
			buf.Write(bytes.TrimPrefix(encodeV1(t, recs), encodeV1(t, nil)))
		}
		f.ends = append(f.ends, buf.Len())
	}
	f.b = buf.Bytes()
	return f
}

// A file cut at any byte reads as the cells complete before the cut, and a
// tail that is exactly the bytes after them (and after the header lines
// that follow them): its whole rows, whether it ends in part of a row, its
// cell, and the schema of the header in force where it starts.
func TestReadCSVTornEveryCut(t *testing.T) {
	for _, kind := range []string{"v2", "v1", "resumed"} {
		t.Run(kind, func(t *testing.T) {
			f := tornCells(t, kind)
			b := f.b
			full, err := ReadCSV(bytes.NewReader(b), "full.csv")
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range full {
				if r.Goroutines != 1 {
					t.Fatalf("record %+v: goroutines %d, want 1", r, r.Goroutines)
				}
			}
			rowsBefore := map[int]int{} // cell end offset → records before it
			for i, r := range full {
				if EndsCell(r.Metric) {
					rowsBefore[f.ends[len(rowsBefore)]] = i + 1
				}
			}
			for cut := 0; cut <= len(b); cut++ {
				// The complete cells are those ending at or before the cut;
				// the tail starts after them and after the header lines
				// that follow them.
				done, offset := 0, 0
				for j, e := range f.ends {
					if e <= cut {
						done, offset = j+1, e
					}
				}
				schema := ""
				for _, h := range f.headers {
					if h.end <= cut {
						offset = max(offset, h.end)
						schema = h.schema
					}
				}
				recs, lines, tail, err := ReadCSVTorn(b[:cut], "r.csv")
				if err != nil {
					t.Fatalf("cut %d: ReadCSVTorn: %v", cut, err)
				}
				if len(recs) != rowsBefore[f.ends[max(done-1, 0)]]*min(done, 1) || len(lines) != len(recs) {
					t.Fatalf("cut %d: %d records (%d lines), want those of %d complete cells", cut, len(recs), len(lines), done)
				}
				for i, r := range recs {
					if r != full[i] {
						t.Fatalf("cut %d: record %d = %+v, want %+v", cut, i, r, full[i])
					}
				}
				rest := b[offset:cut]
				wantRows := bytes.Count(rest, []byte{'\n'})
				wantPartial := cut > 0 && b[cut-1] != '\n'
				switch {
				case tail.Offset != int64(offset):
					t.Errorf("cut %d: tail at offset %d, want %d", cut, tail.Offset, offset)
				case tail.Bytes != int64(cut-offset):
					t.Errorf("cut %d: tail of %d bytes, want %d", cut, tail.Bytes, cut-offset)
				case tail.Rows != wantRows:
					t.Errorf("cut %d: tail of %d whole rows, want %d", cut, tail.Rows, wantRows)
				case tail.Partial != wantPartial:
					t.Errorf("cut %d: tail partial = %v, want %v", cut, tail.Partial, wantPartial)
				case tail.Line != bytes.Count(b[:offset], []byte{'\n'})+1:
					t.Errorf("cut %d: tail on line %d, want %d", cut, tail.Line, bytes.Count(b[:offset], []byte{'\n'})+1)
				case (tail.First != nil) != (wantRows > 0):
					t.Errorf("cut %d: tail first row %v with %d whole rows", cut, tail.First, wantRows)
				case tail.First != nil && tail.First.Cell != f.cells[done]:
					t.Errorf("cut %d: tail of cell %+v, want %+v", cut, tail.First.Cell, f.cells[done])
				case tail.Schema != schema:
					t.Errorf("cut %d: tail schema %q, want %q", cut, tail.Schema, schema)
				}
			}
		})
	}
}

// What -resume does to a v1 file: cut at the tail, a v2 header line, v2
// rows; the file reads whole, and its tail (none, or a v2 cell cut short)
// says the layout at its end is v2, so a second resume adds no header.
func TestReadCSVTornAppendToV1(t *testing.T) {
	f := tornCells(t, "v1")
	cut := f.ends[0] + 40 // in the middle of the second cell
	recs, _, tail, err := ReadCSVTorn(f.b[:cut], "r.csv")
	if err != nil {
		t.Fatal(err)
	}
	if tail.Schema != SchemaV1 || tail.Offset != int64(f.ends[0]) || len(recs) != 4 {
		t.Fatalf("tail %+v, %d records; want schema v1 at the end of the first cell, 4 records", tail, len(recs))
	}
	more := Record{Env: testEnv, Cell: f.cells[1], Phase: PhaseMeta, Metric: MetricCellWallTime, Value: 1, Unit: UnitNS}
	more.Goroutines = 2
	appended := append(append(bytes.Clone(f.b[:tail.Offset]), encode(t, true, []Record{more})...), encode(t, false, []Record{more})[:30]...)
	recs, _, tail, err = ReadCSVTorn(appended, "r.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 5 || recs[4] != more || recs[0].Goroutines != 1 {
		t.Fatalf("records %+v, want the first cell's 4 (goroutines 1) and the appended v2 one", recs)
	}
	if tail.Schema != Schema || !tail.Partial || tail.Rows != 0 || tail.Offset != int64(len(appended)-30) {
		t.Fatalf("tail %+v, want schema v2 and the 30 bytes of part of a row", tail)
	}
	// A v2 header line alone after the last complete cell (a resumed run
	// stopped before its first cell) is not a tail.
	withHeader := append(bytes.Clone(f.b[:f.ends[0]]), encode(t, true)...)
	_, _, tail, err = ReadCSVTorn(withHeader, "r.csv")
	if err != nil {
		t.Fatal(err)
	}
	if tail.Bytes != 0 || tail.Offset != int64(len(withHeader)) || tail.Schema != Schema {
		t.Fatalf("tail %+v, want none, at the end, schema v2", tail)
	}
}

// Damage other than a cell cut short at the end is an error naming the
// file and line.
func TestReadCSVTornDamage(t *testing.T) {
	f := tornCells(t, "v2")
	b, ends := f.b, append([]int{f.headers[0].end}, f.ends...)
	lines := strings.SplitAfter(string(b), "\n")
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"garbled row, then complete cells", strings.Replace(string(b), ",1048576,", ",lots,", 1), `r.csv:3: "lots" is not a number (column "value")`},
		{"garbled row, then a torn cell", strings.Replace(string(b[:ends[3]-10]), ",1048576,", ",lots,", 1), `r.csv:3: "lots" is not a number`},
		{"unterminated quote in the middle", strings.Replace(string(b), "\"panicked: \"\"x\"\", y\"", "\"panicked", 1), "r.csv:"},
		{"two unfinished cells at the end", string(b[:ends[1]]) + lines[len(lines)-4] + lines[5], "r.csv:7: a row of cell dolthub/drain/u64 n=65536 rep 1 presize follows the unfinished cell syncmap"},
		{"short row before the tail", string(b[:ends[1]]) + Schema + ",x\n" + string(b[ends[1]:ends[2]]) + Schema + ",2", "r.csv:6: row has 2 fields"},
		{"v1 row in the tail of a v2 file", string(b[:ends[1]]) + string(bytes.TrimPrefix(encodeV1(t, []Record{{Env: testEnv, Cell: testCell, Metric: MetricLiveHeap}}), encodeV1(t, nil))),
			`r.csv:6: schema "mapbench/v1" does not agree with the header this row follows (line 1)`},
		{"header and rows in a tail", string(b[:ends[2]]) + lines[5] + string(encode(t, true, []Record{{Env: testEnv, Cell: testCell, Metric: MetricLiveHeap}})),
			"r.csv:10: a row of cell native/drain/u64 n=65536 rep 0 presize follows the unfinished cell dolthub/drain/u64 n=65536 rep 1 presize (line 8)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, _, err := ReadCSVTorn([]byte(tc.in), "r.csv")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestRunConfigRoundTrip(t *testing.T) {
	tests := []struct {
		name     string
		settings []Setting
		note     string
	}{
		{"plain", []Setting{{"impls", "native,xsync"}, {"n", "65536"}}, "impls=native,xsync;n=65536"},
		{"empty value", []Setting{{"GODEBUG", ""}}, "GODEBUG="},
		{"awkward values", []Setting{{"GODEBUG", "a=1,b=2;c%3B"}, {"x", "%25;;%"}}, "GODEBUG=a=1,b=2%3Bc%253B;x=%2525%3B%3B%25"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			note := FormatRunConfig(tc.settings)
			if note != tc.note {
				t.Fatalf("FormatRunConfig = %q, want %q", note, tc.note)
			}
			got, err := ParseRunConfig(note)
			if err != nil {
				t.Fatalf("ParseRunConfig(%q): %v", note, err)
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.settings) {
				t.Fatalf("ParseRunConfig(%q) = %v, want %v", note, got, tc.settings)
			}
		})
	}
}

func TestParseRunConfigErrors(t *testing.T) {
	tests := []struct{ note, want string }{
		{"", "empty"},
		{"impls", "not key=value"},
		{"=x", "bad key"},
		{"n=1;n=2", `"n" given twice`},
		{"n=1%", "bad escape"},
		{"n=%41", "bad escape"},
	}
	for _, tc := range tests {
		t.Run(tc.note, func(t *testing.T) {
			_, err := ParseRunConfig(tc.note)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("ParseRunConfig(%q): error %v, want one containing %q", tc.note, err, tc.want)
			}
		})
	}
}

func TestCellName(t *testing.T) {
	c := Cell{Impl: "xsync4", Scenario: "concurrent-drain", Shape: "u64", N: 1024, Goroutines: 1, Rep: 2}
	for _, tc := range []struct {
		g       int
		presize bool
		want    string
	}{
		{1, false, "xsync4/concurrent-drain/u64 n=1024 rep 2"},
		{4, false, "xsync4/concurrent-drain/u64 n=1024 G=4 rep 2"},
		{2, true, "xsync4/concurrent-drain/u64 n=1024 G=2 rep 2 presize"},
	} {
		c.Goroutines, c.Presize = tc.g, tc.presize
		if got := CellName(c); got != tc.want {
			t.Errorf("CellName(%+v) = %q, want %q", c, got, tc.want)
		}
	}
}
