package scenarios

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
)

// simulate replays a plan on a set and checks every op is legal: inserts
// are of fresh keys, deletes of live keys, and the phase's Live count and
// the plan's final Live set match.
func simulate(t *testing.T, s Scenario, n int, p *Plan) {
	t.Helper()
	live := map[int32]bool{}
	seen := map[int32]bool{}
	put := func(k int32) {
		if k < 0 || int(k) >= p.Keys {
			t.Fatalf("%s: key %d outside 0..%d", s.Name, k, p.Keys-1)
		}
		if seen[k] {
			t.Fatalf("%s: key %d inserted twice", s.Name, k)
		}
		seen[k], live[k] = true, true
	}
	del := func(k int32) {
		if !live[k] {
			t.Fatalf("%s: delete of key %d that is not live", s.Name, k)
		}
		delete(live, k)
	}
	for _, ph := range p.Phases {
		switch ph.Kind {
		case Insert:
			for _, k := range ph.Ins {
				put(k)
			}
		case Delete:
			for _, k := range ph.Del {
				del(k)
			}
		case Replace:
			if len(ph.Del) != len(ph.Ins) {
				t.Fatalf("%s: replace phase with %d deletes and %d inserts", s.Name, len(ph.Del), len(ph.Ins))
			}
			for i := range ph.Del {
				del(ph.Del[i])
				put(ph.Ins[i])
			}
		case Clear:
			if len(ph.Del)+len(ph.Ins) != 0 || ph.Ops() != 1 {
				t.Fatalf("%s: clear phase with keys or %d ops", s.Name, ph.Ops())
			}
			clear(live)
		case Mixed:
			// A mix overwrites and deletes whatever its Zipf draw names.
			if len(ph.Seq) != len(ph.Ins) {
				t.Fatalf("%s: mixed phase with %d kinds and %d keys", s.Name, len(ph.Seq), len(ph.Ins))
			}
			for i, k := range ph.Ins {
				switch ph.Seq[i] {
				case Insert:
					seen[k], live[k] = true, true
				case Delete:
					delete(live, k)
				case Read:
				default:
					t.Fatalf("%s: mixed op of kind %v", s.Name, ph.Seq[i])
				}
			}
		default:
			t.Fatalf("%s: phase %s has kind %v", s.Name, ph.Name, ph.Kind)
		}
		if len(live) != ph.Live {
			t.Fatalf("%s: phase %s/%d: %d live, plan says %d", s.Name, ph.Name, ph.Step, len(live), ph.Live)
		}
	}
	if len(seen) != p.Keys && !(s.MixedOps > 0 && len(seen) <= p.Keys) {
		t.Fatalf("%s: used %d keys, KeysFor says %d", s.Name, len(seen), p.Keys)
	}
	got := slices.Sorted(func(yield func(int32) bool) {
		for k := range live {
			if !yield(k) {
				return
			}
		}
	})
	want := slices.Sorted(slices.Values(p.Live))
	if !slices.Equal(got, want) {
		t.Fatalf("%s: final live set differs from Plan.Live (%d vs %d keys)", s.Name, len(got), len(want))
	}
}

func TestPlansAreLegalAndComplete(t *testing.T) {
	for _, s := range All() {
		for _, n := range []int{1, 2, 7, 100, 1000} {
			t.Run(fmt.Sprintf("scenario=%s/n=%d", s.Name, n), func(t *testing.T) {
				p, err := s.Plan(n, 42)
				if err != nil {
					t.Fatal(err)
				}
				simulate(t, s, n, p)
			})
		}
	}
}

func TestCatalogueShape(t *testing.T) {
	tests := []struct {
		name                       string
		phases                     []string
		deleted, refilled, churned int // at n=1000
	}{
		{"drain", []string{"fill", "delete"}, 1000, 0, 0},
		{"partial-50", []string{"fill", "delete"}, 500, 0, 0},
		{"partial-90", []string{"fill", "delete"}, 900, 0, 0},
		{"partial-99", []string{"fill", "delete"}, 990, 0, 0},
		{"refill-50", []string{"fill", "delete", "refill"}, 500, 500, 0},
		{"refill-90", []string{"fill", "delete", "refill"}, 900, 900, 0},
		{"churn-fifo", []string{"fill", "churn"}, 0, 0, 8000},
		{"churn-random", []string{"fill", "churn"}, 0, 0, 8000},
		{"cycles", []string{"fill", "delete", "fill", "delete", "fill", "delete", "fill", "delete", "fill", "delete"}, 5000, 0, 0},
		{"clear", []string{"fill", "clear", "refill"}, 0, 1000, 0},
		{"concurrent-drain", []string{"fill", "delete"}, 1000, 0, 0},
		{"concurrent-churn", []string{"fill", "churn"}, 0, 0, 8000},
		{"mixed-zipf", []string{"fill", "mixed"}, 0, 0, 0},
	}
	if len(tests) != len(All()) {
		t.Fatalf("table covers %d scenarios, catalogue has %d", len(tests), len(All()))
	}
	for _, tc := range tests {
		t.Run("scenario="+tc.name, func(t *testing.T) {
			s, ok := Lookup(tc.name)
			if !ok {
				t.Fatalf("scenario %q missing", tc.name)
			}
			p, err := s.Plan(1000, 1)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			var deleted, refilled, churned int
			for _, ph := range p.Phases {
				names = append(names, ph.Name)
				switch ph.Name {
				case "delete":
					deleted += len(ph.Del)
				case "refill":
					refilled += len(ph.Ins)
				case "churn":
					churned += ph.Ops()
					if ph.Checkpoint != 500 {
						t.Errorf("churn checkpoint %d, want n/2=500", ph.Checkpoint)
					}
				}
			}
			if !slices.Equal(names, tc.phases) || deleted != tc.deleted || refilled != tc.refilled || churned != tc.churned {
				t.Errorf("phases %v deleted %d refilled %d churned %d; want %v %d %d %d",
					names, deleted, refilled, churned, tc.phases, tc.deleted, tc.refilled, tc.churned)
			}
		})
	}
}

