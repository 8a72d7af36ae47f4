package impls

import (
	"runtime"
	"runtime/debug"
	"sync"
)

// buildInfo is read once; it does not change while the program runs.
var buildInfo = sync.OnceValues(debug.ReadBuildInfo)

// Version returns the version of module as linked into this binary: for ""
// (the standard library) the Go toolchain version, e.g. "go1.26.8"; for a
// module path its version from the build information, following a replace
// directive when there is one. It returns "unknown" when the binary has no
// build information, does not list the module, or the module is replaced
// by a local directory (which has no version).
//
// Test binaries of non-main packages carry build information without any
// dependencies (golang/go#33976, #76926), so there Version returns
// "unknown" for every module; the mapbench binary lists them.
func Version(module string) string {
	if module == "" {
		return runtime.Version()
	}
	bi, ok := buildInfo()
	return versionFrom(bi, ok, module)
}

func versionFrom(bi *debug.BuildInfo, ok bool, module string) string {
	if !ok || bi == nil {
		return "unknown"
	}
	for _, dep := range bi.Deps {
		if dep.Path != module {
			continue
		}
		if dep.Replace != nil {
			dep = dep.Replace
		}
		if dep.Version == "" {
			return "unknown"
		}
		return dep.Version
	}
	return "unknown"
}
