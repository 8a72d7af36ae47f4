// Package trace is mapbench's trace format (docs/trace.md): a recorded
// program's map operations (get, put, delete, clear, len, range), with the
// goroutine ("lane") that issued each, as a compact, versioned byte stream.
// A trace names keys by stable ids (the order in which the recorder first
// saw them), never by their bytes, so it can be shared; values appear only
// as sizes.
//
// Writer encodes records, Reader decodes them (ReadAll and ReadFile return
// every record or an error, never a prefix), and Recorder is what a real
// program calls around its own map. This package imports none of mapbench's
// packages: the harness replays what it decodes.
package trace

import (
	"fmt"
	"sort"
	"strings"
)

// Version is the format version this package writes; a reader accepts only
// the versions it knows (1 and 2), so a future change of the record layout
// cannot be misread as today's. Version 2 added the mark (OpMark); a
// version-1 trace is read as before, and a mark in one is an error.
const Version = 2

// minVersion is the oldest version a reader accepts.
const minVersion = 1

// magic starts every trace. The first byte has the high bit set (as PNG's
// does) so a file mangled by a 7-bit or text-mode transfer fails at byte 0,
// not somewhere in the records.
var magic = [8]byte{0x89, 'M', 'B', 'T', 'R', 'A', 'C', 'E'}

// Op is a map operation.
type Op uint8

// The ops. The values are the low three bits of a record's first byte;
// 0 is the end record.
const (
	OpGet    Op = 1
	OpPut    Op = 2
	OpDelete Op = 3
	OpClear  Op = 4
	OpLen    Op = 5
	OpRange  Op = 6
	// OpMark is no map operation: the recorded program's phase ended here
	// (Recorder.Mark). A replay does at a mark what the harness does
	// between a scenario's phases (docs/trace.md, Marks). It has no key,
	// no value and no count, and needs format version 2 (its value was
	// unassigned in version 1).
	OpMark Op = 7

	opEnd Op = 0
)

var opNames = [...]string{"end", "get", "put", "delete", "clear", "len", "range", "mark"}

func (o Op) String() string {
	if int(o) < len(opNames) {
		return opNames[o]
	}
	return fmt.Sprintf("op(%d)", uint8(o))
}

// hasKey: get, put and delete name a key; clear, len and range do not.
func (o Op) hasKey() bool { return o >= OpGet && o <= OpDelete }

// KeyKind says what a trace's keys were in the recorded program, so a
// replay can pick the shape that fits (u64 for KeyInt, str with the
// recorded sizes for KeyString).
type KeyKind uint8

// The key kinds.
const (
	// KeyInt: an integer type; Header.KeySize is its size in bytes (1, 2, 4 or 8).
	KeyInt KeyKind = 1
	// KeyString: a string type; each key's length is recorded when the key
	// is first seen, and Header.KeySize is the largest length allowed.
	KeyString KeyKind = 2
	// KeyFixed: any other comparable type (a struct, an array, a pointer);
	// Header.KeySize is its size in bytes.
	KeyFixed KeyKind = 3
)

func (k KeyKind) String() string {
	switch k {
	case KeyInt:
		return "int"
	case KeyString:
		return "string"
	case KeyFixed:
		return "fixed"
	}
	return fmt.Sprintf("KeyKind(%d)", uint8(k))
}

// Limits of a header. They bound what a decoder allocates for a header
// however it was made (a fuzzer's, a damaged file's), and are far above
// what a recorder writes.
const (
	MaxLanes       = 1 << 16 // Header.Lanes
	maxNameLen     = 256     // Header.Recorder, Header.GoVersion
	maxLabels      = 64
	maxLabelKeyLen = 128
	maxLabelValLen = 4096
)

// Header is a trace's header: what every record is checked against.
type Header struct {
	KeyKind KeyKind
	// KeySize: the size of every key (KeyInt, KeyFixed), or the largest
	// key length a record may carry (KeyString).
	KeySize uint32
	// ValueSize: the largest value size a put may carry. It is also the
	// size assumed for the first put, so a program whose values all have
	// this size spends no byte on them.
	ValueSize uint32
	// Lanes: records' lanes are 0..Lanes-1 (1..MaxLanes).
	Lanes uint32
	// Compressed: the records after the header are one zstd stream.
	Compressed bool
	// Recorder names the program or package that wrote the trace and its
	// version; GoVersion is the recording program's runtime.Version().
	Recorder  string
	GoVersion string
	// Labels are free-form (the program's name, what it was doing). They
	// are written sorted by key.
	Labels map[string]string
}

