package run

import (
	"strings"
	"testing"

	"mapbench/harness"
)

// The pairs an implementation cannot hold are left out and the run's first
// line says which; an implementation named one by one that can hold none
// of the shapes is refused.
func TestShapeImpls(t *testing.T) {
	all := harness.Config{Impls: []string{"native", "haxmap"}, Shapes: []string{"u64", "struct", "str"}}
	if got, want := shapeNote(all), "; without the impl-shape pairs its library cannot hold: haxmap struct"; got != want {
		t.Errorf("shapeNote = %q, want %q", got, want)
	}
	if got := shapeNote(harness.Config{Impls: all.Impls, Shapes: []string{"u64", "str"}}); got != "" {
		t.Errorf("shapeNote without a refused pair = %q, want none", got)
	}
	for _, tc := range []struct {
		shapes []string
		named  bool
		want   string // substring of the error; "" = none
	}{
		{all.Shapes, false, ""},
		{all.Shapes, true, ""}, // haxmap keeps its u64 and str cells
		{[]string{"struct"}, false, ""},
		{[]string{"struct"}, true, "-impls, -shapes: impl haxmap cannot hold shape struct"},
	} {
		err := checkShapeImpls(all.Impls, tc.shapes, tc.named)
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("checkShapeImpls(%v, named %v) = %v, want %q", tc.shapes, tc.named, err, tc.want)
		}
	}
}
