package diagcheck

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	failed []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.failed = append(r.failed, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	runtime.Goexit()
}

func (r *recorder) Fatal(args ...any) {
	r.failed = append(r.failed, fmt.Sprint(args...))
	runtime.Goexit()
}

// failures runs File on content written to a file and returns what it
// reported.
func failures(t *testing.T, flag string, content []byte) []string {
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, content, 0o644); err != nil {
		t.Fatal(err)
	}
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		File(r, flag, path)
	}()
	<-done
	return r.failed
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	z := gzip.NewWriter(&buf)
	z.Write(b)
	z.Close()
	return buf.Bytes()
}

func TestFile(t *testing.T) {
	var goodGC bytes.Buffer
	for _, p := range passes {
		fmt.Fprintf(&goodGC, "%s%s: x\ngc 1 @0.1s 2%%: ...\n", mark, p)
	}
	tests := []struct {
		name, flag string
		content    []byte
		ok         bool
	}{
		{"empty", "trace", nil, false},
		{"trace", "trace", []byte("go 1.26 trace\x00\x00 ... mapbench phase fill"), true},
		{"trace without phases", "trace", []byte("go 1.26 trace\x00\x00 ..."), false},
		{"not a trace", "trace", []byte("hello"), false},
		{"cpu profile", "cpuprofile", gz([]byte("samples count cpu nanoseconds")), true},
		{"profile not gzip", "cpuprofile", []byte("samples count cpu nanoseconds"), false},
		{"heap profile of cpu kinds", "memprofile", gz([]byte("samples count cpu nanoseconds")), false},
		{"gctrace", "gctrace", goodGC.Bytes(), true},
		{"gctrace with a stray line", "gctrace", append(goodGC.Bytes(), "panic: boom\n"...), false},
		{"gctrace without gc lines", "gctrace", []byte(mark + "cell start\n"), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := failures(t, tc.flag, tc.content)
			if tc.ok && len(got) > 0 {
				t.Errorf("failed on a good file: %q", got)
			}
			if !tc.ok && len(got) == 0 {
				t.Error("passed a bad file")
			}
		})
	}
}
