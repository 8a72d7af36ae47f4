package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"mapbench/harness/run"
	"mapbench/results/plot"
)

const plotDoc = "Charts (SVG and PNG) of one or many results CSV files: retained heap, churn footprint,\n" +
	"latency percentiles, ns/op with confidence intervals, bytes per entry against n;\n" +
	"of concurrent scenarios also read latency percentiles and throughput against goroutines."

// plotOptions are plot's flags.
type plotOptions struct {
	dir   *string
	force *bool
}

func plotFlags(out io.Writer) (*flag.FlagSet, plotOptions) {
	fset := flag.NewFlagSet("mapbench plot", flag.ContinueOnError)
	fset.SetOutput(out)
	return fset, plotOptions{
		dir:   fset.String("o", "", "directory `DIR` to write the charts to (created if missing)"),
		force: fset.Bool("force", false, "overwrite chart files that exist in the directory"),
	}
}

// plotCmd is `mapbench plot -o DIR [-force] FILE...`. Every error is bad
// input (exit status 2) and leaves nothing behind: the charts are drawn in
// memory, written to temporary files in DIR and renamed into place only
// when all are written; a DIR plot created is removed again on error.
func plotCmd(args []string, stdout, stderr io.Writer) error {
	fset, opts := plotFlags(stderr)
	dir, force := opts.dir, opts.force
	fset.Usage = func() { printUsage(stderr, "plot")(fset) }
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return usageError{Msg: err.Error()}
	}
	if *dir == "" {
		return usagef("-o: missing: give the directory to write the charts to (-o DIR)")
	}
	if fset.NArg() == 0 {
		return usagef("plot: no input files (give one or more results CSV files)")
	}
	if fi, err := os.Stat(*dir); err == nil && !fi.IsDir() {
		return usagef("-o: %s is not a directory", *dir)
	}
	recs, err := readInputs(fset.Args())
	if err != nil {
		return err
	}
	charts, err := plot.Build(recs, run.Vocab, plot.Options{})
	if err != nil {
		return usagef("%s: %v", strings.Join(fset.Args(), ", "), err)
	}
	files, err := writeCharts(*dir, *force, "-o", "plot", charts)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d charts (%d files) in %s:\n", len(charts), files, *dir)
	for _, c := range charts {
		fmt.Fprintf(stdout, "  %s.svg  %s.png\n", c.Name, c.Name)
	}
	return nil
}

// writeCharts writes each chart's SVG and PNG into dir, created when
// missing, and returns how many files it wrote. An existing file is
// refused unless force; errors name flag and are bad input (cmd names the
// command in the refusal). Nothing is left behind on an error: the files
// are written to temporary files in dir and renamed into place only when
// all are written, and a dir it created is removed again.
func writeCharts(dir string, force bool, flag, cmd string, charts []plot.Chart) (int, error) {
	type file struct {
		path string
		data []byte
	}
	var files []file
	for _, c := range charts {
		files = append(files, file{filepath.Join(dir, c.Name+".svg"), c.SVG}, file{filepath.Join(dir, c.Name+".png"), c.PNG})
	}
	for _, f := range files {
		fi, err := os.Lstat(f.path)
		switch {
		case err != nil:
		case !fi.Mode().IsRegular():
			return 0, usagef("%s: %s exists and is not a regular file", flag, f.path)
		case !force:
			return 0, usagef("%s: %s exists; %s overwrites chart files only with -force", flag, f.path, cmd)
		}
	}
	created, err := mkdirs(dir)
	if err != nil {
		return 0, usagef("%s: cannot create %s: %v", flag, dir, unwrapPath(err))
	}
	var temps []string
	cleanup := func() {
		for _, t := range temps {
			os.Remove(t)
		}
		for _, d := range created {
			os.Remove(d)
		}
	}
	for _, f := range files {
		tmp, err := os.CreateTemp(dir, "."+filepath.Base(f.path)+".tmp*")
		if err != nil {
			cleanup()
			return 0, usagef("%s: cannot write %s: %v", flag, f.path, unwrapPath(err))
		}
		temps = append(temps, tmp.Name())
		_, werr := tmp.Write(f.data)
		if werr == nil {
			werr = tmp.Chmod(0o644) // CreateTemp makes 0600; charts are for sharing
		}
		if cerr := tmp.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			cleanup()
			return 0, usagef("%s: cannot write %s: %v", flag, f.path, unwrapPath(werr))
		}
	}
	for i, f := range files {
		if err := os.Rename(temps[i], f.path); err != nil {
			cleanup()
			return 0, usagef("%s: cannot write %s: %v", flag, f.path, unwrapPath(err))
		}
	}
	return len(files), nil
}

// mkdirs creates dir and its missing parents, and returns those it
// created, deepest first (to remove them again on error).
func mkdirs(dir string) ([]string, error) {
	var missing []string
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil {
			break
		} else if !errors.Is(err, fs.ErrNotExist) {
			break // MkdirAll reports it
		}
		missing = append(missing, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		for _, d := range missing {
			os.Remove(d)
		}
		return nil, err
	}
	return missing, nil
}
