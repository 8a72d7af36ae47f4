package archtest

import (
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"mapbench/harness/run"
	"mapbench/impls"
	"mapbench/results"
)

// homes names, per kind of fact, the one file whose string literals define
// it (issue 17, one source per fact): a metric name is written in
// results/vocab.go, a unit in results/glossary.go, an implementation name in
// impls/registry.go. Everything else refers to the constant or the table.
var homes = map[string]string{
	"metric": "results/vocab.go",
	"unit":   "results/glossary.go",
	"impl":   "impls/registry.go",
}

// TestNamesWrittenOnce fails when a metric name or an implementation name
// appears as a string literal in a non-test Go file other than its home,
// or a unit as the literal value of a field named Unit (units are common
// words: "B" or "ops/s" may label an axis or a column). A literal that is
// also the name of a flag of
// `mapbench run` is allowed: the flag -passes and the metric passes (the
// setting the parent records) share a word, and the flag's name is the
// FlagSet's own fact.
func TestNamesWrittenOnce(t *testing.T) {
	kinds := map[string]string{}
	for _, m := range results.Metrics {
		kinds[m.Name] = "metric"
	}
	for _, u := range results.Units {
		kinds[u.Name] = "unit"
	}
	for _, im := range impls.All() {
		kinds[im.Name] = "impl"
	}
	if len(kinds) < len(results.Metrics)+len(impls.All()) {
		t.Fatalf("a metric, unit or implementation name is used for two kinds of fact: %d distinct names", len(kinds))
	}
	flags := map[string]bool{}
	run.FlagSet(io.Discard).VisitAll(func(f *flag.Flag) { flags[f.Name] = true })
	if len(flags) == 0 {
		t.Fatal("run.FlagSet defines no flags")
	}

	root := filepath.Join("..", "..")
	checked := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && path != root || d.Name() == "out") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		checked++
		unitField := map[*ast.BasicLit]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			if kv, ok := n.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok && id.Name == "Unit" {
					if lit, ok := kv.Value.(*ast.BasicLit); ok {
						unitField[lit] = true
					}
				}
			}
			return true
		})
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Errorf("%s: %v", fset.Position(lit.Pos()), err)
				return true
			}
			kind, ok := kinds[s]
			if !ok || homes[kind] == rel || flags[s] || kind == "unit" && !unitField[lit] {
				return true
			}
			t.Errorf("%s: the %s name %q is written here as a literal; refer to its one source (%s) instead",
				fset.Position(lit.Pos()), kind, s, homes[kind])
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 50 {
		t.Fatalf("checked only %d files: is the walk rooted at the module?", checked)
	}
}
