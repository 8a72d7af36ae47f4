package impls

import (
	"fmt"
	"runtime"
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
		t.Run("impl="+im.Name+"/shape=u64", func(t *testing.T) { concurrentDisjoint(t, u64Shape, newMap[uint64, uint64](t, im.Name, 0)) })
		t.Run("impl="+im.Name+"/shape=str", func(t *testing.T) { concurrentDisjoint(t, strShape, newMap[string, []byte](t, im.Name, 0)) })
		t.Run("impl="+im.Name+"/shape=ptr", func(t *testing.T) { concurrentDisjoint(t, ptrShape, newMap[uint64, *Payload](t, im.Name, 0)) })
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

// TestConcurrentBatches runs, for every Concurrent impl, 4 goroutines on one
// shared map, each on its own keys, through the Batcher methods: PutAll
// all, DeleteAll the odd ones, ReplaceAll every fourth (deleted) by a key of
// its own outside the first range, with Len called between the batches.
// The final contents are checked from the test goroutine. Run it with
// -race to check the batch paths, like the single ops, are synchronised.
func TestConcurrentBatches(t *testing.T) {
	for _, im := range All() {
		if !im.Concurrent {
			continue
		}
		t.Run("impl="+im.Name+"/shape=u64", func(t *testing.T) { concurrentBatches(t, u64Shape, newMap[uint64, uint64](t, im.Name, 0)) })
		t.Run("impl="+im.Name+"/shape=str", func(t *testing.T) { concurrentBatches(t, strShape, newMap[string, []byte](t, im.Name, 0)) })
	}
}

func concurrentBatches[K comparable, V any](t *testing.T, sp shape[K, V], m Map[K, V]) {
	const (
		workers = 4
		perG    = 2000
		moved   = workers * perG // ReplaceAll moves id to id+moved
	)
	b, ok := m.(Batcher[K, V])
	if !ok {
		t.Fatalf("%T does not implement Batcher", m)
	}
	first := func(id uint64) V { return sp.valN(id) }
	second := func(id uint64) V { return sp.valN(id + 1<<32) }
	lenNow := func() {
		if l, ok := m.(Lener); ok {
			_ = l.Len()
		}
	}

	var wg sync.WaitGroup
	for g := range uint64(workers) {
		wg.Go(func() {
			var keys, odd, del, ins []K
			var vals, insVals []V
			for id := g * perG; id < (g+1)*perG; id++ {
				keys = append(keys, sp.key(id))
				vals = append(vals, first(id))
				switch {
				case id%2 == 1:
					odd = append(odd, sp.key(id))
				case id%4 == 0:
					del = append(del, sp.key(id))
					ins = append(ins, sp.key(id+moved))
					insVals = append(insVals, second(id))
				}
			}
			b.PutAll(keys, vals)
			lenNow()
			b.DeleteAll(odd)
			lenNow()
			b.ReplaceAll(del, ins, insVals)
			lenNow()
		})
	}
	wg.Wait()

	oracle := map[K]V{}
	for id := range uint64(moved) {
		switch {
		case id%2 == 1:
		case id%4 == 0:
			oracle[sp.key(id+moved)] = second(id)
		default:
			oracle[sp.key(id)] = first(id)
		}
	}
	for id := range uint64(2 * moved) {
		if msg := getMismatch(sp, m, oracle, sp.key(id)); msg != "" {
			t.Fatalf("final contents: %s", msg)
		}
	}
	if msg := lenMismatch(m, len(oracle)); msg != "" {
		t.Fatalf("final contents: %s", msg)
	}
}

// TestBatchLocksPerOp checks, for the adapters that lock the map
// themselves, that a batch does not lock the map for its whole length: a
// goroutine that reads while a batch runs must see the batch's first op
// done and its last op not yet done. A program sharing a map takes its lock
// per op; a Batcher that held one lock across the batch would make every
// other goroutine wait for the whole batch (native_mutex.go). The other
// Concurrent adapters make one library call per op and leave locking to the
// library. The reader waits for the lock like any other goroutine (a
// sync.Mutex may be taken again by the goroutine that just released it,
// until a waiter has waited 1 ms: internal/sync/mutex.go), and may by bad
// luck not be scheduled while the batch runs, so the batch is long (a few
// ms) and each case has a few attempts; a batch-wide lock fails every one.
func TestBatchLocksPerOp(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("needs GOMAXPROCS >= 2 to run a reader beside the batch")
	}
	for _, name := range []string{"native-mutex", "native-rwmutex"} {
		t.Run("impl="+name, func(t *testing.T) { batchLocksPerOp(t, mustLookup(t, name)) })
	}
}

func batchLocksPerOp(t *testing.T, im Impl) {
	const (
		n        = 1 << 18
		attempts = 5
	)
	keys, vals, moved := make([]uint64, n), make([]uint64, n), make([]uint64, n)
	for i := range keys {
		keys[i], vals[i], moved[i] = uint64(i), uint64(i)+1, uint64(n+i)
	}
	present := func(k uint64) func(Map[uint64, uint64]) bool {
		return func(m Map[uint64, uint64]) bool { _, ok := m.Get(k); return ok }
	}
	absent := func(k uint64) func(Map[uint64, uint64]) bool {
		return func(m Map[uint64, uint64]) bool { _, ok := m.Get(k); return !ok }
	}
	fill := func(m Map[uint64, uint64]) { m.(Batcher[uint64, uint64]).PutAll(keys, vals) }
	for _, tc := range []struct {
		name        string
		setup       func(Map[uint64, uint64])
		batch       func(Batcher[uint64, uint64])
		first, last func(Map[uint64, uint64]) bool // the batch's first and last op are done
	}{
		{"PutAll", nil, func(b Batcher[uint64, uint64]) { b.PutAll(keys, vals) }, present(0), present(n - 1)},
		{"DeleteAll", fill, func(b Batcher[uint64, uint64]) { b.DeleteAll(keys) }, absent(0), absent(n - 1)},
		{"ReplaceAll", fill, func(b Batcher[uint64, uint64]) { b.ReplaceAll(keys, moved, vals) }, absent(0), present(2*n - 1)},
	} {
		t.Run("batch="+tc.name, func(t *testing.T) {
			for range attempts {
				m := newMap[uint64, uint64](t, im.Name, 0)
				if tc.setup != nil {
					tc.setup(m)
				}
				started, midway := make(chan struct{}), make(chan bool, 1)
				go func() {
					close(started)
					for !tc.first(m) {
					}
					midway <- !tc.last(m)
				}()
				<-started
				tc.batch(m.(Batcher[uint64, uint64]))
				if <-midway {
					return
				}
			}
			t.Errorf("in %d attempts, a reader never ran between the first and the last op of a batch of %d: the batch holds a lock across its ops", attempts, n)
		})
	}
}
