package main

import (
	"io"
	"path/filepath"
	"strings"
	"testing"

	"mapbench/trace"
)

// The program records itself; its trace decodes to exactly the ops the
// store counted, from lane 0 (the restored sessions) and one lane per
// worker, and replaying the puts and deletes leaves the store's live count.
func TestRecordsItself(t *testing.T) {
	for _, compress := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "s.trace")
		args := []string{"-o", path, "-n", "20000", "-workers", "3", "-seed", "7"}
		if compress {
			args = append(args, "-zstd")
		}
		st, err := run(args, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		h, recs, err := trace.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if h.Compressed != compress || h.KeyKind != trace.KeyString || h.ValueSize != uint32(valueSize) ||
			h.Labels["program"] != "examples/record" || h.Labels["workers"] != "3" || h.Labels["n"] != "20000" || h.Labels["seed"] != "7" {
			t.Errorf("header %+v", h)
		}
		var got stats
		live := map[uint64]bool{}
		lanes := map[uint32]int{}
		marks := 0
		for i, r := range recs {
			lanes[r.Lane]++
			switch r.Op {
			case trace.OpGet:
				got.Gets++
			case trace.OpPut:
				got.Puts++
				live[r.Key] = true
				if r.ValueSize != uint32(valueSize) {
					t.Fatalf("record %d: value size %d, want %d", i, r.ValueSize, valueSize)
				}
			case trace.OpDelete:
				got.Deletes++
				delete(live, r.Key)
			case trace.OpRange:
				got.Ranges++
				if r.N != uint64(len(live)) { // a sweep visits every live session
					t.Fatalf("record %d: a range over %d entries with %d live", i, r.N, len(live))
				}
			case trace.OpLen:
				got.Lens++
			case trace.OpMark:
				if i != 1000 {
					t.Fatalf("record %d: a mark; want one, after the 1000 restored sessions", i)
				}
				marks++
			default:
				t.Fatalf("record %d: %v, which the store never does", i, r)
			}
			if r.Op == trace.OpPut || r.Op == trace.OpGet || r.Op == trace.OpDelete {
				// Session ids are 32 hex digits, restored ones "restored-N".
				if r.KeySize != 32 && !(r.KeySize >= 10 && r.KeySize <= 12) {
					t.Fatalf("record %d: key size %d", i, r.KeySize)
				}
			}
		}
		got.Live = len(live)
		if got != st {
			t.Errorf("the trace says %+v, the store counted %+v", got, st)
		}
		if lanes[0] != 1001 || len(lanes) != 4 || marks != 1 {
			t.Errorf("records per lane %v, %d marks; want 1000 puts and a mark on lane 0 (restored sessions) and 3 worker lanes", lanes, marks)
		}
		if st.Deletes < st.Puts/2 || st.Ranges != 3*10 {
			t.Errorf("%+v: not the delete-heavy run the example is for", st)
		}
	}
}

func TestUsage(t *testing.T) {
	var stderr strings.Builder
	if _, err := run([]string{"-n", "5"}, &stderr); err == nil || !strings.Contains(err.Error(), "usage: record -o FILE") {
		t.Errorf("run without -o = %v, want the usage", err)
	}
}
