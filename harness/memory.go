package harness

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"mapbench/impls"
	"mapbench/scenarios"
)

// dataBytes bounds the arena bytes per key index for a shape: the
// canonical key and value, the plan's op stream (an int32 to insert it and
// one to delete it), and the op-order copies (every key is inserted once
// and deleted at most once, so at most one insert copy with its value and
// one delete copy per key).
func dataBytes(shape string, keys int) (uint64, error) {
	const opStream = 4 + 4
	switch shape {
	case "u64":
		key, val := 8, 8
		return uint64(keys) * uint64(key+val+opStream+(key+val)+key), nil
	case "str":
		// string header + key bytes; slice header (payloads are a shared pool of 128 KiB)
		key, val := 16+strKeyBytes(keys), 24
		return uint64(keys)*uint64(key+val+opStream+(key+val)+key) + 32*payloads, nil
	}
	return 0, fmt.Errorf("unknown shape %q", shape)
}

// EstimateBytes bounds the peak memory of one cell: the pre-generated data
// in both layouts (dataBytes) and the map at its implementation's
// per-entry bound (impls.Impl.PeakBytes; 1 KiB when the implementation
// gives none).
func EstimateBytes(spec Spec) uint64 {
	sc, ok := scenarios.Lookup(spec.Scenario)
	if !ok {
		return 0
	}
	keys := sc.KeysFor(spec.N)
	db, err := dataBytes(spec.Shape, keys)
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
	return db + uint64(spec.N)*uint64(perEntry)
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
