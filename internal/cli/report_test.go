package cli

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
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
	header1 := strings.Join(results.ColumnsV1, ",") + "\n"
	misplaced := write("misplaced.csv", strings.Replace(header1, "note", "note,goroutines", 1))
	otherSchema := write("schema.csv", header+strings.Replace(strings.Repeat("x,", len(results.Columns)-1)+"x\n", "x", "mapbench/v9", 1))
	// The fixture is a v1 file: its rows after a v2 header, and v2 rows
	// (goroutines 2) after its v1 rows, are refused.
	fix := string(readFile(t, fixture))
	_, v1rows, _ := strings.Cut(fix, "\n")
	v1UnderV2 := write("v1underv2.csv", header+v1rows)
	firstRow, _, _ := strings.Cut(v1rows, "\n")
	v2row := strings.Replace(strings.Replace(firstRow, results.SchemaV1, results.SchemaV2, 1), ",false,0,", ",false,2,0,", 1)
	v2UnderV1 := write("v2underv1.csv", fix+v2row+"\n")
	header2 := strings.Join(results.ColumnsV2, ",") + "\n"
	badG := write("badg.csv", header2+strings.Replace(v2row, ",false,2,0,", ",false,two,0,", 1)+"\n")
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
		{"other header", []string{"report", misplaced}, []string{"misplaced.csv:1", "does not match schema mapbench/v2", `column 17 is "rep", want "goroutines"`}},
		{"other schema", []string{"report", otherSchema}, []string{"schema.csv:2", "mapbench/v9", `understands "mapbench/v3", "mapbench/v2" and "mapbench/v1"`}},
		{"v1 rows under a v2 header", []string{"report", v1UnderV2}, []string{"v1underv2.csv:2", `schema "mapbench/v1" does not agree with the header this row follows (line 1)`}},
		{"v2 row under a v1 header", []string{"report", v2UnderV1}, []string{"v2underv1.csv:" + strconv.Itoa(strings.Count(fix, "\n")+1), `schema "mapbench/v2" does not agree`}},
		{"goroutines not a number", []string{"report", badG}, []string{"badg.csv:2", `"two" is not an integer (column "goroutines")`}},
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
			if err := mapbench([]string{"report", "-format", format, fixture}, &stdout, &stderr); err != nil {
				t.Fatalf("report: %v\nstderr: %s", err, stderr.String())
			}
			if !strings.Contains(stdout.String(), "dolthub") {
				t.Errorf("output lacks the impls:\n%s", stdout.String())
			}
			out := filepath.Join(dir, "r."+format)
			var none bytes.Buffer
			if err := mapbench([]string{"report", "-format", format, "-o", out, fixture}, &none, &stderr); err != nil {
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
			err := mapbench([]string{"report", "-format", format, "-o", out, fixture}, &none, &stderr)
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
	if err := mapbench([]string{"report", fixture, other}, &sep, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if err := mapbench([]string{"report", cat}, &joined, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if sep.String() != joined.String() {
		t.Error("separate and concatenated files give different reports")
	}
	if !strings.Contains(sep.String(), "inputs differ; never pooled") {
		t.Errorf("two hosts: no side-by-side columns:\n%s", sep.String())
	}
}

// A v1 file and the same records written as v2 give the same report in
// every format; a v1 file and a v2 file concatenated give the report of
// the two files.
func TestReportV1AndV2(t *testing.T) {
	dir := t.TempDir()
	toV2 := func(src, name string) string {
		recs, err := results.ReadCSVFile(src)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := results.NewCSVWriter(&buf, true).Write(recs); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(buf.String(), strings.Join(results.Columns, ",")+"\n"+results.Schema+",") {
			t.Fatalf("not written as v2:\n%.300s", buf.String())
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	other := "../../results/report/testdata/run3-otherhost.csv"
	v2 := toV2(fixture, "v2.csv")
	otherV2 := toV2(other, "other-v2.csv")
	if !bytes.HasPrefix(readFile(t, fixture), []byte(strings.Join(results.ColumnsV1, ",")+"\n"+results.SchemaV1+",")) {
		t.Fatalf("%s is no longer a v1 file", fixture)
	}
	cat := filepath.Join(dir, "cat.csv")
	if err := os.WriteFile(cat, append(readFile(t, fixture), readFile(t, otherV2)...), 0o644); err != nil {
		t.Fatal(err)
	}
	report := func(args ...string) string {
		var out bytes.Buffer
		if err := mapbench(append([]string{"report"}, args...), &out, &bytes.Buffer{}); err != nil {
			t.Fatalf("report %v: %v", args, err)
		}
		return out.String()
	}
	for _, format := range []string{"text", "csv", "bench"} {
		if a, b := report("-format", format, fixture), report("-format", format, v2); a != b {
			t.Errorf("-format %s: the v1 file and its v2 rewrite give different reports", format)
		}
		if strings.Contains(report("-format", format, fixture), "goroutines") {
			t.Errorf("-format %s: a v1 file's report names goroutines", format)
		}
		if a, b := report("-format", format, fixture, other), report("-format", format, cat); a != b {
			t.Errorf("-format %s: v1 + v2 concatenated and the two files give different reports", format)
		}
	}
}
