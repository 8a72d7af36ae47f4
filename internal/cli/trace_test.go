package cli

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"mapbench/harness"
	"mapbench/internal/golden"
	"mapbench/results"
	"mapbench/trace"
)

// statTrace writes a small trace of string keys on two lanes: 6 puts, 4
// gets (2 hits), 3 deletes (one of a key never put), a clear, a len, a
// range and a mark.
func statTrace(t *testing.T, dir string) string {
	t.Helper()
	var b bytes.Buffer
	w, err := trace.NewWriter(&b, trace.Header{KeyKind: trace.KeyString, KeySize: 64, ValueSize: 100, Lanes: 2,
		Recorder: "test", GoVersion: "go-test", Labels: map[string]string{"program": "sessiond"}})
	if err != nil {
		t.Fatal(err)
	}
	recs := []trace.Record{
		{Op: trace.OpPut, Key: 0, KeySize: 16, ValueSize: 100},
		{Op: trace.OpPut, Key: 1, KeySize: 24, ValueSize: 40},
		{Op: trace.OpPut, Lane: 1, Key: 2, KeySize: 40, ValueSize: 40},
		{Op: trace.OpGet, Key: 0, KeySize: 16},
		{Op: trace.OpGet, Key: 3, KeySize: 20},
		{Op: trace.OpDelete, Key: 1, KeySize: 24},
		{Op: trace.OpDelete, Lane: 1, Key: 4, KeySize: 32},
		{Op: trace.OpLen},
		{Op: trace.OpMark},
		{Op: trace.OpClear},
		{Op: trace.OpPut, Key: 0, KeySize: 16, ValueSize: 100},
		{Op: trace.OpPut, Key: 3, KeySize: 20, ValueSize: 8},
		{Op: trace.OpPut, Key: 5, KeySize: 16, ValueSize: 8},
		{Op: trace.OpGet, Key: 0, KeySize: 16},
		{Op: trace.OpGet, Key: 2, KeySize: 40},
		{Op: trace.OpDelete, Key: 5, KeySize: 16},
		{Op: trace.OpRange, N: 2},
	}
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "s.trace")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// trace stat: what a reader sees, as a golden file (the temporary
// directory written DIR).
func TestTraceStat(t *testing.T) {
	dir := t.TempDir()
	path := statTrace(t, dir)
	var stdout, stderr bytes.Buffer
	if err := mapbench([]string{"trace", "stat", path}, &stdout, &stderr); err != nil {
		t.Fatalf("trace stat: %v (stderr %s)", err, stderr.String())
	}
	got := strings.ReplaceAll(stdout.String(), dir, "DIR")
	golden.Check(t, "testdata/trace-stat.golden", []byte(got))
}

// from-scenario writes a trace that stat reads back: drain at n=64 is 64
// puts and 64 deletes of 64 keys.
func TestTraceFromScenario(t *testing.T) {
	out := filepath.Join(t.TempDir(), "d.trace")
	var stdout, stderr bytes.Buffer
	if err := mapbench([]string{"trace", "from-scenario", "-n", "64", "-seed", "3", "-o", out, "drain"}, &stdout, &stderr); err != nil {
		t.Fatalf("from-scenario: %v (stderr %s)", err, stderr.String())
	}
	h, recs, err := trace.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var puts, dels int
	for i, r := range recs {
		switch {
		case r.Op == trace.OpPut && i < 64:
			puts++
		case r.Op == trace.OpMark && i == 64:
		case r.Op == trace.OpDelete && i > 64:
			dels++
		default:
			t.Errorf("record %d %v: want 64 puts, a mark (the phase boundary), 64 deletes", i, r)
		}
	}
	if puts != 64 || dels != 64 || h.Labels["program"] != "drain" || h.Labels["seed"] != "3" {
		t.Errorf("%d puts, %d deletes, labels %v: want 64, 64, program=drain seed=3", puts, dels, h.Labels)
	}
}

