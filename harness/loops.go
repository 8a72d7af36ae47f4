package harness

import (
	"mapbench/impls"
	"mapbench/scenarios"
)

// The op loops. Every loop reads its inputs from the phase's op-order
// arrays (opData), sequentially. Runs of unsampled ops go to the adapter's
// Batcher methods when it has them (one interface call per run instead of
// one per op), else to Put and Delete one op at a time.

// runOps performs ops [lo, hi) of a phase without timing them. It returns
// the reads among them and how many found their key (a Mixed phase's; 0
// for the other kinds).
func runOps[K comparable, V any](m impls.Map[K, V], lc loopCaps[K, V], kind scenarios.Kind, od *opData[K, V], lo, hi int) (reads, hits int64) {
	if lo >= hi {
		return 0, 0
	}
	switch kind {
	case scenarios.Clear:
		lc.clear.Clear()
	case scenarios.Mixed:
		return runMixed(m, lc, od, lo, hi)
	case scenarios.Insert:
		putRun(m, lc, od.ins[lo:hi], od.vals[lo:hi])
	case scenarios.Delete:
		deleteRun(m, lc, od.del[lo:hi])
	case scenarios.Replace:
		del, ins, vals := od.del[lo:hi], od.ins[lo:hi], od.vals[lo:hi]
		if b := lc.batch; b != nil {
			b.ReplaceAll(del, ins, vals)
			break
		}
		for j, k := range del {
			m.Delete(k)
			m.Put(ins[j], vals[j])
		}
	}
	return 0, 0
}

// putRun puts keys[j] → vals[j] in order: one Batcher call when the
// adapter has one, else one Put per key. Every insert loop goes through it.
func putRun[K comparable, V any](m impls.Map[K, V], lc loopCaps[K, V], keys []K, vals []V) {
	if b := lc.batch; b != nil {
		b.PutAll(keys, vals)
		return
	}
	for j, k := range keys {
		m.Put(k, vals[j])
	}
}

// deleteRun deletes keys in order, as putRun puts them.
func deleteRun[K comparable, V any](m impls.Map[K, V], lc loopCaps[K, V], keys []K) {
	if b := lc.batch; b != nil {
		b.DeleteAll(keys)
		return
	}
	for _, k := range keys {
		m.Delete(k)
	}
}

// oneOp performs op j alone (a sampled op) and returns its kind: of a
// Mixed phase, op j's own (Seq[j], on key ins[j]), and of a read whether
// it found its key.
func oneOp[K comparable, V any](m impls.Map[K, V], lc loopCaps[K, V], kind scenarios.Kind, od *opData[K, V], j int) (scenarios.Kind, bool) {
	if kind == scenarios.Mixed {
		switch k := od.seq[j]; k {
		case scenarios.Read:
			_, ok := m.Get(od.ins[j])
			return k, ok
		case scenarios.Delete:
			m.Delete(od.ins[j])
			return k, false
		default:
			kind = k // Insert and Clear are as in their own phases
		}
	}
	switch kind {
	case scenarios.Clear:
		lc.clear.Clear()
	case scenarios.Insert:
		m.Put(od.ins[j], od.vals[j])
	case scenarios.Delete:
		m.Delete(od.del[j])
	case scenarios.Replace:
		m.Delete(od.del[j])
		m.Put(od.ins[j], od.vals[j])
	}
	return kind, false
}

