package run

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"mapbench/harness"
	"mapbench/results"
)

// -gc-percent takes a list of GOGC values in 1..10000 and -live-heap a
// list of sizes (the size forms of -n, a whole number of the live heap's
// 32-byte objects), each value a cell axis; what run_config records of
// them the flags take back.
func TestParseGCPercentsAndLiveHeaps(t *testing.T) {
	for _, tc := range []struct {
		gc, lh   string
		gcs, lhs []int
		config   string // run_config's gc-percent and live-heap
	}{
		{"1", "0", []int{1}, []int{0}, "gc-percent=1;live-heap=0"},
		{"1,100", "0,256MiB", []int{1, 100}, []int{0, 256 << 20}, "gc-percent=1,100;live-heap=0,256MiB"},
		{" 100 , 1 ", "8M, 0, 2^20, 64k, 1GiB, 96B", []int{100, 1}, []int{8 << 20, 0, 1 << 20, 64 << 10, 1 << 30, 96},
			"gc-percent=100,1;live-heap=8MiB,0,1MiB,64KiB,1GiB,96B"},
		{"10000", "268435456", []int{10000}, []int{256 << 20}, "gc-percent=10000;live-heap=256MiB"},
	} {
		t.Run(tc.gc+"/"+tc.lh, func(t *testing.T) {
			o, err := parseRunFlags([]string{"-gc-percent", tc.gc, "-live-heap", tc.lh}, io.Discard, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(o.cfg.GCPercents, tc.gcs) || !slices.Equal(o.cfg.LiveHeaps, tc.lhs) {
				t.Errorf("GOGC %v, live heaps %v; want %v, %v", o.cfg.GCPercents, o.cfg.LiveHeaps, tc.gcs, tc.lhs)
			}
			conf := results.FormatRunConfig(runSettings(o.cfg))
			if !strings.Contains(conf, ";"+tc.config+";") {
				t.Errorf("run_config %q lacks %q", conf, tc.config)
			}
			rc, err := parseRecorded(conf)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(rc.cfg.GCPercents, tc.gcs) || !slices.Equal(rc.cfg.LiveHeaps, tc.lhs) {
				t.Errorf("read back: GOGC %v, live heaps %v; want %v, %v", rc.cfg.GCPercents, rc.cfg.LiveHeaps, tc.gcs, tc.lhs)
			}
		})
	}
	// The defaults: GOGC 1, no live heap; a run_config from before
	// -live-heap existed reads as none.
	o, err := parseRunFlags(nil, io.Discard, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(o.cfg.GCPercents, []int{harness.DefaultGCPercent}) || !slices.Equal(o.cfg.LiveHeaps, []int{0}) {
		t.Errorf("defaults: GOGC %v, live heaps %v; want [1], [0]", o.cfg.GCPercents, o.cfg.LiveHeaps)
	}
	old := "impls=native;scenarios=drain;shapes=u64;n=1024;reps=1;presize=false;seed=1;gc-percent=50;gomaxprocs=1;sample=64;passes=1;min-phase=0s;timeout=10m0s;mem-limit=0"
	rc, err := parseRecorded(old)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rc.cfg.GCPercents, []int{50}) || !slices.Equal(rc.cfg.LiveHeaps, []int{0}) {
		t.Errorf("a run_config without live-heap: GOGC %v, live heaps %v; want [50], [0]", rc.cfg.GCPercents, rc.cfg.LiveHeaps)
	}
}

// Bad values are refused naming the flag, the item and what is allowed.
func TestParseGCPercentsAndLiveHeapsRefused(t *testing.T) {
	for _, tc := range []struct {
		flag, value string
		want        []string
	}{
		{"gc-percent", "0", []string{"-gc-percent: 0 is out of range 1..10000"}},
		{"gc-percent", "1,10001", []string{"-gc-percent: 10001 is out of range 1..10000"}},
		{"gc-percent", "-1", []string{"-gc-percent: -1 is out of range"}},
		{"gc-percent", "1,,100", []string{`-gc-percent: "" is not a whole percent`, "1,100"}},
		{"gc-percent", "1.5", []string{`-gc-percent: "1.5" is not a whole percent`}},
		{"gc-percent", "1,100,1", []string{`-gc-percent: 1 named twice in "1,100,1"`}},
		{"gc-percent", "off", []string{"-gc-percent: off is not taken", "no memory check can bound it", "10000"}},
		{"live-heap", "lots", []string{`-live-heap: "lots": not a number`, "0,256MiB"}},
		{"live-heap", "0,", []string{`-live-heap: "": empty item`}},
		{"live-heap", "-1M", []string{`-live-heap: "-1M" is negative`}},
		{"live-heap", "100", []string{`-live-heap: "100" is not a multiple of 32 B`, "96 or 128"}},
		{"live-heap", "2TiB", []string{`-live-heap: "2TiB" is over 1TiB`}},
		{"live-heap", "1M,1MiB", []string{`-live-heap: 1MiB named twice in "1M,1MiB"`}},
		{"live-heap", "256Mb", []string{`-live-heap: "256Mb": not a number`}},
	} {
		t.Run(tc.flag+"="+tc.value, func(t *testing.T) {
			_, err := parseRunFlags([]string{"-" + tc.flag, tc.value}, io.Discard, nil)
			if err == nil {
				t.Fatal("accepted")
			}
			if _, ok := err.(UsageError); !ok || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q is not a one-line usage error", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

// The memory check counts the live heap: a 256 MiB one at n = 2^20 fits
// where the map alone fits with that much room, and one too large for the
// memory available is refused before any cell starts, naming the size,
// the cell, its GOGC and the numbers.
func TestCheckFitsLiveHeap(t *testing.T) {
	cfg := harness.Config{Impls: []string{"native", "cockroach"}, Scenarios: []string{"drain", "churn-fifo"}, Shapes: []string{"u64"},
		Ns: []int{1 << 20}, Reps: 1, GCPercents: []int{1, 100}}
	var mapOnly uint64
	for _, s := range harness.Cells(cfg) {
		mapOnly = max(mapOnly, harness.EstimateBytes(s))
	}
	cfg.LiveHeaps = []int{0, 256 << 20}
	// At GOGC=100 the live heap may carry as much garbage again: 512 MiB.
	if err := checkFits(cfg, mapOnly+512<<20); err != nil {
		t.Errorf("a 256 MiB live heap with %d MiB available: %v", (mapOnly+512<<20)>>20, err)
	}
	// At GOGC=1 it needs 40% more (the index of its objects while they
	// are built, the runtime's metadata): 358 MiB.
	err := checkFits(cfg, mapOnly+400<<20)
	if err == nil {
		t.Fatal("a 256 MiB live heap at GOGC=100 fits in 400 MiB more than the map's")
	}
	for _, w := range []string{"-live-heap: 256MiB does not fit: cell ", "n=1048576 at GOGC=100 needs about ",
		"512 MiB of them for the live heap (with the index of its objects while they are built, or the garbage GOGC=100 lets pile up beside them)",
		"MiB available (pass -force to try anyway)"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q lacks %q", err, w)
		}
	}
	if _, ok := err.(UsageError); !ok {
		t.Errorf("error %T is not a usage error", err)
	}
	// Without a live heap the message is -n's, as before.
	cfg.LiveHeaps = nil
	if err := checkFits(cfg, mapOnly-1); err == nil || !strings.HasPrefix(err.Error(), "-n: 1048576 does not fit") {
		t.Errorf("the map alone in too little memory: %v", err)
	}
}

// heapFlags make a run of 2 GOGC values × 2 live heaps of tiny cells.
var heapFlags = []string{"-impls", "native", "-scenarios", "drain", "-n", "1000", "-reps", "1", "-passes", "1", "-min-phase", "0",
	"-seed", "5", "-gc-percent", "1,100", "-live-heap", "0,64KiB"}

// A run of several GOGC values and live heaps writes each cell's in its
// rows (gc_percent, other_heap, and an other_heap_live row where it has
// one) and both lists in run_config; its first line counts them. Cut
// short, a bare -resume completes it; one with a changed list is
// refused and changes nothing, the same lists in another order are the
// same cells.
func TestResumeGCPercentAndLiveHeap(t *testing.T) {
	if testing.Short() {
		t.Skip("runs cells in child processes")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "heap.csv")
	o, code := runBinary(t, nil, append(append([]string{"run"}, heapFlags...), "-o", path)...)
	if code != 0 {
		t.Fatalf("run: exit status %d\n%s", code, o)
	}
	if !strings.Contains(o, "4 cells (1 impls × 1 scenarios × 1 shapes × 1 sizes × 2 GOGC (1,100) × 2 live heaps (0,64KiB) × 1 reps)") {
		t.Errorf("the first line does not count the GOGC values and live heaps:\n%s", o)
	}
	full := readFile(t, path)
	recs, err := results.ReadCSVFile(path)
	if err != nil {
		t.Fatal(err)
	}
	type setting struct{ gc, other int }
	got := map[setting]bool{}
	liveRows := map[setting]float64{}
	for _, r := range recs {
		got[setting{r.GCPercent, r.OtherHeap}] = true
		switch r.Metric {
		case results.MetricOtherHeapLive:
			liveRows[setting{r.GCPercent, r.OtherHeap}] = r.Value
		case results.MetricRunConfig:
			if !strings.Contains(r.Note, ";gc-percent=1,100;live-heap=0,64KiB;") {
				t.Errorf("run_config %q does not record both lists", r.Note)
			}
		}
	}
	want := map[setting]bool{{1, 0}: true, {100, 0}: true, {1, 64 << 10}: true, {100, 64 << 10}: true}
	if len(got) != len(want) {
		t.Errorf("rows of the settings %v, want %v", got, want)
	}
	for s := range want {
		if !got[s] {
			t.Errorf("no rows at GOGC %d with other heap %d", s.gc, s.other)
		}
		if v, ok := liveRows[s]; ok != (s.other > 0) || ok && v != float64(s.other) {
			t.Errorf("GOGC %d, other heap %d: other_heap_live %v (present %v), want %d only with a live heap", s.gc, s.other, v, ok, s.other)
		}
	}

	_, ends := cellBoundsOf(full)
	if len(ends) != 4 {
		t.Fatalf("%d cells, want 4", len(ends))
	}
	cut := full[:ends[1]]
	for _, tc := range []struct{ flag, value, want string }{
		{"-gc-percent", "1", "was made with -gc-percent 1,100; this command says -gc-percent 1"},
		{"-gc-percent", "1,50", "was made with -gc-percent 1,100; this command says -gc-percent 1,50"},
		{"-live-heap", "0", "was made with -live-heap 0,64KiB; this command says -live-heap 0"},
		{"-live-heap", "0,128KiB", "was made with -live-heap 0,64KiB; this command says -live-heap 0,128KiB"},
	} {
		t.Run("refused "+tc.flag+" "+tc.value, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "cut.csv")
			if err := os.WriteFile(p, cut, 0o644); err != nil {
				t.Fatal(err)
			}
			o, code := runBinary(t, nil, "run", "-resume", p, tc.flag, tc.value)
			if code != 2 || !strings.Contains(o, tc.want) {
				t.Fatalf("exit status %d, output %s; want 2 and %q", code, o, tc.want)
			}
			if after := readFile(t, p); !bytes.Equal(after, cut) {
				t.Error("a refused resume changed the file")
			}
		})
	}
	for _, args := range [][]string{nil, {"-gc-percent", "100,1", "-live-heap", "64KiB,0"}} {
		t.Run(fmt.Sprintf("completed with %q", args), func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "cut.csv")
			if err := os.WriteFile(p, cut, 0o644); err != nil {
				t.Fatal(err)
			}
			o, code := runBinary(t, nil, append([]string{"run", "-resume", p}, args...)...)
			if code != 0 || !strings.Contains(o, "2 to run") {
				t.Fatalf("resume: exit status %d\n%s", code, o)
			}
			done := completeCells(t, p)
			cfg := harness.Config{Impls: []string{"native"}, Scenarios: []string{"drain"}, Shapes: []string{"u64"}, Ns: []int{1000},
				Reps: 1, GCPercents: []int{1, 100}, LiveHeaps: []int{0, 64 << 10}}
			for _, s := range harness.Cells(cfg) {
				if !done[specID(s)] {
					t.Errorf("cell %s missing", specID(s).name())
				}
			}
			if len(done) != 4 {
				t.Errorf("%d cells, want 4", len(done))
			}
		})
	}
}

