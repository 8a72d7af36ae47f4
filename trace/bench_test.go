package trace

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// benchKeys: 2^16 distinct keys, recorded once before the timer starts, so
// the benchmark measures the steady state (every key known, as in a
// long-running program) rather than the id table's growth.
const benchKeys = 1 << 16

func benchFile(b *testing.B) *os.File {
	f, err := os.Create(filepath.Join(b.TempDir(), "bench.trace"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		if err := f.Close(); err != nil {
			b.Error(err)
		}
	})
	return f
}

// stringKeys are session-id-like: 16 to 40 bytes.
func stringKeys() []string {
	rng := rand.New(rand.NewPCG(11, 12))
	keys := make([]string, benchKeys)
	for i := range keys {
		keys[i] = fmt.Sprintf("%0*x", 16+rng.IntN(25), rng.Uint64())
	}
	return keys
}

// An op mix of 2 gets, 1 put, 1 delete per 4 ops on keys in a random order,
// to a file (the Recorder buffers 64 KiB itself).
func BenchmarkRecorder(b *testing.B) {
	for _, compress := range []bool{false, true} {
		b.Run(fmt.Sprintf("key=u64/zstd=%v", compress), func(b *testing.B) { benchU64(b, compress) })
	}
	// With WithCallerLock: what recording adds to an op made under the
	// program's own lock (not taken here: it is the program's cost).
	b.Run("key=u64/callerlock", func(b *testing.B) { benchU64(b, false, WithCallerLock()) })
	b.Run("key=string", func(b *testing.B) { benchString(b) })
	b.Run("key=string/callerlock", func(b *testing.B) { benchString(b, WithCallerLock()) })
}

func benchString(b *testing.B, opts ...Option) {
	r, err := NewRecorder[string](benchFile(b), opts...)
	if err != nil {
		b.Fatal(err)
	}
	keys := stringKeys()
	for _, k := range keys {
		r.Put(k, 8)
	}
	for i := 0; b.Loop(); i++ {
		k := keys[i&(benchKeys-1)]
		switch i & 3 {
		case 0, 1:
			r.Get(k)
		case 2:
			r.Put(k, 8)
		case 3:
			r.Delete(k)
		}
	}
	b.StopTimer()
	if err := r.Close(); err != nil {
		b.Fatal(err)
	}
}

func benchU64(b *testing.B, compress bool, opts ...Option) {
	if compress {
		opts = append(opts, WithCompression())
	}
	r, err := NewRecorder[uint64](benchFile(b), opts...)
	if err != nil {
		b.Fatal(err)
	}
	keys := rand.New(rand.NewPCG(13, 14)).Perm(benchKeys)
	for _, k := range keys {
		r.Put(uint64(k)*0x9e3779b97f4a7c15, 8)
	}
	for i := 0; b.Loop(); i++ {
		k := uint64(keys[i&(benchKeys-1)]) * 0x9e3779b97f4a7c15
		switch i & 3 {
		case 0, 1:
			r.Get(k)
		case 2:
			r.Put(k, 8)
		case 3:
			r.Delete(k)
		}
	}
	b.StopTimer()
	if err := r.Close(); err != nil {
		b.Fatal(err)
	}
}

// The floor under the Recorder's cost: the uncontended Lock and Unlock it
// pays per op to keep one total order (two atomic read-modify-writes).
func BenchmarkMutexFloor(b *testing.B) {
	var mu sync.Mutex
	n := 0
	for b.Loop() {
		mu.Lock()
		n++
		mu.Unlock()
	}
	if n == 0 {
		b.Fatal("no iterations")
	}
}

// The other floor: the id table's lookup alone (a Go map of 2^16 keys, in
// BenchmarkRecorder's random order), without recording anything.
func BenchmarkIDTableFloor(b *testing.B) {
	keys := rand.New(rand.NewPCG(13, 14)).Perm(benchKeys)
	ids := make(map[uint64]uint64, benchKeys)
	for i, k := range keys {
		ids[uint64(k)*0x9e3779b97f4a7c15] = uint64(i)
	}
	var sum uint64
	for i := 0; b.Loop(); i++ {
		sum += ids[uint64(keys[i&(benchKeys-1)])*0x9e3779b97f4a7c15]
	}
	if sum == 0 {
		b.Fatal("no lookups")
	}
}