// timed performs ops [lo, hi) and returns their wall time. With sampling
// on, the ops the sampler picks are timed alone with a clock pair each
// and recorded in h; the runs between them go through runOps. The gap to
// the next sampled op carries over from one call to the next.
//
// A Mixed phase run here is a replay: every sampled op goes to r.hist and
// to the histogram of its kind (r.kinds; a clear to r.hist only); its
// reads and the reads that found their key add up in r.reads and r.hits.
func (e *executor[K, V]) timed(m impls.Map[K, V], lc loopCaps[K, V], kind scenarios.Kind, od *opData[K, V], lo, hi int, r *phaseResult) int64 {
	t0 := e.now()
	if e.every == 0 {
		reads, hits := runOps(m, lc, kind, od, lo, hi)
		t := e.now() - t0
		r.reads, r.hits = r.reads+reads, r.hits+hits
		return t
	}
	var reads, hits int64
	for lo < hi {
		k := min(e.skip, hi-lo)
		rd, ht := runOps(m, lc, kind, od, lo, lo+k)
		reads, hits = reads+rd, hits+ht
		lo += k
		e.skip -= k
		if lo == hi {
			break
		}
		s0 := e.now()
		did, hit := oneOp(m, lc, kind, od, lo)
		t := e.now() - s0
		_ = r.hist.RecordValue(t)
		if kind == scenarios.Mixed {
			if k := kindIndex(did); k >= 0 && k < len(r.kinds) {
				_ = r.kinds[k].hist.RecordValue(t)
			}
			if did == scenarios.Read {
				reads++
				if hit {
					hits++
				}
			}
		}
		lo++
		e.skip = e.gap()
	}
	t := e.now() - t0
	r.reads, r.hits = r.reads+reads, r.hits+hits
	return t
}

// nullMap does nothing with what it is given but read it: the null pass
// measures the harness's retention with it, and loop_ns_per_op the
// harness's loop. It stores every key and value it receives into a sink,
// so a loop over it reads its inputs as a real map's loop does.
type nullMap[K comparable, V any] struct{ sink *sinks[K, V] }

type sinks[K comparable, V any] struct {
	k K
	v V
}

func newNullMap[K comparable, V any]() nullMap[K, V] { return nullMap[K, V]{sink: new(sinks[K, V])} }

func (n nullMap[K, V]) Put(k K, v V)          { n.sink.k, n.sink.v = k, v }
func (n nullMap[K, V]) Get(k K) (v V, _ bool) { n.sink.k = k; return v, false }
func (n nullMap[K, V]) Delete(k K)            { n.sink.k = k }

// Clear implements impls.Clearer for the clear scenario's loop.
func (n nullMap[K, V]) Clear() { n.sink.k = *new(K) }

func (n nullMap[K, V]) isNullMap() {}

func (n nullMap[K, V]) PutAll(keys []K, vals []V) {
	for i, k := range keys {
		n.sink.k, n.sink.v = k, vals[i]
	}
}

func (n nullMap[K, V]) DeleteAll(keys []K) {
	for _, k := range keys {
		n.sink.k = k
	}
}

func (n nullMap[K, V]) ReplaceAll(del, ins []K, vals []V) {
	for i, k := range del {
		n.sink.k = k
		n.sink.k, n.sink.v = ins[i], vals[i]
	}
}

// runMixed performs ops [lo, hi) of a mixed phase and returns the reads
// among them and how many found their key. It goes run by run: a run of
// consecutive ops of one kind is one loop of that kind, through the
// adapter's Batcher like a phase of that kind when it has one, so a replayed
// scenario (all puts, then all deletes) runs the loops its scenario runs.
func runMixed[K comparable, V any](m impls.Map[K, V], lc loopCaps[K, V], od *opData[K, V], lo, hi int) (reads, hits int64) {
	seq, keys, vals := od.seq[lo:hi], od.ins[lo:hi], od.vals[lo:hi]
	for a := 0; a < len(seq); {
		kind, b := seq[a], a+1
		for b < len(seq) && seq[b] == kind {
			b++
		}
		switch kind {
		case scenarios.Read:
			for _, k := range keys[a:b] {
				if _, ok := m.Get(k); ok {
					hits++
				}
			}
			reads += int64(b - a)
		case scenarios.Insert:
			putRun(m, lc, keys[a:b], vals[a:b])
		case scenarios.Delete:
			deleteRun(m, lc, keys[a:b])
		case scenarios.Clear:
			for range b - a {
				lc.clear.Clear()
			}
		}
		a = b
	}
	return reads, hits
}
