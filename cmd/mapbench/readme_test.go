package main

import (
	"os"
	"slices"
	"strings"
	"testing"

	"mapbench/impls"
	"mapbench/results"
	"mapbench/scenarios"
)

// The README is what users read first: it must name every column, metric,
// implementation and scenario the code has, and keep the two set-up
// commands.
func TestREADMEMatchesCode(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	for _, c := range results.Columns {
		if !strings.Contains(readme, c) {
			t.Errorf("README does not mention column %q", c)
		}
	}
	for _, m := range results.Metrics {
		if !strings.Contains(readme, m.Name) {
			t.Errorf("README metric table lacks %q", m.Name)
		}
	}
	for _, im := range impls.Names() {
		if !strings.Contains(readme, "`"+im+"`") {
			t.Errorf("README does not list impl %q", im)
		}
	}
	for _, s := range scenarios.Names() {
		if !strings.Contains(readme, "`"+s+"`") {
			t.Errorf("README does not list scenario %q", s)
		}
	}
	for _, cmd := range []string{"go run ./cmd/mapbench run", "go test ./..."} {
		if !strings.Contains(readme, cmd) {
			t.Errorf("README lacks the set-up command %q", cmd)
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
