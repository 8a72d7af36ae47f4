package convert

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"

	"mapbench/trace"
)

// memScratch is an in-memory scratch file.
type memScratch struct {
	b   []byte
	off int64
}

func (m *memScratch) Write(p []byte) (int, error) {
	if end := m.off + int64(len(p)); end > int64(len(m.b)) {
		m.b = append(m.b, make([]byte, end-int64(len(m.b)))...)
	}
	copy(m.b[m.off:], p)
	m.off += int64(len(p))
	return len(p), nil
}

func (m *memScratch) Read(p []byte) (int, error) {
	if m.off >= int64(len(m.b)) {
		return 0, io.EOF
	}
	n := copy(p, m.b[m.off:])
	m.off += int64(n)
	return n, nil
}

func (m *memScratch) Seek(off int64, whence int) (int64, error) {
	switch whence {
	case io.SeekCurrent:
		off += m.off
	case io.SeekEnd:
		off += int64(len(m.b))
	}
	if off < 0 {
		return 0, errors.New("negative offset")
	}
	m.off = off
	return off, nil
}

// convert runs Convert on in and decodes what it wrote.
func convert(t testing.TB, format string, in []byte, opt Options) (Summary, trace.Header, []trace.Record, []byte, error) {
	t.Helper()
	f, ok := Lookup(format)
	if !ok {
		t.Fatalf("no format %q", format)
	}
	if opt.Name == "" {
		opt.Name = "dir/in.csv"
	}
	var out bytes.Buffer
	sum, err := Convert(f, bytes.NewReader(in), &out, &memScratch{}, opt)
	if err != nil {
		return sum, trace.Header{}, nil, nil, err
	}
	h, recs, err := trace.ReadAll(bytes.NewReader(out.Bytes()), "out")
	if err != nil {
		t.Fatalf("the converted trace does not decode: %v", err)
	}
	return sum, h, recs, out.Bytes(), nil
}

// Records, written by hand: lane, key id and key size (and value size).
func get(lane uint32, key uint64, ks uint32) trace.Record {
	return trace.Record{Op: trace.OpGet, Lane: lane, Key: key, KeySize: ks}
}
func put(lane uint32, key uint64, ks, vs uint32) trace.Record {
	return trace.Record{Op: trace.OpPut, Lane: lane, Key: key, KeySize: ks, ValueSize: vs}
}
func del(lane uint32, key uint64, ks uint32) trace.Record {
	return trace.Record{Op: trace.OpDelete, Lane: lane, Key: key, KeySize: ks}
}

