package harness

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"strconv"
	"strings"
	"time"

	"mapbench/results"
)

// Diagnostics are the opt-in looks inside a cell (`mapbench run -trace,
// -cpuprofile, -memprofile, -gctrace`): each field is a directory ("" =
// off) into which every cell writes one file of its own, named by
// CellFileName. They change what a cell measures (docs/methodology.md
// rule 33), so a cell with any of them carries a diagnostics row.
type Diagnostics struct {
	// Trace: a runtime/trace of the primary pass, to right after its last
	// phase (before the checksum). It starts right before the baseline
	// rather than right before the first phase (see startTrace), so it
	// also holds the baseline's forced GCs and the making of the map; the
	// start of every phase is a log event (category "mapbench phase").
	Trace string `json:"trace,omitempty"`
	// CPUProfile: a pprof CPU profile of the timing passes, the passes
	// ns_per_op comes from.
	CPUProfile string `json:"cpuprofile,omitempty"`
	// MemProfile: the pprof "heap" profile, written right after the
	// primary pass (the map still live); the child records every
	// allocation (runtime.MemProfileRate = 1, set when it starts).
	MemProfile string `json:"memprofile,omitempty"`
	// GCTrace: the child runs with gctrace=1 added to GODEBUG, and the
	// parent saves the lines the runtime prints on stderr, with the
	// harness's markers of where each pass starts.
	GCTrace string `json:"gctrace,omitempty"`
}

// On reports whether any diagnostic is asked for.
func (d Diagnostics) On() bool { return d != Diagnostics{} }

// diagnosticKind is one diagnostic: its flag, the ending of its files, and
// what it covers (for the diagnostics row's note).
type diagnosticKind struct {
	flag, ext, covers string
	dir               func(Diagnostics) string
}

var diagnosticKinds = []diagnosticKind{
	{"trace", ".trace", "runtime/trace of the baseline and primary pass", func(d Diagnostics) string { return d.Trace }},
	{"cpuprofile", ".cpu.pprof", "CPU profile of the timing passes", func(d Diagnostics) string { return d.CPUProfile }},
	{"memprofile", ".heap.pprof", "heap profile after the primary pass", func(d Diagnostics) string { return d.MemProfile }},
	{"gctrace", ".gctrace", "gctrace of the whole child", func(d Diagnostics) string { return d.GCTrace }},
}

// DiagnosticFile is one file a cell writes: the flag that asked for it and
// its path (the flag's directory joined with the cell's file name).
type DiagnosticFile struct{ Flag, Path string }

// DiagnosticFiles lists the files cell spec writes, in flag order (trace,
// cpuprofile, memprofile, gctrace); none when its diagnostics are off.
func DiagnosticFiles(spec Spec) []DiagnosticFile {
	var out []DiagnosticFile
	for _, k := range diagnosticKinds {
		if dir := k.dir(spec.Diagnostics); dir != "" {
			out = append(out, DiagnosticFile{k.flag, filepath.Join(dir, CellFileName(spec)+k.ext)})
		}
	}
	return out
}

func diagnosticFile(spec Spec, flag string) string {
	for _, f := range DiagnosticFiles(spec) {
		if f.Flag == flag {
			return f.Path
		}
	}
	return ""
}

