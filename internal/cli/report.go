package cli

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"mapbench/harness/run"
	"mapbench/results"
	"mapbench/results/advise"
	"mapbench/results/plot"
	"mapbench/results/report"
)

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

const reportDoc = "Statistics over the reps of one or many results CSV files: implementations side by side per\n" +
	"scenario × shape × n, machines, Go versions and configurations as columns."

// reportOptions are report's flags.
type reportOptions struct{ baseline, format, output *string }

func reportFlags(out io.Writer) (*flag.FlagSet, reportOptions) {
	fset := flag.NewFlagSet("mapbench report", flag.ContinueOnError)
	fset.SetOutput(out)
	return fset, reportOptions{
		baseline: fset.String("baseline", "", "implementation `IMPL` the others are compared with (default: the first present, in the order of `mapbench list`)"),
		format:   fset.String("format", "text", "output `FORMAT`: "+reportFormatNames),
		output:   fset.String("o", "", "write to `FILE` instead of stdout (refused if it exists)"),
	}
}

// reportCmd is `mapbench report [-baseline IMPL] [-format F] [-o FILE] FILE...`.
// Every error is bad input (exit status 2) and leaves nothing behind: the
// output is built in memory and written to a temporary file renamed into
// place.
func reportCmd(args []string, stdout, stderr io.Writer) error {
	fset, opts := reportFlags(stderr)
	baseline, format, output := opts.baseline, opts.format, opts.output
	fset.Usage = func() { printUsage(stderr, "report")(fset) }
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return usageError{Msg: err.Error()}
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
	rep, err := report.Build(recs, run.Vocab, report.Options{Baseline: *baseline})
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

// writeHTML writes the page of `-format html`: the scorecard of package
// advise over the same report, then rep's tables, verdicts and
// warnings, and the charts of `mapbench plot` drawn from the same report
// (plot.FromReport, SVG only), inlined.
func writeHTML(w io.Writer, rep *report.Report) error {
	charts, err := plot.FromReport(rep, run.Vocab, plot.Options{SVGOnly: true})
	if err != nil && !errors.Is(err, plot.ErrNoCharts) {
		return err
	}
	figs := make([]report.Figure, len(charts))
	for i, c := range charts {
		figs[i] = report.Figure{Name: c.Name, Title: c.Title, SVG: c.SVG}
	}
	adv, err := advise.FromReport(rep, run.Vocab, advise.Options{})
	if err != nil {
		return err
	}
	return report.WriteHTML(w, rep, figs, adv.Scorecard(rep))
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
