package impls

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

// stable are the names docs/design.md, Implementations makes stable, in
// their registry order. A map added later may go anywhere among them; these
// must stay, in this order.
var stable = []string{"native", "syncmap", "xsync", "xsync-growonly", "dolthub", "cockroach",
	"xsync4", "native-mutex", "native-rwmutex", "native-rebuild"}

func TestRegistryNames(t *testing.T) {
	names := Names()
	at := -1
	for _, n := range stable {
		i := slices.Index(names, n)
		if i < 0 {
			t.Errorf("stable name %q is not registered (Names() = %q)", n, names)
			continue
		}
		if i < at {
			t.Errorf("stable name %q comes before the one named before it in %q", n, names)
		}
		at = i
	}
	var main []string
	for _, im := range All() {
		if !im.Opt {
			main = append(main, im.Name)
		}
	}
	if got := MainNames(); !slices.Equal(got, main) {
		t.Fatalf("MainNames() = %q, want every name not opt-in, in registry order: %q", got, main)
	}
	if im, _ := Lookup("native-rebuild"); !im.Opt {
		t.Errorf("native-rebuild is not opt-in: the default comparison would measure a mitigation, not a map")
	}
	seen := map[string]bool{}
	for _, im := range All() {
		if im.Name == "" || seen[im.Name] {
			t.Errorf("name %q empty or duplicated", im.Name)
		}
		seen[im.Name] = true
	}
}

// Each entry's metadata holds: a one-line doc, and a module that go.mod
// requires (its version is what impl_version records), or "" for the
// standard library. Whether Concurrent is true is checked by using the map
// from several goroutines (race_test.go).
func TestRegistryFields(t *testing.T) {
	gomod, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	deps := map[string]bool{}
	for line := range strings.SplitSeq(string(gomod), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && strings.HasPrefix(f[1], "v") && strings.Contains(f[0], "/") {
			deps[f[0]] = true
		}
	}
	for _, im := range All() {
		t.Run("impl="+im.Name, func(t *testing.T) {
			if im.Doc == "" || slices.Contains([]byte(im.Doc), '\n') {
				t.Errorf("Doc %q must be one non-empty line", im.Doc)
			}
			if im.Module != "" && !deps[im.Module] {
				t.Errorf("Module %q is not required by go.mod; impl_version would be unknown", im.Module)
			}
			for _, hint := range []int{0, 1, 1000} {
				t.Run(fmt.Sprintf("hint=%d", hint), func(t *testing.T) {
					u, s := newMap[uint64, uint64](t, im.Name, hint), newMap[string, []byte](t, im.Name, hint)
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
	for _, name := range Names() {
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
	if All()[0].Name != stable[0] {
		t.Fatal("changing All()'s result changed the registry")
	}
}

// withExtra restores the implementations Register added when the test
// ends.
func withExtra(t *testing.T) {
	extraMu.Lock()
	saved := append([]registered(nil), extra...)
	extraMu.Unlock()
	t.Cleanup(func() {
		extraMu.Lock()
		extra = saved
		extraMu.Unlock()
	})
}

func TestRegister(t *testing.T) {
	withExtra(t)
	builtin := len(Names())
	extra := Impl{Name: "native-again", Doc: "the built-in map again"}
	if err := Register(extra, newNative[uint64, uint64]); err != nil {
		t.Fatal(err)
	}
	if got, ok := Lookup("native-again"); !ok || got != extra {
		t.Fatalf("Lookup after Register = %+v, %v", got, ok)
	}
	if names := Names(); names[len(names)-1] != "native-again" || len(names) != builtin+1 {
		t.Fatalf("registered impl not last: %v", names)
	}
	// Registered for u64 only: str is refused until it is registered too.
	if !Supports[uint64, uint64]("native-again") || Supports[string, []byte]("native-again") {
		t.Fatal("Supports disagrees with what was registered")
	}
	if _, err := Constructor[string, []byte]("native-again"); err == nil {
		t.Fatal("Constructor for an unregistered key/value pair succeeded")
	}
	if err := Register(extra, newNative[string, []byte]); err != nil {
		t.Fatal(err)
	}
	m := newMap[string, []byte](t, "native-again", 0)
	m.Put("k", []byte("v"))
	if v, ok := m.Get("k"); !ok || string(v) != "v" {
		t.Fatalf("registered str map: Get after Put = %q, %v", v, ok)
	}
	if len(Names()) != builtin+1 {
		t.Fatalf("a second shape added a second name: %v", Names())
	}
	other := extra
	other.Concurrent = true
	for _, bad := range []struct {
		what string
		err  error
	}{
		{"same pair twice", Register(extra, newNative[uint64, uint64])},
		{"other metadata", Register(other, newNative[StructKey, uint64])},
		{"empty name", Register(Impl{}, newNative[uint64, uint64])},
		{"nil constructor", Register[uint64, uint64](Impl{Name: "no-ctor"}, nil)},
		{"built-in name", Register(Impl{Name: "native"}, newNative[uint64, uint64])},
	} {
		if bad.err == nil {
			t.Errorf("Register accepted: %s", bad.what)
		}
	}
	if _, ok := Lookup("no-ctor"); ok {
		t.Error("a refused Register added a name")
	}
}

// The built-in implementations make maps of every key/value pair but
// those their library cannot hold (unsupported); an unknown name makes
// none.
func TestConstructorBuiltins(t *testing.T) {
	for _, name := range Names() {
		if !Supports[uint64, [3]int8](name) {
			t.Errorf("built-in %s does not support uint64 keys with an arbitrary value", name)
		}
		structOK := !slices.Contains(unsupported[name], structShape.name)
		if got := Supports[StructKey, *Payload](name); got != structOK {
			t.Errorf("built-in %s: Supports of a struct key = %v, want %v", name, got, structOK)
		}
	}
	// haxmap's keys: its library's integer, float and string types.
	for _, ok := range []bool{Supports[int8, int]("haxmap"), Supports[float32, string]("haxmap"),
		Supports[string, *Payload]("haxmap"), Supports[uint, struct{}]("haxmap")} {
		if !ok {
			t.Error("haxmap refuses a key type its library holds")
		}
	}
	type named uint64 // haxmapFor matches key types exactly
	for _, ok := range []bool{Supports[named, int]("haxmap"), Supports[[2]uint64, int]("haxmap"),
		Supports[*Payload, int]("haxmap"), Supports[any, int]("haxmap")} {
		if ok {
			t.Error("haxmap accepts a key type it does not list")
		}
	}
	if _, err := Constructor[StructKey, uint64]("haxmap"); err == nil || !strings.Contains(err.Error(), "haxmap makes no") {
		t.Errorf("Constructor of haxmap with a struct key: %v", err)
	}
	if _, err := Constructor[uint64, uint64]("nope"); err == nil {
		t.Error("Constructor of an unknown name succeeded")
	}
}
