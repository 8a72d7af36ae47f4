// Command cachestate is a diagnostic experiment kept as evidence for the
// agreement section of docs/measuring.md (docs/methodology.md rule 22): how much the
// delete time of a built-in map at small n depends on what is in the cache
// when the timed deletes start.
//
// In one process, round by round, it fills a new map of n entries (str:
// "k:<i>" → 32-byte []byte; with a third argument, u64), forces a GC, and
// times deleting every key in random order, in three modes:
//
//	warm     nothing else happens between the GC and the deletes (what
//	         mapbench and the hand-written reference both do)
//	flushed  128 MiB are touched after the GC, so the map starts cold
//	ballast  4·n extra heap strings are live during the GC, which marks
//	         them (as the reference's GC marks its own keys and values,
//	         and mapbench's, whose data is off the heap, does not)
//
// Modes alternate within the process, so machine noise hits all three.
//
//	GOMAXPROCS=1 go run ./internal/experiments/cachestate 65536 20
//	GOMAXPROCS=1 go run ./internal/experiments/cachestate 65536 20 u64
//
// On the project's machine (n = 65536, 20 rounds, 2026-11-29, quiet) the
// medians were, str: warm 49-52, flushed 105-132, ballast 64-70 ns per
// delete (three processes); u64: warm 27, flushed 53, ballast 42. With the
// other core busy they were higher (str 66-78, 141-146, 83-99) in the same
// proportions. At this size the map fits in the last-level cache, and a delete's
// cost depends on how much of it is still there.
package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"time"
)

func key(i int) string {
	var b [24]byte
	return string(strconv.AppendInt(append(b[:0], "k:"...), int64(i), 10))
}

func main() {
	if len(os.Args) < 3 || len(os.Args) > 4 {
		fmt.Fprintln(os.Stderr, "usage: cachestate N ROUNDS [u64]")
		os.Exit(2)
	}
	n, err1 := strconv.Atoi(os.Args[1])
	rounds, err2 := strconv.Atoi(os.Args[2])
	if err1 != nil || err2 != nil || n <= 0 || rounds <= 0 {
		fmt.Fprintln(os.Stderr, "cachestate: N and ROUNDS must be positive integers")
		os.Exit(2)
	}
	u64 := len(os.Args) > 3
	perm := rand.New(rand.NewPCG(1, 2)).Perm(n)
	fill := make([]string, n)
	del := make([]string, n)
	fk := make([]uint64, n)
	dk := make([]uint64, n)
	vals := make([][]byte, n)
	for i := range n {
		fill[i] = key(i)
		vals[i] = make([]byte, 32)
		fk[i] = rand.Uint64()
	}
	for j, i := range perm {
		del[j] = key(i)
		dk[j] = fk[i]
	}
	flush := make([]byte, 128<<20)
	debug.SetGCPercent(1)
	res := map[string][]float64{}
	for range rounds {
		for _, mode := range []string{"warm", "flushed", "ballast"} {
			var ballast [][]string
			if mode == "ballast" {
				for range 4 {
					b := make([]string, n)
					for i := range b {
						b[i] = key(i)
					}
					ballast = append(ballast, b)
				}
			}
			var t time.Duration
			if u64 {
				m := make(map[uint64]uint64)
				for _, k := range fk {
					m[k] = k
				}
				runtime.GC()
				if mode == "flushed" {
					for i := 0; i < len(flush); i += 64 {
						flush[i]++
					}
				}
				t0 := time.Now()
				for _, k := range dk {
					delete(m, k)
				}
				t = time.Since(t0)
			} else {
				m := make(map[string][]byte)
				for i, k := range fill {
					m[k] = vals[i]
				}
				runtime.GC()
				if mode == "flushed" {
					for i := 0; i < len(flush); i += 64 {
						flush[i]++
					}
				}
				t0 := time.Now()
				for _, k := range del {
					delete(m, k)
				}
				t = time.Since(t0)
			}
			res[mode] = append(res[mode], float64(t.Nanoseconds())/float64(n))
			runtime.KeepAlive(ballast)
			ballast = nil
			runtime.GC()
		}
	}
	for _, mode := range []string{"warm", "flushed", "ballast"} {
		v := res[mode]
		slices.Sort(v)
		fmt.Printf("%-8s median %.1f min %.1f p90 %.1f\n", mode, v[len(v)/2], v[0], v[len(v)*9/10])
	}
	runtime.KeepAlive(flush)
}
