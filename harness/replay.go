package harness

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"mapbench/impls"
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
	PeakLive   int // most keys live at once, in the trace's order
	FinalLive  int
	Lanes      int // the header's lanes
	UsedLanes  int // lanes that issued a record
	SharedKeys int // keys that more than one lane names (get, put or delete)
	Clears     int
	Marks      int // mark records (trace.OpMark): phase ends, not ops
	KeyKind    trace.KeyKind
	MaxKeySize int // the longest key (string keys), or the key size
	StringKeys bool
	// Puts and the least and greatest value size they carried (bytes).
	Puts                       int
	MinValueSize, MaxValueSize int
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
	st, err := scanTrace(h, recs)
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
// its plan for the cell's implementation and shape (ReplayLanes), refusing
// a file whose digest is not the one the scenario's name records (the
// file changed since the run began) and a cell whose goroutines are not
// the lanes ReplayLanes gives it.
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
	st, err := scanTrace(h, recs)
	if err != nil {
		return nil, err
	}
	if err := TraceFits(st, spec.Shape); err != nil {
		return nil, fmt.Errorf("trace %s: %w", spec.Trace, err)
	}
	g, why := ReplayLanes(st, spec.Impl, spec.Shape)
	if max(spec.Goroutines, 1) != g {
		return nil, fmt.Errorf("trace %s on impl %s, shape %s replays on %d goroutine(s), and the cell has goroutines=%d", spec.Trace, spec.Impl, spec.Shape, g, spec.Goroutines)
	}
	p := buildReplay(recs, st, g > 1, why)
	if n := sizesNote(st, spec.Shape); n != "" {
		ph := &p.Phases[0]
		ph.Note = strings.Join(slices.DeleteFunc([]string{ph.Note, n}, func(s string) bool { return s == "" }), "; ")
	}
	return p, nil
}

// Which shapes a trace replays on (docs/trace.md, Replay: what its ops
// become): those whose keys are of the kind the program's were. Integer
// keys (of any size up to 8 bytes) replay as the uint64 keys of u64, v120,
// v136 and ptr; string keys as str's, with the recorded lengths; keys of
// another fixed-size type as the smallest fixed-size key that holds them:
// uint64 up to 8 bytes, shape struct's 16-byte key up to 16 bytes, none
// beyond. Values are always the shape's own: a trace records value sizes,
// not values, and the ops row's note gives the sizes beside the shape's
// (sizesNote).

// fitsKeys reports whether a trace of stats st has keys of cs's kind.
func fitsKeys(st TraceStats, cs *cellShape) bool {
	switch st.KeyKind {
	case trace.KeyInt:
		return cs.keyKind == reflect.Uint64
	case trace.KeyString:
		return cs.keyKind == reflect.String
	case trace.KeyFixed:
		switch {
		case st.MaxKeySize <= 8:
			return cs.keyKind == reflect.Uint64
		case st.MaxKeySize <= 16:
			return cs.keyKind == reflect.Struct && cs.keySize == 16
		}
	}
	return false
}

// TraceFits returns nil when a trace of stats st replays on shape, else an
// error naming the shapes it replays on. Cells leaves the other pairs out.
func TraceFits(st TraceStats, shape string) error {
	cs, err := lookupShape(shape)
	if err != nil {
		return err
	}
	if fitsKeys(st, cs) {
		return nil
	}
	var fit []string
	for i := range shapes {
		if fitsKeys(st, &shapes[i]) {
			fit = append(fit, shapes[i].name)
		}
	}
	keys := fmt.Sprintf("%s keys of %d bytes", st.KeyKind, st.MaxKeySize)
	if st.KeyKind == trace.KeyString {
		keys = "string keys"
	}
	if len(fit) == 0 {
		return fmt.Errorf("its %s fit no shape (the shapes' keys: uint64, 8 bytes; struct, 16 bytes; string)", keys)
	}
	return fmt.Errorf("its %s replay on shape %s only, not %s (%s)", keys, strings.Join(fit, ", "), shape, cs.types)
}

