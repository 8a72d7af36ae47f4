package scenarios

import (
	"fmt"
	"strings"
	"testing"
)

func TestParseCustom(t *testing.T) {
	for _, tc := range []struct {
		in, canonical, keyPhase string
		phases                  []string
	}{
		{"custom:delete=0.75,refill=0.5,churn=4,order=random,cycles=2", "custom:delete=0.75,refill=0.5,cycles=2,churn=4,order=random", PhaseChurn,
			[]string{"fill", "delete", "refill", "fill", "delete", "refill", "churn"}},
		{"custom:cycles=2,delete=0.5", "custom:delete=0.5,cycles=2", PhaseDelete, []string{"fill", "delete", "fill", "delete"}},
		{"custom:churn=2", "custom:churn=2", PhaseChurn, []string{"fill", "churn"}},
		{"custom:churn=2,order=fifo", "custom:churn=2", PhaseChurn, []string{"fill", "churn"}},
		{"custom:delete=1,refill=1", "custom:delete=1,refill=1", PhaseRefill, []string{"fill", "delete", "refill"}},
		{"custom: delete=0.50 ", "custom:delete=0.5", PhaseDelete, []string{"fill", "delete"}},
	} {
		t.Run(tc.in, func(t *testing.T) {
			s, err := ParseCustom(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if s.Name != tc.canonical || s.KeyPhase != tc.keyPhase {
				t.Errorf("name %q key phase %q, want %q, %q", s.Name, s.KeyPhase, tc.canonical, tc.keyPhase)
			}
			again, err := ParseCustom(s.Name)
			if err != nil || again.Name != s.Name {
				t.Errorf("the canonical name does not parse back to itself: %q, %v", again.Name, err)
			}
			if got, ok := Lookup(s.Name); !ok || got.Name != s.Name {
				t.Errorf("Lookup(%q) = %q, %v", s.Name, got.Name, ok)
			}
			if s.Name != tc.in {
				if _, ok := Lookup(tc.in); ok {
					t.Errorf("Lookup found the non-canonical name %q", tc.in)
				}
			}
			p, err := s.Plan(100, 1)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, ph := range p.Phases {
				got = append(got, ph.Name)
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.phases) {
				t.Errorf("phases %v, want %v", got, tc.phases)
			}
			simulate(t, s, 100, p)
		})
	}
}

func TestParseCustomRefuses(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"custom:delete=1.5", "delete=1.5 is not a fraction 0..1"},
		{"custom:delete=-0.1", "not a fraction"},
		{"custom:delete=NaN", "not a fraction"},
		{"custom:delete=0x1p-1", "not a fraction"},
		{"custom:refill=0.5", "refill needs delete > 0"},
		{"custom:delete=0.5,order=random", "order needs churn > 0"},
		{"custom:churn=65", "churn=65 is not an integer 0..64"},
		{"custom:cycles=0,delete=1", "cycles=0 is not an integer 1..100"},
		{"custom:churn=2,order=lifo", "order=lifo is not fifo or random"},
		{"custom:delete=0.5,delete=0.6", "delete given twice"},
		{"custom:speed=3", `unknown parameter "speed"`},
		{"custom:delete", `"delete" is not key=value`},
		{"custom:", "is not key=value"},
		{"custom:cycles=3", "it deletes nothing"},
	} {
		_, err := ParseCustom(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "allowed: delete=") {
			t.Errorf("ParseCustom(%q) = %v, want an error with %q and the allowed parameters", tc.in, err, tc.want)
		}
	}
}

// Keys a cycle leaves live stay in the map: a custom scenario with
// partial deletes over several cycles, refills and a churn keeps an exact
// account of what is live (simulate replays it), and FIFO churn deletes in
// insertion order.
func TestCustomPlansAreLegal(t *testing.T) {
	for _, name := range []string{
		"custom:delete=0.3,cycles=3",
		"custom:delete=0.75,refill=0.5,cycles=2,churn=4,order=random",
		"custom:delete=0.5,refill=0.2,churn=1",
		"custom:delete=0.9,cycles=2,churn=3",
	} {
		for _, n := range []int{1, 7, 100, 1000} {
			t.Run(fmt.Sprintf("%s/n=%d", name, n), func(t *testing.T) {
				s, err := ParseCustom(name)
				if err != nil {
					t.Fatal(err)
				}
				p, err := s.Plan(n, 3)
				if err != nil && n == 1 && s.Churn > 0 && strings.Contains(err.Error(), "leave none") {
					return // one key, deleted and not refilled: nothing is left for the churn
				}
				if err != nil {
					t.Fatal(err)
				}
				simulate(t, s, n, p)
				if got := s.OpKeys(n); got < totalOps(p) {
					t.Errorf("OpKeys %d < %d keys the ops name", got, totalOps(p))
				}
			})
		}
	}
}

func totalOps(p *Plan) int {
	n := 0
	for _, ph := range p.Phases {
		n += len(ph.Del) + len(ph.Ins)
	}
	return n
}

func TestCustomChurnNeedsLiveKeys(t *testing.T) {
	s, err := ParseCustom("custom:delete=1,churn=2")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Plan(10, 1); err == nil || !strings.Contains(err.Error(), "leave none") {
		t.Fatalf("Plan = %v, want the error that the churn has no live keys", err)
	}
}

// Any name either is refused with the allowed parameters, or parses to a
// canonical name that parses back to the same scenario and plans.
func FuzzParseCustom(f *testing.F) {
	f.Add("custom:delete=0.75,refill=0.5,churn=4,order=random,cycles=2")
	f.Add("custom:churn=1")
	f.Add("custom:delete=1e-3")
	f.Fuzz(func(t *testing.T, name string) {
		s, err := ParseCustom(name)
		if err != nil {
			if !strings.Contains(err.Error(), "allowed: delete=") {
				t.Fatalf("error without the allowed parameters: %v", err)
			}
			return
		}
		again, err := ParseCustom(s.Name)
		if err != nil || again.Name != s.Name || again.DeleteFrac != s.DeleteFrac || again.RefillFrac != s.RefillFrac ||
			again.Cycles != s.Cycles || again.Churn != s.Churn || again.Order != s.Order {
			t.Fatalf("%q → %q does not parse back to the same scenario: %+v, %v", name, s.Name, again, err)
		}
		if p, err := s.Plan(20, 1); err == nil {
			simulate(t, s, 20, p)
		} else if !strings.Contains(err.Error(), "leave none") {
			t.Fatal(err)
		}
	})
}
