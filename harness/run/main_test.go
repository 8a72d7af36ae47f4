package run

import (
	"fmt"
	"io"
	"os"
	"testing"

	"mapbench/harness"
	"mapbench/internal/refusal"
)

// TestMain lets Command re-execute this test binary as a cell child, and
// lets the tests start it as `mapbench run` itself (MAPBENCH_TEST_MAIN).
func TestMain(m *testing.M) {
	if harness.IsChild() {
		os.Exit(harness.ChildMain())
	}
	if os.Getenv("MAPBENCH_TEST_MAIN") == "1" {
		os.Exit(exitCode(run(os.Args[1:], os.Stdout, os.Stderr), os.Stderr))
	}
	os.Exit(m.Run())
}

// run is the mapbench command line as these tests give it: "run" and
// Command's arguments.
func run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "run" {
		return fmt.Errorf("these tests run only `mapbench run`, not %q", args)
	}
	return Command(args[1:], stdout, stderr, nil)
}

// exitCode prints err, if any, and returns the exit status it ends with,
// as the mapbench command does.
func exitCode(err error, stderr io.Writer) int {
	code := ExitStatus(err)
	if code != ExitOK {
		fmt.Fprintln(stderr, "mapbench:", err)
	}
	return code
}

// readFile returns the contents of path, and fails the test if it cannot
// be read.
func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// runRefused runs `mapbench run` with args and checks what every refusal
// of bad input must do (package refusal). It returns the error.
func runRefused(t *testing.T, args []string, want []string) error {
	t.Helper()
	return refusal.Check(t, run, ExitStatus, args, want)
}
