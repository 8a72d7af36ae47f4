package cli

import (
	"bytes"
	"strings"
	"testing"
)

// runRefused runs the CLI with args and checks what every refusal of bad
// input must do: an error, exit status 2, a one-line message holding each
// of want, and nothing on stdout. It returns the error for further checks.
func runRefused(t *testing.T, args []string, want []string) error {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := mapbench(args, &stdout, &stderr)
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
