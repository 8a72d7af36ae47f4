package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"mapbench/results"
)

// replayRec is one row of a drain cell (scenario "drain") or of a cell
// replaying a drain's trace (scenario "trace:drain@...").
func replayRec(impl, scenario string, rep int, phase string, step int, metric string, v float64, note string) results.Record {
	r := drainRec(impl, "u64", 1024, phase, metric, v, note)
	r.Scenario, r.Rep, r.Step = scenario, rep, step
	return r
}

const drainTrace = "trace:drain@0123456789abcdef"

// TestCompareReplay: drain's fill and delete phases are 1024 ops each, so
// its time per trace op is the mean of the two phases' ns_per_op; the
// replay's figure is its ns_per_op at the last checkpoint.
func TestCompareReplay(t *testing.T) {
	recs := []results.Record{
		// native: rep 0 (70+30)/2 = 50, rep 1 (80+40)/2 = 60, rep 2 55: median 55.
		replayRec("native", "drain", 0, "fill", 0, "ns_per_op", 70, ""),
		replayRec("native", "drain", 0, "delete", 0, "ns_per_op", 30, ""),
		replayRec("native", "drain", 1, "fill", 0, "ns_per_op", 80, ""),
		replayRec("native", "drain", 1, "delete", 0, "ns_per_op", 40, ""),
		replayRec("native", "drain", 2, "fill", 0, "ns_per_op", 75, ""),
		replayRec("native", "drain", 2, "delete", 0, "ns_per_op", 35, ""),
		// Replays: the last step's figure counts (an earlier step is left out).
		replayRec("native", drainTrace, 0, "replay", 15, "ns_per_op", 1000, ""),
		replayRec("native", drainTrace, 0, "replay", 16, "ns_per_op", 55, ""),
		replayRec("native", drainTrace, 1, "replay", 16, "ns_per_op", 66, ""),
		replayRec("native", drainTrace, 2, "replay", 16, "ns_per_op", 60.5, ""),
		replayRec("native", drainTrace, 2, "replay", 16, "cpu_share", 0.5, "contention"),
		// cockroach: a failed replay is left out; the good one is 42 against 40.
		replayRec("cockroach", "drain", 0, "fill", 0, "ns_per_op", 60, ""),
		replayRec("cockroach", "drain", 0, "delete", 0, "ns_per_op", 20, ""),
		replayRec("cockroach", drainTrace, 0, "replay", 16, "ns_per_op", 42, ""),
		replayRec("cockroach", drainTrace, 1, "replay", 16, "ns_per_op", 1, ""),
		replayRec("cockroach", drainTrace, 1, "meta", 0, "cell_failed", 1, "timed out"),
		// Other scenarios and other traces are left out.
		replayRec("cockroach", "partial-90", 0, "delete", 0, "ns_per_op", 999, ""),
		replayRec("cockroach", "trace:churn-fifo@0123456789abcdef", 0, "replay", 16, "ns_per_op", 999, ""),
		// xsync has no replay.
		replayRec("xsync", "drain", 0, "fill", 0, "ns_per_op", 100, ""),
		replayRec("xsync", "drain", 0, "delete", 0, "ns_per_op", 100, ""),
	}
	path := filepath.Join(t.TempDir(), "agree-replay.csv")
	writeCSV(t, path, recs)
	rep, err := compareReplay("drain", []string{path})
	if err != nil {
		t.Fatal(err)
	}
	want := []row{
		{key: key{"cockroach", "u64", 1024}, ref: 40, mb: 42, refRuns: 1, mbRuns: 1, ratio: 1.05},
		{key: key{"native", "u64", 1024}, ref: 55, mb: 60.5, refRuns: 3, mbRuns: 3, ratio: 1.1},
	}
	if len(rep.rows) != len(want) {
		t.Fatalf("got %d rows, want %d: %+v", len(rep.rows), len(want), rep.rows)
	}
	for i, w := range want {
		g := rep.rows[i]
		if g.key != w.key || g.refRuns != w.refRuns || g.mbRuns != w.mbRuns || !near(g.ref, w.ref) || !near(g.mb, w.mb) || !near(g.ratio, w.ratio) {
			t.Errorf("row %d = %+v, want %+v", i, g, w)
		}
	}
	if len(rep.unmatched) != 1 || !strings.Contains(rep.unmatched[0], "impl=xsync") {
		t.Errorf("unmatched = %q, want xsync's drain without a replay", rep.unmatched)
	}
	if len(rep.contended) != 1 || !strings.HasPrefix(rep.contended[0], "impl=native shape=u64 n=1024: 1 cell(s)") {
		t.Errorf("contended = %q, want one note for native", rep.contended)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"-replay", "drain", path}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, s := range []string{"scenario ns/op", "replay ns/op", "replay/scenario", "largest disagreement: 10.0% (impl=native shape=u64 n=1024, replay/scenario 1.100)"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("output lacks %q:\n%s", s, out.String())
		}
	}
}

func TestCompareReplayErrors(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.csv")
	writeCSV(t, path, []results.Record{
		replayRec("native", "drain", 0, "fill", 0, "ns_per_op", 70, ""), // no delete row
		replayRec("native", drainTrace, 0, "replay", 16, "ns_per_op", 55, ""),
	})
	other := filepath.Join(t.TempDir(), "b.csv")
	writeCSV(t, other, []results.Record{replayRec("native", "partial-90", 0, "delete", 0, "ns_per_op", 1, "")})
	for _, tc := range []struct {
		scenario string
		paths    []string
		want     string
	}{
		{"concurrent-drain", []string{path}, "not a single-goroutine built-in scenario (allowed: drain,"},
		{"nosuch", []string{path}, "not a single-goroutine built-in scenario"},
		{"drain", []string{path}, "has no ns_per_op row of phase delete"},
		{"drain", []string{other}, "no (impl, shape, n) has both drain cells and cells replaying its trace"},
		{"drain", []string{filepath.Join(t.TempDir(), "missing.csv")}, "missing.csv"},
	} {
		_, err := compareReplay(tc.scenario, tc.paths)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("compareReplay(%s, %v) = %v, want an error containing %q", tc.scenario, tc.paths, err, tc.want)
		}
	}
	var out, errb bytes.Buffer
	if code := run([]string{"-replay", "drain"}, &out, &errb); code != 2 {
		t.Errorf("-replay without files: exit %d, want 2", code)
	}
}

func TestTraceLabel(t *testing.T) {
	for name, want := range map[string]string{
		"trace:drain@0123": "drain", "trace:my-prog@ab": "my-prog", "drain": "", "trace:nodigest": "", "": "",
	} {
		if got := traceLabel(name); got != want {
			t.Errorf("traceLabel(%q) = %q, want %q", name, got, want)
		}
	}
}
