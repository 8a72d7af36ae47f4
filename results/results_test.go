package results

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var testEnv = Env{
	RunID: "20260101T000000Z-ab12", Host: "bench-1", GoVersion: "go1.26.8", GOOS: "linux", GOARCH: "amd64",
	CPU: "AMD EPYC 7B13, 3.0 GHz", GOMAXPROCS: 8, GCPercent: 100, Seed: 42,
}

var testCell = Cell{Impl: "native", ImplVersion: "go1.26.8", Scenario: "drain", Shape: "u64", N: 65536, Presize: true, Goroutines: 1, Rep: 0}

// sampleRecords is a varied set of records: every field non-default somewhere,
// awkward strings, extreme numbers.
func sampleRecords() []Record {
	env2 := testEnv
	env2.RunID, env2.Host, env2.Seed, env2.GCPercent, env2.GOMAXPROCS, env2.OtherHeap = "run,2", "host \"quoted\"", math.MaxUint64, -1, 1, 256<<20
	cell2 := Cell{Impl: "swiss", ImplVersion: "v0.2.1", Scenario: "concurrent-churn", Shape: "str", N: 1, Presize: false, Goroutines: 4, Rep: 7}
	return []Record{
		{Env: testEnv, Cell: testCell, Phase: "fill", Step: 0, Metric: "live_heap", Value: 1048576, Unit: "B"},
		{Env: testEnv, Cell: testCell, Phase: "fill", Step: 0, Metric: "ns_per_op", Value: 12.375, Unit: "ns"},
		{Env: testEnv, Cell: testCell, Phase: "delete", Step: 3, Metric: "retained_ratio", Value: 0.5, Unit: "ratio", Note: "a, b, c"},
		{Env: testEnv, Cell: testCell, Phase: "delete", Step: 3, Metric: "latency_p999", Value: 1e-9, Unit: "ns", Note: `she said "hi"`},
		{Env: testEnv, Cell: testCell, Phase: "churn", Step: 12, Metric: "reuse_ratio", Value: -0.25, Unit: "ratio", Note: "line 1\nline 2\n"},
		{Env: testEnv, Cell: testCell, Phase: "churn", Step: 1, Metric: "live_heap", Value: -4096, Unit: "B", Note: "\"\n,\"\",\n"},
		{Env: testEnv, Cell: testCell, Phase: "meta", Step: 0, Metric: "timer_overhead", Value: 0, Unit: "ns", Note: " leading space"},
		{Env: testEnv, Cell: testCell, Phase: "meta", Step: 0, Metric: "null_cell_live_delta", Value: math.Copysign(0, -1), Unit: "B", Note: "μs ✓ unicode"},
		{Env: env2, Cell: cell2, Phase: "cycle", Step: 1 << 40, Metric: "alloc_bytes_per_op", Value: 1e300, Unit: "B", Note: `\.`},
		{Env: env2, Cell: cell2, Phase: "cycle", Step: 2, Metric: "allocs_per_op", Value: 5e-324, Unit: "count", Note: "lone\rCR"},
		{Env: env2, Cell: cell2, Phase: "cycle", Step: 2, Metric: "entries", Value: 1<<53 - 1, Unit: "count"},
		{Env: env2, Cell: cell2, Phase: "cycle", Step: 2, Metric: "ops", Value: 1 << 53, Unit: "count"},
		{Env: env2, Cell: cell2, Phase: "cycle", Step: 2, Metric: "gc_pause_max", Value: -math.MaxFloat64, Unit: "ns"},
		{Env: env2, Cell: cell2, Phase: "churn", Step: 16, Metric: "ops_per_sec", Value: 123456789.5, Unit: "ops/s"},
		{Env: Env{}, Cell: Cell{N: -3, Goroutines: -2, Rep: -1}, Step: -5, Metric: "", Value: 0.1}, // all-empty strings still round-trip
	}
}

// sameRecords reports whether a and b are equal, comparing values bit for bit
// (so -0 and 0 differ).
func sameRecords(a, b []Record) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] || math.Float64bits(a[i].Value) != math.Float64bits(b[i].Value) {
			return false
		}
	}
	return true
}

func diffRecords(t *testing.T, got, want []Record) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d records, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] || math.Float64bits(got[i].Value) != math.Float64bits(want[i].Value) {
			t.Errorf("record %d:\n got %#v\nwant %#v", i, got[i], want[i])
		}
	}
}

func encode(t testing.TB, writeHeader bool, batches ...[]Record) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := NewCSVWriter(&buf, writeHeader)
	for _, b := range batches {
		if err := w.Write(b); err != nil {
			t.Fatalf("Write: %v", err)
		}
	}
	if err := w.WriteHeader(); err != nil {
		t.Fatalf("WriteHeader: %v", err)
	}
	return buf.Bytes()
}

func TestCodecsMatchColumns(t *testing.T) {
	if !slices.Equal(header, Columns) {
		t.Fatalf("codec order %q\n!= Columns %q", header, Columns)
	}
	if !slices.Equal(layoutV3.header, Columns) || !slices.Equal(layoutV2.header, ColumnsV2) || !slices.Equal(layoutV1.header, ColumnsV1) {
		t.Fatalf("layout headers %q, %q, %q\n!= Columns %q, ColumnsV2 %q, ColumnsV1 %q", layoutV3.header, layoutV2.header, layoutV1.header,
			Columns, ColumnsV2, ColumnsV1)
	}
	if layoutV3.schema != Schema || layoutV2.schema != SchemaV2 || layoutV1.schema != SchemaV1 ||
		Schema != "mapbench/v3" || SchemaV2 != "mapbench/v2" || SchemaV1 != "mapbench/v1" {
		t.Fatalf("schemas %q, %q, %q", layoutV3.schema, layoutV2.schema, layoutV1.schema)
	}
	const design = "schema,run_id,host,go_version,goos,goarch,cpu,gomaxprocs,gc_percent,other_heap,seed,impl,impl_version,scenario,shape,n,presize,goroutines,rep,phase,step,metric,value,unit,note"
	if got := strings.Join(Columns, ","); got != design {
		t.Fatalf("Columns = %s\nwant docs/design.md, CSV schema %s", got, design)
	}
	const designV2 = "schema,run_id,host,go_version,goos,goarch,cpu,gomaxprocs,gc_percent,seed,impl,impl_version,scenario,shape,n,presize,goroutines,rep,phase,step,metric,value,unit,note"
	if got := strings.Join(ColumnsV2, ","); got != designV2 {
		t.Fatalf("ColumnsV2 = %s\nwant docs/design.md, CSV schema (v2) %s", got, designV2)
	}
	const designV1 = "schema,run_id,host,go_version,goos,goarch,cpu,gomaxprocs,gc_percent,seed,impl,impl_version,scenario,shape,n,presize,rep,phase,step,metric,value,unit,note"
	if got := strings.Join(ColumnsV1, ","); got != designV1 {
		t.Fatalf("ColumnsV1 = %s\nwant docs/design.md, CSV schema (v1) %s", got, designV1)
	}
	// The design document shows the three headers.
	doc, err := os.ReadFile("../docs/design.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{design, designV2, designV1} {
		if !bytes.Contains(doc, []byte("`"+h+"`")) {
			t.Errorf("docs/design.md does not show the header `%s`", h)
		}
	}
}

