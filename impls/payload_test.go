package impls

import (
	"runtime"
	"testing"
	"unsafe"
	"weak"
)

func TestPayloadSize(t *testing.T) {
	if got := unsafe.Sizeof(Payload{}); got != PayloadBytes {
		t.Fatalf("Payload is %d bytes, want %d", got, PayloadBytes)
	}
}

// TestDeletedPayloadsReleased checks, with weak pointers (the runtime's own
// reachability, no mapbench code), that after deletes and a GC each
// implementation holds on to the payloads of its live keys and to none of
// the deleted ones. The harness measures the same thing another way (size
// class counts, harness/payload.go) and compares with a weak-pointer count
// of its own (harness/payload_test.go).
//
// Except those in keepsDeleted, whose library is known from its source to
// keep deleted entries reachable for a while: for them the test asserts
// that some deleted payloads are still reachable, so that the day one
// changes, the doc line that says so is revisited.
func TestDeletedPayloadsReleased(t *testing.T) {
	const n, kept = 4096, 1000
	for _, im := range All() {
		t.Run("impl="+im.Name, func(t *testing.T) {
			m := newMap[uint64, *Payload](t, im.Name, 0)
			weaks := make([]weak.Pointer[Payload], n)
			for i := range n {
				p := &Payload{ID: uint64(i)}
				weaks[i] = weak.Make(p)
				m.Put(uint64(i), p)
			}
			for i := kept; i < n; i++ {
				m.Delete(uint64(i))
			}
			runtime.GC()
			runtime.GC()
			var live, deleted int
			for i, w := range weaks {
				if w.Value() == nil {
					continue
				}
				if i < kept {
					live++
				} else {
					deleted++
				}
			}
			if live != kept {
				t.Errorf("%d of the %d live keys' payloads are reachable, want all", live, kept)
			}
			if why, keeps := keepsDeleted[im.Name]; keeps {
				if deleted == 0 {
					t.Errorf("no deleted payload is reachable, yet %s", why)
				}
			} else if deleted != 0 {
				t.Errorf("%d of the %d deleted payloads are still reachable", deleted, n-kept)
			}
			for i := range kept {
				if p, ok := m.Get(uint64(i)); !ok || p.ID != uint64(i) {
					t.Fatalf("Get(%d) = %v, %v after the deletes", i, p, ok)
				}
			}
			runtime.KeepAlive(m)
		})
	}
}

// keepsDeleted are the implementations that keep deleted entries (and so
// the values they point to) reachable after Delete, with the reason from
// their source.
var keepsDeleted = map[string]string{
	"haxmap": "Del only marks a node deleted; the next traversal that passes it unlinks it (haxmap list.go: remove, next)",
}
