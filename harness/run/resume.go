package run

import (
	"encoding/csv"
	"errors"
	"fmt"
	"maps"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"mapbench/harness"
	"mapbench/results"
)

// cellID names a cell independently of the run it was measured in. The
// rows of a schema v1 file have goroutines 1 (results.ReadCSV), as the
// specs of its scenarios, which all run on one goroutine, do; those of a
// v1 or v2 file other_heap 0, as the specs of a run_config without
// live-heap. goVersion is the toolchain the cell ran under: a row's
// go_version, a spec's -go toolchain, or without -go this binary's (the
// only one a file without -go can be resumed with: loadResume).
type cellID struct {
	impl, scenario, shape string
	n                     int
	presize               bool
	goroutines            int
	gcPercent, otherHeap  int
	rep                   int
	goVersion             string
}

func specID(s harness.Spec) cellID {
	gov := s.Go
	if gov == "" {
		gov = runtime.Version()
	}
	return cellID{s.Impl, s.Scenario, s.Shape, s.N, s.Presize, s.Goroutines, s.GCPercent, s.LiveHeap, s.Rep, gov}
}

func recordID(r results.Record) cellID {
	return cellID{r.Impl, r.Scenario, r.Shape, r.N, r.Presize, r.Goroutines, r.GCPercent, r.OtherHeap, r.Rep, r.GoVersion}
}

// name names the cell in messages (results.CellName, with its GOGC, and
// its live heap when it has one).
func (id cellID) name() string {
	s := results.CellName(results.Cell{Impl: id.impl, Scenario: id.scenario, Shape: id.shape, N: id.n,
		Presize: id.presize, Goroutines: id.goroutines, Rep: id.rep}) + fmt.Sprintf(" GOGC=%d", id.gcPercent)
	if id.otherHeap > 0 {
		s += " live-heap=" + results.FormatSize(id.otherHeap)
	}
	return s
}

// resumeState is what -resume learns from its file.
type resumeState struct {
	cfg   harness.Config // the run the file records
	env   results.Env    // the run's environment: new rows continue the same run
	done  map[cellID]bool
	prior []results.Record // the rows of the complete cells
	data  []byte           // the file as read
	tail  results.Tail     // a cell cut short at the end of the file, if any
}

// pending reports whether some cell of the run is not in the file yet.
func (rs resumeState) pending() bool {
	return slices.ContainsFunc(harness.Cells(rs.cfg), func(s harness.Spec) bool { return !rs.done[specID(s)] })
}

// appendHeader reports whether the rows the resumed run appends need a
// header line before them: the file's rows end under a header of another
// schema than the writer's (a mapbench/v1 or v2 file), and a reader reads each
// row in the layout of the header it follows. The run's writer then
// writes the v3 header first (results.NewCSVWriter with writeHeader
// true); once it has, the file ends under a v3 header and a later resume
// adds none.
func (rs resumeState) appendHeader() bool {
	return rs.tail.Schema != results.Schema
}

