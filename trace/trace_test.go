package trace

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// encode writes recs under h and returns the bytes, failing the test on
// any error.
func encode(t testing.TB, h Header, recs []Record) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(&buf, h)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range recs {
		if err := w.Write(r); err != nil {
			t.Fatalf("record %d (%v): %v", i, r, err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func decode(t testing.TB, b []byte) (Header, []Record) {
	t.Helper()
	h, recs, err := ReadAll(bytes.NewReader(b), "")
	if err != nil {
		t.Fatal(err)
	}
	return h, recs
}

var (
	u64Header = Header{KeyKind: KeyInt, KeySize: 8, ValueSize: 8, Lanes: 4, Recorder: "test", GoVersion: "go1.26", Labels: map[string]string{"program": "t", "a": ""}}
	strHeader = Header{KeyKind: KeyString, KeySize: 100, ValueSize: 1000, Lanes: 2}
	fixHeader = Header{KeyKind: KeyFixed, KeySize: 24, ValueSize: 0, Lanes: 1, Compressed: true}
)

func withCompression(h Header) Header { h.Compressed = true; return h }

func TestRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		h    Header
		recs []Record
	}{
		{"empty", u64Header, nil},
		{"every op", u64Header, []Record{
			{Op: OpPut, Key: 0, KeySize: 8, ValueSize: 8},
			{Op: OpGet, Key: 0, KeySize: 8},
			{Op: OpGet, Key: 1, KeySize: 8}, // a miss: a key first seen by a get
			{Op: OpDelete, Key: 2, KeySize: 8},
			{Op: OpDelete, Key: 0, KeySize: 8},
			{Op: OpLen},
			{Op: OpRange, N: 12345},
			{Op: OpMark},
			{Op: OpClear},
			{Op: OpPut, Key: 1, KeySize: 8, ValueSize: 0},
			{Op: OpPut, Key: 2, KeySize: 8, ValueSize: 0},
			{Op: OpPut, Key: 3, KeySize: 8, ValueSize: 8},
		}},
		{"lanes", u64Header, []Record{
			{Op: OpPut, Lane: 3, Key: 0, KeySize: 8, ValueSize: 8},
			{Op: OpPut, Lane: 3, Key: 1, KeySize: 8, ValueSize: 8},
			{Op: OpGet, Lane: 0, Key: 1, KeySize: 8},
			{Op: OpLen, Lane: 2},
			{Op: OpMark, Lane: 2},
			{Op: OpDelete, Lane: 1, Key: 0, KeySize: 8},
		}},
		{"string keys", strHeader, []Record{
			{Op: OpPut, Key: 0, KeySize: 0, ValueSize: 1000},
			{Op: OpPut, Key: 1, KeySize: 100, ValueSize: 3},
			{Op: OpGet, Lane: 1, Key: 0, KeySize: 0},
			{Op: OpDelete, Lane: 1, Key: 1, KeySize: 100},
			{Op: OpDelete, Key: 2, KeySize: 7},
			{Op: OpGet, Key: 2, KeySize: 7},
		}},
		{"fixed keys, zstd", fixHeader, []Record{
			{Op: OpPut, Key: 0, KeySize: 24},
			{Op: OpGet, Key: 0, KeySize: 24},
			{Op: OpRange, N: 1},
		}},
		{"string keys, zstd", withCompression(strHeader), []Record{
			{Op: OpPut, Key: 0, KeySize: 5, ValueSize: 17},
			{Op: OpDelete, Key: 0, KeySize: 5},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := encode(t, tc.h, tc.recs)
			h, recs := decode(t, b)
			if tc.h.Labels == nil {
				tc.h.Labels = map[string]string{}
			}
			if !reflect.DeepEqual(h, tc.h) {
				t.Errorf("header:\n got %+v\nwant %+v", h, tc.h)
			}
			if len(tc.recs) == 0 && len(recs) == 0 {
				return
			}
			if !reflect.DeepEqual(recs, tc.recs) {
				t.Errorf("records:\n got %v\nwant %v", recs, tc.recs)
			}
		})
	}
}

// randomStream makes n valid records under h: keys new or seen, every op,
// lanes and value sizes changing at random, and ids far apart (large
// deltas both ways). It is the oracle's input: what goes in must come out.
func randomStream(rng *rand.Rand, h Header, n int) []Record {
	var recs []Record
	var sizes []uint32
	lane := uint32(0)
	for range n {
		if rng.IntN(8) == 0 {
			lane = rng.Uint32N(h.Lanes)
		}
		r := Record{Op: Op(1 + rng.IntN(7)), Lane: lane}
		if rng.IntN(10) < 9 { // key ops dominate
			r.Op = Op(1 + rng.IntN(3))
		}
		if r.Op.hasKey() {
			if len(sizes) == 0 || rng.IntN(3) == 0 {
				r.Key = uint64(len(sizes))
				r.KeySize = h.KeySize
				if h.KeyKind == KeyString {
					r.KeySize = rng.Uint32N(h.KeySize + 1)
				}
				sizes = append(sizes, r.KeySize)
			} else {
				r.Key = rng.Uint64N(uint64(len(sizes)))
				r.KeySize = sizes[r.Key]
			}
		}
		if r.Op == OpPut {
			r.ValueSize = h.ValueSize
			if rng.IntN(4) == 0 {
				r.ValueSize = rng.Uint32N(h.ValueSize + 1)
			}
		}
		if r.Op == OpRange {
			r.N = rng.Uint64() >> rng.IntN(64)
		}
		recs = append(recs, r)
	}
	return recs
}

// The oracle: random streams under random headers, encoded and decoded,
// come back equal.
func TestOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 200 {
		h := Header{
			KeyKind:    KeyKind(1 + rng.IntN(3)),
			ValueSize:  rng.Uint32() >> rng.IntN(32),
			Lanes:      1 + rng.Uint32N(MaxLanes),
			Compressed: rng.IntN(2) == 0,
			Recorder:   "oracle",
			Labels:     map[string]string{"i": strings.Repeat("x", i)},
		}
		h.KeySize = []uint32{1, 2, 4, 8}[rng.IntN(4)]
		if h.KeyKind == KeyString {
			h.KeySize = rng.Uint32() >> rng.IntN(32)
		}
		recs := randomStream(rng, h, rng.IntN(5000))
		got, gotRecs := decode(t, encode(t, h, recs))
		if !reflect.DeepEqual(got, h) {
			t.Fatalf("stream %d: header:\n got %+v\nwant %+v", i, got, h)
		}
		if len(gotRecs) != len(recs) {
			t.Fatalf("stream %d: %d records, want %d", i, len(gotRecs), len(recs))
		}
		for j := range recs {
			if gotRecs[j] != recs[j] {
				t.Fatalf("stream %d record %d: got %v, want %v", i, j, gotRecs[j], recs[j])
			}
		}
	}
}

