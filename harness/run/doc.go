// Package run is `mapbench run` below its command line: it parses and
// checks the flags (the FlagSet is the one source of their names, defaults
// and help, for usage, docs/cli.md and the run_config a file records),
// plans the cells, runs each in a child process (package harness), writes
// their rows to the CSV file, and continues an interrupted file (-resume).
// It owns the results file: it refuses to overwrite one (unless -force),
// locks it for the run, and cuts a cell cut short off its end.
//
// Every error a user can fix is a UsageError (exit status 2 from
// internal/cli); the others are failures of the run (exit status 1).
package run

import (
	"errors"
	"flag"
	"fmt"
)

// UsageError is bad input: a flag, an operand or a file the user named.
// Its message says what is wrong and, where it can, what to do instead.
type UsageError struct{ Msg string }

func (e UsageError) Error() string { return e.Msg }

func usagef(format string, args ...any) error { return UsageError{fmt.Sprintf(format, args...)} }

// The exit statuses of mapbench (docs/cli.md is written from them).
const (
	ExitOK      = 0 // done, or help asked for with -h
	ExitFailure = 1 // the command failed: a cell failed, a file could not be written, or the run was interrupted
	ExitUsage   = 2 // bad input: a flag, an operand or a file named; the message says what to do
)

// ExitStatus is the exit status a command that returned err ends with:
// ExitOK for none (or help printed), ExitUsage for a UsageError, else
// ExitFailure. Every command's errors are mapped by this one rule.
func ExitStatus(err error) int {
	switch {
	case err == nil || errors.Is(err, flag.ErrHelp):
		return ExitOK
	case errors.As(err, new(UsageError)):
		return ExitUsage
	}
	return ExitFailure
}
