package run

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"mapbench/harness"
	"mapbench/results"
	"mapbench/scenarios"
)

// parseNames splits a comma-separated list of names, expands the given
// aliases ("all", "main"), and rejects empty items, duplicates and unknown
// names, suggesting the nearest valid name.
func parseNames(flagName, value string, valid []string, aliases map[string][]string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for item := range strings.SplitSeq(value, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			return nil, usagef("-%s: empty item in %q", flagName, value)
		}
		names := []string{item}
		if exp, ok := aliases[item]; ok {
			names = exp
		} else if !slices.Contains(valid, item) {
			msg := fmt.Sprintf("-%s: unknown name %q; valid: %s", flagName, item, strings.Join(valid, ", "))
			if len(aliases) > 0 {
				msg += " (or " + strings.Join(slices.Sorted(maps.Keys(aliases)), ", ") + ")"
			}
			if s := nearest(item, valid); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			}
			return nil, UsageError{msg}
		}
		for _, n := range names {
			if seen[n] {
				return nil, usagef("-%s: %q named twice in %q", flagName, n, value)
			}
			seen[n] = true
			out = append(out, n)
		}
	}
	return out, nil
}

// nearest returns the valid name closest to s by edit distance, if it is
// close enough to be a plausible typo.
func nearest(s string, valid []string) string {
	best, bestD := "", math.MaxInt
	for _, v := range valid {
		if d := editDistance(s, v); d < bestD {
			best, bestD = v, d
		}
	}
	if bestD <= max(2, len(s)/3) {
		return best
	}
	return ""
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// sizeForms says what an item of -n may be: the help text of -n and the
// errors that refuse an item name these forms.
const sizeForms = "a size (65536, 64k, 1M, 1MiB, 2^20), a range LO..HI of LO, 2·LO, 4·LO, … up to HI (1k..1M), " +
	"or LO..HIxK of factor K in 2..1024 (2^10..2^22x4)"

// maxSizes bounds the sizes -n expands to, ranges included.
const maxSizes = 64

// parseSizes parses -n: comma-separated items, each a positive size (see
// parseSize) or a range LO..HI or LO..HIxK (see parseRange), expanded in
// list order. A size named twice, by any items, is refused, and so are
// more than maxSizes sizes in all.
func parseSizes(value string) ([]int, error) {
	var out []int
	from := map[int]string{} // size → the item that named it
	for item := range strings.SplitSeq(value, ",") {
		item = strings.TrimSpace(item)
		var ns []int
		if strings.Contains(item, "..") {
			var err error
			if ns, err = parseRange(item); err != nil {
				return nil, err
			}
		} else {
			n, err := parseSize(item)
			if err != nil {
				return nil, usagef("-n: %q: %v (want %s)", item, err, sizeForms)
			}
			if n <= 0 {
				return nil, usagef("-n: %q: must be > 0", item)
			}
			ns = []int{n}
		}
		for _, n := range ns {
			if prev, ok := from[n]; ok {
				if prev == item {
					return nil, usagef("-n: %d named twice in %q", n, value)
				}
				return nil, usagef("-n: %d named twice in %q (by %q and by %q)", n, value, prev, item)
			}
			from[n] = item
			out = append(out, n)
		}
		if len(out) > maxSizes {
			return nil, usagef("-n: %q brings the list to %d sizes: at most %d in all", item, len(out), maxSizes)
		}
	}
	return out, nil
}

// parseRange expands a range item of -n: LO..HI gives LO, 2·LO, 4·LO, …
// up to and including HI; LO..HIxK the same with factor K (2..1024). HI
// must be LO·K^m exactly.
func parseRange(item string) ([]int, error) {
	bad := func(format string, args ...any) error {
		return usagef("-n: %q: %s (want %s)", item, fmt.Sprintf(format, args...), sizeForms)
	}
	loS, hiS, _ := strings.Cut(item, "..")
	loS, hiS = strings.TrimSpace(loS), strings.TrimSpace(hiS)
	k := 2
	if h, kS, ok := strings.Cut(hiS, "x"); ok {
		hiS, kS = strings.TrimSpace(h), strings.TrimSpace(kS)
		if kS == "" {
			return nil, bad("factor K missing after x")
		}
		v, err := strconv.Atoi(kS)
		if err != nil {
			return nil, bad("factor K %q is not an integer", kS)
		}
		if v < 2 || v > 1024 {
			return nil, bad("factor K %d is out of range 2..1024", v)
		}
		k = v
	}
	var bounds [2]int
	for i, s := range []string{loS, hiS} {
		name := [2]string{"LO", "HI"}[i]
		if s == "" {
			return nil, bad("%s missing", name)
		}
		v, err := parseSize(s)
		if err != nil {
			return nil, bad("%s %q: %v", name, s, err)
		}
		if v <= 0 {
			return nil, bad("%s %q must be > 0", name, s)
		}
		bounds[i] = v
	}
	lo, hi := bounds[0], bounds[1]
	if lo > hi {
		return nil, bad("LO %d is larger than HI %d", lo, hi)
	}
	ns := []int{lo}
	for v := lo; v < hi; v *= k {
		if v > hi/k { // v·k > hi: HI lies between two sizes of the range
			step := ""
			if k != 2 {
				step = fmt.Sprintf("x%d", k)
			}
			var near []string
			if v > lo {
				near = append(near, fmt.Sprintf("%d..%d%s", lo, v, step))
			}
			if v <= math.MaxInt/k {
				near = append(near, fmt.Sprintf("%d..%d%s", lo, v*k, step))
			}
			eg := ""
			if len(near) > 0 {
				eg = ", e.g. " + strings.Join(near, " or ")
			}
			return nil, bad("the range gives %s and does not reach HI %d: HI must be LO·%d^m%s", listSizes(ns), hi, k, eg)
		}
		ns = append(ns, v*k)
	}
	return ns, nil
}

// listSizes writes ns for a message: all of them when they are few, else
// the first three and the last.
func listSizes(ns []int) string {
	s := make([]string, 0, len(ns))
	for i, n := range ns {
		if len(ns) > 5 && i == 3 {
			s = append(s, "…")
		}
		if len(ns) <= 5 || i < 3 || i == len(ns)-1 {
			s = append(s, strconv.Itoa(n))
		}
	}
	return strings.Join(s, ", ")
}

// sizeUnits are the suffixes a size may end in: k, K and KiB are 2^10, M
// and MiB 2^20, G and GiB 2^30, TiB 2^40, B 1 (results.FormatSize writes
// sizes this way).
var sizeUnits = []struct {
	suffix string
	mult   int
}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40},
	{"k", 1 << 10}, {"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"B", 1}}

// parseSize reads one size: a decimal integer, with a suffix of
// sizeUnits, or a power 2^K (K in 0..40). The flags that take sizes (-n,
// -mem-limit, -live-heap) all read them here.
func parseSize(s string) (int, error) {
	if s == "" {
		return 0, fmt.Errorf("empty item")
	}
	if b, e, ok := strings.Cut(s, "^"); ok {
		if b != "2" {
			return 0, fmt.Errorf("only powers of two may use ^")
		}
		k, err := strconv.Atoi(e)
		if err != nil || k < 0 || k > 40 {
			return 0, fmt.Errorf("bad exponent")
		}
		return 1 << k, nil
	}
	mult := 1
	for _, u := range sizeUnits {
		if rest, ok := strings.CutSuffix(s, u.suffix); ok {
			s, mult = rest, u.mult
			break
		}
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, fmt.Errorf("not a number")
	}
	if err != nil || v > math.MaxInt64/int64(mult) || v < math.MinInt64/int64(mult) {
		return 0, fmt.Errorf("too large for a 64-bit integer")
	}
	return int(v) * mult, nil
}

// maxLiveHeap bounds an item of -live-heap (1 TiB): the memory check
// (checkMemory) refuses what does not fit on the machine.
const maxLiveHeap = 1 << 40

// parseLiveHeaps reads -live-heap: comma-separated sizes (parseSize), each
// 0 or a multiple of the live heap's object size up to maxLiveHeap,
// distinct.
func parseLiveHeaps(v string) ([]int, error) {
	var out []int
	obj := harness.LiveHeapObjectBytes
	for item := range strings.SplitSeq(v, ",") {
		item = strings.TrimSpace(item)
		n, err := parseSize(item)
		switch {
		case err != nil:
			return nil, usagef("-live-heap: %q: %v (want a list of sizes such as 0,256MiB)", item, err)
		case n < 0:
			return nil, usagef("-live-heap: %q is negative (want 0 or a size such as 256MiB)", item)
		case n > maxLiveHeap:
			return nil, usagef("-live-heap: %q is over %s", item, results.FormatSize(maxLiveHeap))
		case n%obj != 0:
			return nil, usagef("-live-heap: %q is not a multiple of %d B, the size of the live heap's objects (%d or %d would be)",
				item, obj, n/obj*obj, (n/obj+1)*obj)
		case slices.Contains(out, n):
			return nil, usagef("-live-heap: %s named twice in %q", results.FormatSize(n), v)
		}
		out = append(out, n)
	}
	return out, nil
}

// joinSizes is sizes as -live-heap takes them back (results.FormatSize).
func joinSizes(sizes []int) string {
	s := make([]string, len(sizes))
	for i, n := range sizes {
		s[i] = results.FormatSize(n)
	}
	return strings.Join(s, ",")
}

// maxGCPercent bounds an item of -gc-percent.
const maxGCPercent = 10000

// parseGCPercents reads -gc-percent: distinct integers in 1..maxGCPercent.
// GOGC=off is not taken: with the collector off, a cell's garbage piles up
// between the harness's forced GCs without bound (a churn of 2^20 entries
// can allocate gigabytes), which no memory check can size.
func parseGCPercents(v string) ([]int, error) {
	var out []int
	for item := range strings.SplitSeq(v, ",") {
		item = strings.TrimSpace(item)
		if strings.EqualFold(item, "off") {
			return nil, usagef("-gc-percent: off is not taken: with the collector off a cell's garbage is never freed between the harness's forced GCs, so no memory check can bound it; %d collects rarely", maxGCPercent)
		}
		p, err := strconv.Atoi(item)
		if err != nil {
			return nil, usagef("-gc-percent: %q is not a whole percent (want a list such as 1,100, each in 1..%d)", item, maxGCPercent)
		}
		if p < 1 || p > maxGCPercent {
			return nil, usagef("-gc-percent: %d is out of range 1..%d", p, maxGCPercent)
		}
		if slices.Contains(out, p) {
			return nil, usagef("-gc-percent: %d named twice in %q", p, v)
		}
		out = append(out, p)
	}
	return out, nil
}

// largestN is the largest n scenario sc can index: its plans name keys by
// int32 index, so it must use fewer than scenarios.MaxKeys keys.
func largestN(sc scenarios.Scenario) int {
	lo, hi := 0, scenarios.MaxKeys // sc.KeysFor(lo) < MaxKeys <= sc.KeysFor(hi): every scenario uses at least n keys
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if sc.KeysFor(mid) < scenarios.MaxKeys {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// checkIndex refuses a size some scenario cannot index, naming the
// scenario with the smallest such limit and the largest n it accepts.
func checkIndex(ns []int, names []string) error {
	for _, n := range ns {
		var worst scenarios.Scenario
		limit := math.MaxInt
		for _, name := range names {
			sc, _ := scenarios.Lookup(name)
			if sc.Trace {
				continue // a trace runs at its own size
			}
			if l := largestN(sc); n > l && l < limit {
				worst, limit = sc, l
			}
		}
		if limit != math.MaxInt {
			perEntry := float64(worst.KeysFor(1<<20)) / (1 << 20)
			return usagef("-n: %d is too large for scenario %s: the largest n it accepts is %d (it needs %s·n distinct keys, and keys are indexed by int32)",
				n, worst.Name, limit, strconv.FormatFloat(perEntry, 'f', -1, 64))
		}
	}
	return nil
}
