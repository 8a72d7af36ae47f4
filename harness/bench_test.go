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
	benchN    = flag.Int("mapbench.n", 1<<16, "map size of BenchmarkDrainDelete")
	benchSeed = flag.Uint64("mapbench.seed", 1, "seed of BenchmarkDrainDelete (as mapbench run -seed)")
	benchFill = flag.Int("mapbench.fillgc", 1, "GOGC during BenchmarkDrainDelete's untimed fill (1, as in a cell)")
)

// drainData is the drain scenario's keys and op stream at -mapbench.n, off
// the heap as in a cell, with GOGC set to 1 until done is called.
func drainData(b *testing.B) (d *data[uint64, uint64], fill, del []int32, done func()) {
	sc, _ := scenarios.Lookup("drain")
	plan, err := sc.Plan(*benchN, *benchSeed)
	if err != nil {
		b.Fatal(err)
	}
	a := &arena{}
	offHeapPlan(a, plan)
	d = u64Data(a, plan.Keys, *benchSeed)
	gc := debug.SetGCPercent(1)
	return d, plan.Phases[0].Ins, plan.Phases[1].Del, func() {
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

// BenchmarkDrainDelete is the `go test -bench` twin of the delete phase of
// `mapbench run -scenarios drain` (methodology rule 22): the same keys,
// the same delete order, the same GOGC (1); a fixed n per iteration (timer
// stopped: fill a fresh map, GC; timer running: delete all n). Its metric
// ns/delete must agree with the harness's delete ns_per_op; `make agree`
// puts the two side by side. Run it with -cpu 1 to match -gomaxprocs 1.
func BenchmarkDrainDelete(b *testing.B) {
	d, fill, del, done := drainData(b)
	defer done()
	for _, im := range benchImpls() {
		b.Run(fmt.Sprintf("impl=%s/n=%d", im.Name, *benchN), func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				// The fill is not timed; by default it runs at GOGC=1 as in a cell (the
				// heap layout it leaves affects the deletes), then GOGC=1 is set before
				// the forced GC, so the delete starts from the pacer state the
				// harness's delete phase starts from.
				debug.SetGCPercent(*benchFill)
				m := im.NewU64(0)
				for _, i := range fill {
					m.Put(d.keys[i], d.vals[i])
				}
				debug.SetGCPercent(1)
				runtime.GC()
				b.StartTimer()
				for _, i := range del {
					m.Delete(d.keys[i])
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(del)), "ns/delete")
		})
	}
}

// BenchmarkSamplingOverhead measures what latency sampling (1 op in 64
// timed alone) adds to the delete phase: each iteration fills a fresh map
// and deletes all with sampling off, then does the same with sampling on,
// through the harness's own delete loop, so drift in machine load hits
// both alike. It reports both ns/delete figures and their ratio
// (sampled/unsampled); the README quotes it.
func BenchmarkSamplingOverhead(b *testing.B) {
	d, fill, del, done := drainData(b)
	defer done()
	for _, im := range benchImpls() {
		b.Run(fmt.Sprintf("impl=%s/n=%d", im.Name, *benchN), func(b *testing.B) {
			e := &executor[uint64, uint64]{d: d, epoch: time.Now(), rng: 1}
			h := hdrhistogram.New(1, histMax, histSigs)
			var off, on int64
			for range b.N {
				for _, every := range []int{0, 64} {
					e.every, e.skip = every, 0
					m := im.NewU64(0)
					for _, i := range fill {
						m.Put(d.keys[i], d.vals[i])
					}
					runtime.GC()
					t0 := e.now()
					for start := 0; start < len(del); start += batch {
						e.delete(m, del[start:min(start+batch, len(del))], h)
					}
					t := e.now() - t0
					if every == 0 {
						off += t
					} else {
						on += t
					}
				}
			}
			per := float64(b.N * len(del))
			b.ReportMetric(float64(off)/per, "ns/delete-unsampled")
			b.ReportMetric(float64(on)/per, "ns/delete-sampled")
			b.ReportMetric(float64(on)/float64(off), "sampled/unsampled")
		})
	}
}
