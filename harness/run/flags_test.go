package run

import (
	"io"
	"slices"
	"testing"
)

// -impls main (the default) leaves the opt-in native-rebuild out; -impls
// all takes it.
func TestImplsMainLeavesOptInOut(t *testing.T) {
	for _, tc := range []struct {
		impls string
		want  bool
	}{{"main", false}, {"all", true}} {
		o, err := parseRunFlags([]string{"-impls", tc.impls}, io.Discard, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := slices.Contains(o.cfg.Impls, "native-rebuild"); got != tc.want {
			t.Errorf("-impls %s takes native-rebuild: %v, want %v", tc.impls, got, tc.want)
		}
	}
}