// TraceShapes is the shapes a trace replays on, of the shapes a run asks
// for (want): those its keys fit (TraceFits); or, when they fit none of
// them, the first shape of the table they fit, its own (u64 for integer
// keys, str for string keys, struct for other keys up to 16 bytes), so
// `mapbench run -scenarios trace:FILE` replays a trace of string keys
// under the default -shapes u64 too (the run's first line says so); nil
// when its keys fit no shape.
func TraceShapes(st TraceStats, want []string) []string {
	var out []string
	for _, sh := range want {
		if TraceFits(st, sh) == nil {
			out = append(out, sh)
		}
	}
	if len(out) > 0 {
		return out
	}
	for i := range shapes {
		if fitsKeys(st, &shapes[i]) {
			return []string{shapes[i].name}
		}
	}
	return nil
}

// sizesNote says where a replay's keys and values differ in size from the
// trace's: keys narrower than the shape's, and values (always the shape's)
// unless every put carried the shape's own inline value size.
func sizesNote(st TraceStats, shape string) string {
	cs, err := lookupShape(shape)
	if err != nil {
		return ""
	}
	var notes []string
	if st.KeyKind != trace.KeyString && st.MaxKeySize != cs.keySize {
		notes = append(notes, fmt.Sprintf("the trace's %d-byte %s keys are the shape's %d-byte ones", st.MaxKeySize, st.KeyKind, cs.keySize))
	}
	inline := cs.payload == 0 && cs.shared == 0 // the value is its bytes, as the trace's value size counts them
	if st.Puts > 0 && !(inline && st.MinValueSize == cs.valBytes && st.MaxValueSize == cs.valBytes) {
		sizes := fmt.Sprintf("%d B", st.MinValueSize)
		if st.MaxValueSize != st.MinValueSize {
			sizes = fmt.Sprintf("%d to %d B", st.MinValueSize, st.MaxValueSize)
		}
		notes = append(notes, fmt.Sprintf("values are the shape's (%s), not the trace's sizes (its puts carried %s)", cs.types, sizes))
	}
	return strings.Join(notes, "; ")
}

// maxReplayLanes is the most lanes a replay runs at once, a goroutine
// each: every one keeps nKinds latency histograms (harness/memory.go).
const maxReplayLanes = 256

// ReplayLanes says how a trace of stats st replays on impl in shape: its
// lanes at once, each on a goroutine of its own (the number of lanes it
// uses), or serialised in the trace's order on one goroutine (1), and then
// why. A trace of one lane replays on one goroutine with no reason given.
// The lanes run at once only on an implementation safe for concurrent use,
// on a trace that never clears the map (a clear from one lane would cut
// into the others' ops wherever it fell), with at most maxReplayLanes
// lanes, and not in shape ptr when lanes share keys (its heap figures leave
// out the live keys' payloads, and how many keys are live at a checkpoint
// would depend on how the lanes interleave).
func ReplayLanes(st TraceStats, impl, shape string) (goroutines int, serialised string) {
	if st.UsedLanes <= 1 {
		return 1, ""
	}
	im, ok := impls.Lookup(impl)
	cs, err := lookupShape(shape)
	switch {
	case !ok || !im.Concurrent:
		return 1, fmt.Sprintf("impl %s is not safe for concurrent use", impl)
	case st.Clears > 0:
		return 1, "the trace clears the map, and a clear from one lane would cut into the others' ops wherever it fell"
	case st.UsedLanes > maxReplayLanes:
		return 1, fmt.Sprintf("more than %d lanes", maxReplayLanes)
	case err == nil && cs.payload > 0 && st.SharedKeys > 0:
		return 1, fmt.Sprintf("shape %s leaves the live keys' payloads out of its heap figures, and lanes share keys, so the live keys at a checkpoint would depend on how the lanes interleave", shape)
	}
	return st.UsedLanes, ""
}