// The Writer refuses what the decoder would reject, naming the allowed values.
func TestWriterRefuses(t *testing.T) {
	for _, tc := range []struct {
		r    Record
		want string
	}{
		{Record{Op: 0}, "op 0 (allowed: 1 get .. 6 range, 7 mark)"},
		{Record{Op: 8}, "op 8"},
		{Record{Op: OpMark, Key: 1}, "a mark carries no key"},
		{Record{Op: OpMark, N: 1}, "only a range carries N"},
		{Record{Op: OpLen, Lane: 4}, "lane 4 (allowed: 0..3"},
		{Record{Op: OpGet, Key: 1, KeySize: 8}, "key id 1 (allowed: 0..0"},
		{Record{Op: OpGet, Key: 0, KeySize: 4}, "key size 4 (allowed: 0 or 8"},
		{Record{Op: OpPut, Key: 0, ValueSize: 9}, "value size 9 (allowed: 0..8"},
		{Record{Op: OpClear, Key: 3}, "carries no key"},
		{Record{Op: OpGet, ValueSize: 3}, "carries no value size"},
		{Record{Op: OpLen, N: 3}, "only a range carries N"},
	} {
		w, err := NewWriter(io.Discard, u64Header)
		if err != nil {
			t.Fatal(err)
		}
		err = w.Write(tc.r)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Write(%v) = %v, want an error containing %q", tc.r, err, tc.want)
		}
	}
	for _, h := range []Header{
		{KeyKind: 0, Lanes: 1},
		{KeyKind: KeyInt, KeySize: 3, Lanes: 1},
		{KeyKind: KeyString, Lanes: 0},
		{KeyKind: KeyString, Lanes: MaxLanes + 1},
		{KeyKind: KeyString, Lanes: 1, Labels: map[string]string{"": "x"}},
	} {
		if _, err := NewWriter(io.Discard, h); err == nil || !strings.Contains(err.Error(), "allowed") {
			t.Errorf("NewWriter(%+v) = %v, want an error naming the allowed values", h, err)
		}
	}
	w, err := NewWriter(io.Discard, u64Header)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Write(Record{Op: OpLen}); !errors.Is(err, ErrClosed) {
		t.Errorf("Write after Close = %v, want ErrClosed", err)
	}
}