// CellFileName is the name, without its ending, of the diagnostic files of
// cell spec: every field of the cell's identity as key=value, in a fixed
// order, separated by commas, e.g.
//
//	impl=native,scenario=drain,shape=u64,n=65536,g=1,presize=false,gogc=1,live-heap=0,rep=0
//
// It names one cell of a run and the same cell of every run. A value's
// bytes other than ASCII letters, digits, "-", "_" and "." are written as
// %XX (hexadecimal), so "," and "=" only separate, the name never holds a
// path separator, and two cells never share a name. A cell of a run with
// -go ends in its toolchain, ",go=go1.27.3". Endings: .trace,
// .cpu.pprof, .heap.pprof, .gctrace.
func CellFileName(spec Spec) string {
	parts := []string{
		"impl=" + fileEscape(spec.Impl),
		"scenario=" + fileEscape(spec.Scenario),
		"shape=" + fileEscape(spec.Shape),
		"n=" + strconv.Itoa(spec.N),
		"g=" + strconv.Itoa(max(spec.Goroutines, 1)),
		"presize=" + strconv.FormatBool(spec.Presize),
		"gogc=" + strconv.Itoa(spec.GCPercent),
		"live-heap=" + results.FormatSize(spec.LiveHeap),
		"rep=" + strconv.Itoa(spec.Rep),
	}
	if spec.Go != "" {
		parts = append(parts, "go="+fileEscape(spec.Go))
	}
	return strings.Join(parts, ",")
}

func fileEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// diagFiles are the diagnostic files a child writes itself (the parent
// writes the gctrace file). They are opened before the baseline, so their
// *os.File objects are part of it, and closed after the measurements.
type diagFiles struct {
	spec             Spec
	trace, cpu, heap *os.File
}

// openDiagnostics creates the files spec's diagnostics ask for in this
// process (an existing file is replaced). Their directories must exist.
func openDiagnostics(spec Spec) (*diagFiles, error) {
	d := &diagFiles{spec: spec}
	for _, f := range []struct {
		flag string
		to   **os.File
	}{{"trace", &d.trace}, {"cpuprofile", &d.cpu}, {"memprofile", &d.heap}} {
		path := diagnosticFile(spec, f.flag)
		if path == "" {
			continue
		}
		file, err := os.Create(path)
		if err != nil {
			d.close()
			return nil, fmt.Errorf("-%s: %w", f.flag, err)
		}
		*f.to = file
	}
	return d, nil
}

// traceSettle is how long startTrace waits for the tracer's goroutines.
const traceSettle = 10 * time.Millisecond

// startTrace starts the runtime tracer, writing straight to the file: the
// trace's buffers are the runtime's, off the Go heap, and its reader
// goroutine hands them to the file unbuffered. It is called before the
// baseline: trace.Start allocates 2.3 MB of Go heap that stays live until
// trace.Stop. It then sleeps for traceSettle, so that the tracer's reader
// and generation-advancing goroutines have run and parked before the
// baseline is read; without the sleep (or with runtime.Gosched instead),
// a dolthub cell's live heap read 32 B more with -trace than without.
func (d *diagFiles) startTrace() error {
	if d.trace == nil {
		return nil
	}
	if err := trace.Start(d.trace); err != nil {
		return fmt.Errorf("-trace: %w", err)
	}
	time.Sleep(traceSettle)
	return nil
}

// stopTrace stops the tracer; it returns once all of the trace is written.
func (d *diagFiles) stopTrace() {
	if d.trace != nil {
		trace.Stop()
	}
}

func (d *diagFiles) startCPUProfile() error {
	if d.cpu == nil {
		return nil
	}
	if err := pprof.StartCPUProfile(d.cpu); err != nil {
		return fmt.Errorf("-cpuprofile: %w", err)
	}
	return nil
}

// stopCPUProfile stops the profiler; it returns once the profile is written.
func (d *diagFiles) stopCPUProfile() {
	if d.cpu != nil {
		pprof.StopCPUProfile()
	}
}

// writeHeapProfile writes the "heap" profile. A GC first completes the
// profile's statistics (as `go test -memprofile` does): they are those of
// the last completed cycle.
func (d *diagFiles) writeHeapProfile() error {
	if d.heap == nil {
		return nil
	}
	runtime.GC()
	if err := pprof.Lookup("heap").WriteTo(d.heap, 0); err != nil {
		return fmt.Errorf("-memprofile: writing %s: %w", d.heap.Name(), err)
	}
	return nil
}

// close closes the files and returns the first error; it may be called
// again.
func (d *diagFiles) close() error {
	var errs []error
	for _, f := range []**os.File{&d.trace, &d.cpu, &d.heap} {
		if *f != nil {
			errs = append(errs, (*f).Close())
			*f = nil
		}
	}
	return errors.Join(errs...)
}

