// Command mapbench compares map implementations under delete-heavy
// workloads: retained heap after deletes, reuse of deleted slots, and
// delete latency under forced GC. `mapbench run` measures and writes CSV;
// `mapbench list` shows the implementations, scenarios and shapes;
// `mapbench report` gives statistics over results files; `mapbench plot`
// draws charts of them; `mapbench advise` says which map, per workload.
//
// main is thin: flags, wiring and exit codes here; running cells, resuming
// and the results file in package harness/run, measuring in package
// harness, encoding in package results.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"mapbench/harness"
	"mapbench/harness/run"
)

func main() {
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

// The exit statuses of mapbench (docs/cli.md is written from them).
const (
	exitOK      = 0 // done, or help asked for with -h
	exitFailure = 1 // the command failed: a cell failed, a file could not be written, or the run was interrupted
	exitUsage   = 2 // bad input: a flag, an operand or a file named; the message says what to do
)

func exitCode(err error, stderr io.Writer) int {
	if err == nil || errors.Is(err, errHelp) {
		return exitOK
	}
	fmt.Fprintln(stderr, "mapbench:", err)
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitFailure
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