// scanTrace is the stats of a trace's records, with the keys live at each
// point counted in the trace's order. It refuses a trace with nothing to
// replay or more distinct keys than a plan indexes.
func scanTrace(h trace.Header, recs []trace.Record) (TraceStats, error) {
	st := TraceStats{Lanes: int(h.Lanes), MaxKeySize: int(h.KeySize), KeyKind: h.KeyKind}
	if h.KeyKind == trace.KeyString {
		st.MaxKeySize, st.StringKeys = 0, true
	}
	usedLane := map[uint32]bool{}
	var keys uint64
	for _, r := range recs {
		usedLane[r.Lane] = true
		if r.Op == trace.OpPut {
			if st.Puts == 0 || int(r.ValueSize) < st.MinValueSize {
				st.MinValueSize = int(r.ValueSize)
			}
			st.MaxValueSize = max(st.MaxValueSize, int(r.ValueSize))
			st.Puts++
		}
		switch r.Op {
		case trace.OpGet, trace.OpPut, trace.OpDelete, trace.OpClear:
			st.Ops++
			if r.Op != trace.OpClear {
				keys = max(keys, r.Key+1)
				if h.KeyKind == trace.KeyString {
					st.MaxKeySize = max(st.MaxKeySize, int(r.KeySize))
				}
			}
		case trace.OpMark:
			st.Marks++
		default:
			st.Skipped++
		}
	}
	st.UsedLanes = len(usedLane)
	if keys >= scenarios.MaxKeys {
		return st, fmt.Errorf("%d distinct keys, more than a replay indexes (%d)", keys, scenarios.MaxKeys-1)
	}
	if st.Ops == 0 {
		return st, fmt.Errorf("no get, put, delete or clear to replay")
	}
	st.Keys = int(keys)
	var lv liveKeys
	lv.reset(st.Keys)
	for _, r := range recs {
		if lv.apply(r) {
			st.PeakLive = max(st.PeakLive, lv.n)
		}
	}
	if st.UsedLanes > 1 {
		for _, sh := range sharedKeys(recs, st) {
			if sh {
				st.SharedKeys++
			}
		}
	}
	st.FinalLive = lv.n
	return st, nil
}

// liveKeys follows which keys a trace leaves live, record by record.
type liveKeys struct {
	live []uint32 // live[id] == gen: id is live (a clear starts a new generation)
	gen  uint32
	n    int // keys live
}

func (lv *liveKeys) reset(keys int) { lv.live, lv.gen, lv.n = make([]uint32, keys), 1, 0 }

func (lv *liveKeys) has(id uint64) bool { return lv.live[id] == lv.gen }

// apply applies r and reports whether a replay replays it (get, put,
// delete, clear; len and range are not).
func (lv *liveKeys) apply(r trace.Record) bool {
	switch r.Op {
	case trace.OpGet:
	case trace.OpPut:
		if !lv.has(r.Key) {
			lv.live[r.Key] = lv.gen
			lv.n++
		}
	case trace.OpDelete:
		if lv.has(r.Key) {
			lv.live[r.Key] = 0
			lv.n--
		}
	case trace.OpClear:
		lv.gen++
		lv.n = 0
	default:
		return false
	}
	return true
}

// replayKind is the plan's kind of op of a replayed record.
var replayKind = map[trace.Op]scenarios.Kind{trace.OpGet: scenarios.Read, trace.OpPut: scenarios.Insert,
	trace.OpDelete: scenarios.Delete, trace.OpClear: scenarios.Clear}