func TestPlanDeterministic(t *testing.T) {
	for _, s := range All() {
		t.Run("scenario="+s.Name, func(t *testing.T) {
			plan := func(seed uint64) *Plan {
				t.Helper()
				p, err := s.Plan(500, seed)
				if err != nil {
					t.Fatalf("Plan(500, %d): %v", seed, err)
				}
				return p
			}
			a, b := plan(7), plan(7)
			if !reflect.DeepEqual(a, b) {
				t.Errorf("two plans from seed 7 differ")
			}
			c := plan(8)
			if s.DeleteFrac > 0 || s.Order == Random {
				if reflect.DeepEqual(a, c) {
					t.Errorf("seeds 7 and 8 give the same plan")
				}
			}
		})
	}
}

func TestFIFOChurnDeletesOldest(t *testing.T) {
	s := mustLookup(t, "churn-fifo")
	p, err := s.Plan(10, 3)
	if err != nil {
		t.Fatal(err)
	}
	ch := p.Phases[len(p.Phases)-1]
	if ch.Name != "churn" || len(ch.Del) != 80 {
		t.Fatalf("last phase is %s with %d deletes, want churn with 8n = 80", ch.Name, len(ch.Del))
	}
	for i, k := range ch.Del {
		if want := int32(i); k != want { // keys are inserted in index order
			t.Fatalf("op %d deletes key %d, want the oldest, %d", i, k, want)
		}
	}
}

func TestPlanRejectsBadN(t *testing.T) {
	s := mustLookup(t, "churn-random")
	for _, n := range []int{0, -1, 1 << 29} {
		t.Run(fmt.Sprintf("n=%d", n), func(t *testing.T) {
			if _, err := s.Plan(n, 1); err == nil {
				t.Errorf("Plan(%d, 1): no error", n)
			}
		})
	}
}

// mustLookup returns the scenario called name, and fails the test if there
// is none.
func mustLookup(t *testing.T, name string) Scenario {
	t.Helper()
	s, ok := Lookup(name)
	if !ok {
		t.Fatalf("scenario %q missing", name)
	}
	return s
}

func TestLookup(t *testing.T) {
	if _, ok := Lookup("nope"); ok {
		t.Fatal("unknown scenario found")
	}
	names := Names()
	if len(names) != 13 || !slices.Contains(names, "churn-fifo") || !slices.Contains(names, "mixed-zipf") {
		t.Fatalf("Names() = %v", names)
	}
}

func FuzzPlan(f *testing.F) {
	f.Add(uint8(0), uint16(10), uint64(1), uint8(0))
	f.Add(uint8(6), uint16(1), uint64(99), uint8(0))
	f.Add(uint8(11), uint16(50), uint64(3), uint8(3))
	f.Fuzz(func(t *testing.T, which uint8, n uint16, seed uint64, goroutines uint8) {
		all := All()
		s := all[int(which)%len(all)]
		if n == 0 {
			if _, err := s.Plan(0, seed); err == nil {
				t.Fatal("n=0 accepted")
			}
			return
		}
		p, err := s.Plan(int(n%2000)+1, seed)
		if err != nil {
			t.Fatal(err)
		}
		simulate(t, s, int(n%2000)+1, p)
		if g := int(goroutines%8) + 1; s.Concurrent && int(n%2000)+1 >= g {
			p, err := s.PlanWith(int(n%2000)+1, seed, Params{Goroutines: g, Mix: DefaultMix, ZipfS: DefaultZipfS})
			if err != nil {
				t.Fatal(err)
			}
			checkPartitioned(t, p, g)
		}
	})
}
