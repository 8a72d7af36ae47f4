package scenarios

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// writes lists, per goroutine, the keys its ops write (insert or delete)
// in phase ph, in op order.
func writes(ph *Phase, g int) []int32 {
	lo, hi := ph.Part(g)
	var out []int32
	for j := lo; j < hi; j++ {
		switch ph.Kind {
		case Insert:
			out = append(out, ph.Ins[j])
		case Delete:
			out = append(out, ph.Del[j])
		case Replace:
			out = append(out, ph.Del[j], ph.Ins[j])
		case Mixed:
			if ph.Seq[j] != Read {
				out = append(out, ph.Ins[j])
			}
		}
	}
	return out
}

// replay applies phase ph's ops of goroutine g to live.
func replay(ph *Phase, g int, live map[int32]bool) {
	lo, hi := ph.Part(g)
	for j := lo; j < hi; j++ {
		switch ph.Kind {
		case Insert:
			live[ph.Ins[j]] = true
		case Delete:
			delete(live, ph.Del[j])
		case Replace:
			delete(live, ph.Del[j])
			live[ph.Ins[j]] = true
		case Mixed:
			switch ph.Seq[j] {
			case Insert:
				live[ph.Ins[j]] = true
			case Delete:
				delete(live, ph.Ins[j])
			}
		}
	}
}

// A concurrent plan's goroutines write disjoint keys, so its final contents
// do not depend on how they interleave: replaying the goroutines one after
// the other, in forward or in reverse order, gives Plan.Live either way.
func TestConcurrentPlansArePartitioned(t *testing.T) {
	for _, s := range All() {
		if !s.Concurrent {
			continue
		}
		for _, g := range []int{1, 2, 3, 4} {
			for _, n := range []int{4, 7, 100, 1000} {
				t.Run(fmt.Sprintf("scenario=%s/goroutines=%d/n=%d", s.Name, g, n), func(t *testing.T) {
					p, err := s.PlanWith(n, 42, Params{Goroutines: g, Mix: DefaultMix, ZipfS: DefaultZipfS})
					if err != nil {
						t.Fatal(err)
					}
					checkPartitioned(t, p, g)
				})
			}
		}
	}
}

// checkPartitioned checks that plan p's g goroutines write disjoint keys
// and that replaying them one after the other, forward or in reverse,
// gives every phase's Live count and Plan.Live.
func checkPartitioned(t *testing.T, p *Plan, g int) {
	t.Helper()
	owner := map[int32]int{}
	for i := range p.Phases {
		ph := &p.Phases[i]
		if ph.Goroutines() != g || len(ph.Bounds) != g+1 || ph.Bounds[0] != 0 || ph.Bounds[g] != ph.Ops() {
			t.Fatalf("phase %s: bounds %v do not split %d ops among %d goroutines", ph.Name, ph.Bounds, ph.Ops(), g)
		}
		for w := range g {
			for _, k := range writes(ph, w) {
				if o, ok := owner[k]; ok && o != w {
					t.Fatalf("phase %s: key %d written by goroutines %d and %d", ph.Name, k, o, w)
				}
				owner[k] = w
			}
		}
	}
	for _, reverse := range []bool{false, true} {
		live := map[int32]bool{}
		for i := range p.Phases {
			ph := &p.Phases[i]
			order := make([]int, g)
			for w := range order {
				order[w] = w
			}
			if reverse {
				slices.Reverse(order)
			}
			for _, w := range order {
				replay(ph, w, live)
			}
			if len(live) != ph.Live {
				t.Fatalf("phase %s (reverse=%v): %d live, plan says %d", ph.Name, reverse, len(live), ph.Live)
			}
		}
		got := make([]int32, 0, len(live))
		for k := range live {
			got = append(got, k)
		}
		slices.Sort(got)
		if want := slices.Sorted(slices.Values(p.Live)); !slices.Equal(got, want) {
			t.Fatalf("reverse=%v: final live set (%d keys) differs from Plan.Live (%d keys)", reverse, len(got), len(want))
		}
	}
}

// Every goroutine's op stream is a pure function of the plan's inputs.
func TestConcurrentPlansDeterministic(t *testing.T) {
	for _, s := range All() {
		if !s.Concurrent {
			continue
		}
		t.Run("scenario="+s.Name, func(t *testing.T) {
			prm := Params{Goroutines: 3, Mix: Mix{Reads: 50, Inserts: 25, Deletes: 25}, ZipfS: 1.5}
			a, err := s.PlanWith(500, 9, prm)
			if err != nil {
				t.Fatal(err)
			}
			b, err := s.PlanWith(500, 9, prm)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(a, b) {
				t.Fatal("two plans from the same inputs differ")
			}
			c, err := s.PlanWith(500, 10, prm)
			if err != nil {
				t.Fatal(err)
			}
			if reflect.DeepEqual(a.Phases[len(a.Phases)-1], c.Phases[len(c.Phases)-1]) && s.Name != "concurrent-churn" {
				t.Fatal("another seed gave the same last phase")
			}
		})
	}
}