// The metric table is well formed: each name once, a unit of Units, a
// scope, a one-line meaning; LookupMetric and MetricUnit answer from it.
// What each metric's unit is, is pinned by docs/csv.md (TestCSVDoc), and
// which metrics the harness writes by the harness's TestEmittedMetricsMatchTable.
func TestMetricsGlossary(t *testing.T) {
	seen := map[string]bool{}
	for _, m := range Metrics {
		if seen[m.Name] {
			t.Errorf("metric %q listed twice", m.Name)
		}
		seen[m.Name] = true
		if !slices.ContainsFunc(Units, func(u UnitInfo) bool { return u.Name == m.Unit }) {
			t.Errorf("metric %q: unit %q is not one of Units %v", m.Name, m.Unit, Units)
		}
		if m.Scope < InRun || m.Scope > InConcurrentPhase {
			t.Errorf("metric %q: no scope (%d)", m.Name, m.Scope)
		}
		if m.Better > BetterHigher {
			t.Errorf("metric %q: better is %d", m.Name, m.Better)
		}
		if m.Doc == "" || strings.ContainsAny(m.Doc, "\n|") {
			t.Errorf("metric %q: doc %q, want one line without '|' (a table cell of docs/csv.md)", m.Name, m.Doc)
		}
		got, ok := LookupMetric(m.Name)
		if !ok || got != m {
			t.Errorf("LookupMetric(%q) = %v, %v", m.Name, got, ok)
		}
		if u := MetricUnit(m.Name); u != m.Unit {
			t.Errorf("MetricUnit(%q) = %q, want %q", m.Name, u, m.Unit)
		}
	}
	if _, ok := LookupMetric("no_such_metric"); ok {
		t.Error("LookupMetric found no_such_metric")
	}
	// Every unit is some metric's.
	for _, u := range Units {
		if !slices.ContainsFunc(Metrics, func(m MetricInfo) bool { return m.Unit == u.Name }) {
			t.Errorf("unit %q is no metric's", u.Name)
		}
	}
	// The parent's rows are meta rows; so are the self-checks.
	for _, tc := range []struct {
		s                MetricInfo
		meta, concurrent bool
	}{
		{mustLookup(t, MetricCellWallTime), true, false},
		{mustLookup(t, MetricChecksumOK), true, false},
		{mustLookup(t, MetricHandoff), true, true},
		{mustLookup(t, MetricLiveHeap), false, false},
		{mustLookup(t, MetricOpsPerSec), false, true},
	} {
		if tc.s.Scope.Meta() != tc.meta || tc.s.Scope.Concurrent() != tc.concurrent {
			t.Errorf("%s: scope %v: Meta %v, Concurrent %v; want %v, %v", tc.s.Name, tc.s.Scope,
				tc.s.Scope.Meta(), tc.s.Scope.Concurrent(), tc.meta, tc.concurrent)
		}
	}
}

func mustLookup(t *testing.T, name string) MetricInfo {
	t.Helper()
	m, ok := LookupMetric(name)
	if !ok {
		t.Fatalf("LookupMetric(%q): not found", name)
	}
	return m
}

// A producer that names a metric the table lacks stops, rather than write
// a row with a made-up unit.
func TestMetricUnitPanicsOnUnknown(t *testing.T) {
	defer func() {
		r := recover()
		if r == nil || !strings.Contains(fmt.Sprint(r), "live_heep") {
			t.Fatalf("MetricUnit(\"live_heep\") recovered %v, want a panic naming the metric", r)
		}
	}()
	MetricUnit("live_heep")
	t.Fatal("MetricUnit of an unknown metric returned")
}

// MetricUnit is on the harness's emit path, after the measurement but in
// the measuring process: it must not allocate.
func TestMetricUnitAllocatesNothing(t *testing.T) {
	name := Metrics[len(Metrics)-1].Name
	if a := testing.AllocsPerRun(100, func() { _ = MetricUnit(name) }); a != 0 {
		t.Fatalf("MetricUnit allocates %.1f times per call", a)
	}
}

// The column glossary is the header: Columns are its names, v2's are v3's
// without other_heap and v1's are v2's without goroutines.
func TestColumnGlossary(t *testing.T) {
	if len(ColumnGlossary) != len(Columns) {
		t.Fatalf("%d glossary entries, %d columns", len(ColumnGlossary), len(Columns))
	}
	for i, c := range ColumnGlossary {
		if c.Name != Columns[i] {
			t.Errorf("glossary entry %d is %q, column %d is %q", i, c.Name, i, Columns[i])
		}
		if c.Doc == "" || strings.ContainsAny(c.Doc, "\n|") {
			t.Errorf("column %q: doc %q, want one line without '|'", c.Name, c.Doc)
		}
	}
	if want := slices.DeleteFunc(slices.Clone(Columns), func(c string) bool { return c == "other_heap" }); !slices.Equal(ColumnsV2, want) {
		t.Errorf("ColumnsV2 = %q, want Columns without other_heap %q", ColumnsV2, want)
	}
	if want := slices.DeleteFunc(slices.Clone(ColumnsV2), func(c string) bool { return c == "goroutines" }); !slices.Equal(ColumnsV1, want) {
		t.Errorf("ColumnsV1 = %q, want ColumnsV2 without goroutines %q", ColumnsV1, want)
	}
}

func TestFormatValue(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{1048576, "1048576"},
		{0.5, "0.5"},
		{1e-9, "1e-09"},
		{0, "0"},
		{math.Copysign(0, -1), "-0"},
		{-3, "-3"},
		{1500000, "1500000"},
		{1e15, "1000000000000000"},
		{1<<53 - 1, "9007199254740991"},
		{-(1<<53 - 1), "-9007199254740991"},
		{1 << 53, "9.007199254740992e+15"},
		{1e21, "1e+21"},
		{1e300, "1e+300"},
		{0.1, "0.1"},
		{123.456, "123.456"},
		{-2.5e-7, "-2.5e-07"},
		{1234567.5, "1.2345675e+06"},
		{5e-324, "5e-324"},
	}
	for _, tt := range tests {
		t.Run("value="+tt.want, func(t *testing.T) {
			got := FormatValue(tt.v)
			if got != tt.want {
				t.Errorf("FormatValue(%v) = %q, want %q", tt.v, got, tt.want)
			}
			var r Record
			if err := parseValue(&r, got); err != nil {
				t.Errorf("parse(%q): %v", got, err)
			} else if math.Float64bits(r.Value) != math.Float64bits(tt.v) {
				t.Errorf("parse(%q) = %v, want %v", got, r.Value, tt.v)
			}
		})
	}
}

