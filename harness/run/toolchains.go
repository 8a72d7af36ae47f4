// -go: every cell once per Go toolchain, each in a binary that toolchain
// built from this program's own source (docs/running.md, "Go versions
// side by side").

package run

import (
	"context"
	"crypto/sha256"
	"debug/buildinfo"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"time"
)

// maxGoVersions bounds -go: each toolchain is a binary to build (minutes
// the first time) and multiplies the cells.
const maxGoVersions = 8

// toolchainName is a Go toolchain as GOTOOLCHAIN names a release:
// goX.Y.Z, or a release candidate goX.YrcN.
var toolchainName = regexp.MustCompile(`^go[1-9][0-9]*\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*)|rc[1-9][0-9]*)$`)

// languageVersion is goX.Y: a language version, not a toolchain (since
// Go 1.21 a release is goX.Y.0).
var languageVersion = regexp.MustCompile(`^go[1-9][0-9]*\.(0|[1-9][0-9]*)$`)

// targetSetting is a build setting of the target architecture's level.
var targetSetting = regexp.MustCompile(`^GO(AMD64|ARM|ARM64|386|MIPS|MIPS64|PPC64|RISCV64|WASM)$`)

// goVersionForms says what an item of -go may be, for its help and errors.
const goVersionForms = "a Go toolchain name goX.Y.Z such as go1.27.3, or goX.YrcN"

// parseGoVersions reads -go: distinct toolchain names (toolchainName),
// comma-separated, at most maxGoVersions. "" and a list of the running
// toolchain alone are the default, nil: every cell runs in this binary,
// and nothing is built.
func parseGoVersions(value string) ([]string, error) {
	if strings.TrimSpace(value) == "" {
		return nil, nil
	}
	var out []string
	for item := range strings.SplitSeq(value, ",") {
		v := strings.TrimSpace(item)
		if v == "" {
			return nil, usagef("-go: empty item in %q", value)
		}
		if !toolchainName.MatchString(v) {
			hint := ""
			if languageVersion.MatchString(v) {
				hint = fmt.Sprintf("; did you mean %s.0, its first release?", v)
			}
			return nil, usagef("-go: %q is not %s%s", v, goVersionForms, hint)
		}
		if slices.Contains(out, v) {
			return nil, usagef("-go: %s named twice in %q", v, value)
		}
		out = append(out, v)
		if len(out) > maxGoVersions {
			return nil, usagef("-go: more than %d toolchains in %q", maxGoVersions, value)
		}
	}
	if len(out) == 1 && out[0] == runtime.Version() {
		return nil, nil // this binary's own toolchain: nothing to build
	}
	return out, nil
}

// childSource is what the cell binaries of -go are built from: this
// program's main package, in its module's directory.
type childSource struct {
	dir    string // the main module's root: where go build runs
	pkg    string // the main package's import path
	module string // the main module's path
	// want is the build information a cell binary must match (the
	// dependencies' versions and the build settings, sameBuild); nil:
	// not checked.
	want *debug.BuildInfo
	// from says where the source was found, for messages.
	from string
}

// locateSource finds the source of this program's main package; tests
// replace it (a test binary's main package is generated).
var locateSource = findSource

// findSource finds this program's main package (runtime/debug's build
// information names it and its module) in a module directory on disk:
// the directory of main.main's source file, as compiled into the binary
// (the module cache for a binary installed with go install pkg@version),
// else the working directory. The cell binaries are built from there, by
// import path, so a program of your own (package bench) is built as
// itself, with its maps registered.
func findSource(goCmd string) (childSource, error) {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return childSource{}, usagef("-go: this binary has no build information, so the source of its main package is unknown; build it with go build or go run from its module")
	}
	if bi.Path == "" || bi.Path == "command-line-arguments" {
		return childSource{}, usagef("-go: this binary was built from .go files named on the command line, which go build cannot name again; build or go run its package (go run ./cmd/mapbench) instead")
	}
	var dirs []string
	if d := mainSourceDir(); d != "" {
		dirs = append(dirs, d)
	}
	if wd, err := os.Getwd(); err == nil && !slices.Contains(dirs, wd) {
		dirs = append(dirs, wd)
	}
	var tried []string
	for _, dir := range dirs {
		src, err := sourceIn(goCmd, dir, bi.Path, bi.Main.Path)
		if err == nil {
			src.want = bi
			return src, nil
		}
		tried = append(tried, fmt.Sprintf("%s (%v)", dir, err))
	}
	return childSource{}, usagef("-go: cannot find the source of this program's main package %s (module %s), which each toolchain builds its cell binary from; looked in %s; run mapbench from inside that module's directory",
		bi.Path, bi.Main.Path, strings.Join(tried, "; "))
}

