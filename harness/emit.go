package harness

import (
	"fmt"
	"slices"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"
)

// Thresholds for the notes kept with latency rows (methodology rules 13-14).
const (
	minLatencyNs    = 100      // below this a single-op time is mostly clock cost
	minTailSamples  = 1000     // p99.9 needs at least this many samples
	minMaxSamples   = 1000000  // max is only robust with 10^6 samples
	nullDeltaWarn   = 16 << 10 // a few KB of runtime state may appear (seen once: 5,320 B, in a test process that had run many cells)
	noiseOver       = 10000    // ns: the noise floor counts regions over 10 µs
	perMillion      = 1e6
	minCPUShare     = 0.9 // CPU time / wall time of a timing pass below this: contention
	noteBelowClock  = "under 100 ns: mostly clock cost, not latency"
	noteFewSamples  = "fewer than 1000 samples: p99.9 not robust"
	noteMaxSamples  = "fewer than 10^6 samples: max is a single observation"
	noteNoiseFloor  = "does not clear this cell's noise floor (noise_floor_p999)"
	notePauseBucket = "upper bound of a runtime/metrics histogram bucket"
)

type emitter struct{ rows []Row }

func (o *emitter) add(phase string, step int, metric string, v float64, unit, note string) {
	o.rows = append(o.rows, Row{Phase: phase, Step: step, Metric: metric, Value: v, Unit: unit, Note: note})
}

// addHeap writes live_heap and heap_inuse of reading h, relative to the
// baseline, and returns the live figure.
func (o *emitter) addHeap(phase string, step int, h, base heap) float64 {
	live := float64(int64(h.live) - int64(base.live))
	o.add(phase, step, "live_heap", live, "B", "")
	o.add(phase, step, "heap_inuse", float64(int64(h.inuse)-int64(base.inuse)), "B", "")
	return live
}

func median(ns []int64) float64 {
	s := slices.Clone(ns)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return float64(s[len(s)/2])
	}
	return float64(s[len(s)/2-1]+s[len(s)/2]) / 2
}

