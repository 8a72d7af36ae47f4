package harness

import (
	"math"
	"runtime"
	"runtime/metrics"
	"syscall"

	"mapbench/impls"
)

// Indices into probe.samples. The order is the order of metricNames.
const (
	mLive = iota
	mObjects
	mUnused
	mCycles
	mAssist
	mPause
	mPauses
	mAllocs
	mForced
	mAllocsBySize
	mFreesBySize
	mScanHeap
	nMetrics
)

var metricNames = [nMetrics]string{
	mLive:    "/gc/heap/live:bytes",
	mObjects: "/memory/classes/heap/objects:bytes",
	mUnused:  "/memory/classes/heap/unused:bytes",
	mCycles:  "/gc/cycles/total:gc-cycles",
	mAssist:  "/cpu/classes/gc/mark/assist:cpu-seconds",
	mPause:   "/cpu/classes/gc/pause:cpu-seconds",
	mPauses:  "/sched/pauses/total/gc:seconds",
	mAllocs:  "/gc/heap/allocs:bytes",
	mForced:  "/gc/cycles/forced:gc-cycles",
	// Objects allocated and freed per size class: the live objects of
	// shape ptr's payload class (payload.go, docs/methodology.md rule 34).
	mAllocsBySize: "/gc/heap/allocs-by-size:bytes",
	mFreesBySize:  "/gc/heap/frees-by-size:bytes",
	// The heap the last GC cycle scanned (the runtime's heapScanWork of
	// that cycle): after a forced GC, what every cycle has to scan.
	mScanHeap: "/gc/scan/heap:bytes",
}

// heap is one reading of the heap after a forced GC.
type heap struct {
	live    uint64 // /gc/heap/live:bytes
	inuse   uint64 // objects + unused: the runtime's HeapInuse
	gcRuns  int    // runtime.GC calls made for this reading
	settled bool   // the last two live readings agreed
	// classLive is the live objects of impls.PayloadBytes's size class
	// (allocated less freed since the process started).
	classLive int64
	// scanned is the heap the last forced GC scanned (/gc/scan/heap).
	scanned uint64
}

// maxStableGCs bounds the forced GCs of one stable reading.
const maxStableGCs = 5

// counters are the cumulative GC and allocation counters a phase reports
// as deltas.
type counters struct {
	cycles     uint64
	forced     uint64 // cycles started by runtime.GC
	assistSec  float64
	pauseSec   float64
	pauseCount uint64
	allocBytes uint64 // MemStats.TotalAlloc (exact; flushed per P)
	allocs     uint64 // MemStats.Mallocs
}

// probe reads runtime/metrics and MemStats into buffers allocated once, so
// that a reading allocates nothing (docs/methodology.md rule 7; tested).
type probe struct {
	samples   []metrics.Sample
	one       []metrics.Sample // just /gc/heap/allocs:bytes, for churn windows
	ms        runtime.MemStats
	pauseBase []uint64 // pause histogram counts at the last reading
	pauseCur  []uint64
	class     int // the size-class bucket that holds impls.PayloadBytes
}

func newProbe() *probe {
	p := &probe{samples: make([]metrics.Sample, nMetrics), one: make([]metrics.Sample, 1)}
	for i, name := range metricNames {
		p.samples[i].Name = name
	}
	p.one[0].Name = metricNames[mAllocs]
	// Warm up: the first metrics.Read allocates runtime tables and the
	// histogram buffers; later reads reuse them.
	metrics.Read(p.samples)
	metrics.Read(p.samples)
	metrics.Read(p.one)
	h := p.samples[mPauses].Value.Float64Histogram()
	p.pauseBase = make([]uint64, len(h.Counts))
	p.pauseCur = make([]uint64, len(h.Counts))
	runtime.ReadMemStats(&p.ms)
	p.class = classBucket(p.samples[mAllocsBySize].Value.Float64Histogram(), impls.PayloadBytes)
	return p
}

// classBucket is the index of the bucket of h (a runtime/metrics
// by-size histogram, one bucket per size class) that holds objects of
// size bytes, or -1.
func classBucket(h *metrics.Float64Histogram, size int) int {
	for i := range h.Counts {
		if h.Buckets[i] <= float64(size) && float64(size) < h.Buckets[i+1] {
			return i
		}
	}
	return -1
}

// classLive is the live objects of the payload size class: allocated less
// freed. After a forced GC (which sweeps every span) frees are up to date.
func (p *probe) classLive() int64 {
	if p.class < 0 {
		return 0
	}
	a := p.samples[mAllocsBySize].Value.Float64Histogram().Counts[p.class]
	f := p.samples[mFreesBySize].Value.Float64Histogram().Counts[p.class]
	return int64(a) - int64(f)
}

