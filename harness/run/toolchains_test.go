package run

import (
	"bytes"
	"context"
	"debug/buildinfo"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"

	"mapbench/harness"
	"mapbench/results"
)

// -go: toolchain names, validated; the default and the running toolchain
// alone are no list (nothing to build).
func TestParseGoVersions(t *testing.T) {
	var many []string
	for i := range maxGoVersions + 1 {
		many = append(many, "go1.27."+string(rune('0'+i)))
	}
	tests := []struct {
		in   string
		want []string
		err  string // a part of the error; "" for none
	}{
		{"", nil, ""},
		{runtime.Version(), nil, ""},
		{"go1.26.8,go1.27.3", []string{"go1.26.8", "go1.27.3"}, ""},
		{" go1.27.3 , go1.28rc1", []string{"go1.27.3", "go1.28rc1"}, ""},
		{"go1.27.0", []string{"go1.27.0"}, ""},
		{"go1.27", nil, `-go: "go1.27" is not a Go toolchain name goX.Y.Z such as go1.27.3, or goX.YrcN; did you mean go1.27.0, its first release?`},
		{"1.27.3", nil, `-go: "1.27.3" is not a Go toolchain name`},
		{"local", nil, `-go: "local" is not a Go toolchain name`},
		{"go1.27.03", nil, `-go: "go1.27.03" is not`},
		{"go1.27.3 X:boringcrypto", nil, `is not a Go toolchain name`},
		{"go1.27.3,", nil, `-go: empty item in "go1.27.3,"`},
		{"go1.27.3,go1.27.3", nil, `-go: go1.27.3 named twice in "go1.27.3,go1.27.3"`},
		{strings.Join(many, ","), nil, "-go: more than 8 toolchains"},
	}
	for _, tc := range tests {
		got, err := parseGoVersions(tc.in)
		switch {
		case tc.err != "":
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("parseGoVersions(%q) = %v, %v; want an error with %q", tc.in, got, err, tc.err)
			} else if ExitStatus(err) != ExitUsage {
				t.Errorf("parseGoVersions(%q): exit status %d, want %d", tc.in, ExitStatus(err), ExitUsage)
			}
		case err != nil || !slices.Equal(got, tc.want):
			t.Errorf("parseGoVersions(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	o, err := parseRunFlags([]string{"-go", "go1.26.8,go1.27.3"}, io.Discard, nil)
	if err != nil || !slices.Equal(o.cfg.GoVersions, []string{"go1.26.8", "go1.27.3"}) {
		t.Errorf("run -go go1.26.8,go1.27.3: toolchains %q, %v", o.cfg.GoVersions, err)
	}
	if !strings.HasSuffix(runSettingsNote(o.cfg), ";go=go1.26.8,go1.27.3") {
		t.Errorf("run_config %q does not end in the toolchains", runSettingsNote(o.cfg))
	}
	o, err = parseRunFlags(nil, io.Discard, nil)
	if err != nil || strings.Contains(runSettingsNote(o.cfg), "go=") {
		t.Errorf("run without -go: run_config %q names toolchains (%v); it must read as before -go existed", runSettingsNote(o.cfg), err)
	}
}

// runSettingsNote is the run_config note of c.
func runSettingsNote(c harness.Config) string { return results.FormatRunConfig(runSettings(c)) }

// thisModule is the source of the mapbench command in this repository:
// what the tests build cell binaries from (a test binary's own main
// package is generated, so locateSource cannot find it).
func thisModule(t *testing.T) childSource {
	t.Helper()
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH")
	}
	src, err := sourceIn(goCmd, ".", "mapbench/cmd/mapbench", "mapbench")
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// useSource makes the cell binaries of -go in this test from src, into a
// cache directory of the test's own.
func useSource(t *testing.T, src childSource) string {
	t.Helper()
	old := locateSource
	locateSource = func(string) (childSource, error) { return src, nil }
	t.Cleanup(func() { locateSource = old })
	cache := t.TempDir()
	oldCache := userCacheDir
	userCacheDir = func() (string, error) { return cache, nil }
	t.Cleanup(func() { userCacheDir = oldCache })
	return filepath.Join(cache, "mapbench", "cell-binaries")
}

// The cell binary of the running toolchain is built through the same path
// as any other's (no network: the toolchain is here), kept in the cache
// directory, found there the second time, and measures a cell whose rows
// carry its toolchain.
func TestCellBinaryRunningToolchain(t *testing.T) {
	src := thisModule(t)
	if _, err := os.Stat(filepath.Join(src.dir, "go.mod")); err != nil {
		t.Fatalf("source directory %s holds no go.mod: %v", src.dir, err)
	}
	cache := useSource(t, src)
	v := runtime.Version()
	var stderr bytes.Buffer
	exes, err := cellBinaries([]string{v}, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	exe := exes[v]
	if filepath.Dir(exe) != cache || !strings.HasPrefix(filepath.Base(exe), "mapbench-"+v+"-") {
		t.Errorf("cell binary %s, want mapbench-%s-HASH in %s", exe, v, cache)
	}
	bi, err := buildinfo.ReadFile(exe)
	if err != nil || bi.GoVersion != v || bi.Path != "mapbench/cmd/mapbench" {
		t.Fatalf("cell binary %s: %+v, %v; want %s's build of mapbench/cmd/mapbench", exe, bi, err, v)
	}
	if !strings.Contains(stderr.String(), "building the cell binary: GOTOOLCHAIN="+v+" go build") {
		t.Errorf("stderr does not say what it builds:\n%s", stderr.String())
	}
	stderr.Reset()
	again, err := cellBinaries([]string{v}, &stderr)
	if err != nil || again[v] != exe || !strings.Contains(stderr.String(), "built by an earlier run") {
		t.Errorf("second time: %v, %v, stderr %q; want %s from the cache", again, err, stderr.String(), exe)
	}
	entries, err := os.ReadDir(cache)
	if err != nil || len(entries) != 1 {
		t.Errorf("cache directory holds %v (%v), want the one binary (no temporary build directory left)", entries, err)
	}

	cfg := harness.Config{Impls: []string{"native", "cockroach"}, Scenarios: []string{"drain"}, Shapes: []string{"u64"}, Ns: []int{500}, Reps: 1,
		GCPercents: []int{1}, GOMAXPROCS: 1, Seed: 1, Passes: 1, Timeout: time.Minute, GoVersions: []string{v}, Exes: exes}
	env := harness.Environment(cfg)
	env.GoVersion = "go-parent"
	var recs []results.Record
	sum, err := harness.Run(context.Background(), cfg, env, func(rs []results.Record) error {
		recs = append(recs, rs...)
		return nil
	}, nil)
	if err != nil || sum.Failed != 0 || sum.Cells != 2 {
		t.Fatalf("run: %+v, %v; records %v", sum, err, recs)
	}
	for _, r := range recs {
		if r.GoVersion != v {
			t.Fatalf("row of %s says go_version %s, want the cell binary's %s", r.Impl, r.GoVersion, v)
		}
		if r.Impl == "native" && r.ImplVersion != v || r.Impl == "cockroach" && !strings.HasPrefix(r.ImplVersion, "v0.0.0-") {
			t.Fatalf("row of %s says impl_version %s", r.Impl, r.ImplVersion)
		}
	}
}

// otherToolchain is the Go release the test of a second toolchain runs
// (the one issue 20 compares with Go 1.26.8).
const otherToolchain = "go1.27.3"

// A run under another toolchain: its cell binary is built by that
// toolchain (GOTOOLCHAIN), and every row says so. It needs the toolchain
// in the module cache, or the module proxy (CI).
func TestRunUnderOtherToolchain(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a cell binary with " + otherToolchain)
	}
	src := thisModule(t)
	check := exec.Command("go", "version")
	check.Env = append(os.Environ(), "GOTOOLCHAIN="+otherToolchain, "GOPROXY=off")
	if out, err := check.CombinedOutput(); err != nil {
		if os.Getenv("CI") == "" {
			t.Skipf("%s is not in the module cache (%s); `GOTOOLCHAIN=%s go version` fetches it through the module proxy, and CI=true runs this test with the proxy",
				otherToolchain, oneLine(string(out)), otherToolchain)
		}
	}
	useSource(t, src)
	path := filepath.Join(t.TempDir(), "r.csv")
	var stdout, stderr bytes.Buffer
	err := run([]string{"run", "-go", otherToolchain, "-impls", "native", "-scenarios", "drain", "-n", "1000", "-reps", "1",
		"-passes", "1", "-min-phase", "0", "-o", path}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	recs, err := results.ReadCSVFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if r.GoVersion != otherToolchain || r.ImplVersion != otherToolchain {
			t.Fatalf("row says go_version %s, impl_version %s; want %s", r.GoVersion, r.ImplVersion, otherToolchain)
		}
		if r.Metric == results.MetricRunConfig && !strings.Contains(r.Note, ";go="+otherToolchain) {
			t.Errorf("run_config %q does not record -go", r.Note)
		}
	}
	if !strings.Contains(stderr.String(), "building the cell binary: GOTOOLCHAIN="+otherToolchain+" go build") {
		t.Errorf("stderr does not say what it builds:\n%s", stderr.String())
	}
	// The file records the list: -resume alone completes it (nothing to
	// do here, so nothing is built), with rows of a toolchain other than
	// the resuming binary's.
	stdout.Reset()
	stderr.Reset()
	if err := run([]string{"run", "-resume", path}, &stdout, &stderr); err != nil {
		t.Fatalf("resume: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "0 to run") || strings.Contains(stderr.String(), "cell binary") {
		t.Errorf("resume of a complete -go file: stderr %q, want 0 to run and no build", stderr.String())
	}
}

// A toolchain the go command cannot fetch is bad input: one line naming
// -go, the toolchain and the go command's message, exit status 2, and
// neither the -o file nor its lock is made.
func TestRunUnknownToolchain(t *testing.T) {
	useSource(t, thisModule(t))
	t.Setenv("GOPROXY", "off") // no network: the go command answers from the module cache
	path := filepath.Join(t.TempDir(), "r.csv")
	runRefused(t, append([]string{"run", "-go", "go1.99.99", "-o", path}, tinyFlags...),
		[]string{"-go: toolchain go1.99.99 cannot be fetched or used: ", "go: download go1.99.99", "GOPROXY"})
	assertNoFiles(t, path, path+".lock")
}

// Where the cell binaries are built from: the module that holds the main
// package; elsewhere (a binary run outside its module), a usage error that
// says where it looked and what to do.
func TestFindSource(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH")
	}
	src, err := sourceIn(goCmd, ".", "mapbench/cmd/mapbench", "mapbench")
	if err != nil {
		t.Fatal(err)
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if src.dir != root || src.pkg != "mapbench/cmd/mapbench" {
		t.Errorf("source %+v, want the module root %s", src, root)
	}
	if _, err := sourceIn(goCmd, ".", "mapbench/cmd/mapbench", "example.com/other"); err == nil || !strings.Contains(err.Error(), `in module "mapbench", not in example.com/other`) {
		t.Errorf("another module's package: %v", err)
	}
	outside := t.TempDir()
	if _, err := sourceIn(goCmd, outside, "mapbench/cmd/mapbench", "mapbench"); err == nil || !strings.Contains(err.Error(), "go list mapbench/cmd/mapbench: ") {
		t.Errorf("outside the module: %v, want go list's error", err)
	}
	// This test binary's main package is generated: it is found nowhere.
	t.Chdir(outside)
	_, err = findSource(goCmd)
	if err == nil || ExitStatus(err) != ExitUsage || !strings.Contains(err.Error(), "-go: cannot find the source of this program's main package ") ||
		!strings.Contains(err.Error(), outside) || !strings.Contains(err.Error(), "run mapbench from inside that module's directory") ||
		strings.Contains(err.Error(), "\n") {
		t.Errorf("findSource in a test binary run outside its module: %v; want a one-line usage error saying where it looked", err)
	}
}

// A cell binary must be this program but for its toolchain: another
// dependency version (the source found is another), other tags or
// another revision are refused, naming what differs.
func TestSameBuild(t *testing.T) {
	base := func() *debug.BuildInfo {
		return &debug.BuildInfo{GoVersion: "go1.26.8", Path: "mapbench/cmd/mapbench", Main: debug.Module{Path: "mapbench", Version: "(devel)"},
			Deps: []*debug.Module{{Path: "github.com/dolthub/swiss", Version: "v0.2.1", Sum: "h1:a"}},
			Settings: []debug.BuildSetting{{Key: "-tags", Value: "x"}, {Key: "CGO_ENABLED", Value: "1"}, {Key: "GOOS", Value: "linux"},
				{Key: "-trimpath", Value: "true"}}}
	}
	tests := []struct {
		name string
		edit func(*debug.BuildInfo)
		want string // "" for the same build
	}{
		{"another toolchain only", func(b *debug.BuildInfo) { b.GoVersion = "go1.27.3" }, ""},
		{"another main module", func(b *debug.BuildInfo) { b.Main.Path = "other" }, "main module other"},
		{"another dependency version", func(b *debug.BuildInfo) { b.Deps[0].Version = "v0.2.2" },
			"dependency github.com/dolthub/swiss: github.com/dolthub/swiss v0.2.2 h1:a, this program has github.com/dolthub/swiss v0.2.1 h1:a"},
		{"a dependency more", func(b *debug.BuildInfo) { b.Deps = append(b.Deps, &debug.Module{Path: "x.org/y", Version: "v1"}) },
			"dependency x.org/y: x.org/y v1, this program has none"},
		{"a replaced dependency", func(b *debug.BuildInfo) { b.Deps[0].Replace = &debug.Module{Path: "../swiss"} }, "dependency github.com/dolthub/swiss: ../swiss"},
		{"other tags", func(b *debug.BuildInfo) { b.Settings[0].Value = "y" }, "build setting -tags=y, this program's is x"},
		{"cgo off", func(b *debug.BuildInfo) { b.Settings[1].Value = "0" }, "CGO_ENABLED=0"},
		{"without -trimpath", func(b *debug.BuildInfo) { b.Settings[3].Value = "false" }, "build setting -trimpath=false, this program's is true"},
	}
	for _, tc := range tests {
		got := base()
		tc.edit(got)
		err := sameBuild(base(), got)
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	args, env := buildCommand("go1.27.3", childSource{pkg: "p", want: base()})
	if !slices.Equal(args, []string{"build", "-tags=x", "-trimpath", "p"}) || !slices.Equal(env, []string{"GOTOOLCHAIN=go1.27.3", "CGO_ENABLED=1"}) {
		t.Errorf("build command %q, environment %q", args, env)
	}
}

// -resume of a -go file: its rows are of the toolchains its run_config
// lists (not only the resuming binary's); the cells it lacks are those of
// every toolchain; a row of a toolchain the list does not name is refused.
func TestLoadResumeGoVersions(t *testing.T) {
	dir := t.TempDir()
	_, full := completeRun(t, dir)
	v := runtime.Version()
	withList := bytes.ReplaceAll(full, []byte(`;zipf-s=1.1"`), []byte(`;zipf-s=1.1;go=`+v+`,go1.27.3"`))
	if bytes.Equal(withList, full) {
		t.Fatal("the fixture's run_config does not end in zipf-s=1.1")
	}
	_, ends := cellBounds(t, withList)
	// The first cell as if go1.27.3 had measured it.
	other := slices.Concat(withList[:ends[0]], bytes.ReplaceAll(withList[ends[0]:ends[1]], []byte(","+v+","), []byte(",go1.27.3,")), withList[ends[1]:])
	stray := bytes.ReplaceAll(other, []byte(",go1.27.3,"), []byte(",go1.25.9,"))
	for _, tc := range []struct {
		name    string
		data    []byte
		done    int    // cells done
		pending bool   // cells to run
		err     string // a part of the error
	}{
		{"rows of the running toolchain", withList, 4, true, ""},
		{"rows of both", other, 4, true, ""},
		{"a toolchain not listed", stray, 0, false, "this row says go_version go1.25.9, but the file's run_config says -go " + v + ",go1.27.3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "r.csv")
			if err := os.WriteFile(path, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			o, err := parseRunFlags([]string{"-resume", path}, io.Discard, nil)
			if err != nil {
				t.Fatal(err)
			}
			rs, err := loadResume(o, harness.Environment(o.cfg))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(rs.cfg.GoVersions, []string{v, "go1.27.3"}) || len(rs.done) != tc.done || rs.pending() != tc.pending {
				t.Errorf("toolchains %q, %d cells done, pending %v; want both, %d, %v", rs.cfg.GoVersions, len(rs.done), rs.pending(), tc.done, tc.pending)
			}
			if n := len(harness.Cells(rs.cfg)); n != 8 {
				t.Errorf("the run has %d cells, want 8 (4 per toolchain)", n)
			}
			// -go given with -resume must agree with the file, in any order.
			for _, flag := range []string{"go1.27.3," + v, "go1.27.3"} {
				o, err := parseRunFlags([]string{"-resume", path, "-go", flag}, io.Discard, nil)
				if err != nil {
					t.Fatal(err)
				}
				_, err = loadResume(o, harness.Environment(o.cfg))
				if agrees := flag != "go1.27.3"; agrees != (err == nil) {
					t.Errorf("-resume with -go %s: %v", flag, err)
				}
			}
		})
	}
	var ue UsageError
	if _, err := parseGoVersions("x"); !errors.As(err, &ue) {
		t.Errorf("a bad -go is %T, want a UsageError", err)
	}
}

// The cache keeps what was used within cellBinaryTTL and removes older cell
// binaries and left-over build directories, naming each; other files stay.
func TestPruneCellBinaries(t *testing.T) {
	cache := t.TempDir()
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	files := []struct {
		name string
		age  time.Duration
		dir  bool
		kept bool
	}{
		{"mapbench-go1.27.3-0123456789abcdef", cellBinaryTTL + time.Hour, false, false},
		{"mapbench-go1.26.8-fedcba9876543210", cellBinaryTTL - time.Hour, false, true},
		{".build-go1.27.3-123", cellBinaryTTL + time.Hour, true, false},
		{"notes.txt", 10 * cellBinaryTTL, false, true},
	}
	for _, f := range files {
		p := filepath.Join(cache, f.name)
		var err error
		if f.dir {
			err = os.MkdirAll(filepath.Join(p, "sub"), 0o755)
		} else {
			err = os.WriteFile(p, []byte("x"), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, now.Add(-f.age), now.Add(-f.age)); err != nil {
			t.Fatal(err)
		}
	}
	var stderr bytes.Buffer
	pruneCellBinaries(cache, now, &stderr)
	for _, f := range files {
		_, err := os.Stat(filepath.Join(cache, f.name))
		if kept := err == nil; kept != f.kept {
			t.Errorf("%s: kept=%v, want %v (stat: %v)", f.name, kept, f.kept, err)
		}
		if said := strings.Contains(stderr.String(), f.name); said == f.kept {
			t.Errorf("%s: named on stderr=%v, want %v:\n%s", f.name, said, !f.kept, stderr.String())
		}
	}
	if !strings.Contains(stderr.String(), "unused for 30 days") {
		t.Errorf("stderr does not say how long: %s", stderr.String())
	}
}
