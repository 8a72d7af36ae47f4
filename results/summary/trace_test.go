package summary_test

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"

	"mapbench/internal/golden"
	"mapbench/results/summary"
)

// A trace replay's table is followed by its figures per kind of op
// (results/report/testdata/README describes the fixture: two traces on
// native and dolthub, 4 reps): a line per kind and implementation, the
// deletes first; a kind's time/op only where its runs were timed as
// blocks, with a note on their share of its ops, said once per table and
// kind; the kinds' spreads join the reps' disagreement notes.
func TestTraceKinds(t *testing.T) {
	tables, notes := buildFixture(t, "trace.csv")
	want := map[string][]string{
		"trace:churn-fifo@b6772adb7efe49c8":      {"replay-delete", "replay-put"},
		"trace:examples-record@6b333bcc1e087322": {"replay-delete", "replay-put", "replay-get"},
	}
	for _, tb := range tables {
		if !slices.Equal(tb.Kinds, want[tb.Scenario]) {
			t.Errorf("%s: kinds %q, want %q", tb.Scenario, tb.Kinds, want[tb.Scenario])
		}
		for _, l := range tb.Lines {
			var kinds []string
			for _, k := range l.Kinds {
				kinds = append(kinds, k.Phase)
				if k.P99.N != 4 || !(k.Ops > 0) {
					t.Errorf("%s %s %s: p99 over %d reps, ops %v; want 4 reps and some ops", tb.Scenario, l.Impl, k.Phase, k.P99.N, k.Ops)
				}
				timed := tb.Scenario == "trace:churn-fifo@b6772adb7efe49c8" && k.Phase == "replay-put"
				if timed == math.IsNaN(k.NsPerOp.Median) || timed != (len(k.Notes) == 1) {
					t.Errorf("%s %s %s: time/op %v, notes %q; want both only for churn-fifo's puts", tb.Scenario, l.Impl, k.Phase, k.NsPerOp, k.Notes)
				}
			}
			if !slices.Equal(kinds, tb.Kinds) {
				t.Errorf("%s %s: kinds %q, want the table's %q", tb.Scenario, l.Impl, kinds, tb.Kinds)
			}
		}
	}
	share := 0
	for _, n := range notes {
		if strings.Contains(n, "timed as blocks") {
			share++
			if !strings.HasPrefix(n, "trace:churn-fifo@b6772adb7efe49c8 u64 n=4096: replay-put time/op: the 4096 of its 36864 ops (11.1%)") {
				t.Errorf("share note %q", n)
			}
		}
	}
	if share != 1 {
		t.Errorf("%d notes on the blocks' share, want 1 (one table and kind):\n%s", share, strings.Join(notes, "\n"))
	}
	var buf bytes.Buffer
	if err := summary.Write(&buf, tables, notes); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, w := range []string{"per kind of op of phase \"replay\"", "replay-delete p99 "} {
		if !strings.Contains(out, w) {
			t.Errorf("summary lacks %q", w)
		}
	}
	// The deletes' lines come before the puts' in each kinds table.
	if d, p := strings.Index(out, "\n  replay-delete   native"), strings.Index(out, "\n     replay-put   native"); d < 0 || p < 0 || d > p {
		t.Errorf("deletes at %d, puts at %d: want the deletes first", d, p)
	}
	golden.Check(t, "testdata/trace.golden", buf.Bytes())
}
