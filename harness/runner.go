package harness

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"mapbench/impls"
	"mapbench/results"
	"mapbench/scenarios"
)

// Config is one `mapbench run`: the cross product of its lists, Reps times.
type Config struct {
	Impls     []string
	Scenarios []string
	Shapes    []string
	Ns        []int
	Reps      int
	Presize   bool
	// GCPercents are the GOGC values, each a cell of its own (empty:
	// DefaultGCPercent).
	GCPercents []int
	// LiveHeaps are the sizes in bytes of the other live heap a cell keeps
	// beside the map (docs/methodology.md rule 36), each a cell of its
	// own (empty: none, 0).
	LiveHeaps  []int
	GOMAXPROCS int
	Seed       uint64
	// SampleEvery: 1-in-SampleEvery ops timed alone, on average (0 = off).
	SampleEvery int
	// MinPhase and Passes: see Spec.
	MinPhase time.Duration
	Passes   int
	// Timeout bounds one cell (its child process); 0 = none.
	Timeout time.Duration
	// MemLimit caps each child's address space in bytes; 0 = none.
	MemLimit uint64
	// Diagnostics: per-cell diagnostic files, each kind into a directory
	// that must exist (none by default).
	Diagnostics Diagnostics
	// Skip, when set, leaves out the cells it returns true for (cells a
	// resumed run has already).
	Skip func(Spec) bool
	// Exe is the binary started for each cell; "" = this executable. It
	// must call ChildMain when IsChild.
	Exe string
	// GoVersions are the Go toolchains every cell runs under (-go), each
	// in its own binary, Exes[toolchain], built by that toolchain from the
	// same source; a cell's Spec.Go names its toolchain. Empty: every cell
	// runs once, in Exe.
	GoVersions []string
	Exes       map[string]string

	// Concurrent scenarios run once per entry of Goroutines (the writers,
	// G), with GOMAXPROCS ConcurrentGOMAXPROCS, and only on the
	// implementations that are safe for concurrent use. Mix and ZipfS
	// configure mixed-zipf. The other scenarios run on one goroutine.
	Goroutines           []int
	ConcurrentGOMAXPROCS int
	Mix                  scenarios.Mix
	ZipfS                float64

	// Traces are the trace scenarios among Scenarios, by name
	// (TraceFile.Name). A trace runs at one size, its peak live keys,
	// whatever Ns is, once per rep and shape; its lanes run at once on
	// the implementations safe for concurrent use (ReplayLanes), with
	// GOMAXPROCS ConcurrentGOMAXPROCS.
	Traces map[string]TraceFile
}

// goVersionsOf is the toolchains of cfg's cells: cfg.GoVersions, or ""
// (the parent's binary) when there are none.
func goVersionsOf(cfg Config) []string {
	if len(cfg.GoVersions) == 0 {
		return []string{""}
	}
	return cfg.GoVersions
}

// DefaultGCPercent is the GOGC of a cell when the configuration names none
// (-gc-percent's default; docs/methodology.md rule 3).
const DefaultGCPercent = 1

// gcPercentsOf is cfg's GOGC values: each a cell of its own.
func gcPercentsOf(cfg Config) []int {
	if len(cfg.GCPercents) == 0 {
		return []int{DefaultGCPercent}
	}
	return cfg.GCPercents
}

// liveHeapsOf is cfg's live heap sizes: each a cell of its own.
func liveHeapsOf(cfg Config) []int {
	if len(cfg.LiveHeaps) == 0 {
		return []int{0}
	}
	return cfg.LiveHeaps
}

// goroutinesOf is the writer counts scenario name runs with under cfg.
func goroutinesOf(cfg Config, name string) []int {
	if sc, ok := scenarios.Lookup(name); ok && sc.Concurrent {
		if len(cfg.Goroutines) == 0 {
			return []int{1}
		}
		return cfg.Goroutines
	}
	return []int{1}
}

