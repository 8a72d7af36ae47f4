package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"mapbench/impls"
	"mapbench/results"
	"mapbench/results/cells"
	"mapbench/results/plot"
	"mapbench/results/report"
	"mapbench/scenarios"
)

// vocab gives the summary, the report and the charts the scenarios' and
// implementations' vocabulary.
var vocab = cells.Vocab{Key: keyPhase, Op: scenarios.OpOf, Fill: scenarios.PhaseFill,
	Cycle: scenarios.PhaseCycle, Churn: scenarios.PhaseChurn, Impls: impls.Names()}

// reportFormats are -format's values and their writers.
var reportFormats = map[string]func(io.Writer, *report.Report) error{
	"text":     report.WriteText,
	"markdown": report.WriteMarkdown,
	"csv":      report.WriteCSV,
	"bench":    report.WriteBench,
}

// formatHTML is the one format that needs the rows besides the report:
// its page inlines the charts of `mapbench plot` (writeHTML).
const formatHTML = "html"

const reportFormatNames = "text, markdown, csv, bench, html"

// reportCmd is `mapbench report [-baseline IMPL] [-format F] [-o FILE] FILE...`.
// Every error is bad input (exit status 2) and leaves nothing behind: the
// output is built in memory and written to a temporary file renamed into
// place.
func reportCmd(args []string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("mapbench report", flag.ContinueOnError)
	fset.SetOutput(stderr)
	baseline := fset.String("baseline", "", "implementation the others are compared with (default: the first present, in the order of `mapbench list`)")
	format := fset.String("format", "text", "output format: "+reportFormatNames)
	output := fset.String("o", "", "write to FILE instead of stdout (refused if it exists)")
	fset.Usage = func() {
		fmt.Fprintln(stderr, "usage: mapbench report [-baseline IMPL] [-format text|markdown|csv|bench|html] [-o FILE] FILE...\n\nStatistics over the reps of one or many results CSV files: implementations side by side per\nscenario × shape × n, machines, Go versions and configurations as columns.\n\nflags:")
		fset.PrintDefaults()
	}
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return usageError{err.Error()}
	}
	write, ok := reportFormats[*format]
	if *format == formatHTML {
		ok = true
	}
	if !ok {
		return usagef("-format: %q is not one of %s", *format, reportFormatNames)
	}
	if fset.NArg() == 0 {
		return usagef("report: no input files (give one or more results CSV files)")
	}
	if *output != "" {
		if _, err := os.Lstat(*output); err == nil {
			return usagef("-o: %s exists; report does not overwrite files", *output)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return usagef("-o: %v", err)
		}
	}
	recs, err := readInputs(fset.Args())
	if err != nil {
		return err
	}
	rep, err := report.Build(recs, vocab, report.Options{Baseline: *baseline})
	if err != nil {
		var be *report.BaselineError
		if errors.As(err, &be) {
			return usagef("-baseline: %v", err)
		}
		return usagef("%v", err)
	}
	var buf bytes.Buffer
	if *format == formatHTML {
		err = writeHTML(&buf, rep)
	} else {
		err = write(&buf, rep)
	}
	if err != nil {
		return err
	}
	if *output == "" {
		_, err := stdout.Write(buf.Bytes())
		return err
	}
	return writeNew(*output, buf.Bytes())
}

// writeNew writes b to path (checked not to exist before the inputs were
// read) through a temporary file in the same directory renamed into place:
// no partial file is left on error.
func writeNew(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return usagef("-o: cannot create %s: %v", path, unwrapPath(err))
	}
	name := tmp.Name()
	// CreateTemp makes the file 0600; a report is meant to be shared, so
	// it gets the mode a plain create would give it, as plot's charts do.
	werr := tmp.Chmod(0o644)
	if werr == nil {
		_, werr = tmp.Write(b)
	}
	if werr == nil {
		werr = tmp.Sync()
	}
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(name, path)
	}
	if werr != nil {
		os.Remove(name)
		return usagef("-o: cannot write %s: %v", path, unwrapPath(werr))
	}
	return nil
}

// unwrapPath drops the path and operation of an *fs.PathError (the message
// names the file already).
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError // from Rename
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// writeHTML writes the page of `-format html`: rep's tables, verdicts and
// warnings, and the charts of `mapbench plot` drawn from the same report
// (plot.FromReport, SVG only), inlined.
func writeHTML(w io.Writer, rep *report.Report) error {
	charts, err := plot.FromReport(rep, vocab, plot.Options{SVGOnly: true})
	if err != nil && !errors.Is(err, plot.ErrNoCharts) {
		return err
	}
	figs := make([]report.Figure, len(charts))
	for i, c := range charts {
		figs[i] = report.Figure{Name: c.Name, Title: c.Title, SVG: c.SVG}
	}
	return report.WriteHTML(w, rep, figs)
}

// readInputs reads every results file report and plot are given, in
// order; a malformed file (file:line) or one without rows is bad input.
func readInputs(paths []string) ([]results.Record, error) {
	var recs []results.Record
	for _, path := range paths {
		rs, err := results.ReadCSVFile(path)
		if err != nil {
			return nil, usagef("%v", err)
		}
		if len(rs) == 0 {
			return nil, usagef("%s has no rows", path)
		}
		recs = append(recs, rs...)
	}
	return recs, nil
}