// gctraceMark starts the lines the child prints on stderr, in a cell with
// -gctrace, to say which pass the gctrace lines after them belong to. The
// runtime's print is used: it allocates nothing, and it holds the lock the
// runtime holds while it prints a gctrace line, so the lines never mix.
const gctraceMark = "mapbench: "

// markPass prints a gctrace marker: the gctrace lines after it are of
// what (cells with -gctrace only).
func markPass(spec Spec, what string) {
	if spec.Diagnostics.GCTrace != "" {
		print(gctraceMark, what, "\n")
	}
}

// diagnosticsNote is the note of the diagnostics row: which diagnostics
// the cell ran with, what each covers, and its file.
func diagnosticsNote(spec Spec) string {
	var parts []string
	for _, f := range DiagnosticFiles(spec) {
		var covers string
		for _, k := range diagnosticKinds {
			if k.flag == f.Flag {
				covers = k.covers
			}
		}
		switch f.Flag {
		case "memprofile":
			covers += fmt.Sprintf(", runtime.MemProfileRate=%d", runtime.MemProfileRate)
		case "gctrace":
			covers += ", GODEBUG gctrace=1"
		}
		parts = append(parts, fmt.Sprintf("-%s (%s): %s", f.Flag, covers, f.Path))
	}
	return "diagnostics on, figures perturbed (docs/methodology.md rule 33): " + strings.Join(parts, "; ")
}

// isGCTraceLine reports whether a line of a child's stderr belongs in its
// gctrace file: a line the runtime prints for gctrace=1 ("gc N @…", and
// "GC forced" for the periodic forced collection) or a marker of the
// harness.
func isGCTraceLine(line []byte) bool {
	switch {
	case bytes.HasPrefix(line, []byte(gctraceMark)):
		return true
	case bytes.HasPrefix(line, []byte("GC forced")):
		return true
	case bytes.HasPrefix(line, []byte("gc ")) && len(line) > 3 && line[3] >= '0' && line[3] <= '9':
		return true
	}
	return false
}

// stderrSplit routes a child's stderr line by line: gctrace lines to the
// gctrace file, the rest (what failure messages quote) to rest.
type stderrSplit struct {
	file *os.File // the gctrace file, written through gc
	gc   *bufio.Writer
	rest io.Writer
	line []byte // an incomplete last line
	err  error  // the first error writing gc
}

func (s *stderrSplit) Write(p []byte) (int, error) {
	s.line = append(s.line, p...)
	start := 0
	for {
		i := bytes.IndexByte(s.line[start:], '\n')
		if i < 0 {
			break
		}
		s.route(s.line[start : start+i+1])
		start += i + 1
	}
	s.line = s.line[:copy(s.line, s.line[start:])]
	return len(p), nil
}

func (s *stderrSplit) route(line []byte) {
	if !isGCTraceLine(line) {
		_, _ = s.rest.Write(line)
		return
	}
	if _, err := s.gc.Write(line); err != nil && s.err == nil {
		s.err = err
	}
}

// finish routes an unterminated last line, flushes and closes the gctrace
// file, and returns the first error writing it.
func (s *stderrSplit) finish() error {
	if len(s.line) > 0 {
		s.route(s.line)
		s.line = nil
	}
	if err := s.gc.Flush(); err != nil && s.err == nil {
		s.err = err
	}
	if err := s.file.Close(); err != nil && s.err == nil {
		s.err = err
	}
	return s.err
}

// gctraceEnv is the GODEBUG of a child with -gctrace: the parent's, if it
// has one, with gctrace=1 after it (the last setting of a key wins).
func gctraceEnv() string {
	if v := os.Getenv("GODEBUG"); v != "" {
		return "GODEBUG=" + v + ",gctrace=1"
	}
	return "GODEBUG=gctrace=1"
}