// implsFor is cfg's implementations that may run scenario name: all of
// them, or for a concurrent scenario those safe for concurrent use.
func implsFor(cfg Config, name string) []string {
	sc, ok := scenarios.Lookup(name)
	if !ok || !sc.Concurrent {
		return cfg.Impls
	}
	var out []string
	for _, n := range cfg.Impls {
		if im, ok := impls.Lookup(n); ok && im.Concurrent {
			out = append(out, n)
		}
	}
	return out
}

// holding is the implementations of ims that make maps of shape (all of
// them but, say, haxmap for a struct key: SupportsShape). A name the
// registry does not know is kept: its cell fails and says so.
func holding(ims []string, shape string) []string {
	var out []string
	for _, im := range ims {
		if _, known := impls.Lookup(im); !known || SupportsShape(im, shape) == nil {
			out = append(out, im)
		}
	}
	return out
}

// Cells lists the cells of cfg in run order. Implementations are
// interleaved: every group (rep, n, scenario, goroutines, GOGC, live heap,
// shape, Go toolchain) runs each impl once, in an order rotated from group
// to group, so drift in machine load hits every implementation, and every
// toolchain, alike (docs/methodology.md rule 2); and every rep runs each
// GOGC and live heap, as each G. A
// concurrent scenario runs once per entry of cfg.Goroutines, on the
// implementations safe for concurrent use only; a shape runs on the
// implementations that can hold it only (SupportsShape). A trace runs on
// the shapes whose keys are of its kind only (TraceShapes), once,
// at its peak live keys, with its lanes at once where ReplayLanes says so
// (goroutines: its lanes, GOMAXPROCS: ConcurrentGOMAXPROCS).
func Cells(cfg Config) []Spec {
	var out []Spec
	group := 0
	for rep := range cfg.Reps {
		for ni, n := range cfg.Ns {
			for _, sc := range cfg.Scenarios {
				cn := n
				tf, isTrace := cfg.Traces[sc]
				if isTrace {
					if ni > 0 {
						continue
					}
					cn = tf.Stats.PeakLive
				}
				ims := implsFor(cfg, sc)
				for _, g := range goroutinesOf(cfg, sc) {
					procs := cfg.GOMAXPROCS
					if s, _ := scenarios.Lookup(sc); s.Concurrent && cfg.ConcurrentGOMAXPROCS > 0 {
						procs = cfg.ConcurrentGOMAXPROCS
					}
					for _, gc := range gcPercentsOf(cfg) {
						for _, lh := range liveHeapsOf(cfg) {
							shapeList := cfg.Shapes
							if isTrace {
								shapeList = TraceShapes(tf.Stats, cfg.Shapes)
							}
							for _, sh := range shapeList {
								held := holding(ims, sh)
								k := len(held)
								// Each toolchain's cells in turn, each a group of its own.
								gvs := goVersionsOf(cfg)
								for j := range k * len(gvs) {
									im := held[(j%k+group+j/k)%k]
									g, procs := g, procs
									if isTrace {
										// A trace's lanes run at once on the
										// implementations that can (ReplayLanes), with
										// the concurrent scenarios' GOMAXPROCS.
										if g, _ = ReplayLanes(tf.Stats, im, sh); g > 1 && cfg.ConcurrentGOMAXPROCS > 0 {
											procs = cfg.ConcurrentGOMAXPROCS
										}
									}
									out = append(out, Spec{
										Impl: im, Scenario: sc, Shape: sh, N: cn, Presize: cfg.Presize, Rep: rep, Goroutines: g,
										Seed: cfg.Seed, GCPercent: gc, LiveHeap: lh, GOMAXPROCS: procs,
										SampleEvery: cfg.SampleEvery, MinPhase: cfg.MinPhase, Passes: cfg.Passes, MemLimit: cfg.MemLimit,
										Mix: cfg.Mix, ZipfS: cfg.ZipfS, Diagnostics: cfg.Diagnostics, Trace: tf.Path, Go: gvs[j/k],
									})
								}
								group += len(gvs)
							}
						}
					}
				}
			}
		}
	}
	return out
}

