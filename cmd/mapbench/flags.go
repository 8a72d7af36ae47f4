package main

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
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

// maxN bounds -n: plans index keys with int32.
const maxN = 1 << 28

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
		if n > maxN {
			return nil, usagef("-n: %q: at most %d (2^28)", item, maxN)
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
	if err != nil {
		return 0, fmt.Errorf("not a number")
	}
	if v > math.MaxInt32 || v < math.MinInt32 {
		return 0, fmt.Errorf("out of range")
	}
	return int(v) * mult, nil
}
