// Package golden compares test output with files under testdata, for tests
// only. Importing it registers the -update flag: `go test ./pkg -update`
// rewrites the golden files from the output instead of comparing (look at
// the diff before committing it). A test package that imports golden must
// not define its own -update flag.
package golden

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite golden files from the tests' output")

// Updating reports whether the tests run with -update.
func Updating() bool { return *update }

// Check compares got with the golden file at path (relative to the test's
// package directory). With -update it writes got to path first, creating
// its directory. On a mismatch it reports, with t.Errorf, a line diff of
// the file (-) against got (+).
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatalf("golden: %v", err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatalf("golden: %v", err)
		}
		t.Logf("golden: updated %s", path)
	}
	want := Read(t, path)
	if d := Diff(want, got); d != "" {
		t.Errorf("output differs from %s (run the test with -update if the change is intended):\n--- %s\n+++ got\n%s", path, path, d)
	}
}

// Read returns the contents of the golden file at path, and fails the test
// if it cannot be read.
func Read(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("golden: %v (run the test with -update to create it)", err)
	}
	if err != nil {
		t.Fatalf("golden: %v", err)
	}
	return b
}

// Diff returns a line diff of want (-) against got (+), with up to
// contextLines unchanged lines around each change, or "" when they are
// equal. Lines holding control characters (a CR, say) or invalid UTF-8 are
// shown quoted. At most maxDiffLines changed lines are listed.
func Diff(want, got []byte) string {
	if bytes.Equal(want, got) {
		return ""
	}
	wl, wNL := splitLines(want)
	gl, gNL := splitLines(got)
	ops := lineDiff(wl, gl)
	// Show every change and the unchanged lines within contextLines of one.
	shown := make([]bool, len(ops))
	for i, op := range ops {
		if op.kind != ' ' {
			for j := max(i-contextLines, 0); j <= min(i+contextLines, len(ops)-1); j++ {
				shown[j] = true
			}
		}
	}
	var b strings.Builder
	changed, omitted := 0, 0
	for i, op := range ops {
		if !shown[i] {
			continue
		}
		if op.kind != ' ' && changed == maxDiffLines {
			omitted++
		}
		if omitted > 0 {
			continue // past the cap: count changes, show nothing more
		}
		if op.kind != ' ' {
			changed++
		}
		if i == 0 || !shown[i-1] {
			fmt.Fprintf(&b, "@@ want line %d, got line %d @@\n", op.w+1, op.g+1)
		}
		writeLine(&b, op, wl, gl)
	}
	if omitted > 0 {
		fmt.Fprintf(&b, "... and %d more changed lines\n", omitted)
	}
	if wNL != gNL {
		fmt.Fprintf(&b, "final newline: want %v, got %v\n", wNL, gNL)
	}
	if b.Len() == 0 { // not reachable: equal lines and final newlines mean equal bytes
		b.WriteString("contents differ\n")
	}
	return b.String()
}

const (
	contextLines = 2
	maxDiffLines = 60
	// maxLCSCells bounds the dynamic-programming table of lineDiff; beyond
	// it the differing middle is shown as all removed, then all added.
	maxLCSCells = 1 << 22
)

// splitLines splits b into lines without their "\n", and reports whether
// b ends with one.
func splitLines(b []byte) (lines []string, finalNL bool) {
	if len(b) == 0 {
		return nil, false
	}
	s := string(b)
	finalNL = strings.HasSuffix(s, "\n")
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n"), finalNL
}

// diffOp is one line of a diff: ' ' unchanged, '-' only in want, '+' only
// in got; w and g are the line's (or the next line's) indexes in each.
type diffOp struct {
	kind byte
	w, g int
}

// lineDiff returns a shortest edit script from want to got: the common
// prefix and suffix, and a longest-common-subsequence diff of the middle.
func lineDiff(want, got []string) []diffOp {
	pre := 0
	for pre < len(want) && pre < len(got) && want[pre] == got[pre] {
		pre++
	}
	suf := 0
	for suf < len(want)-pre && suf < len(got)-pre && want[len(want)-1-suf] == got[len(got)-1-suf] {
		suf++
	}
	var ops []diffOp
	for i := range pre {
		ops = append(ops, diffOp{' ', i, i})
	}
	w, g := want[pre:len(want)-suf], got[pre:len(got)-suf]
	n, m := len(w), len(g)
	if (n+1)*(m+1) > maxLCSCells {
		for i := range n {
			ops = append(ops, diffOp{'-', pre + i, pre})
		}
		for j := range m {
			ops = append(ops, diffOp{'+', pre + n, pre + j})
		}
	} else {
		// lcs[i][j]: length of the LCS of w[i:] and g[j:].
		lcs := make([][]int32, n+1)
		for i := range lcs {
			lcs[i] = make([]int32, m+1)
		}
		for i := n - 1; i >= 0; i-- {
			for j := m - 1; j >= 0; j-- {
				if w[i] == g[j] {
					lcs[i][j] = lcs[i+1][j+1] + 1
				} else {
					lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
				}
			}
		}
		i, j := 0, 0
		for i < n || j < m {
			switch {
			case i < n && j < m && w[i] == g[j]:
				ops = append(ops, diffOp{' ', pre + i, pre + j})
				i, j = i+1, j+1
			case i < n && (j == m || lcs[i+1][j] >= lcs[i][j+1]):
				ops = append(ops, diffOp{'-', pre + i, pre + j}) // removals first, as diff -u
				i++
			default:
				ops = append(ops, diffOp{'+', pre + i, pre + j})
				j++
			}
		}
	}
	for k := range suf {
		ops = append(ops, diffOp{' ', len(want) - suf + k, len(got) - suf + k})
	}
	return ops
}

func writeLine(b *strings.Builder, op diffOp, want, got []string) {
	line := ""
	if op.kind == '+' {
		line = got[op.g]
	} else {
		line = want[op.w]
	}
	b.WriteByte(op.kind)
	b.WriteByte(' ')
	b.WriteString(show(line))
	b.WriteByte('\n')
}

// show returns line as it is, or quoted when it holds a control character
// other than tab, or invalid UTF-8.
func show(line string) string {
	if !utf8.ValidString(line) || strings.ContainsFunc(line, func(r rune) bool { return r != '\t' && unicode.IsControl(r) }) {
		return strconv.Quote(line)
	}
	return line
}
