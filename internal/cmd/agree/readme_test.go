package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The README's agreement table is what agree computes from the raw data
// committed in docs/agreement/run2: no figure in it was typed by hand.
func TestREADMETableFromCommittedRun(t *testing.T) {
	const dir = "../../../docs/agreement/run2"
	csvs, err := filepath.Glob(filepath.Join(dir, "agree-*.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(csvs) == 0 {
		t.Fatalf("no CSV files in %s", dir)
	}
	var out, errb bytes.Buffer
	if code := run(append([]string{"-markdown", filepath.Join(dir, "agree-reference.txt")}, csvs...), &out, &errb); code != 0 {
		t.Fatalf("agree exited %d: %s", code, errb.String())
	}
	readme, err := os.ReadFile("../../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const marker = "<!-- agree: docs/agreement/run2 -->\n"
	_, after, ok := strings.Cut(string(readme), marker)
	if !ok {
		t.Fatalf("README has no %q marker", strings.TrimSpace(marker))
	}
	if !strings.HasPrefix(after, out.String()) {
		t.Errorf("README's agreement table differs from `go run ./internal/cmd/agree -markdown %s/agree-reference.txt %s/agree-*.csv`:\n%s", dir, dir, out.String())
	}
}