// buildReplay turns a trace's records (stats st, from scanTrace) into a
// plan of one Mixed phase: key id i is key index i; get, put and delete
// become Read, Insert and Delete of that key, clear the map's own Clear;
// len and range are left out (impls.Map has no iteration). It also
// computes what a correct map answers: the live keys at each checkpoint
// (every replaySteps-th part of the ops, in the trace's order) and at the
// end, and how many gets hit.
//
// Serialised (lanes false), the ops are in the trace's order, on one
// goroutine; serialised says why, when the trace has several lanes. With
// lanes, each lane's ops are one goroutine's range (Phase.Bounds), in the
// trace's order within the lane, and the lanes keep in step with the
// trace: Phase.Cuts splits every lane's range where the trace's
// checkpoints fall, and the lanes run each part at once and wait for each
// other at its end (harness/concurrent.go), where the primary pass reads
// the heap; Cuts also splits them at the trace's marks, where the lanes
// meet as well, for a mark's forced GC. What the op stream then decides
// is what concerns the keys one lane alone names (an interleaving changes
// nothing of theirs): of those, the live ones at each checkpoint and at
// the end, and the hits of their gets. The keys several lanes name
// (Plan.Shared) may be live or not at the end, and their gets may hit or
// miss, as the lanes happen to interleave: LiveAt is left out, Live counts
// the other keys only, and Hits counts the other keys' hits (SharedGets
// gets may hit besides). A trace whose lanes name disjoint keys is exact
// either way.
func buildReplay(recs []trace.Record, st TraceStats, lanes bool, serialised string) *scenarios.Plan {
	ph := scenarios.Phase{Name: scenarios.PhaseReplay, Kind: scenarios.Mixed,
		Seq: make([]scenarios.Kind, 0, st.Ops), Ins: make([]int32, 0, st.Ops),
		Checkpoint: (st.Ops + replaySteps - 1) / replaySteps}
	p := &scenarios.Plan{Keys: max(st.Keys, 1)}
	if st.StringKeys && st.Keys > 0 {
		p.KeySizes = make([]uint32, st.Keys) // each key's recorded length
		for _, r := range recs {
			if r.Op >= trace.OpGet && r.Op <= trace.OpDelete {
				p.KeySizes[r.Key] = r.KeySize
			}
		}
	}
	var shared []bool // keys several lanes name, when the lanes run at once
	if lanes && st.SharedKeys > 0 {
		shared = sharedKeys(recs, st)
		for id, sh := range shared {
			if sh {
				p.Shared = append(p.Shared, int32(id))
			}
		}
	}
	var lv liveKeys
	lv.reset(st.Keys)
	j := 0 // replayed records so far
	for _, r := range recs {
		if r.Op == trace.OpMark && j > 0 && (len(ph.Marks) == 0 || ph.Marks[len(ph.Marks)-1] < j) {
			ph.Marks = append(ph.Marks, j)
		}
		k, ok := replayKind[r.Op]
		if !ok {
			continue
		}
		if !lanes {
			ph.Seq, ph.Ins = append(ph.Seq, k), append(ph.Ins, int32(r.Key))
		}
		if r.Op == trace.OpGet {
			switch {
			case shared != nil && shared[r.Key]:
				ph.SharedGets++
			case lv.has(r.Key):
				ph.Hits++
			}
		}
		lv.apply(r)
		if j++; (j%ph.Checkpoint == 0 || j == st.Ops) && shared == nil {
			ph.LiveAt = append(ph.LiveAt, lv.n)
		}
	}
	if n := len(ph.Marks); n > 0 && ph.Marks[n-1] == st.Ops {
		ph.Marks = ph.Marks[:n-1] // a mark after the last op ends nothing that follows
	}
	if lanes {
		laneLayout(&ph, recs, st)
	}
	for id, g := range lv.live {
		if g == lv.gen && (shared == nil || !shared[id]) {
			p.Live = append(p.Live, int32(id))
		}
	}
	ph.Live = len(p.Live)
	ph.Note = replayNote(st, lanes, serialised, len(ph.Marks))
	p.Phases = []scenarios.Phase{ph}
	return p
}

