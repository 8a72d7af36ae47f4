// Command mapbench compares map implementations under delete-heavy
// workloads: retained heap after deletes, reuse of deleted slots, and
// delete latency under forced GC (README.md; every command and flag:
// docs/cli.md). It is bench.Main with no implementations registered beyond
// those mapbench ships: the same path a user's own program takes
// (examples/custommap).
package main

import "mapbench/bench"

func main() { bench.Main() }
