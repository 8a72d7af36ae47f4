package harness

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"mapbench/results"
	"mapbench/scenarios"
)

// TestMain lets Run re-execute this test binary as a cell child.
func TestMain(m *testing.M) {
	registerBrokenImpls()
	registerPayloadKeeper()
	registerLazyStructure()
	if IsChild() {
		os.Exit(ChildMain())
	}
	os.Exit(m.Run())
}

func rowsByKey(rows []Row) map[string]Row {
	out := map[string]Row{}
	for _, r := range rows {
		out[r.Phase+"/"+itoa(r.Step)+"/"+r.Metric] = r
	}
	return out
}

func itoa(i int) string { return strconv.Itoa(i) }

func testSpec(impl, scenario, shape string, n int) Spec {
	return Spec{Impl: impl, Scenario: scenario, Shape: shape, N: n, Seed: 7, GCPercent: 1, GOMAXPROCS: 1,
		SampleEvery: 8, MinPhase: 0, Passes: 1}
}

// The reading path must not allocate (docs/methodology.md rule 7).
func TestSnapshotPathAllocatesNothing(t *testing.T) {
	p := newProbe()
	if a := testing.AllocsPerRun(20, func() {
		p.stable()
		p.read()
		p.markPauses()
		p.pauseMaxSince()
		p.allocBytes()
	}); a != 0 {
		t.Fatalf("snapshot path allocates %.1f times per reading", a)
	}
}

// Every impl, scenario and shape runs at a small n, does exactly the work
// of the op stream (checksum), and reports the core metrics of every phase.
// The shapes after u64 and str add key and value types, not workloads: they
// run the scenarios of one phase kind each (delete, churn, mix, clear).
func TestRunCellEveryImplScenarioShape(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 500
	}
	typesOnly := map[string]bool{"drain": true, "churn-fifo": true, "concurrent-drain": true, "mixed-zipf": true, "clear": true}
	for _, im := range benchImpls() {
		for _, sc := range scenarios.All() {
			for _, sh := range ShapeNames() {
				if sh != "u64" && sh != "str" && !typesOnly[sc.Name] {
					continue
				}
				g := 1
				if sc.Concurrent {
					g = 3
				}
				t.Run("impl="+im.Name+"/scenario="+sc.Name+"/shape="+sh, func(t *testing.T) {
					if SupportsShape(im.Name, sh) != nil {
						_, err := RunCell(testSpec(im.Name, sc.Name, sh, n))
						if err == nil || !strings.Contains(err.Error(), "cannot hold shape "+sh) {
							t.Fatalf("RunCell of a shape the impl cannot hold: err = %v, want a refusal", err)
						}
						return
					}
					if sc.Concurrent && !im.Concurrent {
						_, err := RunCell(testSpec(im.Name, sc.Name, sh, n))
						if err == nil || !strings.Contains(err.Error(), "not safe for concurrent use") {
							t.Fatalf("RunCell of an unsafe impl in a concurrent scenario: err = %v, want a refusal", err)
						}
						return
					}
					checkCell(t, im.Name, sc, sh, n, g)
				})
			}
		}
	}
}

