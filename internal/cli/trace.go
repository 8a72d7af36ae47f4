package cli

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"mapbench/harness"
	"mapbench/results"
	"mapbench/results/plot"
	"mapbench/scenarios"
	"mapbench/trace"
	"mapbench/trace/convert"
)

const traceDoc = "Traces (docs/trace.md): 'trace stat [-chart DIR] FILE' shows a trace's shape (op mix, keys, lanes, live keys,\n" +
	"key and value sizes) and with -chart draws its live keys over its ops; 'trace from-scenario SCENARIO -o FILE' writes a built-in or custom scenario's op stream as a\n" +
	"trace (u64 key ids, one lane, a mark at each phase boundary), whose replay (run -scenarios trace:FILE) runs the scenario's ops on its keys;\n" +
	"'trace convert -from FORMAT IN' converts a published cache request trace (IN, or - for standard input,\n" +
	"plain or zstd-compressed) into a trace, by the rules docs/trace.md gives (Converting cache traces).\n" +
	"Each flag names the subcommands that take it."

// traceOptions are the flags of `trace stat`, `trace from-scenario` and
// `trace convert`.
type traceOptions struct {
	n      *int
	seed   *uint64
	output *string
	chart  *string
	force  *bool
	from   *string
	zstd   *bool
}

// traceSubFlags: the flags each trace subcommand takes; any other flag
// given to it is refused.
var traceSubFlags = map[string][]string{
	"stat":          {"chart", "force"},
	"from-scenario": {"n", "seed", "o", "force"},
	"convert":       {"from", "o", "force", "zstd"},
}

func traceFlags(out io.Writer) (*flag.FlagSet, traceOptions) {
	fset := flag.NewFlagSet("mapbench trace", flag.ContinueOnError)
	fset.SetOutput(out)
	var formats []string
	for _, f := range convert.Formats {
		formats = append(formats, f.Name+" ("+f.Doc+")")
	}
	return fset, traceOptions{
		n:      fset.Int("n", 65536, "from-scenario: the scenario's size `N` (1..2^24)"),
		seed:   fset.Uint64("seed", 1, "from-scenario: seed `S` of the op stream (as run's -seed: keys replay as that run's)"),
		output: fset.String("o", "", "from-scenario, convert: the trace `FILE` to write (refused if it exists, unless -force); convert's default is IN's name without .zst and a .csv, .bin or .txt extension, plus .trace, in the current directory"),
		chart:  fset.String("chart", "", "stat: also draw the trace's live keys over its ops into `DIR` (live-keys_NAME.svg and .png; created if missing)"),
		force:  fset.Bool("force", false, "from-scenario, convert: overwrite the -o file; stat: overwrite the -chart files"),
		from:   fset.String("from", "", "convert: the input's `FORMAT`: "+orList(formats)+"; docs/trace.md, Converting cache traces"),
		zstd:   fset.Bool("zstd", false, "convert: compress the trace's records with zstd"),
	}
}

// liveSpans is how many spans the live-keys chart draws at most (about a
// pixel each at the charts' default width).
const liveSpans = 1000

// traceCmd is `mapbench trace stat [-chart DIR] [-force] FILE`, `mapbench trace from-scenario
// [-n N] [-seed S] -o FILE SCENARIO` and `mapbench trace convert -from
// FORMAT [-o FILE] [-force] [-zstd] IN` (flags before or after the
// operand).
func traceCmd(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usagef("trace: want a subcommand: stat FILE, from-scenario SCENARIO -o FILE, or convert -from FORMAT IN")
	}
	switch args[0] {
	case "-h", "-help", "--help":
		fset, _ := traceFlags(stderr)
		printUsage(stderr, "trace")(fset)
		return errHelp
	case "stat":
		opts, operands, err := traceParse("stat", args[1:], stderr)
		if err != nil {
			return err
		}
		if len(operands) != 1 {
			return usagef("trace stat: want one FILE, got %q", operands)
		}
		return traceStat(operands[0], *opts.chart, *opts.force, stdout)
	case "from-scenario":
		return traceFromScenario(args[1:], stderr)
	case "convert":
		return traceConvert(args[1:], stderr)
	}
	return usagef("trace: unknown subcommand %q (want stat, from-scenario or convert)", args[0])
}