// The twemcache rules, case by case, against records listed by hand.
func TestTwemcache(t *testing.T) {
	for _, tc := range []struct {
		name      string
		in        string
		want      []trace.Record
		expiries  uint64
		pending   uint64
		clients   uint64
		keys      uint64
		lanesUsed uint32 // the header's lanes
	}{
		{name: "every operation, lanes by client, first key size kept",
			in: `0,k1,10,100,c1,get,0
0,k1,10,100,c1,gets,0
1,k2,20,200,c2,set,0
1,k2,20,201,c2,add,0
1,k2,20,202,c1,replace,0
1,k2,20,203,c1,cas,0
2,k2,20,204,c3,append,0
2,k2,20,205,c3,prepend,0
2,k3,5,8,c3,incr,0
2,k3,99,9,c3,decr,0
3,k3,5,0,c2,delete,0
3,k4,7,0,c1,delete,0
`,
			want: []trace.Record{get(1, 0, 10), get(1, 0, 10), put(2, 1, 20, 200), put(2, 1, 20, 201), put(1, 1, 20, 202),
				put(1, 1, 20, 203), put(3, 1, 20, 204), put(3, 1, 20, 205), put(3, 2, 5, 8), put(3, 2, 5, 9), del(2, 2, 5), del(1, 3, 7)},
			clients: 3, keys: 4, lanesUsed: 4},
		{name: "expiry between two requests: live at its time, deleted before the first later line",
			in:       "10,a,1,5,c,set,5\n15,a,1,5,c,get,0\n16,a,1,5,c,get,0\n",
			want:     []trace.Record{put(1, 0, 1, 5), get(1, 0, 1), del(0, 0, 1), get(1, 0, 1)},
			expiries: 1, clients: 1, keys: 1, lanesUsed: 2},
		{name: "a set before the expiry moves it",
			in:       "0,a,1,5,c,set,5\n3,a,1,6,c,set,10\n6,a,1,0,c,get,0\n14,a,1,0,c,get,0\n",
			want:     []trace.Record{put(1, 0, 1, 5), put(1, 0, 1, 6), get(1, 0, 1), del(0, 0, 1), get(1, 0, 1)},
			expiries: 1, clients: 1, keys: 1, lanesUsed: 2},
		{name: "a set with TTL 0 cancels the expiry",
			in:      "0,a,1,5,c,set,5\n2,a,1,5,c,set,0\n100,a,1,0,c,get,0\n",
			want:    []trace.Record{put(1, 0, 1, 5), put(1, 0, 1, 5), get(1, 0, 1)},
			clients: 1, keys: 1, lanesUsed: 2},
		{name: "a delete before the expiry cancels it",
			in:      "0,a,1,5,c,set,5\n2,a,1,0,c,delete,0\n100,a,1,0,c,get,0\n",
			want:    []trace.Record{put(1, 0, 1, 5), del(1, 0, 1), get(1, 0, 1)},
			clients: 1, keys: 1, lanesUsed: 2},
		{name: "append, incr keep the expiry; a get's TTL is ignored",
			in:       "0,a,1,5,c,set,5\n1,a,1,6,c,append,100\n2,a,1,7,c,incr,0\n3,b,1,7,c,get,1\n6,a,1,0,c,get,0\n",
			want:     []trace.Record{put(1, 0, 1, 5), put(1, 0, 1, 6), put(1, 0, 1, 7), get(1, 1, 1), del(0, 0, 1), get(1, 0, 1)},
			expiries: 1, clients: 1, keys: 2, lanesUsed: 2},
		{name: "expiries at the same time go in the order they were set, not by key",
			// a (id 0) is set to expire at 100, b (id 1) at 10, then a is
			// set again to expire at 10 too: b first.
			in:       "0,a,1,1,c,set,100\n0,b,1,1,c,set,10\n5,a,1,1,c,set,5\n10,c,1,1,c,get,0\n11,c,1,1,c,get,0\n",
			want:     []trace.Record{put(1, 0, 1, 1), put(1, 1, 1, 1), put(1, 0, 1, 1), get(1, 2, 1), del(0, 1, 1), del(0, 0, 1), get(1, 2, 1)},
			expiries: 2, clients: 1, keys: 3, lanesUsed: 2},
		{name: "several expiries due before one line, in time order",
			in:       "0,a,1,1,c,set,30\n0,b,1,1,c,set,10\n0,c,1,1,c,set,20\n25,d,1,1,c,get,0\n31,d,1,1,c,get,0\n",
			want:     []trace.Record{put(1, 0, 1, 1), put(1, 1, 1, 1), put(1, 2, 1, 1), del(0, 1, 1), del(0, 2, 1), get(1, 3, 1), del(0, 0, 1), get(1, 3, 1)},
			expiries: 3, clients: 1, keys: 4, lanesUsed: 2},
		{name: "a timestamp going back: expiries compare with each line's own time",
			in:       "10,a,1,1,c,set,5\n3,b,1,1,c,get,0\n2,x,1,1,c,set,3\n16,b,1,1,c,get,0\n",
			want:     []trace.Record{put(1, 0, 1, 1), get(1, 1, 1), put(1, 2, 1, 1), del(0, 2, 1), del(0, 0, 1), get(1, 1, 1)},
			expiries: 2, clients: 1, keys: 3, lanesUsed: 2},
		{name: "pending at the end: not written",
			in:      "0,a,1,5,c,set,100\n1,a,1,5,c,get,0\n",
			want:    []trace.Record{put(1, 0, 1, 5), get(1, 0, 1)},
			pending: 1, clients: 1, keys: 1, lanesUsed: 2},
		{name: "a key with commas, CRLF, no final newline",
			in:      "0,ns:a,b,7,3,c,set,0\r\n1,ns:a,b,7,0,d,get,0\r\n2,ns:a,7,0,c,get,0",
			want:    []trace.Record{put(1, 0, 7, 3), get(2, 0, 7), get(1, 1, 7)},
			clients: 2, keys: 2, lanesUsed: 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sum, h, recs, _, err := convert(t, "twemcache", []byte(tc.in), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(recs, tc.want) {
				t.Errorf("records:\n%s\nwant:\n%s", show(recs), show(tc.want))
			}
			lines := uint64(strings.Count(strings.TrimSuffix(tc.in, "\n"), "\n") + 1)
			if uint64(sum.In) != lines || sum.Out != uint64(len(tc.want)) || sum.Expiries != tc.expiries || sum.Pending != tc.pending ||
				sum.Clients != tc.clients || sum.Keys != tc.keys || sum.Lanes != tc.lanesUsed || h.Lanes != tc.lanesUsed {
				t.Errorf("summary %+v, header lanes %d: want in %d, out %d, expiries %d, pending %d, clients %d, keys %d, lanes %d",
					sum, h.Lanes, lines, len(tc.want), tc.expiries, tc.pending, tc.clients, tc.keys, tc.lanesUsed)
			}
			if sum.In+int64(sum.Expiries) != int64(sum.Out) {
				t.Errorf("%d lines and %d expiries, but %d records", sum.In, sum.Expiries, sum.Out)
			}
		})
	}
}

