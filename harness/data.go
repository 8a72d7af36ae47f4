package harness

import (
	"bytes"
	"encoding/binary"
	"strconv"
	"unsafe"

	"mapbench/impls"
	"mapbench/scenarios"
)

// data holds a cell's keys and values, generated before the heap baseline
// in the cell's arena and kept alive to the last reading, in two layouts:
//
//   - canonical: key index i (the plan's int32 names) is keys[i] with value
//     vals[i]. Only the checksum and the warm-up use it.
//   - ops: per plan phase, the keys and values in the order the phase's ops
//     use them, so every measured loop streams its inputs sequentially.
//     Reading keys[idx[j]] inside a loop instead adds a dependent random
//     read of the key array to every op (docs/methodology.md rule 10).
type data[K comparable, V any] struct {
	keys []K
	vals []V
	ops  []opData[K, V] // ops[i] belongs to plan.Phases[i]
	eq   func(a, b V) bool
	make func(hint int) impls.Map[K, V] // the cell's implementation's constructor
	// gather lays out keys[idx[j]] for every j, in that order, in the
	// arena (for str, the key bytes too).
	gather func(a *arena, keys []K, idx []int32) []K
	// Shape ptr only (payload.go): the null map to use instead of
	// nullMap, what make's last map is released with, and the heap bytes
	// each Put allocates outside the map (0 for the other shapes).
	newNull func() impls.Map[K, V]
	drop    func()
	payload uint64
}

// nullMap returns a fresh null map for the shape.
func (d *data[K, V]) nullMap() impls.Map[K, V] {
	if d.newNull != nil {
		return d.newNull()
	}
	return newNullMap[K, V]()
}

// dropMap lets the map make returned last be collected once the caller
// has dropped it too.
func (d *data[K, V]) dropMap() {
	if d.drop != nil {
		d.drop()
	}
}

// opData is one phase's inputs in op order: op j of a Delete phase deletes
// del[j]; of an Insert phase puts ins[j] with vals[j]; of a Replace phase
// deletes del[j], then puts ins[j] with vals[j].
type opData[K comparable, V any] struct {
	del  []K
	ins  []K
	vals []V
	seq  []scenarios.Kind // a Mixed phase's op kinds (op j works on ins[j])
	// kinds: of a replay phase, its ops of each kind and, run on one
	// goroutine, its blocks (replaykinds.go).
	kinds kindLayout
}

// layout materialises every phase's op-order inputs in a.
func (d *data[K, V]) layout(a *arena, p *scenarios.Plan) {
	d.ops = make([]opData[K, V], len(p.Phases))
	for i := range p.Phases {
		ph := &p.Phases[i]
		od := &d.ops[i]
		if len(ph.Del) > 0 {
			od.del = d.gather(a, d.keys, ph.Del)
		}
		if len(ph.Ins) > 0 {
			od.ins = d.gather(a, d.keys, ph.Ins)
			od.vals = gather(a, d.vals, ph.Ins)
		}
		od.seq = ph.Seq
		if ph.Name == scenarios.PhaseReplay {
			if ph.Bounds == nil {
				od.kinds = layoutKinds(a, ph.Seq, ph.Marks, true)
			} else {
				// Lanes at once: Seq is laid out lane by lane, and
				// no block is timed.
				od.kinds = layoutKinds(a, ph.Seq, nil, false)
			}
		}
	}
}

// gather copies s[idx[j]] to out[j] (a plain value copy: for a string or a
// slice, the header only).
func gather[T any](a *arena, s []T, idx []int32) []T {
	out := arenaSlice[T](a, len(idx))
	for j, i := range idx {
		out[j] = s[i]
	}
	return out
}

// gatherStrings copies the strings s[idx[j]], bytes included, into a, in
// that order: the key bytes an op hashes sit next to those of the op
// before it.
func gatherStrings(a *arena, s []string, idx []int32) []string {
	total := 0
	for _, i := range idx {
		total += len(s[i])
	}
	text := arenaSlice[byte](a, total)
	out := arenaSlice[string](a, len(idx))
	off := 0
	for j, i := range idx {
		n := copy(text[off:], s[i])
		out[j] = unsafe.String(&text[off], n)
		off += n
	}
	return out
}

// mix is splitmix64's finalizer: a bijection on uint64, so distinct
// indices give distinct keys.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// u64Data: key i is mix(i ^ salt) (a bijection, so distinct), value i is
// i+1, for every key index of p, then laid out in p's op order. Everything
// lives in a.
func u64Data(a *arena, p *scenarios.Plan, seed uint64, newMap func(int) impls.Map[uint64, uint64]) *data[uint64, uint64] {
	keys := p.Keys
	salt := mix(seed)
	d := &data[uint64, uint64]{
		keys:   arenaSlice[uint64](a, keys),
		vals:   arenaSlice[uint64](a, keys),
		eq:     func(a, b uint64) bool { return a == b },
		make:   newMap,
		gather: gather[uint64],
	}
	for i := range d.keys {
		d.keys[i] = mix(uint64(i) ^ salt)
		d.vals[i] = uint64(i) + 1
	}
	d.layout(a, p)
	return d
}

// structData: key i is {mix(i ^ salt), uint32(i)} (distinct because the
// first field is a bijection of i), value i is i+1, laid out like u64Data.
func structData(a *arena, p *scenarios.Plan, seed uint64, newMap func(int) impls.Map[impls.StructKey, uint64]) *data[impls.StructKey, uint64] {
	salt := mix(seed)
	d := &data[impls.StructKey, uint64]{
		keys:   arenaSlice[impls.StructKey](a, p.Keys),
		vals:   arenaSlice[uint64](a, p.Keys),
		eq:     func(a, b uint64) bool { return a == b },
		make:   newMap,
		gather: gather[impls.StructKey],
	}
	for i := range d.keys {
		d.keys[i] = impls.StructKey{A: mix(uint64(i) ^ salt), B: uint32(i)}
		d.vals[i] = uint64(i) + 1
	}
	d.layout(a, p)
	return d
}