func TestRoundTrip(t *testing.T) {
	want := sampleRecords()
	// Several batches, as cells are written.
	data := encode(t, true, want[:3], nil, want[3:4], want[4:])
	got, err := ReadCSV(bytes.NewReader(data), "rt.csv")
	if err != nil {
		t.Fatalf("ReadCSV: %v\n%s", err, data)
	}
	diffRecords(t, got, want)
	if n := bytes.Count(data, []byte("schema,run_id")); n != 1 {
		t.Errorf("header written %d times, want 1", n)
	}
}

func TestCRLFInFields(t *testing.T) {
	in := Record{Env: testEnv, Cell: testCell, Phase: "fill", Metric: "cell_failed", Value: 1, Unit: "bool",
		Note: "panic: boom\r\ngoroutine 1\r\r\nprogress\r50%\rdone\r"}
	want := in
	want.Note = "panic: boom\ngoroutine 1\nprogress\r50%\rdone\r"
	data := encode(t, true, []Record{in})
	got, err := ReadCSV(bytes.NewReader(data), "crlf.csv")
	if err != nil {
		t.Fatal(err)
	}
	diffRecords(t, got, []Record{want})

	// CRLF line endings (a file that went through a Windows editor) read the same.
	crlf := bytes.ReplaceAll(encode(t, true, sampleRecords()[:3]), []byte("\n"), []byte("\r\n"))
	got, err = ReadCSV(bytes.NewReader(crlf), "crlf2.csv")
	if err != nil {
		t.Fatal(err)
	}
	diffRecords(t, got, sampleRecords()[:3])
}

func TestConcatenated(t *testing.T) {
	recs := sampleRecords()
	a := encode(t, true, recs[:5])
	b := encode(t, true, recs[5:])
	headerOnly := encode(t, true)
	var all []byte
	all = append(all, a...)
	all = append(all, '\n', '\n') // blank lines between files
	all = append(all, headerOnly...)
	all = append(all, bom...) // the second file came from an editor that adds a BOM
	all = append(all, b...)
	got, err := ReadCSV(bytes.NewReader(all), "cat.csv")
	if err != nil {
		t.Fatalf("ReadCSV: %v\n%s", err, all)
	}
	diffRecords(t, got, recs)

	// Appending to an existing file without a second header also works.
	app := append(slices.Clone(a), encode(t, false, recs[5:])...)
	got, err = ReadCSV(bytes.NewReader(app), "app.csv")
	if err != nil {
		t.Fatal(err)
	}
	diffRecords(t, got, recs)
}

func TestHeaderOnly(t *testing.T) {
	var buf bytes.Buffer
	w := NewCSVWriter(&buf, true)
	for range 3 { // idempotent
		if err := w.WriteHeader(); err != nil {
			t.Fatal(err)
		}
	}
	want := strings.Join(Columns, ",") + "\n"
	if buf.String() != want {
		t.Fatalf("header-only file = %q, want %q", buf.String(), want)
	}
	recs, err := ReadCSV(&buf, "h.csv")
	if err != nil || len(recs) != 0 {
		t.Fatalf("ReadCSV(header only) = %v, %v; want no records, no error", recs, err)
	}

	// writeHeader false: never a header.
	buf.Reset()
	w = NewCSVWriter(&buf, false)
	if err := w.WriteHeader(); err != nil {
		t.Fatal(err)
	}
	if err := w.Write(sampleRecords()[:1]); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(buf.Bytes(), []byte("run_id")) {
		t.Fatalf("writeHeader=false wrote a header: %q", buf.String())
	}
	// WriteHeader after data: nothing more.
	w = NewCSVWriter(&buf, true)
	buf.Reset()
	if err := w.Write(sampleRecords()[:1]); err != nil {
		t.Fatal(err)
	}
	n := buf.Len()
	if err := w.WriteHeader(); err != nil {
		t.Fatal(err)
	}
	if buf.Len() != n {
		t.Fatalf("WriteHeader after a batch wrote more")
	}
}

// countingWriter records each Write call and can fail or sync.
type countingWriter struct {
	writes   [][]byte
	failAt   int // fail the failAt-th Write (1-based); 0 never
	short    bool
	syncs    int
	syncErr  error
	writeErr error
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.writes = append(c.writes, slices.Clone(p))
	if c.failAt == len(c.writes) {
		if c.short {
			return len(p) / 2, nil
		}
		return len(p) / 2, c.writeErr
	}
	return len(p), nil
}

type syncingWriter struct{ *countingWriter }

func (s syncingWriter) Sync() error { s.syncs++; return s.syncErr }

