package results

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"mapbench/internal/golden"
)

// csvDocPath is the CSV schema reference, generated from the tables.
var csvDocPath = filepath.Join("..", "docs", "csv.md")

// csvDocRegen is the command that rewrites docs/csv.md.
const csvDocRegen = "go test ./results -run TestCSVDoc -update"

// csvDoc is docs/csv.md: the columns, units, scopes and metrics of schema
// [Schema], each table made from the package's own ([ColumnGlossary],
// [Units], [Scope.Doc], [Metrics]), so the reference cannot say other than
// the code.
func csvDoc() []byte {
	var b bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	code := func(s string) string { return "`" + s + "`" }
	p("<!-- Generated from package results (ColumnGlossary, Units, Metrics) by `%s`; do not edit. -->\n\n", csvDocRegen)
	p("# CSV schema (%s)\n\n", code(Schema))
	p("A results file is a tidy (\"long\") CSV: a header line, then one row per measured value, i.e. per\n")
	p("(cell, rep, phase, step, metric). Files of several runs and machines may be concatenated: readers skip a\n")
	p("repeated header line. Files of schema %s (without the %s column) are still read, their rows having\n", code(SchemaV2), code("other_heap"))
	p("other_heap 0, and so are files of schema %s (without %s either), their rows having goroutines 1.\n", code(SchemaV1), code("goroutines"))
	p("How the figures are measured: docs/methodology.md; how the packages produce them: docs/design.md.\n\n")

	p("## Columns\n\nIn file order:\n\n| column | meaning |\n|---|---|\n")
	for _, c := range ColumnGlossary {
		p("| %s | %s |\n", code(c.Name), c.Doc)
	}

	p("\n## Units\n\nA metric has exactly one unit, given in the metric table below; a row with another is invalid.\n\n")
	p("| unit | meaning |\n|---|---|\n")
	for _, u := range Units {
		p("| %s | %s |\n", code(u.Name), u.Doc)
	}

	p("\n## Rows\n\nWhich rows of a cell carry a metric (the metric table's \"rows\" column):\n\n| rows | meaning |\n|---|---|\n")
	for s := InRun; s <= InConcurrentPhase; s++ {
		p("| %s | %s |\n", s, s.Doc())
	}

	p("\n## Metrics\n\n\"better\" says which way an implementation's value is better when implementations are compared\n")
	p("(\"neither\": a count, setting, self-check or environment figure).\n\n")
	p("| metric | unit | rows | better | meaning |\n|---|---|---|---|---|\n")
	for _, m := range Metrics {
		p("| %s | %s | %s | %s | %s |\n", code(m.Name), code(m.Unit), m.Scope, m.Better, m.Doc)
	}
	return b.Bytes()
}

// docs/csv.md is what csvDoc makes of the tables today.
func TestCSVDoc(t *testing.T) {
	got := csvDoc()
	golden.Check(t, csvDocPath, got)
	if t.Failed() {
		t.Errorf("docs/csv.md is generated from package results' tables: regenerate it with `%s`", csvDocRegen)
	}
	// Every metric and column has its row (a check on csvDoc itself).
	for _, m := range Metrics {
		if !bytes.Contains(got, []byte("| `"+m.Name+"` | `"+m.Unit+"` |")) {
			t.Errorf("docs/csv.md has no row for metric %s", m.Name)
		}
	}
	for _, c := range Columns {
		if !strings.Contains(string(got), "| `"+c+"` |") {
			t.Errorf("docs/csv.md has no row for column %s", c)
		}
	}
}
