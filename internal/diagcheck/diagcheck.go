// Package diagcheck checks, for tests only, the files that `mapbench run`
// writes with -trace, -cpuprofile, -memprofile and -gctrace: that each is
// there, not empty, and of its format. It shares no code with the harness
// that writes them (harness/diagnostics.go); the harness's tests and the
// command's both use it.
package diagcheck

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"
)

// mark starts the lines the harness prints into a gctrace file to say
// which pass the gc lines after it belong to.
const mark = "mapbench: "

// passes are the markers of one cell, in order (each marker starts so).
var passes = []string{"cell start", "warm-up", "baseline", "end of the primary pass", "timing passes", "loop-overhead"}

// gcLine is a line the runtime prints with GODEBUG=gctrace=1: "gc N @…",
// or "GC forced" for the periodic forced collection.
var gcLine = regexp.MustCompile(`^(gc \d+ @|GC forced)`)

// File checks the file at path written for the diagnostics flag flag
// ("trace", "cpuprofile", "memprofile" or "gctrace"):
//   - trace: the runtime/trace header ("go 1.NN trace") and the harness's
//     phase log events ("mapbench phase");
//   - cpuprofile, memprofile: a gzip-compressed pprof profile whose string
//     table names the sample types of a CPU or a heap profile;
//   - gctrace: nothing but gc lines and the harness's markers, the markers
//     of one cell in order, and at least one gc line.
func File(t testing.TB, flag, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) == 0 {
		t.Fatalf("%s is empty", path)
	}
	switch flag {
	case "trace":
		if !bytes.HasPrefix(b, []byte("go 1.")) || !bytes.Contains(b[:min(len(b), 16)], []byte(" trace")) {
			t.Errorf("%s does not start like a runtime/trace: %q", path, b[:min(len(b), 16)])
		}
		if !bytes.Contains(b, []byte("mapbench phase")) {
			t.Errorf("%s holds no phase log event", path)
		}
	case "cpuprofile", "memprofile":
		z, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s is not gzip-compressed like a pprof profile: %v", path, err)
		}
		p, err := io.ReadAll(z)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		// The profile's string table names its sample types.
		types := []string{"samples", "count", "cpu", "nanoseconds"}
		if flag == "memprofile" {
			types = []string{"alloc_objects", "alloc_space", "inuse_objects", "inuse_space", "bytes"}
		}
		for _, s := range types {
			if !bytes.Contains(p, []byte(s)) {
				t.Errorf("%s is not a %s profile: no sample type %q", path, flag, s)
			}
		}
	case "gctrace":
		var gcs int
		var marks []string
		for l := range strings.Lines(string(b)) {
			switch {
			case strings.HasPrefix(l, mark):
				marks = append(marks, strings.TrimSpace(strings.TrimPrefix(l, mark)))
			case gcLine.MatchString(l):
				gcs++
			default:
				t.Errorf("%s: line %q is not a gctrace line", path, l)
			}
		}
		if len(marks) != len(passes) {
			t.Fatalf("%s: markers %q, want %d starting %q", path, marks, len(passes), passes)
		}
		for i, m := range marks {
			if !strings.HasPrefix(m, passes[i]) {
				t.Errorf("%s: marker %d is %q, want it to start %q", path, i, m, passes[i])
			}
		}
		if gcs == 0 {
			t.Errorf("%s holds no gc line", path)
		}
	default:
		t.Fatalf("diagcheck: unknown diagnostics flag %q", flag)
	}
}
