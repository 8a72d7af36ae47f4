package harness

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"strconv"
	"strings"
	"unsafe"

	"mapbench/impls"
	"mapbench/scenarios"
)

// data holds a cell's keys and values, generated before the heap baseline
// and kept alive to the last reading so they cancel out of every delta.
type data[K comparable, V any] struct {
	keys []K
	vals []V
	eq   func(a, b V) bool
	make func(impls.Impl, int) impls.Map[K, V]
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
// i+1. Keys and values live in a.
func u64Data(a *arena, keys int, seed uint64) *data[uint64, uint64] {
	salt := mix(seed)
	d := &data[uint64, uint64]{
		keys: arenaSlice[uint64](a, keys),
		vals: arenaSlice[uint64](a, keys),
		eq:   func(a, b uint64) bool { return a == b },
		make: func(im impls.Impl, hint int) impls.Map[uint64, uint64] { return im.NewU64(hint) },
	}
	for i := range d.keys {
		d.keys[i] = mix(uint64(i) ^ salt)
		d.vals[i] = uint64(i) + 1
	}
	return d
}

// payloads is how many distinct 32-byte payloads str cells share: a value
// is a slice header in the map, so sharing backing arrays changes nothing
// the map holds, and it keeps the pre-generated data small.
const payloads = 4096

// strData: key i is "k:<i>", value i is payload i%4096, whose first 8 bytes
// hold i%4096 so the checksum can tell payloads apart. Key bytes, string
// headers, payloads and slice headers all live in a.
func strData(a *arena, keys int) *data[string, []byte] {
	d := &data[string, []byte]{
		keys: arenaSlice[string](a, keys),
		vals: arenaSlice[[]byte](a, keys),
		eq:   bytes.Equal,
		make: func(im impls.Impl, hint int) impls.Map[string, []byte] { return im.NewStr(hint) },
	}
	np := min(payloads, keys)
	pool := arenaSlice[byte](a, 32*np)
	for i := range np {
		p := pool[32*i : 32*i+32 : 32*i+32]
		binary.LittleEndian.PutUint64(p, uint64(i))
		for j := 8; j < 32; j++ {
			p[j] = byte(i + j)
		}
	}
	text := arenaSlice[byte](a, keys*(2+len(strconv.Itoa(keys))))
	off := 0
	for i := range d.keys {
		end := len(strconv.AppendInt(append(text[off:off], "k:"...), int64(i), 10)) + off
		d.keys[i] = unsafe.String(&text[off], end-off)
		off = end
		j := i % np
		d.vals[i] = pool[32*j : 32*j+32 : 32*j+32]
	}
	return d
}

// offHeapPlan moves the plan's op streams and final live set into a, so
// they neither pace nor burden the GC; the heap copies become garbage.
func offHeapPlan(a *arena, p *scenarios.Plan) {
	move := func(s []int32) []int32 {
		out := arenaSlice[int32](a, len(s))
		copy(out, s)
		return out
	}
	for i := range p.Phases {
		p.Phases[i].Del = move(p.Phases[i].Del)
		p.Phases[i].Ins = move(p.Phases[i].Ins)
	}
	p.Live = move(p.Live)
}

// bytesPerKey estimates the pre-generated data per key index for a shape,
// for the memory check before a cell starts.
func bytesPerKey(shape string) (int, error) {
	switch shape {
	case "u64":
		return 16, nil
	case "str":
		return 16 + 16 + 24, nil // string header + data (16-byte class) + slice header
	}
	return 0, fmt.Errorf("unknown shape %q", shape)
}

// EstimateBytes bounds the peak memory of one cell: the pre-generated keys
// and values, the op stream (two int32 per op), and the map at its
// implementation's per-entry bound (impls.Impl.PeakBytes; 1 KiB when the
// implementation gives none).
func EstimateBytes(spec Spec) uint64 {
	sc, ok := scenarios.Lookup(spec.Scenario)
	if !ok {
		return 0
	}
	perKey, err := bytesPerKey(spec.Shape)
	if err != nil {
		return 0
	}
	im, _ := impls.Lookup(spec.Impl)
	perEntry := im.PeakBytes.U64
	if spec.Shape == "str" {
		perEntry = im.PeakBytes.Str
	}
	if perEntry <= 0 {
		perEntry = 1024
	}
	keys := uint64(sc.KeysFor(spec.N))
	return keys*uint64(perKey) + keys*8 + uint64(spec.N)*uint64(perEntry)
}

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