// mainSourceDir is the directory of main.main's source file, as compiled
// into this binary, when it is an absolute path that exists ("" with
// -trimpath, or once the directory is gone).
func mainSourceDir() string {
	pcs := make([]uintptr, 128)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(1, pcs)])
	for {
		f, more := frames.Next()
		if f.Function == "main.main" {
			dir := filepath.Dir(f.File)
			if st, err := os.Stat(dir); err == nil && st.IsDir() && filepath.IsAbs(dir) {
				return dir
			}
			return ""
		}
		if !more {
			return ""
		}
	}
}

// sourceIn asks the go command, in dir, where package pkg is; it must be
// in module (the main module this binary was built from).
func sourceIn(goCmd, dir, pkg, module string) (childSource, error) {
	cmd := exec.Command(goCmd, "list", "-f", `{{with .Module}}{{.Path}}{{"\t"}}{{.Dir}}{{end}}`, "--", pkg)
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return childSource{}, fmt.Errorf("go list %s: %s", pkg, oneLine(orElse(stderr.String(), err.Error())))
	}
	path, modDir, _ := strings.Cut(strings.TrimSpace(string(out)), "\t")
	if path != module || modDir == "" {
		return childSource{}, fmt.Errorf("%s is there in module %q, not in %s", pkg, path, module)
	}
	return childSource{dir: modDir, pkg: pkg, module: module, from: dir}, nil
}

// orElse is a, or b when a is blank.
func orElse(a, b string) string {
	if strings.TrimSpace(a) == "" {
		return b
	}
	return a
}

// oneLine folds the go command's output onto one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(strings.TrimSpace(s), "\n", " | ")), " ")
}

// userCacheDir is os.UserCacheDir; tests keep their cell binaries apart
// (not through XDG_CACHE_HOME, which moves the go command's build cache
// too).
var userCacheDir = os.UserCacheDir

// cellCacheDir is where the cell binaries of -go are kept:
// os.UserCacheDir()/mapbench/cell-binaries ($XDG_CACHE_HOME or ~/.cache
// on Linux, ~/Library/Caches on macOS).
func cellCacheDir() (string, error) {
	base, err := userCacheDir()
	if err != nil {
		return "", usagef("-go: no cache directory to keep the cell binaries in: %v (set XDG_CACHE_HOME or HOME)", err)
	}
	dir := filepath.Join(base, "mapbench", "cell-binaries")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", usagef("-go: cannot create %s for the cell binaries: %v", dir, errors.Unwrap(err))
	}
	return dir, nil
}

