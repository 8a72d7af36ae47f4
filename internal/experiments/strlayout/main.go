// Command strlayout is a diagnostic experiment kept as evidence for the
// agreement section of docs/measuring.md (docs/methodology.md rule 22): it deletes
// every key of a built-in map[string][]byte of n entries ("k:<i>" keys, as
// mapbench's str shape and the reference use) in random order, in one
// process, alternating round by round between four data layouts:
//
//	heapkeys+ownvals   each key its own heap allocation, each value its own 32-byte slice (the reference's layout)
//	arenakeys+pool     key bytes packed in an mmap'd buffer, values from a pool of 4096 (mapbench's layout)
//	arenakeys+ownvals  and heapkeys+pool: the two mixed
//	concatkeys+ownvals keys built as "k:" + strconv.Itoa(i): the Itoa temporary lands beside each key
//
// Per round and layout: a new map, fill, runtime.GC(), timed deletes
// (GC cycles and allocations during them are counted: expect 0), then the
// map is dropped and collected. It prints mean, median, min and p90 of the
// per-round ns/delete. With ONLY=<layout> the other four datasets are
// dropped before the rounds, so the heap holds one dataset, as in the
// reference; GCOFF=1 turns the collector off during the timed deletes.
//
//	go run ./internal/experiments/strlayout 65536 30
//	ONLY=heapkeys+ownvals GOMAXPROCS=1 go run ./internal/experiments/strlayout 65536 30
//
// What it showed on the project's machine (GOMAXPROCS=1, n = 65536, 2026-11-29):
// with all four datasets live every layout took 52-67 ns per delete
// (median), the arena layouts 3-8% less than the heap ones, with no GC and
// no allocation during the deletes; with ONLY one dataset live, the heap
// layout and the arena layout each took 37-41 ns (three processes each),
// which is what mapbench measures (35-45 ns); concatkeys+ownvals alone
// took 46.8 ns against 40.7 ns for heapkeys+ownvals alone (medians of five
// processes each, interleaved). Per-round times are
// right-skewed (p90 up to twice the median), so a mean, which a go test
// benchmark reports, sits above the median.
package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"syscall"
	"time"
	"unsafe"
)

type set struct {
	name string
	fill []string
	vals [][]byte
	del  []string
}

func arenaBytes(n int) []byte {
	b, err := syscall.Mmap(-1, 0, n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		panic(err)
	}
	return b[:0]
}

func heapKey(i int) string {
	var b [24]byte
	return string(strconv.AppendInt(append(b[:0], "k:"...), int64(i), 10))
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: strlayout N ROUNDS")
		os.Exit(2)
	}
	n, err1 := strconv.Atoi(os.Args[1])
	rounds, err2 := strconv.Atoi(os.Args[2])
	if err1 != nil || err2 != nil || n <= 0 || rounds <= 0 {
		fmt.Fprintln(os.Stderr, "strlayout: N and ROUNDS must be positive integers")
		os.Exit(2)
	}
	perm := rand.New(rand.NewPCG(1, 2)).Perm(n)
	pool := make([]byte, 32*4096)
	mk := func(name string, arenaKeys, sharedVals bool, key func(int) string) *set {
		s := &set{name: name, fill: make([]string, n), vals: make([][]byte, n), del: make([]string, n)}
		var fb, db []byte
		if arenaKeys {
			fb, db = arenaBytes(10*n), arenaBytes(10*n)
		}
		for i := range n {
			if arenaKeys {
				off := len(fb)
				fb = strconv.AppendInt(append(fb, "k:"...), int64(i), 10)
				s.fill[i] = unsafe.String(&fb[off], len(fb)-off)
			} else {
				s.fill[i] = key(i)
			}
			if sharedVals {
				j := i % 4096
				s.vals[i] = pool[32*j : 32*j+32]
			} else {
				s.vals[i] = make([]byte, 32)
			}
		}
		for j, i := range perm {
			if arenaKeys {
				off := len(db)
				db = strconv.AppendInt(append(db, "k:"...), int64(i), 10)
				s.del[j] = unsafe.String(&db[off], len(db)-off)
			} else {
				s.del[j] = key(i)
			}
		}
		return s
	}
	concat := func(i int) string { return "k:" + strconv.Itoa(i) }
	sets := []*set{mk("heapkeys+ownvals", false, false, heapKey), mk("arenakeys+pool", true, true, nil),
		mk("arenakeys+ownvals", true, false, nil), mk("heapkeys+pool", false, true, heapKey),
		mk("concatkeys+ownvals", false, false, concat)}
	if only := os.Getenv("ONLY"); only != "" {
		for _, s := range sets {
			if s.name == only {
				sets = []*set{s}
			}
		}
		runtime.GC()
	}
	debug.SetGCPercent(1)
	res := map[string][]float64{}
	gcs, allocs := map[string]int{}, map[string]int{}
	for range rounds {
		for _, s := range sets {
			m := make(map[string][]byte)
			for i, k := range s.fill {
				m[k] = s.vals[i]
			}
			runtime.GC()
			if os.Getenv("GCOFF") != "" {
				debug.SetGCPercent(-1)
			}
			var ms0, ms1 runtime.MemStats
			runtime.ReadMemStats(&ms0)
			t0 := time.Now()
			for _, k := range s.del {
				delete(m, k)
			}
			el := time.Since(t0)
			runtime.ReadMemStats(&ms1)
			debug.SetGCPercent(1)
			gcs[s.name] += int(ms1.NumGC - ms0.NumGC)
			allocs[s.name] += int(ms1.Mallocs - ms0.Mallocs)
			res[s.name] = append(res[s.name], float64(el.Nanoseconds())/float64(n))
			m = nil
			runtime.GC()
		}
	}
	for _, s := range sets {
		v := res[s.name]
		slices.Sort(v)
		mean := 0.0
		for _, x := range v {
			mean += x
		}
		mean /= float64(len(v))
		fmt.Printf("%-20s mean %.1f median %.1f min %.1f p90 %.1f gcs %d allocs %d\n", s.name, mean, v[len(v)/2], v[0], v[len(v)*9/10], gcs[s.name], allocs[s.name])
	}
	runtime.KeepAlive(sets)
}
