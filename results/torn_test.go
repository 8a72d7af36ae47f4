package results

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// tornCells encodes three cells as the writer writes them (header, then one
// batch per cell) and returns the bytes, the offsets where each cell ends
// (the first entry: the end of the header) and the cells.
func tornCells(t *testing.T) ([]byte, []int, []Cell) {
	t.Helper()
	var buf bytes.Buffer
	w := NewCSVWriter(&buf, true)
	if err := w.WriteHeader(); err != nil {
		t.Fatal(err)
	}
	ends := []int{buf.Len()}
	var cells []Cell
	for i, impl := range []string{"native", "dolthub", "syncmap"} {
		c := testCell
		c.Impl, c.Rep = impl, i
		cells = append(cells, c)
		recs := []Record{
			{Env: testEnv, Cell: c, Phase: PhaseMeta, Metric: MetricRunConfig, Value: 1, Unit: UnitBool, Note: "impls=native,dolthub;n=65536"},
			{Env: testEnv, Cell: c, Phase: "fill", Metric: MetricLiveHeap, Value: 1048576, Unit: UnitBytes},
			{Env: testEnv, Cell: c, Phase: "delete", Metric: MetricLatencyP99, Value: 80, Unit: UnitNS, Note: "under 100 ns: mostly clock cost, not latency"},
			{Env: testEnv, Cell: c, Phase: PhaseMeta, Metric: MetricCellWallTime, Value: 134485975, Unit: UnitNS},
		}
		if impl == "dolthub" { // a failed cell: its settings, then cell_failed
			recs = []Record{recs[0], {Env: testEnv, Cell: c, Phase: PhaseMeta, Metric: MetricCellFailed, Value: 1, Unit: UnitBool, Note: `panicked: "x", y`}}
		}
		if err := w.Write(recs); err != nil {
			t.Fatal(err)
		}
		ends = append(ends, buf.Len())
	}
	return buf.Bytes(), ends, cells
}

// A file cut at any byte reads as the cells complete before the cut, and a
// tail that is exactly the bytes after them: its whole rows, whether it
// ends in part of a row, and its cell.
func TestReadCSVTornEveryCut(t *testing.T) {
	b, ends, cells := tornCells(t)
	full, err := ReadCSV(bytes.NewReader(b), "full.csv")
	if err != nil {
		t.Fatal(err)
	}
	rowsBefore := map[int]int{} // cell end offset → records before it
	n := 0
	for i, r := range full {
		if EndsCell(r.Metric) {
			n = i + 1
			rowsBefore[ends[len(rowsBefore)+1]] = n
		}
	}
	for cut := 0; cut <= len(b); cut++ {
		// The complete cells are those ending at or before the cut.
		done, offset := 0, 0
		for j := 1; j < len(ends); j++ {
			if ends[j] <= cut {
				done, offset = j, ends[j]
			}
		}
		t.Run(fmt.Sprintf("cut=%d", cut), func(t *testing.T) {
			recs, lines, tail, err := ReadCSVTorn(b[:cut], "r.csv")
			if err != nil {
				t.Fatalf("ReadCSVTorn: %v", err)
			}
			if len(recs) != rowsBefore[offset] || len(lines) != len(recs) {
				t.Fatalf("%d records (%d lines), want the %d of %d complete cells", len(recs), len(lines), rowsBefore[offset], done)
			}
			for i, r := range recs {
				if r != full[i] {
					t.Fatalf("record %d = %+v, want %+v", i, r, full[i])
				}
			}
			rest := b[offset:cut]
			if offset == 0 {
				rest = b[min(ends[0], cut):cut] // the header is not a row of the tail
			}
			wantRows := bytes.Count(rest, []byte{'\n'})
			wantPartial := cut > 0 && b[cut-1] != '\n'
			switch {
			case tail.Offset != int64(offset):
				t.Errorf("tail at offset %d, want %d", tail.Offset, offset)
			case tail.Bytes != int64(cut-offset):
				t.Errorf("tail of %d bytes, want %d", tail.Bytes, cut-offset)
			case tail.Rows != wantRows:
				t.Errorf("tail of %d whole rows, want %d", tail.Rows, wantRows)
			case tail.Partial != wantPartial:
				t.Errorf("tail partial = %v, want %v", tail.Partial, wantPartial)
			case tail.Line != bytes.Count(b[:offset], []byte{'\n'})+1:
				t.Errorf("tail on line %d, want %d", tail.Line, bytes.Count(b[:offset], []byte{'\n'})+1)
			case (tail.First != nil) != (wantRows > 0):
				t.Errorf("tail first row %v with %d whole rows", tail.First, wantRows)
			case tail.First != nil && tail.First.Cell != cells[done]:
				t.Errorf("tail of cell %+v, want %+v", tail.First.Cell, cells[done])
			}
		})
	}
}

// Damage other than a cell cut short at the end is an error naming the
// file and line.
func TestReadCSVTornDamage(t *testing.T) {
	b, ends, _ := tornCells(t)
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
		{"short row before the tail", string(b[:ends[1]]) + "mapbench/v1,x\n" + string(b[ends[1]:ends[2]]) + "mapbench/v1,2", "r.csv:6: row has 2 fields"},
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
