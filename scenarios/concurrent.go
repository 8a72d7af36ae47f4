package scenarios

import (
	"fmt"
	"math/rand/v2"
)

// split is the G+1 offsets that cut total ops into G near-equal parts.
func split(total, g int) []int {
	b := make([]int, g+1)
	for i := range b {
		b[i] = int(int64(total) * int64(i) / int64(g))
	}
	return b
}

// planConcurrent builds the plan of a concurrent scenario. Goroutine g owns
// the key indices of its partition and is the only one that writes them,
// so the map's final contents are a function of the plan alone.
func (s Scenario) planConcurrent(n int, seed uint64, prm Params) (*Plan, error) {
	G := prm.Goroutines
	r := rand.New(rand.NewPCG(seed, hashName(s.Name)))
	p := &Plan{Keys: s.KeysFor(n)}
	if s.MixedOps > 0 {
		return s.planMixed(p, n, r, prm)
	}
	// Fill: goroutine g inserts the key indices part[g] = [fb[g], fb[g+1]).
	fb := split(n, G)
	fill := make([]int32, n)
	for i := range fill {
		fill[i] = int32(i)
	}
	p.Phases = append(p.Phases, Phase{Name: PhaseFill, Kind: Insert, Ins: fill, Live: n, Bounds: fb})
	switch {
	case s.DeleteFrac == 1 && s.Churn == 0:
		// Each goroutine deletes its whole partition in its own random order.
		del := make([]int32, n)
		for g := range G {
			part := del[fb[g]:fb[g+1]]
			copy(part, fill[fb[g]:fb[g+1]])
			r.Shuffle(len(part), func(i, j int) { part[i], part[j] = part[j], part[i] })
		}
		p.Phases = append(p.Phases, Phase{Name: PhaseDelete, Kind: Delete, Del: del, Live: 0, Bounds: fb, Readers: s.Readers})
		p.Live = []int32{}
	case s.Churn > 0 && s.Order == FIFO:
		// Goroutine g runs its share of Churn·n ops on its own window (its
		// fill partition, oldest first): op j deletes the oldest live key
		// of the window and inserts a fresh key.
		ops := s.Churn * n
		cb := split(ops, G)
		del := make([]int32, ops)
		ins := make([]int32, ops)
		window := make([]int, G)
		next := int32(n)
		var live []int32
		for g := range G {
			w := fill[fb[g]:fb[g+1]]
			window[g] = len(w)
			gi := ins[cb[g]:cb[g+1]]
			for j := range gi {
				gi[j] = next
				next++
			}
			gd := del[cb[g]:cb[g+1]]
			for j := range gd {
				if j < len(w) {
					gd[j] = w[j]
				} else {
					gd[j] = gi[j-len(w)]
				}
			}
			keep := min(len(w), len(gd))
			live = append(live, w[keep:]...)
			live = append(live, gi[max(len(gi)-len(w), 0):]...)
		}
		p.Phases = append(p.Phases, Phase{Name: PhaseChurn, Kind: Replace, Del: del, Ins: ins, Live: len(live),
			Checkpoint: max(n/2, 1), Bounds: cb, Readers: s.Readers, Window: window})
		p.Live = live
	default:
		return nil, fmt.Errorf("scenario %s: no concurrent plan for this workload", s.Name)
	}
	return p, nil
}

// planMixed: the key indices 0..2n-1 are cut into G partitions; goroutine g
// fills a random half of its partition, then runs its share of MixedOps·n
// ops. Each op is a read (with probability Mix.Reads%), an insert or a
// delete. Keys are chosen by Zipf rank (probability ∝ (1+rank)^-ZipfS)
// within a partition, ranks mapped to keys by a random permutation per
// partition: inserts and deletes in the goroutine's own partition, reads in
// a partition chosen uniformly. With inserts and deletes equally likely the
// expected size stays n.
func (s Scenario) planMixed(p *Plan, n int, r *rand.Rand, prm Params) (*Plan, error) {
	G := prm.Goroutines
	kb := split(2*n, G) // key partitions
	perm := make([][]int32, G)
	present := make([]bool, 2*n)
	var fill []int32
	fb := make([]int, G+1)
	for g := range G {
		lo, hi := kb[g], kb[g+1]
		pg := make([]int32, hi-lo)
		for i := range pg {
			pg[i] = int32(lo + i)
		}
		r.Shuffle(len(pg), func(i, j int) { pg[i], pg[j] = pg[j], pg[i] })
		perm[g] = pg
		// The first half of the shuffled partition is filled (a random half).
		half := pg[:len(pg)/2]
		fill = append(fill, half...)
		for _, k := range half {
			present[k] = true
		}
		fb[g+1] = len(fill)
	}
	p.Phases = append(p.Phases, Phase{Name: PhaseFill, Kind: Insert, Ins: fill, Live: len(fill), Bounds: fb})

	ops := s.MixedOps * n
	ob := split(ops, G)
	keys := make([]int32, ops)
	seq := make([]Kind, ops)
	zipf := make([]*rand.Zipf, G)
	for g := range G {
		zipf[g] = rand.NewZipf(r, prm.ZipfS, 1, uint64(len(perm[g])-1))
	}
	readCut, insCut := prm.Mix.Reads, prm.Mix.Reads+prm.Mix.Inserts
	for g := range G {
		for j := ob[g]; j < ob[g+1]; j++ {
			roll := r.IntN(100)
			part := g
			switch {
			case roll < readCut:
				seq[j] = Read
				part = r.IntN(G)
			case roll < insCut:
				seq[j] = Insert
			default:
				seq[j] = Delete
			}
			k := perm[part][zipf[part].Uint64()]
			keys[j] = k
			switch seq[j] {
			case Insert:
				present[k] = true
			case Delete:
				present[k] = false
			}
		}
	}
	live := make([]int32, 0, n)
	for k, ok := range present {
		if ok {
			live = append(live, int32(k))
		}
	}
	p.Phases = append(p.Phases, Phase{Name: PhaseMixed, Kind: Mixed, Ins: keys, Seq: seq, Live: len(live),
		Checkpoint: max(n/2, 1), Bounds: ob})
	p.Live = live
	return p, nil
}
