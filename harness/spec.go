package harness

import (
	"time"

	"mapbench/scenarios"
)

// Spec is the configuration of one cell: what the parent sends the child
// (as JSON in the environment).
type Spec struct {
	Impl     string `json:"impl"`
	Scenario string `json:"scenario"`
	// Trace is the file a trace scenario replays (absolute); "" for the
	// others.
	Trace   string `json:"trace,omitempty"`
	Shape   string `json:"shape"`
	N       int    `json:"n"`
	Presize bool   `json:"presize"`
	// Goroutines is G, the writers of a concurrent scenario (1 for the
	// others); Mix and ZipfS configure mixed-zipf.
	Goroutines int           `json:"goroutines"`
	Mix        scenarios.Mix `json:"mix"`
	ZipfS      float64       `json:"zipf_s"`
	Rep        int           `json:"rep"`
	Seed       uint64        `json:"seed"`
	GCPercent  int           `json:"gc_percent"`
	// LiveHeap is the bytes of other live, pointer-rich objects the cell
	// keeps on the heap beside the map, built before the baseline and left
	// out of every heap figure (docs/methodology.md rule 36); 0 = none.
	LiveHeap   int `json:"live_heap,omitempty"`
	GOMAXPROCS int `json:"gomaxprocs"`
	// SampleEvery is the mean gap between ops timed on their own for the
	// latency distribution (gaps are random, see executor.gap); 0
	// turns sampling off.
	SampleEvery int `json:"sample_every"`
	// MinPhase and Passes: every phase is timed on fresh maps until its
	// timing runs add up to MinPhase (judged by its time in the primary
	// pass), at least once and at most Passes times; ns_per_op is the
	// median (docs/methodology.md rule 11).
	MinPhase time.Duration `json:"min_phase"`
	Passes   int           `json:"passes"`
	// MemLimit caps the child's address space in bytes (0 = no cap).
	MemLimit uint64 `json:"mem_limit,omitempty"`
	// Diagnostics: the directories of the cell's diagnostic files (none
	// by default).
	Diagnostics Diagnostics `json:"diagnostics,omitzero"`
	// Go is the Go toolchain the cell runs under (-go): its child is the
	// binary that toolchain built (Config.Exes), and refuses to measure
	// when its runtime.Version() is another. "" (no -go): the parent's
	// own binary.
	Go string `json:"go,omitempty"`
}

// params are the plan settings of spec; a zero Goroutines (a spec made
// before the field existed) is 1, a zero Mix and ZipfS the defaults.
func (s Spec) params() scenarios.Params {
	p := scenarios.Params{Goroutines: max(s.Goroutines, 1), Mix: s.Mix, ZipfS: s.ZipfS}
	if p.Mix == (scenarios.Mix{}) {
		p.Mix = scenarios.DefaultMix
	}
	if p.ZipfS == 0 {
		p.ZipfS = scenarios.DefaultZipfS
	}
	return p
}

// ChildInfo is the first line a child writes (JSON), before its rows:
// what the binary that measured the cell is. The parent records these in
// the cell's go_version and impl_version columns, so that a cell run by a
// binary of another toolchain (-go) says which, and never the parent's.
type ChildInfo struct {
	GoVersion   string `json:"go_version"`   // runtime.Version() of the child
	ImplVersion string `json:"impl_version"` // impls.Version of the cell's implementation, in the child
}

// Row is one measured value of a cell: what the child sends the parent (a
// JSON line each), before the parent adds the run's environment and the
// cell's identity.
type Row struct {
	Phase  string  `json:"phase"`
	Step   int     `json:"step"`
	Metric string  `json:"metric"`
	Value  float64 `json:"value"`
	Unit   string  `json:"unit"`
	Note   string  `json:"note,omitempty"`
}
