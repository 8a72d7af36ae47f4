package cli

import (
	"testing"

	"mapbench/harness/run"
	"mapbench/internal/refusal"
)

// runRefused runs the CLI with args and checks what every refusal of bad
// input must do (package refusal). It returns the error for further checks.
func runRefused(t *testing.T, args []string, want []string) error {
	t.Helper()
	return refusal.Check(t, mapbench, run.ExitStatus, args, want)
}
