package run

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"mapbench/results"
)

// diskFile is an in-memory file whose writes fail, after writing part of
// their bytes, once it holds more than room bytes (a disk filling up).
type diskFile struct {
	data []byte
	room int
}

func (d *diskFile) Write(p []byte) (int, error) {
	if len(d.data)+len(p) > d.room {
		n := max(d.room-len(d.data), 0)
		d.data = append(d.data, p[:n]...)
		return n, errors.New("no space left on device")
	}
	d.data = append(d.data, p...)
	return len(p), nil
}

func (d *diskFile) Seek(off int64, whence int) (int64, error) {
	if whence != io.SeekEnd || off != 0 {
		return 0, errors.New("unsupported seek")
	}
	return int64(len(d.data)), nil
}

func (d *diskFile) Truncate(size int64) error {
	d.data = d.data[:size]
	return nil
}

func cellRecords(impl string) []results.Record {
	var recs []results.Record
	for i := range 20 {
		recs = append(recs, results.Record{Cell: results.Cell{Impl: impl, Scenario: "drain", Shape: "u64", N: 1024},
			Phase: "delete", Step: i, Metric: "live_heap", Value: float64(1000 + i), Unit: "B"})
	}
	return recs
}

// A write that fails half-way leaves the file exactly as it was after the
// last finished cell: valid, with every earlier row.
func TestWriteCellFullDisk(t *testing.T) {
	var probe bytes.Buffer
	pw := results.NewCSVWriter(&probe, true)
	if err := pw.Write(cellRecords("a")); err != nil {
		t.Fatal(err)
	}
	first := probe.Len()

	d := &diskFile{room: first + 300} // room for the first cell and part of the second
	w := results.NewCSVWriter(d, true)
	if err := writeCell(d, w, cellRecords("a")); err != nil {
		t.Fatal(err)
	}
	if err := writeCell(d, w, cellRecords("b")); err == nil {
		t.Fatal("a write past the room did not fail")
	}
	if len(d.data) != first {
		t.Fatalf("file is %d bytes after the failed cell, want %d (the end of the first cell)", len(d.data), first)
	}
	recs, err := results.ReadCSV(bytes.NewReader(d.data), "full.csv")
	if err != nil {
		t.Fatalf("file is not valid after the failure: %v", err)
	}
	if len(recs) != 20 {
		t.Fatalf("read back %d records, want the 20 of cell a", len(recs))
	}
	for _, r := range recs {
		if r.Impl != "a" {
			t.Fatalf("read back a record of cell %q, want only cell a's", r.Impl)
		}
	}
}
