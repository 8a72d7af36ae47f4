package harness

import (
	"math"
	"runtime"
	"slices"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"
)

// selfChecks are a cell's checks of itself, reported in phase meta
// (docs/methodology.md rules 7, 8, 14, 19, 20).
type selfChecks struct {
	timerOverhead  int64                   // median clock pair, ns
	snapshotAllocs uint64                  // allocations of one heap reading (must be 0)
	nullDelta      int64                   // live bytes the null pass left (the harness's retention)
	base           heap                    // the baseline reading (and the GCs it took to be stable)
	repeatEqual    bool                    // two back-to-back readings agreed
	noise          *hdrhistogram.Histogram // empty timed regions: the noise floor
	sumOK          bool                    // the checksum passed
	sumNote        string                  // why it did not
	handoffNs      int64                   // concurrent cells: cache-line handoff between two CPUs (0: not measured)
	other          otherHeap               // the other live heap (-live-heap) and what it added to the live heap
}

// timerOverhead is the median of back-to-back clock pairs.
func (e *executor[K, V]) timerOverhead() int64 {
	var d [1001]int64
	for i := range d {
		t0 := e.now()
		d[i] = e.now() - t0
	}
	s := d[:]
	slices.Sort(s)
	return s[len(s)/2]
}

// snapshotAllocs counts heap allocations of one reading (must be 0). It
// takes the least of three rounds, so an allocation by something else in
// the process (a runtime background task) is not blamed on the probe; an
// allocation in the path itself shows in every round.
func (e *executor[K, V]) snapshotAllocs() uint64 {
	var a, b runtime.MemStats
	least := uint64(math.MaxUint64)
	for range 3 {
		runtime.ReadMemStats(&a)
		e.p.stable()
		e.p.read()
		e.p.allocBytes()
		runtime.ReadMemStats(&b)
		least = min(least, b.Mallocs-a.Mallocs)
	}
	return least
}
