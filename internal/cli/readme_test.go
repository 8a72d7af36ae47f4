package cli

import (
	"io"
	"os"
	"slices"
	"strings"
	"testing"

	"mapbench/harness/run"
	"mapbench/results"
)

// readmeMaxLines is about what a newcomer reads in five minutes; the
// reference is in docs/.
const readmeMaxLines = 250

// The README is what users read first: short, with the two set-up
// commands, true to the code where it states what the code knows, and a
// link to every reference page. The lists the code knows (flags,
// scenarios, implementations, metrics) are in generated pages, each
// checked against the code by its own test.
func TestREADME(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	if n := strings.Count(readme, "\n"); n > readmeMaxLines {
		t.Errorf("README has %d lines, more than %d: move reference material to docs/", n, readmeMaxLines)
	}
	for _, cmd := range []string{"go run ./cmd/mapbench run", "go test ./..."} {
		if !strings.Contains(readme, cmd) {
			t.Errorf("README lacks the set-up command %q", cmd)
		}
	}
	if out := run.FlagSet(io.Discard).Lookup("o").DefValue; !strings.Contains(readme, "writes "+out) {
		t.Errorf("README does not say that the default run writes %s, the default of -o", out)
	}
	for _, doc := range []string{"cli", "running", "scenarios", "impls", "csv", "reports", "measuring", "methodology", "results", "design"} {
		if link := "(docs/" + doc + ".md)"; !strings.Contains(readme, link) {
			t.Errorf("README does not link docs/%s.md", doc)
		}
	}
}

// Every column of the schema is explained in the columns table of
// docs/csv.md (generated from results.ColumnGlossary: this checks the
// glossary leaves none out).
func TestColumnsExplained(t *testing.T) {
	b, err := os.ReadFile("../../docs/csv.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(b), "## Columns")
	if !ok {
		t.Fatal("docs/csv.md has no Columns section")
	}
	if i := strings.Index(table, "\n| "); i >= 0 { // the table's first line
		table = table[i+1:]
	}
	table, _, _ = strings.Cut(table, "\n\n")
	named := map[string]bool{}
	for line := range strings.Lines(table) {
		if first, _, ok := strings.Cut(strings.TrimPrefix(line, "| "), " |"); ok && strings.HasPrefix(line, "| ") {
			for c := range strings.SplitSeq(first, ", ") {
				named[strings.Trim(c, "`")] = true
			}
		}
	}
	for _, c := range results.Columns {
		if !named[c] {
			t.Errorf("docs/csv.md's columns table has no row for column %q", c)
		}
	}
}

// CI runs the README's test command: .ci/run runs `make ci`, whose steps
// include the test target, which runs `go test ./...`.
func TestCIRunsREADMETestCommand(t *testing.T) {
	ci, err := os.ReadFile("../../.ci/run")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(ci), "\nexec make ci\n") {
		t.Errorf(".ci/run does not run `make ci`")
	}
	if !strings.Contains(string(ci), "go test ./...") {
		t.Errorf(".ci/run does not say that it runs the README's test command `go test ./...`")
	}
	mk, err := os.ReadFile("../../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	makefile := string(mk)
	steps := strings.Fields(makeVar(makefile, "CI_STEPS"))
	if !slices.Contains(steps, "test") {
		t.Errorf("Makefile: CI_STEPS = %q lacks test", steps)
	}
	for _, step := range steps {
		if makeRecipe(makefile, step) == nil {
			t.Errorf("Makefile: CI step %q has no recipe", step)
		}
	}
	if got := makeRecipe(makefile, "test"); !slices.Equal(got, []string{"$(GO) test ./..."}) {
		t.Errorf("Makefile: test target runs %q, want the README's test command $(GO) test ./...", got)
	}
	if !strings.Contains(strings.Join(makeRecipe(makefile, "ci"), "\n"), "$(CI_STEPS)") {
		t.Errorf("Makefile: ci target does not run $(CI_STEPS)")
	}
}

// makeVar returns the value of the Makefile variable name ("name = value").
func makeVar(makefile, name string) string {
	for line := range strings.Lines(makefile) {
		if k, v, ok := strings.Cut(line, "="); ok && strings.TrimSpace(k) == name {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// makeRecipe returns the recipe lines of target, without their tab, or nil.
func makeRecipe(makefile, target string) []string {
	var recipe []string
	in := false
	for line := range strings.Lines(makefile) {
		line = strings.TrimSuffix(line, "\n")
		switch {
		case strings.HasPrefix(line, target+":"):
			in = true
		case in && strings.HasPrefix(line, "\t"):
			recipe = append(recipe, strings.TrimPrefix(line, "\t"))
		case in:
			return recipe
		}
	}
	return recipe
}