// traceParse parses the flags of trace subcommand sub, given before or
// after its operands, and returns the operands; a flag sub does not take
// is refused.
func traceParse(sub string, args []string, stderr io.Writer) (traceOptions, []string, error) {
	fset, opts := traceFlags(stderr)
	fset.Usage = func() { printUsage(stderr, "trace")(fset) }
	var operands []string
	for len(args) > 0 {
		if err := fset.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return opts, nil, errHelp
			}
			return opts, nil, usageError{Msg: err.Error()}
		}
		args = fset.Args()
		if len(args) > 0 {
			operands = append(operands, args[0])
			args = args[1:]
		}
	}
	var err error
	fset.Visit(func(f *flag.Flag) {
		if ok := slices.Contains(traceSubFlags[sub], f.Name); !ok && err == nil {
			err = usagef("-%s: trace %s does not take it (its flags: -%s)", f.Name, sub, strings.Join(traceSubFlags[sub], ", -"))
		}
	})
	return opts, operands, err
}

// traceFromScenario writes a scenario's op stream as a trace. Nothing is
// left behind on an error.
func traceFromScenario(args []string, stderr io.Writer) error {
	opts, operands, err := traceParse("from-scenario", args, stderr)
	if err != nil {
		return err
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

// traceConvert converts a published cache trace (convert.Formats) into a
// trace: input read once, the trace written through a temporary file in
// the output's directory (with a scratch file beside it for the first
// pass) and renamed into place, so nothing is left behind on an error; a
// one-line summary on stderr.
func traceConvert(args []string, stderr io.Writer) error {
	opts, operands, err := traceParse("convert", args, stderr)
	if err != nil {
		return err
	}
	if len(operands) != 1 {
		return usagef("trace convert: want one input file IN (- for standard input), got %q", operands)
	}
	if *opts.from == "" {
		return usagef("trace convert: -from FORMAT is required (allowed: %s)", strings.Join(convert.Names(), ", "))
	}
	f, ok := convert.Lookup(*opts.from)
	if !ok {
		return usagef("-from: unknown format %q (allowed: %s)", *opts.from, strings.Join(convert.Names(), ", "))
	}
	in, name := operands[0], operands[0]
	out := *opts.output
	if in == "-" {
		name = "stdin"
		if out == "" {
			return usagef("trace convert: -o FILE is required when the input is standard input")
		}
	} else if out == "" {
		out = defaultTraceName(in)
	}
	if _, err := os.Lstat(out); err == nil && !*opts.force {
		return usagef("-o: %s exists; pass -force to overwrite it", out)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return usagef("-o: %v", err)
	}
	src := io.Reader(os.Stdin)
	if in != "-" {
		fin, err := os.Open(in)
		if err != nil {
			return usagef("trace convert: %v", err)
		}
		defer fin.Close()
		src = fin
	}
	dir, base := filepath.Dir(out), filepath.Base(out)
	scratch, err := os.CreateTemp(dir, "."+base+".scratch*")
	if err != nil {
		return usagef("-o: cannot create a file in %s: %v", dir, unwrapPath(err))
	}
	defer func() {
		scratch.Close()
		os.Remove(scratch.Name())
	}()
	tmp, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return usagef("-o: cannot create a file in %s: %v", dir, unwrapPath(err))
	}
	sum, err := convert.Convert(f, src, tmp, scratch, convert.Options{Name: name, Compress: *opts.zstd})
	var size int64
	if err == nil {
		err = tmp.Chmod(0o644) // CreateTemp makes 0600; a trace is meant to be shared
	}
	if err == nil {
		err = tmp.Sync()
	}
	if err == nil {
		var st os.FileInfo
		if st, err = tmp.Stat(); err == nil {
			size = st.Size()
		}
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), out)
	}
	if err != nil {
		os.Remove(tmp.Name())
		var ie *convert.InputError
		if errors.As(err, &ie) || errors.Is(err, convert.ErrNoRequests) {
			return usagef("trace convert -from %s: %v", f.Name, err)
		}
		return fmt.Errorf("trace convert -from %s %s: %w", f.Name, name, err)
	}
	count := func(v uint64) string { return results.Format(float64(v), results.UnitCount) }
	var b strings.Builder
	fmt.Fprintf(&b, "trace convert: %s %ss of %s (%s) → %s ops (%s get, %s put, %s delete) on %s distinct keys, %s %s",
		count(uint64(sum.In)), f.Unit, name, f.Name, count(sum.Out), count(sum.ByOp[trace.OpGet]), count(sum.ByOp[trace.OpPut]),
		count(sum.ByOp[trace.OpDelete]), count(sum.Keys), count(sum.Expiries), f.Added)
	if sum.Pending > 0 {
		fmt.Fprintf(&b, " (%s pending at the end, not written)", count(sum.Pending))
	}
	if sum.Clients > 0 {
		fmt.Fprintf(&b, ", %s clients", count(sum.Clients))
	}
	fmt.Fprintf(&b, "; %s, %s per op → %s\n", results.Format(float64(size), results.UnitBytes), results.Format(float64(size)/float64(sum.Out), results.UnitBytes), out)
	_, err = io.WriteString(stderr, b.String())
	return err
}

