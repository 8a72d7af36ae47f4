package archtest

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// fuzzLine is one line of the Makefile's fuzz target:
// $(GO) test -run='^$$' -fuzz='^FuzzX$$' -fuzztime=5s ./pkg
var fuzzLine = regexp.MustCompile(`-fuzz='\^(Fuzz\w+)\$\$' -fuzztime=\S+ \./(\S+)`)

var fuzzFunc = regexp.MustCompile(`(?m)^func (Fuzz\w+)\(`)

// TestFuzzTargetsInCI: every fuzz target of the module is fuzzed by `make
// fuzz` (CI), in the package that defines it, and every line of that
// target names one that exists. `go test -fuzz=X ./p` passes silently when
// p has no fuzz target X, so a moved package would otherwise drop out of CI
// without a word.
func TestFuzzTargetsInCI(t *testing.T) {
	root := filepath.Join("..", "..")
	mk, err := os.ReadFile(filepath.Join(root, "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	var inMake []string
	for _, m := range fuzzLine.FindAllStringSubmatch(string(mk), -1) {
		inMake = append(inMake, m[2]+"."+m[1])
	}
	var defined []string
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && path != root || d.Name() == "out") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, filepath.Dir(path))
		if err != nil {
			return err
		}
		for _, m := range fuzzFunc.FindAllStringSubmatch(string(src), -1) {
			defined = append(defined, filepath.ToSlash(rel)+"."+m[1])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(defined) == 0 {
		t.Fatal("no fuzz targets found: is the walk rooted at the module?")
	}
	for _, f := range defined {
		if !slices.Contains(inMake, f) {
			t.Errorf("fuzz target %s is not in the Makefile's fuzz target (add: $(GO) test -run='^$$' -fuzz='^%s$$' -fuzztime=5s ./%s)",
				f, f[strings.LastIndex(f, ".")+1:], f[:strings.LastIndex(f, ".")])
		}
	}
	for _, f := range inMake {
		if !slices.Contains(defined, f) {
			t.Errorf("the Makefile fuzzes %s, which does not exist (go test -fuzz passes silently on it)", f)
		}
	}
}
