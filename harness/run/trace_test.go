package run

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"mapbench/harness"
	"mapbench/trace"
)

// writeTrace records three ops to a file in t's directory.
func writeTrace(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "s.trace")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := trace.NewRecorder[uint64](f, trace.WithLabel("program", "sessiond"))
	if err != nil {
		t.Fatal(err)
	}
	rec.Put(1, 8)
	rec.Get(1)
	rec.Delete(1)
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// -scenarios trace:FILE: decoded when the flag is parsed, named by label and
// digest, recorded in run_config with its digest, and refused (a usage
// error) when it does not decode or when its digest is not the recorded one.
func TestTraceScenarioItems(t *testing.T) {
	path := writeTrace(t)
	names, traces, err := parseScenarios("drain,trace:" + path)
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 2 || !strings.HasPrefix(names[1], "trace:sessiond@") {
		t.Fatalf("names %v, want drain and trace:sessiond@DIGEST", names)
	}
	tf := traces[names[1]]
	item := scenarioItems(harnessConfig(names, traces))
	if want := "drain,trace:" + tf.Path + "#" + tf.Digest; item != want {
		t.Errorf("run_config scenarios %q, want %q", item, want)
	}
	if again, _, err := parseScenarios(item); err != nil || again[1] != names[1] {
		t.Errorf("the recorded item parses to %v, %v; want %s", again, err, names[1])
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(t.TempDir(), "cut.trace")
	if err := os.WriteFile(cut, b[:len(b)-1], 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ item, want string }{
		{"trace:" + cut, "cut.trace: byte"},
		{"trace:" + filepath.Join(t.TempDir(), "none.trace"), "no such file"},
		{"trace:" + path + "#0123456789abcdef", "the file changed since"},
		{"trace:", "names no file"},
	}
	for _, tc := range tests {
		_, _, err := parseScenarios(tc.item)
		var ue UsageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err %v, want a usage error holding %q", tc.item, err, tc.want)
		}
	}
}

func harnessConfig(names []string, traces map[string]harness.TraceFile) harness.Config {
	return harness.Config{Scenarios: names, Traces: traces}
}

