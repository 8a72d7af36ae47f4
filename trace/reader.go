package trace

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/klauspost/compress/zstd"
)

// Reader decodes a trace record by record. Every record is checked against
// the header and the state so far; the first problem ends decoding with a
// *FormatError. A Reader that returned records and then an error has
// handed out records of a bad trace: callers that act on a trace (replay)
// use ReadAll or ReadFile, which return all records or none.
type Reader struct {
	name      string
	h         Header
	src       *bufio.Reader
	off       int64 // bytes of src consumed
	bodyStart int64 // the header's length
	zdec      *zstd.Decoder
	st        state
	keySizes  []uint32 // KeyString: each key id's size, learned when the key was new
	version   uint64   // the header's format version (minVersion..Version)
	err       error    // sticky: the error (or io.EOF) Next returned
}

// NewReader reads and checks the header of the trace in r; name (a file
// name, or "") is put in errors.
func NewReader(r io.Reader, name string) (*Reader, error) {
	tr := &Reader{name: name, src: bufio.NewReaderSize(r, 64<<10)}
	if err := tr.readHeader(); err != nil {
		return nil, err
	}
	tr.bodyStart = tr.off
	tr.st.valueSize = tr.h.ValueSize
	if tr.h.Compressed {
		// One goroutine (no background decoder to leak when a caller stops
		// early), and an 8 MiB window at most, the zstd default for
		// streams, so a hostile header cannot make us allocate more.
		dec, err := zstd.NewReader(tr.src, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxWindow(8<<20), zstd.WithDecoderLowmem(true))
		if err != nil {
			return nil, fmt.Errorf("trace: zstd: %w", err)
		}
		tr.zdec = dec
		tr.src = bufio.NewReaderSize(dec, 64<<10)
		tr.off = 0
	}
	return tr, nil
}

// Header returns the trace's header.
func (r *Reader) Header() Header { return r.h }

// Version returns the trace's format version: 1 or 2 (Version). A Writer
// writes Version, so re-encoding a version-1 trace changes its version
// byte and nothing else.
func (r *Reader) Version() int { return int(r.version) }

// Close releases the zstd decoder, if any. It does not close the source.
func (r *Reader) Close() {
	if r.zdec != nil {
		r.zdec.Close()
		r.zdec = nil
	}
}

func (r *Reader) fail(at int64, inHeader bool, format string, args ...any) *FormatError {
	return &FormatError{
		File: r.name, Offset: at, InHeader: inHeader,
		Compressed: r.h.Compressed && !inHeader, BodyStart: r.bodyStart,
		LastGood: int64(r.st.count) - 1, Msg: fmt.Sprintf(format, args...),
	}
}

// errShort: the input ended inside a field. Which field, and what it means
// (a truncated file), is said by the caller.
var errShort = errors.New("short")

// readByte returns errShort at the end of input and any other read error
// (a zstd stream's corruption) as it is.
func (r *Reader) readByte() (byte, error) {
	c, err := r.src.ReadByte()
	if err == nil {
		r.off++
		return c, nil
	}
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		return 0, errShort
	}
	return 0, err
}

// errOverflow and errNonMinimal: a uvarint the format does not allow.
var (
	errOverflow   = errors.New("a varint longer than 64 bits")
	errNonMinimal = errors.New("a varint with a redundant trailing zero byte (the encoder writes the shortest form)")
)

// uvarint reads an unsigned varint. Only the shortest encoding is
// accepted, so every trace has exactly one byte form: a decoded trace
// re-encodes to the same bytes (the fuzz test checks it).
func (r *Reader) uvarint() (uint64, error) {
	var x uint64
	for i := 0; ; i++ {
		c, err := r.readByte()
		if err != nil {
			return 0, err
		}
		if i == 9 && c > 1 {
			return 0, errOverflow
		}
		if c < 0x80 {
			if i > 0 && c == 0 {
				return 0, errNonMinimal
			}
			return x | uint64(c)<<(7*i), nil
		}
		x |= uint64(c&0x7f) << (7 * i)
	}
}

// field reads a uvarint of the header or a record and turns a failure into
// a FormatError naming the field.
func (r *Reader) field(inHeader bool, what string) (uint64, error) {
	at := r.off
	v, err := r.uvarint()
	if err != nil {
		return 0, r.readFailure(at, inHeader, what, err)
	}
	return v, nil
}

func (r *Reader) readFailure(at int64, inHeader bool, what string, err error) error {
	switch {
	case err == errShort && inHeader:
		return r.fail(r.off, true, "truncated: the input ends inside the header's %s", what)
	case err == errShort:
		return r.fail(r.off, false, "truncated: the input ends inside record %d's %s (a complete trace ends with an end record)", r.st.count, what)
	case err == errOverflow || err == errNonMinimal:
		return r.fail(at, inHeader, "%s: %v", what, err)
	}
	if r.h.Compressed && !inHeader {
		return r.fail(r.off, false, "the zstd stream is damaged (at %s): %v", what, err)
	}
	return r.fail(r.off, inHeader, "reading %s: %v", what, err)
}

