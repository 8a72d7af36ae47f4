package harness

import (
	"mapbench/impls"
	"mapbench/scenarios"
)

// Shape ptr: uint64 keys whose values point to a 1 KiB impls.Payload on
// the Go heap. The payloads are on the heap on purpose (an off-heap value
// could not show whether a map keeps a deleted one reachable), so they
// cannot be pre-generated in the arena like other shapes' values: every
// insert allocates a fresh payload, as a user's program would, and the
// harness's uint64 values become the payloads' IDs (the checksum reads
// them back). docs/methodology.md rule 34 says how the payloads are kept
// apart from the map's own memory:
//
//   - the heap figures leave out the payloads of the live keys (Live x
//     1024 B: a Payload has no pointers, so it takes exactly one 1024-byte
//     size-class slot, with no header);
//   - payloads the map still reaches after their key was deleted are
//     counted in the runtime's per-size-class allocation and free counts
//     (probe.go), not by anything the harness keeps: payload_retained.
//
// The allocation of a payload is part of an insert's time; loop_ns_per_op
// includes it (the null map of a ptr cell allocates too).

// payloadMap is a ptr map seen as a Map[uint64, uint64]: Put allocates a
// payload with the value as its ID; Get returns the ID of the payload it
// finds. It is allocated before the baseline and reused by every map of
// the cell (make sets m, drop clears it), so wrapping a map allocates
// nothing the heap readings would charge to it.
type payloadMap struct {
	m  impls.Map[uint64, *impls.Payload]
	lc loopCaps[uint64, *impls.Payload] // m's
}

// newPayload allocates a payload on the heap. It is never inlined, so the
// null map's payloads escape to the heap like a real map's.
//
//go:noinline
func newPayload(id uint64) *impls.Payload {
	p := new(impls.Payload)
	p.ID = id
	return p
}

func (w *payloadMap) Put(k, v uint64) { w.m.Put(k, newPayload(v)) }

func (w *payloadMap) Get(k uint64) (uint64, bool) {
	p, ok := w.m.Get(k)
	if p == nil {
		return 0, ok
	}
	return p.ID, ok
}

func (w *payloadMap) Delete(k uint64) { w.m.Delete(k) }

// Clear implements impls.Clearer for the clear scenario (RunCell checks
// that the implementation has one).
func (w *payloadMap) Clear() { w.lc.clear.Clear() }

// PutAll, DeleteAll and ReplaceAll implement impls.Batcher. Deletes go to
// the map's own DeleteAll when it has one; inserts allocate one payload
// per op, then make one call into the map per op, as the harness's loop
// does for a map without a Batcher.
func (w *payloadMap) PutAll(keys, vals []uint64) {
	for i, k := range keys {
		w.m.Put(k, newPayload(vals[i]))
	}
}

func (w *payloadMap) DeleteAll(keys []uint64) {
	if w.lc.batch != nil {
		w.lc.batch.DeleteAll(keys)
		return
	}
	for _, k := range keys {
		w.m.Delete(k)
	}
}

func (w *payloadMap) ReplaceAll(del, ins, vals []uint64) {
	for i, k := range del {
		w.m.Delete(k)
		w.m.Put(ins[i], newPayload(vals[i]))
	}
}

// rehearseInner rehearses the questions asked of the wrapped map
// (caps.go): make asks them at sites of their own.
func (w *payloadMap) rehearseInner() { rehearse(w.m) }

// unwrap is the map whose optional capabilities (impls.Lener, Structure,
// Rebuilder) the executor reads.
func (w *payloadMap) unwrap() any { return w.m }

// payloadNull is the null map of a ptr cell: it allocates a payload for
// every insert, as payloadMap does, and keeps none of them (it stores the
// ID, so the allocation cannot be left out).
type payloadNull struct{ sink *uint64 }

func (n payloadNull) Put(k, v uint64)             { *n.sink = k ^ newPayload(v).ID }
func (n payloadNull) Get(k uint64) (uint64, bool) { *n.sink = k; return 0, false }
func (n payloadNull) Delete(k uint64)             { *n.sink = k }
func (n payloadNull) Clear()                      { *n.sink = 0 }
func (n payloadNull) isNullMap()                  {}

func (n payloadNull) PutAll(keys, vals []uint64) {
	for i, k := range keys {
		n.Put(k, vals[i])
	}
}

func (n payloadNull) DeleteAll(keys []uint64) {
	for _, k := range keys {
		*n.sink = k
	}
}

func (n payloadNull) ReplaceAll(del, ins, vals []uint64) {
	for i, k := range del {
		*n.sink = k
		n.Put(ins[i], vals[i])
	}
}

// ptrData is u64Data with every Put going through one payloadMap (made
// here, before the baseline) and a payloadNull for the null runs.
func ptrData(a *arena, p *scenarios.Plan, seed uint64, newMap func(int) impls.Map[uint64, *impls.Payload]) *data[uint64, uint64] {
	d := u64Data(a, p, seed, nil)
	w := new(payloadMap)
	d.make = func(hint int) impls.Map[uint64, uint64] {
		w.m = newMap(hint)
		w.lc = loopCapsOf(w.m)
		return w
	}
	d.drop = func() { w.m, w.lc = nil, loopCaps[uint64, *impls.Payload]{} }
	d.newNull = func() impls.Map[uint64, uint64] { return payloadNull{sink: new(uint64)} }
	d.payload = impls.PayloadBytes
	return d
}

// inserts is how many Puts phase ph makes (each allocates a payload in a
// ptr cell).
func inserts(ph *scenarios.Phase) int {
	switch ph.Kind {
	case scenarios.Insert, scenarios.Replace:
		return ph.Ops()
	case scenarios.Mixed:
		n := 0
		for _, k := range ph.Seq {
			if k == scenarios.Insert {
				n++
			}
		}
		return n
	}
	return 0
}
