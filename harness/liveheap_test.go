package harness

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"mapbench/results"
)

// The other live heap is what -live-heap asks for: size bytes (rounded
// down to whole 32-byte nodes) of the live heap, every node reachable
// from the root alone, the same structure for the same seed.
func TestBuildOtherHeap(t *testing.T) {
	for _, size := range []int{0, 31, 32, 1000, 1 << 20} {
		t.Run(fmt.Sprintf("size=%d", size), func(t *testing.T) {
			h := buildOtherHeap(size, 7)
			want := size / liveNodeBytes
			if h.nodes != want || h.count() != want {
				t.Fatalf("%d nodes, %d reachable from the root; want %d", h.nodes, h.count(), want)
			}
			// The runtime's own state may add a few bytes to a reading
			// (nullLimit; this test process runs at the machine's
			// GOMAXPROCS).
			limit := nullLimit(runtime.GOMAXPROCS(0))
			if d := h.live - int64(want*liveNodeBytes); d < -limit || d > limit {
				t.Errorf("the live heap grew by %d B, want %d B (%d nodes of %d B)", h.live, want*liveNodeBytes, want, liveNodeBytes)
			}
			if note := otherHeapNote(h); note != "" {
				t.Errorf("other_heap_live note %q, want none", note)
			}
			runtime.KeepAlive(h.root)
		})
	}
	if liveNodeBytes != 32 {
		t.Errorf("a liveNode takes %d B, want 32 (a size class of its own: the docs say 32)", liveNodeBytes)
	}
	// Deterministic: the same seed gives the same graph (the node that
	// the root's kids' links reach, by their data).
	shape := func(seed uint64) []uint64 {
		h := buildOtherHeap(64<<10, seed)
		var vals []uint64
		for nd := h.root; nd != nil && len(vals) < 64; nd = nd.link {
			vals = append(vals, nd.val)
		}
		return vals
	}
	if a, b, c := shape(3), shape(3), shape(4); !slices.Equal(a, b) || slices.Equal(a, c) {
		t.Errorf("seed 3 gave %v then %v; seed 4 %v: want the same walk for one seed, another for another", a[:4], b[:4], c[:4])
	}
}

