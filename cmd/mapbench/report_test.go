package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mapbench/results"
)

// fixture is a real run's CSV (results/report/testdata/README).
const fixture = "../../results/report/testdata/run3.csv"

func TestReportBadInput(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "existing.txt")
	if err := os.WriteFile(existing, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.txt")
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	header := strings.Join(results.Columns, ",") + "\n"
	malformed := write("malformed.csv", header+"not,a,row\n")
	v2 := write("v2.csv", strings.Replace(header, "note", "note,goroutines", 1))
	otherSchema := write("schema.csv", header+strings.Replace(strings.Repeat("x,", len(results.Columns)-1)+"x\n", "x", "mapbench/v9", 1))
	headerOnly := write("header.csv", header)
	unreadable := filepath.Join(dir, "unreadable.csv")
	if err := os.Mkdir(unreadable, 0o755); err != nil { // a directory: opens, but does not read
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want []string // substrings of the error
	}{
		{"no files", []string{"report"}, []string{"no input files"}},
		{"missing file", []string{"report", filepath.Join(dir, "nope.csv")}, []string{"nope.csv", "no such file"}},
		{"unreadable file", []string{"report", unreadable}, []string{"unreadable.csv"}},
		{"malformed row", []string{"report", malformed}, []string{"malformed.csv:2"}},
		{"other header", []string{"report", v2}, []string{"v2.csv:1", "does not match schema mapbench/v1"}},
		{"other schema", []string{"report", otherSchema}, []string{"schema.csv:2", "mapbench/v9"}},
		{"header only", []string{"report", headerOnly}, []string{"header.csv has no rows"}},
		{"unknown baseline", []string{"report", "-baseline", "xsnyc", fixture}, []string{"-baseline", `"xsnyc" is not in the input`, "native, dolthub"}},
		{"unknown format", []string{"report", "-format", "pdf", fixture}, []string{"-format", `"pdf"`, "text, markdown, csv, bench, html"}},
		{"existing output", []string{"report", "-o", existing, fixture}, []string{"-o", existing, "exists"}},
		{"unwritable output", []string{"report", "-o", filepath.Join(dir, "no", "dir", "x.txt"), fixture}, []string{"-o", "cannot create", "x.txt"}},
		{"unknown flag", []string{"report", "-frob", fixture}, []string{"frob"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			runRefused(t, tc.args, tc.want)
			if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("bad input left %s behind", out)
			}
			if b := readFile(t, existing); string(b) != "precious" {
				t.Errorf("existing file changed to %q", b)
			}
			left, err := filepath.Glob(filepath.Join(dir, ".*tmp*"))
			if err != nil {
				t.Fatal(err)
			}
			if len(left) > 0 {
				t.Errorf("temporary files left behind: %v", left)
			}
		})
	}
}

// Every format prints; -o writes the same bytes stdout gets, and refuses
// the file the second time.
func TestReportFormats(t *testing.T) {
	dir := t.TempDir()
	for _, format := range []string{"text", "markdown", "csv", "bench", "html"} {
		t.Run(format, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if err := run([]string{"report", "-format", format, fixture}, &stdout, &stderr); err != nil {
				t.Fatalf("report: %v\nstderr: %s", err, stderr.String())
			}
			if !strings.Contains(stdout.String(), "dolthub") {
				t.Errorf("output lacks the impls:\n%s", stdout.String())
			}
			out := filepath.Join(dir, "r."+format)
			var none bytes.Buffer
			if err := run([]string{"report", "-format", format, "-o", out, fixture}, &none, &stderr); err != nil {
				t.Fatalf("report -o: %v", err)
			}
			if none.Len() > 0 {
				t.Errorf("-o also wrote to stdout: %q", none.String())
			}
			if b := readFile(t, out); !bytes.Equal(b, stdout.Bytes()) {
				t.Errorf("-o wrote other bytes than stdout got")
			}
			if fi, err := os.Stat(out); err != nil {
				t.Fatal(err)
			} else if fi.Mode().Perm() != 0o644 {
				t.Errorf("-o file mode %v, want -rw-r--r--", fi.Mode().Perm())
			}
			err := run([]string{"report", "-format", format, "-o", out, fixture}, &none, &stderr)
			if err == nil || !strings.Contains(err.Error(), "exists") {
				t.Errorf("second report over %s: error %v, want it refused", out, err)
			}
		})
	}
}

// Two files, or the same two concatenated, give the same report.
func TestReportConcatenated(t *testing.T) {
	other := "../../results/report/testdata/run3-otherhost.csv"
	cat := filepath.Join(t.TempDir(), "cat.csv")
	b := append(readFile(t, fixture), readFile(t, other)...)
	if err := os.WriteFile(cat, b, 0o644); err != nil {
		t.Fatal(err)
	}
	var sep, joined bytes.Buffer
	if err := run([]string{"report", fixture, other}, &sep, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"report", cat}, &joined, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if sep.String() != joined.String() {
		t.Error("separate and concatenated files give different reports")
	}
	if !strings.Contains(sep.String(), "inputs differ; never pooled") {
		t.Errorf("two hosts: no side-by-side columns:\n%s", sep.String())
	}
}
