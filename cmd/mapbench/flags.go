package main

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

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
			return nil, usageError{msg}
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

// parseSizes parses -n: comma-separated positive sizes, each a decimal
// integer with an optional binary suffix (k = 1024, M = 1024², G = 1024³)
// or a power of two written 2^K.
func parseSizes(value string) ([]int, error) {
	var out []int
	seen := map[int]bool{}
	for item := range strings.SplitSeq(value, ",") {
		item = strings.TrimSpace(item)
		n, err := parseSize(item)
		if err != nil {
			return nil, usagef("-n: %q: %v (want a positive integer such as 65536, 64k, 1M or 2^20)", item, err)
		}
		if n <= 0 {
			return nil, usagef("-n: %q: must be > 0", item)
		}
		if seen[n] {
			return nil, usagef("-n: %d named twice in %q", n, value)
		}
		seen[n] = true
		out = append(out, n)
	}
	return out, nil
}

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
	switch s[len(s)-1] {
	case 'k', 'K':
		mult = 1 << 10
	case 'M':
		mult = 1 << 20
	case 'G':
		mult = 1 << 30
	}
	if mult != 1 {
		s = s[:len(s)-1]
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
