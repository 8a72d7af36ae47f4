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

// Per kind of op: the replay's replay-delete and replay-put rows (last
// step) beside drain's delete and fill phases, deletes first; a scenario
// with a phase of another kind (churn-fifo's replaces) has no such tables.
func TestCompareReplayKinds(t *testing.T) {
	var recs []results.Record
	for rep, v := range []struct{ fill, del, put, rdel float64 }{{70, 30, 77, 30}, {80, 40, 88, 40}, {75, 35, 82.5, 35}} {
		recs = append(recs,
			replayRec("native", "drain", rep, "fill", 0, "ns_per_op", v.fill, ""),
			replayRec("native", "drain", rep, "delete", 0, "ns_per_op", v.del, ""),
			replayRec("native", drainTrace, rep, "replay", 16, "ns_per_op", (v.put+v.rdel)/2, ""),
			replayRec("native", drainTrace, rep, "replay-put", 16, "ns_per_op", v.put, ""),
			replayRec("native", drainTrace, rep, "replay-delete", 16, "ns_per_op", v.rdel, ""))
	}
	path := filepath.Join(t.TempDir(), "agree-replay.csv")
	writeCSV(t, path, recs)
	rep, err := compareReplay("drain", []string{path})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.kinds) != 2 {
		t.Fatalf("%d kind tables, want 2 (deletes, puts)", len(rep.kinds))
	}
	for i, w := range []struct {
		title     string
		ref, mb   float64
		ratio     float64
		mbColumns string
	}{
		{"replay-delete against drain's deletes (phase delete)", 35, 35, 1, "replay-delete ns/op"},
		{"replay-put against drain's inserts (phase fill)", 75, 82.5, 1.1, "replay-put ns/op"},
	} {
		k := rep.kinds[i]
		if !strings.HasPrefix(k.title, w.title) || k.rep.sides.mb != w.mbColumns {
			t.Errorf("kind table %d: %q, sides %+v; want %q", i, k.title, k.rep.sides, w.title)
		}
		if len(k.rep.rows) != 1 {
			t.Fatalf("kind table %d: %d rows, want 1", i, len(k.rep.rows))
		}
		if r := k.rep.rows[0]; !near(r.ref, w.ref) || !near(r.mb, w.mb) || !near(r.ratio, w.ratio) || r.refRuns != 3 {
			t.Errorf("kind table %d: row %+v, want medians %v and %v over 3 runs", i, r, w.ref, w.mb)
		}
	}
	var out, errb bytes.Buffer
	if code := run([]string{"-markdown", "-replay", "drain", path}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "\nreplay-put against drain's inserts (phase fill), ns_per_op weighted by ops:\n\n| impl |") {
		t.Errorf("markdown lacks the puts' table:\n%s", out.String())
	}

	churn := []results.Record{
		replayRec("native", "churn-fifo", 0, "fill", 0, "ns_per_op", 70, ""),
		replayRec("native", "churn-fifo", 0, "churn", 0, "ns_per_op", 30, ""),
		replayRec("native", "trace:churn-fifo@0123456789abcdef", 0, "replay", 16, "ns_per_op", 40, ""),
		replayRec("native", "trace:churn-fifo@0123456789abcdef", 0, "replay-put", 16, "ns_per_op", 40, ""),
	}
	for i := range churn {
		churn[i].N = 64
	}
	cpath := filepath.Join(t.TempDir(), "churn.csv")
	writeCSV(t, cpath, churn)
	crep, err := compareReplay("churn-fifo", []string{cpath})
	if err != nil {
		t.Fatal(err)
	}
	if len(crep.kinds) != 0 {
		t.Errorf("churn-fifo: %d kind tables, want none (its replaces are deletes and puts at once)", len(crep.kinds))
	}
}
