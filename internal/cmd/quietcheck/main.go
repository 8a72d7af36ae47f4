// Command quietcheck says whether this machine is quiet enough for a run
// whose times matter (a published run, `make agree`, `make agree-replay`):
//
//	quietcheck RESULTS.csv
//
// RESULTS.csv holds one cell run as several processes (`make quiet-check`
// runs drain, native, u64, n = 2^16, 12 times). For every timed phase of
// every cell, it compares the reps' ns_per_op: when the greatest over the
// least is above results.DisagreeRatio (the ratio above which the summary
// and the report mark a time `*`), processes of one cell differ by more
// than most questions a run asks, whatever their cpu_share says
// (docs/running.md, "A slow machine that is not busy"). It prints a line
// per phase and exits 1 when some phase spreads more than that, 0 when
// none does, and 2 on bad usage or an unreadable file.
package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"

	"mapbench/results"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// errNoisy is the verdict on a machine whose processes of one cell spread
// more than results.DisagreeRatio.
var errNoisy = errors.New("not quiet")

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: quietcheck RESULTS.csv")
		return 2
	}
	recs, err := results.ReadCSVFile(args[0])
	if err != nil {
		fmt.Fprintln(stderr, "quietcheck:", err)
		return 2
	}
	lines, err := check(recs)
	if len(lines) == 0 && err == nil {
		fmt.Fprintf(stderr, "quietcheck: %s: no ns_per_op rows with 2 or more reps of one cell and phase\n", args[0])
		return 2
	}
	for _, l := range lines {
		fmt.Fprintln(stdout, l)
	}
	if err != nil {
		fmt.Fprintf(stdout, "this machine is %v: processes of one cell spread more than %s (greatest over least); a run made now needs far more reps to answer anything finer. taskset -c 1 or another machine may help; or wait and check again.\n",
			err, results.Format(results.DisagreeRatio, results.UnitRatio))
		return 1
	}
	return 0
}

// phaseKey is one timed phase of one cell.
type phaseKey struct {
	impl, scenario, shape string
	n                     int
	phase                 string
	step                  int
}

// check gives a line per timed phase of recs with two or more reps, and
// errNoisy when one of them spreads more than results.DisagreeRatio.
func check(recs []results.Record) ([]string, error) {
	byPhase := map[phaseKey][]float64{}
	for _, r := range recs {
		if r.Metric != results.MetricNsPerOp {
			continue
		}
		k := phaseKey{r.Impl, r.Scenario, r.Shape, r.N, r.Phase, r.Step}
		byPhase[k] = append(byPhase[k], r.Value)
	}
	var lines []string
	var noisy error
	for _, k := range slices.SortedFunc(maps.Keys(byPhase), func(a, b phaseKey) int {
		return cmp.Or(cmp.Compare(a.impl, b.impl), cmp.Compare(a.scenario, b.scenario), cmp.Compare(a.shape, b.shape),
			cmp.Compare(a.n, b.n), cmp.Compare(a.phase, b.phase), cmp.Compare(a.step, b.step))
	}) {
		vs := byPhase[k]
		if len(vs) < 2 {
			continue
		}
		lo, hi := slices.Min(vs), slices.Max(vs)
		verdict := "quiet"
		if results.RepsDisagree(lo, hi, len(vs)) {
			verdict, noisy = "NOISY", errNoisy
		}
		lines = append(lines, fmt.Sprintf("%s %s %s n=%d %s: %d processes, ns/op %s, max/min %s: %s",
			k.impl, k.scenario, k.shape, k.n, k.phase, len(vs), results.FormatSpan(lo, hi, results.UnitNS),
			results.Format(hi/lo, results.UnitRatio), verdict))
	}
	return lines, noisy
}