// arrayData: uint64 keys as in u64Data, and values of the array type A
// (shapes v120, v136) whose first 8 bytes hold i+1 and whose last byte
// holds i, so the checksum tells every value apart and sees a truncated
// copy. A is a byte array.
func arrayData[A comparable](a *arena, p *scenarios.Plan, seed uint64, newMap func(int) impls.Map[uint64, A]) *data[uint64, A] {
	salt := mix(seed)
	d := &data[uint64, A]{
		keys:   arenaSlice[uint64](a, p.Keys),
		vals:   arenaSlice[A](a, p.Keys),
		eq:     func(a, b A) bool { return a == b },
		make:   newMap,
		gather: gather[uint64],
	}
	for i := range d.keys {
		d.keys[i] = mix(uint64(i) ^ salt)
		b := unsafe.Slice((*byte)(unsafe.Pointer(&d.vals[i])), unsafe.Sizeof(d.vals[i]))
		binary.LittleEndian.PutUint64(b, uint64(i)+1)
		b[len(b)-1] = byte(i)
	}
	d.layout(a, p)
	return d
}

// payloads is how many distinct 32-byte payloads str cells share: a value
// is a slice header in the map, so sharing backing arrays changes nothing
// the map holds, and it keeps the pre-generated data small.
const payloads = 4096

// strData: key i is "k:<i>", value i is payload i%4096, whose first 8 bytes
// hold i%4096 so the checksum can tell payloads apart. Key bytes, string
// headers, payloads and slice headers all live in a. The keys are then
// laid out in p's op order.
func strData(a *arena, p *scenarios.Plan, _ uint64, newMap func(int) impls.Map[string, []byte]) *data[string, []byte] {
	keys := p.Keys
	d := &data[string, []byte]{
		keys:   arenaSlice[string](a, keys),
		vals:   arenaSlice[[]byte](a, keys),
		eq:     bytes.Equal,
		make:   newMap,
		gather: gatherStrings,
	}
	if p.KeySizes != nil {
		return sizedStrData(a, p, d)
	}
	text := arenaSlice[byte](a, keys*strKeyBytes(keys))
	off := 0
	for i := range d.keys {
		end := len(strconv.AppendInt(append(text[off:off], "k:"...), int64(i), 10)) + off
		d.keys[i] = unsafe.String(&text[off], end-off)
		off = end
	}
	strPayloads(a, d)
	d.layout(a, p)
	return d
}

// strPayloads fills d.vals with the str shape's payloads (strData).
func strPayloads(a *arena, d *data[string, []byte]) {
	np := min(payloads, len(d.vals))
	pool := arenaSlice[byte](a, 32*np)
	for i := range np {
		p := pool[32*i : 32*i+32 : 32*i+32]
		binary.LittleEndian.PutUint64(p, uint64(i))
		for j := 8; j < 32; j++ {
			p[j] = byte(i + j)
		}
	}
	for i := range d.vals {
		j := i % np
		d.vals[i] = pool[32*j : 32*j+32 : 32*j+32]
	}
}

// sizedStrData: str keys of a replayed trace's recorded lengths
// (Plan.KeySizes). Key i holds i in little-endian order in its first
// min(length, 4) bytes and 'x' after them, so keys of one length differ;
// a length too short to hold i (i >= 256^length) is lengthened to the
// bytes i needs (keyLen). Values as strData's.
func sizedStrData(a *arena, p *scenarios.Plan, d *data[string, []byte]) *data[string, []byte] {
	total := 0
	for i, n := range p.KeySizes {
		total += keyLen(i, n)
	}
	text := arenaSlice[byte](a, total)
	off := 0
	for i, n := range p.KeySizes {
		k := text[off : off+keyLen(i, n)]
		var le [4]byte
		binary.LittleEndian.PutUint32(le[:], uint32(i))
		c := copy(k, le[:])
		for j := c; j < len(k); j++ {
			k[j] = 'x'
		}
		if len(k) > 0 {
			d.keys[i] = unsafe.String(&k[0], len(k))
		}
		off += len(k)
	}
	strPayloads(a, d)
	d.layout(a, p)
	return d
}

// keyLen is the length of key i of recorded length n: n, or the bytes i
// needs in little-endian order when n is fewer.
func keyLen(i int, n uint32) int {
	need := 0
	for v := uint32(i); v > 0; v >>= 8 {
		need++
	}
	return max(int(n), need)
}

// strKeyBytes bounds the length of a str key when keys are in use.
func strKeyBytes(keys int) int { return 2 + len(strconv.Itoa(keys)) }

// offHeapPlan moves the plan's op streams and final live set into a, so
// they neither pace nor burden the GC; the heap copies become garbage.
func offHeapPlan(a *arena, p *scenarios.Plan) {
	for i := range p.Phases {
		p.Phases[i].Del = moveOffHeap(a, p.Phases[i].Del)
		p.Phases[i].Ins = moveOffHeap(a, p.Phases[i].Ins)
		p.Phases[i].Seq = moveOffHeap(a, p.Phases[i].Seq)
	}
	p.Live = moveOffHeap(a, p.Live)
	p.Shared = moveOffHeap(a, p.Shared)
}

// moveOffHeap copies s into a.
func moveOffHeap[T any](a *arena, s []T) []T {
	out := arenaSlice[T](a, len(s))
	copy(out, s)
	return out
}
