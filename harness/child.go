package harness

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"

	"mapbench/impls"
)

// childEnv carries the cell spec (JSON) from the parent to the child.
const childEnv = "MAPBENCH_CELL"

// IsChild reports whether this process was started by Run to measure one
// cell. A binary that uses Run must call ChildMain first thing when it is.
func IsChild() bool { return os.Getenv(childEnv) != "" }

// ChildMain measures the cell named in the environment, writes a ChildInfo
// line and its rows to stdout as JSON lines and returns the exit status.
func ChildMain() int {
	if err := child(os.Getenv(childEnv), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "mapbench cell:", err)
		return 3
	}
	return 0
}

func child(specJSON string, stdout io.Writer) error {
	var spec Spec
	if err := json.Unmarshal([]byte(specJSON), &spec); err != nil {
		return fmt.Errorf("bad cell spec: %w", err)
	}
	if spec.Diagnostics.MemProfile != "" {
		// -memprofile: record every allocation, from the start (the
		// runtime wants the rate set once, as early as possible). Only
		// in cells with -memprofile: it slows every allocation down.
		runtime.MemProfileRate = 1
	}
	if spec.Go != "" && spec.Go != runtime.Version() {
		return fmt.Errorf("this cell binary runs %s, and the cell is to run under %s (-go): the parent started the wrong binary", runtime.Version(), spec.Go)
	}
	if spec.MemLimit > 0 {
		if err := limitMemory(spec.MemLimit); err != nil {
			return fmt.Errorf("memory limit: %w", err)
		}
	}
	rows, err := RunCell(spec)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(stdout)
	enc := json.NewEncoder(w)
	im, _ := impls.Lookup(spec.Impl)
	if err := enc.Encode(ChildInfo{GoVersion: runtime.Version(), ImplVersion: impls.Version(im.Module)}); err != nil {
		return err
	}
	for _, r := range rows {
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return w.Flush()
}