func show(recs []trace.Record) string {
	var b strings.Builder
	for i, r := range recs {
		fmt.Fprintf(&b, "  %d: %v\n", i, r)
	}
	return b.String()
}

// The header: exact bounds, the labels, no Go version; -zstd compresses
// the same records; the same input gives the same bytes.
func TestHeader(t *testing.T) {
	in := []byte("0,k1,10,100,c1,get,0\n1,k2,20,205,c2,set,9\n2,k3,5,8,c3,incr,0\n3,k3,99,9,c3,decr,0\n20,k1,10,0,c1,get,0\n")
	sum, h, recs, b, err := convert(t, "twemcache", in, Options{Name: "/data/cluster52.0.zst"})
	if err != nil {
		t.Fatal(err)
	}
	want := trace.Header{KeyKind: trace.KeyString, KeySize: 20, ValueSize: 205, Lanes: 4, Recorder: Recorder,
		Labels: map[string]string{LabelProgram: "twemcache:cluster52.0.zst", LabelFormat: "twemcache", LabelFile: "cluster52.0.zst", LabelRules: "twemcache/1"}}
	if !reflect.DeepEqual(h, want) || !reflect.DeepEqual(sum.Header, want) {
		t.Errorf("header %+v (summary's %+v), want %+v", h, sum.Header, want)
	}
	_, hz, recsZ, bz, err := convert(t, "twemcache", in, Options{Name: "/data/cluster52.0.zst", Compress: true})
	if err != nil {
		t.Fatal(err)
	}
	if !hz.Compressed || !reflect.DeepEqual(recsZ, recs) {
		t.Errorf("compressed: header %+v, records %v; want compressed, the same records", hz, recsZ)
	}
	_, _, _, again, err := convert(t, "twemcache", in, Options{Name: "/data/cluster52.0.zst"})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, again) || bytes.Equal(b, bz) {
		t.Error("converting twice gave other bytes, or compression changed nothing")
	}

	og := oracle(rec{0, 1, 10, -1})
	_, ho, _, _, err := convert(t, "oracle-general", og, Options{Name: "w.oracleGeneral.bin"})
	if err != nil {
		t.Fatal(err)
	}
	want = trace.Header{KeyKind: trace.KeyInt, KeySize: 8, ValueSize: 10, Lanes: 1, Recorder: Recorder,
		Labels: map[string]string{LabelProgram: "oracle-general:w.oracleGeneral.bin", LabelFormat: "oracle-general", LabelFile: "w.oracleGeneral.bin", LabelRules: "oracle-general/1"}}
	if !reflect.DeepEqual(ho, want) {
		t.Errorf("oracle-general header %+v, want %+v", ho, want)
	}
}