// segmentEnds is where the parts of a replay phase of ops ops whose lanes
// run at once end (laneLayout's Cuts), in replayed ops of the trace's
// order: at each checkpoint (every checkpoint ops, and the last op) and at
// each of marks (Phase.Marks), increasing, the last one ops.
func segmentEnds(ops, checkpoint int, marks []int) []int {
	ends := make([]int, 0, (ops+checkpoint-1)/checkpoint+len(marks))
	for c := min(checkpoint, ops); ; c = min(c+checkpoint, ops) {
		for len(marks) > 0 && marks[0] < c {
			ends, marks = append(ends, marks[0]), marks[1:]
		}
		if len(marks) > 0 && marks[0] == c {
			marks = marks[1:] // a mark at a checkpoint: the checkpoint's reading forces its GCs
		}
		ends = append(ends, c)
		if c == ops {
			return ends
		}
	}
}

// partDone is how many of a phase's ops, in all lanes, come before the end
// of part k of a replay whose lanes run at once (Cuts).
func partDone(ph *scenarios.Phase, k int) int {
	done := 0
	for _, c := range ph.Cuts {
		done += c[k+1] - c[0]
	}
	return done
}

// markAt reports whether part k of a replay phase whose lanes run at once
// (Cuts) ends at a mark, a checkpoint or not: where a timing pass forces
// its GC (pass).
func markAt(ph *scenarios.Phase, k int) bool {
	if ph.Cuts == nil || len(ph.Marks) == 0 {
		return false
	}
	_, mark := slices.BinarySearch(ph.Marks, partDone(ph, k))
	return mark
}

// checkpointAt reports whether part k of a phase the team runs in parts
// ends at a checkpoint, where the primary pass reads the heap: every part
// of a phase with checkpoints, but the parts of a replay's lanes that end
// at a mark between two checkpoints (probedConcurrent).
func checkpointAt(ph *scenarios.Phase, k int) bool {
	if ph.Checkpoint == 0 {
		return false
	}
	if ph.Cuts == nil {
		return true
	}
	done := partDone(ph, k)
	return done%ph.Checkpoint == 0 || done == ph.Ops()
}

// laneLayout lays a replay phase's ops out lane by lane (lanes in
// increasing order, each lane's ops in the trace's order): lane g's ops
// are [Bounds[g], Bounds[g+1]), and Cuts[g][k] is where its ops of the
// trace's part k begin, the parts ending where segmentEnds says: at every
// checkpoint and mark (Cuts[g][0] = Bounds[g], the last entry
// Bounds[g+1]).
func laneLayout(ph *scenarios.Phase, recs []trace.Record, st TraceStats) {
	ends := segmentEnds(st.Ops, ph.Checkpoint, ph.Marks)
	parts := len(ends)
	type lane struct {
		ops  []int // indexes into recs
		cuts []int // ops before each part, counted in the lane
	}
	byLane := map[uint32]*lane{}
	var ids []uint32
	j, part := 0, 0
	for i, r := range recs {
		if _, ok := replayKind[r.Op]; !ok {
			continue
		}
		l := byLane[r.Lane]
		if l == nil {
			l = &lane{cuts: make([]int, 0, parts+1)}
			byLane[r.Lane] = l
			ids = append(ids, r.Lane)
		}
		// Op j is in the part whose end is the first above j: every
		// lane's cuts up to it are its op count when that part began.
		for ends[part] <= j {
			part++
		}
		for len(l.cuts) <= part {
			l.cuts = append(l.cuts, len(l.ops))
		}
		l.ops = append(l.ops, i)
		j++
	}
	slices.Sort(ids)
	ph.Bounds = []int{0}
	for _, id := range ids {
		l := byLane[id]
		for len(l.cuts) <= parts {
			l.cuts = append(l.cuts, len(l.ops))
		}
		base := len(ph.Seq)
		for _, i := range l.ops {
			ph.Seq, ph.Ins = append(ph.Seq, replayKind[recs[i].Op]), append(ph.Ins, int32(recs[i].Key))
		}
		for k := range l.cuts {
			l.cuts[k] += base
		}
		ph.Cuts = append(ph.Cuts, l.cuts)
		ph.Bounds = append(ph.Bounds, len(ph.Seq))
	}
}

