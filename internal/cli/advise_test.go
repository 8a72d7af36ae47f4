package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const handCSV = "../../results/advise/testdata/hand.csv"

// advise's bad input: a clear error naming the flag or file and the
// allowed values, exit status 2, nothing written or overwritten.
func TestAdviseBadInput(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "existing.txt")
	if err := os.WriteFile(existing, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	headerOnly := filepath.Join(dir, "header.csv")
	if err := os.WriteFile(headerOnly, []byte(strings.SplitN(string(readFile(t, handCSV)), "\n", 2)[0]+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"no files", []string{"advise"}, []string{"no input files"}},
		{"missing file", []string{"advise", filepath.Join(dir, "nope.csv")}, []string{"nope.csv", "no such file"}},
		{"header only", []string{"advise", headerOnly}, []string{"header.csv has no rows"}},
		{"unknown format", []string{"advise", "-format", "pdf", handCSV}, []string{"-format", `"pdf"`, "text, markdown, html, json"}},
		{"unknown prefer", []string{"advise", "-prefer", "speed", handCSV}, []string{"-prefer", `"speed"`, "memory, latency, throughput, gc"}},
		{"existing output", []string{"advise", "-o", existing, handCSV}, []string{"-o", existing, "exists"}},
		{"unknown flag", []string{"advise", "-frob", handCSV}, []string{"frob"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			runRefused(t, tc.args, tc.want)
			if b := readFile(t, existing); string(b) != "precious" {
				t.Errorf("existing file changed to %q", b)
			}
		})
	}
}

// Every format prints; -o writes what stdout gets; json parses and names
// the hand-built CSV's clear winner.
func TestAdviseFormats(t *testing.T) {
	dir := t.TempDir()
	for _, format := range []string{"text", "markdown", "html", "json"} {
		var stdout, stderr bytes.Buffer
		if err := mapbench([]string{"advise", "-format", format, "-prefer", "memory", handCSV}, &stdout, &stderr); err != nil {
			t.Fatalf("%s: %v\n%s", format, err, stderr.String())
		}
		if !strings.Contains(stdout.String(), "syncmap") {
			t.Errorf("%s: output does not name the clear winner syncmap", format)
		}
		out := filepath.Join(dir, "advice."+format)
		if err := mapbench([]string{"advise", "-format", format, "-prefer", "memory", "-o", out, handCSV}, &bytes.Buffer{}, &stderr); err != nil {
			t.Fatal(err)
		}
		if got := readFile(t, out); !bytes.Equal(got, stdout.Bytes()) {
			t.Errorf("%s: -o wrote other bytes than stdout got", format)
		}
		if format == "json" {
			var v struct {
				Workloads []struct {
					Pick struct{ Impl string }
				}
			}
			if err := json.Unmarshal(stdout.Bytes(), &v); err != nil {
				t.Fatal(err)
			}
			// hand.csv's three workloads (n=1000, and n=2000 and n=3000 with
			// too few reps for the times) have the same heaps.
			if len(v.Workloads) != 3 || slices.ContainsFunc(v.Workloads, func(w struct{ Pick struct{ Impl string } }) bool { return w.Pick.Impl != "syncmap" }) {
				t.Errorf("json: %+v, want three workloads whose memory pick is syncmap", v)
			}
		}
	}
}
