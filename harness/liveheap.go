package harness

import (
	"runtime"
	"runtime/metrics"
	"unsafe"
)

// The other live heap of a cell (-live-heap; docs/methodology.md rule 36):
// long-lived, pointer-rich objects that stand for the rest of a program's
// heap. Every GC cycle marks them, so a cycle the map's allocation starts
// costs what it would in a program that holds more than the map; the heap
// figures leave them out, being deltas from a baseline taken after they
// exist.

// liveNode is one object of the other live heap: three pointers and a
// word of data, 32 bytes, which is a size class of its own (no slack, no
// malloc header), so n nodes are exactly 32·n bytes of live heap.
type liveNode struct {
	kids [2]*liveNode
	link *liveNode
	val  uint64
}

// liveNodeBytes is the heap a liveNode takes.
const liveNodeBytes = int(unsafe.Sizeof(liveNode{}))

// LiveHeapObjectBytes is the size of the other live heap's objects: a
// -live-heap size is a whole number of them.
const LiveHeapObjectBytes = liveNodeBytes

// liveHeapSeedMix sets the other live heap's random stream apart from the
// op streams' (which also derive from the cell's seed).
const liveHeapSeedMix = 0x6c69766568656170 // "liveheap"

// otherHeap is a cell's other live heap: root reaches every node.
type otherHeap struct {
	root  *liveNode
	nodes int
	// live is what building it added to /gc/heap/live:bytes, after forced
	// GCs (the other_heap_live row).
	live int64
}

// liveLinkSpan bounds how far a node's link reaches: to one of the next
// liveLinkSpan nodes allocated (128 KiB of them).
const liveLinkSpan = 4096

// buildOtherHeap allocates size bytes of liveNodes (size rounded down to
// whole nodes), deterministic from seed: the nodes, allocated one by one,
// are linked as a complete binary tree in allocation order (node i's kids
// are nodes 2i+1 and 2i+2, so the tree reaches every node from the root
// and most kids lie far from their parent), and each node's link points
// to one of the liveLinkSpan nodes allocated after it (wrapping around),
// drawn from seed (xorshift64), as the objects a program allocates
// together point at each other; its val is a random word. Links drawn
// from the whole heap instead made a forced GC of 64 MiB take 415 ms
// instead of 142 ms on the development machine (GOMAXPROCS=1): a
// cell's forced GCs (about 90 in a churn cell) would then dominate a run.
// The index of the nodes, a temporary slice of 8 bytes per node, is
// dropped before it returns. It forces GCs until the live heap settles
// before and after, and says what the nodes added to it. With size 0 it
// does nothing.
func buildOtherHeap(size int, seed uint64) otherHeap {
	n := size / liveNodeBytes
	if n <= 0 {
		return otherHeap{}
	}
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	read := func() int64 {
		// Forced GCs until two readings agree (probe.stable's rule).
		runtime.GC()
		metrics.Read(live)
		last := live[0].Value.Uint64()
		for range maxStableGCs {
			runtime.GC()
			metrics.Read(live)
			cur := live[0].Value.Uint64()
			if cur == last {
				break
			}
			last = cur
		}
		return int64(last)
	}
	read() // the runtime's first GC cycles start its mark workers (5 KiB of heap)
	before := read()
	h := otherHeap{root: linkNodes(n, mix(seed^liveHeapSeedMix)|1), nodes: n}
	h.live = read() - before
	return h
}

// linkNodes allocates n liveNodes and links them (see buildOtherHeap)
// from the xorshift64 state rng, and returns the root. The index of the
// nodes is this function's: garbage once it returns.
func linkNodes(n int, rng uint64) *liveNode {
	nodes := make([]*liveNode, n)
	for i := range nodes {
		nodes[i] = &liveNode{val: xorshift(&rng)}
	}
	for i, nd := range nodes {
		for k := range nd.kids {
			if c := 2*i + 1 + k; c < n {
				nd.kids[k] = nodes[c]
			}
		}
		nd.link = nodes[(i+1+int(xorshift(&rng)%liveLinkSpan))%n]
	}
	return nodes[0]
}

// count walks the tree from the root and counts its nodes (tests: every
// node is reachable from the root alone).
func (h *otherHeap) count() int {
	if h.root == nil {
		return 0
	}
	stack := []*liveNode{h.root}
	c := 0
	for len(stack) > 0 {
		nd := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		c++
		for _, k := range nd.kids {
			if k != nil {
				stack = append(stack, k)
			}
		}
	}
	return c
}
