package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"mapbench/harness"
	"mapbench/results"
	"mapbench/scenarios"
	"mapbench/trace"
)

const traceDoc = "Traces (docs/trace.md): 'trace stat FILE' shows a trace's shape (op mix, keys, lanes, live keys, key and\n" +
	"value sizes); 'trace from-scenario SCENARIO -o FILE' writes a built-in or custom scenario's op stream as a\n" +
	"trace (u64 key ids, one lane), whose replay (run -scenarios trace:FILE) runs the scenario's ops on its keys.\n" +
	"The flags are from-scenario's."

// traceOptions are the flags of `trace from-scenario`.
type traceOptions struct {
	n      *int
	seed   *uint64
	output *string
	force  *bool
}

func traceFlags(out io.Writer) (*flag.FlagSet, traceOptions) {
	fset := flag.NewFlagSet("mapbench trace", flag.ContinueOnError)
	fset.SetOutput(out)
	return fset, traceOptions{
		n:      fset.Int("n", 65536, "from-scenario: the scenario's size `N` (1..2^24)"),
		seed:   fset.Uint64("seed", 1, "from-scenario: seed `S` of the op stream (as run's -seed: keys replay as that run's)"),
		output: fset.String("o", "", "from-scenario: the trace `FILE` to write (refused if it exists, unless -force)"),
		force:  fset.Bool("force", false, "from-scenario: overwrite the -o file"),
	}
}

// traceCmd is `mapbench trace stat FILE` and `mapbench trace from-scenario
// [-n N] [-seed S] -o FILE SCENARIO` (flags before or after the operand).
func traceCmd(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usagef("trace: want a subcommand: stat FILE, or from-scenario SCENARIO -o FILE")
	}
	switch args[0] {
	case "-h", "-help", "--help":
		fset, _ := traceFlags(stderr)
		printUsage(stderr, "trace")(fset)
		return errHelp
	case "stat":
		if len(args) != 2 {
			return usagef("trace stat: want one FILE, got %q", args[1:])
		}
		return traceStat(args[1], stdout)
	case "from-scenario":
		return traceFromScenario(args[1:], stderr)
	}
	return usagef("trace: unknown subcommand %q (want stat or from-scenario)", args[0])
}

// traceFromScenario writes a scenario's op stream as a trace. Nothing is
// left behind on an error.
func traceFromScenario(args []string, stderr io.Writer) error {
	fset, opts := traceFlags(stderr)
	fset.Usage = func() { printUsage(stderr, "trace")(fset) }
	var operands []string
	for len(args) > 0 {
		if err := fset.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return errHelp
			}
			return usageError{Msg: err.Error()}
		}
		args = fset.Args()
		if len(args) > 0 {
			operands = append(operands, args[0])
			args = args[1:]
		}
	}
	if len(operands) != 1 {
		return usagef("trace from-scenario: want one SCENARIO, got %q", operands)
	}
	name := operands[0]
	if strings.HasPrefix(name, scenarios.CustomPrefix) {
		sc, err := scenarios.ParseCustom(name)
		if err != nil {
			return usagef("trace from-scenario: %v", err)
		}
		name = sc.Name
	}
	if sc, ok := scenarios.Lookup(name); !ok || sc.Trace {
		return usagef("trace from-scenario: unknown scenario %q (allowed: %s, or custom:KEY=VALUE,...)", name, strings.Join(scenarios.Names(), ", "))
	}
	if *opts.n < 1 || *opts.n > 1<<24 {
		return usagef("-n: %d is out of range 1..%d", *opts.n, 1<<24)
	}
	if *opts.output == "" {
		return usagef("trace from-scenario: -o FILE is required")
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if *opts.force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(*opts.output, flags, 0o644)
	if errors.Is(err, os.ErrExist) {
		return usagef("-o: %s exists; pass -force to overwrite it", *opts.output)
	}
	if err != nil {
		return usagef("-o: %v", err)
	}
	err = harness.WriteScenarioTrace(f, name, *opts.n, *opts.seed)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(*opts.output)
		return usagef("trace from-scenario %s -n %d: %v", name, *opts.n, err)
	}
	return nil
}

// traceStat prints what a trace holds: its header, op mix, keys, lanes,
// live keys and sizes; every figure counted from the file, formatted by
// results.Format.
func traceStat(path string, w io.Writer) error {
	tf, err := harness.OpenTrace(path)
	if err != nil {
		return usagef("trace stat: %v", err)
	}
	h, recs, err := trace.ReadFile(path)
	if err != nil {
		return usagef("trace stat: %v", err)
	}
	count := func(v float64) string { return results.Format(v, results.UnitCount) }
	bytes := func(v float64) string { return results.Format(v, results.UnitBytes) }
	ratio := func(v float64) string { return results.Format(v, results.UnitRatio) }
	var ops [trace.OpRange + 1]int
	var keySizes, valueSizes []float64
	seen := 0
	for _, r := range recs {
		ops[r.Op]++
		if (r.Op == trace.OpGet || r.Op == trace.OpPut || r.Op == trace.OpDelete) && r.Key == uint64(seen) {
			seen++
			keySizes = append(keySizes, float64(r.KeySize))
		}
		if r.Op == trace.OpPut {
			valueSizes = append(valueSizes, float64(r.ValueSize))
		}
	}
	st := tf.Stats
	fmt.Fprintf(w, "trace %s\n", path)
	fmt.Fprintf(w, "  replays as scenario %s\n", tf.Name)
	fmt.Fprintf(w, "  key kind %v, recorder %q, Go %q\n", h.KeyKind, h.Recorder, h.GoVersion)
	labels := make([]string, 0, len(h.Labels))
	for k, v := range h.Labels {
		labels = append(labels, k+"="+v)
	}
	slices.Sort(labels)
	fmt.Fprintf(w, "  labels: %s\n", strings.Join(labels, ", "))
	fmt.Fprintf(w, "records: %s\n", count(float64(len(recs))))
	for op := trace.OpGet; op <= trace.OpRange; op++ {
		fmt.Fprintf(w, "  %-7s %8s  %s of records\n", op, count(float64(ops[op])), ratio(float64(ops[op])/float64(max(len(recs), 1))))
	}
	fmt.Fprintf(w, "deletes: %s of records\n", ratio(float64(ops[trace.OpDelete])/float64(max(len(recs), 1))))
	fmt.Fprintf(w, "distinct keys: %s\n", count(float64(st.Keys)))
	fmt.Fprintf(w, "lanes: %s used of %s\n", count(float64(st.UsedLanes)), count(float64(st.Lanes)))
	fmt.Fprintf(w, "live keys: peak %s, final %s\n", count(float64(st.PeakLive)), count(float64(st.FinalLive)))
	dist := func(what string, xs []float64) {
		if len(xs) == 0 {
			fmt.Fprintf(w, "%s: none\n", what)
			return
		}
		fmt.Fprintf(w, "%s: min %s, median %s, max %s (%s)\n", what, bytes(slices.Min(xs)), bytes(results.Median(xs)), bytes(slices.Max(xs)), count(float64(len(xs))))
	}
	dist("key size, per distinct key", keySizes)
	dist("value size, per put", valueSizes)
	return nil
}
