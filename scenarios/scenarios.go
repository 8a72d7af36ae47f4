// Package scenarios owns mapbench's workloads: the catalogue of delete-heavy
// scenarios (docs/design.md, Scenarios) as data, the shapes they run on (as names), and
// the deterministic op streams ("plans") a cell executes. A plan depends only
// on the scenario, n and the seed, so every implementation receives the same
// keys in the same order.
//
// Keys are named by index (int32): index i is the i-th distinct key the cell
// uses. Turning an index into a concrete key of a shape is the harness's job;
// this package imports none of mapbench's packages.
package scenarios

import (
	"fmt"
	"math/rand/v2"
)

// Order says which live key a churn step deletes.
type Order uint8

const (
	// FIFO deletes the oldest live key (a TTL cache or sliding window).
	FIFO Order = iota + 1
	// Random deletes a uniformly random live key.
	Random
)

// Phase names: the CSV `phase` column of a scenario's phases. PhaseCycle
// is not a phase of a plan: it names the rows that compare the cycles of a
// "cycles" scenario with each other.
const (
	PhaseFill   = "fill"
	PhaseDelete = "delete"
	PhaseRefill = "refill"
	PhaseChurn  = "churn"
	PhaseCycle  = "cycle"
)

// OpOf says what one op of the phase called name is: "insert" (fill,
// refill), "delete", or "delete+insert" (churn); "" for a name that is
// not a phase of a plan.
func OpOf(name string) string {
	switch name {
	case PhaseFill, PhaseRefill:
		return Insert.String()
	case PhaseDelete:
		return Delete.String()
	case PhaseChurn:
		return Replace.String()
	}
	return ""
}

// Scenario is one catalogue row. The fields describe the workload; Plan
// turns them into an op stream.
type Scenario struct {
	Name string
	Doc  string
	Main bool // part of the short default comparison
	// KeyPhase is the phase whose figures answer the scenario's question
	// (summaries show its time, latency and heap).
	KeyPhase string

	// DeleteFrac is the fraction of the n filled keys deleted after the
	// fill, in a seeded random order (1 = all).
	DeleteFrac float64
	// Refill inserts as many new keys as were deleted.
	Refill bool
	// Churn is the number of churn ops as a multiple of n (0 = no churn).
	// One churn op deletes one live key (per Order) and inserts a new key.
	Churn int
	Order Order
	// Cycles repeats fill + delete (of DeleteFrac) this many times, each
	// cycle with new keys. 0 means 1.
	Cycles int
}

var catalogue = []Scenario{
	{Name: "drain", KeyPhase: PhaseDelete, Main: true, DeleteFrac: 1,
		Doc: "fill n, delete all in random order: how much heap a fully deleted map keeps"},
	{Name: "partial-50", KeyPhase: PhaseDelete, DeleteFrac: 0.5,
		Doc: "fill n, delete 50% at random: retained heap vs live entries"},
	{Name: "partial-90", KeyPhase: PhaseDelete, Main: true, DeleteFrac: 0.9,
		Doc: "fill n, delete 90% at random: retained heap vs live entries"},
	{Name: "partial-99", KeyPhase: PhaseDelete, DeleteFrac: 0.99,
		Doc: "fill n, delete 99% at random: retained heap vs live entries"},
	{Name: "refill-50", KeyPhase: PhaseRefill, Main: true, DeleteFrac: 0.5, Refill: true,
		Doc: "fill n, delete 50%, insert as many new keys: are deleted slots reused or does the map grow"},
	{Name: "refill-90", KeyPhase: PhaseRefill, DeleteFrac: 0.9, Refill: true,
		Doc: "fill n, delete 90%, insert as many new keys: are deleted slots reused or does the map grow"},
	{Name: "churn-fifo", KeyPhase: PhaseChurn, Main: true, Churn: 8, Order: FIFO,
		Doc: "fill n, then 8n ops of delete-oldest + insert-new (TTL cache): footprint drift at constant size"},
	{Name: "churn-random", KeyPhase: PhaseChurn, Churn: 8, Order: Random,
		Doc: "fill n, then 8n ops of delete-random + insert-new: footprint drift without FIFO locality"},
	{Name: "cycles", KeyPhase: PhaseDelete, DeleteFrac: 1, Cycles: 5,
		Doc: "5 x (fill n, delete all), new keys each cycle: does each cycle return to the same footprint"},
}

// All returns the catalogue in its documented order.
func All() []Scenario { return append([]Scenario(nil), catalogue...) }

// Lookup finds a scenario by name.
func Lookup(name string) (Scenario, bool) {
	for _, s := range catalogue {
		if s.Name == name {
			return s, true
		}
	}
	return Scenario{}, false
}

// Names lists the scenario names in catalogue order.
func Names() []string {
	out := make([]string, len(catalogue))
	for i, s := range catalogue {
		out[i] = s.Name
	}
	return out
}

// Shape names a key → value type pair. The harness generates the keys.
type Shape struct {
	Name string
	Doc  string
}

var shapes = []Shape{
	{Name: "u64", Doc: "uint64 key -> uint64 value"},
	{Name: "str", Doc: `string key "k:<i>" -> 32-byte []byte value`},
}

