package results

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"io/fs"
	"math"
)

// CSVWriter encodes Records as schema v3 CSV ([Schema]; see the package doc
// for the columns): it always writes v3, whatever it appends to. It is meant to be fed one cell at a time: each Write encodes its
// whole batch into memory first and hands it to the underlying writer in a
// single Write call, then syncs it when the writer is a regular file, so a
// finished cell is on disk and an interrupted run leaves whole cells behind.
//
// Header: when created with writeHeader true, the header line goes out once,
// in the same Write call as the first batch. A run that ends without any
// cell must call [CSVWriter.WriteHeader] so the file still gets its header
// and is a valid, empty results CSV; WriteHeader is idempotent and cheap, so
// callers can simply call it once when they are done.
//
// Once the underlying writer has failed, every later call returns that same
// error: the file may end in a partial batch and must not be appended to.
// A CSVWriter is not safe for concurrent use.
type CSVWriter struct {
	w          io.Writer
	needHeader bool  // header still to be written
	sync       bool  // call w.(syncer).Sync after each write
	err        error // sticky error of the underlying writer
	buf        bytes.Buffer
	row        []string
}

type syncer interface{ Sync() error }

type statter interface {
	Stat() (fs.FileInfo, error)
}

// NewCSVWriter returns a writer that encodes to w. With writeHeader false no
// header is ever written: use it to append to a file whose last header is
// the v3 header. Rows appended to a v1 or v2 file (its last header is the
// v1 or v2 header; [ReadCSVTorn]'s Tail.Schema says which) need a v3 header line
// first, as the reader reads each row in the layout of the header it
// follows: append with writeHeader true.
//
// If w has a Sync() error method (an *os.File does), it is called after
// every batch. An *os.File (anything with Stat) that is not a regular file,
// such as a pipe, a terminal or /dev/null, is not synced: fsync is
// meaningless there and fails with EINVAL.
func NewCSVWriter(w io.Writer, writeHeader bool) *CSVWriter {
	cw := &CSVWriter{w: w, needHeader: writeHeader, row: make([]string, len(codecs))}
	if _, ok := w.(syncer); ok {
		cw.sync = true
		if st, ok := w.(statter); ok {
			if fi, err := st.Stat(); err == nil && !fi.Mode().IsRegular() {
				cw.sync = false
			}
		}
	}
	return cw
}

// WriteHeader writes the header line now if it is due (the writer was created
// with writeHeader true and nothing has been written yet); otherwise it does
// nothing. It returns the writer's sticky error, if any.
func (cw *CSVWriter) WriteHeader() error {
	if cw.err != nil || !cw.needHeader {
		return cw.err
	}
	return cw.Write(nil)
}

// Write encodes recs (normally one cell's rows) and writes them with a single
// Write call on the underlying writer, preceded by the header when it is
// due, then syncs (see NewCSVWriter).
//
// A record whose Value is NaN or ±Inf is an error naming the metric, and
// then nothing of the batch is written. CR LF inside string fields is
// written as LF (encoding/csv cannot carry CR LF through a round trip).
// Errors of the underlying writer and of Sync are returned and are sticky.
func (cw *CSVWriter) Write(recs []Record) error {
	if cw.err != nil {
		return cw.err
	}
	for i := range recs {
		r := &recs[i]
		if math.IsNaN(r.Value) || math.IsInf(r.Value, 0) {
			return fmt.Errorf("results: metric %q (impl %q, scenario %q, shape %q, n %d, goroutines %d, rep %d, phase %q, step %d) has value %v; a benchmark must not publish NaN or Inf",
				r.Metric, r.Impl, r.Scenario, r.Shape, r.N, r.Goroutines, r.Rep, r.Phase, r.Step, r.Value)
		}
	}
	if len(recs) == 0 && !cw.needHeader {
		return nil
	}

	cw.buf.Reset()
	enc := csv.NewWriter(&cw.buf)
	if cw.needHeader {
		if err := enc.Write(header); err != nil {
			return fmt.Errorf("results: encoding header: %w", err)
		}
	}
	for i := range recs {
		for j, c := range codecs {
			cw.row[j] = cleanField(c.format(&recs[i]))
		}
		if err := enc.Write(cw.row); err != nil {
			return fmt.Errorf("results: encoding metric %q: %w", recs[i].Metric, err)
		}
	}
	enc.Flush()
	if err := enc.Error(); err != nil {
		return fmt.Errorf("results: encoding: %w", err)
	}

	n, err := cw.w.Write(cw.buf.Bytes())
	if err == nil && n < cw.buf.Len() {
		err = io.ErrShortWrite
	}
	if err != nil {
		cw.err = fmt.Errorf("results: writing %d rows: %w", len(recs), err)
		return cw.err
	}
	cw.needHeader = false
	if cw.sync {
		if err := cw.w.(syncer).Sync(); err != nil {
			cw.err = fmt.Errorf("results: sync: %w", err)
			return cw.err
		}
	}
	return nil
}
