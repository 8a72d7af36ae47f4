package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mapbench/harness"
	"mapbench/internal/golden"
	"mapbench/trace"
)

// statTrace writes a small trace of string keys on two lanes: 6 puts, 4
// gets (2 hits), 3 deletes (one of a key never put), a clear, a len and a
// range.
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
	for _, r := range recs {
		switch r.Op {
		case trace.OpPut:
			puts++
		case trace.OpDelete:
			dels++
		default:
			t.Errorf("record %v: want only puts and deletes", r)
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
		{[]string{"trace", "nope"}, []string{"unknown subcommand", "stat or from-scenario"}},
		{[]string{"trace", "stat", cut}, []string{"cut.trace: byte", "last good"}},
		{[]string{"trace", "from-scenario", "-o", out, "nope"}, []string{"unknown scenario", "drain"}},
		{[]string{"trace", "from-scenario", "drain"}, []string{"-o FILE is required"}},
		{[]string{"trace", "from-scenario", "-n", "0", "-o", out, "drain"}, []string{"-n: 0", "1.."}},
		{[]string{"trace", "from-scenario", "-o", path, "drain"}, []string{"exists", "-force"}},
		{[]string{"run", "-scenarios", "trace:" + cut, "-o", filepath.Join(dir, "r.csv")}, []string{"-scenarios", "cut.trace: byte"}},
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
