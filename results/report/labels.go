// Column labels and the tallies of notes under a table.

package report

import (
	"fmt"
	"slices"
	"strings"

	"mapbench/results/cells"
)

// diffLabels names the columns and splits their labels into the pairs all
// share and those that differ.
func diffLabels(cols []cells.Column) ([]cells.Column, []cells.KV) {
	var keys []string
	for _, c := range cols {
		for _, kv := range c.Label {
			if !slices.Contains(keys, kv.Key) {
				keys = append(keys, kv.Key)
			}
		}
	}
	get := func(c cells.Column, k string) string {
		for _, kv := range c.Label {
			if kv.Key == k {
				return kv.Value
			}
		}
		return "-"
	}
	var common []cells.KV
	for _, k := range keys {
		same := true
		for _, c := range cols[1:] {
			if get(c, k) != get(cols[0], k) {
				same = false
			}
		}
		if same {
			common = append(common, cells.KV{Key: k, Value: get(cols[0], k)})
			continue
		}
		for i := range cols {
			cols[i].Diff = append(cols[i].Diff, cells.KV{Key: k, Value: get(cols[i], k)})
		}
	}
	return cols, common
}

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
