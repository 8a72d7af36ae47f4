package harness

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mapbench/impls"
	"mapbench/results"
)

// lazyTable is package state that lazyStructure builds on its first
// Structure call and keeps for good, as a library (or the runtime's itab
// table) builds lazily what belongs to no map.
var lazyTable []byte

const lazyTableBytes = 4096

// lazyStructure is a native map whose Structure builds lazyTable the first
// time it is called.
type lazyStructure struct{ u64Map }

func (m lazyStructure) Structure() impls.Stats {
	if lazyTable == nil {
		lazyTable = make([]byte, lazyTableBytes)
	}
	return impls.Stats{Capacity: -1, Headroom: -1}
}

func registerLazyStructure() {
	im, native := impls.Impl{Name: "test-lazy-structure"}, nativeOf[uint64, uint64]()
	mustRegister(im, func(h int) u64Map { return lazyStructure{native(h)} })
	mustRegister(im, nativeOf[string, []byte]())
}

// nullCheck is a cell's null_cell_live_delta row.
func nullCheck(t *testing.T, rows []Row) Row {
	t.Helper()
	r, ok := rowsByKey(rows)["meta/0/"+results.MetricNullCellLiveDelta]
	if !ok {
		t.Fatal("no null_cell_live_delta row")
	}
	return r
}

// What a pass asks of a map of the cell's type is rehearsed before the
// baseline, so state built on the first ask is not charged to the map; and
// the null pass asks a map of the cell's type too, so with the rehearsal
// left out the null pass catches that state and fails the cell.
func TestRehearsalKeepsFirstUseOutOfFigures(t *testing.T) {
	spec := testSpec("test-lazy-structure", "drain", "u64", 2000)

	lazyTable = nil
	rows, err := RunCell(spec)
	if err != nil {
		t.Fatal(err)
	}
	k := rowsByKey(rows)
	if r := nullCheck(t, rows); r.Value > float64(nullLimit(1)) || strings.Contains(r.Note, "self-check failed") {
		t.Errorf("with the rehearsal: null pass left %v B (%q), want the lazy table out of it", r.Value, r.Note)
	}
	full, after := k["fill/0/live_heap"].Value, k["delete/0/live_heap"].Value
	if after-full >= lazyTableBytes {
		t.Errorf("with the rehearsal: live heap %v after the drain, %v full: the lazy table was charged to the map", after, full)
	}

	rehearsalOff = true
	defer func() { rehearsalOff = false }()
	lazyTable = nil
	rows, err = RunCell(spec)
	if err != nil {
		t.Fatal(err)
	}
	r := nullCheck(t, rows)
	if r.Value < lazyTableBytes || !strings.Contains(r.Note, "self-check failed") {
		t.Errorf("without the rehearsal: null pass left %v B (%q), want at least the %d B table and a failed self-check",
			r.Value, r.Note, lazyTableBytes)
	}
}

// An allocation the harness makes between two heap readings, in every
// pass, shows in the null pass and fails the cell's self-check.
func TestNullPassCatchesHarnessAllocation(t *testing.T) {
	var kept [][]byte
	testHookBetweenReadings = func() { kept = append(kept, make([]byte, 4096)) }
	defer func() { testHookBetweenReadings = nil }()
	for _, shape := range []string{"u64", "ptr"} {
		t.Run("shape="+shape, func(t *testing.T) {
			rows, err := RunCell(testSpec("native", "churn-fifo", shape, 2000))
			if err != nil {
				t.Fatal(err)
			}
			r := nullCheck(t, rows)
			if r.Value < 4096 || !strings.Contains(r.Note, "self-check failed") {
				t.Errorf("null pass left %v B (%q); want the hook's 4 KiB per phase and a failed self-check", r.Value, r.Note)
			}
		})
	}
	if len(kept) == 0 {
		t.Fatal("the hook never ran")
	}
}

// What rehearse costs a cell: a map of the cell's type and the null map
// (caps.go quotes it).
func BenchmarkRehearse(b *testing.B) {
	newXsync, err := impls.Constructor[uint64, uint64]("xsync")
	if err != nil {
		b.Fatal(err)
	}
	m, null := newXsync(0), newNullMap[uint64, uint64]()
	for b.Loop() {
		rehearse(m)
		rehearse[uint64, uint64](null)
	}
}

func TestNullLimit(t *testing.T) {
	for _, tc := range []struct {
		procs int
		want  int64
	}{{1, 64}, {2, 1088}, {4, 3136}} {
		if got := nullLimit(tc.procs); got != tc.want {
			t.Errorf("nullLimit(%d) = %d, want %d", tc.procs, got, tc.want)
		}
	}
}

// Every type assertion or type switch of package harness is in caps.go,
// where rehearse reaches it (or in the parent's runner.go, which takes no
// heap readings): a first assertion of a (type, interface) pair allocates,
// and an assertion's call site allocates its cache now and then, so one
// between two heap readings would be charged to the map.
func TestTypeAssertionsOnlyInCaps(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	allowed := map[string]bool{"caps.go": true, "runner.go": true}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || allowed[f] {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		file, err := parser.ParseFile(fset, f, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			switch n.(type) {
			case *ast.TypeAssertExpr, *ast.TypeSwitchStmt:
				t.Errorf("%s: a type assertion outside caps.go; ask it there (caps.go says why)", fset.Position(n.Pos()))
			}
			return true
		})
	}
}
