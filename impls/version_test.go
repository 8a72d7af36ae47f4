package impls

import (
	"fmt"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionStdlib(t *testing.T) {
	if got, want := Version(""), runtime.Version(); got != want {
		t.Errorf(`Version("") = %q, want %q`, got, want)
	}
	if got := Version("example.com/not/a/dependency"); got != "unknown" {
		t.Errorf("Version of a module not linked in = %q, want unknown", got)
	}
}

func TestVersionFrom(t *testing.T) {
	bi := &debug.BuildInfo{Deps: []*debug.Module{
		{Path: "example.com/a", Version: "v1.2.3"},
		{Path: "example.com/b", Version: "v1.0.0", Replace: &debug.Module{Path: "example.com/fork", Version: "v1.0.1"}},
		{Path: "example.com/c", Version: "v2.0.0", Replace: &debug.Module{Path: "../c"}},
	}}
	for _, tc := range []struct {
		name   string
		bi     *debug.BuildInfo
		ok     bool
		module string
		want   string
	}{
		{"dependency", bi, true, "example.com/a", "v1.2.3"},
		{"replaced by a module", bi, true, "example.com/b", "v1.0.1"},
		{"replaced by a directory", bi, true, "example.com/c", "unknown"},
		{"not a dependency", bi, true, "example.com/d", "unknown"},
		{"no build info", nil, false, "example.com/a", "unknown"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := versionFrom(tc.bi, tc.ok, tc.module); got != tc.want {
				t.Errorf("versionFrom(%s, ok=%v) = %q, want %q", tc.module, tc.ok, got, tc.want)
			}
		})
	}
}

// TestVersionInBinary builds and runs testdata/versionprobe, a main program,
// and checks that Version reports, for every registered module, the
// version the go command resolves for this module graph.
func TestVersionInBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	// go test puts $GOROOT/bin first on PATH for the test binary.
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command: %v", err)
	}
	out, err := exec.Command(goCmd, "run", "./testdata/versionprobe").Output()
	if err != nil {
		t.Fatalf("go run ./testdata/versionprobe: %v\n%s", err, stderrOf(err))
	}
	got := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var mod, ver string
		if _, err := fmt.Sscanf(line, "%q %s", &mod, &ver); err != nil {
			t.Fatalf("probe line %q: %v", line, err)
		}
		got[mod] = ver
	}
	if got[""] != runtime.Version() {
		t.Errorf(`probe: Version("") = %q, want %q`, got[""], runtime.Version())
	}
	for _, im := range All() {
		if im.Module == "" {
			continue // the standard library: checked above
		}
		t.Run("impl="+im.Name, func(t *testing.T) {
			// What the go command resolves (the replacement's version if any).
			list, err := exec.Command(goCmd, "list", "-m", "-f", "{{if .Replace}}{{.Replace.Version}}{{else}}{{.Version}}{{end}}", im.Module).Output()
			if err != nil {
				t.Fatalf("go list -m %s: %v\n%s", im.Module, err, stderrOf(err))
			}
			want := strings.TrimSpace(string(list))
			if v := got[im.Module]; v != want || !strings.HasPrefix(v, "v") {
				t.Errorf("Version(%q) = %q in a binary, go list says %q", im.Module, v, want)
			}
		})
	}
}

func stderrOf(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}
