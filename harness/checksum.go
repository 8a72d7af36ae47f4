package harness

import (
	"fmt"

	"mapbench/impls"
)

// checksum verifies the map after the primary pass (docs/methodology.md
// rule 19): every key live at the end is there with its value, every other
// key the cell used is absent, and Len (where there is one) agreed after
// every phase. It reads keys through the canonical layout, not the op-order
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