// cellBinaries makes the binary of every toolchain of versions, before
// any cell runs: each is built by `GOTOOLCHAIN=<v> go build` from this
// program's source (locateSource) into the cache directory
// (cellCacheDir), or found there from an earlier run of the same binary.
// What it does goes to stderr. It returns each toolchain's binary; none
// without -go.
func cellBinaries(versions []string, stderr io.Writer) (map[string]string, error) {
	if len(versions) == 0 {
		return nil, nil
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return nil, usagef("-go: the go command is not on PATH, and it builds the cell binary of each toolchain (%s): install Go (https://go.dev/dl) or add it to PATH",
			strings.Join(versions, ", "))
	}
	src, err := locateSource(goCmd)
	if err != nil {
		return nil, err
	}
	cache, err := cellCacheDir()
	if err != nil {
		return nil, err
	}
	self, err := selfDigest()
	if err != nil {
		return nil, fmt.Errorf("-go: %w", err)
	}
	pruneCellBinaries(cache, time.Now(), stderr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	exes := map[string]string{}
	for _, v := range versions {
		if exes[v], err = buildCellBinary(ctx, goCmd, v, src, cache, self, stderr); err != nil {
			return nil, err
		}
	}
	return exes, nil
}

// cellBinaryTTL is how long a cell binary is kept after its last use. Each
// build of mapbench (each go run after an edit) has binaries of its own,
// tens of MB each, so without a limit the cache only grows.
const cellBinaryTTL = 30 * 24 * time.Hour

// pruneCellBinaries removes the cell binaries in cache (and build
// directories a killed run left) last used more than cellBinaryTTL before
// now, saying so on stderr. It cannot fail a run: a file it cannot remove
// stays, and is named.
func pruneCellBinaries(cache string, now time.Time, stderr io.Writer) {
	entries, err := os.ReadDir(cache)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), "mapbench-") && !strings.HasPrefix(e.Name(), ".build-") {
			continue
		}
		info, err := e.Info()
		if err != nil || now.Sub(info.ModTime()) <= cellBinaryTTL {
			continue
		}
		path := filepath.Join(cache, e.Name())
		if err := os.RemoveAll(path); err != nil {
			fmt.Fprintf(stderr, "mapbench: -go: cannot remove the unused cell binary %s: %v\n", path, err)
			continue
		}
		fmt.Fprintf(stderr, "mapbench: -go: removed %s, unused for %d days\n", path, int(now.Sub(info.ModTime()).Hours()/24))
	}
}

// selfDigest is the SHA-256 of this program's executable: the cache key
// of its cell binaries, so that a program built again (go run after an
// edit) builds its cell binaries again.
func selfDigest() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("cannot find this program's executable: %w", err)
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("reading %s: %w", exe, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// cellBinaryName is the file name of toolchain v's cell binary of src,
// built for the program whose executable has digest self:
// mapbench-<v>-<16 hex digits>.
func cellBinaryName(v string, src childSource, self string) string {
	h := sha256.Sum256([]byte(strings.Join([]string{self, v, src.dir, src.pkg, runtime.GOOS, runtime.GOARCH}, "\x00")))
	return "mapbench-" + v + "-" + hex.EncodeToString(h[:8])
}

// buildCellBinary returns toolchain v's cell binary in cache, building it
// first unless it is there (and is v's build of src). A toolchain the go
// command cannot fetch or use is a usage error naming it, with the go
// command's own message; a build that fails otherwise is a failure.
func buildCellBinary(ctx context.Context, goCmd, v string, src childSource, cache, self string, stderr io.Writer) (string, error) {
	path := filepath.Join(cache, cellBinaryName(v, src, self))
	if err := checkCellBinary(path, v, src); err == nil {
		fmt.Fprintf(stderr, "mapbench: -go %s: cell binary %s (built by an earlier run)\n", v, path)
		now := time.Now()
		_ = os.Chtimes(path, now, now) // used: kept another cellBinaryTTL (pruneCellBinaries); a failure only shortens that
		return path, nil
	}
	args, env := buildCommand(v, src)
	fmt.Fprintf(stderr, "mapbench: -go %s: building the cell binary: GOTOOLCHAIN=%s go %s (in %s; the first build with a toolchain takes minutes)\n",
		v, v, strings.Join(args, " "), src.dir)
	tmp, err := os.MkdirTemp(cache, ".build-"+v+"-")
	if err != nil {
		return "", fmt.Errorf("-go %s: %w", v, err)
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, filepath.Base(path))
	cmd := exec.CommandContext(ctx, goCmd, append([]string{args[0], "-o", out}, args[1:]...)...)
	cmd.Dir, cmd.Env = src.dir, append(os.Environ(), env...)
	msg, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		return "", fmt.Errorf("-go %s: interrupted while building the cell binary", v)
	}
	if err != nil {
		text := oneLine(orElse(string(msg), err.Error()))
		if unavailable(text) {
			return "", usagef("-go: toolchain %s cannot be fetched or used: %s (the go command's message; a release is named like go1.27.3, https://go.dev/dl lists them; the go command fetches a toolchain it lacks through the module proxy, GOPROXY)",
				v, text)
		}
		return "", fmt.Errorf("-go: building the cell binary for %s (GOTOOLCHAIN=%s go %s in %s) failed: %s", v, v, strings.Join(args, " "), src.dir, text)
	}
	if err := checkCellBinary(out, v, src); err != nil {
		return "", fmt.Errorf("-go %s: the binary GOTOOLCHAIN=%s go build made from %s is not this program's: %v", v, v, src.dir, err)
	}
	if err := os.Rename(out, path); err != nil {
		return "", fmt.Errorf("-go %s: %w", v, err)
	}
	return path, nil
}

