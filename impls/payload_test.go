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
			if deleted != 0 {
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