// validate checks h against the format's limits; every message names the
// allowed values.
func (h *Header) validate() error {
	switch h.KeyKind {
	case KeyInt:
		if s := h.KeySize; s != 1 && s != 2 && s != 4 && s != 8 {
			return fmt.Errorf("key size %d for int keys (allowed: 1, 2, 4, 8)", s)
		}
	case KeyString, KeyFixed:
	default:
		return fmt.Errorf("key kind %d (allowed: 1 int, 2 string, 3 fixed)", uint8(h.KeyKind))
	}
	if h.Lanes < 1 || h.Lanes > MaxLanes {
		return fmt.Errorf("%d lanes (allowed: 1..%d)", h.Lanes, MaxLanes)
	}
	if len(h.Recorder) > maxNameLen {
		return fmt.Errorf("recorder name of %d bytes (allowed: 0..%d)", len(h.Recorder), maxNameLen)
	}
	if len(h.GoVersion) > maxNameLen {
		return fmt.Errorf("the Go version: %d bytes (allowed: 0..%d)", len(h.GoVersion), maxNameLen)
	}
	if len(h.Labels) > maxLabels {
		return fmt.Errorf("%d labels (allowed: 0..%d)", len(h.Labels), maxLabels)
	}
	for k, v := range h.Labels {
		if len(k) < 1 || len(k) > maxLabelKeyLen {
			return fmt.Errorf("label key %q of %d bytes (allowed: 1..%d)", trim(k), len(k), maxLabelKeyLen)
		}
		if len(v) > maxLabelValLen {
			return fmt.Errorf("label %q: value of %d bytes (allowed: 0..%d)", k, len(v), maxLabelValLen)
		}
	}
	return nil
}

// trim shortens a string quoted in an error message.
func trim(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

// sortedLabels returns the label keys in the order they are written: sorted,
// so a header's bytes depend only on its content.
func (h *Header) sortedLabels() []string {
	keys := make([]string, 0, len(h.Labels))
	for k := range h.Labels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Header flags (a uvarint after the version).
const (
	flagCompressed = 1 << 0
	knownFlags     = flagCompressed
)

// Record layout: the first byte is the op (low three bits) and flags; the
// fields the flags and the op call for follow as uvarints, in this order:
// lane (flagLane), key (a new key's size for KeyString when flagNew, else
// the zigzag delta of its id from the previous record of the same op,
// absent for a new key of a fixed kind), value size (flagValue), and a
// range's entry count. Bits 6 and 7 are reserved and must be zero.
const (
	opMask    = 0x07
	flagLane  = 1 << 3 // the lane differs from the previous record's (the first record's "previous" lane is 0)
	flagNew   = 1 << 4 // the key is new: its id is the number of keys seen so far
	flagValue = 1 << 5 // a put whose value size differs from the previous put's (the first put's "previous" is Header.ValueSize)
	reserved  = 0xc0
)

// Record is one map operation.
type Record struct {
	Op Op
	// Lane: the goroutine or handle that issued the op, 0..Header.Lanes-1.
	Lane uint32
	// Key: the key's id (get, put, delete); ids are 0, 1, 2, ... in the
	// order keys were first seen, so a record whose Key equals the number
	// of keys seen before it introduces a new key.
	Key uint64
	// KeySize: the key's size in bytes (get, put, delete): Header.KeySize
	// for fixed kinds, the key's own length for KeyString.
	KeySize uint32
	// ValueSize: the value's size in bytes (put).
	ValueSize uint32
	// N: the entries a range visited (it may stop early).
	N uint64
}

func (r Record) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v lane=%d", r.Op, r.Lane)
	if r.Op.hasKey() {
		fmt.Fprintf(&b, " key=%d keysize=%d", r.Key, r.KeySize)
	}
	if r.Op == OpPut {
		fmt.Fprintf(&b, " valuesize=%d", r.ValueSize)
	}
	if r.Op == OpRange {
		fmt.Fprintf(&b, " n=%d", r.N)
	}
	return b.String()
}

// state is what the encoder and the decoder both track, so that a record
// spends bytes only on what changed.
type state struct {
	lane      uint32
	prev      [3]uint64 // the last key id of a get, put, delete
	keys      uint64    // distinct keys so far: the next new key's id
	valueSize uint32    // the last put's value size
	count     uint64    // records so far
}

func zigzag(d int64) uint64   { return uint64(d<<1) ^ uint64(d>>63) }
func unzigzag(u uint64) int64 { return int64(u>>1) ^ -int64(u&1) }

// FormatError is a trace that cannot be decoded (ReadAll, ReadFile,
// Reader): it names the file, the byte offset and the last record that
// decoded fine.
type FormatError struct {
	File string // "" when the reader was given no name
	// Offset is the byte where the problem was found: a file offset in the
	// header and in uncompressed records; in a compressed trace's records,
	// an offset in the decompressed stream (the one the record layout
	// describes), which starts after the header, at file byte BodyStart.
	Offset     int64
	Compressed bool
	BodyStart  int64
	InHeader   bool
	// LastGood is the index (from 0) of the last record decoded fine;
	// -1 if none was.
	LastGood int64
	Msg      string
}

func (e *FormatError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File + ": ")
	}
	if e.Compressed && !e.InHeader {
		fmt.Fprintf(&b, "byte %d of the decompressed records (zstd, from file byte %d)", e.Offset, e.BodyStart)
	} else {
		fmt.Fprintf(&b, "byte %d", e.Offset)
	}
	switch {
	case e.InHeader:
		b.WriteString(", in the header")
	case e.LastGood < 0:
		b.WriteString(", before any record decoded")
	default:
		fmt.Fprintf(&b, ", after record %d (the last good one, counting from 0)", e.LastGood)
	}
	b.WriteString(": " + e.Msg)
	return b.String()
}
