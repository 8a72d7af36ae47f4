package harness

import (
	"fmt"
	"io"
	"runtime"
	"strconv"

	"mapbench/scenarios"
	"mapbench/trace"
)

// WriteScenarioTrace writes the op stream of scenario name at size n from
// seed as a trace (u64 keys, one lane): its phases' puts, deletes, reads
// and clears in the order a cell runs them, a mark (trace.OpMark) between
// two phases, key index i becoming the
// trace's id of the i-th distinct key in first-use order. A concurrent
// scenario is written at one writer goroutine, without its readers.
// Replaying the trace runs the same ops on the same keys as the scenario
// (the key ids are the plan's indices whenever the plan uses its keys in
// index order, as every catalogue scenario does), which is what the
// exactness test checks.
func WriteScenarioTrace(w io.Writer, name string, n int, seed uint64) error {
	sc, ok := scenarios.Lookup(name)
	if !ok || sc.Trace {
		return fmt.Errorf("scenario %q: not a built-in or custom scenario (allowed: %v, or custom:...)", name, scenarios.Names())
	}
	p, err := sc.PlanWith(n, seed, Spec{Goroutines: 1}.params())
	if err != nil {
		return err
	}
	tw, err := trace.NewWriter(w, trace.Header{KeyKind: trace.KeyInt, KeySize: 8, ValueSize: 8, Lanes: 1,
		Recorder: "mapbench trace from-scenario", GoVersion: runtime.Version(),
		Labels: map[string]string{"program": name, "n": strconv.Itoa(n), "seed": strconv.FormatUint(seed, 10)}})
	if err != nil {
		return err
	}
	ids := make(map[int32]uint64, p.Keys)
	id := func(k int32) uint64 {
		v, ok := ids[k]
		if !ok {
			v = uint64(len(ids))
			ids[k] = v
		}
		return v
	}
	rec := func(op trace.Op, k int32) error {
		r := trace.Record{Op: op}
		if op != trace.OpClear {
			r.Key, r.KeySize = id(k), 8
		}
		if op == trace.OpPut {
			r.ValueSize = 8
		}
		return tw.Write(r)
	}
	kindOp := map[scenarios.Kind]trace.Op{scenarios.Insert: trace.OpPut, scenarios.Delete: trace.OpDelete,
		scenarios.Read: trace.OpGet, scenarios.Clear: trace.OpClear}
	for i := range p.Phases {
		ph := &p.Phases[i]
		if i > 0 {
			// The scenario's phase boundary: a cell forces a GC there
			// before the next phase, and so does a replay at a mark.
			if err := tw.Write(trace.Record{Op: trace.OpMark}); err != nil {
				return err
			}
		}
		for j := range ph.Ops() {
			switch ph.Kind {
			case scenarios.Insert:
				err = rec(trace.OpPut, ph.Ins[j])
			case scenarios.Delete:
				err = rec(trace.OpDelete, ph.Del[j])
			case scenarios.Replace:
				if err = rec(trace.OpDelete, ph.Del[j]); err == nil {
					err = rec(trace.OpPut, ph.Ins[j])
				}
			case scenarios.Clear:
				err = rec(trace.OpClear, 0)
			case scenarios.Mixed:
				err = rec(kindOp[ph.Seq[j]], ph.Ins[j])
			}
			if err != nil {
				return err
			}
		}
	}
	return tw.Close()
}
