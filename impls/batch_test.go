package impls

import (
	"math/rand/v2"
	"testing"
)

// TestBatcherMatchesOneByOne checks every adapter's Batcher methods against
// the built-in map oracle: PutAll, DeleteAll and ReplaceAll (with keys
// deleted, reinserted and overwritten) must leave exactly the entries the
// one-op-at-a-time calls would.
func TestBatcherMatchesOneByOne(t *testing.T) {
	for _, im := range All() {
		for _, st := range shapeTests {
			t.Run("impl="+im.Name+"/shape="+st.name, func(t *testing.T) { st.batch(t, im) })
		}
	}
}

func batchOracle[K comparable, V any](t *testing.T, im Impl, sp shape[K, V]) {
	const space = 600
	r := rand.New(rand.NewPCG(3, 4))
	keys := make([]K, space)
	for i := range keys {
		keys[i] = sp.key(uint64(i))
	}
	pick := func(k int) ([]K, []V) {
		ks, vs := make([]K, k), make([]V, k)
		for i := range ks {
			ks[i], vs[i] = keys[r.IntN(space)], sp.val(r)
		}
		return ks, vs
	}
	m := newMap[K, V](t, im.Name, 0)
	b, ok := m.(Batcher[K, V])
	if !ok {
		t.Fatalf("%s does not implement Batcher for %s", im.Name, sp.name)
	}
	oracle := map[K]V{}
	for round := range 20 {
		ins, vals := pick(200)
		b.PutAll(ins, vals)
		for i, k := range ins {
			oracle[k] = vals[i]
		}
		del, _ := pick(150)
		b.DeleteAll(del)
		for _, k := range del {
			delete(oracle, k)
		}
		rdel, _ := pick(100)
		rins, rvals := pick(100)
		b.ReplaceAll(rdel, rins, rvals)
		for i := range rdel {
			delete(oracle, rdel[i])
			oracle[rins[i]] = rvals[i]
		}
		for _, k := range keys {
			if msg := getMismatch(sp, m, oracle, k); msg != "" {
				t.Fatalf("round %d: %s", round, msg)
			}
		}
		if msg := lenMismatch(m, len(oracle)); msg != "" {
			t.Fatalf("round %d: %s", round, msg)
		}
	}
	if len(oracle) == 0 {
		t.Fatal("test is vacuous: the oracle ended empty")
	}
}