// loadResume reads the file of -resume and checks that it can be
// completed: every row parses (only the tail may be damaged: a cell cut
// short, repaired by repairTail), the rows are of one run made on this
// machine, with this toolchain or (-go) with the toolchains its run_config
// lists, and the flags given with -resume agree with the
// settings the file records. The run to complete is the one its
// run_config rows record; a file without them (an earlier mapbench wrote
// it) is refused: its settings are not known. A schema v1 or v2 file is completed like a v3 file: its
// cells are those with goroutines 1 (v1) and other_heap 0, and the rows appended to it need a v3
// header line first (resumeState.appendHeader). Nothing is written.
func loadResume(o runOptions, now results.Env) (resumeState, error) {
	path := o.resume
	var rs resumeState
	b, err := os.ReadFile(path)
	if err != nil {
		return rs, usagef("-resume: %v", err)
	}
	recs, lines, tail, err := results.ReadCSVTorn(b, path)
	if err != nil {
		return rs, usagef("-resume: %v", err)
	}
	if len(recs) == 0 {
		if tail.Rows > 0 || tail.Partial {
			return rs, usagef("-resume: %s holds no complete cell (the run stopped during its first cell): start it again with -o %s -force", path, path)
		}
		return rs, usagef("-resume: %s has no rows; start a new run instead", path)
	}

	// The configuration: the one the file records. A run_config written before some settings existed (that of a v1 file)
	// and one that has them at the values that reproduce its cells (that
	// of the rows a resume appended to it) record one configuration.
	note, noteLine := "", 0
	var rc recordedConfig
	sameConfig := map[string]bool{} // the notes that record note's configuration
	for i, r := range recs {
		if r.Metric != results.MetricRunConfig || sameConfig[r.Note] {
			continue
		}
		if note == "" {
			note, noteLine = r.Note, lines[i]
			if rc, err = parseRecorded(note); err != nil {
				return rs, usagef("-resume: %s:%d: %v", path, noteLine, err)
			}
			sameConfig[note] = true
			continue
		}
		other, err := parseRecorded(r.Note)
		if err != nil || !maps.Equal(other.flags, rc.flags) || !maps.Equal(other.env, rc.env) {
			return rs, usagef("-resume: %s:%d: this run_config differs from the one on line %d: the file holds more than one configuration; resume only the file of one run",
				path, lines[i], noteLine)
		}
		sameConfig[r.Note] = true
	}
	if note == "" {
		return rs, usagef("-resume: %s has no %s row (an earlier mapbench wrote it): the settings of its run are missing, so it cannot be resumed; start a new run with -o",
			path, results.MetricRunConfig)
	}
	if err := agree(path, o, rc); err != nil {
		return rs, err
	}
	cfg := rc.cfg

	want := map[cellID]harness.Spec{}
	for _, s := range harness.Cells(cfg) {
		want[specID(s)] = s
	}
	// One run's rows share their environment but for GOMAXPROCS, which
	// the cells of concurrent scenarios have of their own
	// (-concurrent-gomaxprocs), GOGC and the other live heap, which are
	// each cell's (-gc-percent, -live-heap), and the Go version, which is
	// each cell's toolchain with -go; each cell's are checked against its
	// spec and the run_config.
	runEnv := func(e results.Env) results.Env {
		e.GOMAXPROCS, e.GCPercent, e.OtherHeap, e.GoVersion = 0, 0, 0, ""
		return e
	}
	env := recs[0].Env
	firstLine := map[cellID]int{}
	done := map[cellID]bool{}
	for i, r := range recs {
		id := recordID(r)
		spec, wanted := want[id]
		procs, procsFlag := cfg.GOMAXPROCS, "-gomaxprocs"
		if wanted && spec.GOMAXPROCS != cfg.GOMAXPROCS {
			procs, procsFlag = spec.GOMAXPROCS, "-concurrent-gomaxprocs"
		}
		differs := func(what string, was, is any) error {
			return usagef("-resume: %s:%d: this row says %s %v, but the file's run_config says %v: the file is inconsistent", path, lines[i], what, was, is)
		}
		switch {
		case runEnv(r.Env) != runEnv(env):
			return rs, usagef("-resume: %s holds rows of more than one run (run_id %s and %s); resume only the file of one run", path, env.RunID, r.RunID)
		case !slices.Contains(cfg.GCPercents, r.GCPercent):
			return rs, differs("-gc-percent", r.GCPercent, joinInts(cfg.GCPercents))
		case !slices.Contains(cfg.LiveHeaps, r.OtherHeap):
			return rs, differs("-live-heap", results.FormatSize(r.OtherHeap), joinSizes(cfg.LiveHeaps))
		case r.GOMAXPROCS != procs:
			return rs, differs(procsFlag, r.GOMAXPROCS, procs)
		case r.Seed != cfg.Seed:
			return rs, differs("-seed", r.Seed, cfg.Seed)
		case r.Host != now.Host || r.CPU != now.CPU || len(cfg.GoVersions) == 0 && r.GoVersion != now.GoVersion:
			return rs, usagef("-resume: %s was made on %s (%s, %s); this is %s (%s, %s): results of two machines or toolchains are not one run",
				path, r.Host, r.CPU, r.GoVersion, now.Host, now.CPU, now.GoVersion)
		case len(cfg.GoVersions) > 0 && !slices.Contains(cfg.GoVersions, r.GoVersion):
			return rs, differs("go_version", r.GoVersion, "-go "+strings.Join(cfg.GoVersions, ","))
		case !wanted:
			return rs, usagef("-resume: %s:%d: cell %s is not one of the cells its run_config makes: the file is inconsistent", path, lines[i], id.name())
		}
		if _, ok := firstLine[id]; !ok {
			firstLine[id] = lines[i]
		}
		if results.EndsCell(r.Metric) {
			done[id] = true
		}
		var err error
		switch r.Metric {
		case results.MetricSampleEvery:
			if int(r.Value) != cfg.SampleEvery {
				err = differs("-sample", r.Value, cfg.SampleEvery)
			}
		case results.MetricMinPhase:
			if int64(r.Value) != cfg.MinPhase.Nanoseconds() {
				err = differs("-min-phase", strconv.FormatFloat(r.Value/1e6, 'f', -1, 64)+"ms", cfg.MinPhase)
			}
		case results.MetricPasses:
			if int(r.Value) != cfg.Passes {
				err = differs("-passes", r.Value, cfg.Passes)
			}
		case results.MetricTimeout:
			if int64(r.Value) != cfg.Timeout.Nanoseconds() {
				err = differs("-timeout", strconv.FormatFloat(r.Value/1e9, 'f', -1, 64)+"s", cfg.Timeout)
			}
		case results.MetricMemLimit:
			if uint64(r.Value) != cfg.MemLimit {
				err = differs("-mem-limit", uint64(r.Value), cfg.MemLimit)
			}
		}
		if err != nil {
			return rs, err
		}
	}
	for id, line := range firstLine {
		if !done[id] {
			return rs, usagef("-resume: %s:%d: cell %s, whose rows start here, was cut short (no cell_wall_time row) and complete cells follow it: the file was damaged other than at its end; remove that cell's rows and resume",
				path, line, id.name())
		}
	}
	env.GOMAXPROCS = cfg.GOMAXPROCS // the run's; a concurrent cell's own is its spec's
	return resumeState{cfg: cfg, env: env, done: done, prior: recs, data: b, tail: tail}, nil
}

