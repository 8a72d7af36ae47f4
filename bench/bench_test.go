package bench

import (
	"slices"
	"testing"

	"mapbench/impls"
)

type tiny struct{ m map[uint64]uint64 }

func newTiny(int) Map[uint64, uint64] { return tiny{map[uint64]uint64{}} }

func (t tiny) Put(k, v uint64)             { t.m[k] = v }
func (t tiny) Get(k uint64) (uint64, bool) { v, ok := t.m[k]; return v, ok }
func (t tiny) Delete(k uint64)             { delete(t.m, k) }

// Register adds a map under its name for the shapes it was registered for,
// and refuses what impls.Register refuses.
func TestRegister(t *testing.T) {
	im := Impl{Name: "bench-test-tiny", Doc: "a built-in map in a struct"}
	if err := Register(im, newTiny); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(impls.Names(), im.Name) || !impls.Supports[uint64, uint64](im.Name) || impls.Supports[string, []byte](im.Name) {
		t.Fatalf("after Register: names %v, u64 %v, str %v", impls.Names(), impls.Supports[uint64, uint64](im.Name), impls.Supports[string, []byte](im.Name))
	}
	for _, tc := range []struct {
		what string
		im   Impl
		ctor func(int) Map[uint64, uint64]
	}{
		{"the same shape twice", im, newTiny},
		{"an empty name", Impl{}, newTiny},
		{"a name mapbench ships", Impl{Name: impls.Names()[0]}, newTiny},
		{"a nil constructor", Impl{Name: "bench-test-nil"}, nil},
	} {
		if err := Register(tc.im, tc.ctor); err == nil {
			t.Errorf("Register accepted %s", tc.what)
		}
	}
}
