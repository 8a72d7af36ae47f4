package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mapbench/results"
)

// rec is the ns_per_op row of rep rep of native's drain, phase phase.
func rec(phase string, rep int, ns float64) results.Record {
	return results.Record{
		Env:    results.Env{RunID: "r1", Host: "h", GoVersion: "go1.26.8", GOOS: "linux", GOARCH: "amd64", CPU: "c", GOMAXPROCS: 1, GCPercent: 1, Seed: 1},
		Cell:   results.Cell{Impl: "native", ImplVersion: "v", Scenario: "drain", Shape: "u64", N: 65536, Rep: rep},
		Phase:  phase,
		Metric: results.MetricNsPerOp,
		Value:  ns,
		Unit:   results.UnitNS,
	}
}

func writeCSV(t *testing.T, recs []results.Record) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "check.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := results.NewCSVWriter(f, true).Write(recs); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// Deletes of 23.9–24.4 ns in five processes (a quiet morning,
// docs/agreement/replay1) pass; 28.2–95.0 ns (that afternoon, replay3)
// do not, and neither does a spread just above results.DisagreeRatio.
// Only the delete phase is judged: the fill's 2x spread does not count.
func TestQuietCheck(t *testing.T) {
	for _, tc := range []struct {
		name      string
		deletes   []float64
		code      int
		wantLines []string
	}{
		{"quiet", []float64{23.9, 24.4, 24.1, 24.0, 23.9}, 0,
			[]string{"native drain u64 n=65536 delete: 5 processes, ns/op 23.9–24.4 ns, max/min 1.02: quiet"}},
		{"noisy", []float64{28.2, 95.0, 40.0}, 1,
			[]string{"max/min 3.37: NOISY", "this machine is not quiet: processes of one cell spread more than 1.25"}},
		{"just above", []float64{100, 126}, 1, []string{"max/min 1.26: NOISY"}},
		{"at the limit", []float64{100, 125}, 0, []string{"max/min 1.25: quiet"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			recs := []results.Record{rec("fill", 0, 73.2), rec("fill", 1, 148)} // not judged
			for i, v := range tc.deletes {
				recs = append(recs, rec("delete", i, v))
			}
			var stdout, stderr bytes.Buffer
			if code := run([]string{writeCSV(t, recs)}, &stdout, &stderr); code != tc.code {
				t.Errorf("exit %d, want %d; stdout:\n%s\nstderr:\n%s", code, tc.code, stdout.String(), stderr.String())
			}
			for _, w := range tc.wantLines {
				if !strings.Contains(stdout.String(), w) {
					t.Errorf("stdout lacks %q:\n%s", w, stdout.String())
				}
			}
			if strings.Contains(stdout.String(), " fill:") {
				t.Errorf("the fill was judged:\n%s", stdout.String())
			}
		})
	}
}

// Bad usage, an unreadable file, and a file with nothing to judge exit 2,
// naming what was wrong.
func TestQuietCheckRefuses(t *testing.T) {
	one := writeCSV(t, []results.Record{rec("delete", 0, 24)})
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "usage: quietcheck [-phase PHASE] RESULTS.csv"},
		{[]string{"-phase"}, "flag needs an argument"},
		{[]string{filepath.Join(t.TempDir(), "missing.csv")}, "missing.csv"},
		{[]string{one}, "no ns_per_op rows of phase delete with 2 or more reps"},
		{[]string{"-phase", "refill", one}, "no ns_per_op rows of phase refill"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(tc.args, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%q: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr.String(), tc.want)
		}
	}
}
