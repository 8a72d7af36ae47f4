package harness

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"mapbench/impls"
	"mapbench/results"
)

// Deliberately broken implementations, registered in this test binary (and
// so in its children: TestMain registers them before ChildMain). They prove
// the runner's failure paths with real child processes.
func registerBrokenImpls() {
	native := nativeOf[uint64, uint64]()
	for _, b := range []struct {
		name string
		u64  func(h int) u64Map
	}{
		{"test-panics", func(h int) u64Map { return panicky{native(h)} }},
		{"test-hangs", func(h int) u64Map { return hangs{native(h)} }},
		{"test-hogs", func(h int) u64Map { return &hogs{u64Map: native(h)} }},
		{"test-garbles", func(h int) u64Map {
			// Writes to stdout, the channel the child's rows travel on.
			os.Stdout.WriteString("{not json\n")
			return native(h)
		}},
	} {
		im := impls.Impl{Name: b.name}
		mustRegister(im, b.u64)
		mustRegister(im, nativeOf[string, []byte]()) // str works
	}
}

// u64Map is a map of shape u64.
type u64Map = impls.Map[uint64, uint64]

// nativeOf is the built-in map's constructor for K and V.
func nativeOf[K comparable, V any]() func(int) impls.Map[K, V] {
	c, err := impls.Constructor[K, V]("native")
	if err != nil {
		panic(err)
	}
	return c
}

// mustRegister registers a test implementation for K and V; it runs
// before the tests (TestMain), so a failure panics.
func mustRegister[K comparable, V any](im impls.Impl, newFn func(int) impls.Map[K, V]) {
	if err := impls.Register(im, newFn); err != nil {
		panic(err)
	}
}

type panicky struct{ u64Map }

func (panicky) Delete(uint64) { panic("test-panics: Delete is broken") }

type hangs struct{ u64Map }

func (hangs) Delete(uint64) { time.Sleep(time.Hour) }

// hogs keeps 8 MiB per Put: it allocates without bound.
type hogs struct {
	u64Map
	kept [][]byte
}

func (h *hogs) Put(k, v uint64) {
	b := make([]byte, 8<<20)
	b[0] = byte(k)
	h.kept = append(h.kept, b)
	h.u64Map.Put(k, v)
}

func runOne(t *testing.T, cfg Config) (Summary, []results.Record) {
	t.Helper()
	var got []results.Record
	sum, err := Run(context.Background(), cfg, Environment(cfg), func(recs []results.Record) error {
		got = append(got, recs...)
		return nil
	}, nil)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return sum, got
}

// A panicking, hanging or hogging cell costs exactly that cell: it becomes
// one cell_failed record with the reason, and the healthy cell after it
// still runs.
func TestBrokenCellsCostOnlyThemselves(t *testing.T) {
	if testing.Short() {
		t.Skip("runs cells in child processes, some until their timeout; make test runs it in full (make race passes -short)")
	}
	tests := []struct {
		impl   string
		reason string
	}{
		{"test-panics", "panicked: test-panics: Delete is broken"},
		{"test-hangs", "timed out after 10s"},
		{"test-hogs", "out of memory"},
		{"test-garbles", "malformed output from cell"},
	}
	for _, tc := range tests {
		t.Run(tc.impl, func(t *testing.T) {
			// The timeout bounds the healthy cell too: 10 s leaves it a wide
			// margin on a machine whose cores are busy (2 s and a check of
			// the test's own duration were timing assumptions).
			cfg := Config{Impls: []string{tc.impl, "native"}, Scenarios: []string{"drain"}, Shapes: []string{"u64"},
				Ns: []int{2000}, Reps: 1, GCPercents: []int{1}, GOMAXPROCS: 1, Passes: 1,
				Timeout: 10 * time.Second, MemLimit: 4 << 30}
			sum, got := runOne(t, cfg)
			if sum.Cells != 2 || sum.Failed != 1 {
				t.Fatalf("summary %+v, want 2 cells, 1 failed; rows %+v", sum, got)
			}
			var failed, healthy int
			for _, r := range got {
				switch {
				case r.Impl == tc.impl:
					failed++
					if r.Metric != "cell_failed" || r.Value != 1 || !strings.Contains(r.Note, tc.reason) {
						t.Errorf("failed cell row %s=%v note %q; want cell_failed=1 with %q", r.Metric, r.Value, r.Note, tc.reason)
					}
				case r.Impl == "native" && r.Metric == "checksum_ok" && r.Value == 1:
					healthy++
				}
			}
			if failed != 1 || healthy != 1 {
				t.Errorf("%d rows for the broken cell (want 1), healthy cell checksum rows %d (want 1)", failed, healthy)
			}
		})
	}
}
