package run

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"mapbench/harness"
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
// of bad input must do: an error, exit status 2, a one-line message
// holding each of want, and nothing on stdout. It returns the error.
func runRefused(t *testing.T, args []string, want []string) error {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(args, &stdout, &stderr)
	if err == nil {
		t.Fatalf("no error; stdout %q", stdout.String())
	}
	if code := exitCode(err, &bytes.Buffer{}); code != 2 {
		t.Errorf("exit status %d, want 2 (err %v)", code, err)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not contain %q", err, w)
		}
	}
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("error is not one line: %q", err)
	}
	if stdout.Len() > 0 {
		t.Errorf("bad input wrote to stdout: %q", stdout.String())
	}
	return err
}