// agree refuses a flag given with -resume whose value differs from the one
// the file records, and an environment setting (GOEXPERIMENT, GOMEMLIMIT,
// GODEBUG) that differs from the file's. A flag that agrees is accepted.
func agree(path string, o runOptions, rc recordedConfig) error {
	given, was := flagValues(o.cfg), flagValues(rc.cfg)
	for _, k := range configFlags {
		name := "-" + k
		switch {
		case o.given[k]:
		case o.given["full"] && (k == "scenarios" || k == "shapes" || k == "n"):
			name = "-full, that is -" + k
		default:
			continue
		}
		if given[k] != was[k] && !sameList(k, given[k], was[k]) {
			return usagef("-resume: %s was made with -%s %s; this command says %s %s: to measure something else, start a new file (-o NEW.csv)",
				path, k, was[k], name, given[k])
		}
	}
	now := envValues()
	for _, k := range envKeys {
		v0, set0 := rc.env[k]
		v1, set1 := now[k]
		if v0 == v1 && set0 == set1 {
			continue
		}
		desc := func(v string, set bool) string {
			if !set {
				return k + " unset"
			}
			return k + "=" + v
		}
		if k == "GOEXPERIMENT" {
			return usagef("-resume: %s was made by a mapbench built with %s; this one was built with %s: build it the same way, or start a new file (-o NEW.csv)",
				path, desc(v0, set0), desc(v1, set1))
		}
		return usagef("-resume: %s was made with %s in the environment; this process has %s: run it with the same setting, or start a new file (-o NEW.csv)",
			path, desc(v0, set0), desc(v1, set1))
	}
	return nil
}

// sameList reports whether the list flag k has the same items in a and b,
// in any order: the same cells (the run goes on in the file's order).
func sameList(k, a, b string) bool {
	switch k {
	case "impls", "scenarios", "shapes", "n", "go", "gc-percent", "live-heap":
		x, y := strings.Split(a, ","), strings.Split(b, ",")
		slices.Sort(x)
		slices.Sort(y)
		return slices.Equal(x, y)
	}
	return false
}