// Bad input: exit status 2, nothing written.
func TestTraceRefused(t *testing.T) {
	dir := t.TempDir()
	path := statTrace(t, dir)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(dir, "cut.trace")
	if err := os.WriteFile(cut, b[:len(b)-3], 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "new.trace")
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"trace"}, []string{"subcommand"}},
		{[]string{"trace", "nope"}, []string{"unknown subcommand", "stat, from-scenario or convert"}},
		{[]string{"trace", "stat", cut}, []string{"cut.trace: byte", "last good"}},
		{[]string{"trace", "from-scenario", "-o", out, "nope"}, []string{"unknown scenario", "drain"}},
		{[]string{"trace", "from-scenario", "drain"}, []string{"-o FILE is required"}},
		{[]string{"trace", "from-scenario", "-n", "0", "-o", out, "drain"}, []string{"-n: 0", "1.."}},
		{[]string{"trace", "from-scenario", "-o", path, "drain"}, []string{"exists", "-force"}},
		{[]string{"run", "-scenarios", "trace:" + cut, "-o", filepath.Join(dir, "r.csv")}, []string{"-scenarios", "cut.trace: byte"}},
		{[]string{"trace", "stat", "-o", out, path}, []string{"-o: trace stat does not take it", "its flags: -chart, -force"}},
		{[]string{"trace", "stat", path, path}, []string{"want one FILE"}},
		{[]string{"trace", "stat", "-chart", path, path}, []string{"-chart", "is not a directory"}},
		{[]string{"trace", "from-scenario", "-chart", dir, "-o", out, "drain"}, []string{"-chart: trace from-scenario does not take it"}},
	}
	for _, tc := range tests {
		runRefused(t, tc.args, tc.want)
	}
	for _, f := range []string{out, filepath.Join(dir, "r.csv")} {
		if _, err := os.Stat(f); !os.IsNotExist(err) {
			t.Errorf("%s exists after a refusal", f)
		}
	}
	if after, err := os.ReadFile(path); err != nil || !bytes.Equal(after, b) {
		t.Errorf("the existing file was overwritten")
	}
}

// The memory guard: a trace whose replay cannot fit (256 string keys of
// 256 MiB each, recorded lengths a str cell lays out twice) is refused
// before any cell starts, with its numbers.
func TestTraceTooLargeRefused(t *testing.T) {
	if avail, ok := harness.AvailableMemory(); !ok || avail > 100<<30 {
		t.Skip("needs a machine with less than 100 GiB available")
	}
	dir := t.TempDir()
	var b bytes.Buffer
	w, err := trace.NewWriter(&b, trace.Header{KeyKind: trace.KeyString, KeySize: 1 << 28, ValueSize: 8, Lanes: 1})
	if err != nil {
		t.Fatal(err)
	}
	for i := range uint64(256) {
		if err := w.Write(trace.Record{Op: trace.OpPut, Key: i, KeySize: 1 << 28, ValueSize: 8}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "big.trace")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "r.csv")
	runRefused(t, []string{"run", "-scenarios", "trace:" + path, "-shapes", "str", "-impls", "native", "-o", out},
		[]string{"-scenarios", "big.trace does not fit", "256 ops on 256 distinct keys, 256 live at the peak", "MiB available"})
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("%s exists after a refusal", out)
	}
}

// The synthetic samples of the published formats (trace/convert/testdata).
const (
	twemcacheSample = "../../trace/convert/testdata/twemcache-sample.csv"
	oracleSample    = "../../trace/convert/testdata/oracle-general-sample.bin"
)