// defaultTraceName is convert's -o when none is given: IN's base name
// without .zst and a .csv, .bin or .txt extension, plus .trace.
func defaultTraceName(in string) string {
	base := strings.TrimSuffix(filepath.Base(in), ".zst")
	for _, ext := range []string{".csv", ".bin", ".txt"} {
		base = strings.TrimSuffix(base, ext)
	}
	return base + ".trace"
}

// traceStat prints what a trace holds: its header, op mix, keys, lanes,
// live keys and sizes, every figure counted from the file and formatted by
// results.Format; with chartDir, it also draws the live keys over the
// trace's ops there (plot.LiveKeys), refusing files that exist unless
// force.
func traceStat(path, chartDir string, force bool, w io.Writer) error {
	tf, err := harness.OpenTrace(path)
	if err != nil {
		return usagef("trace stat: %v", err)
	}
	h, recs, err := trace.ReadFile(path)
	if err != nil {
		return usagef("trace stat: %v", err)
	}
	var chart plot.Chart
	if chartDir != "" {
		// Drawn before anything is printed: a refusal prints nothing.
		if fi, err := os.Stat(chartDir); err == nil && !fi.IsDir() {
			return usagef("-chart: %s is not a directory", chartDir)
		}
		var spans []plot.LiveSpan
		for _, s := range harness.LiveCurve(recs, tf.Stats, liveSpans) {
			spans = append(spans, plot.LiveSpan(s))
		}
		if chart, err = plot.LiveKeys(plot.LiveKeysData{Trace: tf.Name, Ops: tf.Stats.Ops, Spans: spans}, plot.Options{}); err != nil {
			return usagef("trace stat %s: %v", path, err)
		}
		if _, err := writeCharts(chartDir, force, "-chart", "trace stat", []plot.Chart{chart}); err != nil {
			return err
		}
	}
	count := func(v float64) string { return results.Format(v, results.UnitCount) }
	ratio := func(v float64) string { return results.Format(v, results.UnitRatio) }
	var ops [trace.OpMark + 1]int
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
	var fit []string
	for _, sh := range harness.ShapeNames() {
		if harness.TraceFits(st, sh) == nil {
			fit = append(fit, sh)
		}
	}
	fmt.Fprintf(w, "  replays on shapes: %s\n", cmp.Or(strings.Join(fit, ", "), "none"))
	fmt.Fprintf(w, "records: %s\n", count(float64(len(recs))))
	for op := trace.OpGet; op <= trace.OpMark; op++ {
		fmt.Fprintf(w, "  %-7s %8s  %s of records\n", op, count(float64(ops[op])), ratio(float64(ops[op])/float64(max(len(recs), 1))))
	}
	fmt.Fprintf(w, "deletes: %s of records\n", ratio(float64(ops[trace.OpDelete])/float64(max(len(recs), 1))))
	fmt.Fprintf(w, "distinct keys: %s\n", count(float64(st.Keys)))
	fmt.Fprintf(w, "lanes: %s used of %s; keys named by more than one lane: %s\n", count(float64(st.UsedLanes)), count(float64(st.Lanes)), count(float64(st.SharedKeys)))
	fmt.Fprintf(w, "live keys: peak %s, final %s\n", count(float64(st.PeakLive)), count(float64(st.FinalLive)))
	dist := func(what string, xs []float64) {
		if len(xs) == 0 {
			fmt.Fprintf(w, "%s: none\n", what)
			return
		}
		slices.Sort(xs)
		parts := []string{"min " + results.FormatBytes(xs[0])}
		for _, q := range []struct {
			name string
			q    float64
		}{{"p10", 0.10}, {"p50", 0.50}, {"p90", 0.90}, {"p99", 0.99}} {
			parts = append(parts, q.name+" "+results.FormatBytes(nearestRank(xs, q.q)))
		}
		parts = append(parts, "max "+results.FormatBytes(xs[len(xs)-1]))
		fmt.Fprintf(w, "%s (%s): %s\n", what, count(float64(len(xs))), strings.Join(parts, ", "))
	}
	dist("key size, per distinct key", keySizes)
	dist("value size, per put", valueSizes)
	if chartDir != "" {
		fmt.Fprintf(w, "live keys over the trace: %s.svg  %s.png in %s\n", chart.Name, chart.Name, chartDir)
	}
	return nil
}

// nearestRank is the q-quantile of sorted xs by nearest rank: a value xs
// holds (a size that was recorded), the least with at least q of the
// values at or below it.
func nearestRank(xs []float64, q float64) float64 {
	i := int(math.Ceil(q*float64(len(xs)))) - 1
	return xs[min(max(i, 0), len(xs)-1)]
}