// The mix follows -mix, its keys are Zipf-skewed, and its expected size stays n.
func TestMixedZipf(t *testing.T) {
	s, _ := Lookup("mixed-zipf")
	const n = 20000
	for _, tc := range []struct {
		mix Mix
		z   float64
	}{{DefaultMix, DefaultZipfS}, {Mix{Reads: 50, Inserts: 25, Deletes: 25}, 2}} {
		t.Run(fmt.Sprintf("mix=%d/%d/%d/s=%v", tc.mix.Reads, tc.mix.Inserts, tc.mix.Deletes, tc.z), func(t *testing.T) {
			p, err := s.PlanWith(n, 1, Params{Goroutines: 2, Mix: tc.mix, ZipfS: tc.z})
			if err != nil {
				t.Fatal(err)
			}
			ph := p.Phases[1]
			if ph.Ops() != s.MixedOps*n || ph.Checkpoint != n/2 {
				t.Fatalf("mixed phase: %d ops, checkpoint %d; want %d, %d", ph.Ops(), ph.Checkpoint, s.MixedOps*n, n/2)
			}
			counts := map[Kind]int{}
			hits := map[int32]int{}
			for j, k := range ph.Seq {
				counts[k]++
				hits[ph.Ins[j]]++
			}
			for kind, pct := range map[Kind]int{Read: tc.mix.Reads, Insert: tc.mix.Inserts, Delete: tc.mix.Deletes} {
				got := 100 * float64(counts[kind]) / float64(ph.Ops())
				if got < float64(pct)-1 || got > float64(pct)+1 {
					t.Errorf("%v: %.2f%% of ops, want %d%% ± 1", kind, got, pct)
				}
			}
			most := 0
			for _, c := range hits {
				most = max(most, c)
			}
			// Uniform choice over 2n keys would give about 2 ops per key.
			if most < 100 {
				t.Errorf("the hottest key got %d of %d ops: not skewed", most, ph.Ops())
			}
			if ph.Live < n*9/10 || ph.Live > n*11/10 {
				t.Errorf("%d live after the mix, want n=%d ± 10%%", ph.Live, n)
			}
		})
	}
}

func TestPlanWithRejectsBadParams(t *testing.T) {
	drain, _ := Lookup("drain")
	cd, _ := Lookup("concurrent-drain")
	mz, _ := Lookup("mixed-zipf")
	for _, tc := range []struct {
		s    Scenario
		n    int
		p    Params
		want string
	}{
		{cd, 10, Params{Goroutines: 0}, "goroutines must be >= 1"},
		{drain, 10, Params{Goroutines: 2}, "runs on one goroutine"},
		{cd, 3, Params{Goroutines: 4}, "smaller than goroutines=4"},
		{mz, 10, Params{Goroutines: 1, Mix: Mix{Reads: 90, Inserts: 5, Deletes: 4}, ZipfS: 1.1}, "add up to 100"},
		{mz, 10, Params{Goroutines: 1, Mix: Mix{Reads: 110, Inserts: -5, Deletes: -5}, ZipfS: 1.1}, "add up to 100"},
		{mz, 10, Params{Goroutines: 1, Mix: DefaultMix, ZipfS: 1}, "zipf exponent must be > 1"},
	} {
		_, err := tc.s.PlanWith(tc.n, 1, tc.p)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s n=%d %+v: err = %v, want one containing %q", tc.s.Name, tc.n, tc.p, err, tc.want)
		}
	}
}

// A reader of concurrent-churn reads the writer's window: Window[g] keys
// from position done of the writer's sequence (its fill keys, then its
// inserts); every one of them is live after the writer's first done ops.
func TestChurnWindowIsLive(t *testing.T) {
	s, _ := Lookup("concurrent-churn")
	const n, g = 60, 3
	p, err := s.PlanWith(n, 5, Params{Goroutines: g})
	if err != nil {
		t.Fatal(err)
	}
	fill, ch := &p.Phases[0], &p.Phases[1]
	for w := range g {
		lo, hi := ch.Part(w)
		flo, fhi := fill.Part(w)
		if ch.Window[w] != fhi-flo {
			t.Fatalf("goroutine %d: window %d, its fill has %d keys", w, ch.Window[w], fhi-flo)
		}
		live := map[int32]bool{}
		for _, k := range fill.Ins[flo:fhi] {
			live[k] = true
		}
		for done := 0; done <= hi-lo; done++ {
			for off := range ch.Window[w] {
				pos := done + off
				var k int32
				if pos < hi-lo {
					k = ch.Del[lo+pos]
				} else {
					k = ch.Ins[lo+pos-ch.Window[w]]
				}
				if !live[k] {
					t.Fatalf("goroutine %d after %d ops: window key %d (offset %d) is not live", w, done, k, off)
				}
			}
			if done < hi-lo {
				delete(live, ch.Del[lo+done])
				live[ch.Ins[lo+done]] = true
			}
		}
	}
}