func TestOneWritePerBatch(t *testing.T) {
	cw := &countingWriter{}
	w := NewCSVWriter(syncingWriter{cw}, true)
	recs := sampleRecords()
	for _, b := range [][]Record{recs[:4], recs[4:5], recs[5:]} {
		if err := w.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.WriteHeader(); err != nil {
		t.Fatal(err)
	}
	if len(cw.writes) != 3 || cw.syncs != 3 {
		t.Fatalf("%d writes, %d syncs; want 3 and 3 (one each per batch)", len(cw.writes), cw.syncs)
	}
	if !bytes.HasPrefix(cw.writes[0], []byte("schema,")) {
		t.Errorf("first write does not start with the header: %q", cw.writes[0][:20])
	}
	if bytes.Contains(cw.writes[1], []byte("schema,")) {
		t.Errorf("header written again")
	}
	// An empty batch writes nothing once the header is out.
	if err := w.Write(nil); err != nil || len(cw.writes) != 3 {
		t.Fatalf("empty batch: err %v, %d writes", err, len(cw.writes))
	}
}

func TestWriterErrors(t *testing.T) {
	boom := errors.New("disk on fire")
	recs := sampleRecords()[:2]

	t.Run("write error", func(t *testing.T) {
		cw := &countingWriter{failAt: 2, writeErr: boom}
		w := NewCSVWriter(cw, true)
		if err := w.Write(recs); err != nil {
			t.Fatal(err)
		}
		err := w.Write(recs)
		if !errors.Is(err, boom) {
			t.Fatalf("Write = %v, want %v", err, boom)
		}
		// Sticky: later calls fail without writing.
		if err := w.Write(recs); !errors.Is(err, boom) {
			t.Fatalf("second Write = %v, want sticky %v", err, boom)
		}
		if err := w.WriteHeader(); !errors.Is(err, boom) {
			t.Fatalf("WriteHeader = %v, want sticky %v", err, boom)
		}
		if len(cw.writes) != 2 {
			t.Fatalf("%d writes after a failure, want 2", len(cw.writes))
		}
	})
	t.Run("header write error", func(t *testing.T) {
		w := NewCSVWriter(&countingWriter{failAt: 1, writeErr: boom}, true)
		if err := w.WriteHeader(); !errors.Is(err, boom) {
			t.Fatalf("WriteHeader = %v, want %v", err, boom)
		}
	})
	t.Run("short write", func(t *testing.T) {
		w := NewCSVWriter(&countingWriter{failAt: 1, short: true}, true)
		if err := w.Write(recs); !errors.Is(err, io.ErrShortWrite) {
			t.Fatalf("Write = %v, want io.ErrShortWrite", err)
		}
	})
	t.Run("sync error", func(t *testing.T) {
		cw := &countingWriter{syncErr: boom}
		w := NewCSVWriter(syncingWriter{cw}, true)
		if err := w.Write(recs); !errors.Is(err, boom) {
			t.Fatalf("Write = %v, want %v", err, boom)
		}
		if cw.syncs != 1 {
			t.Fatalf("%d syncs, want 1", cw.syncs)
		}
	})
}

func TestWriteNonFinite(t *testing.T) {
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		t.Run(fmt.Sprintf("value=%v", v), func(t *testing.T) {
			var buf bytes.Buffer
			w := NewCSVWriter(&buf, true)
			recs := sampleRecords()[:3]
			recs[2].Metric, recs[2].Value = "gc_assist_cpu", v
			err := w.Write(recs)
			if err == nil {
				t.Fatalf("Write(value %v) succeeded:\n%s", v, buf.String())
			}
			if !strings.Contains(err.Error(), `"gc_assist_cpu"`) {
				t.Errorf("error %q does not name the metric", err)
			}
			if buf.Len() != 0 {
				t.Errorf("a rejected batch wrote %q", buf.String())
			}
			// The writer is still usable: nothing was written.
			if err := w.Write(recs[:2]); err != nil {
				t.Errorf("Write after a rejected batch: %v", err)
			}
		})
	}
}

func TestFileSync(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := NewCSVWriter(f, true)
	if !w.sync {
		t.Error("regular file is not synced")
	}
	if err := w.Write(sampleRecords()); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := ReadCSVFile(path)
	if err != nil {
		t.Fatal(err)
	}
	diffRecords(t, got, sampleRecords())

	// A write to a closed file fails and the error is returned.
	if err := w.Write(sampleRecords()); err == nil {
		t.Error("Write to a closed file succeeded")
	}

	// A pipe cannot be fsynced; the writer must not try (EINVAL).
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	type readResult struct {
		b   []byte
		err error
	}
	done := make(chan readResult, 1)
	go func() {
		b, err := io.ReadAll(pr)
		done <- readResult{b, err}
	}()
	t.Cleanup(func() {
		// Unblocks the reader if the test stops before closing pw; both
		// ends may already be closed then.
		for _, f := range []*os.File{pw, pr} {
			if err := f.Close(); err != nil && !errors.Is(err, os.ErrClosed) {
				t.Error(err)
			}
		}
	})
	w = NewCSVWriter(pw, true)
	if w.sync {
		t.Error("pipe is synced")
	}
	if err := w.Write(sampleRecords()); err != nil {
		t.Fatalf("Write to a pipe: %v", err)
	}
	if err := pw.Close(); err != nil {
		t.Fatal(err)
	}
	res := <-done
	if res.err != nil {
		t.Fatalf("reading the pipe: %v", res.err)
	}
	if err := pr.Close(); err != nil {
		t.Fatal(err)
	}
	got, err = ReadCSV(bytes.NewReader(res.b), "pipe")
	if err != nil {
		t.Fatal(err)
	}
	diffRecords(t, got, sampleRecords())
}

func TestReadCSVFileErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := ReadCSVFile(filepath.Join(dir, "missing.csv")); err == nil || !strings.Contains(err.Error(), "missing.csv") {
		t.Errorf("missing file: err = %v", err)
	}
	path := filepath.Join(dir, "bad.csv")
	data := encode(t, true, sampleRecords()[:2])
	data = bytes.Replace(data, []byte(",65536,"), []byte(",65k,"), 1)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadCSVFile(path)
	if err == nil || !strings.HasPrefix(err.Error(), path+":2: ") || !strings.Contains(err.Error(), `(column "n")`) {
		t.Errorf("err = %v, want %s:2: ... (column \"n\")", err, path)
	}
}

// row returns one valid v3 data line (no newline) with column col replaced
// by val, verbatim (so val may be quoted or malformed CSV).
func row(col, val string) string { return rowOf(layoutV3, sampleRecords()[0], col, val) }

// rowV2 is row in the v2 layout (no other_heap column).
func rowV2(col, val string) string { return rowOf(layoutV2, sampleRecords()[0], col, val) }

// rowV1 is row in the v1 layout (no goroutines column).
func rowV1(col, val string) string { return rowOf(layoutV1, sampleRecords()[0], col, val) }

// rowOf returns rec as a data line of layout l, its schema column l's
// schema, with column col replaced by val.
func rowOf(l *layout, rec Record, col, val string) string {
	r := make([]string, len(l.codecs))
	for i, c := range l.codecs {
		r[i] = c.format(&rec)
		if i == 0 {
			r[i] = l.schema
		}
		if strings.ContainsAny(r[i], ",\"\r\n") {
			r[i] = `"` + strings.ReplaceAll(r[i], `"`, `""`) + `"`
		}
		if c.name == col {
			r[i] = val
		}
	}
	return strings.Join(r, ",")
}

