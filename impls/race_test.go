package impls

import (
	"fmt"
	"sync"
	"testing"
)

// TestConcurrentDisjoint runs, for every Concurrent impl, 4 goroutines on
// one shared map, each on its own keys: put all, read back, delete the odd
// ones, overwrite the even ones, read back. The final contents are checked
// from the test goroutine. Run it with -race to check the adapters add no
// unsynchronised state.
func TestConcurrentDisjoint(t *testing.T) {
	for _, im := range All() {
		if !im.Concurrent {
			continue
		}
		t.Run("impl="+im.Name+"/shape=u64", func(t *testing.T) { concurrentDisjoint(t, u64Shape, im.NewU64(0)) })
		t.Run("impl="+im.Name+"/shape=str", func(t *testing.T) { concurrentDisjoint(t, strShape, im.NewStr(0)) })
	}
}

func concurrentDisjoint[K comparable, V any](t *testing.T, sp shape[K, V], m Map[K, V]) {
	const (
		workers = 4
		perG    = 2000
	)
	first := func(id uint64) V { return sp.valN(id) }
	second := func(id uint64) V { return sp.valN(id + 1<<32) }

	var wg sync.WaitGroup
	errs := make(chan string, workers)
	for g := range uint64(workers) {
		wg.Go(func() {
			lo, hi := g*perG, (g+1)*perG
			fail := func(format string, args ...any) {
				errs <- fmt.Sprintf("goroutine %d: ", g) + fmt.Sprintf(format, args...)
			}
			for id := lo; id < hi; id++ {
				m.Put(sp.key(id), first(id))
			}
			for id := lo; id < hi; id++ {
				if v, ok := m.Get(sp.key(id)); !ok || !sp.eq(v, first(id)) {
					fail("after put, Get(%v) = %s, %v", sp.key(id), sp.show(v), ok)
					return
				}
			}
			for id := lo; id < hi; id++ {
				if id%2 == 1 {
					m.Delete(sp.key(id))
				} else {
					m.Put(sp.key(id), second(id))
				}
			}
			for id := lo; id < hi; id++ {
				v, ok := m.Get(sp.key(id))
				if id%2 == 1 && ok {
					fail("deleted key %v still present", sp.key(id))
					return
				}
				if id%2 == 0 && (!ok || !sp.eq(v, second(id))) {
					fail("after overwrite, Get(%v) = %s, %v", sp.key(id), sp.show(v), ok)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if t.Failed() {
		return
	}

	oracle := map[K]V{}
	for id := range uint64(workers * perG) {
		if id%2 == 0 {
			oracle[sp.key(id)] = second(id)
		}
	}
	for id := range uint64(workers * perG) {
		if msg := getMismatch(sp, m, oracle, sp.key(id)); msg != "" {
			t.Fatalf("final contents: %s", msg)
		}
	}
	if msg := lenMismatch(m, len(oracle)); msg != "" {
		t.Fatalf("final contents: %s", msg)
	}
}
