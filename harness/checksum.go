package harness

import (
	"fmt"

	"mapbench/impls"
	"mapbench/scenarios"
)

// checksum verifies the map after the primary pass (docs/methodology.md
// rule 19): every key live at the end is there with its value, every other
// key the cell used is absent, Len (where there is one) agreed after
// every phase, and a replay's gets found their keys as often as the trace
// says a correct map does. It reads keys through the canonical layout, not the op-order
// copies the loops used, so a wrong copy would show too.
//
// A replay whose lanes ran at once and share keys (Plan.Shared) is held
// to what every interleaving of its lanes gives: a shared key may be
// present or not, but when present it holds its value; the gets of the
// other keys hit exactly as the trace decides, and those of shared keys
// may hit or not (so the hits are at least Hits, at most Hits +
// SharedGets); Len equals the keys found present. It also returns the
// keys found present (the entries of such a replay).
func (e *executor[K, V]) checksum(m impls.Map[K, V]) (ok bool, note string, present int) {
	live := make([]bool, e.plan.Keys)
	for _, k := range e.plan.Live {
		live[k] = true
	}
	shared := make([]bool, e.plan.Keys)
	for _, k := range e.plan.Shared {
		shared[k] = true
	}
	missing, wrong, extra := 0, 0, 0
	for i, k := range e.d.keys {
		v, ok := m.Get(k)
		if ok {
			present++
		}
		switch {
		case ok && (live[i] || shared[i]) && !e.d.eq(v, e.d.vals[i]):
			wrong++
		case shared[i]:
		case live[i] && !ok:
			missing++
		case !live[i] && ok:
			extra++
		}
	}
	var notes []string
	if missing+wrong+extra > 0 {
		notes = append(notes, fmt.Sprintf("%d live keys missing, %d wrong values, %d deleted keys present", missing, wrong, extra))
	}
	for i := range e.res {
		ph, r := &e.plan.Phases[i], &e.res[i]
		if ph.Name == scenarios.PhaseReplay && (r.hits < ph.Hits || r.hits > ph.Hits+ph.SharedGets) {
			want := fmt.Sprint(ph.Hits)
			if ph.SharedGets > 0 {
				want = fmt.Sprintf("%d to %d (%d gets of keys several lanes name may hit or not)", ph.Hits, ph.Hits+ph.SharedGets, ph.SharedGets)
			}
			notes = append(notes, fmt.Sprintf("%d of %d gets found their key in %s, want %s (the trace's op stream decides it)",
				r.hits, r.reads, ph.Name, want))
		}
		if !r.lenOK {
			notes = append(notes, fmt.Sprintf("Len()=%d after %s/%d, want %d", r.lenGot, ph.Name, ph.Step, ph.Live))
		}
		if len(e.plan.Shared) > 0 && i == len(e.res)-1 && r.lenGot >= 0 && r.lenGot != present {
			notes = append(notes, fmt.Sprintf("Len()=%d after %s/%d, and %d keys are present", r.lenGot, ph.Name, ph.Step, present))
		}
	}
	if len(notes) > 0 {
		return false, fmt.Sprint(notes), present
	}
	return true, "", present
}
