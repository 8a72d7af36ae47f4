package summary

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"mapbench/internal/golden"
	"mapbench/results"
)

func rec(impl, scenario string, rep int, phase string, step int, metric string, v float64) results.Record {
	return results.Record{Cell: results.Cell{Impl: impl, Scenario: scenario, Shape: "u64", N: 1024, Rep: rep},
		Phase: phase, Step: step, Metric: metric, Value: v}
}

func fixture() []results.Record {
	var rs []results.Record
	for rep := range 3 {
		f := float64(rep)
		// drain: a map that keeps everything and one that frees it.
		rs = append(rs,
			rec("keeper", "drain", rep, "fill", 0, "bytes_per_entry", 36),
			rec("keeper", "drain", rep, "delete", 0, "live_heap", 37000),
			rec("keeper", "drain", rep, "delete", 0, "retained_ratio", 1),
			rec("keeper", "drain", rep, "delete", 0, "ns_per_op", 90+f),
			rec("keeper", "drain", rep, "delete", 0, "latency_p99", 400+10*f),
			rec("keeper", "drain", rep, "delete", 0, "gc_cycles", 0),
			rec("keeper", "drain", rep, "meta", 0, "checksum_ok", 1),
			rec("freer", "drain", rep, "fill", 0, "bytes_per_entry", 120),
			rec("freer", "drain", rep, "delete", 0, "live_heap", 224),
			rec("freer", "drain", rep, "delete", 0, "retained_ratio", 0.002),
			rec("freer", "drain", rep, "delete", 0, "ns_per_op", 500+100*f),
			rec("freer", "drain", rep, "delete", 0, "latency_p99", 1300),
			rec("freer", "drain", rep, "delete", 0, "gc_cycles", 12+f),
			// churn: reuse and drift come from phase churn.
			rec("keeper", "churn-fifo", rep, "fill", 0, "bytes_per_entry", 36),
			rec("keeper", "churn-fifo", rep, "churn", 16, "live_heap", 2.5*(1<<20)),
			rec("keeper", "churn-fifo", rep, "churn", 16, "reuse_ratio", 1),
			rec("keeper", "churn-fifo", rep, "churn", 16, "footprint_drift", 1),
			rec("keeper", "churn-fifo", rep, "churn", 3, "live_heap", 1), // a trajectory row: not the total
			rec("keeper", "churn-fifo", rep, "churn", 0, "live_heap", 2), // the start: not the total
			rec("keeper", "churn-fifo", rep, "churn", 16, "ns_per_op", 180),
		)
	}
	// The freer's rep 2 did different work: its values leave the medians.
	sum := rec("freer", "drain", 2, "meta", 0, "checksum_ok", 0)
	sum.Note = "[3 live keys missing, 0 wrong values, 0 deleted keys present]"
	rs = append(rs, sum)
	for rep, share := range []float64{0.8, 0.7} {
		busy := rec("keeper", "drain", rep, "delete", 0, "cpu_share", share)
		busy.Note = "contention: ..."
		rs = append(rs, busy)
	}
	bad := rec("freer", "drain", 2, "meta", 0, "snapshot_allocs", 1)
	bad.Note = "self-check failed: the heap reading path allocates"
	return append(rs, bad)
}

// fixturePhases is the vocabulary of the fixture's scenarios (what
// cmd/mapbench passes from package scenarios for the real ones).
var fixturePhases = Phases{
	Key: func(scenario string) string {
		if scenario == "churn-fifo" {
			return "churn"
		}
		return "delete"
	},
	Op: func(phase string) string {
		if phase == "churn" {
			return "delete+insert"
		}
		return phase
	},
	Fill:  "fill",
	Cycle: "cycle",
}

func TestBuild(t *testing.T) {
	tables, notes := Build(fixture(), fixturePhases)
	if len(tables) != 2 || tables[0].Scenario != "churn-fifo" || tables[1].Scenario != "drain" {
		t.Fatalf("tables %+v", tables)
	}
	drain := tables[1]
	if len(drain.Lines) != 2 || drain.Lines[0].Impl != "freer" {
		t.Fatalf("drain lines %+v", drain.Lines)
	}
	freer := drain.Lines[0]
	if !freer.Failed || freer.NsPerOp != 550 || freer.Reps != 3 {
		t.Errorf("freer: failed=%v ns/op=%v reps=%d; want true, 550 (median of reps 0 and 1 only), 3", freer.Failed, freer.NsPerOp, freer.Reps)
	}
	keeper := drain.Lines[1]
	if keeper.Failed || keeper.NsPerOp != 91 || keeper.P99 != 410 || !math.IsNaN(keeper.Reuse) {
		t.Errorf("keeper: %+v", keeper)
	}
	if churn := tables[0].Lines[0]; churn.Retained != 2.5*(1<<20) {
		t.Errorf("churn heap after = %v, want the total at the last step", churn.Retained)
	}
	if len(notes) != 3 || !strings.Contains(notes[2], "keeper drain u64 n=1024: 2 phase(s) ran with cpu_share under 0.9 (least 0.70)") {
		t.Errorf("notes %q, want the checksum, the failed self-check and one contention line", notes)
	}
}

func TestWriteGolden(t *testing.T) {
	var buf bytes.Buffer
	tables, notes := Build(fixture(), fixturePhases)
	if err := Write(&buf, tables, notes); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/summary.golden", buf.Bytes())
}
