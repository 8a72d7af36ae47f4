package harness

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"mapbench/scenarios"
	"mapbench/trace"
)

// Replay of a recorded trace (docs/trace.md, Replay): a trace scenario
// "trace:LABEL@DIGEST" is one phase, PhaseReplay, whose ops are the trace's
// get, put, delete and clear records in their order, laid out in the arena
// like any plan's ops (a Mixed phase run on one goroutine).

// replaySteps is how many heap checkpoints a replay takes: after each of
// replaySteps equal parts of its ops (the last part may be shorter).
const replaySteps = 16

// TraceFile is a trace a run replays: where it is, what its rows name it
// and what the parent learnt decoding it.
type TraceFile struct {
	Path   string // as given, made absolute
	Digest string // the first 8 bytes of the file's SHA-256, in hex
	Name   string // the scenario's name in rows (scenarios.TraceName)
	Stats  TraceStats
}

// TraceStats is what a replay of the trace holds at most and does.
type TraceStats struct {
	Ops        int // records replayed (get, put, delete, clear)
	Skipped    int // len and range records, not replayed
	Keys       int // distinct key ids
	PeakLive   int // most keys live at once
	FinalLive  int
	Lanes      int // the header's lanes
	UsedLanes  int // lanes that issued a record
	Clears     int
	MaxKeySize int // the longest key (string keys), or the key size
	StringKeys bool
}

// digestOf is the digest a trace scenario's name carries.
func digestOf(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:8])
}

// OpenTrace reads and decodes the trace at path. A file that does not
// decode is refused with the decoder's error (which names the file, the
// byte and the last good record); so is one that cannot be replayed (more
// distinct keys than a plan indexes).
func OpenTrace(path string) (TraceFile, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return TraceFile{}, err
	}
	b, err := os.ReadFile(abs)
	if err != nil {
		return TraceFile{}, err
	}
	h, recs, err := trace.ReadAll(bytes.NewReader(b), path)
	if err != nil {
		return TraceFile{}, err
	}
	_, st, err := buildReplay(h, recs)
	if err != nil {
		return TraceFile{}, fmt.Errorf("%s: %w", path, err)
	}
	label := h.Labels["program"]
	if label == "" {
		label = strings.TrimSuffix(filepath.Base(abs), filepath.Ext(abs))
	}
	d := digestOf(b)
	return TraceFile{Path: abs, Digest: d, Name: scenarios.TraceName(label, d), Stats: st}, nil
}

// replayPlan reads the trace of a trace cell (spec.Trace) and turns it into
// its plan, refusing a file whose digest is not the one the scenario's
// name records (the file changed since the run began).
func replayPlan(spec Spec) (*scenarios.Plan, error) {
	if spec.Trace == "" {
		return nil, fmt.Errorf("scenario %s replays a trace, and the cell names no trace file", spec.Scenario)
	}
	b, err := os.ReadFile(spec.Trace)
	if err != nil {
		return nil, err
	}
	if d := digestOf(b); !strings.HasSuffix(spec.Scenario, "@"+d) {
		return nil, fmt.Errorf("trace %s: its digest is now %s, not the one of scenario %s: the file changed since the run began", spec.Trace, d, spec.Scenario)
	}
	h, recs, err := trace.ReadAll(bytes.NewReader(b), spec.Trace)
	if err != nil {
		return nil, err
	}
	p, _, err := buildReplay(h, recs)
	return p, err
}

// buildReplay turns a trace's records into a plan of one Mixed phase: key
// id i is key index i; get, put and delete become Read, Insert and Delete
// of that key, clear the map's own Clear; len and range are left out
// (impls.Map has no iteration). Lanes are replayed serialised, in the
// trace's order. It also computes what a correct map answers: the live
// keys at each checkpoint and at the end, and how many gets hit.
func buildReplay(h trace.Header, recs []trace.Record) (*scenarios.Plan, TraceStats, error) {
	st := TraceStats{Lanes: int(h.Lanes), MaxKeySize: int(h.KeySize)}
	if h.KeyKind == trace.KeyString {
		st.MaxKeySize, st.StringKeys = 0, true
	}
	usedLane := map[uint32]bool{}
	var keys uint64
	for _, r := range recs {
		usedLane[r.Lane] = true
		switch r.Op {
		case trace.OpGet, trace.OpPut, trace.OpDelete, trace.OpClear:
			st.Ops++
			if r.Op != trace.OpClear {
				keys = max(keys, r.Key+1)
				if h.KeyKind == trace.KeyString {
					st.MaxKeySize = max(st.MaxKeySize, int(r.KeySize))
				}
			}
		default:
			st.Skipped++
		}
	}
	st.UsedLanes = len(usedLane)
	if keys >= scenarios.MaxKeys {
		return nil, st, fmt.Errorf("%d distinct keys, more than a replay indexes (%d)", keys, scenarios.MaxKeys-1)
	}
	if st.Ops == 0 {
		return nil, st, fmt.Errorf("no get, put, delete or clear to replay")
	}
	st.Keys = int(keys)
	var sizes []uint32 // string keys: each key's recorded length
	if h.KeyKind == trace.KeyString {
		sizes = make([]uint32, keys)
	}
	ph := scenarios.Phase{Name: scenarios.PhaseReplay, Kind: scenarios.Mixed,
		Seq: make([]scenarios.Kind, 0, st.Ops), Ins: make([]int32, 0, st.Ops),
		Checkpoint: (st.Ops + replaySteps - 1) / replaySteps}
	// live[id] == gen: id is live (a clear starts a new generation).
	live := make([]uint32, keys)
	gen, n := uint32(1), 0
	for _, r := range recs {
		id := int32(r.Key)
		if sizes != nil && r.Op >= trace.OpGet && r.Op <= trace.OpDelete {
			sizes[id] = r.KeySize
		}
		switch r.Op {
		case trace.OpGet:
			ph.Seq, ph.Ins = append(ph.Seq, scenarios.Read), append(ph.Ins, id)
			if live[id] == gen {
				ph.Hits++
			}
		case trace.OpPut:
			ph.Seq, ph.Ins = append(ph.Seq, scenarios.Insert), append(ph.Ins, id)
			if live[id] != gen {
				live[id] = gen
				n++
			}
		case trace.OpDelete:
			ph.Seq, ph.Ins = append(ph.Seq, scenarios.Delete), append(ph.Ins, id)
			if live[id] == gen {
				live[id] = 0
				n--
			}
		case trace.OpClear:
			ph.Seq, ph.Ins = append(ph.Seq, scenarios.Clear), append(ph.Ins, 0)
			gen++
			n = 0
			st.Clears++
		default:
			continue
		}
		st.PeakLive = max(st.PeakLive, n)
		if j := len(ph.Seq); j%ph.Checkpoint == 0 || j == st.Ops {
			ph.LiveAt = append(ph.LiveAt, n)
		}
	}
	ph.Live, st.FinalLive = n, n
	var notes []string
	if st.UsedLanes > 1 {
		notes = append(notes, fmt.Sprintf("%d lanes replayed serialised, in the trace's order", st.UsedLanes))
	}
	if st.Skipped > 0 {
		notes = append(notes, fmt.Sprintf("%d len and range records not replayed (impls.Map has no iteration)", st.Skipped))
	}
	ph.Note = strings.Join(notes, "; ")
	p := &scenarios.Plan{Keys: max(st.Keys, 1), Phases: []scenarios.Phase{ph}}
	if sizes != nil && st.Keys > 0 {
		p.KeySizes = sizes
	}
	for id, g := range live {
		if g == gen {
			p.Live = append(p.Live, int32(id))
		}
	}
	return p, st, nil
}
