package trace

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/klauspost/compress/zstd"
)

// flushAt: records are encoded into a buffer and handed to the destination
// in chunks of about this size, so a recorder makes one write call per
// several thousand ops, not one per op.
const flushAt = 64 << 10

// Writer encodes a trace: NewWriter writes the header, Write appends
// records, Close writes the end record. A Writer is not safe for concurrent
// use (Recorder is).
type Writer struct {
	h       Header
	w       io.Writer
	zenc    *zstd.Encoder // nil when not compressed
	buf     []byte
	st      state
	err     error // the first write error; sticky
	closed  bool
	written int64 // bytes handed to w or zenc
}

// ErrClosed is returned by a Writer's Write after Close.
var ErrClosed = errors.New("trace: writer closed")

// NewWriter writes h to w, as format version Version, and returns a Writer
// for the records. The header is written as given (a Recorder fills in
// Recorder and GoVersion), so decoding and re-encoding a trace gives back
// its bytes (a version-1 trace's with the version byte now 2). Close does
// not close w.
func NewWriter(w io.Writer, h Header) (*Writer, error) {
	if err := h.validate(); err != nil {
		return nil, fmt.Errorf("trace: header: %v", err)
	}
	b := appendHeader(nil, &h)
	if _, err := w.Write(b); err != nil {
		return nil, fmt.Errorf("trace: writing the header: %w", err)
	}
	tw := &Writer{h: h, w: w, buf: make([]byte, 0, flushAt+64)}
	tw.st.valueSize = h.ValueSize
	if h.Compressed {
		// One goroutine: no background encoder to leak or race with, and
		// the recorder's cost stays on the goroutine that flushes. A 1 MiB
		// window keeps a reader's memory small; traces repeat over much
		// shorter distances than that.
		enc, err := zstd.NewWriter(w, zstd.WithEncoderConcurrency(1), zstd.WithWindowSize(1<<20))
		if err != nil {
			return nil, fmt.Errorf("trace: zstd: %w", err)
		}
		tw.zenc = enc
	}
	return tw, nil
}

// appendHeader: magic, version, flags, key kind, key size, value size,
// lanes, recorder, Go version, label count, labels (key, value) sorted by
// key; numbers as uvarints, strings as a uvarint length and the bytes.
func appendHeader(b []byte, h *Header) []byte {
	b = append(b, magic[:]...)
	b = binary.AppendUvarint(b, Version)
	var flags uint64
	if h.Compressed {
		flags |= flagCompressed
	}
	b = binary.AppendUvarint(b, flags)
	b = binary.AppendUvarint(b, uint64(h.KeyKind))
	b = binary.AppendUvarint(b, uint64(h.KeySize))
	b = binary.AppendUvarint(b, uint64(h.ValueSize))
	b = binary.AppendUvarint(b, uint64(h.Lanes))
	b = appendString(b, h.Recorder)
	b = appendString(b, h.GoVersion)
	keys := h.sortedLabels()
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		b = appendString(b, k)
		b = appendString(b, h.Labels[k])
	}
	return b
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// Header returns the header as written.
func (w *Writer) Header() Header { return w.h }

// Records returns the number of records written so far.
func (w *Writer) Records() uint64 { return w.st.count }

// Keys returns the number of distinct keys so far: the id the next new key gets.
func (w *Writer) Keys() uint64 { return w.st.keys }

// Write appends r. It checks r against the header (lane, key and value
// sizes) and the key id against the ids seen so far: a key's id must be
// one seen before, or the next new id (Keys()), since ids are assigned in
// first-sight order. A write error of the destination is returned here or
// by a later Write or Close, and then every later call returns it.
func (w *Writer) Write(r Record) error {
	if w.closed {
		return ErrClosed
	}
	if w.err != nil {
		return w.err
	}
	if err := w.check(&r); err != nil {
		return err
	}
	w.add(r.Op, r.Lane, r.Key, r.KeySize, r.ValueSize, r.N)
	return w.err
}

