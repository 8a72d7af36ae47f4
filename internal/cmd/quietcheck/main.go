// Command quietcheck says whether this machine is quiet enough for a run
// whose times matter (a published run, `make agree`, `make agree-replay`):
//
//	quietcheck [-phase PHASE] RESULTS.csv
//
// RESULTS.csv holds one cell run as several processes (`make quiet-check`
// runs drain, native, u64, n = 2^16, 12 times). For phase PHASE (delete
// unless -phase) of every cell, it compares the reps' ns_per_op: only that
// phase, because a drain's fill spreads 2x between processes even on a
// machine whose deletes agree within 2% (docs/agreement/replay1: native's
// fill 73.2–148 ns, its deletes 23.9–24.4 ns, five processes). Then, when the greatest over the
// least is above results.DisagreeRatio (the ratio above which the summary
// and the report mark a time `*`), processes of one cell differ by more
// than most questions a run asks, whatever their cpu_share says
// (docs/running.md, "A slow machine that is not busy"). It prints a line
// per cell and exits 1 when some cell spreads more than that, 0 when none
// does, and 2 on bad usage, an unreadable file or nothing to judge.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	mbrun "mapbench/harness/run"
	"mapbench/results"
	"mapbench/results/cells"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// errNoisy is the verdict on a machine whose processes of one cell spread
// more than results.DisagreeRatio.
var errNoisy = errors.New("not quiet")

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("quietcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	phase := fs.String("phase", "delete", "the timed `phase` whose ns_per_op is compared across processes")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: quietcheck [-phase PHASE] RESULTS.csv")
		return 2
	}
	path := fs.Arg(0)
	recs, err := results.ReadCSVFile(path)
	if err != nil {
		fmt.Fprintln(stderr, "quietcheck:", err)
		return 2
	}
	lines, err := check(recs, *phase)
	if err != nil && !errors.Is(err, errNoisy) {
		fmt.Fprintf(stderr, "quietcheck: %s: %v\n", path, err)
		return 2
	}
	if len(lines) == 0 && err == nil {
		fmt.Fprintf(stderr, "quietcheck: %s: no ns_per_op rows of phase %s with 2 or more reps of one cell\n", path, *phase)
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

// check gives a line per cell of recs (package cells: its good reps) with
// two or more reps of phase, and errNoisy when one of them spreads more
// than the reps of a time may (cells.Spread.Disagree).
func check(recs []results.Record, phase string) ([]string, error) {
	set, err := cells.Build(recs, mbrun.Vocab)
	if err != nil {
		return nil, err
	}
	var lines []string
	var noisy error
	for _, t := range set.Tables() {
		for _, g := range t.Groups {
			s := cells.SpreadOf(g.Values(results.MetricNsPerOp, func(p string, _ int) bool { return p == phase }), cells.Time)
			if s.N < 2 {
				continue
			}
			verdict := "quiet"
			if s.Disagree() {
				verdict, noisy = "NOISY", errNoisy
			}
			lines = append(lines, fmt.Sprintf("%s %s %s n=%d %s: %d processes, ns/op %s, max/min %s: %s",
				g.Line, t.Scenario, t.Shape, t.N, phase, s.N, results.FormatSpan(s.Min, s.Max, results.UnitNS),
				results.Format(s.Max/s.Min, results.UnitRatio), verdict))
		}
	}
	return lines, noisy
}