// The same mix from b.RunParallel's goroutines (run with -cpu 1,2), each
// on a Lane of its own: they share the Recorder's lock, which keeps the
// total order.
func BenchmarkRecorderParallel(b *testing.B) {
	b.Run("key=u64", func(b *testing.B) {
		r, err := NewRecorder[uint64](benchFile(b), WithLanes(MaxLanes))
		if err != nil {
			b.Fatal(err)
		}
		for k := range uint64(benchKeys) {
			r.Put(k*0x9e3779b97f4a7c15, 8)
		}
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			l, err := r.Lane()
			if err != nil {
				b.Error(err)
				return
			}
			rng := rand.New(rand.NewPCG(rand.Uint64(), 1))
			for i := 0; pb.Next(); i++ {
				k := rng.Uint64N(benchKeys) * 0x9e3779b97f4a7c15
				switch i & 3 {
				case 0, 1:
					l.Get(k)
				case 2:
					l.Put(k, 8)
				case 3:
					l.Delete(k)
				}
			}
		})
		b.StopTimer()
		if err := r.Close(); err != nil {
			b.Fatal(err)
		}
	})
	b.Run("key=string", func(b *testing.B) {
		r, err := NewRecorder[string](benchFile(b), WithLanes(MaxLanes))
		if err != nil {
			b.Fatal(err)
		}
		keys := stringKeys()
		for _, k := range keys {
			r.Put(k, 8)
		}
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			l, err := r.Lane()
			if err != nil {
				b.Error(err)
				return
			}
			rng := rand.New(rand.NewPCG(rand.Uint64(), 2))
			for i := 0; pb.Next(); i++ {
				k := keys[rng.IntN(benchKeys)]
				switch i & 3 {
				case 0, 1:
					l.Get(k)
				case 2:
					l.Put(k, 8)
				case 3:
					l.Delete(k)
				}
			}
		})
		b.StopTimer()
		if err := r.Close(); err != nil {
			b.Fatal(err)
		}
	})
}

// A stream: what a program did, as Recorder calls on keys named by index
// (string keys are made from the index with the stream's sizes).
type stream struct {
	name    string
	strKeys bool
	run     func(rec func(op Op, lane int, key int, valueSize int))
}

// streams are realistic op streams at n = 2^20:
//   - drain: put n keys, then delete them all in a random order (a batch
//     job's table);
//   - churn-fifo: n/16 live keys; each step gets a random live key, puts a
//     new one and deletes the oldest (a TTL cache), n steps;
//   - sessions: string keys of 16..40 bytes; each step gets a random live
//     key (a hit) or one never stored (a miss, 1 in 8), puts a new key and
//     deletes a random live one, from 2 lanes at random, n steps.
func streams(n int) []stream {
	return []stream{
		{"drain", false, func(rec func(Op, int, int, int)) {
			for k := range n {
				rec(OpPut, 0, k, 8)
			}
			for _, k := range rand.New(rand.NewPCG(1, 1)).Perm(n) {
				rec(OpDelete, 0, k, 0)
			}
		}},
		{"churn-fifo", false, func(rec func(Op, int, int, int)) {
			rng := rand.New(rand.NewPCG(2, 2))
			live := n / 16
			for k := range live {
				rec(OpPut, 0, k, 8)
			}
			oldest, next := 0, live
			for range n {
				rec(OpGet, 0, oldest+rng.IntN(next-oldest), 0)
				rec(OpPut, 0, next, 8)
				next++
				rec(OpDelete, 0, oldest, 0)
				oldest++
			}
		}},
		{"sessions", true, func(rec func(Op, int, int, int)) {
			rng := rand.New(rand.NewPCG(3, 3))
			live := make([]int, 0, n/16)
			next := 0
			for range n / 16 {
				rec(OpPut, 0, next, 200)
				live = append(live, next)
				next++
			}
			for range n {
				lane := rng.IntN(2)
				if rng.IntN(8) == 0 {
					rec(OpGet, lane, -1-rng.IntN(1<<30), 0) // a miss on a never-stored id
				} else {
					rec(OpGet, lane, live[rng.IntN(len(live))], 0)
				}
				rec(OpPut, lane, next, 200)
				live = append(live, next)
				next++
				j := rng.IntN(len(live))
				rec(OpDelete, lane, live[j], 0)
				live[j] = live[len(live)-1]
				live = live[:len(live)-1]
			}
		}},
	}
}