// hdrBytes is a header's bytes, uv uvarints' and cat their concatenation:
// hand-made traces for the error tests.
func hdrBytes(h Header) []byte { return appendHeader(nil, &h) }

func uv(vs ...uint64) []byte {
	var b []byte
	for _, v := range vs {
		b = binary.AppendUvarint(b, v)
	}
	return b
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// Every kind of bad input gets a *FormatError naming the byte offset, the
// last good record and the allowed values, and ReadAll returns no records.
func TestDecodeErrors(t *testing.T) {
	h := hdrBytes(u64Header) // 4 lanes, value size 8
	hl := int64(len(h))
	sh := hdrBytes(strHeader)
	sl := int64(len(sh))
	put0 := []byte{byte(OpPut) | flagNew}   // record 0: put of new key 0
	get0 := cat([]byte{byte(OpGet)}, uv(0)) // get of key 0 (delta 0 from the last get, id 0)
	end := func(n uint64) []byte { return cat([]byte{0}, uv(n)) }
	for _, tc := range []struct {
		name     string
		in       []byte
		offset   int64
		lastGood int64
		want     string
	}{
		{"empty", nil, 0, -1, "truncated"},
		{"wrong magic", cat([]byte("\x89MBTRACX"), h[8:]), 7, -1, "wrong magic"},
		{"text file", []byte("hello, world\n"), 0, -1, "wrong magic"},
		{"version 3", cat(h[:8], uv(3), h[9:]), 8, -1, "format version 3 (this reader knows versions 1..2)"},
		{"version 0", cat(h[:8], uv(0), h[9:]), 8, -1, "format version 0 (this reader knows versions 1..2)"},
		{"a mark in version 1", cat(h[:8], uv(1), h[9:], put0, []byte{byte(OpMark)}, end(2)), hl + 1, 0, "record 1: op mark needs format version 2, and this trace is version 1 (allowed ops in version 1: 0 end, 1 get"},
		{"a mark first, in version 1", cat(h[:8], uv(1), h[9:], []byte{byte(OpMark) | flagLane}, uv(1), end(1)), hl, -1, "record 0: op mark needs format version 2"},
		{"unknown flag", cat(h[:9], uv(2), h[10:]), 9, -1, "flags 0x2 (allowed: bit 0, zstd)"},
		{"header cut", h[:len(h)-3], int64(len(h) - 3), -1, "truncated: the input ends inside the header"},
		{"no end record", cat(h, put0, get0), hl + 3, 1, "truncated: the input ends after 2 records without the end record"},
		{"cut in a varint", cat(h, put0, []byte{byte(OpGet), 0x80}), hl + 3, 0, "truncated: the input ends inside record 1's key id delta"},
		{"new-key flag on a mark", cat(h, put0, []byte{byte(OpMark) | flagNew}, end(2)), hl + 1, 0, "a mark with the new-key flag"},
		{"cut after a mark", cat(h, put0, []byte{byte(OpMark)}), hl + 2, 1, "truncated: the input ends after 2 records"},
		{"reserved bits", cat(h, put0, []byte{byte(OpLen) | 0x40}, end(2)), hl + 1, 0, "reserved bits 6-7 (allowed: 0)"},
		{"lane beyond the header's", cat(h, []byte{byte(OpLen) | flagLane}, uv(4), end(1)), hl + 1, -1, "lane 4 (allowed: 0..3"},
		{"lane not a change", cat(h, []byte{byte(OpLen) | flagLane}, uv(0), end(1)), hl + 1, -1, "flagged as a change"},
		{"unseen key id", cat(h, put0, []byte{byte(OpGet)}, uv(zigzag(1)), end(2)), hl + 2, 0, "whose key id (the last get's id 0, then +1) was never seen (allowed: ids 0..0"},
		{"negative key id", cat(h, put0, []byte{byte(OpDelete)}, uv(zigzag(-1)), end(2)), hl + 2, 0, "never seen"},
		{"id before any key", cat(h, []byte{byte(OpGet)}, uv(0), end(1)), hl + 1, -1, "allowed: ids 0..-1"},
		{"new-key flag on a len", cat(h, []byte{byte(OpLen) | flagNew}, end(1)), hl, -1, "a len with the new-key flag"},
		{"value flag on a get", cat(h, []byte{byte(OpGet) | flagNew | flagValue}, end(1)), hl, -1, "a get with the value-size flag"},
		{"value size beyond", cat(h, []byte{byte(OpPut) | flagNew | flagValue}, uv(9), end(1)), hl + 1, -1, "value size 9 (allowed: 0..8"},
		{"value size not a change", cat(h, []byte{byte(OpPut) | flagNew | flagValue}, uv(8), end(1)), hl + 1, -1, "flagged as a change"},
		{"key size beyond", cat(sh, []byte{byte(OpPut) | flagNew}, uv(101), end(1)), sl + 1, -1, "key size 101 (allowed: 0..100"},
		{"varint overflow", cat(h, []byte{byte(OpRange)}, bytes.Repeat([]byte{0xff}, 10), []byte{1}, end(1)), hl + 1, -1, "range count: a varint longer than 64 bits"},
		{"non-minimal varint", cat(h, []byte{byte(OpRange)}, []byte{0x81, 0x00}, end(1)), hl + 1, -1, "redundant trailing zero"},
		{"end count wrong", cat(h, put0, end(2)), hl + 2, 0, "the end record counts 2 records, but 1 came before it"},
		{"end with flags", cat(h, put0, []byte{flagLane}, uv(1)), hl + 1, 0, "end record with flag bits"},
		{"data after the end", cat(h, put0, end(1), []byte{0}), hl + 3, 0, "data after the end record"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, recs, err := ReadAll(bytes.NewReader(tc.in), "x.trace")
			if recs != nil {
				t.Errorf("ReadAll returned %d records beside its error", len(recs))
			}
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("ReadAll = %v, want a *FormatError", err)
			}
			msg := err.Error()
			if fe.Offset != tc.offset || fe.LastGood != tc.lastGood || !strings.Contains(msg, tc.want) || !strings.HasPrefix(msg, "x.trace: byte ") {
				t.Errorf("error %q (offset %d, last good %d), want offset %d, last good %d and %q", msg, fe.Offset, fe.LastGood, tc.offset, tc.lastGood, tc.want)
			}
		})
	}
}

