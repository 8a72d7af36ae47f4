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
func (e *executor[K, V]) checksum(m impls.Map[K, V]) (bool, string) {
	live := make([]bool, e.plan.Keys)
	for _, k := range e.plan.Live {
		live[k] = true
	}
	missing, wrong, extra := 0, 0, 0
	for i, k := range e.d.keys {
		v, ok := m.Get(k)
		switch {
		case live[i] && !ok:
			missing++
		case live[i] && !e.d.eq(v, e.d.vals[i]):
			wrong++
		case !live[i] && ok:
			extra++
		}
	}
	var notes []string
	if missing+wrong+extra > 0 {
		notes = append(notes, fmt.Sprintf("%d live keys missing, %d wrong values, %d deleted keys present", missing, wrong, extra))
	}
	for i := range e.res {
		if ph := &e.plan.Phases[i]; ph.Name == scenarios.PhaseReplay && e.res[i].hits != ph.Hits {
			notes = append(notes, fmt.Sprintf("%d of %d gets found their key in %s, want %d (the trace's op stream decides it)",
				e.res[i].hits, e.res[i].reads, ph.Name, ph.Hits))
		}
		if !e.res[i].lenOK {
			ph := e.plan.Phases[i]
			notes = append(notes, fmt.Sprintf("Len()=%d after %s/%d, want %d", e.res[i].lenGot, ph.Name, ph.Step, ph.Live))
		}
	}
	if len(notes) > 0 {
		return false, fmt.Sprint(notes)
	}
	return true, ""
}