func TestReadErrors(t *testing.T) {
	hdr := strings.Join(Columns, ",")
	hdr2 := strings.Join(ColumnsV2, ",")
	hdr1 := strings.Join(ColumnsV1, ",")
	good := row("", "")
	good2 := rowV2("", "")
	good1 := rowV1("", "")
	type tc struct {
		name string
		in   string
		want []string // substrings of the error
	}
	tests := []tc{
		{"empty input", "", []string{"f.csv:1: ", "missing header", hdr, hdr2, hdr1}},
		{"only blank lines", "\n\n\n", []string{"f.csv:1: ", "missing header"}},
		{"missing header", good + "\n", []string{"f.csv:1: ", "missing header", hdr, hdr1}},
		{"missing header, v1 row", good1 + "\n", []string{"f.csv:1: ", "missing header", hdr, hdr1}},
		{"missing header, v2 row", good2 + "\n", []string{"f.csv:1: ", "missing header", hdr, hdr2}},
		{"missing header after blank lines", "\n\n" + good + "\n", []string{"f.csv:3: ", "missing header"}},
		{"reordered header", strings.Replace(hdr, "impl,impl_version", "impl_version,impl", 1) + "\n" + good + "\n",
			[]string{"f.csv:1: ", "header does not match schema mapbench/v3", `column 12 is "impl_version", want "impl"`, `(column "impl")`, hdr}},
		{"reordered v2 header", strings.Replace(hdr2, "impl,impl_version", "impl_version,impl", 1) + "\n" + good2 + "\n",
			[]string{"f.csv:1: ", "header does not match schema mapbench/v2", `column 11 is "impl_version", want "impl"`, `(column "impl")`, hdr2}},
		{"reordered v1 header", strings.Replace(hdr1, "impl,impl_version", "impl_version,impl", 1) + "\n" + good1 + "\n",
			[]string{"f.csv:1: ", "header does not match schema mapbench/v1", `column 11 is "impl_version", want "impl"`, `(column "impl")`, hdr1}},
		{"goroutines misplaced", strings.Replace(hdr1, "note", "note,goroutines", 1) + "\n",
			[]string{"f.csv:1: ", "header does not match schema mapbench/v2", `column 17 is "rep", want "goroutines"`, `(column "goroutines")`}},
		{"goroutines after rep", strings.Replace(hdr, "goroutines,rep", "rep,goroutines", 1) + "\n",
			[]string{"f.csv:1: ", "header does not match schema mapbench/v3", `column 18 is "rep", want "goroutines"`}},
		{"other_heap misplaced", strings.Replace(hdr2, "note", "note,other_heap", 1) + "\n",
			[]string{"f.csv:1: ", "header does not match schema mapbench/v3", `column 10 is "seed", want "other_heap"`, `(column "other_heap")`}},
		{"header missing a column", strings.TrimSuffix(hdr, ",note") + "\n", []string{"f.csv:1: ", "header does not match schema mapbench/v3", `(column "note")`, hdr}},
		{"v2 header missing a column", strings.TrimSuffix(hdr2, ",note") + "\n", []string{"f.csv:1: ", "header does not match schema mapbench/v2", `(column "note")`, hdr2}},
		{"v1 header missing a column", strings.TrimSuffix(hdr1, ",note") + "\n", []string{"f.csv:1: ", "header does not match schema mapbench/v1", `(column "note")`, hdr1}},
		{"header with an extra column", hdr + ",extra\n", []string{"f.csv:1: ", "header does not match", `"extra"`, hdr}},
		{"header not first column", "run_id,schema\n", []string{"f.csv:1: ", "header does not match", hdr}},
		{"other header later", hdr + "\n" + good + "\n" + strings.Replace(hdr, "unit,note", "note,unit", 1) + "\n" + good + "\n",
			[]string{"f.csv:3: ", "header does not match", `(column "unit")`}},
		{"too few fields", hdr + "\n" + good + "\n" + strings.TrimSuffix(good, ",B,") + "\n",
			[]string{"f.csv:3: ", "row has 23 fields, want 25 (schema mapbench/v3)", `(column "unit")`}},
		{"too many fields", hdr + "\n" + good + ",x\n", []string{"f.csv:2: ", "row has 26 fields, want 25", `(column "note")`}},
		{"too few fields, v2", hdr2 + "\n" + good2 + "\n" + strings.TrimSuffix(good2, ",B,") + "\n",
			[]string{"f.csv:3: ", "row has 22 fields, want 24 (schema mapbench/v2)", `(column "unit")`}},
		{"too few fields, v1", hdr1 + "\n" + good1 + "\n" + strings.TrimSuffix(good1, ",B,") + "\n",
			[]string{"f.csv:3: ", "row has 21 fields, want 23 (schema mapbench/v1)", `(column "unit")`}},
		{"truncated last line", hdr + "\n" + good + "\n" + good[:40], []string{"f.csv:3: ", "want 25", "column"}},
		{"truncated quoted field", hdr + "\n" + good + "\n" + good + "\"unterminated note\nmore", []string{"f.csv:", "line 3", `"`}},
		{"bare quote", hdr + "\n" + row("host", `ho"st`) + "\n", []string{"f.csv:2: ", `bare "`}},
		{"unknown schema", hdr + "\n" + row("schema", "mapbench/v4") + "\n",
			[]string{"f.csv:2: ", `unknown schema "mapbench/v4", this reader understands "mapbench/v3", "mapbench/v2" and "mapbench/v1"`, `(column "schema")`}},
		{"unknown schema after v1 header", hdr1 + "\n" + rowV1("schema", "mapbench/v0") + "\n", []string{"f.csv:2: ", `unknown schema "mapbench/v0"`, `(column "schema")`}},
		{"empty schema", hdr + "\n" + row("schema", "") + "\n", []string{"f.csv:2: ", `unknown schema ""`, `(column "schema")`}},
		// Each header sets the layout of the rows after it: a row must be
		// of its header's schema, whatever its number of fields.
		{"v3 row after a v1 header", hdr1 + "\n" + good1 + "\n" + good + "\n",
			[]string{"f.csv:3: ", `schema "mapbench/v3" does not agree with the header this row follows (line 1), which is the header of mapbench/v1`, `(column "schema")`}},
		{"v1 row after a v3 header", hdr + "\n" + good + "\n" + good1 + "\n",
			[]string{"f.csv:3: ", `schema "mapbench/v1" does not agree with the header this row follows (line 1), which is the header of mapbench/v3`, `(column "schema")`}},
		{"v2 row after a v3 header", hdr + "\n" + good + "\n" + good2 + "\n",
			[]string{"f.csv:3: ", `schema "mapbench/v2" does not agree with the header this row follows (line 1), which is the header of mapbench/v3`, `(column "schema")`}},
		{"v3 row after a v2 header", hdr2 + "\n" + good2 + "\n" + good + "\n",
			[]string{"f.csv:3: ", `schema "mapbench/v3" does not agree with the header this row follows (line 1), which is the header of mapbench/v2`, `(column "schema")`}},
		{"v1 row in a v3 layout", hdr + "\n" + row("schema", SchemaV1) + "\n", []string{"f.csv:2: ", `schema "mapbench/v1" does not agree`}},
		{"v2 row in a v3 layout", hdr + "\n" + row("schema", SchemaV2) + "\n", []string{"f.csv:2: ", `schema "mapbench/v2" does not agree`}},
		{"v3 row in a v1 layout", hdr1 + "\n" + rowV1("schema", Schema) + "\n", []string{"f.csv:2: ", `schema "mapbench/v3" does not agree`}},
		{"v3 row in a v2 layout", hdr2 + "\n" + rowV2("schema", Schema) + "\n", []string{"f.csv:2: ", `schema "mapbench/v3" does not agree`}},
		{"v3 row after v1 header in a concatenation", hdr + "\n" + good + "\n" + hdr1 + "\n" + good1 + "\n" + good + "\n",
			[]string{"f.csv:5: ", "does not agree with the header this row follows (line 3), which is the header of mapbench/v1"}},
		{"v1 row after v3 header in a concatenation", hdr1 + "\n" + good1 + "\n\n" + hdr + "\n" + good1 + "\n",
			[]string{"f.csv:5: ", "does not agree with the header this row follows (line 4), which is the header of mapbench/v3"}},
		{"v2 row after v3 header in a concatenation", hdr2 + "\n" + good2 + "\n\n" + hdr + "\n" + good2 + "\n",
			[]string{"f.csv:5: ", "does not agree with the header this row follows (line 4), which is the header of mapbench/v3"}},
		{"other_heap empty", hdr + "\n" + row("other_heap", "") + "\n", []string{"f.csv:2: ", `"" is not an integer`, `(column "other_heap")`}},
		{"other_heap 1.5", hdr + "\n" + row("other_heap", "1.5") + "\n", []string{"f.csv:2: ", `"1.5" is not an integer`, `(column "other_heap")`}},
		{"other_heap as a size", hdr + "\n" + row("other_heap", "256MiB") + "\n", []string{"f.csv:2: ", `"256MiB" is not an integer`, `(column "other_heap")`}},
		{"goroutines 1.5", hdr + "\n" + row("goroutines", "1.5") + "\n", []string{"f.csv:2: ", `"1.5" is not an integer`, `(column "goroutines")`}},
		{"goroutines empty", hdr + "\n" + row("goroutines", "") + "\n", []string{"f.csv:2: ", `"" is not an integer`, `(column "goroutines")`}},
		{"goroutines true", hdr + "\n" + row("goroutines", "true") + "\n", []string{"f.csv:2: ", `(column "goroutines")`}},
		{"goroutines overflow", hdr + "\n" + row("goroutines", "99999999999999999999") + "\n", []string{"f.csv:2: ", "out of range", `(column "goroutines")`}},
		{"bad bool", hdr + "\n" + row("presize", "1") + "\n", []string{"f.csv:2: ", `"1" is not a bool`, `(column "presize")`}},
		{"bad bool yes", hdr + "\n" + row("presize", "yes") + "\n", []string{"f.csv:2: ", `(column "presize")`}},
		{"bad bool v1", hdr1 + "\n" + rowV1("presize", "yes") + "\n", []string{"f.csv:2: ", `(column "presize")`}},
		{"NaN value", hdr + "\n" + row("value", "NaN") + "\n", []string{"f.csv:2: ", "not a finite number", `metric "live_heap"`, `(column "value")`}},
		{"Inf value", hdr + "\n" + row("value", "-Inf") + "\n", []string{"f.csv:2: ", "not a finite number", `(column "value")`}},
		{"value overflow", hdr + "\n" + row("value", "1e400") + "\n", []string{"f.csv:2: ", "out of range", `(column "value")`}},
		{"negative seed", hdr + "\n" + row("seed", "-1") + "\n", []string{"f.csv:2: ", `(column "seed")`}},
		{"seed overflow", hdr + "\n" + row("seed", "18446744073709551616") + "\n", []string{"f.csv:2: ", "out of range", `(column "seed")`}},
		{"int overflow", hdr + "\n" + row("n", "99999999999999999999") + "\n", []string{"f.csv:2: ", "out of range", `(column "n")`}},
		{"float in int column", hdr + "\n" + row("step", "1.0") + "\n", []string{"f.csv:2: ", `"1.0" is not an integer`, `(column "step")`}},
		{"line after multi-line note", hdr + "\n" + row("note", "\"a\nb\nc\"") + "\n" + row("rep", "x") + "\n",
			[]string{"f.csv:5: ", `(column "rep")`}},
	}
	// A bad number in each numeric column, in every layout.
	for _, col := range []string{"gomaxprocs", "gc_percent", "other_heap", "seed", "n", "goroutines", "rep", "step", "value"} {
		for _, bad := range []string{"", "abc", "1 ", "0x10", "1_000"} {
			tests = append(tests, tc{fmt.Sprintf("bad %s %q", col, bad), hdr + "\n" + good + "\n" + row(col, bad) + "\n",
				[]string{"f.csv:3: ", fmt.Sprintf("%q is not", bad), fmt.Sprintf("(column %q)", col)}})
			if col != "other_heap" {
				tests = append(tests, tc{fmt.Sprintf("bad %s %q v2", col, bad), hdr2 + "\n" + good2 + "\n" + rowV2(col, bad) + "\n",
					[]string{"f.csv:3: ", fmt.Sprintf("%q is not", bad), fmt.Sprintf("(column %q)", col)}})
			}
			if col != "goroutines" && col != "other_heap" {
				tests = append(tests, tc{fmt.Sprintf("bad %s %q v1", col, bad), hdr1 + "\n" + good1 + "\n" + rowV1(col, bad) + "\n",
					[]string{"f.csv:3: ", fmt.Sprintf("%q is not", bad), fmt.Sprintf("(column %q)", col)}})
			}
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, err := ReadCSV(strings.NewReader(tt.in), "f.csv")
			if err == nil {
				t.Fatalf("no error; read %d records from\n%s", len(recs), tt.in)
			}
			if recs != nil {
				t.Errorf("records returned with an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\ndoes not contain %q", err, w)
				}
			}
		})
	}
}