// cellBoundsOf returns where each cell of a results file starts and ends.
func cellBoundsOf(b []byte) (starts, ends []int) {
	off := bytes.IndexByte(b, '\n') + 1
	start := off
	for line := range strings.Lines(string(b[off:])) {
		off += len(line)
		if strings.Contains(line, ","+results.MetricCellWallTime+",") || strings.Contains(line, ","+results.MetricCellFailed+",") {
			starts, ends = append(starts, start), append(ends, off)
			start = off
		}
	}
	return starts, ends
}

// v2File rewrites b, a results file of this version (schema v3) without
// an other live heap, as the mapbench of schema v2 wrote it: the v2
// header, rows without the other_heap column, and run_config notes
// without live-heap.
func v2File(t *testing.T, b []byte) []byte {
	t.Helper()
	recs, err := results.ReadCSV(bytes.NewReader(b), "v3")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write(results.ColumnsV2); err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if r.OtherHeap != 0 {
			t.Fatalf("a v2 file has other_heap 0, not %d", r.OtherHeap)
		}
		if r.Metric == results.MetricRunConfig {
			settings, err := results.ParseRunConfig(r.Note)
			if err != nil {
				t.Fatal(err)
			}
			settings = slices.DeleteFunc(settings, func(s results.Setting) bool { return s.Key == "live-heap" })
			r.Note = results.FormatRunConfig(settings)
		}
		row := []string{results.SchemaV2, r.RunID, r.Host, r.GoVersion, r.GOOS, r.GOARCH, r.CPU, strconv.Itoa(r.GOMAXPROCS),
			strconv.Itoa(r.GCPercent), strconv.FormatUint(r.Seed, 10), r.Impl, r.ImplVersion, r.Scenario, r.Shape,
			strconv.Itoa(r.N), strconv.FormatBool(r.Presize), strconv.Itoa(r.Goroutines), strconv.Itoa(r.Rep), r.Phase,
			strconv.Itoa(r.Step), r.Metric, results.FormatValue(r.Value), r.Unit, r.Note}
		if err := w.Write(row); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A schema v2 file (one made before the other_heap column) resumes: its
// cells count as done with other_heap 0, its rows stay as they were, a v3
// header line goes before the v3 rows appended to it, and the whole file
// reads back, every row with other_heap 0; complete, it is left as it is.
func TestResumeV2File(t *testing.T) {
	if testing.Short() {
		t.Skip("runs cells in child processes")
	}
	_, full := completeRun(t, t.TempDir())
	v2 := v2File(t, full)
	if bytes.Contains(v2, []byte("live-heap")) || bytes.Contains(v2, []byte(results.Schema+",")) {
		t.Fatal("the v2 fixture holds v3 settings or rows")
	}
	_, ends := cellBounds(t, v2)
	v2Header, v3Header := strings.Join(results.ColumnsV2, ","), strings.Join(results.Columns, ",")
	t.Run("cut between cells", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "v2.csv")
		if err := os.WriteFile(path, v2[:ends[1]], 0o644); err != nil {
			t.Fatal(err)
		}
		o, code := runBinary(t, nil, "run", "-resume", path)
		if code != 0 || !strings.Contains(o, "2 to run") {
			t.Fatalf("resume: exit status %d\n%s", code, o)
		}
		got := readFile(t, path)
		if !bytes.HasPrefix(got, v2[:ends[1]]) {
			t.Fatalf("the v2 cells changed:\n%.500s", got)
		}
		if h := headerLines(got); !slices.Equal(h, []string{v2Header, v3Header}) {
			t.Errorf("header lines %q, want the v2 header, then one v3 header", h)
		}
		recs, err := results.ReadCSVFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			if r.OtherHeap != 0 {
				t.Fatalf("row %+v: other_heap %d, want 0", r, r.OtherHeap)
			}
		}
		checkComplete(t, path)
	})
	t.Run("complete", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "v2.csv")
		if err := os.WriteFile(path, v2, 0o644); err != nil {
			t.Fatal(err)
		}
		o, code := runBinary(t, nil, "run", "-resume", path)
		if code != 0 || !strings.Contains(o, "0 to run") {
			t.Fatalf("resume: exit status %d\n%s", code, o)
		}
		if got := readFile(t, path); !bytes.Equal(got, v2) {
			t.Error("resuming a complete v2 file changed it")
		}
	})
}