// A version-1 trace (no marks) decodes as it did, Reader.Version says 1,
// and re-encoding it gives its bytes with the version byte 2; a Writer
// writes version 2.
func TestVersion1(t *testing.T) {
	recs := randomStream(rand.New(rand.NewPCG(9, 10)), u64Header, 300)
	recs = slices.DeleteFunc(recs, func(r Record) bool { return r.Op == OpMark })
	v2 := encode(t, u64Header, recs)
	if v2[8] != Version || Version != 2 {
		t.Fatalf("a Writer wrote version byte %d (Version %d), want 2", v2[8], Version)
	}
	v1 := bytes.Clone(v2)
	v1[8] = 1
	for _, tc := range []struct {
		in   []byte
		want int
	}{{v1, 1}, {v2, 2}} {
		r, err := NewReader(bytes.NewReader(tc.in), "v.trace")
		if err != nil {
			t.Fatal(err)
		}
		if r.Version() != tc.want {
			t.Errorf("Version() = %d, want %d", r.Version(), tc.want)
		}
		r.Close()
		h, got := decode(t, tc.in)
		if !reflect.DeepEqual(got, recs) {
			t.Errorf("version %d: records differ from the ones written", tc.want)
		}
		if out := encode(t, h, got); !bytes.Equal(out, v2) {
			t.Errorf("version %d re-encoded:\n got %x\nwant %x", tc.want, out, v2)
		}
	}
}

