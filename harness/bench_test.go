package harness

import (
	"flag"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"mapbench/impls"
	"mapbench/scenarios"
)

var (
	benchN    = flag.Int("mapbench.n", 1<<16, "map size of BenchmarkSamplingOverhead")
	benchSeed = flag.Uint64("mapbench.seed", 1, "seed of BenchmarkSamplingOverhead (as mapbench run -seed)")
)

// drainData is the drain scenario's keys in op order at -mapbench.n, off
// the heap as in a cell, with GOGC set to 1 until done is called.
func drainData(b *testing.B) (d *data[uint64, uint64], done func()) {
	sc, ok := scenarios.Lookup("drain")
	if !ok {
		b.Fatal("no drain scenario")
	}
	plan, err := sc.Plan(*benchN, *benchSeed)
	if err != nil {
		b.Fatal(err)
	}
	a := &arena{}
	offHeapPlan(a, plan)
	d = u64Data(a, plan, *benchSeed, nil) // maps are made per impl below
	gc := debug.SetGCPercent(1)
	return d, func() {
		debug.SetGCPercent(gc)
		a.free()
	}
}

// benchImpls are the registered implementations less the test-only ones.
func benchImpls() []impls.Impl {
	var out []impls.Impl
	for _, im := range impls.All() {
		if !strings.HasPrefix(im.Name, "test-") {
			out = append(out, im)
		}
	}
	return out
}

// BenchmarkSamplingOverhead measures what latency sampling (1 op in 64 on
// average timed alone) adds to a delete phase: each iteration fills a
// fresh map and deletes all with sampling off, then does the same with
// sampling on, through the harness's own loops, so drift in machine load
// hits both alike. It reports both ns/delete figures and their ratio
// (sampled/unsampled). This is why ns_per_op comes from unsampled timing
// passes (docs/methodology.md rule 12).
func BenchmarkSamplingOverhead(b *testing.B) {
	d, done := drainData(b)
	defer done()
	fill, del := &d.ops[0], &d.ops[1]
	for _, im := range benchImpls() {
		b.Run(fmt.Sprintf("impl=%s/n=%d", im.Name, *benchN), func(b *testing.B) {
			newMap, err := impls.Constructor[uint64, uint64](im.Name)
			if err != nil {
				b.Fatal(err)
			}
			e := &executor[uint64, uint64]{d: d, epoch: time.Now(), rng: 1}
			r := &phaseResult{hist: hdrhistogram.New(1, histMax, histSigs), rhist: hdrhistogram.New(1, histMax, histSigs)}
			var off, on int64
			for range b.N {
				for _, every := range []int{0, 64} {
					e.every, e.skip = every, 0
					m := newMap(0)
					runOps(m, loopCapsOf(m), scenarios.Insert, fill, 0, len(fill.ins))
					runtime.GC()
					t := e.timed(m, loopCapsOf(m), scenarios.Delete, del, 0, len(del.del), r)
					if every == 0 {
						off += t
					} else {
						on += t
					}
				}
			}
			per := float64(b.N * len(del.del))
			b.ReportMetric(float64(off)/per, "ns/delete-unsampled")
			b.ReportMetric(float64(on)/per, "ns/delete-sampled")
			b.ReportMetric(float64(on)/float64(off), "sampled/unsampled")
		})
	}
}