// Environment describes this machine and run for every row.
func Environment(cfg Config) results.Env {
	host, _ := os.Hostname()
	var b [3]byte
	_, _ = rand.Read(b[:])
	return results.Env{
		RunID:      time.Now().UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:]),
		Host:       host,
		GoVersion:  runtime.Version(),
		GOOS:       runtime.GOOS,
		GOARCH:     runtime.GOARCH,
		CPU:        cpuModel(),
		GOMAXPROCS: cfg.GOMAXPROCS,
		GCPercent:  gcPercentsOf(cfg)[0], // a cell's own: Run sets it
		Seed:       cfg.Seed,
	}
}

func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if k, v, ok := strings.Cut(s.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

// Progress is told about each cell as it finishes.
type Progress func(done, total int, last Spec, elapsed time.Duration)

// Summary says how a run went.
type Summary struct {
	Cells  int
	Failed int
}

// Run measures every cell of cfg, each in a fresh child process, and hands
// each finished cell's records to sink before starting the next. A cell
// whose child fails (non-zero exit, timeout, unreadable output) becomes one
// `cell_failed` record with the reason in its note; the run goes on. Run
// stops at the first sink error or when ctx is done.
func Run(ctx context.Context, cfg Config, env results.Env, sink func([]results.Record) error, progress Progress) (Summary, error) {
	exe := cfg.Exe
	if exe == "" {
		var err error
		if exe, err = os.Executable(); err != nil {
			return Summary{}, fmt.Errorf("cannot find own executable to start cells: %w", err)
		}
	}
	var cells []Spec
	for _, c := range Cells(cfg) {
		if cfg.Skip == nil || !cfg.Skip(c) {
			cells = append(cells, c)
		}
	}
	var sum Summary
	start := time.Now()
	for i, spec := range cells {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		cellExe := exe
		if spec.Go != "" {
			if cellExe = cfg.Exes[spec.Go]; cellExe == "" {
				return sum, fmt.Errorf("no cell binary for toolchain %s (-go)", spec.Go)
			}
		}
		cell := results.Cell{Impl: spec.Impl, Scenario: spec.Scenario,
			Shape: spec.Shape, N: spec.N, Presize: spec.Presize, Goroutines: max(spec.Goroutines, 1), Rep: spec.Rep}
		cellEnv := env
		if spec.GOMAXPROCS > 0 {
			cellEnv.GOMAXPROCS = spec.GOMAXPROCS // concurrent scenarios run with their own
		}
		cellEnv.GCPercent, cellEnv.OtherHeap = spec.GCPercent, spec.LiveHeap
		t0 := time.Now()
		info, rows, err := runChild(ctx, cellExe, spec, cfg.Timeout)
		wall := time.Since(t0)
		// The versions are the child's, as it reports them; a child that
		// reported nothing (it failed) ran the toolchain it was built with.
		cellEnv.GoVersion, cell.ImplVersion = info.GoVersion, info.ImplVersion
		if err != nil {
			cellEnv.GoVersion, cell.ImplVersion = expectedVersions(spec, env)
		}
		if err == nil {
			rows = append(rows, newRow(results.PhaseMeta, 0, results.MetricCellWallTime, float64(wall.Nanoseconds()), ""))
		}
		if err != nil {
			if ctx.Err() != nil {
				return sum, ctx.Err()
			}
			sum.Failed++
			rows = []Row{newRow(results.PhaseMeta, 0, results.MetricCellFailed, 1, err.Error())}
		}
		recs := make([]results.Record, len(rows))
		for j, r := range rows {
			recs[j] = results.Record{Env: cellEnv, Cell: cell, Phase: r.Phase, Step: r.Step, Metric: r.Metric,
				Value: r.Value, Unit: r.Unit, Note: r.Note}
		}
		if err := sink(recs); err != nil {
			return sum, err
		}
		sum.Cells++
		if progress != nil {
			progress(i+1, len(cells), spec, time.Since(start))
		}
	}
	return sum, nil
}

// expectedVersions are the go_version and impl_version of a cell whose
// child reported none (it failed): the toolchain of spec (env's, the
// parent's, without -go), and the implementation's version as this binary
// links it, or that toolchain for an implementation of the standard
// library.
func expectedVersions(spec Spec, env results.Env) (goVersion, implVersion string) {
	goVersion = cmp.Or(spec.Go, env.GoVersion)
	im, _ := impls.Lookup(spec.Impl)
	if im.Module == "" {
		return goVersion, goVersion
	}
	return goVersion, impls.Version(im.Module)
}

// runChild starts one child for spec and decodes what it reports: its
// ChildInfo, then its rows.
func runChild(ctx context.Context, exe string, spec Spec, timeout time.Duration) (info ChildInfo, rows []Row, err error) {
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	js, err := json.Marshal(spec)
	if err != nil {
		return info, nil, err
	}
	cmd := exec.CommandContext(ctx, exe)
	cmd.Env = append(os.Environ(), childEnv+"="+string(js))
	if spec.GOMAXPROCS > 0 {
		cmd.Env = append(cmd.Env, "GOMAXPROCS="+strconv.Itoa(spec.GOMAXPROCS))
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	var split *stderrSplit
	if path := diagnosticFile(spec, "gctrace"); path != "" {
		// The runtime prints gctrace lines on stderr; they go to their
		// file, the rest of stderr stays for failure messages. The file
		// is written whether the cell succeeds or not.
		f, err := os.Create(path)
		if err != nil {
			return info, nil, fmt.Errorf("-gctrace: %w", err)
		}
		cmd.Env = append(cmd.Env, gctraceEnv())
		split = &stderrSplit{file: f, gc: bufio.NewWriter(f), rest: &stderr}
		cmd.Stderr = split
	}
	cmd.WaitDelay = 5 * time.Second
	// The child gets its own process group: a Ctrl-C at the terminal reaches
	// only the parent, which then stops the child through ctx, so an
	// interrupted cell is never mistaken for a failed one.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	err = cmd.Run()
	if split != nil {
		if gerr := split.finish(); err == nil && gerr != nil {
			return info, nil, fmt.Errorf("-gctrace: writing %s: %w", diagnosticFile(spec, "gctrace"), gerr)
		}
	}
	if err != nil {
		return info, nil, fmt.Errorf("%s; stderr: %s", failure(ctx, err, stderr.String(), timeout), tail(stderr.String(), 1024))
	}
	dec := json.NewDecoder(&stdout)
	if err := dec.Decode(&info); err != nil || info.GoVersion == "" {
		return ChildInfo{}, nil, fmt.Errorf("malformed output from cell: no versions line first (%v); stderr: %s", err, tail(stderr.String(), 1024))
	}
	if spec.Go != "" && info.GoVersion != spec.Go {
		return ChildInfo{}, nil, fmt.Errorf("the cell binary %s runs %s, not %s (-go)", exe, info.GoVersion, spec.Go)
	}
	for dec.More() {
		var r Row
		if err := dec.Decode(&r); err != nil {
			return ChildInfo{}, nil, fmt.Errorf("malformed output from cell: %v; stderr: %s", err, tail(stderr.String(), 1024))
		}
		rows = append(rows, r)
	}
	if len(rows) == 0 {
		return ChildInfo{}, nil, fmt.Errorf("cell wrote no rows; stderr: %s", tail(stderr.String(), 1024))
	}
	return info, rows, nil
}

// failure names why a child failed, in words a user can act on.
func failure(ctx context.Context, err error, stderr string, timeout time.Duration) string {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Sprintf("timed out after %s (-timeout)", timeout)
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			reason := fmt.Sprintf("killed by signal %s", ws.Signal())
			if ws.Signal() == syscall.SIGKILL {
				reason += " (the kernel's OOM killer sends this when memory runs out)"
			}
			return reason
		}
	}
	for _, line := range strings.Split(stderr, "\n") {
		switch {
		case strings.HasPrefix(line, "panic: "):
			return "panicked: " + strings.TrimPrefix(line, "panic: ")
		case strings.Contains(line, "out of memory"), strings.Contains(line, "cannot allocate memory"),
			strings.Contains(line, "failed to allocate"), strings.Contains(line, "too many address space collisions"):
			return "ran out of memory: " + strings.TrimSpace(line)
		}
	}
	return err.Error()
}

func tail(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) > n {
		s = "…" + s[len(s)-n:]
	}
	return strings.ReplaceAll(s, "\n", " | ")
}
