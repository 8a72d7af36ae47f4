package main

import (
	"os"
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
	ci, err := os.ReadFile("../../.ci/run")
	if err != nil || !strings.Contains(string(ci), "go test ./...") {
		t.Errorf(".ci/run does not run the README's test command (err %v)", err)
	}
}