// check: a record the decoder would reject is refused here, so a Writer
// never produces a trace that does not decode.
func (w *Writer) check(r *Record) error {
	if r.Op < OpGet || r.Op > OpMark {
		return fmt.Errorf("trace: record %d: op %d (allowed: 1 get .. 6 range, 7 mark)", w.st.count, uint8(r.Op))
	}
	if r.Lane >= w.h.Lanes {
		return fmt.Errorf("trace: record %d: lane %d (allowed: 0..%d, the header's Lanes-1)", w.st.count, r.Lane, w.h.Lanes-1)
	}
	if r.Op.hasKey() {
		if r.Key > w.st.keys {
			return fmt.Errorf("trace: record %d: key id %d (allowed: 0..%d: a seen id, or %d for a new key; ids are assigned in first-sight order)", w.st.count, r.Key, w.st.keys, w.st.keys)
		}
		if w.h.KeyKind == KeyString {
			if r.Key == w.st.keys && r.KeySize > w.h.KeySize {
				return fmt.Errorf("trace: record %d: key size %d (allowed: 0..%d, the header's KeySize)", w.st.count, r.KeySize, w.h.KeySize)
			}
		} else if r.KeySize != 0 && r.KeySize != w.h.KeySize {
			return fmt.Errorf("trace: record %d: key size %d (allowed: 0 or %d, the header's fixed KeySize)", w.st.count, r.KeySize, w.h.KeySize)
		}
	} else if r.Key != 0 || r.KeySize != 0 {
		return fmt.Errorf("trace: record %d: a %v carries no key (got key %d, key size %d)", w.st.count, r.Op, r.Key, r.KeySize)
	}
	if r.Op == OpPut {
		if r.ValueSize > w.h.ValueSize {
			return fmt.Errorf("trace: record %d: value size %d (allowed: 0..%d, the header's ValueSize)", w.st.count, r.ValueSize, w.h.ValueSize)
		}
	} else if r.ValueSize != 0 {
		return fmt.Errorf("trace: record %d: a %v carries no value size (got %d)", w.st.count, r.Op, r.ValueSize)
	}
	if r.Op != OpRange && r.N != 0 {
		return fmt.Errorf("trace: record %d: only a range carries N (got %d on a %v)", w.st.count, r.N, r.Op)
	}
	return nil
}

// add encodes a checked record. A key op whose key equals st.keys is a new
// key; the key size is written only then, and only for string keys (a
// key's size never changes, so the decoder remembers it by id).
func (w *Writer) add(op Op, lane uint32, key uint64, keySize, valueSize uint32, n uint64) {
	st := &w.st
	c := byte(op)
	if lane != st.lane {
		c |= flagLane
	}
	newKey := op.hasKey() && key == st.keys
	if newKey {
		c |= flagNew
	}
	if op == OpPut && valueSize != st.valueSize {
		c |= flagValue
	}
	b := append(w.buf, c)
	if c&flagLane != 0 {
		b = binary.AppendUvarint(b, uint64(lane))
		st.lane = lane
	}
	if op.hasKey() {
		slot := op - OpGet
		if newKey {
			if w.h.KeyKind == KeyString {
				b = binary.AppendUvarint(b, uint64(keySize))
			}
			st.keys++
		} else {
			// Both ids are below 2^63, so the difference fits an int64.
			b = binary.AppendUvarint(b, zigzag(int64(key-st.prev[slot])))
		}
		st.prev[slot] = key
	}
	if c&flagValue != 0 {
		b = binary.AppendUvarint(b, uint64(valueSize))
		st.valueSize = valueSize
	}
	if op == OpRange {
		b = binary.AppendUvarint(b, n)
	}
	st.count++
	w.buf = b
	if len(b) >= flushAt {
		w.flush()
	}
}

// flush hands the buffer to the destination. After a failure the buffer
// is dropped (the trace is broken anyway) and the error kept for Close.
func (w *Writer) flush() {
	if len(w.buf) == 0 || w.err != nil {
		w.buf = w.buf[:0]
		return
	}
	var err error
	if w.zenc != nil {
		_, err = w.zenc.Write(w.buf)
	} else {
		_, err = w.w.Write(w.buf)
	}
	if err != nil {
		w.err = fmt.Errorf("trace: writing records (after %d bytes written fine): %w", w.written, err)
	} else {
		w.written += int64(len(w.buf))
	}
	w.buf = w.buf[:0]
}

// Close writes the end record (the record count, so a reader can tell a
// complete trace from a truncated one), flushes, and ends the zstd stream.
// It returns the first write error, if any; it does not close the
// destination. Closing again returns the same result.
func (w *Writer) Close() error {
	if w.closed {
		return w.err
	}
	w.closed = true
	w.closeWith(nil)
	return w.err
}

// closeWith ends the trace; with a non-nil failure (a recorder's broken
// limit) it leaves out the end record, so the trace does not decode and
// nothing of it is replayed.
func (w *Writer) closeWith(failure error) {
	if failure == nil {
		w.buf = append(w.buf, byte(opEnd))
		w.buf = binary.AppendUvarint(w.buf, w.st.count)
	}
	w.flush()
	if w.zenc != nil {
		if err := w.zenc.Close(); err != nil && w.err == nil {
			w.err = fmt.Errorf("trace: ending the zstd stream: %w", err)
		}
	}
	if failure != nil && w.err == nil {
		w.err = failure
	}
}