// -live-heap leaves every heap figure as it is, to the byte, and makes
// the GC work more. A cell with an 8 MiB other live heap reads what the
// same cell without one reads in every live_heap, bytes_per_entry,
// retained_ratio, footprint_drift, reuse_ratio, alloc_bytes_per_op and
// allocs_per_op row (the flat tables, whose figures repeat across
// processes: rule 9), and in every heap_inuse row where no phase starts a
// GC cycle (n = 2^12): where one does, heap_inuse depends on when the
// cycle ran and varies from process to process with or without a live
// heap (native churn-fifo at 2^14, 4 reps without one: 671,744 B twice,
// 745,472 B twice). Its other_heap_live row says the 8 MiB are there.
//
// GC work, without a timing figure: every phase's gc_heap_scanned (what
// the forced GC that ended it scanned, so what each cycle scans) is the
// 8 MiB higher, within what the runtime's scan accounting rounds (it read
// 7.9–8.1 MB more; the test asks for 4–9 MiB), and native's fill at 2^15,
// which starts GC cycles with or without it at GOGC=1, scans more in
// them: gc_cycles × gc_heap_scanned at least doubles (a 0.1 MB heap
// against 8 MB). The assist times say the same, but vary too much from
// process to process for a test (0.11–4.3 ms without, 8–15 ms with, at
// 2^14). In child processes, as in a real run.
func TestLiveHeapLeavesHeapFiguresExact(t *testing.T) {
	if testing.Short() {
		t.Skip("runs cells in child processes; make test runs it in full (make race passes -short)")
	}
	const size = 8 << 20
	const quiet, busy = 1 << 12, 1 << 15 // n without and with GC cycles in the phases
	cfg := Config{Impls: []string{"native", "cockroach"}, Scenarios: []string{"drain", "churn-fifo"}, Shapes: []string{"u64"},
		Ns: []int{quiet, busy}, Reps: 1, GCPercents: []int{1}, LiveHeaps: []int{0, size}, GOMAXPROCS: 1, Seed: 7,
		SampleEvery: 8, Passes: 1, Timeout: time.Minute}
	sum, recs := runOne(t, cfg)
	if sum.Failed != 0 {
		t.Fatalf("%d cells failed", sum.Failed)
	}
	exact := []string{results.MetricLiveHeap, results.MetricBytesPerEntry, results.MetricRetainedRatio,
		results.MetricFootprintDrift, results.MetricReuseRatio, results.MetricAllocBytesPerOp, results.MetricAllocsPerOp}
	// What each scenario must have compared, at least.
	must := map[string][]string{
		"drain":      {results.MetricLiveHeap, results.MetricBytesPerEntry, results.MetricRetainedRatio, results.MetricAllocBytesPerOp, results.MetricAllocsPerOp},
		"churn-fifo": {results.MetricLiveHeap, results.MetricBytesPerEntry, results.MetricFootprintDrift, results.MetricReuseRatio, results.MetricAllocBytesPerOp},
	}
	type cellKey struct {
		impl, scenario string
		n              int
	}
	type at struct {
		phase  string
		step   int
		metric string
	}
	got := map[int]map[cellKey]map[at]float64{} // by other_heap
	for _, r := range recs {
		if strings.HasPrefix(r.Note, "self-check failed") {
			t.Errorf("%s other_heap=%d %s: %s", results.CellName(r.Cell), r.OtherHeap, r.Metric, r.Note)
		}
		k := cellKey{r.Impl, r.Scenario, r.N}
		if got[r.OtherHeap] == nil {
			got[r.OtherHeap] = map[cellKey]map[at]float64{}
		}
		if got[r.OtherHeap][k] == nil {
			got[r.OtherHeap][k] = map[at]float64{}
		}
		got[r.OtherHeap][k][at{r.Phase, r.Step, r.Metric}] = r.Value
	}
	if len(got[0]) != 8 || len(got[size]) != 8 {
		t.Fatalf("cells by other_heap: %d without, %d with; want 8 each", len(got[0]), len(got[size]))
	}
	for k, without := range got[0] {
		with := got[size][k]
		var compared []string
		scanned := 0
		for a, v := range without {
			w, ok := with[a]
			if a.metric == results.MetricGCHeapScanned {
				scanned++
				if d := w - v; !ok || d < size/2 || d > size+1<<20 {
					t.Errorf("%s %s n=%d %s/%d: the GC scanned %v B with an 8 MiB other live heap, %v B without: want about 8 MiB more",
						k.impl, k.scenario, k.n, a.phase, a.step, w, v)
				}
			}
			if !slices.Contains(exact, a.metric) && (a.metric != results.MetricHeapInuse || k.n != quiet) {
				continue
			}
			compared = append(compared, a.metric)
			if !ok || w != v {
				t.Errorf("%s %s n=%d %s/%d %s: %v with an 8 MiB other live heap (present %v), %v without", k.impl, k.scenario, k.n, a.phase, a.step, a.metric, w, ok, v)
			}
		}
		for _, m := range must[k.scenario] {
			if !slices.Contains(compared, m) {
				t.Errorf("%s %s n=%d: no %s compared", k.impl, k.scenario, k.n, m)
			}
		}
		if scanned < 2 {
			t.Errorf("%s %s n=%d: %d gc_heap_scanned rows, want one per phase", k.impl, k.scenario, k.n, scanned)
		}
		if _, ok := without[at{results.PhaseMeta, 0, results.MetricOtherHeapLive}]; ok {
			t.Errorf("%s %s n=%d without a live heap has an other_heap_live row", k.impl, k.scenario, k.n)
		}
		if v := with[at{results.PhaseMeta, 0, results.MetricOtherHeapLive}]; v < size-float64(nullLimit(1)) || v > size+float64(nullLimit(1)) {
			t.Errorf("%s %s n=%d: other_heap_live %v B, want %d B", k.impl, k.scenario, k.n, v, size)
		}
		if k.impl != "native" || k.n != busy {
			continue
		}
		fill := func(rows map[at]float64, metric string) float64 { return rows[at{"fill", 0, metric}] }
		c0, c1 := fill(without, results.MetricGCCycles), fill(with, results.MetricGCCycles)
		s0, s1 := fill(without, results.MetricGCHeapScanned), fill(with, results.MetricGCHeapScanned)
		if c0 == 0 || c1 == 0 {
			t.Errorf("%s %s n=%d: the fill started %v GC cycles without a live heap, %v with; the test needs some in both (a larger n?)",
				k.impl, k.scenario, k.n, c0, c1)
			continue
		}
		if !(c1*s1 > 2*c0*s0) {
			t.Errorf("%s %s n=%d fill: %v GC cycles of %v B scanned with an 8 MiB live heap, %v of %v B without: want at least twice the scanning",
				k.impl, k.scenario, k.n, c1, s1, c0, s0)
		}
	}
}