func TestReadAccepts(t *testing.T) {
	hdr := strings.Join(Columns, ",")
	hdr2 := strings.Join(ColumnsV2, ",")
	hdr1 := strings.Join(ColumnsV1, ",")
	tests := []struct {
		name  string
		in    string
		check func(Record) bool
	}{
		{"TRUE upper case", hdr + "\n" + row("presize", "TRUE") + "\n", func(r Record) bool { return r.Presize }},
		{"False", hdr + "\n" + row("presize", "False") + "\n", func(r Record) bool { return !r.Presize }},
		{"exponent value", hdr + "\n" + row("value", "1.048576e+06") + "\n", func(r Record) bool { return r.Value == 1048576 }},
		{"no trailing newline", hdr + "\n" + row("value", "7"), func(r Record) bool { return r.Value == 7 }},
		{"quoted number", hdr + "\n" + row("n", `"12"`) + "\n", func(r Record) bool { return r.N == 12 }},
		{"BOM", bom + hdr + "\n" + row("", "") + "\n", func(r Record) bool { return r.N == 65536 }},
		{"goroutines 4", hdr + "\n" + row("goroutines", "4") + "\n", func(r Record) bool { return r.Goroutines == 4 && r.Rep == 0 && r.N == 65536 }},
		// The reader checks syntax; Valid refuses goroutines < 1.
		{"goroutines 0", hdr + "\n" + row("goroutines", "0") + "\n", func(r Record) bool { return r.Goroutines == 0 && r.Valid() != nil }},
		{"v1 row: goroutines 1", hdr1 + "\n" + rowV1("rep", "3") + "\n", func(r Record) bool { return r.Goroutines == 1 && r.Rep == 3 && r.Valid() == nil }},
		{"v1 BOM", bom + hdr1 + "\n" + rowV1("", "") + "\n", func(r Record) bool { return r.Goroutines == 1 && r.N == 65536 }},
		{"v1 header, no trailing newline", hdr1 + "\n" + rowV1("value", "7"), func(r Record) bool { return r.Value == 7 && r.Goroutines == 1 }},
		{"v3 header, then a v1 header, then its row", hdr + "\n" + hdr1 + "\n" + rowV1("", "") + "\n", func(r Record) bool { return r.Goroutines == 1 }},
		{"v1 header, then a v3 header, then its row", hdr1 + "\n\n" + hdr + "\n" + row("goroutines", "2") + "\n", func(r Record) bool { return r.Goroutines == 2 }},
		{"other_heap 256 MiB", hdr + "\n" + row("other_heap", "268435456") + "\n", func(r Record) bool { return r.OtherHeap == 256<<20 && r.Valid() == nil }},
		{"v2 row: other_heap 0", hdr2 + "\n" + rowV2("goroutines", "4") + "\n", func(r Record) bool { return r.OtherHeap == 0 && r.Goroutines == 4 && r.Valid() == nil }},
		{"v1 row: other_heap 0", hdr1 + "\n" + rowV1("", "") + "\n", func(r Record) bool { return r.OtherHeap == 0 && r.Goroutines == 1 }},
		{"v2 header, then a v3 header, then its row", hdr2 + "\n" + hdr + "\n" + row("other_heap", "1024") + "\n",
			func(r Record) bool { return r.OtherHeap == 1024 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, err := ReadCSV(strings.NewReader(tt.in), "ok.csv")
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != 1 || !tt.check(recs[0]) {
				t.Fatalf("got %#v", recs)
			}
		})
	}
}

