// Package cli is the mapbench command: `mapbench run` measures and writes
// CSV; `mapbench list` shows the implementations, scenarios and shapes;
// `mapbench report` gives statistics over results files; `mapbench plot`
// draws charts of them; `mapbench advise` says which map, per workload.
//
// It is a package, not a main, so that two programs share it: cmd/mapbench
// (the implementations mapbench ships) and a user's own program that
// registers more through package bench first. Main is the one entry: a
// cell's child process re-executes the same binary, which enters Main
// again and measures there, with the same registrations.
//
// It is thin: flags, wiring and exit codes here; running cells, resuming
// and the results file in package harness/run, measuring in package
// harness, encoding in package results.
package cli

import (
	"flag"
	"fmt"
	"io"
	"os"

	"mapbench/harness"
	"mapbench/harness/run"
)

// Main runs the mapbench command line of os.Args and exits with its status
// (docs/cli.md); in a cell's child process it measures the cell instead.
// It does not return.
func Main() {
	if harness.IsChild() {
		os.Exit(harness.ChildMain())
	}
	err := mapbench(os.Args[1:], os.Stdout, os.Stderr)
	os.Exit(exitCode(err, os.Stderr))
}

// usageError is bad input: exit status 2. It is run's, so that the errors
// of `mapbench run` and of the other commands are one kind.
type usageError = run.UsageError

func usagef(format string, args ...any) error { return usageError{Msg: fmt.Sprintf(format, args...)} }

// The exit statuses of mapbench: run's rule (run.ExitStatus), one for
// every command.
const (
	exitOK      = run.ExitOK
	exitFailure = run.ExitFailure
	exitUsage   = run.ExitUsage
)

// exitCode prints err, if any, and returns the exit status it ends with.
func exitCode(err error, stderr io.Writer) int {
	code := run.ExitStatus(err)
	if code != exitOK {
		fmt.Fprintln(stderr, "mapbench:", err)
	}
	return code
}

// errHelp is returned when -h printed the help.
var errHelp = flag.ErrHelp

// mapbench runs the command line args (the program name left out) and
// returns what exitCode turns into the exit status.
func mapbench(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage())
		return usagef("no command given (want %s)", commandNames())
	}
	switch args[0] {
	case "run":
		return run.Command(args[1:], stdout, stderr, printUsage(stderr, "run"))
	case "list":
		if len(args) > 1 {
			return usagef("list takes no arguments, got %q", args[1:])
		}
		return listCmd(stdout)
	case "report":
		return reportCmd(args[1:], stdout, stderr)
	case "plot":
		return plotCmd(args[1:], stdout, stderr)
	case "advise":
		return adviseCmd(args[1:], stdout, stderr)
	case "trace":
		return traceCmd(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprintln(stdout, usage())
		return nil
	}
	fmt.Fprintln(stderr, usage())
	return usagef("unknown command %q (want %s)", args[0], commandNames())
}
