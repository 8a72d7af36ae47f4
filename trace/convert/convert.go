// Package convert turns published cache request traces into mapbench
// traces (docs/trace.md, Converting cache traces): the Twitter cache-trace
// CSV ("twemcache") and libCacheSim's oracleGeneral binary
// ("oracle-general"). Each format has its own file and its own versioned
// rules (Format.Rules), which the output's header labels record beside the
// source format and the input file's name, so a replay's scenario name
// says where its ops came from.
//
// A conversion reads its input once, streaming: its memory is the key-id
// table (every distinct key seen, as the trace format needs: ids are given
// in first-sight order) and, for twemcache, the keys' pending expiries;
// nothing grows with the number of requests. Input compressed with zstd
// (as the published files are) is decompressed on the fly.
//
// This package imports only package trace.
package convert

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"

	"github.com/klauspost/compress/zstd"

	"mapbench/trace"
)

// Format is an input format Convert reads.
type Format struct {
	// Name is what `mapbench trace convert -from` takes.
	Name string
	// Rules names the version of the conversion rules (op mapping, expiry,
	// lanes): recorded in the output's "convert-rules" label, and bumped
	// whenever a change would turn the same input into other records.
	Rules string
	// Unit is what one input record is called in messages ("line").
	Unit string
	// Doc says in a line what the format is.
	Doc string
	// Added names, in a summary, the deletes the rules add
	// (Summary.Expiries).
	Added string

	keyKind trace.KeyKind
	parse   func(in io.Reader, name string, decompressed bool, e *emitter) error
}

// Formats lists the input formats, the one source of their names.
var Formats = []Format{
	{Name: "twemcache", Rules: "twemcache/1", Unit: "line", Added: "TTL expiries", keyKind: trace.KeyString, parse: parseTwemcache,
		Doc: "the Twitter cache-trace CSV of github.com/twitter/cache-trace"},
	{Name: "oracle-general", Rules: "oracle-general/1", Unit: "record", Added: "deletes after a last request", keyKind: trace.KeyInt, parse: parseOracleGeneral,
		Doc: "libCacheSim's oracleGeneral binary of 24-byte records"},
}

// Lookup returns the format called name.
func Lookup(name string) (Format, bool) {
	for _, f := range Formats {
		if f.Name == name {
			return f, true
		}
	}
	return Format{}, false
}

// Names lists the formats' names, in table order.
func Names() []string {
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = f.Name
	}
	return names
}

// Recorder is the Recorder field of a converted trace's header. Its
// GoVersion is empty: the traced program was a cache server, not a Go
// program, and an empty field keeps a conversion's bytes (and so the
// replay's scenario name) the same whatever Go converted it.
const Recorder = "mapbench trace convert"

// The header labels a conversion writes. LabelProgram is the label a
// replay names its scenario by (FORMAT:FILE).
const (
	LabelProgram = "program"
	LabelFormat  = "source-format"
	LabelFile    = "source-file"
	LabelRules   = "convert-rules"
)

// Summary is what a conversion read and wrote.
type Summary struct {
	In   int64  // input records: lines (twemcache) or 24-byte records (oracle-general)
	Out  uint64 // trace records written
	ByOp [trace.OpMark + 1]uint64
	Keys uint64 // distinct keys
	// Expiries: the deletes the rules added (twemcache: TTL expiries;
	// oracle-general: the deletes after an object's last request).
	Expiries uint64
	// Pending (twemcache): expiries still scheduled when the input ended,
	// at a time after its last request; not written.
	Pending uint64
	Clients uint64 // twemcache: distinct client ids
	Lanes   uint32 // the header's lanes
	// Header is the written trace's header.
	Header trace.Header
}

// Options are a conversion's settings.
type Options struct {
	// Name is the input's name: in errors as given, and in the labels as
	// its base name.
	Name string
	// Compress writes the records as one zstd stream (trace.Header.Compressed).
	Compress bool
}

// InputError is input that does not follow its format: it names the file,
// the line and column (CSV) or the byte (binary), and what was expected.
type InputError struct {
	File string
	// Line counts from 1 (CSV); 0 for a binary input, whose Offset is the
	// byte where the bad record starts.
	Line       int64
	Column     int // from 1; 0 when the problem is the whole line
	ColumnName string
	Offset     int64
	// Decompressed: the input was zstd; lines and bytes count the
	// decompressed stream.
	Decompressed bool
	Msg          string
}

func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString(e.File + ": ")
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d", e.Line)
	} else {
		fmt.Fprintf(&b, "byte %d", e.Offset)
	}
	if e.Decompressed {
		b.WriteString(" of the decompressed input")
	}
	if e.Column > 0 {
		fmt.Fprintf(&b, ", column %d (%s)", e.Column, e.ColumnName)
	}
	b.WriteString(": " + e.Msg)
	return b.String()
}

