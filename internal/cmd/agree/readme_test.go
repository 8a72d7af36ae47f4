package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// agreeMarker precedes each agreement table in docs/measuring.md and names the
// committed run it is computed from.
var agreeMarker = regexp.MustCompile(`<!-- agree: (docs/agreement/[\w.-]+) -->\n`)

// The agreement tables of docs/measuring.md are what agree computes from the raw data
// committed in docs/agreement: no figure in them was typed by hand.
func TestMeasuringTablesFromCommittedRuns(t *testing.T) {
	readme, err := os.ReadFile("../../../docs/measuring.md")
	if err != nil {
		t.Fatal(err)
	}
	marks := agreeMarker.FindAllStringSubmatchIndex(string(readme), -1)
	if len(marks) < 2 {
		t.Fatalf("docs/measuring.md has %d agreement tables (<!-- agree: docs/agreement/RUN --> markers), want at least 2", len(marks))
	}
	for _, mk := range marks {
		name := string(readme[mk[2]:mk[3]])
		after := string(readme[mk[1]:])
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join("../../..", name)
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
			if !strings.HasPrefix(after, out.String()) {
				t.Errorf("docs/measuring.md's table under the %s marker differs from `go run ./internal/cmd/agree -markdown %s/agree-reference.txt %s/agree-*.csv`:\n%s", name, name, name, out.String())
			}
		})
	}
}
