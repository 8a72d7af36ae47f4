// Package bench runs mapbench from a program of your own, so that it
// measures a map mapbench does not ship, without a fork: register the
// map's constructor, once per shape you want it measured on, then call
// Main, which is the whole mapbench command line (run, list, report, plot:
// the same commands, flags and exit statuses as cmd/mapbench, which is
// Main with nothing registered).
//
//	func main() {
//		im := bench.Impl{Name: "mymap", Doc: "one line for mapbench list"}
//		if err := bench.Register(im, newMyMap[uint64, uint64]); err != nil { // shape u64
//			log.Fatal(err)
//		}
//		bench.Main()
//	}
//
// Then `go run . run -impls mymap,native -scenarios drain` measures it
// beside the built-in map. Every cell runs in a child process that
// re-executes your program, which registers the same maps and enters Main
// again, where it measures the cell: register before Main, and the same
// maps every time. examples/custommap is a complete program.
//
// A shape is a key and a value type (`mapbench list`, SHAPES; docs/impls.md):
// u64 is uint64 to uint64, str string to []byte, struct impls.StructKey to
// uint64, v120 and v136 uint64 to [120]byte and [136]byte, ptr uint64 to
// *impls.Payload. A shape your map was not registered for is left out of
// the run (and refused if your map can hold none of those asked for).
//
// `run -go go1.26.8,go1.27.3` measures every cell under each Go toolchain
// listed: it builds your program again with each (GOTOOLCHAIN=<v> go
// build of your main package, found through the build information and
// the go command in its module's directory), so the cells run your maps
// under every version. Run it from your module (go run . works; a binary
// run outside its module, or built with -trimpath, is refused:
// docs/running.md, "Go versions side by side").
package bench

import (
	"mapbench/impls"
	"mapbench/internal/cli"
)

// Map is what a map must do: Put inserts or overwrites, Get reads (an
// absent key gives the zero value and false), Delete removes (an absent
// key is not an error). Optional methods the harness finds by type
// assertion, such as Len() int and Clear(), are listed in package impls.
type Map[K comparable, V any] = impls.Map[K, V]

// Impl describes a map: its name on the command line and in the CSV, the
// line `mapbench list` shows, and whether it is safe for concurrent use
// (then the concurrent scenarios run it). Opt leaves it out of -impls main.
type Impl = impls.Impl

// Register adds the map described by im, with its constructor for maps of
// K to V (hint is the expected number of entries; 0: no presizing). Call
// it once per shape, with the same im each time, before Main. It fails on
// an empty or taken name (the maps mapbench ships have theirs), a nil
// constructor, or a shape registered twice.
func Register[K comparable, V any](im Impl, newMap func(hint int) Map[K, V]) error {
	return impls.Register(im, newMap)
}

// Main runs the mapbench command line of os.Args and exits with its status
// (docs/cli.md); in a cell's child process it measures the cell. It does
// not return.
func Main() { cli.Main() }
