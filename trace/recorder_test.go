package trace

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"testing"
)

type sessionID string

func TestRecorder(t *testing.T) {
	var buf bytes.Buffer
	r, err := NewRecorder[sessionID](&buf, WithLabel("program", "test"), WithMaxValueSize(64), WithLanes(3), WithRecorderName("rec-test v1"))
	if err != nil {
		t.Fatal(err)
	}
	l1, err := r.Lane()
	if err != nil {
		t.Fatal(err)
	}
	l2, err := r.Lane()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Lane(); err == nil || !strings.Contains(err.Error(), "all 3 lanes are taken") {
		t.Errorf("a fourth lane of three: %v, want an error", err)
	}
	r.Put("alpha", 64)
	r.Put("be", 10)
	l1.Get("alpha")
	l1.Delete("nobody") // a delete of a key never put: recorded as a new key
	l2.Delete("alpha")
	l2.Len()
	r.Range(1)
	l1.Put("alpha", 10) // the old id again
	l2.Clear()
	r.Mark()
	l1.Mark()
	if n := r.Records(); n != 11 {
		t.Errorf("Records() = %d, want 11", n)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	r.Get("after close") // ignored
	if err := r.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	h, recs := decode(t, buf.Bytes())
	if h.KeyKind != KeyString || h.KeySize != 64<<10 || h.ValueSize != 64 || h.Lanes != 3 ||
		h.Recorder != "rec-test v1" || h.GoVersion != runtime.Version() || h.Labels["program"] != "test" {
		t.Errorf("header %+v", h)
	}
	want := []Record{
		{Op: OpPut, Key: 0, KeySize: 5, ValueSize: 64},
		{Op: OpPut, Key: 1, KeySize: 2, ValueSize: 10},
		{Op: OpGet, Lane: 1, Key: 0, KeySize: 5},
		{Op: OpDelete, Lane: 1, Key: 2, KeySize: 6},
		{Op: OpDelete, Lane: 2, Key: 0, KeySize: 5},
		{Op: OpLen, Lane: 2},
		{Op: OpRange, N: 1},
		{Op: OpPut, Lane: 1, Key: 0, KeySize: 5, ValueSize: 10},
		{Op: OpClear, Lane: 2},
		{Op: OpMark},
		{Op: OpMark, Lane: 1},
	}
	if fmt.Sprint(recs) != fmt.Sprint(want) {
		t.Errorf("records:\n got %v\nwant %v", recs, want)
	}
}

func TestRecorderKeyKinds(t *testing.T) {
	type pair [2]int32 // any other comparable type: fixed
	check := func(name string, h Header, kind KeyKind, size uint32) {
		t.Helper()
		if h.KeyKind != kind || h.KeySize != size {
			t.Errorf("%s keys: kind %v size %d, want %v %d", name, h.KeyKind, h.KeySize, kind, size)
		}
	}
	r1, err := NewRecorder[uint64](io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	check("uint64", r1.Header(), KeyInt, 8)
	r2, err := NewRecorder[int32](io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	check("int32", r2.Header(), KeyInt, 4)
	r3, err := NewRecorder[pair](io.Discard, WithCompression())
	if err != nil {
		t.Fatal(err)
	}
	check("struct", r3.Header(), KeyFixed, 8)
	r4, err := NewRecorder[string](io.Discard, WithMaxKeySize(10))
	if err != nil {
		t.Fatal(err)
	}
	check("string", r4.Header(), KeyString, 10)
	for _, c := range []io.Closer{r1, r2, r3, r4} {
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// failAfter accepts n bytes, then fails every write.
type failAfter struct {
	n   int
	err error
}

func (f *failAfter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		k := f.n
		f.n = 0
		return k, f.err
	}
	f.n -= len(p)
	return len(p), nil
}

// A write error is never dropped: the ops go on without a panic or an
// error at the call, and Close returns it.
func TestRecorderWriteError(t *testing.T) {
	diskFull := errors.New("disk full")
	for _, opts := range [][]Option{nil, {WithCompression()}} {
		fw := &failAfter{n: 4 << 10, err: diskFull}
		r, err := NewRecorder[uint64](fw, opts...)
		if err != nil {
			t.Fatal(err)
		}
		// Gets of earlier keys at random: deltas zstd cannot squeeze
		// below the 4 KiB the writer accepts.
		rng := rand.New(rand.NewPCG(9, 10))
		for i := range uint64(1 << 20) {
			r.Put(i, 8)
			r.Get(rng.Uint64N(i + 1))
		}
		err = r.Close()
		if !errors.Is(err, diskFull) {
			t.Fatalf("Close = %v, want the writer's error", err)
		}
		if !errors.Is(r.Close(), diskFull) {
			t.Fatal("a second Close forgot the error")
		}
	}
	// The header's own write error comes back from NewRecorder.
	if _, err := NewRecorder[uint64](&failAfter{err: diskFull}); !errors.Is(err, diskFull) {
		t.Fatalf("NewRecorder on a failing writer = %v", err)
	}
}

// A broken limit stops the recording; Close says which, and the trace has
// no end record, so it does not decode.
func TestRecorderLimits(t *testing.T) {
	for _, tc := range []struct {
		name string
		rec  func(r *Recorder[string])
		want string
	}{
		{"long key", func(r *Recorder[string]) { r.Put(strings.Repeat("k", 11), 1) }, "a key of 11 bytes (allowed: 0..10, WithMaxKeySize)"},
		{"big value", func(r *Recorder[string]) { r.Put("k", 101) }, "a 101-byte value (allowed: 0..100, WithMaxValueSize)"},
		{"negative value", func(r *Recorder[string]) { r.Put("k", -1) }, "a -1-byte value"},
		{"negative range", func(r *Recorder[string]) { r.Range(-1) }, "a range over -1 entries"},
	} {
		var buf bytes.Buffer
		r, err := NewRecorder[string](&buf, WithMaxKeySize(10), WithMaxValueSize(100))
		if err != nil {
			t.Fatal(err)
		}
		r.Put("fine", 100)
		tc.rec(r)
		r.Get("fine") // dropped: the recording stopped
		if err := r.Close(); err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "record 1") {
			t.Errorf("%s: Close = %v, want an error containing %q and the record", tc.name, err, tc.want)
		}
		if _, _, err := ReadAll(bytes.NewReader(buf.Bytes()), ""); err == nil || !strings.Contains(err.Error(), "truncated") {
			t.Errorf("%s: the stopped trace decodes (%v); it must not", tc.name, err)
		}
	}
}

// Once keys are known, recording allocates nothing.
func TestRecorderAllocs(t *testing.T) {
	ru, err := NewRecorder[uint64](io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := NewRecorder[string](io.Discard, WithCallerLock())
	if err != nil {
		t.Fatal(err)
	}
	lane, err := rs.Lane()
	if err != nil {
		t.Fatal(err)
	}
	keys := make([]string, 1024)
	for i := range keys {
		keys[i] = fmt.Sprintf("session-%d", i)
		rs.Put(keys[i], 100)
		ru.Put(uint64(i), 8)
	}
	i := 0
	// Enough runs that the 64 KiB buffer is flushed several times.
	allocs := testing.AllocsPerRun(50000, func() {
		k := i & 1023
		i++
		ru.Get(uint64(k))
		ru.Put(uint64(k), 8+k&1)
		ru.Delete(uint64(k))
		rs.Get(keys[k])
		lane.Put(keys[k], 100)
		rs.Delete(keys[k])
		ru.Len()
		rs.Range(k)
		ru.Mark()
		lane.Mark()
	})
	if allocs != 0 {
		t.Errorf("%v allocations per run of 10 recorded ops, want 0", allocs)
	}
	for _, c := range []io.Closer{ru, rs} {
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// Concurrent lanes: the trace holds every op once, and each lane's ops in
// the order its goroutine issued them (run with -race too).
// With WithCallerLock the goroutines serialize the calls with a lock of
// their own, as a program does around its map.
func TestRecorderConcurrent(t *testing.T) {
	t.Run("own lock", func(t *testing.T) { testConcurrent(t, false) })
	t.Run("caller's lock", func(t *testing.T) { testConcurrent(t, true) })
}

func testConcurrent(t *testing.T, callerLock bool) {
	const goroutines, perLane = 4, 5000
	var buf bytes.Buffer
	opts := []Option{WithCompression()}
	if callerLock {
		opts = append(opts, WithCallerLock())
	}
	r, err := NewRecorder[uint64](&buf, opts...)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex // the program's lock, taken only with WithCallerLock
	lock := func() {
		if callerLock {
			mu.Lock()
		}
	}
	unlock := func() {
		if callerLock {
			mu.Unlock()
		}
	}
	var wg sync.WaitGroup
	for g := range goroutines {
		l, err := r.Lane()
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perLane {
				k := uint64(g)<<32 | uint64(i)
				lock()
				l.Put(k, 8)
				unlock()
				lock()
				l.Get(k)
				if i%2 == 1 {
					l.Delete(k - 1)
				}
				unlock()
			}
		}()
	}
	wg.Wait()
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	_, recs := decode(t, buf.Bytes())
	if want := goroutines * perLane * 5 / 2; len(recs) != want {
		t.Fatalf("%d records, want %d", len(recs), want)
	}
	// Replay the lanes: lane l's i-th put is of a new key, its get of that
	// key, and every odd step deletes the key put one step before.
	type laneState struct {
		step    int
		lastPut uint64
		prevPut uint64
		expect  Op
	}
	lanes := map[uint32]*laneState{}
	for j, rec := range recs {
		s := lanes[rec.Lane]
		if s == nil {
			s = &laneState{expect: OpPut}
			lanes[rec.Lane] = s
		}
		if rec.Op != s.expect {
			t.Fatalf("record %d: lane %d step %d: %v, want %v", j, rec.Lane, s.step, rec.Op, s.expect)
		}
		switch rec.Op {
		case OpPut:
			s.prevPut, s.lastPut = s.lastPut, rec.Key
			s.expect = OpGet
		case OpGet:
			if rec.Key != s.lastPut {
				t.Fatalf("record %d: lane %d gets key %d, want %d (its put)", j, rec.Lane, rec.Key, s.lastPut)
			}
			s.expect = OpPut
			if s.step%2 == 1 {
				s.expect = OpDelete
			} else {
				s.step++
			}
		case OpDelete:
			if rec.Key != s.prevPut {
				t.Fatalf("record %d: lane %d deletes key %d, want %d", j, rec.Lane, rec.Key, s.prevPut)
			}
			s.step++
			s.expect = OpPut
		}
	}
	if len(lanes) != goroutines {
		t.Fatalf("%d lanes in the trace, want %d", len(lanes), goroutines)
	}
	for id, s := range lanes {
		if s.step != perLane {
			t.Errorf("lane %d: %d steps, want %d", id, s.step, perLane)
		}
	}
}
