package scenarios

import "testing"

// Every scenario's KeyPhase is a phase its plan has, and OpOf names the
// kind of every phase a plan makes.
func TestKeyPhaseAndOpOf(t *testing.T) {
	for _, s := range All() {
		t.Run("scenario="+s.Name, func(t *testing.T) {
			p, err := s.Plan(100, 1)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, ph := range p.Phases {
				if ph.Name == s.KeyPhase {
					found = true
				}
				if got, want := OpOf(ph.Name), ph.Kind.String(); got != want {
					t.Errorf("OpOf(%q) = %q, but the phase's ops are %q", ph.Name, got, want)
				}
			}
			if !found {
				t.Errorf("KeyPhase %q is not a phase of the plan", s.KeyPhase)
			}
		})
	}
	if got := OpOf(PhaseCycle); got != "" {
		t.Errorf("OpOf(%q) = %q, want \"\" (not a phase of a plan)", PhaseCycle, got)
	}
}
