// Command haxmaploss is an experiment kept as evidence for why mapbench does
// not list haxmap as safe for concurrent use (impls/haxmap.go): it uses
// github.com/alphadose/haxmap directly, not through mapbench. Each round,
// W goroutines Set keys of their own on one fresh map (disjoint ranges of
// K keys each) and, with -delete, Del every odd key right after its Set;
// when all have returned, the main goroutine Gets every key and counts
// the keys that should be present and are not ("lost") and those that
// should be absent and are not. Nothing runs concurrently with that count.
//
//	go run ./internal/experiments/haxmaploss -rounds 300
//	go run ./internal/experiments/haxmaploss -rounds 300 -delete
//
// It exits 1 if any key was lost, so a future haxmap that fixes this shows.
package main

import (
	"flag"
	"fmt"
	"os"
	"sync"

	"github.com/alphadose/haxmap"
)

func main() {
	rounds := flag.Int("rounds", 300, "rounds, each on a fresh map")
	writers := flag.Int("writers", 4, "goroutines writing at once")
	keys := flag.Int("keys", 2000, "keys per goroutine")
	del := flag.Bool("delete", false, "Del every odd key right after its Set")
	flag.Parse()
	lost, stale := 0, 0
	for range *rounds {
		m := haxmap.New[uint64, uint64]()
		var wg sync.WaitGroup
		for g := range *writers {
			wg.Go(func() {
				for id := uint64(g * *keys); id < uint64((g+1)**keys); id++ {
					m.Set(id, id+1)
					if *del && id%2 == 1 {
						m.Del(id)
					}
				}
			})
		}
		wg.Wait()
		for id := range uint64(*writers * *keys) {
			want := !*del || id%2 == 0
			switch _, ok := m.Get(id); {
			case want && !ok:
				lost++
			case !want && ok:
				stale++
			}
		}
	}
	fmt.Printf("%d rounds x %d writers x %d keys (delete odd: %v): %d present keys missing, %d deleted keys present\n",
		*rounds, *writers, *keys, *del, lost, stale)
	if lost > 0 || stale > 0 {
		os.Exit(1)
	}
}
