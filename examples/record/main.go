// Command record is a small session store with expiry, the kind of map a
// web service keeps, that records its own map operations as a trace
// (docs/trace.md):
//
//	go run ./examples/record -o s.trace
//
// Workers (goroutines, one trace lane each) log users in (put), touch
// sessions (get; an expired one is deleted on sight, a live one renewed
// with a put), log out (delete) and sweep expired sessions (range, then
// deletes); at startup, sessions restored from "disk" are put on lane 0.
// Most sessions end in a delete, which is what mapbench measures.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"unsafe"

	"mapbench/trace"
)

type session struct {
	user    uint64
	expires int64
	csrf    [2]uint64
}

// valueSize is what a put records: the map's value size.
const valueSize = int(unsafe.Sizeof(session{}))

// ttl is a session's lifetime in ticks of the store's clock (one tick per
// request), so that sessions expire while the program runs.
const ttl = 5000

// stats: the ops the store made, and the sessions live at the end.
type stats struct{ Gets, Puts, Deletes, Ranges, Lens, Live int }

// store records while holding its lock, so the trace's order is the map's.
type store struct {
	mu    sync.Mutex
	m     map[string]session
	clock atomic.Int64
	st    stats
}

func (s *store) login(l *trace.Lane[string], id string, user, csrf uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[id] = session{user: user, expires: s.clock.Load() + ttl, csrf: [2]uint64{csrf, ^csrf}}
	l.Put(id, valueSize)
	s.st.Puts++
}

// touch looks a session up; an expired one is deleted, a live one renewed.
func (s *store) touch(l *trace.Lane[string], id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock.Load()
	sess, ok := s.m[id]
	l.Get(id)
	s.st.Gets++
	if ok && sess.expires < now {
		delete(s.m, id)
		l.Delete(id)
		s.st.Deletes++
	} else if ok {
		sess.expires = now + ttl
		s.m[id] = sess
		l.Put(id, valueSize)
		s.st.Puts++
	}
}

func (s *store) logout(l *trace.Lane[string], id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, id) // the session may be gone already: a delete of an absent key
	l.Delete(id)
	s.st.Deletes++
}

// sweep ranges over the map for expired sessions, deletes them, and reads
// the map's size for a metrics gauge (a len).
func (s *store) sweep(l *trace.Lane[string]) (live int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock.Load()
	var expired []string
	for id, sess := range s.m {
		if sess.expires < now {
			expired = append(expired, id)
		}
	}
	l.Range(len(s.m))
	s.st.Ranges++
	for _, id := range expired {
		delete(s.m, id)
		l.Delete(id)
		s.st.Deletes++
	}
	l.Len()
	s.st.Lens++
	return len(s.m)
}

// worker serves n requests on its own lane: 30% logins, 55% touches of a
// session it issued, 15% logouts, and a sweep every 2000 requests.
func (s *store) worker(l *trace.Lane[string], rng *rand.Rand, n int) {
	var issued []string
	for i := range n {
		s.clock.Add(1)
		switch p := rng.IntN(100); {
		case p < 30 || len(issued) == 0:
			id := fmt.Sprintf("%016x%016x", rng.Uint64(), rng.Uint64())
			issued = append(issued, id)
			s.login(l, id, rng.Uint64N(1e6), rng.Uint64())
		case p < 85:
			s.touch(l, issued[rng.IntN(len(issued))])
		default:
			s.logout(l, issued[rng.IntN(len(issued))])
		}
		if i%2000 == 1999 {
			s.sweep(l)
		}
	}
}

func run(args []string, stderr io.Writer) (stats, error) {
	fs := flag.NewFlagSet("record", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "the trace file to write (required)")
	n := fs.Int("n", 100000, "requests per worker")
	workers := fs.Int("workers", 2, "worker goroutines, one lane each")
	seed := fs.Uint64("seed", 1, "random seed")
	compress := fs.Bool("zstd", false, "compress the trace with zstd")
	if err := fs.Parse(args); err != nil {
		return stats{}, err
	}
	if *out == "" || *n < 1 || *workers < 1 || *workers > 63 {
		return stats{}, fmt.Errorf("usage: record -o FILE [-n N >= 1] [-workers 1..63] [-seed S] [-zstd]")
	}
	f, err := os.Create(*out)
	if err != nil {
		return stats{}, err
	}
	fail := func(err error) (stats, error) { return stats{}, errors.Join(err, f.Close()) }
	// WithCallerLock: every recording call below is made under s.mu (or
	// before the workers start), which orders the trace, so the Recorder
	// need not take a lock of its own.
	opts := []trace.Option{trace.WithCallerLock(), trace.WithLabel("program", "examples/record"), trace.WithMaxValueSize(uint32(valueSize)),
		trace.WithLabel("workers", strconv.Itoa(*workers)), trace.WithLabel("n", strconv.Itoa(*n)), trace.WithLabel("seed", strconv.FormatUint(*seed, 10))}
	if *compress {
		opts = append(opts, trace.WithCompression())
	}
	rec, err := trace.NewRecorder[string](f, opts...)
	if err != nil {
		return fail(err)
	}
	s := &store{m: map[string]session{}}
	for i := range 1000 { // restored sessions, on lane 0
		id := fmt.Sprintf("restored-%d", i)
		s.m[id] = session{user: uint64(i), expires: ttl}
		rec.Put(id, valueSize)
		s.st.Puts++
	}
	rec.Mark() // the restore is done: a replay forces a GC here, as between a scenario's phases
	var wg sync.WaitGroup
	for w := range *workers {
		l, err := rec.Lane()
		if err != nil {
			return fail(err)
		}
		wrng := rand.New(rand.NewPCG(*seed, uint64(w)+1))
		wg.Go(func() { s.worker(l, wrng, *n) })
	}
	wg.Wait()
	s.st.Live = len(s.m)
	if err := rec.Close(); err != nil { // a write error of any op surfaces here
		return fail(err)
	}
	return s.st, f.Close()
}

func main() {
	st, err := run(os.Args[1:], os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "record:", err)
		os.Exit(2)
	}
	fmt.Printf("%d gets, %d puts, %d deletes, %d ranges, %d lens; %d live sessions at the end\n",
		st.Gets, st.Puts, st.Deletes, st.Ranges, st.Lens, st.Live)
}
