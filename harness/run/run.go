package run

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"mapbench/harness"
	"mapbench/impls"
	"mapbench/results"
	"mapbench/results/cells"
	"mapbench/results/summary"
	"mapbench/scenarios"
)

// KeyPhase is the phase whose figures answer scenario name's question
// ("" for a name the catalogue does not have).
func KeyPhase(name string) string {
	sc, _ := scenarios.Lookup(name)
	return sc.KeyPhase
}

// Vocab gives the summary, the report and the charts the scenarios' and
// implementations' vocabulary.
var Vocab = cells.Vocab{Key: KeyPhase, Op: scenarios.OpOf, Fill: scenarios.PhaseFill,
	Cycle: scenarios.PhaseCycle, Churn: scenarios.PhaseChurn,
	Kinds:  []string{scenarios.PhaseReplayDelete, scenarios.PhaseReplayPut, scenarios.PhaseReplayGet},
	Delete: scenarios.PhaseReplayDelete, Impls: impls.Names()}

// defaultMinPhase is -min-phase's default (docs/methodology.md rule 11).
const defaultMinPhase = 200 * time.Millisecond

// defaultOutput is where `mapbench run` writes without -o.
const defaultOutput = "mapbench-results.csv"

// runOptions are the parsed and validated flags of `mapbench run`.
type runOptions struct {
	cfg    harness.Config
	output string
	force  bool
	resume string
	// given holds the flags given explicitly, by name.
	given map[string]bool
	// namedImpls and namedScenarios say whether -impls and -scenarios
	// named their items one by one (not through all or main).
	namedImpls, namedScenarios bool
}

// optImpls lists the opt-in implementations (left out of -impls main).
func optImpls() []string {
	var out []string
	for _, im := range impls.All() {
		if im.Opt {
			out = append(out, im.Name)
		}
	}
	return out
}

// parseScenarios reads -scenarios: catalogue names and the aliases all and
// main (parseNames), and custom scenarios. A custom scenario's parameters
// are separated by commas too, so an item that starts with "custom:" takes
// the key=value items after it; it is replaced by its canonical name
// (scenarios.ParseCustom), which is what rows and run_config record.
//
// An item "trace:FILE" is a trace scenario: the file is decoded here, and
// refused (with the decoder's error) if it does not decode, before any
// cell starts; the rows name it scenarios.TraceName (its label and
// digest). run_config records it as "trace:FILE#DIGEST", FILE absolute,
// and an item of that form is refused when the file's digest is no longer
// DIGEST: a resumed run replays the file its rows came from.
func parseScenarios(value string) ([]string, map[string]harness.TraceFile, error) {
	names, traces, err := parseScenarioList(value)
	return names, traces, err
}

// traceItem opens the trace of an item "trace:FILE" or
// "trace:FILE#DIGEST".
func traceItem(item string) (harness.TraceFile, error) {
	path := strings.TrimPrefix(item, scenarios.TracePrefix)
	pinned := ""
	if i := strings.LastIndexByte(path, '#'); i >= 0 && len(path)-i-1 == 16 && strings.Trim(path[i+1:], "0123456789abcdef") == "" {
		path, pinned = path[:i], path[i+1:]
	}
	if path == "" {
		return harness.TraceFile{}, usagef("-scenarios: %q names no file (want trace:FILE)", item)
	}
	tf, err := harness.OpenTrace(path)
	if err != nil {
		return tf, usagef("-scenarios: trace:%s: %v", path, err)
	}
	if pinned != "" && tf.Digest != pinned {
		return tf, usagef("-scenarios: trace:%s: the file's digest is now %s, and the run recorded %s: the file changed since, so a replay of it would not be the same workload; restore the file or start a new run",
			path, tf.Digest, pinned)
	}
	return tf, nil
}

func parseScenarioList(value string) ([]string, map[string]harness.TraceFile, error) {
	var groups []string
	for item := range strings.SplitSeq(value, ",") {
		t := strings.TrimSpace(item)
		if n := len(groups); n > 0 && strings.HasPrefix(groups[n-1], scenarios.CustomPrefix) &&
			strings.Contains(t, "=") && !strings.Contains(t, ":") {
			groups[n-1] += "," + t
			continue
		}
		groups = append(groups, t)
	}
	var out []string
	var traces map[string]harness.TraceFile
	seen := map[string]bool{}
	for _, g := range groups {
		var names []string
		if strings.HasPrefix(g, scenarios.CustomPrefix) {
			sc, err := scenarios.ParseCustom(g)
			if err != nil {
				return nil, nil, usagef("-scenarios: %v", err)
			}
			names = []string{sc.Name}
		} else if strings.HasPrefix(g, scenarios.TracePrefix) {
			tf, err := traceItem(g)
			if err != nil {
				return nil, nil, err
			}
			if traces == nil {
				traces = map[string]harness.TraceFile{}
			}
			traces[tf.Name] = tf
			names = []string{tf.Name}
		} else {
			var err error
			if names, err = parseNames("scenarios", g, scenarios.Names(),
				map[string][]string{"all": scenarios.Names(), "main": mainScenarios()}); err != nil {
				if g == "" {
					return nil, nil, usagef("-scenarios: empty item in %q", value)
				}
				return nil, nil, err
			}
		}
		for _, n := range names {
			if seen[n] {
				return nil, nil, usagef("-scenarios: %q named twice in %q", n, value)
			}
			seen[n] = true
			out = append(out, n)
		}
	}
	return out, traces, nil
}