// A run of a trace resumes on the same file, and is refused when the file
// changed since, leaving the results file as it was.
func TestTraceResume(t *testing.T) {
	dir := t.TempDir()
	tracePath := writeTrace(t)
	out := filepath.Join(dir, "r.csv")
	if o, code := runBinary(t, nil, "run", "-impls", "native,dolthub", "-scenarios", "trace:"+tracePath, "-reps", "1",
		"-passes", "1", "-min-phase", "0", "-n", "100,200", "-o", out); code != 0 || !strings.Contains(o, "2 cells (2 impls") ||
		!strings.Contains(o, "at its own n=1 only") {
		t.Fatalf("run: exit status %d, want 0 and 2 cells at the trace's own n=1 (its peak live keys)\n%s", code, o)
	}
	full := readFile(t, out)
	starts, ends := cellBoundsN(full)
	if len(starts) != 2 {
		t.Fatalf("%d cells, want 2", len(starts))
	}
	cut := full[:ends[0]]
	if err := os.WriteFile(out, cut, 0o644); err != nil {
		t.Fatal(err)
	}
	o, code := runBinary(t, nil, "run", "-resume", out)
	if code != 0 || !strings.Contains(o, "1 to run") {
		t.Fatalf("resume: exit status %d, want 0 and 1 cell to run\n%s", code, o)
	}
	if got := readFile(t, out); !bytes.HasPrefix(got, cut) || len(cellsOf(got)) != 2 {
		t.Errorf("the resumed file does not hold the first cell and one more")
	}

	if err := os.WriteFile(out, cut, 0o644); err != nil {
		t.Fatal(err)
	}
	other := writeTrace(t) // the same ops: the same digest
	b := readFile(t, other)
	if err := os.WriteFile(tracePath, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if o, code := runBinary(t, nil, "run", "-resume", out); code != 0 {
		t.Fatalf("resume with an identical file: exit status %d\n%s", code, o)
	}
	if err := os.WriteFile(out, cut, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(tracePath)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := trace.NewRecorder[uint64](f, trace.WithLabel("program", "sessiond"))
	if err != nil {
		t.Fatal(err)
	}
	rec.Put(2, 8)
	if err := errors.Join(rec.Close(), f.Close()); err != nil {
		t.Fatal(err)
	}
	o, code = runBinary(t, nil, "run", "-resume", out)
	if code != 2 || !strings.Contains(o, "the file changed since") {
		t.Errorf("resume of a changed trace: exit status %d, want 2 and a refusal\n%s", code, o)
	}
	if got := readFile(t, out); !bytes.Equal(got, cut) {
		t.Error("the refused resume changed the results file")
	}
}

func cellsOf(b []byte) []int {
	starts, _ := cellBoundsN(b)
	return starts
}

// The run's first line says which implementations run a trace's lanes at
// once and which serialise them.
func TestTraceNoteLanes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "l.trace")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := trace.NewRecorder[uint64](f, trace.WithLabel("program", "lanes"))
	if err != nil {
		t.Fatal(err)
	}
	lane, err := rec.Lane()
	if err != nil {
		t.Fatal(err)
	}
	rec.Put(1, 8)
	lane.Put(2, 8)
	lane.Get(2)
	if err := errors.Join(rec.Close(), f.Close()); err != nil {
		t.Fatal(err)
	}
	names, traces, err := parseScenarios("trace:" + path)
	if err != nil {
		t.Fatal(err)
	}
	c := harness.Config{Impls: []string{"native", "xsync", "syncmap"}, Shapes: []string{"u64"}, Scenarios: names, Traces: traces,
		ConcurrentGOMAXPROCS: 4}
	note := traceNote(c)
	for _, want := range []string{"at its own n=2 only", "its 2 lanes at once (goroutines=2, GOMAXPROCS=4) on xsync,syncmap",
		"its 2 lanes serialised on native"} {
		if !strings.Contains(note, want) {
			t.Errorf("note %q does not hold %q", note, want)
		}
	}
}

// A trace whose keys fit none of -shapes is refused, naming the shapes it
// fits; with one that fits, the others are left out and the first line
// says so.
func TestTraceShapes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "str.trace")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := trace.NewRecorder[string](f, trace.WithLabel("program", "strings"))
	if err != nil {
		t.Fatal(err)
	}
	rec.Put("session-1", 32)
	if err := errors.Join(rec.Close(), f.Close()); err != nil {
		t.Fatal(err)
	}
	names, traces, err := parseScenarios("trace:" + path)
	if err != nil {
		t.Fatal(err)
	}
	c := harness.Config{Impls: []string{"native"}, Shapes: []string{"u64", "v120"}, Scenarios: names, Traces: traces}
	if err := checkTraceShapes(c); err != nil {
		t.Errorf("-shapes u64,v120: %v, want the trace run on its own shape", err)
	}
	if note := traceNote(c); !strings.Contains(note, "on shape str, its own (its string keys fit none of -shapes)") {
		t.Errorf("-shapes u64,v120: note %q does not say the trace runs on its own shape str", note)
	}
	var shapes []string
	for _, s := range harness.Cells(harness.Config{Impls: c.Impls, Shapes: c.Shapes, Scenarios: names, Traces: traces, Ns: []int{1}, Reps: 1}) {
		shapes = append(shapes, s.Shape)
	}
	if !slices.Equal(shapes, []string{"str"}) {
		t.Errorf("-shapes u64,v120: cells on shapes %v, want [str]", shapes)
	}
	c.Shapes = []string{"u64", "str"}
	if err := checkTraceShapes(c); err != nil {
		t.Errorf("-shapes u64,str: %v", err)
	}
	if note := traceNote(c); !strings.Contains(note, "on shape str only (its string keys)") {
		t.Errorf("note %q does not say the trace runs on str only", note)
	}
}
