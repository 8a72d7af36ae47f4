package harness

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"mapbench/results"
)

// Heap figures exact to the byte, for every shape at n = 2^10 and 2^14, in
// child processes as in a real run (docs/methodology.md rules 20, 35). What
// the maps must read is what their sources and the runtime's size classes
// say, not what the harness computes:
//
//   - the flat tables (the built-in map, cockroach, dolthub) never shrink,
//     so after a drain their live heap is their full live heap to the byte,
//     except the built-in map of v136, whose values (over 128 B) it
//     allocates one by one in the 144-byte size class and frees on delete:
//     full less n·144 B;
//   - sync.Map prunes its trie as entries go: at most 512 B after a drain;
//     xsync halves its table when sparse: at most 8 KiB;
//   - under churn (8·n ops of delete-oldest + insert-new) the built-in map
//     and cockroach stay at their full live heap at every checkpoint, so
//     footprint_drift is exactly 1;
//   - the null pass leaves 0 B (the children run at GOMAXPROCS=1), up to
//     the runtime's own 64 B now and then (nullLimit).
//
// Since shape ptr came in, every reading after a fill was 9,472 B high (a
// type assertion between two readings grew the runtime's itab table); now
// and then 16 B high (the runtime's first own GC cycles). This test fails
// on both.
func TestExactHeapBytes(t *testing.T) {
	if testing.Short() {
		t.Skip("runs cells in child processes; make test runs it in full (make race passes -short)")
	}
	const v136Slot = 144 // the size class of a [136]byte
	ns := []int{1 << 10, 1 << 14}
	drainImpls := []string{"native", "cockroach", "dolthub", "syncmap", "xsync"}
	type key struct {
		impl, scenario, shape string
		n                     int
	}
	got := map[key]map[string]results.Record{}
	run := func(cfg Config) {
		cfg.Reps, cfg.GCPercents, cfg.GOMAXPROCS, cfg.Seed = 1, []int{1}, 1, 7
		cfg.SampleEvery, cfg.Passes, cfg.Timeout = 8, 1, time.Minute
		sum, recs := runOne(t, cfg)
		if sum.Failed != 0 {
			t.Fatalf("%d cells failed", sum.Failed)
		}
		for _, r := range recs {
			k := key{r.Impl, r.Scenario, r.Shape, r.N}
			if got[k] == nil {
				got[k] = map[string]results.Record{}
			}
			got[k][fmt.Sprintf("%s/%d/%s", r.Phase, r.Step, r.Metric)] = r
		}
	}
	run(Config{Impls: drainImpls, Scenarios: []string{"drain"}, Shapes: ShapeNames(), Ns: ns})
	run(Config{Impls: []string{"native", "cockroach"}, Scenarios: []string{"churn-fifo"}, Shapes: []string{"u64"}, Ns: ns})

	value := func(t *testing.T, rows map[string]results.Record, at string) float64 {
		t.Helper()
		r, ok := rows[at]
		if !ok {
			t.Fatalf("no %s row", at)
		}
		return r.Value
	}
	for k, rows := range got {
		t.Run(fmt.Sprintf("impl=%s/scenario=%s/shape=%s/n=%d", k.impl, k.scenario, k.shape, k.n), func(t *testing.T) {
			for at, r := range rows {
				if strings.HasPrefix(r.Note, "self-check failed") {
					t.Errorf("%s: %s", at, r.Note)
				}
			}
			// The null pass: 0 B on a quiet machine; the runtime's own
			// state may add up to nullLimit(1) now and then (16 B once in
			// 64 cells with both cores busy), and the self-check above
			// fails beyond that.
			if d := value(t, rows, "meta/0/"+results.MetricNullCellLiveDelta); d < 0 || d > float64(nullLimit(1)) {
				t.Errorf("null pass left %v B, want 0 (at most %d B)", d, nullLimit(1))
			}
			full := value(t, rows, "fill/0/"+results.MetricLiveHeap)
			if k.scenario == "churn-fifo" {
				for at, r := range rows {
					if strings.HasPrefix(at, "churn/") && r.Metric == results.MetricLiveHeap && r.Value != full {
						t.Errorf("%s = %v B, want the full %v B", at, r.Value, full)
					}
				}
				drifts := 0
				for at, r := range rows {
					if strings.HasPrefix(at, "churn/") && r.Metric == results.MetricFootprintDrift {
						drifts++
						if r.Value != 1 {
							t.Errorf("%s = %v, want exactly 1", at, r.Value)
						}
					}
				}
				if drifts != 1 {
					t.Errorf("%d footprint_drift rows in churn, want 1", drifts)
				}
				return
			}
			after := value(t, rows, "delete/0/"+results.MetricLiveHeap)
			switch {
			case k.impl == "syncmap":
				if after > 512 {
					t.Errorf("live heap after the drain %v B, want at most 512 B", after)
				}
			case k.impl == "xsync":
				if after > 8<<10 {
					t.Errorf("live heap after the drain %v B, want at most 8 KiB", after)
				}
			case k.impl == "native" && k.shape == "v136":
				if want := full - float64(k.n*v136Slot); after != want {
					t.Errorf("live heap after the drain %v B, want %v full less %d values of %d B = %v",
						after, full, k.n, v136Slot, want)
				}
			default:
				if after != full {
					t.Errorf("live heap after the drain %v B, want the full %v B to the byte", after, full)
				}
			}
		})
	}
	if want := len(drainImpls)*len(ShapeNames())*len(ns) + 2*len(ns); len(got) != want {
		t.Errorf("%d cells measured, want %d", len(got), want)
	}
}