// trace convert end to end: the twemcache sample converted (what a user
// reads, summary and stat, as a golden file), the oracle-general one with
// -zstd, and both replayed by run on two maps, each on the key shape it
// fits, every cell's checksum good.
func TestTraceConvert(t *testing.T) {
	dir := t.TempDir()
	tw := filepath.Join(dir, "c.trace")
	var stdout, stderr bytes.Buffer
	if err := mapbench([]string{"trace", "convert", "-from", "twemcache", "-o", tw, twemcacheSample}, &stdout, &stderr); err != nil {
		t.Fatalf("convert: %v (stderr %s)", err, stderr.String())
	}
	if stdout.Len() > 0 {
		t.Errorf("convert wrote to stdout: %q", stdout.String())
	}
	summary := stderr.String()
	stderr.Reset()
	if err := mapbench([]string{"trace", "stat", tw}, &stdout, &stderr); err != nil {
		t.Fatalf("trace stat: %v (stderr %s)", err, stderr.String())
	}
	got := strings.ReplaceAll(summary+stdout.String(), dir, "DIR")
	golden.Check(t, "testdata/trace-convert.golden", []byte(got))

	og := filepath.Join(dir, "og.trace")
	stderr.Reset()
	if err := mapbench([]string{"trace", "convert", "-zstd", oracleSample, "-from", "oracle-general", "-o", og}, &stdout, &stderr); err != nil {
		t.Fatalf("convert: %v (stderr %s)", err, stderr.String())
	}
	if h, _, err := trace.ReadFile(og); err != nil || !h.Compressed {
		t.Fatalf("oracle-general with -zstd: header %+v, error %v; want a compressed trace that decodes", h, err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}

	out := filepath.Join(dir, "r.csv")
	stderr.Reset()
	err := mapbench([]string{"run", "-scenarios", "trace:" + tw + ",trace:" + og, "-impls", "native,cockroach", "-shapes", "u64,str",
		"-reps", "1", "-n", "1k", "-passes", "1", "-min-phase", "0", "-o", out}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("run: %v\nstderr: %s", err, stderr.String())
	}
	recs, err := results.ReadCSVFile(out)
	if err != nil {
		t.Fatal(err)
	}
	checked := map[string]bool{}
	for _, r := range recs {
		if err := r.Valid(); err != nil {
			t.Fatalf("invalid record: %v", err)
		}
		if r.Metric == results.MetricChecksumOK {
			checked[r.Impl+" "+r.Shape+" "+r.Scenario[:strings.Index(r.Scenario, "@")]] = true
			if r.Value != 1 {
				t.Errorf("%s %s %s: checksum_ok=0 (%s)", r.Impl, r.Shape, r.Scenario, r.Note)
			}
		}
	}
	// Each trace on the shape its keys fit (harness.TraceFits): the
	// twemcache sample's string keys on str, oracle-general's int ids on
	// u64; no other cell.
	want := map[string]bool{}
	for _, impl := range []string{"native", "cockroach"} {
		want[impl+" str trace:twemcache-twemcache-sample.csv"] = true
		want[impl+" u64 trace:oracle-general-oracle-general-sample.bin"] = true
	}
	if !maps.Equal(checked, want) {
		t.Errorf("checksums of %v, want %v", checked, want)
	}
}

// Without -o, convert writes IN's name with .trace in the current
// directory; -force overwrites it; standard input converts with -o.
func TestTraceConvertOutput(t *testing.T) {
	pkgDir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	sample := filepath.Join(pkgDir, twemcacheSample)
	if err := mapbench([]string{"trace", "convert", "-from", "twemcache", sample}, &stdout, &stderr); err != nil {
		t.Fatalf("convert: %v", err)
	}
	first := readFile(t, filepath.Join(dir, "twemcache-sample.trace"))
	runRefused(t, []string{"trace", "convert", "-from", "twemcache", sample}, []string{"-o: twemcache-sample.trace exists; pass -force"})
	if err := mapbench([]string{"trace", "convert", "-force", "-zstd", "-from", "twemcache", sample}, &stdout, &stderr); err != nil {
		t.Fatalf("convert -force: %v", err)
	}
	if bytes.Equal(first, readFile(t, filepath.Join(dir, "twemcache-sample.trace"))) {
		t.Error("-force -zstd did not replace the file")
	}
	in, err := os.Open(filepath.Join(pkgDir, oracleSample))
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	oldStdin := os.Stdin
	os.Stdin = in
	defer func() { os.Stdin = oldStdin }()
	stderr.Reset()
	if err := mapbench([]string{"trace", "convert", "-from", "oracle-general", "-o", "og.trace", "-"}, &stdout, &stderr); err != nil {
		t.Fatalf("convert from stdin: %v", err)
	}
	if h, _, err := trace.ReadFile("og.trace"); err != nil || h.Labels["source-file"] != "stdin" {
		t.Errorf("from stdin: labels %v, error %v; want source-file=stdin", h.Labels, err)
	}
	if !strings.Contains(stderr.String(), "2000 records of stdin (oracle-general)") {
		t.Errorf("summary %q", stderr.String())
	}
}

// Bad input to convert: exit status 2, a message naming the flag, or the
// file and line and column, or the byte; nothing written or left behind.
func TestTraceConvertRefused(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	good := write("good.csv", []byte("0,a,1,1,c,set,5\n"))
	bad := write("bad.csv", []byte("0,a,1,1,c,set,5\n1,a,1,1,c,frob,0\n"))
	og := readFile(t, oracleSample)
	cut := write("cut.bin", og[:len(og)-5])
	existing := write("existing.trace", []byte("precious"))
	out := filepath.Join(dir, "out.trace")
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"trace", "convert", good}, []string{"-from FORMAT is required", "twemcache, oracle-general"}},
		{[]string{"trace", "convert", "-from", "csv", "-o", out, good}, []string{`-from: unknown format "csv"`, "allowed: twemcache, oracle-general"}},
		{[]string{"trace", "convert", "-from", "twemcache", "-o", out}, []string{"want one input file IN"}},
		{[]string{"trace", "convert", "-from", "twemcache", "-o", out, good, bad}, []string{"want one input file IN"}},
		{[]string{"trace", "convert", "-from", "twemcache", "-o", out, bad}, []string{"bad.csv: line 2, column 6 (operation): \"frob\" (allowed: get, gets, set"}},
		{[]string{"trace", "convert", "-from", "oracle-general", "-o", out, cut}, []string{"cut.bin: byte 47976: truncated: the input ends 19 bytes into record 1999"}},
		{[]string{"trace", "convert", "-from", "twemcache", "-o", out, filepath.Join(dir, "none.csv")}, []string{"none.csv", "no such file"}},
		{[]string{"trace", "convert", "-from", "twemcache", "-o", existing, good}, []string{"-o: " + existing + " exists; pass -force"}},
		{[]string{"trace", "convert", "-from", "twemcache", "-"}, []string{"-o FILE is required when the input is standard input"}},
		{[]string{"trace", "convert", "-from", "twemcache", "-n", "5", "-o", out, good}, []string{"-n: trace convert does not take it", "-from, -o, -force, -zstd"}},
		{[]string{"trace", "from-scenario", "-zstd", "-o", out, "drain"}, []string{"-zstd: trace from-scenario does not take it"}},
		{[]string{"trace", "convert", "-from", "twemcache", "-o", filepath.Join(dir, "no", "such", "x.trace"), good}, []string{"-o: cannot create a file in"}},
	} {
		runRefused(t, tc.args, tc.want)
	}
	if b := readFile(t, existing); string(b) != "precious" {
		t.Errorf("the existing file changed to %q", b)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{"bad.csv", "cut.bin", "existing.trace", "good.csv"}; !slices.Equal(names, want) {
		t.Errorf("the directory holds %v after the refusals, want %v", names, want)
	}
}

