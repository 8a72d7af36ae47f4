// Command custommap measures a map that mapbench does not ship, with no
// fork: a built-in map copied into a fresh one every 1024 deletes.
//
//	go run ./examples/custommap run -impls rebuilt,native -scenarios drain
package main

import (
	"errors"
	"log"
	"maps"

	"mapbench/bench"
)

type rebuilt[K comparable, V any] struct {
	m       map[K]V
	deletes int
}

func newRebuilt[K comparable, V any](hint int) bench.Map[K, V] {
	return &rebuilt[K, V]{m: make(map[K]V, hint)}
}

func (r *rebuilt[K, V]) Put(k K, v V)      { r.m[k] = v }
func (r *rebuilt[K, V]) Get(k K) (V, bool) { v, ok := r.m[k]; return v, ok }

func (r *rebuilt[K, V]) Delete(k K) {
	delete(r.m, k)
	if r.deletes++; r.deletes%1024 == 0 { // copy what is left into a fresh map
		r.m = maps.Collect(maps.All(r.m))
	}
}

func main() {
	im := bench.Impl{Name: "rebuilt", Doc: "built-in map copied into a fresh one every 1024 deletes"}
	if err := errors.Join(bench.Register(im, newRebuilt[uint64, uint64]), bench.Register(im, newRebuilt[string, []byte])); err != nil {
		log.Fatal(err)
	}
	bench.Main()
}