func checkCell(t *testing.T, impl string, sc scenarios.Scenario, sh string, n, g int) {
	spec := testSpec(impl, sc.Name, sh, n)
	spec.Goroutines = g
	rows, err := RunCell(spec)
	if err != nil {
		t.Fatal(err)
	}
	k := rowsByKey(rows)
	if r := k["meta/0/checksum_ok"]; r.Value != 1 {
		t.Errorf("checksum_ok=%v note=%q", r.Value, r.Note)
	}
	for _, m := range []string{"snapshot_allocs", "null_cell_live_delta"} {
		if r := k["meta/0/"+m]; r.Value != 0 && !(m == "null_cell_live_delta" && r.Note == "") {
			t.Errorf("%s=%v (%s)", m, r.Value, r.Note)
		}
	}
	plan, err := sc.PlanWith(n, 7, spec.params())
	if err != nil {
		t.Fatal(err)
	}
	for _, ph := range plan.Phases {
		step := ph.Step
		if ph.Checkpoint > 0 {
			step = (ph.Ops() + ph.Checkpoint - 1) / ph.Checkpoint // totals at the last checkpoint
		}
		if ph.Bounds != nil {
			for _, m := range []string{"ops_per_sec", "readers"} {
				if _, ok := k[ph.Name+"/"+itoa(step)+"/"+m]; !ok {
					t.Errorf("no %s for concurrent phase %s/%d", m, ph.Name, step)
				}
			}
			if ph.Readers > 0 || ph.Kind == scenarios.Mixed {
				reads, ok := k[ph.Name+"/"+itoa(step)+"/reads"]
				if !ok {
					t.Errorf("no reads for phase %s/%d, which reads", ph.Name, step)
				}
				// A reader may be starved when the writers finish first;
				// the mix reads in every goroutine.
				if ph.Kind == scenarios.Mixed && reads.Value == 0 {
					t.Errorf("reads = 0 in mixed phase %s/%d", ph.Name, step)
				}
				if reads.Value > 0 {
					if _, ok := k[ph.Name+"/"+itoa(step)+"/read_hit_ratio"]; !ok {
						t.Errorf("no read_hit_ratio for phase %s/%d, which read %v times", ph.Name, step, reads.Value)
					}
				}
				// 1 read in 8 is sampled (geometric gaps): with 200 reads,
				// none sampled has a chance of about e^-25.
				if reads.Value >= 200 {
					for _, m := range []string{"read_latency_p50", "read_latency_samples"} {
						if _, ok := k[ph.Name+"/"+itoa(step)+"/"+m]; !ok {
							t.Errorf("no %s for phase %s/%d, which read %v times", m, ph.Name, step, reads.Value)
						}
					}
				}
			}
		}
		for _, m := range []string{"live_heap", "ns_per_op", "loop_ns_per_op", "latency_p50", "gc_cycles", "entries"} {
			if m == "latency_p50" && ph.Kind == scenarios.Clear {
				continue // one op: the sampler rarely picks it; ns_per_op is its time
			}
			if _, ok := k[ph.Name+"/"+itoa(step)+"/"+m]; !ok {
				t.Errorf("no %s for phase %s/%d", m, ph.Name, step)
			}
		}
		if e := k[ph.Name+"/"+itoa(step)+"/entries"].Value; int(e) != ph.Live {
			t.Errorf("entries %v after %s, want %d", e, ph.Name, ph.Live)
		}
		if l := k[ph.Name+"/"+itoa(step)+"/loop_ns_per_op"].Value; !(l > 0) {
			t.Errorf("loop_ns_per_op %v after %s, want > 0", l, ph.Name)
		}
	}
	if full := k["fill/0/live_heap"].Value; full <= 0 {
		t.Errorf("live heap after fill = %v, want > 0", full)
	}
	for _, r := range rows {
		rec := results.Record{Cell: results.Cell{Impl: impl, Scenario: sc.Name, Shape: sh, N: n, Goroutines: g},
			Phase: r.Phase, Step: r.Step, Metric: r.Metric, Value: r.Value, Unit: r.Unit, Note: r.Note}
		if err := rec.Valid(); err != nil {
			t.Errorf("invalid row: %v", err)
		}
	}
}

