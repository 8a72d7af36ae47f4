// Command mapbench compares map implementations under delete-heavy
// workloads: retained heap after deletes, reuse of deleted slots, and
// delete latency under forced GC. `mapbench run` measures and writes CSV;
// `mapbench list` shows the implementations, scenarios and shapes;
// `mapbench report` gives statistics over results files; `mapbench plot`
// draws charts of them.
//
// main is thin: flags and files here, measuring in package harness,
// encoding in package results.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"mapbench/harness"
)

func main() {
	if harness.IsChild() {
		os.Exit(harness.ChildMain())
	}
	err := run(os.Args[1:], os.Stdout, os.Stderr)
	os.Exit(exitCode(err, os.Stderr))
}

// usageError is bad input: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	if errors.Is(err, errHelp) {
		return 0
	}
	fmt.Fprintln(stderr, "mapbench:", err)
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

var errHelp = errors.New("help requested")

const usage = `usage:
  mapbench run  [-impls LIST|all] [-scenarios LIST|all|main] [-shapes LIST] [-n LIST] [-reps N]
                [-presize] [-gc-percent P] [-gomaxprocs P] [-seed S] [-sample K] [-passes N]
                [-min-phase DUR] [-o FILE] [-force] [-timeout DUR] [-mem-limit SIZE] [-full]
                [-resume FILE]
  mapbench list
  mapbench report [-baseline IMPL] [-format text|markdown|csv|bench|html] [-o FILE] FILE...
  mapbench plot -o DIR [-force] FILE...
Run 'mapbench run -h', 'mapbench report -h' or 'mapbench plot -h' for their flags.`

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage)
		return usageError{"no command given (want run, list, report or plot)"}
	}
	switch args[0] {
	case "run":
		return runCmd(args[1:], stdout, stderr)
	case "list":
		if len(args) > 1 {
			return usagef("list takes no arguments, got %q", args[1:])
		}
		return listCmd(stdout)
	case "report":
		return reportCmd(args[1:], stdout, stderr)
	case "plot":
		return plotCmd(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	fmt.Fprintln(stderr, usage)
	return usagef("unknown command %q (want run, list, report or plot)", args[0])
}
