package harness

import (
	"strings"
	"testing"
	"unsafe"

	"mapbench/impls"
	"mapbench/scenarios"
)

// Every phase's op-order inputs are exactly the plan's keys and values in
// op order, and str keys are copies whose bytes follow each other in op
// order (so a loop over them reads memory sequentially).
func TestLayoutInOpOrder(t *testing.T) {
	for _, sc := range scenarios.All() {
		t.Run("scenario="+sc.Name, func(t *testing.T) {
			plan, err := sc.Plan(700, 5)
			if err != nil {
				t.Fatal(err)
			}
			var a arena
			defer a.free()
			u := u64Data(&a, plan, 5, nil)
			s := strData(&a, plan, 5, nil)
			if len(u.ops) != len(plan.Phases) || len(s.ops) != len(plan.Phases) {
				t.Fatalf("%d and %d op layouts for %d phases", len(u.ops), len(s.ops), len(plan.Phases))
			}
			for i, ph := range plan.Phases {
				checkLayout(t, ph, u.keys, u.vals, &u.ops[i], func(a, b uint64) bool { return a == b })
				checkLayout(t, ph, s.keys, s.vals, &s.ops[i], func(a, b []byte) bool { return unsafe.SliceData(a) == unsafe.SliceData(b) && len(a) == len(b) })
				checkContiguous(t, ph.Name, s.ops[i].del, s.keys)
				checkContiguous(t, ph.Name, s.ops[i].ins, s.keys)
			}
		})
	}
}

func checkLayout[K comparable, V any](t *testing.T, ph scenarios.Phase, keys []K, vals []V, od *opData[K, V], eq func(a, b V) bool) {
	t.Helper()
	if len(od.del) != len(ph.Del) || len(od.ins) != len(ph.Ins) || len(od.vals) != len(ph.Ins) {
		t.Fatalf("%s: lengths del %d ins %d vals %d, plan del %d ins %d", ph.Name, len(od.del), len(od.ins), len(od.vals), len(ph.Del), len(ph.Ins))
	}
	for j, i := range ph.Del {
		if od.del[j] != keys[i] {
			t.Fatalf("%s: del[%d] = %v, want key %d = %v", ph.Name, j, od.del[j], i, keys[i])
		}
	}
	for j, i := range ph.Ins {
		if od.ins[j] != keys[i] || !eq(od.vals[j], vals[i]) {
			t.Fatalf("%s: ins[%d] = %v, want key %d = %v (or its value differs)", ph.Name, j, od.ins[j], i, keys[i])
		}
	}
}

// checkContiguous: op j+1's key bytes start where op j's end, and none
// shares bytes with the canonical keys.
func checkContiguous(t *testing.T, phase string, ks, canonical []string) {
	t.Helper()
	lo := uintptr(unsafe.Pointer(unsafe.StringData(canonical[0])))
	last := canonical[len(canonical)-1]
	hi := uintptr(unsafe.Pointer(unsafe.StringData(last))) + uintptr(len(last))
	for j := range ks {
		p := uintptr(unsafe.Pointer(unsafe.StringData(ks[j])))
		if p >= lo && p < hi {
			t.Fatalf("%s: op %d's key shares the canonical key bytes", phase, j)
		}
		if j > 0 && p != uintptr(unsafe.Pointer(unsafe.StringData(ks[j-1])))+uintptr(len(ks[j-1])) {
			t.Fatalf("%s: op %d's key bytes do not follow op %d's", phase, j, j-1)
		}
	}
}

// Every built-in implementation makes maps of every shape; names are
// unique; an unknown shape is an error naming the shapes there are; and
// the arena bytes the memory guard counts per key and value are the sizes
// of the data's types (derived in shapeOf), pinned here as they were
// written by hand before.
// cannotHold are the implementation and shape pairs whose library cannot
// hold the shape's keys (impls/haxmap.go: haxKey); every other pair must
// be supported.
var cannotHold = map[[2]string]bool{{"haxmap", "struct"}: true}

func TestShapes(t *testing.T) {
	want := map[string]struct{ key, val, payload int }{
		"u64": {8, 8, 0}, "str": {16 + 2 + 5, 24, 0}, "struct": {16, 8, 0},
		"v120": {8, 120, 0}, "v136": {8, 136, 0}, "ptr": {8, 8, impls.PayloadBytes},
	}
	names := ShapeNames()
	if len(names) != len(want) {
		t.Errorf("shapes %v, want %d", names, len(want))
	}
	for _, sh := range names {
		cs, err := lookupShape(sh)
		if err != nil {
			t.Fatal(err)
		}
		w, ok := want[sh]
		if got := cs.keyBytes(50000); !ok || got != w.key || cs.valBytes != w.val || cs.payload != w.payload {
			t.Errorf("shape %s: key %d B, value %d B, payload %d B; want %+v", sh, got, cs.valBytes, cs.payload, w)
		}
		for _, im := range impls.All() {
			if strings.HasPrefix(im.Name, "test-") {
				continue // the broken maps this package's tests register
			}
			err := SupportsShape(im.Name, sh)
			if cannotHold[[2]string{im.Name, sh}] {
				if err == nil || cs.supports(im.Name) || !strings.Contains(err.Error(), "its shapes: u64, str, v120") {
					t.Errorf("impl %s, shape %s: SupportsShape = %v, want a refusal that lists its shapes", im.Name, sh, err)
				}
			} else if err != nil || !cs.supports(im.Name) {
				t.Errorf("impl %s has no constructor for shape %q: %v", im.Name, sh, err)
			}
		}
	}
	if err := SupportsShape("native", "u32"); err == nil {
		t.Error("SupportsShape of an unknown shape: no error")
	}
	_, err := lookupShape("u32")
	if err == nil || !strings.Contains(err.Error(), strings.Join(names, ", ")) {
		t.Errorf("unknown shape: error %v does not name the shapes", err)
	}
	if _, err := RunCell(testSpec("native", "drain", "u32", 10)); err == nil || !strings.Contains(err.Error(), "shapes: u64") {
		t.Errorf("RunCell of an unknown shape: %v", err)
	}
}
