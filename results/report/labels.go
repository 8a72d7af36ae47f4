// Column labels and the tallies of notes under a table.

package report

import (
	"fmt"
	"slices"
	"strings"

	"mapbench/results/cells"
)

// colSuffix names column c after an implementation when there are several
// columns: "native[B]".
func colSuffix(c, ncol int) string {
	if ncol == 1 {
		return ""
	}
	return "[" + cells.ColumnName(c) + "]"
}

// tally counts notes: how often each text was seen, on which lines and
// which metrics.
type tally struct {
	order []string
	count map[string]int
	who   map[string][]string
	what  map[string][]string
}

func newTally() *tally {
	return &tally{count: map[string]int{}, who: map[string][]string{}, what: map[string][]string{}}
}

func (t *tally) add(note, who, what string) {
	if t.count[note] == 0 {
		t.order = append(t.order, note)
	}
	t.count[note]++
	if !slices.Contains(t.who[note], who) {
		t.who[note] = append(t.who[note], who)
	}
	if !slices.Contains(t.what[note], what) {
		t.what[note] = append(t.what[note], what)
	}
}

// lines renders the tally, in first-seen order: "note (N rows: what; who)".
func (t *tally) lines(unit string) []string {
	var out []string
	for _, n := range t.order {
		count := ""
		if unit != "" {
			count = fmt.Sprintf("%d %s: ", t.count[n], unit)
			if t.count[n] == 1 {
				count = "1 " + strings.TrimSuffix(unit, "s") + ": "
			}
		}
		out = append(out, fmt.Sprintf("%s (%s%s; %s)", n, count, strings.Join(t.what[n], ", "), strings.Join(t.who[n], ", ")))
	}
	return out
}
