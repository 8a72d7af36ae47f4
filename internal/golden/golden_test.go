package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	tests := []struct {
		name      string
		want, got string
		diff      string // "" when equal
	}{
		{"equal", "a\nb\n", "a\nb\n", ""},
		{"both empty", "", "", ""},
		{"changed line", "a\nb\nc\n", "a\nB\nc\n", "@@ want line 1, got line 1 @@\n  a\n- b\n+ B\n  c\n"},
		{"added line", "a\nc\n", "a\nb\nc\n", "@@ want line 1, got line 1 @@\n  a\n+ b\n  c\n"},
		{"removed line", "a\nb\nc\n", "a\nc\n", "@@ want line 1, got line 1 @@\n  a\n- b\n  c\n"},
		{"missing final newline", "a\n", "a", "final newline: want true, got false\n"},
		{"from empty", "", "x\n", "@@ want line 1, got line 1 @@\n+ x\nfinal newline: want false, got true\n"},
		{"CR shown quoted", "a\r\nb\n", "a\nb\n", "@@ want line 1, got line 1 @@\n- \"a\\r\"\n+ a\n  b\n"},
		{"tab not quoted", "a\tb\n", "a\tc\n", "@@ want line 1, got line 1 @@\n- a\tb\n+ a\tc\n"},
		{"two hunks", "1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\nX\n3\n4\n5\n6\n7\nY\n9\n",
			"@@ want line 1, got line 1 @@\n  1\n- 2\n+ X\n  3\n  4\n@@ want line 6, got line 6 @@\n  6\n  7\n- 8\n+ Y\n  9\n"},
		{"near changes share a hunk", "1\n2\n3\n4\n5\n", "X\n2\n3\n4\nY\n",
			"@@ want line 1, got line 1 @@\n- 1\n+ X\n  2\n  3\n  4\n- 5\n+ Y\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Diff([]byte(tc.want), []byte(tc.got)); got != tc.diff {
				t.Errorf("Diff(%q, %q) =\n%s\nwant\n%s", tc.want, tc.got, got, tc.diff)
			}
		})
	}
}

func TestDiffCapped(t *testing.T) {
	var want, got strings.Builder
	for i := range 100 {
		fmt.Fprintf(&want, "line %d\n", i)
		fmt.Fprintf(&got, "LINE %d\n", i)
	}
	d := Diff([]byte(want.String()), []byte(got.String()))
	if !strings.HasSuffix(d, "... and 140 more changed lines\n") {
		t.Errorf("200 changed lines: diff does not end with the count of the 140 left out:\n%s", d)
	}
	if n := strings.Count(d, "\n- ") + strings.Count(d, "\n+ "); n != maxDiffLines {
		t.Errorf("%d changed lines shown, want %d", n, maxDiffLines)
	}
}

// TestDiffLarge: past maxLCSCells the middle is shown as removed, then
// added, and the common prefix and suffix still as context.
func TestDiffLarge(t *testing.T) {
	var want, got strings.Builder
	want.WriteString("same start\n")
	got.WriteString("same start\n")
	for i := range 2100 {
		fmt.Fprintf(&want, "w %d\n", i)
		fmt.Fprintf(&got, "g %d\n", i)
	}
	want.WriteString("same end\n")
	got.WriteString("same end\n")
	d := Diff([]byte(want.String()), []byte(got.String()))
	if !strings.HasPrefix(d, "@@ want line 1, got line 1 @@\n  same start\n- w 0\n") || !strings.HasSuffix(d, "... and 4140 more changed lines\n") {
		t.Errorf("diff of 2100 changed lines:\n%s", d)
	}
}

// fakeT records what Check reports. Fatalf ends the calling goroutine, as
// testing.T's does.
type fakeT struct {
	testing.TB
	errors, fatals []string
}

func (f *fakeT) Helper()             {}
func (f *fakeT) Logf(string, ...any) {}
func (f *fakeT) Errorf(format string, a ...any) {
	f.errors = append(f.errors, fmt.Sprintf(format, a...))
}
func (f *fakeT) Fatalf(format string, a ...any) {
	f.fatals = append(f.fatals, fmt.Sprintf(format, a...))
	runtime.Goexit()
}

// check runs Check with a fakeT on its own goroutine.
func check(path string, got []byte) *fakeT {
	f := &fakeT{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		Check(f, path, got)
	}()
	<-done
	return f
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.golden")
	if err := os.WriteFile(path, []byte("a\nb\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if f := check(path, []byte("a\nb\n")); len(f.errors)+len(f.fatals) != 0 {
		t.Errorf("equal output: reported %q %q", f.errors, f.fatals)
	}
	f := check(path, []byte("a\nc\n"))
	if len(f.errors) != 1 || len(f.fatals) != 0 {
		t.Fatalf("different output: errors %q, fatals %q; want one error", f.errors, f.fatals)
	}
	for _, w := range []string{path, "-update", "- b\n+ c\n"} {
		if !strings.Contains(f.errors[0], w) {
			t.Errorf("mismatch message lacks %q:\n%s", w, f.errors[0])
		}
	}

	missing := filepath.Join(dir, "missing.golden")
	if f := check(missing, []byte("x")); len(f.fatals) != 1 || !strings.Contains(f.fatals[0], "-update to create") {
		t.Errorf("missing file: fatals %q, want one advising -update", f.fatals)
	}
}

func TestCheckUpdate(t *testing.T) {
	saved := *update
	*update = true
	t.Cleanup(func() { *update = saved })
	path := filepath.Join(t.TempDir(), "new", "dir", "out.golden")
	if f := check(path, []byte("fresh\n")); len(f.errors)+len(f.fatals) != 0 {
		t.Fatalf("-update: reported %q %q", f.errors, f.fatals)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != "fresh\n" {
		t.Errorf("-update wrote %q, want %q", b, "fresh\n")
	}
	if !Updating() {
		t.Error("Updating() = false under -update")
	}
}
