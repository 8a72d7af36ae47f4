package run

import (
	"runtime"
	"slices"
	"strings"
	"testing"

	"mapbench/harness"
)

// FuzzParseNames: any input gives either names that are all valid and
// distinct, or a one-line usage error naming the flag; never a panic.
func FuzzParseNames(f *testing.F) {
	valid := []string{"native", "syncmap", "xsync"}
	aliases := map[string][]string{"all": valid}
	for _, s := range []string{"native", "all", "native,xsync", "", ",", "native,,x", "nat1ve", "all,native", " xsync , syncmap "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		names, err := parseNames("impls", in, valid, aliases)
		if err != nil {
			if _, ok := err.(UsageError); !ok || !strings.HasPrefix(err.Error(), "-impls: ") || strings.Contains(err.Error(), "\n") {
				t.Fatalf("%q: error %q is not a one-line usage error naming -impls", in, err)
			}
			return
		}
		if len(names) == 0 {
			t.Fatalf("%q: no names and no error", in)
		}
		seen := map[string]bool{}
		for _, n := range names {
			if !slices.Contains(valid, n) || seen[n] {
				t.Fatalf("%q: parsed %v: %q invalid or repeated", in, names, n)
			}
			seen[n] = true
		}
	})
}

// FuzzParseSizes: any input gives either a one-line usage error naming
// -n, or sizes that are positive, distinct, at most maxSizes of them, and
// that -n gives back from their list as run_config records it (checkIndex
// bounds them per scenario); never a panic.
func FuzzParseSizes(f *testing.F) {
	for _, s := range []string{"65536", "64k", "1M", "2^20", "0", "-1", "2^99", "1G", "1,1", "x", "2^", "k", "99999999999",
		"1k..4k", "2^10..2^22x4", "1000,2^10..2^14", "1000..5000", "4k..1k", "1k..4kx", "1k..4kx1025", "..", "1..2^40,3..3",
		"1..4611686018427387904", "3..9223372036854775807x1024", "1k..1k,1k"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		ns, err := parseSizes(in)
		if err != nil {
			if _, ok := err.(UsageError); !ok || !strings.HasPrefix(err.Error(), "-n: ") || strings.Contains(err.Error(), "\n") {
				t.Fatalf("%q: error %q is not a one-line usage error naming -n", in, err)
			}
			return
		}
		if len(ns) == 0 || len(ns) > maxSizes {
			t.Fatalf("%q: parsed %d sizes %v", in, len(ns), ns)
		}
		seen := map[int]bool{}
		for _, n := range ns {
			if n <= 0 || seen[n] {
				t.Fatalf("%q: parsed %v", in, ns)
			}
			seen[n] = true
		}
		again, err := parseSizes(joinInts(ns))
		if err != nil || !slices.Equal(again, ns) {
			t.Fatalf("%q: parsed %v; its list %q gives %v, %v", in, ns, joinInts(ns), again, err)
		}
	})
}

// FuzzParseGoVersions: any input gives either a one-line usage error
// naming -go, or distinct toolchain names (at most maxGoVersions, never
// the running toolchain alone) that -go gives back from their list as
// run_config records it; never a panic.
func FuzzParseGoVersions(f *testing.F) {
	for _, s := range []string{"", "go1.26.8", "go1.26.8,go1.27.3", "go1.27", "go1.28rc1", " go1.27.3 ,go1.27.4", "go1.27.3,,",
		"local", "go1.27.3,go1.27.3", "go1.27.03", "go10.0.0", "go1.27.3+auto", runtime.Version()} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		vs, err := parseGoVersions(in)
		if err != nil {
			if _, ok := err.(UsageError); !ok || !strings.HasPrefix(err.Error(), "-go: ") || strings.Contains(err.Error(), "\n") {
				t.Fatalf("%q: error %q is not a one-line usage error naming -go", in, err)
			}
			return
		}
		if len(vs) > maxGoVersions || len(vs) == 1 && vs[0] == runtime.Version() {
			t.Fatalf("%q: parsed %q", in, vs)
		}
		seen := map[string]bool{}
		for _, v := range vs {
			if !toolchainName.MatchString(v) || seen[v] {
				t.Fatalf("%q: parsed %q: %q invalid or repeated", in, vs, v)
			}
			seen[v] = true
		}
		again, err := parseGoVersions(strings.Join(vs, ","))
		if err != nil || !slices.Equal(again, vs) {
			t.Fatalf("%q: parsed %q; its list gives %q, %v", in, vs, again, err)
		}
	})
}

// FuzzParseGCPercents: any input gives either a one-line usage error
// naming -gc-percent, or distinct percents in 1..10000 that the list
// run_config records gives back; never a panic.
func FuzzParseGCPercents(f *testing.F) {
	for _, s := range []string{"1", "1,100", "100, 1", "0", "10001", "off", "OFF", "1,1", "", ",", "x", "-5", "1.5", "99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		gcs, err := parseGCPercents(in)
		if err != nil {
			if _, ok := err.(UsageError); !ok || !strings.HasPrefix(err.Error(), "-gc-percent: ") || strings.Contains(err.Error(), "\n") {
				t.Fatalf("%q: error %q is not a one-line usage error naming -gc-percent", in, err)
			}
			return
		}
		seen := map[int]bool{}
		for _, p := range gcs {
			if p < 1 || p > maxGCPercent || seen[p] {
				t.Fatalf("%q: parsed %v", in, gcs)
			}
			seen[p] = true
		}
		again, err := parseGCPercents(joinInts(gcs))
		if len(gcs) == 0 || err != nil || !slices.Equal(again, gcs) {
			t.Fatalf("%q: parsed %v; its list %q gives %v, %v", in, gcs, joinInts(gcs), again, err)
		}
	})
}

// FuzzParseLiveHeaps: any input gives either a one-line usage error
// naming -live-heap, or distinct sizes in 0..1TiB, each a whole number of
// the live heap's objects, that the list run_config records (exact sizes:
// results.FormatSize) gives back; never a panic.
func FuzzParseLiveHeaps(f *testing.F) {
	for _, s := range []string{"0", "0,256MiB", "256M", "2^20", "64k,1GiB", "96B", "100", "-1", "1TiB", "2TiB", "1M,1MiB", "", ",",
		"x", "256Mb", "9223372036854775807", "2^40", "1.5M"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		sizes, err := parseLiveHeaps(in)
		if err != nil {
			if _, ok := err.(UsageError); !ok || !strings.HasPrefix(err.Error(), "-live-heap: ") || strings.Contains(err.Error(), "\n") {
				t.Fatalf("%q: error %q is not a one-line usage error naming -live-heap", in, err)
			}
			return
		}
		seen := map[int]bool{}
		for _, n := range sizes {
			if n < 0 || n > maxLiveHeap || n%harness.LiveHeapObjectBytes != 0 || seen[n] {
				t.Fatalf("%q: parsed %v", in, sizes)
			}
			seen[n] = true
		}
		again, err := parseLiveHeaps(joinSizes(sizes))
		if len(sizes) == 0 || err != nil || !slices.Equal(again, sizes) {
			t.Fatalf("%q: parsed %v; its list %q gives %v, %v", in, sizes, joinSizes(sizes), again, err)
		}
	})
}
