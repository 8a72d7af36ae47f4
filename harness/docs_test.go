package harness

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"mapbench/impls"
	"mapbench/internal/golden"
)

// docsImpls is the reference page whose lists this test makes.
const docsImpls = "../docs/impls.md"

// The markers around the generated part of docs/impls.md; the text
// outside them is written by hand.
const (
	genBegin = "<!-- generated from impls/registry.go and harness/shapes.go: go test ./harness -run TestDocsImpls -update -->\n"
	genEnd   = "<!-- end of generated part -->\n"
)

// TestDocsImpls checks the implementation and shape lists of docs/impls.md
// against the registry and the shape table; -update rewrites them.
func TestDocsImpls(t *testing.T) {
	old, err := os.ReadFile(docsImpls)
	if err != nil {
		t.Fatal(err)
	}
	before, rest, ok1 := bytes.Cut(old, []byte(genBegin))
	_, after, ok2 := bytes.Cut(rest, []byte(genEnd))
	if !ok1 || !ok2 {
		t.Fatalf("%s: no generated part between %q and %q", docsImpls, genBegin, genEnd)
	}
	var b bytes.Buffer
	b.Write(before)
	b.WriteString(genBegin)
	b.WriteString(implsDoc())
	b.WriteString(genEnd)
	b.Write(after)
	golden.Check(t, docsImpls, b.Bytes())
}

// implsDoc is the generated part: every built-in implementation in
// registry order, and every shape in documented order.
func implsDoc() string {
	var b strings.Builder
	b.WriteString("\n## Implementations\n\nIn registry order, the order of `mapbench list` and `-impls all`. " +
		"`-impls main` (the default) is every one not opt-in.\n\n")
	b.WriteString("| name | module | concurrent | opt-in | description |\n|---|---|---|---|---|\n")
	for _, im := range impls.All() {
		if strings.HasPrefix(im.Name, "test-") {
			continue // this package's tests' maps
		}
		module := "standard library"
		if im.Module != "" {
			module = "`" + im.Module + "`"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", im.Name, module, yes(im.Concurrent), yes(im.Opt), im.Doc)
	}
	b.WriteString("\n## Shapes\n\nIn documented order (`-shapes`). Key and value bytes are what the harness's " +
		"pre-generated data holds per key and value (the memory guard counts them): the sizes of the data's Go types, and the text of a str key.\n\n")
	b.WriteString("| name | key → value | key B | value B | description |\n|---|---|---|---|---|\n")
	for _, s := range shapes {
		key := fmt.Sprint(s.keySize)
		if s.keyExtra != nil {
			key += " + text"
		}
		val := fmt.Sprint(s.valBytes)
		if s.payload > 0 {
			val += fmt.Sprintf(" (an ID; the map's value points to %d B on the heap)", s.payload)
		}
		fmt.Fprintf(&b, "| `%s` | `%s` | %s | %s | %s |\n", s.name, s.types, key, val, strings.ReplaceAll(s.doc, "|", `\|`))
	}
	b.WriteString("\n")
	return b.String()
}

func yes(v bool) string {
	if v {
		return "yes"
	}
	return ""
}
