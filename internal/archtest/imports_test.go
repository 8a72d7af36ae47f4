package archtest

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// allowed lists, per package directory, the mapbench packages and the
// third-party module prefixes its non-test files may import (the standard
// library is always allowed). docs/design.md, Architecture: impls, scenarios and
// results import none of mapbench's packages; results' sub-packages import
// only results and cells, the grouping they share (and plot the report it
// draws, advise the report whose test it reuses, summary the advice it
// ends with); the harness knows impls,
// scenarios and results; the reference shares nothing with mapbench.
var allowed = map[string][]string{
	"impls":                           {"github.com/puzpuzpuz/xsync/v3", "github.com/puzpuzpuz/xsync/v4", "github.com/dolthub/swiss", "github.com/cockroachdb/swiss", "github.com/alphadose/haxmap", "github.com/orcaman/concurrent-map/v2"},
	"scenarios":                       {},
	"trace":                           {"github.com/klauspost/compress/"},
	"trace/convert":                   {"mapbench/trace", "github.com/klauspost/compress/"},
	"results":                         {},
	"results/cells":                   {"mapbench/results", "golang.org/x/perf/"},
	"results/summary":                 {"mapbench/results", "mapbench/results/cells", "mapbench/results/advise"},
	"results/advise":                  {"mapbench/results", "mapbench/results/cells", "mapbench/results/report"},
	"results/report":                  {"mapbench/results", "mapbench/results/cells", "golang.org/x/perf/"},
	"results/plot":                    {"mapbench/results", "mapbench/results/cells", "mapbench/results/report", "gonum.org/v1/plot"},
	"harness/run":                     {"mapbench/harness", "mapbench/impls", "mapbench/scenarios", "mapbench/results", "mapbench/results/cells", "mapbench/results/summary"},
	"harness":                         {"mapbench/impls", "mapbench/scenarios", "mapbench/results", "mapbench/trace", "github.com/HdrHistogram/hdrhistogram-go"},
	"reference":                       {"github.com/puzpuzpuz/xsync/v3", "github.com/dolthub/swiss", "github.com/cockroachdb/swiss"},
	"cmd/mapbench":                    {"mapbench/bench"},
	"internal/cli":                    {"mapbench/", "golang.org/x/perf/"},
	"bench":                           {"mapbench/impls", "mapbench/internal/cli"},
	"examples/custommap":              {"mapbench/bench"},
	"internal/cmd/agree":              {"mapbench/results", "mapbench/scenarios", "golang.org/x/perf/"},
	"internal/cmd/peakbytes":          {"mapbench/harness", "mapbench/results"},
	"internal/cmd/quietcheck":         {"mapbench/results", "mapbench/harness/run"},
	"examples/record":                 {"mapbench/trace"},
	"internal/golden":                 {},
	"internal/refusal":                {},
	"internal/diagcheck":              {},
	"internal/archtest":               {},
	"internal/experiments/strlayout":  {},
	"internal/experiments/cachestate": {},
	"internal/experiments/haxmaploss": {"github.com/alphadose/haxmap"},
}

func TestImportRules(t *testing.T) {
	root := filepath.Join("..", "..")
	seen := map[string]bool{}
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
		rel, err := filepath.Rel(root, filepath.Dir(path))
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		rules, ok := allowed[rel]
		if !ok {
			t.Errorf("%s: package directory %s has no import rule here; add one (docs/design.md, Architecture)", path, rel)
			return nil
		}
		seen[rel] = true
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			p, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				return err
			}
			first, _, _ := strings.Cut(p, "/")
			if !strings.Contains(first, ".") && first != "mapbench" {
				continue // the standard library
			}
			ok := false
			for _, a := range rules {
				if p == a || strings.HasSuffix(a, "/") && strings.HasPrefix(p, a) || strings.HasPrefix(p, a+"/") {
					ok = true
				}
			}
			if !ok {
				t.Errorf("%s imports %s, which docs/design.md, Architecture does not allow", path, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for dir := range allowed {
		if !seen[dir] && dir != "internal/archtest" {
			t.Errorf("rule for %s, which has no Go files: remove it", dir)
		}
	}
}