// encodeV1 writes recs as a v1 file would hold them: the v1 header, and
// each row without its goroutines and other_heap columns (which must be 1
// and 0).
func encodeV1(t testing.TB, recs []Record) []byte { return encodeIn(t, layoutV1, recs) }

// encodeV2 writes recs as a v2 file would hold them: the v2 header, and
// each row without its other_heap column (which must be 0).
func encodeV2(t testing.TB, recs []Record) []byte { return encodeIn(t, layoutV2, recs) }

// encodeIn writes recs in the layout l of an earlier schema, whose rows
// cannot hold what its missing columns would.
func encodeIn(t testing.TB, l *layout, recs []Record) []byte {
	t.Helper()
	var b bytes.Buffer
	b.WriteString(strings.Join(l.header, ",") + "\n")
	for _, r := range recs {
		if r.OtherHeap != 0 || (l == layoutV1 && r.Goroutines != 1) {
			t.Fatalf("a %s row has other_heap 0 (and in v1 goroutines 1), not %d (goroutines %d)", l.schema, r.OtherHeap, r.Goroutines)
		}
		var buf bytes.Buffer
		enc := csv.NewWriter(&buf)
		var fields []string
		for _, c := range l.codecs {
			fields = append(fields, cleanField(c.format(&r)))
		}
		fields[0] = l.schema
		if err := enc.Write(fields); err != nil {
			t.Fatal(err)
		}
		enc.Flush()
		b.Write(buf.Bytes())
	}
	return b.Bytes()
}

// v1Records are sampleRecords with one goroutine and no other heap: what
// a v1 file can hold.
func v1Records() []Record {
	var out []Record
	for _, r := range v2Records() {
		r.Goroutines = 1
		out = append(out, r)
	}
	return out
}

// v2Records are sampleRecords with no other heap: what a v2 file can hold.
func v2Records() []Record {
	var out []Record
	for _, r := range sampleRecords() {
		r.OtherHeap = 0
		out = append(out, r)
	}
	return out
}

// Schema v2 files read as their records with OtherHeap 0, and concatenate
// with v1 and v3 files in any order; v3 rows appended to a v2 file after a
// v3 header line (what -resume of a v2 file leaves) read too, without the
// header line they are refused.
func TestReadV2AndMixed(t *testing.T) {
	v1, v2, v3 := v1Records(), v2Records(), sampleRecords()
	f1, f2, f3 := encodeV1(t, v1), encodeV2(t, v2), encode(t, true, v3)
	if !bytes.HasPrefix(f2, []byte(strings.Join(ColumnsV2, ",")+"\n"+SchemaV2+",")) || bytes.Contains(f2, []byte(Schema)) {
		t.Fatalf("the v2 fixture is not v2:\n%s", f2)
	}
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	join := func(parts ...[]Record) []Record {
		var out []Record
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	tests := []struct {
		name string
		in   []byte
		want []Record
	}{
		{"v2 only", f2, v2},
		{"v2 then v3", cat(f2, f3), join(v2, v3)},
		{"v3 then v2", cat(f3, f2), join(v3, v2)},
		{"v1, v2, v3, v2", cat(f1, f2, []byte("\n"), f3, f2), join(v1, v2, v3, v2)},
		{"v3 rows appended to v2 after a v3 header", cat(f2, encode(t, true, v3[:3]), encode(t, false, v3[3:])), join(v2, v3)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadCSV(bytes.NewReader(tt.in), "mixed.csv")
			if err != nil {
				t.Fatalf("ReadCSV: %v\n%s", err, tt.in)
			}
			diffRecords(t, got, tt.want)
		})
	}
	bad := cat(f2, encode(t, false, v3[:1]))
	line := bytes.Count(f2, []byte{'\n'}) + 1
	if _, err := ReadCSV(bytes.NewReader(bad), "bad.csv"); err == nil ||
		!strings.Contains(err.Error(), fmt.Sprintf("bad.csv:%d: schema %q does not agree with the header this row follows (line 1)", line, Schema)) {
		t.Errorf("v3 rows after a v2 header: error %v", err)
	}
}

