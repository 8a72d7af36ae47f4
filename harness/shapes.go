package harness

import (
	"fmt"
	"reflect"
	"strings"
	"unsafe"

	"mapbench/impls"
	"mapbench/scenarios"
)

// shapes is every shape, in documented order: the one place a shape is
// defined (docs/impls.md, Add a shape). Each entry gives the shape's name
// and description, its map's key and value types (the type arguments of
// its generator), and how its data is made and sized.
var shapes = []cellShape{
	shapeOf("u64", "uint64 key -> uint64 value", nil, 0, u64Data),
	// The payloads are a shared pool of 32-byte arrays (strData).
	shapeOf("str", `string key "k:<i>" -> 32-byte []byte value`, strKeyBytes, 32*payloads, strData),
	shapeOf("struct", "struct{uint64; uint32} key -> uint64 value", nil, 0, structData),
	shapeOf("v120", "uint64 key -> [120]byte value (just under the built-in map's 128-byte inline limit)", nil, 0, arrayData[[120]byte]),
	shapeOf("v136", "uint64 key -> [136]byte value (just over the built-in map's 128-byte inline limit)", nil, 0, arrayData[[136]byte]),
	// The arena holds the payloads' IDs; the payloads are on the heap
	// (payload.go), counted in the memory guard apart (EstimateBytes).
	shapeOf("ptr", "uint64 key -> pointer to a 1 KiB payload allocated on insert (are deleted payloads released?)", nil, 0, ptrData),
}

// Shape is a shape's name and one-line description, as `mapbench list`
// and docs/impls.md show it.
type Shape struct {
	Name string
	Doc  string
}

// Shapes lists the shapes in documented order.
func Shapes() []Shape {
	out := make([]Shape, len(shapes))
	for i, s := range shapes {
		out[i] = Shape{Name: s.name, Doc: s.doc}
	}
	return out
}

// ShapeNames lists the shape names in documented order.
func ShapeNames() []string {
	out := make([]string, len(shapes))
	for i, s := range shapes {
		out[i] = s.name
	}
	return out
}

// cellShape is what the harness knows of one shape: the arena bytes of a
// key and of a value as the data lays them out (memory.go), whether an
// implementation makes its maps, and how to run a cell of it.
type cellShape struct {
	name, doc string
	types     string             // its maps' key and value types, e.g. "uint64 → []byte"
	keyKind   reflect.Kind       // of its maps' key type (a trace's keys fit it or not: TraceFits)
	keySize   int                // of the key's type
	keyExtra  func(keys int) int // more per key, at most, when the cell uses keys key indices (str's key text); nil: none
	valBytes  int
	shared    uint64 // bytes the shape's data shares between keys (str's payload pool)
	// payload is the heap bytes each Put allocates outside the map (shape
	// ptr's impls.Payload; 0 for the others).
	payload  int
	supports func(impl string) bool
	// open resolves impl's constructor for the shape's map type: before
	// the plan is made and long before the heap baseline, so the cell
	// allocates nothing to find it later.
	open func(impl string) (openCell, error)
}

// openCell is a cell's implementation resolved for its shape.
type openCell struct {
	clears func() bool // whether the implementation's maps have a Clear
	run    func(a *arena, spec Spec, plan *scenarios.Plan) ([]Row, error)
}

// generator makes a cell's data in a, from its plan and seed, with maps
// made by newMap: maps of K to V, which the data (of DK and DV) may wrap
// (shape ptr's payloadMap).
type generator[K comparable, V any, DK comparable, DV any] func(a *arena, p *scenarios.Plan, seed uint64,
	newMap func(hint int) impls.Map[K, V]) *data[DK, DV]

// shapeOf makes a shape's entry. The arena bytes of a key and a value are
// those of DK and DV, plus keyExtra(keys) per key (str's key bytes; nil:
// none) and shared in all.
func shapeOf[K comparable, V any, DK comparable, DV any](name, doc string, keyExtra func(keys int) int, shared uint64,
	gen generator[K, V, DK, DV]) cellShape {
	var dk DK
	var dv DV
	payload := 0 // a map whose values are *impls.Payload gets one per Put (payload.go)
	if reflect.TypeFor[V]() == reflect.TypeFor[*impls.Payload]() {
		payload = impls.PayloadBytes
	}
	return cellShape{
		name: name, doc: doc, types: typeName[K]() + " → " + typeName[V](), valBytes: int(unsafe.Sizeof(dv)), shared: shared, payload: payload,
		keySize: int(unsafe.Sizeof(dk)), keyExtra: keyExtra, keyKind: reflect.TypeFor[K]().Kind(),
		supports: impls.Supports[K, V],
		open: func(impl string) (openCell, error) {
			newMap, err := impls.Constructor[K, V](impl)
			if err != nil {
				return openCell{}, fmt.Errorf("impl %s cannot hold shape %s: %w", impl, name, err)
			}
			return openCell{
				clears: func() bool { return clearerOf(newMap(0)) != nil },
				run: func(a *arena, spec Spec, plan *scenarios.Plan) ([]Row, error) {
					return execute(spec, plan, gen(a, plan, spec.Seed, newMap))
				},
			}, nil
		},
	}
}

// SupportsShape returns nil when the implementation called impl makes
// maps of the named shape, else an error that says which shapes it makes
// (haxmap's keys cannot be structs: impls/haxmap.go). Cells leaves out the
// cells of the pairs it refuses.
func SupportsShape(impl, shape string) error {
	cs, err := lookupShape(shape)
	if err != nil {
		return err
	}
	if cs.supports(impl) {
		return nil
	}
	var ok []string
	for _, s := range shapes {
		if s.supports(impl) {
			ok = append(ok, s.name)
		}
	}
	return fmt.Errorf("impl %s cannot hold shape %s (%s); its shapes: %s", impl, shape, cs.types, strings.Join(ok, ", "))
}

// typeName is T as Go source spells it in package impls' users
// ("impls.StructKey", "[]byte").
func typeName[T any]() string {
	return strings.ReplaceAll(reflect.TypeFor[T]().String(), "uint8", "byte")
}

// keyBytes bounds the arena bytes of one key when the cell uses keys key
// indices.
func (cs *cellShape) keyBytes(keys int) int {
	if cs.keyExtra == nil {
		return cs.keySize
	}
	return cs.keySize + cs.keyExtra(keys)
}

// lookupShape returns the shape called name, or an error naming the
// shapes there are.
func lookupShape(name string) (*cellShape, error) {
	for i := range shapes {
		if shapes[i].name == name {
			return &shapes[i], nil
		}
	}
	return nil, fmt.Errorf("unknown shape %q (shapes: %s)", name, strings.Join(ShapeNames(), ", "))
}
