package harness

import (
	"flag"
	"fmt"
	"runtime"
	"runtime/debug"
	"testing"

	"mapbench/impls"
	"mapbench/scenarios"
)

var (
	benchN    = flag.Int("mapbench.n", 1<<16, "map size of BenchmarkDrainDelete")
	benchSeed = flag.Uint64("mapbench.seed", 1, "seed of BenchmarkDrainDelete (as mapbench run -seed)")
)

// BenchmarkDrainDelete is the `go test -bench` twin of the delete phase of
// `mapbench run -scenarios drain` (methodology rule 22): the same keys,
// the same delete order, the same GOGC (1); a fixed n per iteration (timer
// stopped: fill a fresh map, GC; timer running: delete all n). Its metric
// ns/delete must agree with the harness's delete ns_per_op; `make agree`
// puts the two side by side. Run it with -cpu 1 to match -gomaxprocs 1.
func BenchmarkDrainDelete(b *testing.B) {
	n := *benchN
	sc, _ := scenarios.Lookup("drain")
	plan, err := sc.Plan(n, *benchSeed)
	if err != nil {
		b.Fatal(err)
	}
	d := u64Data(plan.Keys, *benchSeed)
	fill, del := plan.Phases[0].Ins, plan.Phases[1].Del
	defer debug.SetGCPercent(debug.SetGCPercent(1))
	for _, im := range impls.All() {
		b.Run(fmt.Sprintf("impl=%s/n=%d", im.Name, n), func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				m := im.NewU64(0)
				for _, i := range fill {
					m.Put(d.keys[i], d.vals[i])
				}
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