func (r *Reader) readString(what string, max int) (string, error) {
	at := r.off
	n, err := r.field(true, what+" length")
	if err != nil {
		return "", err
	}
	if n > uint64(max) {
		return "", r.fail(at, true, "%s of %d bytes (allowed: 0..%d)", what, n, max)
	}
	b := make([]byte, n)
	for i := range b {
		c, err := r.readByte()
		if err != nil {
			return "", r.readFailure(r.off, true, what, err)
		}
		b[i] = c
	}
	return string(b), nil
}

func (r *Reader) readHeader() error {
	for i := range magic {
		c, err := r.readByte()
		if err != nil {
			return r.readFailure(r.off, true, "magic", err)
		}
		if c != magic[i] {
			return r.fail(int64(i), true, "not a mapbench trace: wrong magic (want the 8 bytes %q)", magic[:])
		}
	}
	at := r.off
	v, err := r.field(true, "format version")
	if err != nil {
		return err
	}
	if v < minVersion || v > Version {
		return r.fail(at, true, "format version %d (this reader knows versions %d..%d)", v, minVersion, Version)
	}
	r.version = v
	at = r.off
	flags, err := r.field(true, "flags")
	if err != nil {
		return err
	}
	if flags&^knownFlags != 0 {
		return r.fail(at, true, "flags %#x (allowed: bit 0, zstd)", flags)
	}
	r.h.Compressed = flags&flagCompressed != 0
	nums := []struct {
		what string
		max  uint64
	}{{"key kind", 255}, {"key size", 1<<32 - 1}, {"value size", 1<<32 - 1}, {"lanes", MaxLanes}}
	var vals [4]uint64
	for i, f := range nums {
		at = r.off
		if vals[i], err = r.field(true, f.what); err != nil {
			return err
		}
		if vals[i] > f.max {
			return r.fail(at, true, "%s %d (allowed: 0..%d)", f.what, vals[i], f.max)
		}
	}
	r.h.KeyKind, r.h.KeySize, r.h.ValueSize, r.h.Lanes = KeyKind(vals[0]), uint32(vals[1]), uint32(vals[2]), uint32(vals[3])
	if r.h.Recorder, err = r.readString("recorder", maxNameLen); err != nil {
		return err
	}
	if r.h.GoVersion, err = r.readString("Go version", maxNameLen); err != nil {
		return err
	}
	at = r.off
	n, err := r.field(true, "label count")
	if err != nil {
		return err
	}
	if n > maxLabels {
		return r.fail(at, true, "%d labels (allowed: 0..%d)", n, maxLabels)
	}
	r.h.Labels = make(map[string]string, n)
	prev := ""
	for i := range n {
		at = r.off
		k, err := r.readString("label key", maxLabelKeyLen)
		if err != nil {
			return err
		}
		if i > 0 && k <= prev {
			return r.fail(at, true, "label key %q after %q (keys are unique and sorted)", trim(k), trim(prev))
		}
		prev = k
		if r.h.Labels[k], err = r.readString("label value", maxLabelValLen); err != nil {
			return err
		}
	}
	if err := r.h.validate(); err != nil {
		return r.fail(r.off, true, "%v", err)
	}
	return nil
}

// Next returns the next record, or io.EOF after a complete trace's end
// record, or a *FormatError. After an error every call returns it again.
func (r *Reader) Next() (Record, error) {
	if r.err != nil {
		return Record{}, r.err
	}
	rec, err := r.next()
	if err != nil {
		r.err = err
		return Record{}, err
	}
	r.st.count++
	return rec, nil
}