// sharedKeys marks the keys that more than one lane names.
func sharedKeys(recs []trace.Record, st TraceStats) []bool {
	owner := make([]uint32, st.Keys) // lane + 1
	shared := make([]bool, st.Keys)
	for _, r := range recs {
		if r.Op < trace.OpGet || r.Op > trace.OpDelete {
			continue
		}
		switch o := owner[r.Key]; {
		case o == 0:
			owner[r.Key] = r.Lane + 1
		case o != r.Lane+1:
			shared[r.Key] = true
		}
	}
	return shared
}

// replayNote is the note of a replay's ops row: how its lanes ran, what
// of the trace it does not replay, and its marks (marks of them kept).
func replayNote(st TraceStats, lanes bool, serialised string, marks int) string {
	var notes []string
	switch {
	case lanes && st.SharedKeys > 0:
		notes = append(notes, fmt.Sprintf("%d lanes replayed at once, a goroutine each, in the trace's order within each lane, waiting for each other at every sixteenth of the trace; "+
			"%d keys are named by more than one lane: their final state, the hits of their gets and the live keys at a checkpoint depend on how the lanes interleave (the trace's own order leaves %d keys live), and the checksum holds them to what any interleaving gives",
			st.UsedLanes, st.SharedKeys, st.FinalLive))
	case lanes:
		notes = append(notes, fmt.Sprintf("%d lanes replayed at once, a goroutine each, in the trace's order within each lane, waiting for each other at every sixteenth of the trace; they name disjoint keys, so hits and live keys are exact", st.UsedLanes))
	case st.UsedLanes > 1:
		notes = append(notes, fmt.Sprintf("%d lanes replayed serialised, in the trace's order: %s", st.UsedLanes, serialised))
	}
	if st.Skipped > 0 {
		notes = append(notes, fmt.Sprintf("%d len and range records not replayed (impls.Map has no iteration)", st.Skipped))
	}
	switch {
	case st.Marks > 0 && lanes:
		notes = append(notes, fmt.Sprintf("%d marks (phase ends), %d of them between two ops: the lanes meet at each of those, and a forced GC there, outside the timed ops, as between a scenario's phases", st.Marks, marks))
	case st.Marks > 0:
		notes = append(notes, fmt.Sprintf("%d marks (phase ends), %d of them between two ops: a forced GC at each of those, outside the timed ops, as between a scenario's phases", st.Marks, marks))
	}
	return strings.Join(notes, "; ")
}

// LiveSpan is the keys live over a stretch of a trace's replayed ops, ops
// From to To-1 (counting from 0, in the trace's order): the fewest and the
// most after any of them, and the count after the last (End).
type LiveSpan struct{ From, To, Min, Max, End int }

// LiveCurve is the keys live after each op a replay of the trace replays
// (get, put, delete, clear; stats st from scanTrace), in the trace's order,
// in at most spans stretches of equal ops (the last may be shorter): what
// `mapbench trace stat -chart` draws. A delete of a live key, or a clear,
// shows as a drop.
func LiveCurve(recs []trace.Record, st TraceStats, spans int) []LiveSpan {
	if st.Ops == 0 || spans < 1 {
		return nil
	}
	per := (st.Ops + spans - 1) / spans
	out := make([]LiveSpan, 0, (st.Ops+per-1)/per)
	var lv liveKeys
	lv.reset(st.Keys)
	j := 0
	for _, r := range recs {
		if !lv.apply(r) {
			continue
		}
		if j%per == 0 {
			out = append(out, LiveSpan{From: j, Min: lv.n, Max: lv.n})
		}
		s := &out[len(out)-1]
		s.Min, s.Max = min(s.Min, lv.n), max(s.Max, lv.n)
		j++
		s.To, s.End = j, lv.n
	}
	return out
}