// stable forces GCs until two consecutive live readings agree, at most
// maxStableGCs of them (docs/methodology.md rule 8), and returns the last
// reading with the number of GCs it took and whether the readings settled.
func (p *probe) stable() heap {
	runtime.GC()
	metrics.Read(p.samples)
	last := p.samples[mLive].Value.Uint64()
	gcs, settled := 1, false
	for gcs < maxStableGCs {
		runtime.GC()
		gcs++
		metrics.Read(p.samples)
		cur := p.samples[mLive].Value.Uint64()
		if cur == last {
			settled = true
			break
		}
		last = cur
	}
	return heap{
		live:      p.samples[mLive].Value.Uint64(),
		inuse:     p.samples[mObjects].Value.Uint64() + p.samples[mUnused].Value.Uint64(),
		gcRuns:    gcs,
		settled:   settled,
		classLive: p.classLive(),
		scanned:   p.samples[mScanHeap].Value.Uint64(),
	}
}

// read takes the cumulative counters without forcing a GC. ReadMemStats
// stops the world: call it only at phase boundaries and checkpoints.
func (p *probe) read() counters {
	metrics.Read(p.samples)
	runtime.ReadMemStats(&p.ms)
	h := p.samples[mPauses].Value.Float64Histogram()
	var n uint64
	for i, c := range h.Counts {
		n += c
		p.pauseCur[i] = c
	}
	return counters{
		cycles:     p.samples[mCycles].Value.Uint64(),
		forced:     p.samples[mForced].Value.Uint64(),
		assistSec:  p.samples[mAssist].Value.Float64(),
		pauseSec:   p.samples[mPause].Value.Float64(),
		pauseCount: n,
		allocBytes: p.ms.TotalAlloc,
		allocs:     p.ms.Mallocs,
	}
}

// markPauses remembers the current pause histogram as the base for the
// next pauseMaxSince.
func (p *probe) markPauses() { copy(p.pauseBase, p.pauseCur) }

// pauseMaxSince returns the upper bound (seconds) of the highest pause
// bucket that gained counts since markPauses, or 0.
func (p *probe) pauseMaxSince() float64 {
	h := p.samples[mPauses].Value.Float64Histogram()
	for i := len(p.pauseCur) - 1; i >= 0; i-- {
		if p.pauseCur[i] > p.pauseBase[i] {
			ub := h.Buckets[i+1]
			if math.IsInf(ub, 1) {
				ub = h.Buckets[i]
			}
			return ub
		}
	}
	return 0
}

// allocBytes is the cheap, span-granular cumulative allocation counter used
// to find growth events inside churn.
func (p *probe) allocBytes() uint64 {
	metrics.Read(p.one)
	return p.one[0].Value.Uint64()
}

// delta accumulates the counters of a phase, leaving out forced GCs.
// cycles and assistSec are not accumulated by add: primary sets them over
// the whole phase (forced cycles subtracted), since a cycle the phase
// started may end inside a forced GC.
type delta struct {
	cycles     uint64
	assistSec  float64
	pauseSec   float64
	pauseCount uint64
	pauseMax   float64
	allocBytes uint64
	allocs     uint64
}

func (d *delta) add(from, to counters, pauseMax float64) {
	d.pauseSec += to.pauseSec - from.pauseSec
	d.pauseCount += to.pauseCount - from.pauseCount
	d.pauseMax = max(d.pauseMax, pauseMax)
	d.allocBytes += to.allocBytes - from.allocBytes
	d.allocs += to.allocs - from.allocs
}

// cpuTime is the process's user+system CPU time in ns (getrusage). At
// GOMAXPROCS=1 a cell that runs alone keeps about one CPU busy; a phase
// whose CPU time falls well short of its wall time was descheduled
// (another process, a noisy neighbour, steal), and its ns_per_op shows it.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// garbage returns a fresh 4 KiB of the Go heap (returned, so it is not
// on the stack; never inlined, so it is allocated).
//
//go:noinline
func garbage() []byte { return make([]byte, 4096) }

// ownCycles allocates garbage until the runtime has started two GC cycles
// of its own (triggered by allocation, not by runtime.GC). The warm-up
// calls it: the runtime grows some state of its own the first time such
// cycles run, and it must grow before the baseline (docs/methodology.md
// rule 35).
func (p *probe) ownCycles() {
	own := func() uint64 {
		metrics.Read(p.samples)
		return p.samples[mCycles].Value.Uint64() - p.samples[mForced].Value.Uint64()
	}
	for c0 := own(); own() < c0+2; {
		for range 64 {
			runtime.KeepAlive(garbage())
		}
	}
}
