package run

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"mapbench/results"
)

// pow2 is 2^lo, 2^(lo+1), … 2^hi.
func pow2(lo, hi int) []int {
	var out []int
	for e := lo; e <= hi; e++ {
		out = append(out, 1<<e)
	}
	return out
}

// -n takes single sizes and ranges LO..HI (factor 2) and LO..HIxK, mixed
// in one list and expanded in list order.
func TestParseSizes(t *testing.T) {
	tests := []struct {
		in   string
		want []int
	}{
		// Plain lists: one size, suffixes, powers, spaces.
		{"65536", []int{65536}},
		{"64k,1M", []int{65536, 1 << 20}},
		{"2^20, 1000", []int{1 << 20, 1000}},
		{"1k..4k", []int{1024, 2048, 4096}},
		{"2^10..2^22", pow2(10, 22)},
		{"1k..1M", pow2(10, 20)},
		{"2^10..2^22x4", []int{1 << 10, 1 << 12, 1 << 14, 1 << 16, 1 << 18, 1 << 20, 1 << 22}},
		{"1000..8000", []int{1000, 2000, 4000, 8000}},
		{"1..1000x10", []int{1, 10, 100, 1000}},
		{"3..3x1024", []int{3}},
		{"64k..64k", []int{65536}},
		{"1..1024x1024", []int{1, 1024}},
		{"1000,2^10..2^14", []int{1000, 1024, 2048, 4096, 8192, 16384}},
		{"2^14..2^16, 1000, 1..4", []int{1 << 14, 1 << 15, 1 << 16, 1000, 1, 2, 4}},
		{" 1k .. 4k x 2 ", []int{1024, 2048, 4096}},
		{"1..4,3,2^3..2^9x4", []int{1, 2, 4, 3, 8, 32, 128, 512}},
		{"2^0..2^40x2", pow2(0, 40)},
		{"1..4611686018427387904", pow2(0, 62)},
		{"2^0..2^40,3..3x2", append(pow2(0, 40), 3)},
		// 64 sizes in all, the most -n takes.
		{"2^0..2^40,3..3x2,5..5x2,6..6x2,7,9,10,11,12,13,14,15,17,18,19,20,21,22,23,24,25,26,27,28",
			append(pow2(0, 40), 3, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28)},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("in=%q", tc.in), func(t *testing.T) {
			got, err := parseSizes(tc.in)
			if err != nil {
				t.Fatalf("parseSizes(%q): %v", tc.in, err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("parseSizes(%q) = %v, want %v", tc.in, got, tc.want)
			}
			// run_config records the expanded list, which -n takes back.
			again, err := parseSizes(joinInts(got))
			if err != nil || !slices.Equal(again, got) {
				t.Errorf("parseSizes(%q) = %v, %v; want %v back", joinInts(got), again, err, got)
			}
		})
	}
}

