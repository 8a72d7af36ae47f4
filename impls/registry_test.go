package impls

import (
	"fmt"
	"slices"
	"testing"
)

// required are the names docs/design.md, Implementations makes stable, in registry order.
var required = []string{"native", "syncmap", "xsync", "xsync-growonly", "dolthub", "cockroach",
	"xsync4", "native-mutex", "native-rwmutex", "native-rebuild"}

func TestRegistryNames(t *testing.T) {
	if got := Names(); !slices.Equal(got, required) {
		t.Fatalf("Names() = %q, want %q", got, required)
	}
	if got, want := MainNames(), required[:len(required)-1]; !slices.Equal(got, want) {
		t.Fatalf("MainNames() = %q, want %q (native-rebuild is opt-in)", got, want)
	}
	seen := map[string]bool{}
	for _, im := range All() {
		if im.Name == "" || seen[im.Name] {
			t.Errorf("name %q empty or duplicated", im.Name)
		}
		seen[im.Name] = true
	}
}

func TestRegistryFields(t *testing.T) {
	wantModule := map[string]string{
		"native":         "",
		"syncmap":        "",
		"xsync":          "github.com/puzpuzpuz/xsync/v3",
		"xsync-growonly": "github.com/puzpuzpuz/xsync/v3",
		"dolthub":        "github.com/dolthub/swiss",
		"cockroach":      "github.com/cockroachdb/swiss",
		"xsync4":         "github.com/puzpuzpuz/xsync/v4",
		"native-mutex":   "",
		"native-rwmutex": "",
		"native-rebuild": "",
	}
	wantConcurrent := map[string]bool{"syncmap": true, "xsync": true, "xsync-growonly": true,
		"xsync4": true, "native-mutex": true, "native-rwmutex": true}
	for _, im := range All() {
		t.Run("impl="+im.Name, func(t *testing.T) {
			if im.Doc == "" || slices.Contains([]byte(im.Doc), '\n') {
				t.Errorf("Doc %q must be one non-empty line", im.Doc)
			}
			if _, ok := wantModule[im.Name]; !ok {
				t.Errorf("no row in the module table")
			}
			if im.Module != wantModule[im.Name] {
				t.Errorf("Module %q, want %q", im.Module, wantModule[im.Name])
			}
			if im.Concurrent != wantConcurrent[im.Name] {
				t.Errorf("Concurrent %v, want %v", im.Concurrent, wantConcurrent[im.Name])
			}
			if im.NewU64 == nil || im.NewStr == nil {
				t.Fatalf("nil constructor")
			}
			for _, hint := range []int{0, 1, 1000} {
				t.Run(fmt.Sprintf("hint=%d", hint), func(t *testing.T) {
					u, s := im.NewU64(hint), im.NewStr(hint)
					if u == nil || s == nil {
						t.Fatalf("constructed a nil map")
					}
					u.Put(7, 8)
					if v, ok := u.Get(7); !ok || v != 8 {
						t.Errorf("u64: Get after Put = %d, %v", v, ok)
					}
					s.Put("k:7", []byte("v"))
					if v, ok := s.Get("k:7"); !ok || string(v) != "v" {
						t.Errorf("str: Get after Put = %q, %v", v, ok)
					}
				})
			}
		})
	}
}

func TestLookup(t *testing.T) {
	for _, name := range required {
		t.Run("name="+name, func(t *testing.T) {
			im, ok := Lookup(name)
			if !ok || im.Name != name {
				t.Errorf("Lookup(%q) = %q, %v", name, im.Name, ok)
			}
		})
	}
	for _, name := range []string{"", "nope", "Native", "xsync5", "native-Mutex"} {
		t.Run(fmt.Sprintf("name=%q", name), func(t *testing.T) {
			if im, ok := Lookup(name); ok {
				t.Errorf("Lookup(%q) = %q, true; want false", name, im.Name)
			}
		})
	}
}

func TestAllIsACopy(t *testing.T) {
	a := All()
	a[0].Name = "changed"
	if All()[0].Name != required[0] {
		t.Fatal("changing All()'s result changed the registry")
	}
}

func TestRegister(t *testing.T) {
	saved := registry
	t.Cleanup(func() { registry = saved })
	extra := mustLookup(t, "native")
	extra.Name = "native-again"
	if err := Register(extra); err != nil {
		t.Fatal(err)
	}
	if got, ok := Lookup("native-again"); !ok || got.Name != "native-again" {
		t.Fatal("registered impl not found")
	}
	if names := Names(); names[len(names)-1] != "native-again" {
		t.Fatalf("registered impl not last: %v", names)
	}
	for _, bad := range []Impl{extra, {Name: ""}, {Name: "no-ctors"}} {
		if err := Register(bad); err == nil {
			t.Errorf("Register(%q) accepted", bad.Name)
		}
	}
}

// Every registered implementation bounds its peak bytes per entry for every
// shape: the memory guard's 1 KiB default is for implementations registered
// by tests and experiments.
func TestPeakBytesEveryShape(t *testing.T) {
	for _, im := range All() {
		p := im.PeakBytes
		for shape, v := range map[string]int{"u64": p.U64, "str": p.Str, "struct": p.Struct, "v120": p.V120, "v136": p.V136, "ptr": p.Ptr} {
			if v <= 0 {
				t.Errorf("impl %s: PeakBytes for shape %s is %d", im.Name, shape, v)
			}
		}
	}
}
