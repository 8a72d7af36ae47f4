package run

import (
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"

	"mapbench/harness"
	"mapbench/results"
	"mapbench/scenarios"
)

// The run's settings are recorded on every cell (docs: results.MetricRunConfig),
// so a file says how to re-run it and -resume alone continues it:
//
//   - run_config (value 1): its note is every setting of the run, key=value
//     pairs separated by ";" (results.FormatRunConfig). The keys are the flags
//     of `mapbench run` that define the cells and the protocol, with their
//     values in a form those flags accept (lists expanded: "all" is written
//     as the names it stood for; the diagnostics directories absolute, and
//     only when given, so a run without diagnostics records what runs did
//     before they existed), then GOEXPERIMENT (the binary's build setting),
//     GOMEMLIMIT and GODEBUG (the environment every cell inherits), each
//     only when set.
//   - command_line (value 1): its note is the command of the process that
//     measured the cell (a resumed run's cells carry the -resume command).
//   - passes, timeout, mem_limit: the numeric settings not yet recorded on
//     every cell (sample_every and min_phase come from the child, seed,
//     gomaxprocs, and each cell's gc_percent and other_heap are columns),
//     as values to filter on.
//
// They come first in each cell's batch, before the child's rows, so that a
// failed cell carries them too and the row that ends a cell stays last.

// configFlags are the flags whose values run_config records, in order.
var configFlags = []string{"impls", "scenarios", "shapes", "n", "reps", "presize", "seed", "gc-percent", "live-heap",
	"gomaxprocs", "sample", "passes", "min-phase", "timeout", "mem-limit",
	"goroutines", "concurrent-gomaxprocs", "mix", "zipf-s",
	"trace", "cpuprofile", "memprofile", "gctrace", "go"}

// addedFlags are the configFlags a run_config written before they existed
// lacks, with the value that reproduces such a run's cells (those files
// hold no concurrent scenario, which is all the concurrency settings
// configure, and no other live heap).
var addedFlags = map[string]func() string{
	"live-heap":             func() string { return "0" },
	"goroutines":            func() string { return "1" },
	"concurrent-gomaxprocs": func() string { return strconv.Itoa(runtime.NumCPU()) },
	"mix":                   func() string { return mixString(scenarios.DefaultMix) },
	"zipf-s":                func() string { return strconv.FormatFloat(scenarios.DefaultZipfS, 'g', -1, 64) },
	// The diagnostics flags (diagnosticsFlags): off. run_config leaves
	// them out when they are off, so it is the same as before they existed.
	"trace":      func() string { return "" },
	"cpuprofile": func() string { return "" },
	"memprofile": func() string { return "" },
	"gctrace":    func() string { return "" },
	// -go: this binary's toolchain, recorded by its absence as well; the
	// rows' go_version says which it was (loadResume checks it).
	"go": func() string { return "" },
}

// offWhenEmpty are the configFlags that run_config leaves out when empty
// (off, or the default of -go): a run without them records what runs did
// before they existed.
func offWhenEmpty(k string) bool {
	return k == "go" || slices.Contains(diagnosticsFlags, k)
}

// envKeys are the environment settings run_config records when set.
var envKeys = []string{"GOEXPERIMENT", "GOMEMLIMIT", "GODEBUG"}

// flagValues gives each of configFlags its value under c, as the flag
// accepts it.
func flagValues(c harness.Config) map[string]string {
	ns := joinInts(c.Ns)
	return map[string]string{
		"impls":      strings.Join(c.Impls, ","),
		"scenarios":  scenarioItems(c),
		"shapes":     strings.Join(c.Shapes, ","),
		"n":          ns,
		"reps":       strconv.Itoa(c.Reps),
		"presize":    strconv.FormatBool(c.Presize),
		"seed":       strconv.FormatUint(c.Seed, 10),
		"gc-percent": joinInts(c.GCPercents),
		"live-heap":  joinSizes(c.LiveHeaps),
		"gomaxprocs": strconv.Itoa(c.GOMAXPROCS),
		"sample":     strconv.Itoa(c.SampleEvery),
		"passes":     strconv.Itoa(c.Passes),
		"min-phase":  c.MinPhase.String(),
		"timeout":    c.Timeout.String(),
		"mem-limit":  strconv.FormatUint(c.MemLimit, 10),

		"goroutines":            joinInts(c.Goroutines),
		"concurrent-gomaxprocs": strconv.Itoa(c.ConcurrentGOMAXPROCS),
		"mix":                   mixString(c.Mix),
		"zipf-s":                strconv.FormatFloat(c.ZipfS, 'g', -1, 64),

		"trace":      c.Diagnostics.Trace,
		"cpuprofile": c.Diagnostics.CPUProfile,
		"memprofile": c.Diagnostics.MemProfile,
		"gctrace":    c.Diagnostics.GCTrace,

		"go": strings.Join(c.GoVersions, ","),
	}
}