// Every refusal is a one-line usage error naming -n and the item; a
// malformed item also names the forms -n takes.
func TestParseSizesRangesRefused(t *testing.T) {
	const forms = "(want " + sizeForms + ")"
	tests := []struct {
		in   string
		want []string // substrings of the error
	}{
		{"4k..1k", []string{`-n: "4k..1k": LO 4096 is larger than HI 1024`, forms}},
		{"1000..5000", []string{`-n: "1000..5000": the range gives 1000, 2000, 4000 and does not reach HI 5000: HI must be LO·2^m, e.g. 1000..4000 or 1000..8000`, forms}},
		{"2^10..2^21x4", []string{`-n: "2^10..2^21x4": the range gives 1024, 4096, 16384, …, 1048576 and does not reach HI 2097152: HI must be LO·4^m, e.g. 1024..1048576x4 or 1024..4194304x4`}},
		{"1000..1500", []string{`the range gives 1000 and does not reach HI 1500: HI must be LO·2^m, e.g. 1000..2000 (want`}},
		{"5..4611686018427387904", []string{`-n: "5..4611686018427387904": the range gives 5, 10, 20, …, 2882303761517117440 and does not reach HI 4611686018427387904`, "e.g. 5..2882303761517117440 or 5..5764607523034234880"}},
		{"3..9223372036854775807", []string{"does not reach HI 9223372036854775807", "e.g. 3..6917529027641081856 (want"}},
		{"lots..1M", []string{`-n: "lots..1M": LO "lots": not a number`, forms}},
		{"1k..lots", []string{`-n: "1k..lots": HI "lots": not a number`, forms}},
		{"1k..2^99", []string{`-n: "1k..2^99": HI "2^99": bad exponent`, forms}},
		{"3..3^4", []string{`-n: "3..3^4": HI "3^4": only powers of two may use ^`, forms}},
		{"1k..99999999999999999999", []string{`HI "99999999999999999999": too large for a 64-bit integer`}},
		{"..4k", []string{`-n: "..4k": LO missing`, forms}},
		{"1k..", []string{`-n: "1k..": HI missing`, forms}},
		{"1k..x4", []string{`-n: "1k..x4": HI missing`}},
		{"0..4k", []string{`-n: "0..4k": LO "0" must be > 0`}},
		{"-4..4k", []string{`-n: "-4..4k": LO "-4" must be > 0`}},
		{"1k...4k", []string{`-n: "1k...4k": HI ".4k": not a number`}},
		{"1k..4k..16k", []string{`-n: "1k..4k..16k": HI "4k..16k": not a number`}},
		{"1k..4kx", []string{`-n: "1k..4kx": factor K missing after x`, forms}},
		{"1k..4kx2.5", []string{`-n: "1k..4kx2.5": factor K "2.5" is not an integer`, forms}},
		{"1k..4kxfour", []string{`factor K "four" is not an integer`}},
		{"1k..4kx4x4", []string{`factor K "4x4" is not an integer`}},
		{"1k..4kx1", []string{`-n: "1k..4kx1": factor K 1 is out of range 2..1024`, forms}},
		{"1k..4kx0", []string{"factor K 0 is out of range 2..1024"}},
		{"1k..4kx-2", []string{"factor K -2 is out of range 2..1024"}},
		{"1..1Mx1025", []string{"factor K 1025 is out of range 2..1024"}},
		{"4kx2", []string{`-n: "4kx2": not a number`, forms}},
		// Duplicates, through ranges too, name the size and the items.
		{"1k..4k,2048", []string{`-n: 2048 named twice in "1k..4k,2048" (by "1k..4k" and by "2048")`}},
		{"2^10..2^14,2^12..2^16x4", []string{`-n: 4096 named twice in "2^10..2^14,2^12..2^16x4" (by "2^10..2^14" and by "2^12..2^16x4")`}},
		{"1k..4k,1k..4k", []string{`-n: 1024 named twice in "1k..4k,1k..4k"`}},
		{"1000,1000", []string{`-n: 1000 named twice in "1000,1000"`}},
		// At most 64 sizes in all.
		{"1..4611686018427387904,3..48", []string{`-n: "3..48" brings the list to 68 sizes: at most 64 in all`}},
		{"2^0..2^40,3..3x2,5..5x2,6..6x2,7,9,10,11,12,13,14,15,17,18,19,20,21,22,23,24,25,26,27,28,29",
			[]string{`-n: "29" brings the list to 65 sizes: at most 64 in all`}},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("in=%q", tc.in), func(t *testing.T) {
			got, err := parseSizes(tc.in)
			if err == nil {
				t.Fatalf("parseSizes(%q) = %v, want an error", tc.in, got)
			}
			if _, ok := err.(UsageError); !ok {
				t.Errorf("error %q is a %T, not a usage error", err, err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q is not one line", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

// The limits of -n hold for every size a range gives: the command refuses
// it before writing anything.
func TestRunSizeRangeLimits(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.csv")
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"index limit", []string{"-n", "1k..2^30x4", "-scenarios", "drain,churn-fifo"},
			[]string{"-n: 268435456 is too large for scenario churn-fifo", "the largest n it accepts is 238609294"}},
		{"memory", []string{"-n", "2^20..2^30x1024", "-scenarios", "drain", "-shapes", "str"},
			[]string{"-n: 1073741824 does not fit: cell ", "MiB available"}},
		{"bad range", []string{"-n", "1000,1000..5000"}, []string{`-n: "1000..5000": the range gives`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			runRefused(t, append(append([]string{"run"}, tc.args...), "-o", out), tc.want)
			assertNoFiles(t, out, out+".lock")
		})
	}
}

// A run given a range measures every size of it, records the expanded
// list in run_config, and -resume alone completes it when it was cut off.
func TestRunSizeRange(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.csv")
	args := []string{"run", "-n", "1k..4k", "-scenarios", "drain", "-impls", "native", "-reps", "1", "-passes", "1", "-o", out}
	var stdout, stderr bytes.Buffer
	if err := run(args, &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\nstderr: %s", err, stderr.String())
	}
	want := []int{1024, 2048, 4096}
	recs, err := results.ReadCSVFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var ns []int
	for _, r := range recs {
		if err := r.Valid(); err != nil {
			t.Fatalf("invalid record: %v", err)
		}
		if !slices.Contains(ns, r.N) {
			ns = append(ns, r.N)
		}
		switch r.Metric {
		case results.MetricRunConfig:
			if !strings.Contains(r.Note, ";n=1024,2048,4096;") {
				t.Errorf("run_config %q does not record the expanded list n=1024,2048,4096", r.Note)
			}
		case results.MetricCommandLine:
			if !strings.Contains(r.Note, " -n 1k..4k ") {
				t.Errorf("command_line %q does not hold -n 1k..4k", r.Note)
			}
		case results.MetricChecksumOK:
			if r.Value != 1 {
				t.Errorf("n=%d: checksum_ok=0 (%s)", r.N, r.Note)
			}
		}
	}
	if slices.Sort(ns); !slices.Equal(ns, want) {
		t.Fatalf("the CSV holds n = %v, want %v", ns, want)
	}
	if cells := len(completeCells(t, out)); cells != 3 {
		t.Fatalf("%d cells, want 3", cells)
	}
	for _, w := range []string{"n=1024", "n=2048", "n=4096"} {
		if !strings.Contains(stdout.String(), w) {
			t.Errorf("summary lacks %q:\n%s", w, stdout.String())
		}
	}

	// Cut back to the first cell, as an interrupt would have left it:
	// -resume alone runs the two sizes left.
	full := readFile(t, out)
	_, ends := cellBoundsN(full)
	if len(ends) != 3 {
		t.Fatalf("%d cell ends in the file, want 3", len(ends))
	}
	if err := os.WriteFile(out, full[:ends[0]], 0o644); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	stderr.Reset()
	if err := run([]string{"run", "-resume", out}, &stdout, &stderr); err != nil {
		t.Fatalf("resume: %v\nstderr: %s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "3 sizes × 1 reps), 2 to run") {
		t.Errorf("resume does not say it runs the 2 cells left of 3:\n%s", stderr.String())
	}
	done := completeCells(t, out)
	if len(done) != 3 {
		t.Fatalf("%d cells after resume, want 3", len(done))
	}
	var resumed []int
	for id := range done {
		resumed = append(resumed, id.n)
	}
	if slices.Sort(resumed); !slices.Equal(resumed, want) {
		t.Errorf("cells of n = %v after resume, want %v", resumed, want)
	}

	// With -resume, -n given as the range (or its expansion, in any
	// order) agrees with the file; another range is refused.
	before := readFile(t, out)
	for _, n := range []string{"1k..4k", "4096,1024,2048", "2^10..2^12"} {
		if err := run([]string{"run", "-resume", out, "-n", n}, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
			t.Errorf("resume of the complete run with -n %s: %v", n, err)
		}
	}
	runRefused(t, []string{"run", "-resume", out, "-n", "1k..8k"},
		[]string{"-resume: " + out + " was made with -n 1024,2048,4096; this command says -n 1024,2048,4096,8192"})
	if after := readFile(t, out); !bytes.Equal(before, after) {
		t.Error("resuming the complete run changed its file")
	}
}
