package cells

import (
	"slices"
	"testing"

	"mapbench/results"
)

// The identity fields are Record's fields but the sample and the measured
// value, named by their CSV columns; the column label is every one of
// them but the table's and the line's. Every field of Record but
// identity's exceptions is a column: a field added later joins the
// grouping.
func TestIdentityFields(t *testing.T) {
	for _, tc := range []struct{ in, want string }{{"RunID", "run_id"}, {"GOMAXPROCS", "gomaxprocs"},
		{"GCPercent", "gc_percent"}, {"GoVersion", "go_version"}, {"N", "n"}, {"CPU", "cpu"}} {
		if got := snake(tc.in); got != tc.want {
			t.Errorf("snake(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	var cols []string
	for _, f := range identityFields() {
		cols = append(cols, f.column)
		if !slices.Contains(results.Columns, f.column) {
			t.Errorf("field %s is named %q, not a CSV column", f.name, f.column)
		}
	}
	want := []string{"host", "go_version", "goos", "goarch", "cpu", "gomaxprocs", "gc_percent", "seed",
		"impl", "impl_version", "scenario", "shape", "n", "presize", "goroutines"}
	if !slices.Equal(cols, want) {
		t.Errorf("identity columns %q, want %q", cols, want)
	}
}