func mainScenarios() []string {
	var out []string
	for _, s := range scenarios.All() {
		if s.Main {
			out = append(out, s.Name)
		}
	}
	return out
}

// flagVals are the values of run's flags, as the FlagSet parses them.
type flagVals struct {
	impls, scenarios, shapes, n               *string
	gcPercents, liveHeaps                     *string
	reps, gomaxprocs, sample, passes          *int
	presize, force, full                      *bool
	seed                                      *uint64
	minPhase, timeout                         *time.Duration
	output, memLimit, resume, goroutines, mix *string
	concProcs                                 *int
	zipfS                                     *float64
	traceDir, cpuDir, memDir, gctraceDir      *string
	goVersions                                *string
}

// Doc says what `mapbench run` does, in one paragraph, for its usage and
// docs/cli.md.
const Doc = "Measures every impl × scenario × shape × n × rep in its own process and writes CSV."

// FlagSet is the FlagSet of `mapbench run`, the one source of its flags'
// names, defaults and help: usage, docs/cli.md and run_config are read
// from it. Parse errors go to out.
func FlagSet(out io.Writer) *flag.FlagSet {
	fs, _ := newFlags(out)
	return fs
}

// MachineDefault is the default of a flag whose default depends on the
// machine (its CPU count), in words, for docs/cli.md; ok is false for the
// other flags, whose FlagSet default is the same everywhere.
func MachineDefault(name string) (words string, ok bool) {
	words, ok = map[string]string{
		"goroutines":            "1 and the powers of two below this machine's CPU count, and that count",
		"concurrent-gomaxprocs": "this machine's CPU count",
		"go":                    "the toolchain this mapbench was built with (nothing is built)",
	}[name]
	return words, ok
}

func newFlags(out io.Writer) (*flag.FlagSet, *flagVals) {
	fs := flag.NewFlagSet("mapbench run", flag.ContinueOnError)
	fs.SetOutput(out)
	v := &flagVals{
		impls:      fs.String("impls", "main", "comma-separated `LIST` of implementations, or all, or main (all but the opt-in "+strings.Join(optImpls(), ",")+"): "+strings.Join(impls.Names(), ",")),
		scenarios:  fs.String("scenarios", "main", "comma-separated `LIST` of scenarios, or all, or main ("+strings.Join(mainScenarios(), ",")+"), or custom:KEY=VALUE,... ("+scenarios.CustomHelp()+"), or trace:FILE (replay a recorded trace, docs/trace.md; it runs at its own size, its peak live keys, whatever -n)"),
		shapes:     fs.String("shapes", "u64", "comma-separated `LIST` of shapes: "+strings.Join(harness.ShapeNames(), ",")),
		n:          fs.String("n", "65536", "comma-separated `SIZES` and ranges of the map; each item is "+sizeForms),
		reps:       fs.Int("reps", 3, "`N` repetitions of every cell, each in a fresh process (1..1000)"),
		presize:    fs.Bool("presize", false, "pass n as the capacity hint to every implementation"),
		gcPercents: fs.String("gc-percent", strconv.Itoa(harness.DefaultGCPercent), "comma-separated `LIST` of GOGC percents in force during the measured phases, each a cell of its own (1..10000; like -goroutines)"),
		liveHeaps:  fs.String("live-heap", "0", "comma-separated `SIZES` of other live, pointer-rich objects each cell keeps on the heap beside the map, each a cell of its own, so that every GC the map's work starts marks a program's heap (0 = none; e.g. 0,256MiB; a multiple of 32 B; heap figures leave them out)"),
		gomaxprocs: fs.Int("gomaxprocs", 1, "GOMAXPROCS `P` of each cell (1..1024)"),
		seed:       fs.Uint64("seed", 1, "seed `S` of every op stream and key set"),
		sample:     fs.Int("sample", 64, "time 1 op in `K` on its own, on average (random gaps), for the latency distribution (up to 65536; 0 = off)"),
		passes:     fs.Int("passes", 21, "at most `N` timing runs of a phase (fresh map each); the median is reported (1..1001)"),
		minPhase:   fs.Duration("min-phase", defaultMinPhase, "time every phase for at least `DUR` in all: a shorter phase is repeated on fresh maps, up to -passes runs"),
		output:     fs.String("o", defaultOutput, "CSV `FILE` to write (refused if it exists, unless -force)"),
		force:      fs.Bool("force", false, "overwrite the -o file if it exists, and run cells the memory check refuses (with -resume: only the latter)"),
		timeout:    fs.Duration("timeout", 10*time.Minute, "time limit `DUR` of one cell (0 = none)"),
		memLimit:   fs.String("mem-limit", "0", "cap `SIZE` on each cell's address space, e.g. 8G (0 = none; at least 2G: the Go runtime reserves address space)"),
		resume:     fs.String("resume", "", "complete `FILE`, an interrupted run's CSV: run only the cells it lacks, with the settings the file records, and append (flags given too must agree with the file)"),
		full:       fs.Bool("full", false, "the full comparison: -scenarios all -shapes u64,str -n 65536,1048576 (flags given explicitly win)"),
		goroutines: fs.String("goroutines", defaultGoroutines(), "concurrent scenarios: comma-separated writer goroutine counts `G`, each a cell of its own (1..256; like go test -cpu); other scenarios run on one goroutine"),
		concProcs:  fs.Int("concurrent-gomaxprocs", runtime.NumCPU(), "GOMAXPROCS `P` of the cells of concurrent scenarios (1..1024)"),
		mix:        fs.String("mix", mixString(scenarios.DefaultMix), "mixed-zipf: percent `R/I/D` of reads/inserts/deletes, adding up to 100"),
		zipfS:      fs.Float64("zipf-s", scenarios.DefaultZipfS, "mixed-zipf: exponent `s` > 1 of the Zipf key choice (rank r drawn with probability ∝ (1+r)^-s)"),
		traceDir:   fs.String("trace", "", "diagnostics: write a runtime/trace of every cell's baseline and primary pass into `DIR` (created if missing), one file per cell; perturbs the cell's times, which a diagnostics row marks"),
		cpuDir:     fs.String("cpuprofile", "", "diagnostics: write a CPU profile of every cell's timing passes (what ns_per_op is measured from) into `DIR`, one file per cell"),
		memDir:     fs.String("memprofile", "", "diagnostics: write a heap profile of every cell after its primary pass into `DIR`, one file per cell (those cells record every allocation: MemProfileRate=1)"),
		gctraceDir: fs.String("gctrace", "", "diagnostics: run every cell with gctrace=1 added to GODEBUG and save the gctrace lines it prints into `DIR`, one file per cell"),
		goVersions: fs.String("go", "", "comma-separated `LIST` of Go toolchains (goX.Y.Z) to run every cell under, each in a binary that toolchain builds from this program's source (GOTOOLCHAIN=goX.Y.Z go build, fetched by the go command if missing; kept in the user cache directory), interleaved; rows record each cell's go_version (docs/running.md)"),
	}
	return fs, v
}