// Shapes lists the shapes in documented order.
func Shapes() []Shape { return append([]Shape(nil), shapes...) }

// ShapeNames lists the shape names.
func ShapeNames() []string {
	out := make([]string, len(shapes))
	for i, s := range shapes {
		out[i] = s.Name
	}
	return out
}

// Kind says what one op of a phase does.
type Kind uint8

const (
	Insert  Kind = iota + 1 // Put(Ins[i])
	Delete                  // Delete(Del[i])
	Replace                 // Delete(Del[i]) then Put(Ins[i])
)

func (k Kind) String() string {
	switch k {
	case Insert:
		return "insert"
	case Delete:
		return "delete"
	case Replace:
		return "delete+insert"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Phase is a run of ops of one kind.
type Phase struct {
	Name string // CSV phase: fill, delete, refill, churn
	Step int    // CSV step: cycle index in "cycles", else 0
	Kind Kind
	Del  []int32 // keys deleted, in order (Delete, Replace)
	Ins  []int32 // keys inserted, in order (Insert, Replace)
	// Checkpoint asks for a heap reading every Checkpoint ops (Replace
	// phases: n/2); 0 means only at the end of the phase.
	Checkpoint int
	// Live is the number of entries live after the phase.
	Live int
}

// Ops is the number of ops in the phase.
func (p *Phase) Ops() int { return max(len(p.Del), len(p.Ins)) }

// Plan is a cell's full op stream.
type Plan struct {
	Keys   int // key indices used are 0..Keys-1
	Phases []Phase
	Live   []int32 // keys live at the end, for the checksum
}

// MaxKeys bounds the key indices a plan may use (they are int32).
const MaxKeys = 1 << 31

// KeysFor returns how many distinct keys the scenario uses at size n.
func (s Scenario) KeysFor(n int) int {
	cycles := max(s.Cycles, 1)
	del := s.deleted(n)
	keys := cycles * n
	if s.Refill {
		keys += del
	}
	keys += s.Churn * n
	return keys
}

func (s Scenario) deleted(n int) int {
	d := int(s.DeleteFrac*float64(n) + 0.5)
	return min(max(d, 0), n)
}

// Plan builds the op stream for size n from seed. It is a pure function of
// (s, n, seed).
func (s Scenario) Plan(n int, seed uint64) (*Plan, error) {
	if n <= 0 {
		return nil, fmt.Errorf("scenario %s: n must be > 0, got %d", s.Name, n)
	}
	if k := s.KeysFor(n); k >= MaxKeys || k < 0 {
		return nil, fmt.Errorf("scenario %s: n=%d needs %d keys, more than %d", s.Name, n, k, MaxKeys-1)
	}
	// One stream per scenario name, so scenarios do not share a sequence.
	r := rand.New(rand.NewPCG(seed, hashName(s.Name)))
	p := &Plan{Keys: s.KeysFor(n)}
	next := int32(0) // next fresh key index
	fresh := func(k int) []int32 {
		out := make([]int32, k)
		for i := range out {
			out[i] = next
			next++
		}
		return out
	}
	var live []int32
	for c := range max(s.Cycles, 1) {
		fill := fresh(n)
		p.Phases = append(p.Phases, Phase{Name: PhaseFill, Step: c, Kind: Insert, Ins: fill, Live: n})
		live = fill
		if d := s.deleted(n); d > 0 {
			perm := append([]int32(nil), fill...)
			r.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
			p.Phases = append(p.Phases, Phase{Name: PhaseDelete, Step: c, Kind: Delete, Del: perm[:d], Live: n - d})
			live = perm[d:]
			if s.Refill {
				ins := fresh(d)
				p.Phases = append(p.Phases, Phase{Name: PhaseRefill, Step: c, Kind: Insert, Ins: ins, Live: n})
				live = append(append([]int32(nil), live...), ins...)
			}
		}
	}
	if s.Churn > 0 {
		ops := s.Churn * n
		del := make([]int32, ops)
		ins := fresh(ops)
		window := append([]int32(nil), live...) // window[j] is the j-th oldest live key (FIFO)
		switch s.Order {
		case FIFO:
			// The live keys in insertion order are window; op i deletes
			// the oldest and appends ins[i].
			for i := range ops {
				if i < len(window) {
					del[i] = window[i]
				} else {
					del[i] = ins[i-len(window)]
				}
			}
			keep := min(len(window), ops)
			live = append(append([]int32(nil), window[keep:]...), ins[max(ops-len(window), 0):]...)
		case Random:
			for i := range ops {
				j := r.IntN(len(window))
				del[i] = window[j]
				window[j] = ins[i]
			}
			live = window
		default:
			return nil, fmt.Errorf("scenario %s: churn needs an order", s.Name)
		}
		p.Phases = append(p.Phases, Phase{Name: PhaseChurn, Kind: Replace, Del: del, Ins: ins,
			Checkpoint: max(n/2, 1), Live: len(live)})
	}
	p.Live = live
	return p, nil
}

func hashName(s string) uint64 {
	h := uint64(14695981039346656037) // FNV-1a
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}
