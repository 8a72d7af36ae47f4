package harness

import (
	"os"
	"strconv"
	"strings"
	"unsafe"

	"mapbench/scenarios"
	"mapbench/trace"
)

// dataBytes bounds the arena bytes of a cell's data for a shape: per key
// index the canonical key and value; per key an op names (opKeys) its
// index in the plan's op stream (int32), a mixed op's kind (a byte), and
// its op-order copy with a value; plus what the shape shares (cellShape).
func dataBytes(cs *cellShape, keys, opKeys int) uint64 {
	const opStream = 4 + 1
	key, val := cs.keyBytes(keys), cs.valBytes
	return uint64(keys)*uint64(key+val) + uint64(opKeys)*uint64(opStream+key+val) + cs.shared
}

// histBytes bounds the heap of one latency histogram (1 ns .. 1 min, 3
// significant digits: 27,648 int64 counters).
const histBytes = 256 << 10

// EstimateBytes bounds the peak memory of one cell: the pre-generated data
// in both layouts (dataBytes), the map at its implementation's per-entry
// bound (peakBytesPerEntry, from the measured table peakbytes.csv), shape
// ptr's payloads, and the other live heap (otherHeapBytes). It is 0 for a
// spec whose scenario or shape is unknown: RunCell refuses such a cell,
// naming the ones there are.
func EstimateBytes(spec Spec) uint64 {
	sc, ok := scenarios.Lookup(spec.Scenario)
	if !ok || sc.Trace {
		return 0 // a trace's cells: EstimateTraceBytes
	}
	cs, err := lookupShape(spec.Shape)
	if err != nil {
		return 0
	}
	db := dataBytes(cs, sc.KeysFor(spec.N), sc.OpKeys(spec.N))
	if sc.Concurrent {
		// A writer's histograms (2 when the mix reads) and a reader's.
		db += uint64(2*max(spec.Goroutines, 1)+sc.Readers) * histBytes
	}
	perEntry := peakBytesPerEntry(spec.Impl, spec.Shape)
	if cs.payload > 0 {
		// The live keys' payloads, and as much garbage again as the
		// fills' GOGC (fillGCPercent) or the cell's lets pile up before a
		// cycle.
		gc := max(fillGCPercent, spec.GCPercent)
		perEntry += uint64(cs.payload * (100 + gc) / 100)
	}
	return db + uint64(spec.N)*perEntry + otherHeapBytes(spec, cs)
}

// otherHeapBytes bounds what the other live heap (-live-heap) adds to a
// cell's peak: its objects, and as much garbage again as the GOGC of the
// cell's phases lets pile up beside them before a cycle starts (the
// runtime's heap goal is the live heap × (1 + GOGC/100); shape ptr's
// inserts run at fillGCPercent), and at least otherHeapMinExtra percent
// more: the index of the objects while they are built (8 B per 32-byte
// object) and the runtime's metadata for so many objects.
func otherHeapBytes(spec Spec, cs *cellShape) uint64 {
	gc := spec.GCPercent
	if cs.payload > 0 {
		gc = max(gc, fillGCPercent)
	}
	return uint64(spec.LiveHeap) * uint64(100+max(gc, otherHeapMinExtra)) / 100
}

// otherHeapMinExtra is the least the other live heap's peak exceeds it
// by, in percent. Measured: a native drain at n = 65536 with a 256 MiB
// one peaked at 356 MiB resident at GOGC=1 (374 MiB at GOGC=100, whose
// bound is 512 MiB); the map's bound and the data add about 10 MiB.
const otherHeapMinExtra = 40

// EstimateTraceBytes bounds the peak memory of a cell replaying a trace
// of stats st: EstimateBytes with the trace's distinct keys, its ops (one
// key each) and its peak live keys for the scenario's.
func EstimateTraceBytes(spec Spec, st TraceStats) uint64 {
	cs, err := lookupShape(spec.Shape)
	if err != nil {
		return 0
	}
	db := dataBytes(cs, max(st.Keys, 1), st.Ops)
	if st.StringKeys && cs.keyExtra != nil {
		// str keys of the recorded lengths (sizedStrData): each key's
		// text, and its copy for each op that names it.
		db += uint64(max(st.Keys, 1)+st.Ops) * uint64(st.MaxKeySize+4)
	}
	// The child decodes every record (decodedRecordBytes each) and builds
	// the plan on the heap before it moves the plan to the arena.
	db += uint64(st.Ops+st.Skipped) * decodedRecordBytes
	// The replay phase's histograms: every sampled op, gets (concurrent
	// phases' reads), and one per kind (replaykinds.go).
	db += uint64(2+nKinds) * histBytes
	if g := max(spec.Goroutines, 1); g > 1 {
		// Lanes at once: each goroutine's histograms by kind.
		db += uint64(g*nKinds) * histBytes
	}
	perEntry := peakBytesPerEntry(spec.Impl, spec.Shape)
	if cs.payload > 0 {
		gc := max(fillGCPercent, spec.GCPercent)
		perEntry += uint64(cs.payload * (100 + gc) / 100)
	}
	return db + uint64(st.PeakLive)*perEntry + otherHeapBytes(spec, cs)
}

// decodedRecordBytes is the heap a decoded trace.Record takes
// (unsafe.Sizeof: 32 B on 64-bit platforms), as trace.ReadAll holds them.
const decodedRecordBytes = uint64(unsafe.Sizeof(trace.Record{}))

// AvailableMemory reads MemAvailable from /proc/meminfo.
func AvailableMemory() (uint64, bool) {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0, false
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "MemAvailable:"); ok {
			f := strings.Fields(rest)
			if len(f) >= 1 {
				kb, err := strconv.ParseUint(f[0], 10, 64)
				if err == nil {
					return kb << 10, true
				}
			}
		}
	}
	return 0, false
}
