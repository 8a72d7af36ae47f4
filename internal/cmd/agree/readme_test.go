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

// replayMarker precedes a replay agreement table in docs/trace.md and
// names its scenario and the committed runs it is computed from (pooled:
// one folder or several, space-separated).
var replayMarker = regexp.MustCompile(`<!-- agree-replay ([\w-]+): (docs/agreement/[\w.-]+(?: docs/agreement/[\w.-]+)*) -->\n`)

// docs/trace.md's replay agreement tables are what `agree -replay`
// computes from the raw data committed in docs/agreement, each from the
// runs its marker names.
func TestReplayTableFromCommittedRun(t *testing.T) {
	doc, err := os.ReadFile("../../../docs/trace.md")
	if err != nil {
		t.Fatal(err)
	}
	ms := replayMarker.FindAllSubmatchIndex(doc, -1)
	if ms == nil {
		t.Fatal("docs/trace.md has no <!-- agree-replay SCENARIO: docs/agreement/RUN --> marker")
	}
	for _, m := range ms {
		scenario, name, after := string(doc[m[2]:m[3]]), string(doc[m[4]:m[5]]), string(doc[m[1]:])
		t.Run(name, func(t *testing.T) {
			var csvs []string
			for _, dir := range strings.Fields(name) {
				got, err := filepath.Glob(filepath.Join("../../..", dir, "agree-replay-*.csv"))
				if err != nil || len(got) == 0 {
					t.Fatalf("no agree-replay-*.csv in %s (%v)", dir, err)
				}
				csvs = append(csvs, got...)
			}
			var out, errb bytes.Buffer
			if code := run(append([]string{"-markdown", "-replay", scenario}, csvs...), &out, &errb); code != 0 {
				t.Fatalf("agree exited %d: %s", code, errb.String())
			}
			if !strings.HasPrefix(after, out.String()) {
				t.Errorf("docs/trace.md's table under the marker differs from `go run ./internal/cmd/agree -markdown -replay %s %s/agree-replay-*.csv`:\n%s",
					scenario, strings.Join(strings.Fields(name), "/agree-replay-*.csv "), out.String())
			}
		})
	}
}