// parseRunFlags parses and checks run's flags; usage, when not nil,
// prints the help of -h.
func parseRunFlags(args []string, stderr io.Writer, usage func(*flag.FlagSet)) (runOptions, error) {
	fs, v := newFlags(stderr)
	if usage != nil {
		fs.Usage = func() { usage(fs) }
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return runOptions{}, err
		}
		return runOptions{}, UsageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return runOptions{}, usagef("run takes no arguments, got %q (flags go before them?)", fs.Args())
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if *v.full {
		if !set["scenarios"] {
			*v.scenarios = "all"
		}
		if !set["shapes"] {
			*v.shapes = "u64,str"
		}
		if !set["n"] {
			*v.n = "65536,1048576"
		}
	}
	o := runOptions{given: set}
	var err error
	c := &o.cfg
	if c.Impls, err = parseNames("impls", *v.impls, impls.Names(), map[string][]string{"all": impls.Names(), "main": impls.MainNames()}); err != nil {
		return o, err
	}
	if c.Scenarios, c.Traces, err = parseScenarios(*v.scenarios); err != nil {
		return o, err
	}
	if c.Shapes, err = parseNames("shapes", *v.shapes, harness.ShapeNames(), nil); err != nil {
		return o, err
	}
	if c.Ns, err = parseSizes(*v.n); err != nil {
		return o, err
	}
	if err := checkIndex(c.Ns, c.Scenarios); err != nil {
		return o, err
	}
	if c.Goroutines, err = parseGoroutines(*v.goroutines); err != nil {
		return o, err
	}
	if c.GCPercents, err = parseGCPercents(*v.gcPercents); err != nil {
		return o, err
	}
	if c.LiveHeaps, err = parseLiveHeaps(*v.liveHeaps); err != nil {
		return o, err
	}
	if c.GoVersions, err = parseGoVersions(*v.goVersions); err != nil {
		return o, err
	}
	if c.Mix, err = parseMix(*v.mix); err != nil {
		return o, err
	}
	if !(*v.zipfS > 1) || *v.zipfS > 100 {
		return o, usagef("-zipf-s: %v is out of range: want more than 1, at most 100", *v.zipfS)
	}
	c.ZipfS = *v.zipfS
	o.namedImpls, o.namedScenarios = named(*v.impls, "all", "main"), named(*v.scenarios, "all", "main")
	for _, sc := range c.Scenarios {
		s, _ := scenarios.Lookup(sc)
		if !s.Concurrent {
			continue
		}
		for _, n := range c.Ns {
			for _, g := range c.Goroutines {
				if n < g {
					return o, usagef("-n: %d is smaller than -goroutines %d: scenario %s gives every goroutine keys of its own", n, g, sc)
				}
			}
		}
	}
	ranges := []struct {
		name   string
		v      int
		lo, hi int
	}{
		{"reps", *v.reps, 1, 1000},
		{"gomaxprocs", *v.gomaxprocs, 1, 1024},
		{"concurrent-gomaxprocs", *v.concProcs, 1, 1024},
		{"sample", *v.sample, 0, 65536},
		{"passes", *v.passes, 1, 1001},
	}
	for _, r := range ranges {
		if r.v < r.lo || r.v > r.hi {
			return o, usagef("-%s: %d is out of range %d..%d", r.name, r.v, r.lo, r.hi)
		}
	}
	if *v.timeout < 0 {
		return o, usagef("-timeout: %s is negative", *v.timeout)
	}
	if *v.minPhase < 0 {
		return o, usagef("-min-phase: %s is negative", *v.minPhase)
	}
	if *v.memLimit != "0" {
		limit, err := parseSize(*v.memLimit)
		if err != nil {
			return o, usagef("-mem-limit: %q: %v (want 0 or a size such as 8G)", *v.memLimit, err)
		}
		if limit < 2<<30 {
			return o, usagef("-mem-limit: %q is under 2G, where the Go runtime itself fails to start", *v.memLimit)
		}
		o.cfg.MemLimit = uint64(limit)
	}
	if *v.output == "" {
		return o, usagef("-o: empty file name")
	}
	for _, d := range []struct {
		flag string
		dir  *string
		to   *string
	}{{"trace", v.traceDir, &c.Diagnostics.Trace}, {"cpuprofile", v.cpuDir, &c.Diagnostics.CPUProfile},
		{"memprofile", v.memDir, &c.Diagnostics.MemProfile}, {"gctrace", v.gctraceDir, &c.Diagnostics.GCTrace}} {
		if *d.to, err = checkDiagnosticsDir(d.flag, *d.dir); err != nil {
			return o, err
		}
	}
	c.Reps, c.Presize, c.GOMAXPROCS, c.Seed = *v.reps, *v.presize, *v.gomaxprocs, *v.seed
	c.SampleEvery, c.Passes, c.MinPhase, c.Timeout = *v.sample, *v.passes, *v.minPhase, *v.timeout
	c.ConcurrentGOMAXPROCS = *v.concProcs
	o.output, o.force, o.resume = *v.output, *v.force, *v.resume
	if o.resume != "" && set["o"] {
		return o, usagef("-resume appends to its own file: drop -o")
	}
	return o, nil
}