// buildFlags are the boolean go build flags a cell binary is built with
// when this binary was (its build information records them as "true").
var buildFlags = []string{"-race", "-msan", "-asan", "-trimpath"}

// buildCommand is the go command's arguments (without -o) and the
// environment that build src's cell binary with toolchain v as this
// binary was built: its build tags and flags (buildFlags), and the
// settings of its target (CGO_ENABLED, GOAMD64 and the like,
// GOEXPERIMENT) when it records them.
func buildCommand(v string, src childSource) (args, env []string) {
	args = []string{"build"}
	env = []string{"GOTOOLCHAIN=" + v}
	if src.want != nil {
		for _, s := range src.want.Settings {
			switch {
			case s.Key == "-tags" && s.Value != "":
				args = append(args, "-tags="+s.Value)
			case slices.Contains(buildFlags, s.Key) && s.Value == "true":
				args = append(args, s.Key)
			case s.Key == "CGO_ENABLED" || s.Key == "GOEXPERIMENT" ||
				targetSetting.MatchString(s.Key):
				env = append(env, s.Key+"="+s.Value)
			}
		}
	}
	return append(args, src.pkg), env
}

// unavailable reports whether the go command's message says the
// toolchain itself cannot be had or used (rather than the build failing).
func unavailable(msg string) bool {
	for _, s := range []string{"toolchain not available", "go: download go", "invalid GOTOOLCHAIN", "requires go >=", "GOTOOLCHAIN="} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// checkCellBinary checks that the binary at path is toolchain v's build of
// src's main package, with the dependencies and build settings of the
// binary src was found for (sameBuild).
func checkCellBinary(path, v string, src childSource) error {
	bi, err := buildinfo.ReadFile(path)
	if err != nil {
		return err
	}
	if bi.GoVersion != v {
		return fmt.Errorf("%s was built by %s", path, bi.GoVersion)
	}
	if bi.Path != src.pkg {
		return fmt.Errorf("%s is package %s, not %s", path, bi.Path, src.pkg)
	}
	if src.want != nil {
		return sameBuild(src.want, bi)
	}
	return nil
}

// sameBuild reports, as an error, the first way a cell binary's build
// information differs from this program's, but for the toolchain: another
// main module, another version of a dependency (the source found is not
// the one this program was built from), other build tags or target
// settings, another VCS revision.
func sameBuild(want, got *debug.BuildInfo) error {
	if got.Main.Path != want.Main.Path {
		return fmt.Errorf("main module %s, this program's is %s", got.Main.Path, want.Main.Path)
	}
	deps := func(bi *debug.BuildInfo) map[string]string {
		out := map[string]string{}
		for _, d := range bi.Deps {
			m := d
			if d.Replace != nil {
				m = d.Replace
			}
			out[d.Path] = strings.TrimSpace(m.Path + " " + m.Version + " " + m.Sum)
		}
		return out
	}
	dw, dg := deps(want), deps(got)
	var paths []string
	for p := range dw {
		paths = append(paths, p)
	}
	for p := range dg {
		if _, ok := dw[p]; !ok {
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	none := func(s string) string { return orElse(s, "none") }
	for _, p := range paths {
		if dw[p] != dg[p] {
			return fmt.Errorf("dependency %s: %s, this program has %s: the source found is not the one this program was built from", p, none(dg[p]), none(dw[p]))
		}
	}
	setting := func(bi *debug.BuildInfo, k string) string {
		for _, s := range bi.Settings {
			if s.Key == k {
				return s.Value
			}
		}
		return ""
	}
	for _, k := range append([]string{"-tags", "CGO_ENABLED", "GOOS", "GOARCH", "vcs.revision", "vcs.modified"}, buildFlags...) {
		w, g := setting(want, k), setting(got, k)
		if w != "" && g != "" && w != g {
			return fmt.Errorf("build setting %s=%s, this program's is %s", k, g, w)
		}
	}
	return nil
}
