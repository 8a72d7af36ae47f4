package harness

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"mapbench/trace"
)

// WriteScenarioTrace writes a mark at every boundary between two of the
// scenario's phases and nowhere else: drain at n = 64 is 64 puts, a mark,
// 64 deletes; refill-50 a fill, a mark, its deletes, a mark, its refill;
// churn-fifo a fill, a mark, then its churn (a delete and a put per op).
func TestWriteScenarioTraceMarks(t *testing.T) {
	for _, tc := range []struct {
		scenario string
		want     string // runs of records: op and count
	}{
		{"drain", "put×64 mark×1 delete×64"},
		{"refill-50", "put×64 mark×1 delete×32 mark×1 put×32"},
		{"churn-fifo", "put×64 mark×1" + strings.Repeat(" delete×1 put×1", 8*64)},
	} {
		t.Run(tc.scenario, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteScenarioTrace(&buf, tc.scenario, 64, 3); err != nil {
				t.Fatal(err)
			}
			h, recs, err := trace.ReadAll(&buf, tc.scenario)
			if err != nil {
				t.Fatal(err)
			}
			var runs []string
			marks := 0
			for i := 0; i < len(recs); {
				j := i
				for j < len(recs) && recs[j].Op == recs[i].Op {
					j++
				}
				runs = append(runs, fmt.Sprintf("%v×%d", recs[i].Op, j-i))
				if recs[i].Op == trace.OpMark {
					marks += j - i
				}
				i = j
			}
			if got := strings.Join(runs, " "); got != tc.want {
				t.Errorf("records %.200s, want %.200s", got, tc.want)
			}
			st, err := scanTrace(h, recs)
			if err != nil {
				t.Fatal(err)
			}
			if want := strings.Count(tc.want, "mark"); st.Marks != want || marks != want {
				t.Errorf("%d marks, scanTrace counts %d; want %d", marks, st.Marks, want)
			}
		})
	}
}
