package results

import (
	"bytes"
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

var testCell = Cell{Impl: "native", ImplVersion: "go1.26.8", Scenario: "drain", Shape: "u64", N: 65536, Presize: true, Rep: 0}

// sampleRecords is a varied set of records: every field non-default somewhere,
// awkward strings, extreme numbers.
func sampleRecords() []Record {
	env2 := testEnv
	env2.RunID, env2.Host, env2.Seed, env2.GCPercent, env2.GOMAXPROCS = "run,2", "host \"quoted\"", math.MaxUint64, -1, 1
	cell2 := Cell{Impl: "swiss", ImplVersion: "v0.2.1", Scenario: "churn", Shape: "str", N: 1, Presize: false, Rep: 7}
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
		{Env: Env{}, Cell: Cell{N: -3, Rep: -1}, Step: -5, Metric: "", Value: 0.1}, // all-empty strings still round-trip
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
	const design = "schema,run_id,host,go_version,goos,goarch,cpu,gomaxprocs,gc_percent,seed,impl,impl_version,scenario,shape,n,presize,rep,phase,step,metric,value,unit,note"
	if got := strings.Join(Columns, ","); got != design {
		t.Fatalf("Columns = %s\nwant docs/design.md, CSV schema %s", got, design)
	}
}

func TestMetricsGlossary(t *testing.T) {
	want := map[string]string{
		// docs/design.md, CSV schema core
		"live_heap": "B", "heap_inuse": "B", "entries": "count", "ops": "count", "ns_per_op": "ns",
		"latency_p50": "ns", "latency_p90": "ns", "latency_p99": "ns", "latency_p999": "ns", "latency_max": "ns",
		"latency_samples": "count", "alloc_bytes_per_op": "B", "allocs_per_op": "count", "gc_cycles": "count",
		"gc_pause_total": "ns", "gc_assist_cpu": "ns", "retained_ratio": "ratio", "reuse_ratio": "ratio",
		"footprint_drift": "ratio", "checksum_ok": "bool",
		// mapbench additions
		"gc_pauses": "count", "gc_pause_max": "ns", "growth_events": "count", "gc_calls_to_stable": "count",
		"timer_overhead": "ns", "noise_floor_p999": "ns", "noise_floor_over_10us_per_million": "count",
		"null_cell_live_delta": "B", "snapshot_allocs": "count", "repeat_reads_equal": "bool",
		"phase_passes": "count", "loop_ns_per_op": "ns", "bytes_per_entry": "B", "capacity": "count", "sample_every": "count", "cpu_share": "ratio", "min_phase": "ns", "cell_wall_time": "ns",
		"cell_failed": "bool", "passes": "count", "timeout": "ns", "mem_limit": "B", "run_config": "bool", "command_line": "bool",
		// concurrent scenarios
		"ops_per_sec": "ops/s", "read_latency_p50": "ns", "read_latency_p90": "ns", "read_latency_p99": "ns",
		"read_latency_p999": "ns", "read_latency_max": "ns", "read_latency_samples": "count", "reads": "count",
		"read_hit_ratio": "ratio", "readers": "count", "oversubscribed": "bool", "mix_reads": "percent",
		"mix_inserts": "percent", "mix_deletes": "percent", "zipf_s": "ratio",
	}
	seen := map[string]bool{}
	for _, m := range Metrics {
		if seen[m.Name] {
			t.Errorf("metric %q listed twice", m.Name)
		}
		seen[m.Name] = true
		if u, ok := want[m.Name]; !ok {
			t.Errorf("unexpected metric %q", m.Name)
		} else if u != m.Unit {
			t.Errorf("metric %q: unit %q, want %q", m.Name, m.Unit, u)
		}
		if m.Doc == "" {
			t.Errorf("metric %q has no doc", m.Name)
		}
		got, ok := LookupMetric(m.Name)
		if !ok || got != m {
			t.Errorf("LookupMetric(%q) = %v, %v", m.Name, got, ok)
		}
	}
	for name := range want {
		if !seen[name] {
			t.Errorf("metric %q missing from Metrics", name)
		}
	}
	if _, ok := LookupMetric("no_such_metric"); ok {
		t.Error("LookupMetric found no_such_metric")
	}
	// Every metric is in the package doc's glossary too.
	doc, err := os.ReadFile("glossary.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range Metrics {
		line := fmt.Sprintf("//\t%-35s%-8s%s\n", m.Name, m.Unit, m.Doc)
		if !bytes.Contains(doc, []byte(line)) {
			t.Errorf("package doc glossary lacks the line %q (it must say what Metrics says)", line)
		}
	}
	for _, c := range Columns {
		if !bytes.Contains(doc, []byte("//\t"+c+" ")) {
			t.Errorf("column %q is not in the package doc glossary", c)
		}
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

// row returns one valid data line (no newline) with column col replaced by
// val, verbatim (so val may be quoted or malformed CSV).
func row(col, val string) string {
	var r [len(codecs)]string
	rec := sampleRecords()[0]
	for i, c := range codecs {
		r[i] = c.format(&rec)
		if strings.ContainsAny(r[i], ",\"\r\n") {
			r[i] = `"` + strings.ReplaceAll(r[i], `"`, `""`) + `"`
		}
		if c.name == col {
			r[i] = val
		}
	}
	return strings.Join(r[:], ",")
}

func TestReadErrors(t *testing.T) {
	hdr := strings.Join(Columns, ",")
	good := row("", "")
	type tc struct {
		name string
		in   string
		want []string // substrings of the error
	}
	tests := []tc{
		{"empty input", "", []string{"f.csv:1: ", "missing header", hdr}},
		{"only blank lines", "\n\n\n", []string{"f.csv:1: ", "missing header"}},
		{"missing header", good + "\n", []string{"f.csv:1: ", "missing header", hdr}},
		{"missing header after blank lines", "\n\n" + good + "\n", []string{"f.csv:3: ", "missing header"}},
		{"reordered header", strings.Replace(hdr, "impl,impl_version", "impl_version,impl", 1) + "\n" + good + "\n",
			[]string{"f.csv:1: ", "header does not match", `column 11 is "impl_version", want "impl"`, `(column "impl")`, hdr}},
		{"header missing a column", strings.TrimSuffix(hdr, ",note") + "\n", []string{"f.csv:1: ", "header does not match", `(column "note")`, hdr}},
		{"header with an extra column", hdr + ",extra\n", []string{"f.csv:1: ", "header does not match", `"extra"`, hdr}},
		{"header not first column", "run_id,schema\n", []string{"f.csv:1: ", "header does not match", hdr}},
		{"other header later", hdr + "\n" + good + "\n" + strings.Replace(hdr, "unit,note", "note,unit", 1) + "\n" + good + "\n",
			[]string{"f.csv:3: ", "header does not match", `(column "unit")`}},
		{"too few fields", hdr + "\n" + good + "\n" + strings.TrimSuffix(good, ",B,") + "\n",
			[]string{"f.csv:3: ", "row has 21 fields, want 23", `(column "unit")`}},
		{"too many fields", hdr + "\n" + good + ",x\n", []string{"f.csv:2: ", "row has 24 fields, want 23", `(column "note")`}},
		{"truncated last line", hdr + "\n" + good + "\n" + good[:40], []string{"f.csv:3: ", "want 23", "column"}},
		{"truncated quoted field", hdr + "\n" + good + "\n" + good + "\"unterminated note\nmore", []string{"f.csv:", "line 3", `"`}},
		{"bare quote", hdr + "\n" + row("host", `ho"st`) + "\n", []string{"f.csv:2: ", `bare "`}},
		{"unknown schema", hdr + "\n" + row("schema", "mapbench/v2") + "\n", []string{"f.csv:2: ", `unknown schema "mapbench/v2"`, `(column "schema")`}},
		{"empty schema", hdr + "\n" + row("schema", "") + "\n", []string{"f.csv:2: ", `unknown schema ""`, `(column "schema")`}},
		{"bad bool", hdr + "\n" + row("presize", "1") + "\n", []string{"f.csv:2: ", `"1" is not a bool`, `(column "presize")`}},
		{"bad bool yes", hdr + "\n" + row("presize", "yes") + "\n", []string{"f.csv:2: ", `(column "presize")`}},
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
	// A bad number in each numeric column.
	for _, col := range []string{"gomaxprocs", "gc_percent", "seed", "n", "rep", "step", "value"} {
		for _, bad := range []string{"", "abc", "1 ", "0x10", "1_000"} {
			tests = append(tests, tc{fmt.Sprintf("bad %s %q", col, bad), hdr + "\n" + good + "\n" + row(col, bad) + "\n",
				[]string{"f.csv:3: ", fmt.Sprintf("%q is not", bad), fmt.Sprintf("(column %q)", col)}})
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

func TestValid(t *testing.T) {
	good := Record{Env: testEnv, Cell: testCell, Phase: "fill", Metric: "live_heap", Value: 1024, Unit: "B"}
	if err := good.Valid(); err != nil {
		t.Fatalf("good record: %v", err)
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