// scenarioItems is c's scenarios as -scenarios takes them: a trace
// scenario as "trace:FILE#DIGEST" (parseScenarios).
func scenarioItems(c harness.Config) string {
	items := make([]string, len(c.Scenarios))
	for i, name := range c.Scenarios {
		items[i] = name
		if tf, ok := c.Traces[name]; ok {
			items[i] = scenarios.TracePrefix + tf.Path + "#" + tf.Digest
		}
	}
	return strings.Join(items, ",")
}

// envValues are this process's GOEXPERIMENT (the binary's build setting:
// the one that decides what was compiled), GOMEMLIMIT and GODEBUG (from
// the environment, which every cell inherits); only those set.
func envValues() map[string]string {
	out := map[string]string{}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "GOEXPERIMENT" && s.Value != "" {
				out["GOEXPERIMENT"] = s.Value
			}
		}
	}
	for _, k := range envKeys[1:] {
		if v := os.Getenv(k); v != "" {
			out[k] = v
		}
	}
	return out
}

// runSettings is the run_config of c in this process.
func runSettings(c harness.Config) []results.Setting {
	fv := flagValues(c)
	var out []results.Setting
	for _, k := range configFlags {
		if fv[k] == "" && offWhenEmpty(k) {
			continue // off: recorded by its absence (addedFlags)
		}
		out = append(out, results.Setting{Key: k, Value: fv[k]})
	}
	ev := envValues()
	for _, k := range envKeys {
		if v, ok := ev[k]; ok {
			out = append(out, results.Setting{Key: k, Value: v})
		}
	}
	return out
}

// recordedConfig is a run_config read back: the configuration and the
// environment settings it names.
type recordedConfig struct {
	cfg   harness.Config
	flags map[string]string // configFlags → value as recorded
	env   map[string]string // envKeys set → value
}

// parseRecorded rebuilds the configuration a run_config note records, by
// giving its values to the flags of `mapbench run`, so they are checked as
// a command line's are. Every one of configFlags must be there; an unknown
// key is an error (the file was written by a newer mapbench).
func parseRecorded(note string) (recordedConfig, error) {
	settings, err := results.ParseRunConfig(note)
	if err != nil {
		return recordedConfig{}, err
	}
	rc := recordedConfig{flags: map[string]string{}, env: map[string]string{}}
	var args []string
	for _, s := range settings {
		switch {
		case slices.Contains(configFlags, s.Key):
			rc.flags[s.Key] = s.Value
			args = append(args, "-"+s.Key+"="+s.Value)
		case slices.Contains(envKeys, s.Key):
			rc.env[s.Key] = s.Value
		default:
			return rc, usagef("run_config: unknown setting %q (a newer mapbench wrote it?)", s.Key)
		}
	}
	for _, k := range configFlags {
		if _, ok := rc.flags[k]; !ok {
			def, added := addedFlags[k]
			if !added {
				return rc, usagef("run_config: setting %q is missing", k)
			}
			rc.flags[k] = def()
			args = append(args, "-"+k+"="+def())
		}
	}
	o, err := parseRunFlags(args, io.Discard, nil)
	if err != nil {
		return rc, err
	}
	rc.cfg = o.cfg
	return rc, nil
}

// provenanceRow is one settings row every cell of the run carries.
type provenanceRow struct {
	metric string
	value  float64
	note   string
}

// provenance is what every cell of a run of c started by cmdline carries
// (see the comment at the top of this file).
func provenance(c harness.Config, cmdline string) []provenanceRow {
	return []provenanceRow{
		{results.MetricRunConfig, 1, results.FormatRunConfig(runSettings(c))},
		{results.MetricCommandLine, 1, cmdline},
		{results.MetricPasses, float64(c.Passes), ""},
		{results.MetricTimeout, float64(c.Timeout.Nanoseconds()), ""},
		{results.MetricMemLimit, float64(c.MemLimit), ""},
	}
}

// withProvenance puts the provenance rows in front of one cell's records.
func withProvenance(prov []provenanceRow, recs []results.Record) []results.Record {
	if len(recs) == 0 {
		return recs
	}
	out := make([]results.Record, 0, len(prov)+len(recs))
	for _, p := range prov {
		out = append(out, results.Record{Env: recs[0].Env, Cell: recs[0].Cell, Phase: results.PhaseMeta,
			Metric: p.metric, Value: p.value, Unit: results.MetricUnit(p.metric), Note: p.note})
	}
	return append(out, recs...)
}

// joinInts is vs comma-separated.
func joinInts(vs []int) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = strconv.Itoa(v)
	}
	return strings.Join(s, ",")
}
