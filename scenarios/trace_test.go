package scenarios

import "testing"

// A trace scenario's name: the label cleaned, the digest 16 hex digits;
// Lookup finds exactly the names TraceName makes.
func TestTraceName(t *testing.T) {
	const d = "0123456789abcdef"
	tests := []struct {
		label, want string
	}{
		{"sessiond", "trace:sessiond@" + d},
		{"examples/record", "trace:examples-record@" + d},
		{"a b@c", "trace:a-b-c@" + d},
		{"", "trace:trace@" + d},
	}
	for _, tc := range tests {
		got := TraceName(tc.label, d)
		if got != tc.want {
			t.Errorf("TraceName(%q) = %q, want %q", tc.label, got, tc.want)
		}
		s, ok := Lookup(got)
		if !ok || !s.Trace || s.KeyPhase != PhaseReplay || s.Name != got {
			t.Errorf("Lookup(%q) = %+v, %v: want the trace scenario", got, s, ok)
		}
		if _, err := s.Plan(10, 1); err == nil {
			t.Errorf("%s: Plan made a plan; a trace's ops come from its file", got)
		}
	}
	for _, bad := range []string{"trace:x@0123", "trace:x@0123456789ABCDEF", "trace:a b@" + d, "trace:x", "trace:@" + d} {
		if _, ok := Lookup(bad); ok {
			t.Errorf("Lookup(%q) found a scenario", bad)
		}
	}
	for phase, want := range map[string]Kind{PhaseReplay: Mixed, PhaseReplayGet: Read, PhaseReplayPut: Insert, PhaseReplayDelete: Delete} {
		if got := OpOf(phase); got != want.String() {
			t.Errorf("OpOf(%q) = %q, want %q", phase, got, want.String())
		}
	}
}
