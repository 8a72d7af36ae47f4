// Package refusal is the tests' one check of what every refusal of bad
// input must do (docs/cli.md, docs/running.md "When things go wrong"): an
// error, exit status 2, a one-line message naming what was wrong, and
// nothing on stdout. The mapbench command's tests (package cli) and `mapbench
// run`'s (package run) both call it with their own entry point.
package refusal

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// Check runs cmd with args and fails t unless cmd refuses them: an error
// whose exit status (status) is 2, one line holding each of want, and
// nothing written to stdout. It returns the error for further checks.
func Check(t testing.TB, cmd func(args []string, stdout, stderr io.Writer) error, status func(error) int, args, want []string) error {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := cmd(args, &stdout, &stderr)
	if err == nil {
		t.Fatalf("no error; stdout %q", stdout.String())
	}
	if code := status(err); code != 2 {
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
