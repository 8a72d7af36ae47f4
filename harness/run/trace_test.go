package run

import (
	"errors"
	"os"
	"path/filepath"
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
