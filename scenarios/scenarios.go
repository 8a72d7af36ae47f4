// Package scenarios owns mapbench's workloads: the catalogue of delete-heavy
// scenarios (docs/design.md, Scenarios) as data, and
// the deterministic op streams ("plans") a cell executes. A plan depends only
// on the scenario, n, the seed and its Params (the writer goroutines of a
// concurrent scenario, the mix and Zipf exponent of a mixed one), so every
// implementation receives the same keys in the same order; in a concurrent
// scenario each goroutine's ops are a range of every phase (Phase.Bounds)
// and write only that goroutine's keys.
//
// Keys are named by index (int32): index i is the i-th distinct key the cell
// uses. Turning an index into a concrete key of a shape is the harness's job
// (the shapes are listed there, harness/shapes.go);
// this package imports none of mapbench's packages.
package scenarios

import (
	"fmt"
	"math/rand/v2"
	"strings"
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
	PhaseMixed  = "mixed"
	PhaseClear  = "clear"
	PhaseCycle  = "cycle"
	// PhaseReplay is the one phase of a trace scenario: a recorded
	// program's ops, replayed in their order.
	PhaseReplay = "replay"
	// PhaseReplayGet, PhaseReplayPut and PhaseReplayDelete name the rows
	// of a replay's figures per op kind: its gets, its puts, its deletes.
	// They are not phases of a plan: their ops are ops of PhaseReplay.
	PhaseReplayGet    = "replay-get"
	PhaseReplayPut    = "replay-put"
	PhaseReplayDelete = "replay-delete"
)