// recordStream records s through a Recorder into memory and returns the
// trace and its op count.
func recordStream(tb testing.TB, s stream, compress bool) ([]byte, uint64) {
	var buf bytes.Buffer
	var opts []Option
	if compress {
		opts = append(opts, WithCompression())
	}
	name := func(k int) string {
		// A key of 16..40 bytes, unique per index (misses have negative ones).
		return fmt.Sprintf("%0*x", 16+(k&0xffff)%25, int64(k)*0x9e3779b97f4a7c1)
	}
	var count uint64
	if s.strKeys {
		r, err := NewRecorder[string](&buf, opts...)
		if err != nil {
			tb.Fatal(err)
		}
		lanes := []*Lane[string]{&r.main, nil}
		if lanes[1], err = r.Lane(); err != nil {
			tb.Fatal(err)
		}
		s.run(func(op Op, lane, k, vs int) {
			switch op {
			case OpGet:
				lanes[lane].Get(name(k))
			case OpPut:
				lanes[lane].Put(name(k), vs)
			case OpDelete:
				lanes[lane].Delete(name(k))
			}
		})
		count = r.Records()
		if err := r.Close(); err != nil {
			tb.Fatal(err)
		}
	} else {
		r, err := NewRecorder[uint64](&buf, opts...)
		if err != nil {
			tb.Fatal(err)
		}
		s.run(func(op Op, lane, k, vs int) {
			switch op {
			case OpGet:
				r.Get(uint64(k))
			case OpPut:
				r.Put(uint64(k), vs)
			case OpDelete:
				r.Delete(uint64(k))
			}
		})
		count = r.Records()
		if err := r.Close(); err != nil {
			tb.Fatal(err)
		}
	}
	return buf.Bytes(), count
}

// BenchmarkTraceSize reports the bytes per op of the streams' traces
// (trace-B/op), raw and with zstd; run it with -benchtime=1x. It is a
// benchmark so that the figures in docs/trace.md come from one command; the
// size does not depend on the machine.
func BenchmarkTraceSize(b *testing.B) {
	for _, s := range streams(1 << 20) {
		for _, compress := range []bool{false, true} {
			b.Run(fmt.Sprintf("stream=%s/zstd=%v", s.name, compress), func(b *testing.B) {
				var size int
				var ops uint64
				for b.Loop() {
					t, n := recordStream(b, s, compress)
					size, ops = len(t), n
				}
				b.ReportMetric(float64(size)/float64(ops), "trace-B/op")
				b.ReportMetric(float64(ops), "ops")
			})
		}
	}
}

// The streams' traces decode to the ops recorded, raw and with zstd; at a
// small n, so the test stays quick.
func TestStreams(t *testing.T) {
	for _, s := range streams(1 << 12) {
		raw, n := recordStream(t, s, false)
		z, nz := recordStream(t, s, true)
		_, recs := decode(t, raw)
		_, zrecs := decode(t, z)
		if uint64(len(recs)) != n || nz != n || len(zrecs) != len(recs) {
			t.Errorf("%s: %d and %d records decoded, %d recorded", s.name, len(recs), len(zrecs), n)
		}
		// zstd shrinks regular streams; random keys' deltas it cannot
		// (docs/trace.md: sessions), so only drain is held to it.
		if s.name == "drain" && len(z) >= len(raw) {
			t.Errorf("%s: %d bytes with zstd, %d without", s.name, len(z), len(raw))
		}
	}
}