// Schema v1 files read as their records with Goroutines 1; a v1 file and a
// v3 file concatenated (in either order, with or without blank lines and
// byte order marks between them) read as the records of both; v3 rows
// appended to a v1 file after a v3 header line read too. (v2 in the
// names below is the file the writer writes: schema v3 since it exists.)
func TestReadV1AndMixed(t *testing.T) {
	v1 := v1Records()
	v2 := sampleRecords()
	f1 := encodeV1(t, v1)
	f2 := encode(t, true, v2)
	if !bytes.HasPrefix(f1, []byte(strings.Join(ColumnsV1, ",")+"\n"+SchemaV1+",")) || bytes.Contains(f1, []byte(Schema)) {
		t.Fatalf("the v1 fixture is not v1:\n%s", f1)
	}
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	tests := []struct {
		name string
		in   []byte
		want []Record
	}{
		{"v1 only", f1, v1},
		{"v2 only", f2, v2},
		{"v1 then v2", cat(f1, f2), append(slices.Clone(v1), v2...)},
		{"v2 then v1", cat(f2, f1), append(slices.Clone(v2), v1...)},
		{"v1, blank lines, BOM, v2, v1", cat(f1, []byte("\n\n"), []byte(bom), f2, f1), append(append(slices.Clone(v1), v2...), v1...)},
		{"v1 with its header repeated", cat(f1, f1[:bytes.IndexByte(f1, '\n')+1], f1[bytes.IndexByte(f1, '\n')+1:]), append(slices.Clone(v1), v1...)},
		{"v1 then header-only v2", cat(f1, encode(t, true)), v1},
		{"header-only v1 then v2", cat(encodeV1(t, nil), f2), v2},
		// What -resume of a v1 file leaves: the v1 cells, a v2 header line,
		// the appended v2 rows.
		{"v2 rows appended to v1 after a v2 header", cat(f1, encode(t, true, v2[:3]), encode(t, false, v2[3:])), append(slices.Clone(v1), v2...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadCSV(bytes.NewReader(tt.in), "mixed.csv")
			if err != nil {
				t.Fatalf("ReadCSV: %v\n%s", err, tt.in)
			}
			diffRecords(t, got, tt.want)
		})
	}
	// Rewritten, a v1 file's records are a v2 file (the writer always
	// writes v2) that reads back the same.
	got, err := ReadCSV(bytes.NewReader(f1), "v1.csv")
	if err != nil {
		t.Fatal(err)
	}
	re := encode(t, true, got)
	if !bytes.HasPrefix(re, []byte(strings.Join(Columns, ",")+"\n"+Schema+",")) {
		t.Errorf("rewritten v1 records are not v2:\n%s", re)
	}
	back, err := ReadCSV(bytes.NewReader(re), "v2.csv")
	if err != nil {
		t.Fatal(err)
	}
	diffRecords(t, back, v1)
	// v2 rows appended to a v1 file without a header line are refused,
	// naming the first of them.
	bad := cat(f1, encode(t, false, v2[:1]))
	line := bytes.Count(f1, []byte{'\n'}) + 1
	if _, err := ReadCSV(bytes.NewReader(bad), "bad.csv"); err == nil ||
		!strings.Contains(err.Error(), fmt.Sprintf("bad.csv:%d: schema %q does not agree with the header this row follows (line 1)", line, Schema)) {
		t.Errorf("v2 rows after a v1 header: error %v", err)
	}
}

func TestValid(t *testing.T) {
	good := Record{Env: testEnv, Cell: testCell, Phase: "fill", Metric: "live_heap", Value: 1024, Unit: "B"}
	if err := good.Valid(); err != nil {
		t.Fatalf("good record: %v", err)
	}
	for _, g := range []int{1, 2, 4, 64} {
		r := good
		r.Goroutines = g
		if err := r.Valid(); err != nil {
			t.Errorf("goroutines %d: %v", g, err)
		}
	}
	failed := good
	failed.Metric, failed.Unit, failed.Value, failed.Note = "cell_failed", "bool", 1, "exit status 2"
	if err := failed.Valid(); err != nil {
		t.Fatalf("cell_failed record: %v", err)
	}
	for _, m := range Metrics {
		t.Run("metric="+m.Name, func(t *testing.T) {
			r := good
			r.Metric, r.Unit, r.Value = m.Name, m.Unit, 1
			if err := r.Valid(); err != nil {
				t.Errorf("Valid() = %v", err)
			}
		})
	}
	tests := []struct {
		name string
		mod  func(*Record)
		want string
	}{
		{"no impl", func(r *Record) { r.Impl = "" }, "impl is empty"},
		{"no scenario", func(r *Record) { r.Scenario = "" }, "scenario is empty"},
		{"no shape", func(r *Record) { r.Shape = "" }, "shape is empty"},
		{"no phase", func(r *Record) { r.Phase = "" }, "phase is empty"},
		{"no metric", func(r *Record) { r.Metric = "" }, "metric is empty"},
		{"no unit", func(r *Record) { r.Unit = "" }, "unit is empty"},
		{"n zero", func(r *Record) { r.N = 0 }, "n is 0"},
		{"n negative", func(r *Record) { r.N = -1 }, "n is -1"},
		{"goroutines zero", func(r *Record) { r.Goroutines = 0 }, "goroutines is 0, want >= 1"},
		{"goroutines negative", func(r *Record) { r.Goroutines = -4 }, "goroutines is -4, want >= 1"},
		{"rep negative", func(r *Record) { r.Rep = -1 }, "rep is -1"},
		{"step negative", func(r *Record) { r.Step = -1 }, "step is -1"},
		{"NaN", func(r *Record) { r.Value = math.NaN() }, "finite"},
		{"Inf", func(r *Record) { r.Value = math.Inf(1) }, "finite"},
		{"unknown metric", func(r *Record) { r.Metric = "live_heep" }, "unknown metric"},
		{"wrong unit", func(r *Record) { r.Unit = "bytes" }, `unit is "bytes", want "B"`},
		{"bool not 0/1", func(r *Record) { r.Metric, r.Unit, r.Value = "checksum_ok", "bool", 2 }, "want 0 or 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := good
			tt.mod(&r)
			err := r.Valid()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Valid() = %v, want error containing %q", err, tt.want)
			}
		})
	}
}

func TestCleanField(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"abc", "abc"},
		{"a\r\nb", "a\nb"},
		{"a\r\r\nb", "a\nb"},
		{"a\rb", "a\rb"},
		{"a\r", "a\r"},
		{"\r\n\r\n", "\n\n"},
		{"\r\r", "\r\r"},
		{"x\r\ry\r\n", "x\r\ry\n"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("in=%q", tt.in), func(t *testing.T) {
			if got := cleanField(tt.in); got != tt.want {
				t.Errorf("cleanField(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
