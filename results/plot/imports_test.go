package plot_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// docs/design.md §3: results/plot imports only results, results/report
// and gonum.org/v1/plot (besides the standard library).
func TestImports(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			p, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				t.Fatal(err)
			}
			first, _, _ := strings.Cut(p, "/")
			std := !strings.Contains(first, ".") && first != "mapbench"
			if !std && p != "mapbench/results" && p != "mapbench/results/report" && p != "gonum.org/v1/plot" &&
				!strings.HasPrefix(p, "gonum.org/v1/plot/") {
				t.Errorf("%s imports %s", file, p)
			}
		}
	}
}
