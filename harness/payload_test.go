package harness

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"mapbench/impls"
	"mapbench/scenarios"
)

// keepsPayloads is a ptr map that keeps every second payload it is asked
// to delete in a slice of its own: deleted payloads the map still reaches,
// as a map that forgot to clear a slot would. kept is the ground truth the
// harness's size-class count must find.
type keepsPayloads struct {
	impls.Map[uint64, *impls.Payload]
	deletes int
	kept    []*impls.Payload
}

func (m *keepsPayloads) Delete(k uint64) {
	if m.deletes%2 == 0 {
		if p, ok := m.Map.Get(k); ok {
			m.kept = append(m.kept, p)
		}
	}
	m.deletes++
	m.Map.Delete(k)
}

// keepers are the keepsPayloads maps the test impl made, kept for good
// (so that the warm-up's maps, made before the baseline, stay reachable
// and their payloads do not leave the count during the measurement).
var keepers []*keepsPayloads

func registerPayloadKeeper() {
	im, native := impls.Impl{Name: "test-keeps-payloads"}, nativeOf[uint64, *impls.Payload]()
	mustRegister(im, nativeOf[uint64, uint64]())
	mustRegister(im, nativeOf[string, []byte]())
	mustRegister(im, func(h int) impls.Map[uint64, *impls.Payload] {
		m := &keepsPayloads{Map: native(h)}
		keepers = append(keepers, m)
		return m
	})
}

// keepsDeleted are the implementations whose deleted entries stay
// reachable for a while (impls/payload_test.go: keepsDeleted, with the
// reason from the library's source): the harness must show it.
var keepsDeleted = map[string]bool{"haxmap": true}

// The harness counts dropped payloads a map still reaches by size class
// (probe.classLive); a map that keeps some must show exactly those, with a
// note, and the registered implementations none but keepsDeleted (impls'
// TestDeletedPayloadsReleased checks the same with weak pointers).
func TestPayloadRetained(t *testing.T) {
	const n = 4000
	t.Run("impl=test-keeps-payloads", func(t *testing.T) {
		rows, err := RunCell(testSpec("test-keeps-payloads", "drain", "ptr", n))
		if err != nil {
			t.Fatal(err)
		}
		k := rowsByKey(rows)
		// The primary pass's map and the timing passes' maps each drained
		// the map once, the same keys in the same order.
		kept, drains := 0, 0
		for _, m := range keepers {
			if m.deletes == n {
				kept = len(m.kept)
				drains++
			}
		}
		if drains < 2 || kept != n/2 {
			t.Fatalf("%d maps drained; the last kept %d payloads, want %d", drains, kept, n/2)
		}
		if got := k["delete/0/payloads_dropped"].Value; got != n {
			t.Errorf("payloads_dropped = %v, want %d", got, n)
		}
		r := k["delete/0/payload_retained"]
		if r.Value != float64(kept*impls.PayloadBytes) {
			t.Errorf("payload_retained = %v B, want %d payloads = %d B", r.Value, kept, kept*impls.PayloadBytes)
		}
		if want := fmt.Sprintf("%d of %d dropped payloads (50.0%%) are still reachable", kept, n); r.Note != want {
			t.Errorf("payload_retained note %q, want %q", r.Note, want)
		}
		if r := k["fill/0/payload_retained"]; r.Value != 0 || r.Note != "" {
			t.Errorf("after the fill: payload_retained = %v (%q), want 0", r.Value, r.Note)
		}
	})
	for _, im := range benchImpls() {
		for _, sc := range []string{"partial-90", "churn-fifo"} {
			t.Run("impl="+im.Name+"/scenario="+sc, func(t *testing.T) {
				s, _ := scenarios.Lookup(sc)
				plan, err := s.Plan(n, 7)
				if err != nil {
					t.Fatal(err)
				}
				rows, err := RunCell(testSpec(im.Name, sc, "ptr", n))
				if err != nil {
					t.Fatal(err)
				}
				k := rowsByKey(rows)
				allocated := 0
				for _, ph := range plan.Phases {
					allocated += inserts(&ph)
					step := ph.Step
					if ph.Checkpoint > 0 {
						step = (ph.Ops() + ph.Checkpoint - 1) / ph.Checkpoint
					}
					at := ph.Name + "/" + itoa(step) + "/"
					if got := k[at+"payloads_dropped"].Value; got != float64(allocated-ph.Live) {
						t.Errorf("%s payloads_dropped = %v, want %d", at, got, allocated-ph.Live)
					}
					r, ok := k[at+"payload_retained"]
					switch {
					case keepsDeleted[im.Name] && allocated > ph.Live:
						if !ok || r.Value <= 0 || int(r.Value)%impls.PayloadBytes != 0 || !strings.Contains(r.Note, "still reachable") {
							t.Errorf("%s payload_retained = %v (%q, present %v), want whole payloads kept, with a note", at, r.Value, r.Note, ok)
						}
					case !ok || r.Value != 0 || r.Note != "":
						t.Errorf("%s payload_retained = %v (%q, present %v), want 0", at, r.Value, r.Note, ok)
					}
					// Rule 5: inserts of payloads at GOGC=100, the rest at
					// the cell's GOGC (testSpec: 1), which has no row.
					gc, ok := k[at+"phase_gc_percent"]
					if ph.Kind == scenarios.Insert && (!ok || gc.Value != fillGCPercent) {
						t.Errorf("%s phase_gc_percent = %v (present %v), want %d", at, gc.Value, ok, fillGCPercent)
					}
					if ph.Kind != scenarios.Insert && ok {
						t.Errorf("%s has phase_gc_percent %v; it runs at the cell's GOGC", at, gc.Value)
					}
				}
			})
		}
	}
}

// A ptr value is a pointer, 8 bytes like a u64 value, so with the live
// keys' payloads left out a ptr cell's heap figures are the u64 cell's:
// the subtraction is exact. For the maps whose layout does not depend on
// a random seed (xsync's and sync.Map's hash seeds change per map).
func TestPtrHeapMatchesU64(t *testing.T) {
	const n = 5000
	for _, impl := range []string{"native", "dolthub", "cockroach"} {
		t.Run("impl="+impl, func(t *testing.T) {
			byShape := map[string]map[string]Row{}
			for _, sh := range []string{"u64", "ptr"} {
				rows, err := RunCell(testSpec(impl, "refill-50", sh, n))
				if err != nil {
					t.Fatal(err)
				}
				byShape[sh] = rowsByKey(rows)
			}
			for _, key := range []string{"fill/0/live_heap", "delete/0/live_heap", "refill/0/live_heap", "fill/0/bytes_per_entry"} {
				u, p := byShape["u64"][key].Value, byShape["ptr"][key].Value
				// 64 B: a 16-byte runtime object now and then
				// (TestRetainedHeapMatchesKnownBehaviour).
				if math.Abs(u-p) > 64 {
					t.Errorf("%s: ptr %v B, u64 %v B", key, p, u)
				}
			}
			// Payloads are not the map's allocations.
			if u, p := byShape["u64"]["delete/0/alloc_bytes_per_op"].Value, byShape["ptr"]["delete/0/alloc_bytes_per_op"].Value; u != p {
				t.Errorf("delete alloc_bytes_per_op: ptr %v, u64 %v", p, u)
			}
		})
	}
}