func (e *executor[K, V]) emit(o *emitter, base heap, timerOverhead int64, snapshotAllocs uint64, nullDelta int64,
	repeatEqual bool, noise *hdrhistogram.Histogram, sumOK bool, sumNote string) {
	b2f := func(b bool) float64 {
		if b {
			return 1
		}
		return 0
	}
	noiseP999 := noise.ValueAtQuantile(99.9)

	// meta: self-checks and environment of this child.
	nullNote := ""
	if nullDelta > nullDeltaWarn || nullDelta < -nullDeltaWarn {
		nullNote = fmt.Sprintf("self-check failed: the null pass left %d B live (limit %d B)", nullDelta, nullDeltaWarn)
	}
	snapNote := ""
	if snapshotAllocs != 0 {
		snapNote = "self-check failed: the heap reading path allocates"
	}
	repNote := ""
	if !repeatEqual {
		repNote = "self-check failed: two back-to-back readings differ"
	}
	o.add("meta", 0, "timer_overhead", float64(timerOverhead), "ns", "")
	o.add("meta", 0, "noise_floor_p999", float64(noiseP999), "ns", "")
	o.add("meta", 0, "noise_floor_over_10us_per_million", float64(countOver(noise, noiseOver))*perMillion/float64(max(noise.TotalCount(), 1)), "count", "")
	o.add("meta", 0, "gc_calls_to_stable", float64(base.gcRuns), "count", "")
	o.add("meta", 0, "snapshot_allocs", float64(snapshotAllocs), "count", snapNote)
	o.add("meta", 0, "null_cell_live_delta", float64(nullDelta), "B", nullNote)
	o.add("meta", 0, "repeat_reads_equal", b2f(repeatEqual), "bool", repNote)
	o.add("meta", 0, "checksum_ok", b2f(sumOK), "bool", sumNote)
	o.add("meta", 0, "sample_every", float64(e.spec.SampleEvery), "count", "")
	o.add("meta", 0, "min_phase", float64(e.spec.MinPhase), "ns", "")

	n := e.spec.N
	var fullLive, firstFull, firstEmpty float64
	for i := range e.plan.Phases {
		ph := &e.plan.Phases[i]
		r := &e.res[i]
		name, step := ph.Name, ph.Step
		if len(r.checkpoints) > 0 {
			// A trajectory: step 0 is the start of the phase, step k the
			// reading after k checkpoints; the last step, the end of the
			// phase, also carries the phase totals.
			step = len(r.checkpoints)
			if i > 0 {
				o.addHeap(name, 0, e.res[i-1].after, base)
			}
			for k, c := range r.checkpoints[:len(r.checkpoints)-1] {
				o.addHeap(name, k+1, c, base)
			}
		}
		live := o.addHeap(name, step, r.after, base)
		ops := float64(ph.Ops())
		o.add(name, step, "entries", float64(ph.Live), "count", "")
		o.add(name, step, "ops", ops, "count", "")
		if r.capacity >= 0 {
			o.add(name, step, "capacity", float64(r.capacity), "count", "")
		}
		o.add(name, step, "ns_per_op", median(r.ns)/ops, "ns", "")
		o.add(name, step, "phase_passes", float64(len(r.ns)), "count", "")
		if r.wallNs > 0 {
			share := float64(r.cpuNs) / float64(r.wallNs)
			note := ""
			if share < minCPUShare {
				note = fmt.Sprintf("contention: the cell had a CPU for only %.0f%% of the timing passes; ns_per_op is inflated", 100*share)
			}
			o.add(name, step, "cpu_share", share, "ratio", note)
		}
		o.add(name, step, "alloc_bytes_per_op", float64(r.d.allocBytes)/ops, "B", "")
		o.add(name, step, "allocs_per_op", float64(r.d.allocs)/ops, "count", "")
		o.add(name, step, "gc_cycles", float64(r.d.cycles), "count", "")
		o.add(name, step, "gc_pauses", float64(r.d.pauseCount), "count", "")
		o.add(name, step, "gc_pause_total", r.d.pauseSec*1e9/float64(max(e.spec.GOMAXPROCS, 1)), "ns", "")
		o.add(name, step, "gc_pause_max", r.d.pauseMax*1e9, "ns", notePauseBucket)
		o.add(name, step, "gc_assist_cpu", r.d.assistSec*1e9, "ns", "")
		e.emitLatency(o, name, step, r.hist, noiseP999)

		switch ph.Name {
		case "fill":
			fullLive = live
			if step == 0 {
				firstFull = live
			}
			o.add(name, step, "bytes_per_entry", live/float64(max(ph.Live, 1)), "B", "")
		case "delete":
			if step == 0 {
				firstEmpty = live
			}
			if fullLive > 0 {
				o.add(name, step, "retained_ratio", live/fullLive, "ratio", "")
			}
		case "refill":
			emitReuse(o, name, step, r.d.allocBytes, fullLive/float64(n), ops)
			if fullLive > 0 {
				o.add(name, step, "footprint_drift", live/fullLive, "ratio", "")
			}
		case "churn":
			emitReuse(o, name, step, r.d.allocBytes, fullLive/float64(n), ops)
			o.add(name, step, "growth_events", float64(r.growth), "count", fmt.Sprintf("256-op windows allocating > %d B", e.growthBytes))
			if fullLive > 0 {
				o.add(name, step, "footprint_drift", live/fullLive, "ratio", "live heap at the end of churn / when full")
			}
		}
	}
	if cycles := e.plan.Phases[len(e.plan.Phases)-1].Step; cycles > 0 && firstFull > 0 {
		o.add("cycle", 0, "footprint_drift", fullLive/firstFull, "ratio", fmt.Sprintf("live heap when full: last cycle / first cycle (after the first delete: %.0f B)", firstEmpty))
	}
}

// emitReuse writes reuse_ratio: 1 − bytes allocated per replacement insert /
// live bytes per entry when full (methodology rule 18).
func emitReuse(o *emitter, name string, step int, allocBytes uint64, perEntryFull, ops float64) {
	if perEntryFull <= 0 {
		return
	}
	o.add(name, step, "reuse_ratio", 1-float64(allocBytes)/ops/perEntryFull, "ratio", "")
}

func (e *executor[K, V]) emitLatency(o *emitter, name string, step int, h *hdrhistogram.Histogram, noiseP999 int64) {
	cnt := h.TotalCount()
	if cnt == 0 {
		return
	}
	note := func(v int64, tail bool) string {
		switch {
		case v < minLatencyNs:
			return noteBelowClock
		case tail && v <= noiseP999:
			return noteNoiseFloor
		}
		return ""
	}
	for _, q := range []struct {
		metric string
		q      float64
	}{{"latency_p50", 50}, {"latency_p90", 90}, {"latency_p99", 99}} {
		v := h.ValueAtQuantile(q.q)
		o.add(name, step, q.metric, float64(v), "ns", note(v, false))
	}
	v := h.ValueAtQuantile(99.9)
	n := note(v, true)
	if cnt < minTailSamples && n == "" {
		n = noteFewSamples
	}
	o.add(name, step, "latency_p999", float64(v), "ns", n)
	v = h.Max()
	n = note(v, true)
	if cnt < minMaxSamples && n == "" {
		n = noteMaxSamples
	}
	o.add(name, step, "latency_max", float64(v), "ns", n)
	o.add(name, step, "latency_samples", float64(cnt), "count", "")
}

func countOver(h *hdrhistogram.Histogram, ns int64) int64 {
	var c int64
	for _, b := range h.Distribution() {
		if b.From > ns {
			c += b.Count
		}
	}
	return c
}