// Facts the implementations' sources state, used as a check that the
// harness measures heap correctly: the built-in map never shrinks (drain
// keeps exactly the full footprint), sync.Map's trie prunes as entries go.
func TestRetainedHeapMatchesKnownBehaviour(t *testing.T) {
	const n = 20000
	tests := []struct {
		impl       string
		lo, hi     float64 // bounds of retained_ratio after drain
		growthFree bool
	}{
		{"native", 1, 1, true},
		{"cockroach", 1, 1, true},
		{"dolthub", 1, 1, true},
		{"syncmap", 0, 0.05, false},
		{"xsync", 0, 0.05, false},
		{"native-rebuild", 0, 0.05, false}, // copies itself into a fresh map as it empties
	}
	// Each cell runs in a child process, as in a real run: in this test
	// process, goroutines left by earlier tests can allocate a few dozen
	// bytes between two readings (seen once in CI: native's ratio
	// 1.00008), which a byte-exact bound cannot tolerate.
	cfg := Config{Scenarios: []string{"drain"}, Shapes: []string{"u64"}, Ns: []int{n}, Reps: 1,
		GCPercents: []int{1}, GOMAXPROCS: 1, Seed: 7, SampleEvery: 8, Passes: 1, Timeout: time.Minute}
	for _, tc := range tests {
		cfg.Impls = append(cfg.Impls, tc.impl)
	}
	byImpl := map[string]map[string]Row{}
	sum, err := Run(context.Background(), cfg, Environment(cfg), func(recs []results.Record) error {
		rows := make([]Row, len(recs))
		for i, r := range recs {
			rows[i] = Row{Phase: r.Phase, Step: r.Step, Metric: r.Metric, Value: r.Value, Unit: r.Unit, Note: r.Note}
		}
		byImpl[recs[0].Impl] = rowsByKey(rows)
		return nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed != 0 {
		t.Fatalf("%d cells failed: %v", sum.Failed, byImpl)
	}
	for _, tc := range tests {
		t.Run("impl="+tc.impl, func(t *testing.T) {
			k, ok := byImpl[tc.impl]
			if !ok {
				t.Fatal("no rows")
			}
			got := k["delete/0/retained_ratio"].Value
			if tc.growthFree {
				// Never shrinks: the heap after the drain is the full heap,
				// to the byte (it read 16 B more in 8 of 30 cells until the
				// warm-up ran the runtime's own GC cycles:
				// docs/methodology.md rule 35).
				full, after := k["fill/0/live_heap"].Value, k["delete/0/live_heap"].Value
				if after != full {
					t.Errorf("drain: live heap %v after, %v when full; want equal", after, full)
				}
			} else if got < tc.lo || got > tc.hi {
				t.Errorf("drain: retained_ratio %v, want in [%v, %v]", got, tc.lo, tc.hi)
			}
			// Entries are u64→u64 (16 bytes of payload): no map stores one in less.
			if bpe := k["fill/0/bytes_per_entry"].Value; bpe < 16 || bpe > 512 {
				t.Errorf("bytes_per_entry %v outside [16, 512]", bpe)
			}
			if tc.growthFree {
				if a := k["delete/0/alloc_bytes_per_op"].Value; a != 0 {
					t.Errorf("delete allocates %v B/op, want 0", a)
				}
			}
		})
	}
}

// A map that forgets deletes does different work: the checksum must say so.
func TestChecksumCatchesWrongWork(t *testing.T) {
	native := nativeOf[uint64, uint64]()
	forgetful := func(hint int) u64Map { return forgetDeletes{native(hint)} }
	sc, ok := scenarios.Lookup("partial-50")
	if !ok {
		t.Fatal("no partial-50 scenario")
	}
	plan, err := sc.Plan(1000, 1)
	if err != nil {
		t.Fatal(err)
	}
	var a arena
	defer a.free()
	rows, err := execute(testSpec("forgetful", "partial-50", "u64", 1000), plan, u64Data(&a, plan, 1, forgetful))
	if err != nil {
		t.Fatal(err)
	}
	r := rowsByKey(rows)["meta/0/checksum_ok"]
	if r.Value != 0 || !strings.Contains(r.Note, "500 deleted keys present") {
		t.Fatalf("checksum_ok=%v note=%q, want 0 with 500 deleted keys present", r.Value, r.Note)
	}
}

// forgetDeletes embeds the interface, not the adapter, so it has no
// Batcher methods and every delete goes through its Delete.
type forgetDeletes struct{ u64Map }

func (forgetDeletes) Delete(uint64) {}

// runsFor gives a phase enough timing runs to add up to MinPhase, at
// least one, at most Passes.
func TestRunsFor(t *testing.T) {
	ms := int64(time.Millisecond)
	tests := []struct {
		primaryNs int64
		minPhase  time.Duration
		passes    int
		want      int
	}{
		{10 * ms, 200 * time.Millisecond, 21, 20},
		{9 * ms, 200 * time.Millisecond, 21, 21},  // 22.2 runs needed, capped
		{30 * ms, 200 * time.Millisecond, 21, 7},  // 6.67 rounds up
		{300 * ms, 200 * time.Millisecond, 21, 1}, // long phase: once
		{1 * ms, 0, 21, 1},                        // MinPhase 0: once
		{0, 200 * time.Millisecond, 21, 21},       // a phase too short to time: all passes
		{1 * ms, 200 * time.Millisecond, 1, 1},    // -passes 1
		{1, time.Hour, 1001, 1001},                // no overflow
	}
	for _, tc := range tests {
		if got := runsFor(tc.primaryNs, tc.minPhase, tc.passes); got != tc.want {
			t.Errorf("runsFor(%d, %s, %d) = %d, want %d", tc.primaryNs, tc.minPhase, tc.passes, got, tc.want)
		}
	}
}

// Timing passes: a phase shorter than MinPhase is repeated, up to Passes
// times.
func TestShortPhasesAreRepeated(t *testing.T) {
	s := testSpec("native", "churn-fifo", "u64", 1000)
	s.MinPhase, s.Passes = time.Hour, 5
	rows, err := RunCell(s)
	if err != nil {
		t.Fatal(err)
	}
	k := rowsByKey(rows)
	if p := k["fill/0/phase_passes"].Value; p != 5 {
		t.Errorf("fill passes %v, want 5", p)
	}
	if p := k["churn/16/phase_passes"].Value; p != 5 {
		t.Errorf("churn passes %v, want 5", p)
	}
	s.MinPhase = 0
	if rows, err = RunCell(s); err != nil {
		t.Fatal(err)
	}
	if p := rowsByKey(rows)["fill/0/phase_passes"].Value; p != 1 {
		t.Errorf("with MinPhase 0: fill passes %v, want 1", p)
	}
}

// Churn reports a trajectory: step 0 the start, then a reading every n/2
// ops; the last step (16) carries the phase totals.
func TestChurnCheckpoints(t *testing.T) {
	rows, err := RunCell(testSpec("native", "churn-random", "u64", 1000))
	if err != nil {
		t.Fatal(err)
	}
	var steps []int
	for _, r := range rows {
		if r.Phase == "churn" && r.Metric == "live_heap" {
			steps = append(steps, r.Step)
		}
	}
	var want []int
	for i := 0; i <= 16; i++ {
		want = append(want, i)
	}
	if !slices.Equal(steps, want) {
		t.Fatalf("churn live_heap steps %v, want %v", steps, want)
	}
	k := rowsByKey(rows)
	if _, ok := k["churn/16/ns_per_op"]; !ok {
		t.Error("no churn totals at step 16")
	}
	if k["churn/0/live_heap"].Value != k["fill/0/live_heap"].Value {
		t.Errorf("churn step 0 (%v) is not the heap at the end of the fill (%v)", k["churn/0/live_heap"].Value, k["fill/0/live_heap"].Value)
	}
}

// Sampling off records no latency rows; on, about 1 op in SampleEvery.
func TestLatencySampling(t *testing.T) {
	s := testSpec("native", "drain", "u64", 64000)
	s.SampleEvery = 0
	rows, err := RunCell(s)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := rowsByKey(rows)["delete/0/latency_p50"]; ok {
		t.Error("sampling off still reports latency")
	}
	// The mean gap needs not be a power of two.
	for _, every := range []int{64, 48} {
		s.SampleEvery = every
		if rows, err = RunCell(s); err != nil {
			t.Fatal(err)
		}
		got := rowsByKey(rows)["delete/0/latency_samples"].Value
		if want := 64000 / float64(every); got < want*0.8 || got > want*1.2 {
			t.Errorf("sample every %d: latency_samples %v, want about %.0f", every, got, want)
		}
	}
	s.SampleEvery = -1
	if _, err := RunCell(s); err == nil {
		t.Error("RunCell with a negative sample rate: no error")
	}
}

func TestCellsInterleaveImpls(t *testing.T) {
	cfg := Config{Impls: []string{"a", "b", "c"}, Scenarios: []string{"s1", "s2"}, Shapes: []string{"u64"},
		Ns: []int{10}, Reps: 2}
	cells := Cells(cfg)
	if len(cells) != 12 {
		t.Fatalf("%d cells, want 12", len(cells))
	}
	var first []string
	for i := 0; i < len(cells); i += 3 {
		group := []string{cells[i].Impl, cells[i+1].Impl, cells[i+2].Impl}
		if !slices.Equal(slices.Sorted(slices.Values(group)), []string{"a", "b", "c"}) {
			t.Fatalf("group %d runs %v, want each impl once", i/3, group)
		}
		first = append(first, group[0])
	}
	if slices.Equal(first, []string{"a", "a", "a", "a"}) {
		t.Fatalf("the same impl always runs first: %v", first)
	}
}

// -gc-percent and -live-heap are cell axes, as -goroutines is: every
// combination is a cell with its values in its spec, every rep runs all of
// them before the next rep starts, and each group of impls runs under one
// GOGC and one live heap; an empty list is the default (GOGC 1, none).
func TestCellsGCPercentAndLiveHeapAxes(t *testing.T) {
	gcs, lhs := []int{1, 100}, []int{0, 1 << 20, 8 << 20}
	cfg := Config{Impls: []string{"a", "b"}, Scenarios: []string{"s1"}, Shapes: []string{"u64"}, Ns: []int{10}, Reps: 2,
		GCPercents: gcs, LiveHeaps: lhs}
	cells := Cells(cfg)
	if want := 2 * 2 * 3 * 2; len(cells) != want {
		t.Fatalf("%d cells, want %d", len(cells), want)
	}
	type combo struct{ gc, lh, rep int }
	seen := map[combo]int{}
	for i, c := range cells {
		seen[combo{c.GCPercent, c.LiveHeap, c.Rep}]++
		if i%2 == 1 && (cells[i-1].GCPercent != c.GCPercent || cells[i-1].LiveHeap != c.LiveHeap) {
			t.Errorf("cells %d and %d, one group of impls, run under GOGC %d, %d and live heaps %d, %d", i-1, i,
				cells[i-1].GCPercent, c.GCPercent, cells[i-1].LiveHeap, c.LiveHeap)
		}
		if i > 0 && c.Rep < cells[i-1].Rep {
			t.Errorf("cell %d is of rep %d after one of rep %d: a rep must run all of its GOGC and live heaps first", i, c.Rep, cells[i-1].Rep)
		}
	}
	for _, gc := range gcs {
		for _, lh := range lhs {
			for rep := range 2 {
				if n := seen[combo{gc, lh, rep}]; n != 2 {
					t.Errorf("GOGC %d, live heap %d, rep %d: %d cells, want one per impl", gc, lh, rep, n)
				}
			}
		}
	}
	for _, c := range Cells(Config{Impls: []string{"a"}, Scenarios: []string{"s1"}, Shapes: []string{"u64"}, Ns: []int{10}, Reps: 1}) {
		if c.GCPercent != DefaultGCPercent || c.LiveHeap != 0 {
			t.Errorf("no lists: a cell at GOGC %d with live heap %d, want %d and 0", c.GCPercent, c.LiveHeap, DefaultGCPercent)
		}
	}
}

// A shape runs on the implementations that can hold it only: haxmap's
// struct cells are left out, the others kept, still interleaved.
func TestCellsLeaveOutShapesAnImplCannotHold(t *testing.T) {
	ims := []string{"native", "haxmap", "cockroach"}
	cfg := Config{Impls: ims, Scenarios: []string{"drain"}, Shapes: []string{"u64", "struct"}, Ns: []int{10}, Reps: 2}
	got := map[string][]string{}
	for _, c := range Cells(cfg) {
		got[c.Shape] = append(got[c.Shape], c.Impl)
	}
	for sh, want := range map[string][]string{"u64": ims, "struct": {"native", "cockroach"}} {
		if g := got[sh]; len(g) != 2*len(want) || !slices.Equal(slices.Compact(slices.Sorted(slices.Values(g))), slices.Sorted(slices.Values(want))) {
			t.Errorf("shape %s: cells of %v, want each of %v twice", sh, g, want)
		}
	}
}

// Run starts one child per cell and completes records with env and cell.
func TestRunChildProcesses(t *testing.T) {
	cfg := Config{Impls: []string{"native", "syncmap"}, Scenarios: []string{"drain"}, Shapes: []string{"u64"},
		Ns: []int{500}, Reps: 2, GCPercents: []int{1}, GOMAXPROCS: 1, Seed: 3, SampleEvery: 64, Passes: 1, Timeout: time.Minute}
	env := Environment(cfg)
	var got []results.Record
	cellsSeen := 0
	sum, err := Run(context.Background(), cfg, env, func(recs []results.Record) error {
		cellsSeen++
		got = append(got, recs...)
		return nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Cells != 4 || sum.Failed != 0 || cellsSeen != 4 {
		t.Fatalf("summary %+v, %d sink calls; want 4 cells, 0 failed", sum, cellsSeen)
	}
	for _, r := range got {
		if r.RunID != env.RunID || r.GoVersion == "" || r.N != 500 || r.ImplVersion == "" {
			t.Fatalf("record not completed: %+v", r)
		}
		if r.Metric == "checksum_ok" && r.Value != 1 {
			t.Fatalf("checksum failed in child: %+v", r)
		}
	}
}

// A child that fails becomes one cell_failed record; the run goes on.
func TestRunRecordsFailedCell(t *testing.T) {
	cfg := Config{Impls: []string{"native"}, Scenarios: []string{"drain"}, Shapes: []string{"u64"},
		Ns: []int{100}, Reps: 1, GCPercents: []int{1}, GOMAXPROCS: 1, Passes: 1, Exe: "/bin/false"}
	var got []results.Record
	sum, err := Run(context.Background(), cfg, Environment(cfg), func(recs []results.Record) error {
		got = append(got, recs...)
		return nil
	}, nil)
	if err != nil || sum.Failed != 1 || len(got) != 1 || got[0].Metric != "cell_failed" || got[0].Note == "" {
		t.Fatalf("err=%v summary=%+v records=%+v", err, sum, got)
	}
}

// The memory estimate grows with n, uses each implementation's bound, and
// covers what a cell really takes (the map's measured peak is below it).
func TestEstimateBytes(t *testing.T) {
	small := EstimateBytes(Spec{Impl: "native", Scenario: "drain", Shape: "u64", N: 1000})
	big := EstimateBytes(Spec{Impl: "native", Scenario: "drain", Shape: "u64", N: 1000000})
	if small == 0 || big < 900*small {
		t.Fatalf("estimate does not scale with n: %d vs %d", small, big)
	}
	syncmap := EstimateBytes(Spec{Impl: "syncmap", Scenario: "drain", Shape: "u64", N: 1000000})
	if syncmap <= big {
		t.Errorf("syncmap (%d) not above native (%d): per-impl bounds unused", syncmap, big)
	}
	churn := EstimateBytes(Spec{Impl: "native", Scenario: "churn-fifo", Shape: "str", N: 1000000})
	if churn <= big {
		t.Errorf("str churn (%d) not above u64 drain (%d)", churn, big)
	}
	// ptr: 1 KiB payloads per live key, and as much garbage again at the
	// fills' GOGC=100.
	ptr := EstimateBytes(Spec{Impl: "native", Scenario: "drain", Shape: "ptr", N: 1000000, GCPercent: 1})
	if ptr < big+2*1024*1000000 {
		t.Errorf("ptr drain (%d) below u64 drain (%d) + 2 KiB per entry", ptr, big)
	}
	// The other live heap: its bytes and the garbage GOGC lets pile up
	// beside them (at least otherHeapMinExtra percent: its build's index
	// and the runtime's metadata).
	for _, tc := range []struct {
		gc, shape string
		gcPct     int
		more      uint64
	}{{"1", "u64", 1, (256 << 20) * 140 / 100}, {"100", "u64", 100, 512 << 20}, {"1, ptr", "ptr", 1, 512 << 20}} {
		spec := Spec{Impl: "native", Scenario: "drain", Shape: tc.shape, N: 1000000, GCPercent: tc.gcPct}
		without := EstimateBytes(spec)
		spec.LiveHeap = 256 << 20
		if got := EstimateBytes(spec) - without; got != tc.more {
			t.Errorf("GOGC %s: a 256 MiB live heap adds %d B to the estimate, want %d", tc.gc, got, tc.more)
		}
	}
	for _, im := range benchImpls() {
		t.Run("impl="+im.Name, func(t *testing.T) {
			rows, err := RunCell(testSpec(im.Name, "churn-fifo", "u64", 20000))
			if err != nil {
				t.Fatal(err)
			}
			peak := 0.0
			for _, r := range rows {
				if r.Metric == "live_heap" {
					peak = max(peak, r.Value)
				}
			}
			if bound := float64(peakBytesPerEntry(im.Name, "u64") * 20000); peak > bound {
				t.Errorf("churn peak live heap %v B above its bound %v B", peak, bound)
			}
		})
	}
}

// A concurrent cell ends in the same state however its goroutines
// interleave: run twice with 4 writers (and a reader), every safe
// implementation's map holds exactly the plan's live keys with their
// values both times (checksum_ok), and the phases' entry counts agree.
func TestConcurrentFinalStateDeterministic(t *testing.T) {
	for _, im := range benchImpls() {
		if !im.Concurrent {
			continue
		}
		for _, sc := range []string{"concurrent-churn", "mixed-zipf"} {
			t.Run("impl="+im.Name+"/scenario="+sc, func(t *testing.T) {
				var entries [2]map[string]float64
				for run := range 2 {
					spec := testSpec(im.Name, sc, "u64", 2000)
					spec.Goroutines = 4
					rows, err := RunCell(spec)
					if err != nil {
						t.Fatal(err)
					}
					entries[run] = map[string]float64{}
					for _, r := range rows {
						switch r.Metric {
						case results.MetricChecksumOK:
							if r.Value != 1 {
								t.Fatalf("run %d: checksum_ok=0: %s", run, r.Note)
							}
						case results.MetricEntries:
							entries[run][r.Phase+"/"+itoa(r.Step)] = r.Value
						}
					}
				}
				if len(entries[0]) == 0 || fmt.Sprint(entries[0]) != fmt.Sprint(entries[1]) {
					t.Errorf("entries differ between runs: %v vs %v", entries[0], entries[1])
				}
			})
		}
	}
}

// -go: every group runs each implementation under each toolchain, the
// toolchains' groups one after the other (so drift in machine load falls
// on both alike); every cell names its toolchain. Without -go, cells name
// none (the parent's binary).
func TestCellsInterleaveGoVersions(t *testing.T) {
	cfg := Config{Impls: []string{"a", "b"}, Scenarios: []string{"s1", "s2"}, Shapes: []string{"u64"}, Ns: []int{10}, Reps: 2,
		GoVersions: []string{"go1.26.8", "go1.27.3"}}
	cells := Cells(cfg)
	if len(cells) != 16 {
		t.Fatalf("%d cells, want 16 (2 impls × 2 scenarios × 2 reps × 2 toolchains)", len(cells))
	}
	for i := 0; i < len(cells); i += 4 {
		var got []string
		for _, c := range cells[i : i+4] {
			got = append(got, c.Go+" "+c.Impl)
			if c.Scenario != cells[i].Scenario || c.Rep != cells[i].Rep {
				t.Fatalf("cells %d..%d mix groups: %+v", i, i+3, cells[i:i+4])
			}
		}
		if !slices.Equal(slices.Sorted(slices.Values(got)), []string{"go1.26.8 a", "go1.26.8 b", "go1.27.3 a", "go1.27.3 b"}) ||
			cells[i].Go != cells[i+1].Go || cells[i+2].Go != cells[i+3].Go {
			t.Errorf("cells %d..%d run %q, want each impl under each toolchain, one toolchain after the other", i, i+3, got)
		}
	}
	cfg.GoVersions = nil
	for _, c := range Cells(cfg) {
		if c.Go != "" {
			t.Fatalf("without -go a cell names toolchain %q", c.Go)
		}
	}
}

// A cell's diagnostic files name its toolchain under -go, and only then.
func TestCellFileNameGo(t *testing.T) {
	s := Spec{Impl: "native", Scenario: "drain", Shape: "u64", N: 8, Goroutines: 1}
	if got := CellFileName(s); strings.Contains(got, "go=") {
		t.Errorf("without -go: %q names a toolchain", got)
	}
	s.Go = "go1.27.3"
	if got, want := CellFileName(s), "impl=native,scenario=drain,shape=u64,n=8,g=1,presize=false,gogc=0,live-heap=0,rep=0,go=go1.27.3"; got != want {
		t.Errorf("CellFileName = %q, want %q", got, want)
	}
}

// A child writes what it is first (its runtime's version and the
// implementation's), then its rows; a child of another toolchain than
// the cell's refuses to measure.
func TestChildReportsItsVersions(t *testing.T) {
	spec := testSpec("native", "drain", "u64", 100)
	js, err := json.Marshal(spec)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := child(string(js), &out); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(&out)
	var info ChildInfo
	if err := dec.Decode(&info); err != nil {
		t.Fatal(err)
	}
	if info.GoVersion != runtime.Version() || info.ImplVersion != runtime.Version() {
		t.Errorf("child info %+v, want %s for both (native's version is the Go version)", info, runtime.Version())
	}
	var r Row
	if err := dec.Decode(&r); err != nil || r.Metric == "" {
		t.Errorf("no row after the info line: %+v, %v", r, err)
	}

	spec.Go = "go1.0.1"
	if js, err = json.Marshal(spec); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	err = child(string(js), &out)
	if err == nil || !strings.Contains(err.Error(), "go1.0.1") || !strings.Contains(err.Error(), runtime.Version()) || out.Len() > 0 {
		t.Errorf("a cell of go1.0.1 in a %s binary: err %v, output %q; want a refusal naming both", runtime.Version(), err, out.String())
	}
}

// The parent records the versions its child reports, and a child that
// reports another toolchain than the cell's fails the cell, which is then
// recorded with the cell's toolchain: never the parent's own.
func TestRunRecordsChildVersions(t *testing.T) {
	cfg := Config{Impls: []string{"native"}, Scenarios: []string{"drain"}, Shapes: []string{"u64"},
		Ns: []int{100}, Reps: 1, GCPercents: []int{1}, GOMAXPROCS: 1, Seed: 3, Passes: 1, Timeout: time.Minute}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		goVersions []string
		want       string
		failed     bool
	}{
		{nil, runtime.Version(), false},
		{[]string{runtime.Version()}, runtime.Version(), false},
		{[]string{"go1.0.1"}, "go1.0.1", true}, // this binary runs another toolchain
	} {
		cfg.GoVersions, cfg.Exes = tc.goVersions, map[string]string{}
		for _, v := range tc.goVersions {
			cfg.Exes[v] = exe
		}
		env := Environment(cfg)
		env.GoVersion = "go-parent" // not what any row may say
		var recs []results.Record
		sum, err := Run(context.Background(), cfg, env, func(rs []results.Record) error {
			recs = append(recs, rs...)
			return nil
		}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if (sum.Failed == 1) != tc.failed {
			t.Errorf("-go %v: %d failed cells, want failed %v: %+v", tc.goVersions, sum.Failed, tc.failed, recs)
		}
		for _, r := range recs {
			if r.GoVersion != tc.want || r.ImplVersion != tc.want {
				t.Fatalf("-go %v: row says go_version %s, impl_version %s; want %s for both", tc.goVersions, r.GoVersion, r.ImplVersion, tc.want)
			}
		}
	}
}