// Command is `mapbench run ARGS`: it parses args, runs the cells they ask
// for (or those a -resume file lacks), writes their rows and prints the
// run's summary to stdout; progress and notes go to stderr. usage prints
// the help of -h (flag.ErrHelp is returned then).
func Command(args []string, stdout, stderr io.Writer, usage func(*flag.FlagSet)) error {
	o, err := parseRunFlags(args, stderr, usage)
	if err != nil {
		return err
	}
	var (
		env          results.Env
		prior        []results.Record
		f            *os.File
		appendHeader bool // a resumed v1 or v2 file gets a v3 header before its new rows
	)
	if o.resume != "" {
		// The lock first: the file is read, checked and repaired by this
		// run alone.
		lock, err := lockOutput(o.resume, "resume")
		if err != nil {
			return err
		}
		defer lock.release()
		rs, err := loadResume(o, harness.Environment(o.cfg))
		if err != nil {
			return err
		}
		if err := checkMemory(rs.cfg, o.force); err != nil {
			return err
		}
		if rs.pending() {
			if rs.cfg.Exes, err = cellBinaries(rs.cfg.GoVersions, stderr); err != nil {
				return err
			}
		}
		o.cfg, env, prior, o.output = rs.cfg, rs.env, rs.prior, o.resume
		appendHeader = rs.appendHeader()
		o.cfg.Skip = func(s harness.Spec) bool { return rs.done[specID(s)] }
		if f, err = os.OpenFile(o.resume, os.O_WRONLY|os.O_APPEND, 0); err != nil {
			return usagef("-resume: cannot append to %s: %v", o.resume, errors.Unwrap(err))
		}
		defer f.Close()
		if rs.tail.Bytes > 0 {
			msg, err := repairTail(f, o.resume, rs.data, rs.tail)
			if err != nil {
				return err
			}
			fmt.Fprintln(stderr, "mapbench:", msg)
		}
	} else {
		// A new run only: a resumed one continues the cells its file
		// records, whose lists run_config holds expanded.
		if err := checkConcurrentImpls(o.cfg.Impls, o.cfg.Scenarios, o.namedImpls, o.namedScenarios); err != nil {
			return err
		}
		if err := checkShapeImpls(o.cfg.Impls, o.cfg.Shapes, o.namedImpls); err != nil {
			return err
		}
		if err := checkTraceShapes(o.cfg); err != nil {
			return err
		}
		if err := checkMemory(o.cfg, o.force); err != nil {
			return err
		}
		if o.cfg.Exes, err = cellBinaries(o.cfg.GoVersions, stderr); err != nil {
			return err
		}
		lock, err := lockOutput(o.output, "o")
		if err != nil {
			return err
		}
		defer lock.release()
		if f, err = createOutput(o.output, o.force); err != nil {
			return err
		}
		defer f.Close()
		env = harness.Environment(o.cfg)
	}
	total := len(harness.Cells(o.cfg))
	todo := total
	if o.cfg.Skip != nil {
		todo = 0
		for _, c := range harness.Cells(o.cfg) {
			if !o.cfg.Skip(c) {
				todo++
			}
		}
	}
	// A resumed v1 or v2 file gets a v3 header before its new rows, and only
	// when there are new rows: resuming a complete file changes nothing.
	w := results.NewCSVWriter(f, o.resume == "" || (appendHeader && todo > 0))
	if err := w.WriteHeader(); err != nil {
		return fmt.Errorf("-o %s: %w", o.output, err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	all := prior
	rows := 0
	prov := provenance(o.cfg, commandLine(args))
	sink := func(recs []results.Record) error {
		recs = withProvenance(prov, recs)
		if err := writeCell(f, w, recs); err != nil {
			return fmt.Errorf("-o %s: %w (the file holds every cell finished before this one)", o.output, err)
		}
		rows += len(recs)
		all = append(all, recs...)
		return nil
	}
	fmt.Fprintf(stderr, "mapbench: %d cells (%d impls × %d scenarios × %d shapes × %d sizes%s × %d reps%s), %d to run, writing %s\n",
		total, len(o.cfg.Impls), len(o.cfg.Scenarios), len(o.cfg.Shapes), len(o.cfg.Ns), heapAxes(o.cfg), o.cfg.Reps,
		concurrencyNote(o.cfg)+shapeNote(o.cfg)+traceNote(o.cfg)+goNote(o.cfg), todo, o.output)
	if err := makeDiagnosticsDirs(o.cfg.Diagnostics, stderr); err != nil {
		return err
	}
	sum, runErr := harness.Run(ctx, o.cfg, env, sink, progressTo(stderr))
	if isTerminal(stderr) {
		fmt.Fprint(stderr, "\r\033[K")
	}
	if err := f.Close(); err != nil && runErr == nil {
		runErr = fmt.Errorf("-o %s: %w", o.output, err)
	}
	tables, notes, err := summary.Build(all, Vocab)
	if err != nil {
		return err
	}
	if err := summary.Write(stdout, tables, notes); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\n%d rows from %d cells written to %s (run %s)\n", rows, sum.Cells, o.output, env.RunID)
	if runErr != nil {
		if errors.Is(runErr, context.Canceled) {
			return fmt.Errorf("interrupted after %d of %d cells to run; the rows of every finished cell are in %s; to finish the run: %s",
				sum.Cells, todo, o.output, resumeCommand(o.output, o.force))
		}
		return runErr
	}
	if sum.Failed > 0 {
		return fmt.Errorf("%d of %d cells failed (metric cell_failed in %s)", sum.Failed, sum.Cells, o.output)
	}
	return nil
}

// outputFile is what writeCell needs of the results file.
type outputFile interface {
	io.Seeker
	Truncate(size int64) error
}

// writeCell appends one cell's records. A failed write (a full disk) may
// leave part of the batch behind: the file is cut back to where it ended
// before, the end of the last finished cell, so it stays a valid CSV.
func writeCell(f outputFile, w *results.CSVWriter, recs []results.Record) error {
	size, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		return err
	}
	if err := w.Write(recs); err != nil {
		if terr := f.Truncate(size); terr != nil {
			return fmt.Errorf("%w; cutting the partial cell off failed too: %v", err, terr)
		}
		return err
	}
	return nil
}

// resumeCommand is the command that completes an interrupted run of
// file: the file records the run's settings, so -resume alone, and -force
// when the run was started with it (it let cells past the memory check).
func resumeCommand(file string, force bool) string {
	cmd := "mapbench run -resume " + shellQuote(file)
	if force {
		cmd += " -force"
	}
	return cmd
}

// commandLine is the command as typed: mapbench run and its arguments,
// each shell-quoted.
func commandLine(args []string) string {
	out := []string{"mapbench", "run"}
	for _, a := range args {
		out = append(out, shellQuote(a))
	}
	return strings.Join(out, " ")
}

func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./,=:^", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// createOutput creates the CSV file, refusing an existing one unless force.
func createOutput(path string, force bool) (*os.File, error) {
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if errors.Is(err, os.ErrExist) {
		return nil, usagef("-o: %s exists; pass -force to overwrite it, or name another file with -o", path)
	}
	if err != nil {
		return nil, usagef("-o: cannot create %s: %v", path, errors.Unwrap(err))
	}
	return f, nil
}

// heapAxes names, for the run's first line, the GOGC values and live heaps
// that multiply its cells, when there is more than one of either.
func heapAxes(c harness.Config) string {
	s := ""
	if len(c.GCPercents) > 1 {
		s += fmt.Sprintf(" × %d GOGC (%s)", len(c.GCPercents), joinInts(c.GCPercents))
	}
	if len(c.LiveHeaps) > 1 {
		s += fmt.Sprintf(" × %d live heaps (%s)", len(c.LiveHeaps), joinSizes(c.LiveHeaps))
	}
	return s
}

// checkMemory refuses a configuration whose largest cell cannot fit in the
// memory available now, unless force.
func checkMemory(cfg harness.Config, force bool) error {
	avail, ok := harness.AvailableMemory()
	if !ok || force {
		return nil
	}
	return checkFits(cfg, avail)
}

// checkFits refuses a configuration one of whose cells needs more than
// avail bytes (harness.EstimateBytes), naming the cell and the numbers.
func checkFits(cfg harness.Config, avail uint64) error {
	for _, spec := range harness.Cells(harness.Config{Impls: cfg.Impls, Scenarios: cfg.Scenarios, Shapes: cfg.Shapes, Ns: cfg.Ns, Reps: 1,
		GCPercents: cfg.GCPercents, LiveHeaps: cfg.LiveHeaps, Traces: cfg.Traces}) {
		need := harness.EstimateBytes(spec)
		if tf, ok := cfg.Traces[spec.Scenario]; ok {
			need = harness.EstimateTraceBytes(spec, tf.Stats)
			if need > avail {
				st := tf.Stats
				return usagef("-scenarios: trace:%s does not fit: cell %s/%s/%s replays %d ops on %d distinct keys, %d live at the peak, and needs about %d MiB; %d MiB available (pass -force to try anyway)",
					tf.Path, spec.Impl, spec.Scenario, spec.Shape, st.Ops, st.Keys, st.PeakLive, need>>20, avail>>20)
			}
		}
		if need > avail && spec.LiveHeap > 0 {
			without := spec
			without.LiveHeap = 0
			return usagef("-live-heap: %s does not fit: cell %s/%s/%s n=%d at GOGC=%d needs about %d MiB, %d MiB of them for the live heap (with the index of its objects while they are built, or the garbage GOGC=%d lets pile up beside them); %d MiB available (pass -force to try anyway)",
				results.FormatSize(spec.LiveHeap), spec.Impl, spec.Scenario, spec.Shape, spec.N, spec.GCPercent, need>>20,
				(need-harness.EstimateBytes(without))>>20, spec.GCPercent, avail>>20)
		}
		if need > avail {
			return usagef("-n: %d does not fit: cell %s/%s/%s needs about %d MiB, %d MiB available (pass -force to try anyway)",
				spec.N, spec.Impl, spec.Scenario, spec.Shape, need>>20, avail>>20)
		}
	}
	return nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progressTo shows "cell k of N" and an ETA on a terminal; elsewhere it is
// silent (a log file gets only the final summary).
func progressTo(stderr io.Writer) harness.Progress {
	if !isTerminal(stderr) {
		return nil
	}
	return func(done, total int, last harness.Spec, elapsed time.Duration) {
		eta := time.Duration(float64(elapsed) / float64(done) * float64(total-done)).Round(time.Second)
		heap := ""
		if last.LiveHeap > 0 {
			heap = " live-heap=" + results.FormatSize(last.LiveHeap)
		}
		gov := ""
		if last.Go != "" {
			gov = " " + last.Go
		}
		fmt.Fprintf(stderr, "\r\033[Kcell %d of %d  %s %s %s n=%d GOGC=%d%s rep %d%s  elapsed %s  ETA %s",
			done, total, last.Impl, last.Scenario, last.Shape, last.N, last.GCPercent, heap, last.Rep, gov, elapsed.Round(time.Second), eta)
	}
}

// defaultGoroutines is -goroutines' default: 1 and the powers of two up
// to this machine's CPU count, and the CPU count itself.
func defaultGoroutines() string {
	cpus := runtime.NumCPU()
	var gs []string
	for g := 1; g < cpus; g *= 2 {
		gs = append(gs, strconv.Itoa(g))
	}
	return strings.Join(append(gs, strconv.Itoa(cpus)), ",")
}

// maxGoroutines bounds -goroutines: every goroutine keeps latency
// histograms of about 220 KB each on the heap beside the map.
const maxGoroutines = 256

// parseGoroutines reads -goroutines: distinct integers in 1..maxGoroutines.
func parseGoroutines(v string) ([]int, error) {
	var out []int
	for item := range strings.SplitSeq(v, ",") {
		g, err := strconv.Atoi(strings.TrimSpace(item))
		if err != nil || g < 1 || g > maxGoroutines {
			return nil, usagef("-goroutines: %q is not a goroutine count in 1..%d (want a list such as 1,2,4)", item, maxGoroutines)
		}
		if slices.Contains(out, g) {
			return nil, usagef("-goroutines: %d named twice in %q", g, v)
		}
		out = append(out, g)
	}
	return out, nil
}

func mixString(m scenarios.Mix) string {
	return fmt.Sprintf("%d/%d/%d", m.Reads, m.Inserts, m.Deletes)
}

// parseMix reads -mix: reads/inserts/deletes in percent, adding up to 100.
func parseMix(v string) (scenarios.Mix, error) {
	f := strings.Split(v, "/")
	bad := usagef("-mix: %q is not three whole percents R/I/D of reads, inserts and deletes adding up to 100 (e.g. %s)", v, mixString(scenarios.DefaultMix))
	if len(f) != 3 {
		return scenarios.Mix{}, bad
	}
	var p [3]int
	for i, s := range f {
		x, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || x < 0 || x > 100 {
			return scenarios.Mix{}, bad
		}
		p[i] = x
	}
	if p[0]+p[1]+p[2] != 100 {
		return scenarios.Mix{}, bad
	}
	return scenarios.Mix{Reads: p[0], Inserts: p[1], Deletes: p[2]}, nil
}

// concurrentSafe lists the registered implementations safe for concurrent use.
func concurrentSafe() []string {
	var out []string
	for _, im := range impls.All() {
		if im.Concurrent {
			out = append(out, im.Name)
		}
	}
	return out
}

// named reports whether a list flag's value names its items one by one
// rather than through one of the aliases.
func named(value string, aliases ...string) bool {
	for item := range strings.SplitSeq(value, ",") {
		if slices.Contains(aliases, strings.TrimSpace(item)) {
			return false
		}
	}
	return true
}

// checkConcurrentImpls refuses, when both are named one by one, an
// implementation that is not safe for concurrent use together with a
// concurrent scenario. (Through -impls all or -scenarios all, concurrent
// scenarios take the safe implementations: Cells leaves the others out and
// the run says so.)
func checkConcurrentImpls(names, scens []string, implsNamed, scensNamed bool) error {
	var conc []string
	for _, sc := range scens {
		if s, _ := scenarios.Lookup(sc); s.Concurrent {
			conc = append(conc, sc)
		}
	}
	if len(conc) == 0 || !implsNamed || !scensNamed {
		return nil
	}
	for _, n := range names {
		if im, _ := impls.Lookup(n); !im.Concurrent {
			return usagef("-impls: %s is not safe for concurrent use and cannot run %s; implementations safe for concurrent use: %s",
				n, strings.Join(conc, ", "), strings.Join(concurrentSafe(), ", "))
		}
	}
	return nil
}

// checkShapeImpls refuses, when -impls names its items one by one, an
// implementation that can hold none of the shapes (haxmap with -shapes
// struct): it would have no cell. Other pairs an implementation cannot
// hold are left out (Cells) and the run's first line says so (shapeNote).
func checkShapeImpls(names, shapes []string, implsNamed bool) error {
	if !implsNamed {
		return nil
	}
	for _, n := range names {
		var err error
		held := false
		for _, sh := range shapes {
			e := harness.SupportsShape(n, sh)
			held = held || e == nil
			err = cmp.Or(err, e)
		}
		if !held {
			return usagef("-impls, -shapes: %v", err)
		}
	}
	return nil
}

// checkTraceShapes refuses a trace whose keys fit no shape at all (fixed
// keys of more than 16 bytes): it would have no cell. A trace whose keys
// fit none of -shapes runs on its own shape, and the shapes it does not
// fit are left out (harness.TraceShapes, Cells); the run's first line
// says so (traceNote).
func checkTraceShapes(c harness.Config) error {
	for _, sc := range c.Scenarios {
		tf, ok := c.Traces[sc]
		if !ok || harness.TraceShapes(tf.Stats, c.Shapes) != nil {
			continue
		}
		return usagef("-scenarios: trace:%s: %v", tf.Path, harness.TraceFits(tf.Stats, c.Shapes[0]))
	}
	return nil
}

// shapeNote tells, in the run's first line, which implementations leave
// out which shapes.
func shapeNote(c harness.Config) string {
	var left []string
	for _, n := range c.Impls {
		for _, sh := range c.Shapes {
			if harness.SupportsShape(n, sh) != nil {
				left = append(left, n+" "+sh)
			}
		}
	}
	if len(left) == 0 {
		return ""
	}
	return "; without the impl-shape pairs its library cannot hold: " + strings.Join(left, ", ")
}

// goNote tells, in the run's first line, the toolchains of -go, which
// multiply the cells.
func goNote(c harness.Config) string {
	if len(c.GoVersions) == 0 {
		return ""
	}
	return fmt.Sprintf("; × %d Go toolchains %s, each cell under each", len(c.GoVersions), strings.Join(c.GoVersions, ","))
}

// traceNote tells, in the run's first line, the size each trace scenario
// runs at (its peak live keys, whatever -n) and, for a trace of several
// lanes, the implementations that run them at once and those that run
// them serialised (harness.ReplayLanes; a row's note says why).
func traceNote(c harness.Config) string {
	var parts []string
	for _, sc := range c.Scenarios {
		tf, ok := c.Traces[sc]
		if !ok {
			continue
		}
		part := fmt.Sprintf("%s at its own n=%d only", sc, tf.Stats.PeakLive)
		fit := harness.TraceShapes(tf.Stats, c.Shapes)
		switch {
		case !slices.ContainsFunc(c.Shapes, func(sh string) bool { return slices.Contains(fit, sh) }):
			part += fmt.Sprintf(", on shape %s, its own (its %s keys fit none of -shapes)", strings.Join(fit, ","), tf.Stats.KeyKind)
		case len(fit) < len(c.Shapes):
			part += fmt.Sprintf(", on shape %s only (its %s keys)", strings.Join(fit, ","), tf.Stats.KeyKind)
		}
		if tf.Stats.UsedLanes > 1 {
			var at, serial []string
			for _, im := range c.Impls {
				g := 1
				for _, sh := range fit {
					g = max(g, first(harness.ReplayLanes(tf.Stats, im, sh)))
				}
				if g > 1 {
					at = append(at, im)
				} else {
					serial = append(serial, im)
				}
			}
			if len(at) > 0 {
				part += fmt.Sprintf(", its %d lanes at once (goroutines=%d, GOMAXPROCS=%d) on %s", tf.Stats.UsedLanes, tf.Stats.UsedLanes,
					c.ConcurrentGOMAXPROCS, strings.Join(at, ","))
			}
			if len(serial) > 0 {
				part += fmt.Sprintf(", its %d lanes serialised on %s", tf.Stats.UsedLanes, strings.Join(serial, ","))
			}
		}
		parts = append(parts, part)
	}
	if len(parts) == 0 {
		return ""
	}
	return "; " + strings.Join(parts, ", ")
}

// first is the first of two results.
func first[A, B any](a A, _ B) A { return a }

// concurrencyNote tells, in the run's first line, how concurrent scenarios
// multiply cells and which implementations they leave out.
func concurrencyNote(c harness.Config) string {
	var conc []string
	for _, sc := range c.Scenarios {
		if s, _ := scenarios.Lookup(sc); s.Concurrent {
			conc = append(conc, sc)
		}
	}
	if len(conc) == 0 {
		return ""
	}
	g := make([]string, len(c.Goroutines))
	for i, v := range c.Goroutines {
		g[i] = strconv.Itoa(v)
	}
	note := fmt.Sprintf("; %s with goroutines %s at GOMAXPROCS=%d", strings.Join(conc, ","), strings.Join(g, ","), c.ConcurrentGOMAXPROCS)
	var left []string
	for _, n := range c.Impls {
		if im, _ := impls.Lookup(n); !im.Concurrent {
			left = append(left, n)
		}
	}
	if len(left) > 0 {
		note += fmt.Sprintf(" on the implementations safe for concurrent use only (not %s)", strings.Join(left, ","))
	}
	return note
}

// diagnosticsFlags are the flags of `mapbench run` that ask for per-cell
// diagnostic files, each naming a directory ("" = off).
var diagnosticsFlags = []string{"trace", "cpuprofile", "memprofile", "gctrace"}

// diagnosticsDirs are c's diagnostics directories by flag.
func diagnosticsDirs(c harness.Diagnostics) map[string]string {
	return map[string]string{"trace": c.Trace, "cpuprofile": c.CPUProfile, "memprofile": c.MemProfile, "gctrace": c.GCTrace}
}

// checkDiagnosticsDir checks that the directory of a diagnostics flag can
// be written, or created and written, without creating it (a refused run
// leaves nothing behind), and returns it absolute, so that run_config
// names the same place wherever -resume is run from. "" (off) is returned
// as it is.
func checkDiagnosticsDir(flag, dir string) (string, error) {
	if dir == "" {
		return "", nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", usagef("-%s: %q: %v", flag, dir, err)
	}
	// The directory, or its nearest ancestor that exists.
	at := abs
	for {
		st, err := os.Stat(at)
		if err == nil {
			if !st.IsDir() {
				return "", usagef("-%s: cannot write into %s: %s is not a directory", flag, dir, at)
			}
			break
		}
		if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
			return "", usagef("-%s: cannot write into %s: %v", flag, dir, errors.Unwrap(err))
		}
		up := filepath.Dir(at)
		if up == at {
			return "", usagef("-%s: cannot write into %s: %v", flag, dir, errors.Unwrap(err))
		}
		at = up
	}
	// Writable: a file can be made there (and is removed at once).
	f, err := os.CreateTemp(at, ".mapbench-check-*")
	if err != nil {
		what := "cannot write into " + dir
		if at != abs {
			what = "cannot create " + dir
		}
		return "", usagef("-%s: %s: %v", flag, what, errors.Unwrap(err))
	}
	name := f.Name()
	f.Close()
	os.Remove(name)
	return abs, nil
}

// makeDiagnosticsDirs creates the directories of the diagnostics asked
// for, right before the cells run, and says on stderr what goes there.
func makeDiagnosticsDirs(d harness.Diagnostics, stderr io.Writer) error {
	dirs := diagnosticsDirs(d)
	var on []string
	for _, flag := range diagnosticsFlags {
		dir := dirs[flag]
		if dir == "" {
			continue
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return usagef("-%s: cannot create %s: %v", flag, dir, errors.Unwrap(err))
		}
		on = append(on, "-"+flag+" "+dir)
	}
	if len(on) > 0 {
		fmt.Fprintf(stderr, "mapbench: diagnostics %s: one file per cell, named after the cell; they perturb the cells' figures (a diagnostics row marks them)\n",
			strings.Join(on, ", "))
	}
	return nil
}