// OpOf says what one op of the phase called name is: "insert" (fill,
// refill, a replay's puts), "delete", "delete+insert" (churn), "read" (a
// replay's gets); "" for a name whose rows are not of one kind of op.
func OpOf(name string) string {
	switch name {
	case PhaseFill, PhaseRefill:
		return Insert.String()
	case PhaseDelete:
		return Delete.String()
	case PhaseChurn:
		return Replace.String()
	case PhaseMixed, PhaseReplay:
		return Mixed.String()
	case PhaseClear:
		return Clear.String()
	case PhaseReplayGet:
		return Read.String()
	case PhaseReplayPut:
		return Insert.String()
	case PhaseReplayDelete:
		return Delete.String()
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
	// RefillFrac inserts, after the deletes, this fraction of the number
	// of deleted keys as new keys (1 = as many as were deleted; 0 = no
	// refill).
	RefillFrac float64
	// Churn is the number of churn ops as a multiple of n (0 = no churn).
	// One churn op deletes one live key (per Order) and inserts a new key.
	Churn int
	Order Order
	// Cycles repeats fill + delete (of DeleteFrac) this many times, each
	// cycle with new keys. 0 means 1.
	Cycles int

	// Concurrent scenarios: G goroutines (Params.Goroutines) write at once,
	// each to its own partition of the keys, so the final contents do not
	// depend on how they interleave. Only implementations safe for
	// concurrent use may run them.
	Concurrent bool
	// Readers is how many reader goroutines read live keys while the
	// writers delete (concurrent-drain, concurrent-churn).
	Readers int
	// ClearRefill makes the scenario fill n, clear the map with its own
	// Clear, and insert n new keys.
	ClearRefill bool
	// MixedOps, when > 0, makes the scenario a mixed workload: a fill of n
	// keys out of 2n, then MixedOps·n ops in all of reads, inserts and
	// deletes (Params.Mix) over a Zipf-skewed key choice (Params.ZipfS).
	MixedOps int
	// Trace marks a trace scenario (TracePrefix): its plan is a recorded
	// trace's ops, which the harness reads from the file; Plan refuses it.
	Trace bool
}

// TracePrefix starts the name of a trace scenario in rows:
// "trace:LABEL@DIGEST", LABEL the trace's program label (or its file's
// name) and DIGEST the first 8 bytes of the SHA-256 of the file, in hex.
const TracePrefix = "trace:"

// TraceName is the name of a trace scenario: label cleaned to letters,
// digits, '.', '_' and '-' (others become '-', at most 64 bytes), then
// '@' and digest.
func TraceName(label, digest string) string {
	b := []byte(label)
	for i, c := range b {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-'
		if !ok {
			b[i] = '-'
		}
	}
	if len(b) == 0 {
		b = []byte("trace")
	}
	if len(b) > 64 {
		b = b[:64]
	}
	return TracePrefix + string(b) + "@" + digest
}

// traceScenario is the catalogue-like row of a trace scenario's name, or
// false when name is not one TraceName makes.
func traceScenario(name string) (Scenario, bool) {
	body, ok := strings.CutPrefix(name, TracePrefix)
	if !ok {
		return Scenario{}, false
	}
	label, digest, ok := strings.Cut(body, "@")
	if !ok || TraceName(label, digest) != name || len(digest) != 16 || strings.Trim(digest, "0123456789abcdef") != "" {
		return Scenario{}, false
	}
	return Scenario{Name: name, KeyPhase: PhaseReplay, Trace: true,
		Doc: "replay of the recorded trace " + label + " (file digest " + digest + "): its ops in their order"}, true
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
	{Name: "refill-50", KeyPhase: PhaseRefill, Main: true, DeleteFrac: 0.5, RefillFrac: 1,
		Doc: "fill n, delete 50%, insert as many new keys: are deleted slots reused or does the map grow"},
	{Name: "refill-90", KeyPhase: PhaseRefill, DeleteFrac: 0.9, RefillFrac: 1,
		Doc: "fill n, delete 90%, insert as many new keys: are deleted slots reused or does the map grow"},
	{Name: "churn-fifo", KeyPhase: PhaseChurn, Main: true, Churn: 8, Order: FIFO,
		Doc: "fill n, then 8n ops of delete-oldest + insert-new (TTL cache): footprint drift at constant size"},
	{Name: "churn-random", KeyPhase: PhaseChurn, Churn: 8, Order: Random,
		Doc: "fill n, then 8n ops of delete-random + insert-new: footprint drift without FIFO locality"},
	{Name: "cycles", KeyPhase: PhaseDelete, DeleteFrac: 1, Cycles: 5,
		Doc: "5 x (fill n, delete all), new keys each cycle: does each cycle return to the same footprint"},
	{Name: "clear", KeyPhase: PhaseClear, ClearRefill: true,
		Doc: "fill n, clear the map with its own Clear, insert n new keys: what clearing gives back, against deleting every key"},
	{Name: "concurrent-drain", KeyPhase: PhaseDelete, DeleteFrac: 1, Concurrent: true, Readers: 1,
		Doc: "G goroutines fill n, then delete their own keys in random order at once while 1 reader reads live keys"},
	{Name: "concurrent-churn", KeyPhase: PhaseChurn, Churn: 8, Order: FIFO, Concurrent: true, Readers: 1,
		Doc: "G goroutines fill n, then 8n ops in all of delete-oldest + insert-new, each on its own window, while 1 reader reads live keys"},
	{Name: "mixed-zipf", KeyPhase: PhaseMixed, MixedOps: 4, Concurrent: true,
		Doc: "G goroutines fill n of 2n keys, then 4n ops in all of reads, inserts and deletes (-mix) over Zipf-skewed keys (-zipf-s): constant expected size"},
}

// Mix is the percent of a mixed workload's ops that read, insert and
// delete; they add up to 100.
type Mix struct {
	Reads   int `json:"reads"`
	Inserts int `json:"inserts"`
	Deletes int `json:"deletes"`
}

// DefaultMix is 90% reads, 5% inserts, 5% deletes: one of the mixes of
// xsync's own benchmarks (benchmarkCases in xsync v3's map_test.go:
// "90% loads, 5% stores, 5% deletes").
var DefaultMix = Mix{Reads: 90, Inserts: 5, Deletes: 5}

// DefaultZipfS is the default exponent of the Zipf key choice of a mixed
// workload (math/rand/v2.NewZipf needs s > 1).
const DefaultZipfS = 1.1

// Params are the settings of a plan beyond n and the seed.
type Params struct {
	// Goroutines is G, the writers of a concurrent scenario; the others
	// need 1.
	Goroutines int
	Mix        Mix     // mixed workloads only
	ZipfS      float64 // mixed workloads only; > 1
}

// Check reports what is wrong with p for scenario s, nil when nothing is.
func (s Scenario) Check(p Params) error {
	switch {
	case p.Goroutines < 1:
		return fmt.Errorf("scenario %s: goroutines must be >= 1, got %d", s.Name, p.Goroutines)
	case !s.Concurrent && p.Goroutines != 1:
		return fmt.Errorf("scenario %s runs on one goroutine, got goroutines=%d", s.Name, p.Goroutines)
	}
	if s.MixedOps > 0 {
		m := p.Mix
		if m.Reads < 0 || m.Inserts < 0 || m.Deletes < 0 || m.Reads+m.Inserts+m.Deletes != 100 {
			return fmt.Errorf("scenario %s: mix %d/%d/%d must be three percents >= 0 that add up to 100", s.Name, m.Reads, m.Inserts, m.Deletes)
		}
		if !(p.ZipfS > 1) || p.ZipfS > 100 {
			return fmt.Errorf("scenario %s: zipf exponent must be > 1 and <= 100, got %v", s.Name, p.ZipfS)
		}
	}
	return nil
}

// All returns the catalogue in its documented order.
func All() []Scenario { return append([]Scenario(nil), catalogue...) }

// Lookup finds a scenario by name: a catalogue name, or a custom
// scenario's canonical name (ParseCustom; a custom name that is not
// canonical is not found, so every row names a workload one way).
func Lookup(name string) (Scenario, bool) {
	if strings.HasPrefix(name, CustomPrefix) {
		s, err := ParseCustom(name)
		return s, err == nil && s.Name == name
	}
	if strings.HasPrefix(name, TracePrefix) {
		return traceScenario(name)
	}
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

// Kind says what one op of a phase does.
type Kind uint8

const (
	Insert  Kind = iota + 1 // Put(Ins[i])
	Delete                  // Delete(Del[i])
	Replace                 // Delete(Del[i]) then Put(Ins[i])
	Read                    // Get(Ins[i]): an op of a Mixed phase
	Mixed                   // op i is Seq[i] (Read, Insert or Delete) on key Ins[i], or (a replay) Clear
	Clear                   // one op: the map's own Clear (impls.Clearer)
)

func (k Kind) String() string {
	switch k {
	case Insert:
		return "insert"
	case Delete:
		return "delete"
	case Replace:
		return "delete+insert"
	case Read:
		return "read"
	case Mixed:
		return "read/insert/delete"
	case Clear:
		return "clear"
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

	// Concurrent phases. Bounds (G+1 offsets) gives goroutine g the ops
	// Bounds[g]..Bounds[g+1]; nil for a phase one goroutine runs.
	Bounds []int
	// Seq is the kind of each op of a Mixed phase (Read, Insert, Delete).
	Seq []Kind
	// Readers is how many reader goroutines read live keys during the
	// phase. A reader reads the keys a writer has not yet deleted:
	// Del[Bounds[g]+done..Bounds[g+1]] of a Delete phase; of a FIFO
	// Replace phase the Window[g] keys from position done on of the
	// writer's sequence Del[Bounds[g]:][:Window[g]] followed by
	// Ins[Bounds[g]:], done being the ops the writer has finished.
	Readers int
	Window  []int

	// A replayed trace's phase (PhaseReplay). LiveAt is the entries live
	// at each checkpoint (nil: Live throughout, or not decided by the op
	// stream); Hits is how many of its reads a correct map answers with a
	// value (the op stream decides it); Note says how the trace's lanes
	// ran and what of the trace the phase does not replay (len and range).
	// A replay whose lanes run at once (Bounds) and share keys
	// (Plan.Shared) decides only what concerns the other keys: Live and
	// Hits count those alone, and SharedGets more reads, of shared keys,
	// may hit or miss.
	LiveAt     []int
	Hits       int64
	SharedGets int64
	Note       string
	// Marks, of a replay, are where its trace marks the end of one of its
	// program's phases (trace.OpMark): the replayed ops before each, in
	// the trace's order, increasing, each in 1..Ops()-1 (on one
	// goroutine, positions in Seq; with lanes at once, Cuts has a part
	// ending at each). The passes do at a mark what they do between two
	// phases (a forced GC, outside the timed ops), and no block of one
	// kind is timed across one.
	Marks []int
	// Cuts, of a replay whose lanes run at once, splits each goroutine's
	// range where the trace's checkpoints and marks fall: goroutine g's
	// ops of part k are [Cuts[g][k], Cuts[g][k+1]), Cuts[g][0] =
	// Bounds[g], its last entry Bounds[g+1]. The goroutines run each part
	// at once and wait for each other at its end, so they keep in step
	// with the trace.
	Cuts [][]int
}

// Ops is the number of ops in the phase.
func (p *Phase) Ops() int {
	if p.Kind == Clear {
		return 1
	}
	return max(len(p.Del), len(p.Ins))
}

// Clears reports whether a Mixed phase has a Clear among its ops.
func (p *Phase) Clears() bool {
	for _, k := range p.Seq {
		if k == Clear {
			return true
		}
	}
	return false
}

// Goroutines is how many goroutines run the phase's ops (1 when Bounds is nil).
func (p *Phase) Goroutines() int { return max(len(p.Bounds)-1, 1) }

// Part is goroutine g's op range [lo, hi) of the phase.
func (p *Phase) Part(g int) (lo, hi int) {
	if p.Bounds == nil {
		return 0, p.Ops()
	}
	return p.Bounds[g], p.Bounds[g+1]
}

// Plan is a cell's full op stream.
type Plan struct {
	Keys   int // key indices used are 0..Keys-1
	Phases []Phase
	Live   []int32 // keys live at the end, for the checksum
	// KeySizes is, for a replayed trace of string keys, key i's length
	// in bytes as recorded (nil: the shape's own keys).
	KeySizes []uint32
	// Shared is, for a replayed trace whose lanes run at once, the keys
	// more than one lane names: whether each is live at the end depends
	// on how the lanes interleave, so Live leaves them out.
	Shared []int32
}

// MaxKeys bounds the key indices a plan may use (they are int32).
const MaxKeys = 1 << 31

// KeysFor returns how many distinct keys the scenario uses at size n.
func (s Scenario) KeysFor(n int) int {
	if s.MixedOps > 0 || s.ClearRefill {
		return 2 * n
	}
	cycles := max(s.Cycles, 1)
	return cycles*(n+s.refilled(n)) + s.Churn*n
}

func (s Scenario) deleted(n int) int {
	d := int(s.DeleteFrac*float64(n) + 0.5)
	return min(max(d, 0), n)
}

// refilled is how many new keys each cycle's refill inserts.
func (s Scenario) refilled(n int) int {
	r := int(s.RefillFrac*float64(s.deleted(n)) + 0.5)
	return min(max(r, 0), s.deleted(n))
}

// OpKeys is how many keys the op streams of size n name in all (a key
// inserted twice counts twice): what the harness lays out in op order.
func (s Scenario) OpKeys(n int) int {
	if s.MixedOps > 0 {
		return n + s.MixedOps*n
	}
	if s.ClearRefill {
		return 2 * n
	}
	ops := max(s.Cycles, 1) * (n + s.deleted(n) + s.refilled(n))
	return ops + 2*s.Churn*n
}

// Plan builds the op stream of a single-goroutine scenario for size n from
// seed (PlanWith with one goroutine and the default mix).
func (s Scenario) Plan(n int, seed uint64) (*Plan, error) {
	return s.PlanWith(n, seed, Params{Goroutines: 1, Mix: DefaultMix, ZipfS: DefaultZipfS})
}

// PlanWith builds the op stream for size n from seed. It is a pure function
// of (s, n, seed, p); in a concurrent scenario, goroutine g's ops are the
// range Bounds[g]..Bounds[g+1] of each phase.
func (s Scenario) PlanWith(n int, seed uint64, prm Params) (*Plan, error) {
	if s.Trace {
		return nil, fmt.Errorf("scenario %s: a trace scenario's ops come from its file (the harness reads it), not from a plan", s.Name)
	}
	if err := s.Check(prm); err != nil {
		return nil, err
	}
	if s.Concurrent && n < prm.Goroutines {
		return nil, fmt.Errorf("scenario %s: n=%d is smaller than goroutines=%d", s.Name, n, prm.Goroutines)
	}
	if s.Concurrent {
		if k := s.KeysFor(n); k >= MaxKeys || k < 0 {
			return nil, fmt.Errorf("scenario %s: n=%d needs %d keys, more than %d", s.Name, n, k, MaxKeys-1)
		}
		return s.planConcurrent(n, seed, prm)
	}
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
	if s.ClearRefill {
		fill, refill := fresh(n), fresh(n)
		p.Phases = append(p.Phases,
			Phase{Name: PhaseFill, Kind: Insert, Ins: fill, Live: n},
			Phase{Name: PhaseClear, Kind: Clear, Live: 0},
			Phase{Name: PhaseRefill, Kind: Insert, Ins: refill, Live: n})
		p.Live = refill
		return p, nil
	}
	// live holds the live keys oldest first (FIFO churn deletes in this
	// order); keys a cycle leaves live stay in the map in later cycles.
	var live []int32
	for c := range max(s.Cycles, 1) {
		fill := fresh(n)
		before := live
		live = append(append([]int32(nil), before...), fill...)
		p.Phases = append(p.Phases, Phase{Name: PhaseFill, Step: c, Kind: Insert, Ins: fill, Live: len(live)})
		if d := s.deleted(n); d > 0 {
			perm := append([]int32(nil), fill...)
			r.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
			gone := make(map[int32]bool, d)
			for _, k := range perm[:d] {
				gone[k] = true
			}
			live = append([]int32(nil), before...)
			for _, k := range fill {
				if !gone[k] {
					live = append(live, k)
				}
			}
			p.Phases = append(p.Phases, Phase{Name: PhaseDelete, Step: c, Kind: Delete, Del: perm[:d], Live: len(live)})
			if k := s.refilled(n); k > 0 {
				ins := fresh(k)
				live = append(live, ins...)
				p.Phases = append(p.Phases, Phase{Name: PhaseRefill, Step: c, Kind: Insert, Ins: ins, Live: len(live)})
			}
		}
	}
	if s.Churn > 0 {
		if len(live) == 0 {
			return nil, fmt.Errorf("scenario %s: churn deletes live keys, and at n=%d the phases before it leave none", s.Name, n)
		}
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