// repairTail moves the tail of the file at path (a cell cut short, whose
// bytes are data[tail.Offset:]) to path.torn, which must not exist, cuts
// the file back to the end of its last complete cell and syncs both. It
// returns what it did, in words.
func repairTail(f *os.File, path string, data []byte, tail results.Tail) (string, error) {
	torn := path + ".torn"
	tf, err := os.OpenFile(torn, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return "", usagef("-resume: %s ends in a cell cut short, whose rows would be saved in %s, but %s exists: move it away and resume again",
			path, torn, torn)
	}
	if err != nil {
		return "", usagef("-resume: cannot create %s to save the cut-short cell at the end of %s: %v", torn, path, errors.Unwrap(err))
	}
	if _, err := tf.Write(data[tail.Offset:]); err != nil {
		tf.Close()
		return "", fmt.Errorf("-resume: saving the cut-short cell in %s: %w", torn, err)
	}
	if err := tf.Sync(); err != nil {
		tf.Close()
		return "", fmt.Errorf("-resume: saving the cut-short cell in %s: %w", torn, err)
	}
	if err := tf.Close(); err != nil {
		return "", fmt.Errorf("-resume: saving the cut-short cell in %s: %w", torn, err)
	}
	if err := f.Truncate(tail.Offset); err != nil {
		return "", fmt.Errorf("-resume: cutting the cut-short cell off %s (saved in %s): %w", path, torn, err)
	}
	if err := f.Sync(); err != nil {
		return "", fmt.Errorf("-resume: %s: %w", path, err)
	}
	return describeTail(path, torn, data[tail.Offset:], tail), nil
}

// describeTail says which cell a torn tail belongs to and how much of it
// there was.
func describeTail(path, torn string, b []byte, tail results.Tail) string {
	cell := "an unknown cell (too little of it to name it)"
	if tail.First != nil {
		cell = "cell " + results.CellName(tail.First.Cell)
	} else if c, ok := partialCell(b); ok {
		cell = "cell " + c
	}
	var what []string
	switch tail.Rows {
	case 0:
	case 1:
		what = append(what, "1 whole row")
	default:
		what = append(what, fmt.Sprintf("%d whole rows", tail.Rows))
	}
	if tail.Partial {
		what = append(what, "part of a row")
	}
	bytesWord := "bytes"
	if tail.Bytes == 1 {
		bytesWord = "byte"
	}
	return fmt.Sprintf("%s ended in the middle of %s: %s (%d %s from line %d) moved to %s; that cell runs again",
		path, cell, strings.Join(what, " and "), tail.Bytes, bytesWord, tail.Line, torn)
}

// partialCell names the cell of a row cut short, when enough of it is
// there (up to its rep column), in the layout its schema column names
// (v3, or v2 or v1 in the tail of a v2 or v1 file).
func partialCell(b []byte) (string, bool) {
	cr := csv.NewReader(strings.NewReader(string(b)))
	cr.FieldsPerRecord, cr.LazyQuotes = -1, true
	row, err := cr.Read()
	if err != nil {
		return "", false
	}
	var cols []string
	switch row[0] {
	case results.Schema:
		cols = results.Columns
	case results.SchemaV2:
		cols = results.ColumnsV2
	case results.SchemaV1:
		cols = results.ColumnsV1
	default:
		return "", false
	}
	field := func(name string) string { return row[slices.Index(cols, name)] }
	if len(row) <= slices.Index(cols, "rep")+1 {
		return "", false // the rep column must be whole: a field after it was started
	}
	n, err1 := strconv.Atoi(field("n"))
	rep, err2 := strconv.Atoi(field("rep"))
	g := 1 // a v1 row's
	var err3 error
	if slices.Contains(cols, "goroutines") {
		g, err3 = strconv.Atoi(field("goroutines"))
	}
	if err1 != nil || err2 != nil || err3 != nil {
		return "", false
	}
	return results.CellName(results.Cell{Impl: field("impl"), Scenario: field("scenario"), Shape: field("shape"), N: n,
		Presize: field("presize") == "true", Goroutines: g, Rep: rep}), true
}