// A delete (or get) of a key never put is what real programs do: it
// decodes, as a key first seen by that op.
func TestDeleteOfAbsentKeyDecodes(t *testing.T) {
	recs := []Record{{Op: OpDelete, Key: 0, KeySize: 8}, {Op: OpDelete, Key: 0, KeySize: 8}, {Op: OpGet, Key: 1, KeySize: 8}}
	_, got := decode(t, encode(t, u64Header, recs))
	if !reflect.DeepEqual(got, recs) {
		t.Errorf("got %v, want %v", got, recs)
	}
}

// Every proper prefix of a trace, raw or compressed, fails to decode, and
// every error is a *FormatError with no records returned.
func TestTruncatedEverywhere(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, h := range []Header{u64Header, withCompression(strHeader)} {
		b := encode(t, h, randomStream(rng, h, 300))
		for n := range len(b) {
			_, recs, err := ReadAll(bytes.NewReader(b[:n]), "cut.trace")
			var fe *FormatError
			if !errors.As(err, &fe) || recs != nil {
				t.Fatalf("compressed=%v, first %d of %d bytes: ReadAll = %d records, %v; want a *FormatError and none", h.Compressed, n, len(b), len(recs), err)
			}
		}
	}
}

// A compressed trace with a damaged zstd stream gets a FormatError that
// says the offset is in the decompressed records.
func TestCompressedErrorsNameTheStream(t *testing.T) {
	h := withCompression(u64Header)
	b := encode(t, h, randomStream(rand.New(rand.NewPCG(5, 6)), h, 1000))
	hl := len(hdrBytes(h))
	bad := bytes.Clone(b)
	for i := hl + 4; i < len(bad); i++ { // keep the zstd magic, garble the rest
		bad[i] ^= 0x5a
	}
	_, _, err := ReadAll(bytes.NewReader(bad), "z.trace")
	var fe *FormatError
	if !errors.As(err, &fe) || !fe.Compressed || !strings.Contains(err.Error(), "of the decompressed records (zstd, from file byte") ||
		!strings.Contains(err.Error(), "the zstd stream is damaged") {
		t.Fatalf("ReadAll of a garbled zstd stream = %v, want a FormatError about the decompressed records", err)
	}
}

func TestReadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.trace")
	recs := []Record{{Op: OpPut, Key: 0, KeySize: 8, ValueSize: 8}, {Op: OpLen}}
	b := encode(t, u64Header, recs)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	_, got, err := ReadFile(path)
	if err != nil || !reflect.DeepEqual(got, recs) {
		t.Fatalf("ReadFile = %v, %v; want %v", got, err, recs)
	}
	if err := os.WriteFile(path, b[:len(b)-1], 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ReadFile(path); err == nil || !strings.HasPrefix(err.Error(), path+": byte ") {
		t.Fatalf("ReadFile of a cut file = %v, want an error naming %s and the byte", err, path)
	}
}