// trace stat -chart DIR draws the live keys over the trace into DIR (made
// when missing), refuses to overwrite them without -force, and prints
// nothing when it refuses.
func TestTraceStatChart(t *testing.T) {
	dir := t.TempDir()
	path := statTrace(t, dir)
	charts := filepath.Join(dir, "charts", "new")
	var stdout, stderr bytes.Buffer
	if err := mapbench([]string{"trace", "stat", path, "-chart", charts}, &stdout, &stderr); err != nil {
		t.Fatalf("trace stat -chart: %v (stderr %s)", err, stderr.String())
	}
	const name = "live-keys_trace-sessiond-d1642f88bc4430f4"
	for _, ext := range []string{".svg", ".png"} {
		b, err := os.ReadFile(filepath.Join(charts, name+ext))
		if err != nil || len(b) == 0 {
			t.Errorf("%s%s: %v, %d bytes", name, ext, err, len(b))
		}
	}
	if !strings.Contains(stdout.String(), "live keys over the trace: "+name+".svg") {
		t.Errorf("stdout does not name the chart:\n%s", stdout.String())
	}
	png := filepath.Join(charts, name+".png")
	before, err := os.ReadFile(png)
	if err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	err = mapbench([]string{"trace", "stat", "-chart", charts, path}, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "exists") || stdout.Len() != 0 {
		t.Errorf("again without -force: err %v, stdout %q; want a refusal and nothing printed", err, stdout.String())
	}
	if err := mapbench([]string{"trace", "stat", "-chart", charts, "-force", path}, &stdout, &stderr); err != nil {
		t.Errorf("again with -force: %v", err)
	}
	if after, err := os.ReadFile(png); err != nil || !bytes.Equal(after, before) {
		t.Errorf("the chart drawn again differs (err %v): charts are deterministic", err)
	}
}