// More clients than lanes: the k-th client takes lane 1 + (k-1) mod 65535.
func TestTwemcacheLaneFold(t *testing.T) {
	var in bytes.Buffer
	const clients = trace.MaxLanes + 1 // lanes 1..65535, then 1 and 2 again
	for i := range clients {
		fmt.Fprintf(&in, "0,k,1,1,client%d,get,0\n", i)
	}
	sum, h, recs, _, err := convert(t, "twemcache", in.Bytes(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := len(recs)
	if recs[0].Lane != 1 || recs[trace.MaxLanes-2].Lane != trace.MaxLanes-1 || recs[n-2].Lane != 1 || recs[n-1].Lane != 2 {
		t.Errorf("lanes %d, %d, ..., %d, %d: want 1, 65535, then 1, 2", recs[0].Lane, recs[trace.MaxLanes-2].Lane, recs[n-2].Lane, recs[n-1].Lane)
	}
	if h.Lanes != trace.MaxLanes || sum.Clients != clients {
		t.Errorf("header lanes %d, %d clients: want %d, %d", h.Lanes, sum.Clients, trace.MaxLanes, clients)
	}
}

// Bad input: an *InputError naming the file, the line and column (or the
// byte), what was found and what is allowed.
func TestConvertErrors(t *testing.T) {
	long := "0," + strings.Repeat("k", maxLine) + ",1,1,c,get,0\n"
	for _, tc := range []struct {
		format string
		in     []byte
		want   []string
	}{
		{"twemcache", []byte("0,a,1,1,c,get\n"), []string{"dir/in.csv: line 1: 6 columns (want 7 comma-separated columns: timestamp, key, key size, value size, client id, operation, TTL"}},
		{"twemcache", []byte("0,a,1,1,c,get,0\n\n"), []string{"line 2: an empty line"}},
		{"twemcache", []byte("x,a,1,1,c,get,0\n"), []string{`line 1, column 1 (timestamp): "x" is not a whole number 0..9223372036854775807`}},
		{"twemcache", []byte("-1,a,1,1,c,get,0\n"), []string{`column 1 (timestamp): "-1"`}},
		{"twemcache", []byte("9223372036854775808,a,1,1,c,get,0\n"), []string{`column 1 (timestamp): "9223372036854775808" is not a whole number`}},
		{"twemcache", []byte("0,a,4294967296,1,c,get,0\n"), []string{`column 3 (key size): "4294967296" is not a whole number 0..4294967295`}},
		{"twemcache", []byte("0,a,1,,c,get,0\n"), []string{`column 4 (value size): ""`}},
		{"twemcache", []byte("0,a,1,1,c,set,-5\n"), []string{`column 7 (TTL): "-5"`}},
		{"twemcache", []byte("0,a,1,1,c,get,0\n1,a,1,1,c,GET,0\n"), []string{`line 2, column 6 (operation): "GET" (allowed: get, gets, set, add, replace, cas, append, prepend, delete, incr, decr)`}},
		{"twemcache", []byte(long), []string{"line 1: longer than 65536 bytes"}},
		{"twemcache", []byte(""), []string{"dir/in.csv: no requests in the input (0 lines)"}},
		{"twemcache", zstdOf(t, []byte("0,a,1,1,c,get,0\n1,a,1,1,c,bogus,0\n")), []string{"line 2 of the decompressed input, column 6 (operation)"}},
		{"oracle-general", append(oracle(rec{0, 1, 1, 2}, rec{1, 1, 1, -1}), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10), []string{"dir/in.csv: byte 48: truncated: the input ends 10 bytes into record 2 (counting from 0; a record is 24 bytes"}},
		{"oracle-general", oracle(rec{0, 1, 1, 2}, rec{1, 1, 1, 0}), []string{"byte 24: record 1: next access 0 (allowed: -1 or 9223372036854775807 for none, or the number of a later request, from 1)"}},
		{"oracle-general", oracle(rec{0, 1, 1, -2}), []string{"byte 0: record 0: next access -2"}},
		{"oracle-general", nil, []string{"no requests in the input (0 records)"}},
		{"oracle-general", zstdOf(t, oracle(rec{0, 1, 1, 2})[:20]), []string{"byte 0 of the decompressed input: truncated: the input ends 20 bytes into record 0"}},
	} {
		_, _, _, _, err := convert(t, tc.format, tc.in, Options{})
		if err == nil {
			t.Errorf("%s %q: converted, want an error with %q", tc.format, trimmed(tc.in), tc.want)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s %q: error %q, want it to say %q", tc.format, trimmed(tc.in), err, w)
			}
		}
		var ie *InputError
		if len(tc.in) > 0 && !errors.As(err, &ie) {
			t.Errorf("%s %q: error %v (%T), want an *InputError", tc.format, trimmed(tc.in), err, err)
		}
		if len(tc.in) == 0 && !errors.Is(err, ErrNoRequests) {
			t.Errorf("%s empty input: error %v, want ErrNoRequests", tc.format, err)
		}
	}
}

func trimmed(b []byte) []byte {
	if len(b) > 60 {
		return b[:60]
	}
	return b
}

func zstdOf(t testing.TB, b []byte) []byte {
	t.Helper()
	enc, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer enc.Close()
	return enc.EncodeAll(b, nil)
}

// An input compressed with zstd converts to the same trace as the plain
// one.
func TestZstdInput(t *testing.T) {
	in := []byte("0,a,1,5,c,set,5\n3,b,1,6,d,get,0\n9,a,1,0,c,get,0\n")
	_, _, plain, _, err := convert(t, "twemcache", in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, _, z, _, err := convert(t, "twemcache", zstdOf(t, in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(plain) != 4 || !reflect.DeepEqual(plain, z) {
		t.Errorf("plain %v, zstd %v: want the same 4 records (3 lines, 1 expiry)", plain, z)
	}
}

// rec is an oracleGeneral record.
type rec struct {
	time uint32
	obj  uint64
	size uint32
	next int64
}

// oracle encodes records in libCacheSim's layout, written out field by
// field here (not by the converter's code).
func oracle(rs ...rec) []byte {
	var b []byte
	for _, r := range rs {
		b = binary.LittleEndian.AppendUint32(b, r.time)
		b = binary.LittleEndian.AppendUint64(b, r.obj)
		b = binary.LittleEndian.AppendUint32(b, r.size)
		b = binary.LittleEndian.AppendUint64(b, uint64(r.next))
	}
	return b
}

// The oracle-general rules, against records listed by hand.
func TestOracleGeneral(t *testing.T) {
	in := oracle(
		rec{0, 100, 10, 3},                 // new: get, put
		rec{1, 1 << 60, 20, -1},            // new, never again: get, put, delete
		rec{2, 100, 10, 4},                 // hit, same size: get
		rec{3, 100, 11, -1},                // hit, new size, last: get, put, delete
		rec{4, 1 << 60, 20, math.MaxInt64}, // after its delete: a miss again; last (INT64_MAX)
		rec{4, 7, 0, 7},                    // pending at the end: stays
	)
	sum, h, recs, _, err := convert(t, "oracle-general", in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []trace.Record{
		get(0, 0, 8), put(0, 0, 8, 10),
		get(0, 1, 8), put(0, 1, 8, 20), del(0, 1, 8),
		get(0, 0, 8),
		get(0, 0, 8), put(0, 0, 8, 11), del(0, 0, 8),
		get(0, 1, 8), put(0, 1, 8, 20), del(0, 1, 8),
		get(0, 2, 8), put(0, 2, 8, 0),
	}
	if !reflect.DeepEqual(recs, want) {
		t.Errorf("records:\n%s\nwant:\n%s", show(recs), show(want))
	}
	if sum.In != 6 || sum.Out != uint64(len(want)) || sum.Keys != 3 || sum.Expiries != 3 || h.ValueSize != 20 || h.Lanes != 1 {
		t.Errorf("summary %+v, header %+v: want 6 in, %d out, 3 keys, 3 deletes, value size 20, 1 lane", sum, h, len(want))
	}
}