// ErrNoRequests: the input holds no request.
var ErrNoRequests = errors.New("no requests in the input")

// zstdMagic starts a zstd frame (RFC 8878).
var zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}

// Convert reads in, in format f, and writes the converted trace to out.
// The records pass through scratch (written from its current position,
// then read back from there): the first pass cannot know the header's
// bounds (longest key, largest value, lanes used), so it writes with the
// format's widest ones, and the second writes the trace again under the
// exact header. scratch holds the uncompressed trace (a few bytes per
// op); a temporary file next to the output does. An input that starts
// with zstd's magic is decompressed.
func Convert(f Format, in io.Reader, out io.Writer, scratch io.ReadWriteSeeker, opt Options) (Summary, error) {
	var sum Summary
	if f.parse == nil {
		return sum, fmt.Errorf("convert: unknown format %q (allowed: %s)", f.Name, strings.Join(Names(), ", "))
	}
	src := bufio.NewReaderSize(in, 64<<10)
	var input io.Reader = src
	magic, _ := src.Peek(len(zstdMagic))
	decompressed := bytes.Equal(magic, zstdMagic)
	if decompressed {
		dec, err := zstd.NewReader(src, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true))
		if err != nil {
			return sum, fmt.Errorf("%s: zstd: %w", opt.Name, err)
		}
		defer dec.Close()
		input = dec
	}
	start, err := scratch.Seek(0, io.SeekCurrent)
	if err != nil {
		return sum, fmt.Errorf("convert: the scratch file: %w", err)
	}
	base := filepath.Base(opt.Name)
	labels := map[string]string{
		LabelProgram: f.Name + ":" + base,
		LabelFormat:  f.Name,
		LabelFile:    base,
		LabelRules:   f.Rules,
	}
	wide := trace.Header{KeyKind: f.keyKind, KeySize: math.MaxUint32, ValueSize: math.MaxUint32,
		Lanes: trace.MaxLanes, Recorder: Recorder}
	if f.keyKind == trace.KeyInt {
		wide.KeySize = 8 // oracle-general's uint64 object ids
	}
	w, err := trace.NewWriter(scratch, wide)
	if err != nil {
		return sum, fmt.Errorf("convert: the scratch file: %w", err)
	}
	e := &emitter{w: w, sum: &sum}
	if err := f.parse(input, opt.Name, decompressed, e); err != nil {
		return sum, err
	}
	if err := w.Close(); err != nil {
		return sum, fmt.Errorf("convert: the scratch file: %w", err)
	}
	if sum.Out == 0 {
		return sum, fmt.Errorf("%s: %w (%d %ss)", opt.Name, ErrNoRequests, sum.In, f.Unit)
	}
	sum.Keys = w.Keys()
	sum.Lanes = e.maxLane + 1

	if _, err := scratch.Seek(start, io.SeekStart); err != nil {
		return sum, fmt.Errorf("convert: the scratch file: %w", err)
	}
	r, err := trace.NewReader(scratch, "the scratch file")
	if err != nil {
		return sum, fmt.Errorf("convert: reading back: %w", err)
	}
	defer r.Close()
	h := wide
	h.ValueSize, h.Lanes, h.Labels, h.Compressed = e.maxValue, sum.Lanes, labels, opt.Compress
	if h.KeyKind == trace.KeyString {
		h.KeySize = e.maxKey
	}
	tw, err := trace.NewWriter(out, h)
	if err != nil {
		return sum, err
	}
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return sum, fmt.Errorf("convert: reading back: %w", err)
		}
		if err := tw.Write(rec); err != nil {
			return sum, err
		}
	}
	if err := tw.Close(); err != nil {
		return sum, err
	}
	if tw.Records() != sum.Out {
		return sum, fmt.Errorf("convert: %d records read back, %d written", tw.Records(), sum.Out)
	}
	sum.Header = h
	return sum, nil
}

// emitter writes a converter's records and keeps what the final header
// needs: the longest key, the largest value and the highest lane.
type emitter struct {
	w        *trace.Writer
	sum      *Summary
	maxKey   uint32
	maxValue uint32
	maxLane  uint32
}

func (e *emitter) emit(r trace.Record) error {
	if err := e.w.Write(r); err != nil {
		return fmt.Errorf("convert: the scratch file: %w", err)
	}
	e.maxKey = max(e.maxKey, r.KeySize)
	if r.Op == trace.OpPut {
		e.maxValue = max(e.maxValue, r.ValueSize)
	}
	e.maxLane = max(e.maxLane, r.Lane)
	e.sum.Out++
	e.sum.ByOp[r.Op]++
	return nil
}

// quote is a field quoted for an error message, shortened.
func quote(b []byte) string {
	if len(b) > 40 {
		return fmt.Sprintf("%q...", b[:40])
	}
	return fmt.Sprintf("%q", b)
}
