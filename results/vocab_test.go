package results

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"
)

// Every Metric constant of vocab.go names a glossary entry, and every
// glossary entry has a constant: the vocabulary is defined once.
func TestVocabularyMatchesGlossary(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "vocab.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	consts := map[string]string{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, name := range vs.Names {
				if !strings.HasPrefix(name.Name, "Metric") {
					continue
				}
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok {
					t.Fatalf("%s is not a string literal", name.Name)
				}
				v, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				consts[v] = name.Name
			}
		}
	}
	if len(consts) == 0 {
		t.Fatal("no Metric constants found in vocab.go")
	}
	for v, name := range consts {
		if _, ok := LookupMetric(v); !ok {
			t.Errorf("%s = %q is not in the glossary", name, v)
		}
	}
	for _, m := range Metrics {
		if _, ok := consts[m.Name]; !ok {
			t.Errorf("glossary metric %q has no Metric constant in vocab.go", m.Name)
		}
	}
}

func TestEndsCell(t *testing.T) {
	for _, tc := range []struct {
		metric string
		want   bool
	}{{MetricCellWallTime, true}, {MetricCellFailed, true}, {MetricChecksumOK, false}, {MetricNsPerOp, false}, {"", false}} {
		if got := EndsCell(tc.metric); got != tc.want {
			t.Errorf("EndsCell(%q) = %v, want %v", tc.metric, got, tc.want)
		}
	}
}
