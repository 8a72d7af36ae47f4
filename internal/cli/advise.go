package cli

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"

	"mapbench/harness/run"
	"mapbench/results/advise"
)

// adviseFormats are advise's -format values and their writers.
var adviseFormats = map[string]func(io.Writer, *advise.Advice) error{
	"text":     advise.WriteText,
	"markdown": advise.WriteMarkdown,
	"html":     advise.WriteHTML,
	"json":     advise.WriteJSON,
}

const adviseFormatNames = "text, markdown, html, json"

const adviseDoc = "Which map, per workload (scenario × shape × n × G × host × Go version): the implementations ranked on each\n" +
	"criterion, a winner named only when better by the report's test and beyond the reps' spread, what the\n" +
	"data cannot answer, and with -prefer an overall pick and the runner-up."

// adviseOptions are advise's flags.
type adviseOptions struct{ prefer, format, output *string }

func adviseFlags(out io.Writer) (*flag.FlagSet, adviseOptions) {
	fset := flag.NewFlagSet("mapbench advise", flag.ContinueOnError)
	fset.SetOutput(out)
	return fset, adviseOptions{
		prefer: fset.String("prefer", "", "pick one implementation per workload favouring `WHAT`: "+strings.Join(advise.Preferences, ", ")+" (default: no pick)"),
		format: fset.String("format", "text", "output `FORMAT`: "+adviseFormatNames),
		output: fset.String("o", "", "write to `FILE` instead of stdout (refused if it exists)"),
	}
}

// adviseCmd is `mapbench advise [-prefer WHAT] [-format F] [-o FILE]
// FILE...`. Every error is bad input (exit status 2) and leaves nothing
// behind, as report's.
func adviseCmd(args []string, stdout, stderr io.Writer) error {
	fset, opts := adviseFlags(stderr)
	fset.Usage = func() { printUsage(stderr, "advise")(fset) }
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return usageError{Msg: err.Error()}
	}
	write, ok := adviseFormats[*opts.format]
	if !ok {
		return usagef("-format: %q is not one of %s", *opts.format, adviseFormatNames)
	}
	if *opts.prefer != "" && !slices.Contains(advise.Preferences, *opts.prefer) {
		return usagef("-prefer: %v", &advise.PreferError{Prefer: *opts.prefer})
	}
	if fset.NArg() == 0 {
		return usagef("advise: no input files (give one or more results CSV files)")
	}
	if *opts.output != "" {
		if _, err := os.Lstat(*opts.output); err == nil {
			return usagef("-o: %s exists; advise does not overwrite files", *opts.output)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return usagef("-o: %v", err)
		}
	}
	recs, err := readInputs(fset.Args())
	if err != nil {
		return err
	}
	a, err := advise.Build(recs, run.Vocab, advise.Options{Prefer: *opts.prefer})
	if err != nil {
		return usagef("%v", err)
	}
	var buf bytes.Buffer
	if err := write(&buf, a); err != nil {
		return err
	}
	if *opts.output == "" {
		_, err := stdout.Write(buf.Bytes())
		return err
	}
	return writeNew(*opts.output, buf.Bytes())
}
