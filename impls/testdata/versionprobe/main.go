// Command versionprobe prints impls.Version for every registered module, one
// "module version" line each. TestVersionInBinary runs it: unlike a test
// binary, a main binary's build information lists its dependencies.
package main

import (
	"fmt"

	"mapbench/impls"
)

func main() {
	fmt.Printf("%q %s\n", "", impls.Version(""))
	seen := map[string]bool{}
	for _, im := range impls.All() {
		if im.Module != "" && !seen[im.Module] {
			seen[im.Module] = true
			fmt.Printf("%q %s\n", im.Module, impls.Version(im.Module))
		}
	}
}