func (r *Reader) next() (Record, error) {
	st := &r.st
	at := r.off
	c, err := r.readByte()
	if err != nil {
		if err == errShort {
			return Record{}, r.fail(r.off, false, "truncated: the input ends after %d records without the end record that closes a complete trace", st.count)
		}
		return Record{}, r.readFailure(at, false, "a record", err)
	}
	op := Op(c & opMask)
	if op == opEnd {
		return Record{}, r.end(at, c)
	}
	if op == OpMark && r.version < 2 {
		return Record{}, r.fail(at, false, "record %d: op mark needs format version 2, and this trace is version %d (allowed ops in version 1: 0 end, 1 get, 2 put, 3 delete, 4 clear, 5 len, 6 range)", st.count, r.version)
	}
	if c&reserved != 0 {
		return Record{}, r.fail(at, false, "record %d: first byte %#02x sets reserved bits 6-7 (allowed: 0)", st.count, c)
	}
	if c&flagNew != 0 && !op.hasKey() {
		return Record{}, r.fail(at, false, "record %d: a %v with the new-key flag (only get, put and delete name keys)", st.count, op)
	}
	if c&flagValue != 0 && op != OpPut {
		return Record{}, r.fail(at, false, "record %d: a %v with the value-size flag (only a put has a value)", st.count, op)
	}
	rec := Record{Op: op, Lane: st.lane}
	if c&flagLane != 0 {
		at := r.off
		v, err := r.field(false, "lane")
		if err != nil {
			return Record{}, err
		}
		if v >= uint64(r.h.Lanes) {
			return Record{}, r.fail(at, false, "record %d: lane %d (allowed: 0..%d, the header's lanes-1)", st.count, v, r.h.Lanes-1)
		}
		if uint32(v) == st.lane {
			return Record{}, r.fail(at, false, "record %d: lane %d flagged as a change but equal to the previous record's (the encoder writes only changes)", st.count, v)
		}
		st.lane = uint32(v)
		rec.Lane = st.lane
	}
	if op.hasKey() {
		slot := op - OpGet
		if c&flagNew != 0 {
			rec.Key = st.keys
			rec.KeySize = r.h.KeySize
			if r.h.KeyKind == KeyString {
				at := r.off
				v, err := r.field(false, "key size")
				if err != nil {
					return Record{}, err
				}
				if v > uint64(r.h.KeySize) {
					return Record{}, r.fail(at, false, "record %d: key size %d (allowed: 0..%d, the header's key size)", st.count, v, r.h.KeySize)
				}
				rec.KeySize = uint32(v)
				r.keySizes = append(r.keySizes, rec.KeySize)
			}
			st.keys++
		} else {
			at := r.off
			u, err := r.field(false, "key id delta")
			if err != nil {
				return Record{}, err
			}
			d, prev := unzigzag(u), st.prev[slot]
			// The id must be one seen before: 0..keys-1. Compared without
			// forming prev+d, which could overflow.
			if d >= 0 && uint64(d) >= st.keys-prev || d < 0 && uint64(-d) > prev {
				return Record{}, r.fail(at, false, "record %d: a %v whose key id (the last %v's id %d, then %+d) was never seen (allowed: ids 0..%d seen so far; a new key has the new-key flag)", st.count, op, op, prev, d, int64(st.keys)-1)
			}
			rec.Key = uint64(int64(prev) + d)
			rec.KeySize = r.h.KeySize
			if r.h.KeyKind == KeyString {
				rec.KeySize = r.keySizes[rec.Key]
			}
		}
		st.prev[slot] = rec.Key
	}
	if op == OpPut {
		rec.ValueSize = st.valueSize
		if c&flagValue != 0 {
			at := r.off
			v, err := r.field(false, "value size")
			if err != nil {
				return Record{}, err
			}
			if v > uint64(r.h.ValueSize) {
				return Record{}, r.fail(at, false, "record %d: value size %d (allowed: 0..%d, the header's value size)", st.count, v, r.h.ValueSize)
			}
			if uint32(v) == st.valueSize {
				return Record{}, r.fail(at, false, "record %d: value size %d flagged as a change but equal to the previous put's (the encoder writes only changes)", st.count, v)
			}
			st.valueSize = uint32(v)
			rec.ValueSize = st.valueSize
		}
	}
	if op == OpRange {
		if rec.N, err = r.field(false, "range count"); err != nil {
			return Record{}, err
		}
	}
	return rec, nil
}

// end checks the end record: no flags, the right record count, and
// nothing after it.
func (r *Reader) end(at int64, c byte) error {
	if c != byte(opEnd) {
		return r.fail(at, false, "end record with flag bits %#02x (allowed: none)", c)
	}
	cat := r.off
	n, err := r.field(false, "end record's count")
	if err != nil {
		return err
	}
	if n != r.st.count {
		return r.fail(cat, false, "the end record counts %d records, but %d came before it", n, r.st.count)
	}
	tail := r.off
	if _, err := r.readByte(); err != errShort {
		if err != nil {
			return r.readFailure(tail, false, "the end of the trace", err)
		}
		return r.fail(tail, false, "data after the end record (a trace ends there)")
	}
	return io.EOF
}

// ReadAll decodes a whole trace: it returns every record, or a nil slice
// and the error, so nothing of a trace that fails to decode is replayed.
func ReadAll(src io.Reader, name string) (Header, []Record, error) {
	r, err := NewReader(src, name)
	if err != nil {
		return Header{}, nil, err
	}
	defer r.Close()
	var recs []Record
	for {
		rec, err := r.Next()
		if err == io.EOF {
			return r.h, recs, nil
		}
		if err != nil {
			return Header{}, nil, err
		}
		recs = append(recs, rec)
	}
}

// ReadFile is ReadAll on a file; errors name it.
func ReadFile(path string) (Header, []Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return Header{}, nil, err
	}
	defer f.Close()
	return ReadAll(f, path)
}
