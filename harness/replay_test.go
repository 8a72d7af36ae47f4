package harness

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"runtime/metrics"
	"slices"
	"strings"
	"testing"

	"mapbench/impls"
	"mapbench/results"
	"mapbench/scenarios"
	"mapbench/trace"
)

// writeTrace writes recs under a header of u64 keys, lanes lanes, to a
// file in t's directory.
func writeTrace(t *testing.T, lanes uint32, recs []trace.Record) string {
	t.Helper()
	return writeTraceWith(t, trace.Header{KeyKind: trace.KeyInt, KeySize: 8, ValueSize: 8, Lanes: lanes}, recs)
}

// writeTraceWith writes recs under header h (labelled "unit test") to a
// file in t's directory.
func writeTraceWith(t *testing.T, h trace.Header, recs []trace.Record) string {
	t.Helper()
	var b bytes.Buffer
	h.Labels = map[string]string{"program": "unit test"}
	w, err := trace.NewWriter(&b, h)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "t.trace")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func put(k uint64) trace.Record {
	return trace.Record{Op: trace.OpPut, Key: k, KeySize: 8, ValueSize: 8}
}
func get(k uint64) trace.Record { return trace.Record{Op: trace.OpGet, Key: k, KeySize: 8} }
func del(k uint64) trace.Record { return trace.Record{Op: trace.OpDelete, Key: k, KeySize: 8} }

// buildReplay: what a correct map answers, from the op stream alone.
func TestBuildReplay(t *testing.T) {
	tests := []struct {
		name     string
		recs     []trace.Record
		hits     int64
		live     []int32
		peak     int
		seq      []scenarios.Kind
		noteHas  string
		skipped  int
		lanesSet bool
	}{
		{"put get delete", []trace.Record{put(0), get(0), get(1), del(0), get(0), put(1)}, 1, []int32{1}, 1,
			[]scenarios.Kind{scenarios.Insert, scenarios.Read, scenarios.Read, scenarios.Delete, scenarios.Read, scenarios.Insert}, "", 0, false},
		{"delete absent, put twice", []trace.Record{del(0), put(0), put(0), put(1), get(1), get(0)}, 2, []int32{0, 1}, 2,
			[]scenarios.Kind{scenarios.Delete, scenarios.Insert, scenarios.Insert, scenarios.Insert, scenarios.Read, scenarios.Read}, "", 0, false},
		{"clear, len, range", []trace.Record{put(0), put(1), {Op: trace.OpLen}, {Op: trace.OpClear}, get(0), put(1), {Op: trace.OpRange, N: 1}}, 0, []int32{1}, 2,
			[]scenarios.Kind{scenarios.Insert, scenarios.Insert, scenarios.Clear, scenarios.Read, scenarios.Insert}, "2 len and range records not replayed", 2, false},
		{"two lanes", []trace.Record{put(0), {Op: trace.OpPut, Lane: 1, Key: 1, KeySize: 8, ValueSize: 8}, get(1)}, 1, []int32{0, 1}, 2,
			[]scenarios.Kind{scenarios.Insert, scenarios.Insert, scenarios.Read}, "2 lanes replayed serialised", 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h, recs, err := trace.ReadFile(writeTrace(t, 2, tc.recs))
			if err != nil {
				t.Fatal(err)
			}
			st, err := scanTrace(h, recs)
			if err != nil {
				t.Fatal(err)
			}
			p := buildReplay(recs, st, false, "impl test is not safe for concurrent use")
			ph := p.Phases[0]
			if ph.Name != scenarios.PhaseReplay || ph.Kind != scenarios.Mixed {
				t.Errorf("phase %s kind %v, want %s kind %v", ph.Name, ph.Kind, scenarios.PhaseReplay, scenarios.Mixed)
			}
			if ph.Hits != tc.hits {
				t.Errorf("Hits = %d, want %d", ph.Hits, tc.hits)
			}
			if !slices.Equal(p.Live, tc.live) || ph.Live != len(tc.live) {
				t.Errorf("Live = %v (%d), want %v", p.Live, ph.Live, tc.live)
			}
			if st.PeakLive != tc.peak || st.Skipped != tc.skipped {
				t.Errorf("peak %d skipped %d, want %d, %d", st.PeakLive, st.Skipped, tc.peak, tc.skipped)
			}
			if !slices.Equal(ph.Seq, tc.seq) {
				t.Errorf("Seq = %v, want %v", ph.Seq, tc.seq)
			}
			if !strings.Contains(ph.Note, tc.noteHas) || (tc.noteHas == "") != (ph.Note == "") {
				t.Errorf("Note = %q, want it to hold %q", ph.Note, tc.noteHas)
			}
			if len(ph.LiveAt) != min(len(ph.Seq), replaySteps) || ph.LiveAt[len(ph.LiveAt)-1] != ph.Live {
				t.Errorf("LiveAt = %v: want one per checkpoint, the last %d", ph.LiveAt, ph.Live)
			}
		})
	}
}

// A trace that does not decode is refused with the decoder's error, which
// names the file and the byte; so is a file changed since its name was
// made.
func TestOpenTraceRefuses(t *testing.T) {
	path := writeTrace(t, 1, []trace.Record{put(0), get(0), del(0)})
	tf, err := OpenTrace(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(tf.Name, scenarios.TracePrefix+"unit-test@") {
		t.Errorf("name %q, want %sunit-test@DIGEST", tf.Name, scenarios.TracePrefix)
	}
	if sc, ok := scenarios.Lookup(tf.Name); !ok || !sc.Trace || sc.KeyPhase != scenarios.PhaseReplay {
		t.Errorf("Lookup(%q) = %+v, %v: want a trace scenario", tf.Name, sc, ok)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(t.TempDir(), "cut.trace")
	if err := os.WriteFile(cut, b[:len(b)-2], 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenTrace(cut); err == nil || !strings.Contains(err.Error(), "cut.trace: byte") {
		t.Errorf("truncated trace: err %v, want the decoder's error naming the file and the byte", err)
	}
	spec := testSpec("native", tf.Name, "u64", 1)
	spec.Trace = tf.Path
	if err := os.WriteFile(tf.Path, append(b[:len(b):len(b)], 0), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := RunCell(spec); err == nil || !strings.Contains(err.Error(), "changed since") {
		t.Errorf("changed file: err %v, want a refusal", err)
	}
}

// A replay cell: entries beside live_heap at every checkpoint, the gets'
// hits checked, and the map at the end what the trace leaves.
func TestReplayCell(t *testing.T) {
	var recs []trace.Record
	for i := range uint64(64) {
		recs = append(recs, put(i), get(i/2), get(i+1))
	}
	for i := range uint64(48) {
		recs = append(recs, del(i), get(i))
	}
	// The same ops with keys of each kind: each shape replays the one
	// whose keys fit it (TraceFits).
	var traces []TraceFile
	for _, h := range []trace.Header{{KeyKind: trace.KeyInt, KeySize: 8}, {KeyKind: trace.KeyString, KeySize: 64},
		{KeyKind: trace.KeyFixed, KeySize: 16}} {
		h.ValueSize, h.Lanes = 8, 1
		rs := slices.Clone(recs)
		for i := range rs {
			rs[i].KeySize = h.KeySize
			if h.KeyKind == trace.KeyString {
				rs[i].KeySize = 10 + uint32(rs[i].Key%7)
			}
		}
		tf, err := OpenTrace(writeTraceWith(t, h, rs))
		if err != nil {
			t.Fatal(err)
		}
		traces = append(traces, tf)
	}
	type cell struct{ impl, shape string }
	cells := []cell{{"cockroach", "u64"}, {"syncmap", "u64"}}
	for _, sh := range ShapeNames() {
		cells = append(cells, cell{"native", sh})
	}
	for _, c := range cells {
		im := c.impl
		t.Run("impl="+im+"/shape="+c.shape, func(t *testing.T) {
			i := slices.IndexFunc(traces, func(tf TraceFile) bool { return TraceFits(tf.Stats, c.shape) == nil })
			if i < 0 {
				t.Fatalf("no trace's keys fit shape %s", c.shape)
			}
			tf := traces[i]
			spec := testSpec(im, tf.Name, c.shape, tf.Stats.PeakLive)
			spec.Trace = tf.Path
			rows, err := RunCell(spec)
			if err != nil {
				t.Fatal(err)
			}
			byKey := rowsByKey(rows)
			if r := byKey["meta/0/"+results.MetricChecksumOK]; r.Value != 1 {
				t.Errorf("checksum_ok %v (%s), want 1", r.Value, r.Note)
			}
			for k := 1; k <= replaySteps; k++ {
				for _, m := range []string{results.MetricLiveHeap, results.MetricEntries} {
					if _, ok := byKey[scenarios.PhaseReplay+"/"+itoa(k)+"/"+m]; !ok {
						t.Errorf("no %s row at step %d", m, k)
					}
				}
			}
			if r := byKey[scenarios.PhaseReplay+"/16/"+results.MetricEntries]; r.Value != 16 {
				t.Errorf("entries at the end %v, want 16", r.Value)
			}
			if r := byKey[scenarios.PhaseReplay+"/16/"+results.MetricReads]; r.Value != 64*2+48 {
				t.Errorf("reads %v, want %d", r.Value, 64*2+48)
			}
		})
	}
}

// str keys of a replayed trace have their recorded lengths (lengthened
// only where a length cannot hold the key's id) and are distinct.
func TestSizedStrKeys(t *testing.T) {
	sizes := []uint32{0, 1, 1, 3, 3, 8, 8, 0, 300}
	p := &scenarios.Plan{Keys: len(sizes), KeySizes: sizes,
		Phases: []scenarios.Phase{{Name: scenarios.PhaseReplay, Kind: scenarios.Mixed,
			Seq: []scenarios.Kind{scenarios.Insert}, Ins: []int32{8}}}}
	var a arena
	defer a.free()
	d := strData(&a, p, 1, nil)
	want := []int{0, 1, 1, 3, 3, 8, 8, 1, 300} // key 7 of length 0 needs 1 byte
	seen := map[string]bool{}
	for i, k := range d.keys {
		if len(k) != want[i] {
			t.Errorf("key %d: %d bytes, want %d", i, len(k), want[i])
		}
		if seen[k] {
			t.Errorf("key %d %q is not distinct", i, k)
		}
		seen[k] = true
	}
	if got := d.ops[0].ins[0]; got != d.keys[8] {
		t.Errorf("op 0's key is not key 8")
	}
}

// The checksum fails a replay whose gets found their key a different
// number of times than the trace decides.
func TestReplayChecksumCountsHits(t *testing.T) {
	newMap, err := impls.Constructor[uint64, uint64]("native")
	if err != nil {
		t.Fatal(err)
	}
	p := &scenarios.Plan{Keys: 1, Live: []int32{0},
		Phases: []scenarios.Phase{{Name: scenarios.PhaseReplay, Kind: scenarios.Mixed, Live: 1, Hits: 5}}}
	d := &data[uint64, uint64]{keys: []uint64{7}, vals: []uint64{1}, eq: func(a, b uint64) bool { return a == b }}
	m := newMap(0)
	m.Put(7, 1)
	for _, tc := range []struct {
		hits int64
		ok   bool
	}{{5, true}, {4, false}, {6, false}} {
		e := &executor[uint64, uint64]{plan: p, d: d, res: []phaseResult{{lenOK: true, hits: tc.hits, reads: 9}}}
		ok, note, _ := e.checksum(m)
		if ok != tc.ok {
			t.Errorf("hits %d: checksum %v (%s), want %v", tc.hits, ok, note, tc.ok)
		}
		if !ok && !strings.Contains(note, "want 5") {
			t.Errorf("hits %d: note %q does not say what the trace decides", tc.hits, note)
		}
	}
}

// A replay whose lanes ran at once and share keys is held to what any
// interleaving gives: hits within [Hits, Hits+SharedGets], a shared key
// present or not but with its value, the other keys exact, Len the keys
// present.
func TestReplayChecksumSharedKeys(t *testing.T) {
	newMap, err := impls.Constructor[uint64, uint64]("native")
	if err != nil {
		t.Fatal(err)
	}
	// Keys 10, 11, 12: 10 live and private, 11 shared, 12 deleted and private.
	p := &scenarios.Plan{Keys: 3, Live: []int32{0}, Shared: []int32{1},
		Phases: []scenarios.Phase{{Name: scenarios.PhaseReplay, Kind: scenarios.Mixed, Live: 1, Hits: 5, SharedGets: 2}}}
	d := &data[uint64, uint64]{keys: []uint64{10, 11, 12}, vals: []uint64{1, 2, 3}, eq: func(a, b uint64) bool { return a == b }}
	for _, tc := range []struct {
		name    string
		hits    int64
		put     map[uint64]uint64
		lenGot  int
		ok      bool
		present int
		noteHas string
	}{
		{"shared key absent", 5, map[uint64]uint64{10: 1}, 1, true, 1, ""},
		{"shared key present", 7, map[uint64]uint64{10: 1, 11: 2}, 2, true, 2, ""},
		{"no Len", 6, map[uint64]uint64{10: 1, 11: 2}, -1, true, 2, ""},
		{"too few hits", 4, map[uint64]uint64{10: 1}, 1, false, 1, "want 5 to 7"},
		{"too many hits", 8, map[uint64]uint64{10: 1}, 1, false, 1, "want 5 to 7"},
		{"shared key's value wrong", 5, map[uint64]uint64{10: 1, 11: 9}, 2, false, 2, "1 wrong values"},
		{"private key missing", 5, map[uint64]uint64{11: 2}, 1, false, 1, "1 live keys missing"},
		{"deleted private key present", 5, map[uint64]uint64{10: 1, 12: 3}, 2, false, 2, "1 deleted keys present"},
		{"Len wrong", 5, map[uint64]uint64{10: 1}, 2, false, 1, "Len()=2 after replay/0, and 1 keys are present"},
	} {
		m := newMap(0)
		for k, v := range tc.put {
			m.Put(k, v)
		}
		e := &executor[uint64, uint64]{plan: p, d: d, res: []phaseResult{{lenOK: true, lenGot: tc.lenGot, hits: tc.hits, reads: 9}}}
		ok, note, present := e.checksum(m)
		if ok != tc.ok || present != tc.present || !strings.Contains(note, tc.noteHas) {
			t.Errorf("%s: checksum %v (%q), %d present; want %v, %q, %d", tc.name, ok, note, present, tc.ok, tc.noteHas, tc.present)
		}
	}
}

// FuzzBuildReplay checks buildReplay against an oracle, a Go map driven by
// the same records: the gets that hit, the keys live at every checkpoint
// and at the end, and the peak.
func FuzzBuildReplay(f *testing.F) {
	f.Add([]byte{1, 0, 2, 0, 3, 0, 1, 0})
	f.Add([]byte{2, 1, 2, 2, 4, 0, 1, 1, 2, 3, 3, 3, 5, 0, 6, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		var buf bytes.Buffer
		w, err := trace.NewWriter(&buf, trace.Header{KeyKind: trace.KeyInt, KeySize: 8, ValueSize: 8, Lanes: 2})
		if err != nil {
			t.Fatal(err)
		}
		type op struct {
			op  trace.Op
			key uint64
		}
		var ops []op
		seen := uint64(0)
		for i := 0; i+1 < len(b) && len(ops) < 512; i += 2 {
			o := trace.Op(b[i]%7 + 1)
			r := trace.Record{Op: o, Lane: uint32(b[i] / 128)}
			if o == trace.OpGet || o == trace.OpPut || o == trace.OpDelete {
				r.Key, r.KeySize = min(uint64(b[i+1]%16), seen), 8
				if r.Key == seen {
					seen++
				}
				if o == trace.OpPut {
					r.ValueSize = 8
				}
			}
			if o == trace.OpRange {
				r.N = uint64(b[i+1] % 4)
			}
			if err := w.Write(r); err != nil {
				t.Fatal(err)
			}
			ops = append(ops, op{o, r.Key})
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		h, recs, err := trace.ReadAll(&buf, "fuzz")
		if err != nil {
			t.Fatal(err)
		}
		st, err := scanTrace(h, recs)
		replayed := 0
		for _, o := range ops {
			if o.op <= trace.OpClear {
				replayed++
			}
		}
		if replayed == 0 {
			if err == nil {
				t.Fatal("a trace with nothing to replay was accepted")
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		p := buildReplay(recs, st, false, "")
		ph := p.Phases[0]
		live := map[uint64]bool{}
		var hits int64
		peak, j := 0, 0
		var liveAt, marks []int
		for _, o := range ops {
			switch o.op {
			case trace.OpMark:
				if j > 0 && j < replayed && (len(marks) == 0 || marks[len(marks)-1] < j) {
					marks = append(marks, j)
				}
				continue
			case trace.OpGet:
				if live[o.key] {
					hits++
				}
			case trace.OpPut:
				live[o.key] = true
			case trace.OpDelete:
				delete(live, o.key)
			case trace.OpClear:
				clear(live)
			default:
				continue
			}
			j++
			peak = max(peak, len(live))
			if j%ph.Checkpoint == 0 || j == replayed {
				liveAt = append(liveAt, len(live))
			}
		}
		var want []int32
		for k := range live {
			want = append(want, int32(k))
		}
		slices.Sort(want)
		if ph.Hits != hits || st.PeakLive != peak || ph.Live != len(live) || !slices.Equal(p.Live, want) ||
			!slices.Equal(ph.LiveAt, liveAt) || ph.Ops() != replayed || !slices.Equal(ph.Marks, marks) {
			t.Errorf("buildReplay: hits %d peak %d live %v at %v ops %d marks %v; oracle: %d %d %v at %v ops %d marks %v",
				ph.Hits, st.PeakLive, p.Live, ph.LiveAt, ph.Ops(), ph.Marks, hits, peak, want, liveAt, replayed, marks)
		}
		if st.Clears == 0 && st.UsedLanes > 1 {
			checkLanes(t, recs, st, ph)
		}
	})
}

// layoutKinds counts each kind's ops and finds the runs of minBlock or
// more ops of one kind (clears are no kind of their own).
func TestLayoutKinds(t *testing.T) {
	R, I, D, C := scenarios.Read, scenarios.Insert, scenarios.Delete, scenarios.Clear
	run := func(k scenarios.Kind, n int) []scenarios.Kind { return slices.Repeat([]scenarios.Kind{k}, n) }
	seq := slices.Concat(run(I, minBlock+5), run(R, 3), run(D, minBlock-1), run(C, 1), run(D, minBlock), run(R, 2*minBlock))
	var a arena
	defer a.free()
	kl := layoutKinds(&a, seq, nil, true)
	if want := [nKinds]int{3 + 2*minBlock, minBlock + 5, 2*minBlock - 1}; kl.ops != want {
		t.Errorf("ops per kind %v, want %v", kl.ops, want)
	}
	if want := [nKinds]int{2 * minBlock, minBlock + 5, minBlock}; kl.blocked != want {
		t.Errorf("ops in blocks %v, want %v", kl.blocked, want)
	}
	d0 := minBlock + 5 + 3 + minBlock - 1 + 1
	want := []block{{0, minBlock + 5, 1}, {d0, d0 + minBlock, 2}, {d0 + minBlock, d0 + 3*minBlock, 0}}
	if !slices.Equal(kl.blocks, want) {
		t.Errorf("blocks %v, want %v", kl.blocks, want)
	}
	// A mark splits a run: the last reads (2*minBlock) become two blocks at
	// a mark minBlock into them, and one a mark leaves too short for a block.
	r0 := d0 + minBlock
	kl = layoutKinds(&a, seq, []int{3, r0 + minBlock}, true)
	want = []block{{3, minBlock + 5, 1}, {d0, d0 + minBlock, 2}, {r0, r0 + minBlock, 0}, {r0 + minBlock, r0 + 2*minBlock, 0}}
	if !slices.Equal(kl.blocks, want) || kl.blocked != [nKinds]int{2 * minBlock, minBlock + 2, minBlock} || kl.ops != [nKinds]int{3 + 2*minBlock, minBlock + 5, 2*minBlock - 1} {
		t.Errorf("with marks: blocks %v (in blocks %v, ops %v), want %v", kl.blocks, kl.blocked, kl.ops, want)
	}
	if kl := layoutKinds(&a, seq, nil, false); kl.blocks != nil || kl.blocked != [nKinds]int{} || kl.ops[0] != 3+2*minBlock {
		t.Errorf("without blocks: %+v, want the counts only", kl)
	}
}

// A replay's rows per op kind: each kind's ops, the time of its blocks
// (with a note when they hold only some of its ops), and its sampled
// latency; the replay's own latency rows are every sampled op.
func TestReplayKinds(t *testing.T) {
	const puts = minBlock + 100
	var recs []trace.Record
	for i := range uint64(puts) {
		recs = append(recs, put(i))
	}
	for i := range uint64(200) { // short runs: no block
		recs = append(recs, get(i), del(i))
	}
	for i := range uint64(minBlock) {
		recs = append(recs, get(i+200))
	}
	for i := range uint64(minBlock) {
		recs = append(recs, del(i+200))
	}
	tf, err := OpenTrace(writeTrace(t, 1, recs))
	if err != nil {
		t.Fatal(err)
	}
	spec := testSpec("native", tf.Name, "u64", tf.Stats.PeakLive)
	spec.Trace = tf.Path
	rows, err := RunCell(spec)
	if err != nil {
		t.Fatal(err)
	}
	byKey := rowsByKey(rows)
	if r := byKey["meta/0/"+results.MetricChecksumOK]; r.Value != 1 {
		t.Fatalf("checksum_ok %v (%s)", r.Value, r.Note)
	}
	tests := []struct {
		phase     string
		ops, in   int
		notePart  string
		noteEmpty bool
	}{
		{scenarios.PhaseReplayPut, puts, puts, "", true},
		{scenarios.PhaseReplayGet, 200 + minBlock, minBlock, "the 1024 of its 1224 ops", false},
		{scenarios.PhaseReplayDelete, 200 + minBlock, minBlock, "the 1024 of its 1224 ops", false},
	}
	var samples float64
	for _, tc := range tests {
		at := tc.phase + "/0/"
		if r := byKey[at+results.MetricOps]; r.Value != float64(tc.ops) {
			t.Errorf("%s ops %v, want %d", tc.phase, r.Value, tc.ops)
		}
		ns, ok := byKey[at+results.MetricNsPerOp]
		if !ok || !(ns.Value > 0) {
			t.Errorf("%s: ns_per_op %v (present %v), want > 0", tc.phase, ns.Value, ok)
		}
		if !strings.Contains(ns.Note, tc.notePart) || (ns.Note == "") != tc.noteEmpty {
			t.Errorf("%s: ns_per_op note %q, want it to hold %q", tc.phase, ns.Note, tc.notePart)
		}
		for _, m := range []string{results.MetricLoopNsPerOp, results.MetricLatencyP50, results.MetricLatencyMax} {
			if _, ok := byKey[at+m]; !ok {
				t.Errorf("%s: no %s row", tc.phase, m)
			}
		}
		samples += byKey[at+results.MetricLatencySamples].Value
	}
	all := byKey[scenarios.PhaseReplay+"/16/"+results.MetricLatencySamples].Value
	if all == 0 || samples != all {
		t.Errorf("samples per kind add up to %v, the replay's latency_samples is %v: want equal and > 0", samples, all)
	}
	if _, ok := byKey[scenarios.PhaseReplay+"/16/"+results.MetricReadLatencyP50]; ok {
		t.Errorf("the replay still has read_latency rows: its gets' latency is under %s", scenarios.PhaseReplayGet)
	}
}

// ReplayLanes: a trace's lanes run at once only where they can, and say
// why not elsewhere.
func TestReplayLanes(t *testing.T) {
	tests := []struct {
		st          TraceStats
		impl, shape string
		g           int
		why         string
	}{
		{TraceStats{UsedLanes: 1}, "xsync", "u64", 1, ""},
		{TraceStats{UsedLanes: 3}, "xsync", "u64", 3, ""},
		{TraceStats{UsedLanes: 3, SharedKeys: 9}, "xsync", "str", 3, ""},
		{TraceStats{UsedLanes: 2}, "native", "u64", 1, "impl native is not safe for concurrent use"},
		{TraceStats{UsedLanes: 2, Clears: 1}, "xsync", "u64", 1, "the trace clears the map"},
		{TraceStats{UsedLanes: maxReplayLanes + 1}, "syncmap", "u64", 1, "more than 256 lanes"},
		{TraceStats{UsedLanes: 2, SharedKeys: 1}, "xsync", "ptr", 1, "shape ptr leaves the live keys' payloads out"},
		{TraceStats{UsedLanes: 2}, "xsync", "ptr", 2, ""},
	}
	for _, tc := range tests {
		g, why := ReplayLanes(tc.st, tc.impl, tc.shape)
		if g != tc.g || !strings.HasPrefix(why, tc.why) || (why == "") != (tc.why == "") {
			t.Errorf("ReplayLanes(%+v, %s, %s) = %d, %q; want %d, %q...", tc.st, tc.impl, tc.shape, g, why, tc.g, tc.why)
		}
	}
}

// laneRec is r made by lane l.
func laneRec(r trace.Record, l uint32) trace.Record { r.Lane = l; return r }

// twoLanes is a trace of two lanes: each puts 200 keys of its own, gets
// them and some it never put, and deletes three in four of them; with
// shared, lane 1 also gets and deletes keys lane 0 put.
func twoLanes(shared bool) []trace.Record {
	var recs []trace.Record
	for i := range uint64(200) { // ids: 2i is lane 0's, 2i+1 lane 1's
		recs = append(recs, laneRec(put(2*i), 0), laneRec(put(2*i+1), 1))
	}
	for i := range uint64(200) {
		recs = append(recs, laneRec(get(2*i), 0), laneRec(get(2*((i+50)%200)+1), 1))
		if i%4 != 0 {
			recs = append(recs, laneRec(del(2*i+1), 1), laneRec(del(2*i), 0))
		}
		if shared && i%10 == 0 {
			recs = append(recs, laneRec(get(2*i), 1), laneRec(del(2*((i+7)%200)), 1))
		}
	}
	return recs
}

// A trace of two lanes: on an implementation safe for concurrent use its
// lanes run at once (goroutines 2); checkpoints, hits and the final keys
// are exact when they name disjoint keys, and held to what any
// interleaving gives when they share some; elsewhere they run serialised
// and the ops row says why.
func TestReplayLaneCells(t *testing.T) {
	for _, tc := range []struct {
		name        string
		shared      bool
		impl        string
		g           int
		noteHas     string
		exactSteps  bool
		entriesNote string
	}{
		{"disjoint", false, "xsync", 2, "2 lanes replayed at once", true, ""},
		{"shared", true, "xsync", 2, "keys are named by more than one lane", false, "how the lanes interleaved decided"},
		{"shared on syncmap", true, "syncmap", 2, "keys are named by more than one lane", false, "how the lanes interleaved decided"},
		{"serialised", true, "native", 1, "2 lanes replayed serialised, in the trace's order: impl native is not safe for concurrent use", true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			recs := twoLanes(tc.shared)
			path := writeTrace(t, 2, recs)
			tf, err := OpenTrace(path)
			if err != nil {
				t.Fatal(err)
			}
			if g, _ := ReplayLanes(tf.Stats, tc.impl, "u64"); g != tc.g {
				t.Fatalf("ReplayLanes gives %d goroutines, want %d", g, tc.g)
			}
			_, decoded, err := trace.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			serial := buildReplay(decoded, tf.Stats, false, "").Phases[0]
			spec := testSpec(tc.impl, tf.Name, "u64", tf.Stats.PeakLive)
			spec.Trace, spec.Goroutines, spec.GOMAXPROCS = tf.Path, tc.g, tc.g
			rows, err := RunCell(spec)
			if err != nil {
				t.Fatal(err)
			}
			byKey := rowsByKey(rows)
			if r := byKey["meta/0/"+results.MetricChecksumOK]; r.Value != 1 {
				t.Errorf("checksum_ok %v (%s), want 1", r.Value, r.Note)
			}
			end := scenarios.PhaseReplay + "/" + itoa(replaySteps) + "/"
			if r := byKey[end+results.MetricOps]; !strings.Contains(r.Note, tc.noteHas) {
				t.Errorf("ops note %q, want it to hold %q", r.Note, tc.noteHas)
			}
			if r := byKey[end+results.MetricReads]; r.Value != float64(tf.Stats.Ops-countOps(recs, trace.OpPut, trace.OpDelete)) {
				t.Errorf("reads %v, want every get", r.Value)
			}
			for k := 1; k <= replaySteps; k++ {
				r, ok := byKey[scenarios.PhaseReplay+"/"+itoa(k)+"/"+results.MetricEntries]
				switch {
				case tc.exactSteps && (!ok || r.Value != float64(serial.LiveAt[k-1])):
					t.Errorf("step %d: entries %v (present %v), want %d as in the trace's order", k, r.Value, ok, serial.LiveAt[k-1])
				case !tc.exactSteps && k < replaySteps && ok:
					t.Errorf("step %d: entries %v, but the interleaving decides them", k, r.Value)
				case !tc.exactSteps && k == replaySteps && !strings.Contains(r.Note, tc.entriesNote):
					t.Errorf("entries at the end: note %q, want it to hold %q", r.Note, tc.entriesNote)
				}
				if _, ok := byKey[scenarios.PhaseReplay+"/"+itoa(k)+"/"+results.MetricLiveHeap]; !ok {
					t.Errorf("no live_heap at step %d", k)
				}
			}
			_, concurrent := byKey[end+results.MetricOpsPerSec]
			if concurrent != (tc.g > 1) {
				t.Errorf("ops_per_sec row present %v, want %v (lanes at once)", concurrent, tc.g > 1)
			}
			var samples float64
			for _, ph := range []string{scenarios.PhaseReplayGet, scenarios.PhaseReplayPut, scenarios.PhaseReplayDelete} {
				samples += byKey[ph+"/0/"+results.MetricLatencySamples].Value
			}
			if all := byKey[end+results.MetricLatencySamples].Value; all == 0 || samples != all {
				t.Errorf("latency samples by kind add up to %v, the replay's are %v: want equal, > 0", samples, all)
			}
			// A cell whose goroutines are not the lanes ReplayLanes gives
			// is refused.
			spec.Goroutines = 3 - tc.g
			if _, err := RunCell(spec); err == nil || !strings.Contains(err.Error(), "goroutine(s)") {
				t.Errorf("goroutines %d: err %v, want a refusal", spec.Goroutines, err)
			}
		})
	}
}

// countOps counts recs' ops of the kinds given.
func countOps(recs []trace.Record, ops ...trace.Op) int {
	n := 0
	for _, r := range recs {
		if slices.Contains(ops, r.Op) {
			n++
		}
	}
	return n
}

// Cells gives a trace's lanes a goroutine each, at the concurrent
// GOMAXPROCS, on the implementations that run them at once, and one on
// the others.
func TestCellsReplayLanes(t *testing.T) {
	tf, err := OpenTrace(writeTrace(t, 2, twoLanes(false)))
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Impls: []string{"native", "xsync"}, Scenarios: []string{tf.Name}, Shapes: []string{"u64"}, Ns: []int{1},
		Reps: 1, GOMAXPROCS: 1, ConcurrentGOMAXPROCS: 4, Traces: map[string]TraceFile{tf.Name: tf}}
	want := map[string][2]int{"native": {1, 1}, "xsync": {2, 4}}
	cells := Cells(cfg)
	if len(cells) != 2 {
		t.Fatalf("%d cells, want 2", len(cells))
	}
	for _, c := range cells {
		if w := want[c.Impl]; c.Goroutines != w[0] || c.GOMAXPROCS != w[1] || c.N != tf.Stats.PeakLive {
			t.Errorf("%s: goroutines %d, GOMAXPROCS %d, n %d; want %d, %d, %d", c.Impl, c.Goroutines, c.GOMAXPROCS, c.N, w[0], w[1], tf.Stats.PeakLive)
		}
	}
}

// checkLanes checks the plan of a trace's lanes run at once against the
// serialised one (serial): each lane's ops in their order, part k of every
// lane holding its ops of the trace's part k (the parts end at every
// checkpoint and at every mark between two ops; checkpointAt and markAt
// say which, a part at a checkpoint where a mark falls being both), the marks the serialised plan has, and what the op stream
// decides: all of it when the lanes name disjoint keys, else bounds.
func checkLanes(t *testing.T, recs []trace.Record, st TraceStats, serial scenarios.Phase) {
	t.Helper()
	p := buildReplay(recs, st, true, "")
	ph := p.Phases[0]
	type op struct {
		kind scenarios.Kind
		key  int32
		part int
	}
	want := map[uint32][]op{} // by lane, in the trace's order
	var lanes []uint32
	var ends []int // ends[k]: the ops before part k ends
	j, part, endsAtMark := 0, 0, false
	for _, r := range recs {
		if r.Op == trace.OpMark && j > 0 && j < st.Ops && j%ph.Checkpoint != 0 && !endsAtMark {
			part++ // a mark between two ops, not at a checkpoint: a part ends
			ends = append(ends, j)
			endsAtMark = true
		}
		k, ok := replayKind[r.Op]
		if !ok {
			continue
		}
		if _, seen := want[r.Lane]; !seen {
			lanes = append(lanes, r.Lane)
		}
		want[r.Lane] = append(want[r.Lane], op{k, int32(r.Key), part})
		j++
		endsAtMark = false
		if j%ph.Checkpoint == 0 || j == st.Ops {
			part++
			ends = append(ends, j)
		}
	}
	slices.Sort(lanes)
	parts := part
	if ph.Goroutines() != len(lanes) || len(ph.Cuts) != len(lanes) || ph.Ops() != st.Ops || !slices.Equal(ph.Marks, serial.Marks) {
		t.Fatalf("lanes: %d goroutines, %d cut lists, %d ops, marks %v; want %d, %d, %d, %v",
			ph.Goroutines(), len(ph.Cuts), ph.Ops(), ph.Marks, len(lanes), len(lanes), st.Ops, serial.Marks)
	}
	for k, end := range ends {
		_, m := slices.BinarySearch(serial.Marks, end)
		c := end%ph.Checkpoint == 0 || end == st.Ops
		if markAt(&ph, k) != m || checkpointAt(&ph, k) != c {
			t.Fatalf("part %d of %d, ending after %d ops: markAt %v, checkpointAt %v; want %v, %v", k, parts, end, markAt(&ph, k), checkpointAt(&ph, k), m, c)
		}
	}
	for g, l := range lanes {
		lo, hi := ph.Part(g)
		cuts := ph.Cuts[g]
		if len(cuts) != parts+1 || cuts[0] != lo || cuts[parts] != hi || hi-lo != len(want[l]) {
			t.Fatalf("lane %d: range [%d, %d), cuts %v; want %d ops in %d parts", l, lo, hi, cuts, len(want[l]), parts)
		}
		for k := range parts {
			for j := cuts[k]; j < cuts[k+1]; j++ {
				w := want[l][j-lo]
				if ph.Seq[j] != w.kind || ph.Ins[j] != w.key || w.part != k {
					t.Fatalf("lane %d op %d: %v of key %d in part %d; want %v of key %d in part %d", l, j-lo, ph.Seq[j], ph.Ins[j], k, w.kind, w.key, w.part)
				}
			}
		}
	}
	if st.SharedKeys == 0 {
		if ph.Hits != serial.Hits || ph.SharedGets != 0 || ph.Live != serial.Live || !slices.Equal(ph.LiveAt, serial.LiveAt) || p.Shared != nil {
			t.Errorf("disjoint lanes: hits %d+%d live %d at %v shared %v; want the serialised %d, %d at %v",
				ph.Hits, ph.SharedGets, ph.Live, ph.LiveAt, p.Shared, serial.Hits, serial.Live, serial.LiveAt)
		}
		return
	}
	if len(p.Shared) != st.SharedKeys || ph.LiveAt != nil || ph.Hits > serial.Hits || serial.Hits > ph.Hits+ph.SharedGets || ph.Live > serial.Live {
		t.Errorf("shared keys: %d shared (stats %d), LiveAt %v, hits %d+%d, live %d; the serialised hits %d, live %d",
			len(p.Shared), st.SharedKeys, ph.LiveAt, ph.Hits, ph.SharedGets, ph.Live, serial.Hits, serial.Live)
	}
}

// TraceFits: a trace replays on the shapes whose keys are of its kind, and
// the error of any other names the ones it replays on.
func TestTraceFits(t *testing.T) {
	tests := []struct {
		st      TraceStats
		fit     []string
		errPart string
	}{
		{TraceStats{KeyKind: trace.KeyInt, MaxKeySize: 8}, []string{"u64", "v120", "v136", "ptr"}, "its int keys of 8 bytes replay on shape u64, v120, v136, ptr only, not "},
		{TraceStats{KeyKind: trace.KeyInt, MaxKeySize: 4}, []string{"u64", "v120", "v136", "ptr"}, "int keys of 4 bytes"},
		{TraceStats{KeyKind: trace.KeyString, MaxKeySize: 40, StringKeys: true}, []string{"str"}, "its string keys replay on shape str only"},
		{TraceStats{KeyKind: trace.KeyFixed, MaxKeySize: 8}, []string{"u64", "v120", "v136", "ptr"}, "fixed keys of 8 bytes"},
		{TraceStats{KeyKind: trace.KeyFixed, MaxKeySize: 12}, []string{"struct"}, "replay on shape struct only"},
		{TraceStats{KeyKind: trace.KeyFixed, MaxKeySize: 32}, nil, "its fixed keys of 32 bytes fit no shape"},
	}
	for _, tc := range tests {
		var fit []string
		for _, sh := range ShapeNames() {
			err := TraceFits(tc.st, sh)
			if err == nil {
				fit = append(fit, sh)
			} else if !strings.Contains(err.Error(), tc.errPart) {
				t.Errorf("%+v on %s: %v, want it to hold %q", tc.st, sh, err, tc.errPart)
			}
		}
		if !slices.Equal(fit, tc.fit) {
			t.Errorf("%+v fits %v, want %v", tc.st, fit, tc.fit)
		}
	}
	if err := TraceFits(TraceStats{KeyKind: trace.KeyInt}, "nope"); err == nil || !strings.Contains(err.Error(), "unknown shape") {
		t.Errorf("unknown shape: %v", err)
	}
}

// The ops note says where keys and values are not the trace's sizes, and
// nothing where they are.
func TestSizesNote(t *testing.T) {
	u64 := TraceStats{KeyKind: trace.KeyInt, MaxKeySize: 8, Puts: 3, MinValueSize: 8, MaxValueSize: 8}
	tests := []struct {
		st    TraceStats
		shape string
		want  string
	}{
		{u64, "u64", ""},
		{TraceStats{KeyKind: trace.KeyInt, MaxKeySize: 8}, "v120", ""},
		{u64, "v120", "values are the shape's (uint64 → [120]byte), not the trace's sizes (its puts carried 8 B)"},
		{TraceStats{KeyKind: trace.KeyInt, MaxKeySize: 4, Puts: 1, MinValueSize: 8, MaxValueSize: 8}, "u64", "the trace's 4-byte int keys are the shape's 8-byte ones"},
		{TraceStats{KeyKind: trace.KeyString, StringKeys: true, Puts: 2, MinValueSize: 10, MaxValueSize: 300}, "str", "its puts carried 10 to 300 B"},
		{TraceStats{KeyKind: trace.KeyInt, MaxKeySize: 8, Puts: 1, MinValueSize: 8, MaxValueSize: 8}, "ptr", "values are the shape's (uint64 → *impls.Payload)"},
	}
	for _, tc := range tests {
		got := sizesNote(tc.st, tc.shape)
		if !strings.Contains(got, tc.want) || (got == "") != (tc.want == "") {
			t.Errorf("sizesNote(%+v, %s) = %q, want it to hold %q", tc.st, tc.shape, got, tc.want)
		}
	}
}

// Cells leaves out the shapes a trace's keys do not fit.
func TestCellsTraceShapes(t *testing.T) {
	h := trace.Header{KeyKind: trace.KeyString, KeySize: 64, ValueSize: 8, Lanes: 1}
	tf, err := OpenTrace(writeTraceWith(t, h, []trace.Record{{Op: trace.OpPut, Key: 0, KeySize: 12, ValueSize: 8}}))
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Impls: []string{"native", "cockroach"}, Scenarios: []string{"drain", tf.Name}, Shapes: []string{"u64", "str"},
		Ns: []int{16}, Reps: 1, Traces: map[string]TraceFile{tf.Name: tf}}
	count := map[string]int{}
	for _, c := range Cells(cfg) {
		count[c.Scenario+" "+c.Shape]++
	}
	want := map[string]int{"drain u64": 2, "drain str": 2, tf.Name + " str": 2}
	if !maps.Equal(count, want) {
		t.Errorf("cells %v, want %v", count, want)
	}
	spec := testSpec("native", tf.Name, "u64", 1)
	spec.Trace = tf.Path
	if _, err := RunCell(spec); err == nil || !strings.Contains(err.Error(), "replay on shape str only") {
		t.Errorf("a cell of a shape the trace does not fit: %v, want a refusal", err)
	}
}

// LiveCurve: the keys live after each replayed op, in spans of equal ops,
// against a count kept by hand.
func TestLiveCurve(t *testing.T) {
	recs := []trace.Record{put(0), put(1), get(0), {Op: trace.OpLen}, put(2), del(0), del(0), put(0), {Op: trace.OpClear}, put(3)}
	// live after each replayed op (len is not one): 1 2 2 3 2 2 3 0 1
	st, err := scanTrace(trace.Header{KeyKind: trace.KeyInt, KeySize: 8, Lanes: 1}, recs)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		spans int
		want  []LiveSpan
	}{
		{100, []LiveSpan{{0, 1, 1, 1, 1}, {1, 2, 2, 2, 2}, {2, 3, 2, 2, 2}, {3, 4, 3, 3, 3}, {4, 5, 2, 2, 2},
			{5, 6, 2, 2, 2}, {6, 7, 3, 3, 3}, {7, 8, 0, 0, 0}, {8, 9, 1, 1, 1}}},
		{3, []LiveSpan{{0, 3, 1, 2, 2}, {3, 6, 2, 3, 2}, {6, 9, 0, 3, 1}}},
		{2, []LiveSpan{{0, 5, 1, 3, 2}, {5, 9, 0, 3, 1}}},
		{1, []LiveSpan{{0, 9, 0, 3, 1}}},
	}
	for _, tc := range tests {
		if got := LiveCurve(recs, st, tc.spans); !slices.Equal(got, tc.want) {
			t.Errorf("%d spans: %v, want %v", tc.spans, got, tc.want)
		}
	}
}

// Marks (trace.OpMark): buildReplay keeps those between two ops (one per
// place), and a replay forces GCs at each, in every pass, outside its
// readings: the same ops with 16 marks force at least 4 GCs more per mark
// (the null and primary passes' readings force 2 or more each, the one
// timing pass 1), and give the built-in map the same heap at every
// checkpoint. Lanes replayed at once meet at each mark, for the same GCs.
func TestReplayMarks(t *testing.T) {
	mark := trace.Record{Op: trace.OpMark}
	recs := []trace.Record{mark, put(0), put(1), mark, mark, del(0), get(1), mark}
	h, rs, err := trace.ReadFile(writeTrace(t, 1, recs))
	if err != nil {
		t.Fatal(err)
	}
	st, err := scanTrace(h, rs)
	if err != nil {
		t.Fatal(err)
	}
	ph := buildReplay(rs, st, false, "").Phases[0]
	if st.Marks != 4 || st.Ops != 4 || st.Skipped != 0 || !slices.Equal(ph.Marks, []int{2}) {
		t.Errorf("marks %d ops %d skipped %d, Phase.Marks %v; want 4, 4, 0, [2]", st.Marks, st.Ops, st.Skipped, ph.Marks)
	}
	if want := "4 marks (phase ends), 1 of them between two ops: a forced GC at each"; !strings.Contains(ph.Note, want) {
		t.Errorf("note %q, want it to hold %q", ph.Note, want)
	}
	// Lanes at once, 4 ops: a checkpoint after each (Checkpoint 1), so the
	// mark falls on one, which reads the heap already: no part of its own,
	// but a timing pass's GC at that part's end.
	if ph := buildReplay(rs, st, true, "").Phases[0]; !slices.Equal(ph.Marks, []int{2}) || !slices.Equal(ph.Cuts[0], []int{0, 1, 2, 3, 4}) ||
		!markAt(&ph, 1) || !checkpointAt(&ph, 1) || markAt(&ph, 0) || !strings.Contains(ph.Note, "4 marks (phase ends), 1 of them between two ops: the lanes meet at each") {
		t.Errorf("lanes at once: Phase.Marks %v, Cuts %v, note %q; want [2], [[0 1 2 3 4]], the lanes meeting at the mark", ph.Marks, ph.Cuts, ph.Note)
	}

	const ops, every, marks = 2048, 128, 16 // checkpoints every 128 ops; marks 37 ops past each
	var plain, marked []trace.Record
	for i := range uint64(ops) {
		r := put(i)
		if i >= ops/2 {
			r = del(i - ops/2)
		}
		if i%every == 37 {
			marked = append(marked, mark)
		}
		plain, marked = append(plain, r), append(marked, r)
	}
	forced := []metrics.Sample{{Name: "/gc/cycles/forced:gc-cycles"}}
	replay := func(recs []trace.Record, lanes uint32, impl string) (map[string]Row, uint64) {
		t.Helper()
		tf, err := OpenTrace(writeTrace(t, lanes, recs))
		if err != nil {
			t.Fatal(err)
		}
		spec := testSpec(impl, tf.Name, "u64", tf.Stats.PeakLive)
		spec.Trace = tf.Path
		spec.Goroutines, _ = ReplayLanes(tf.Stats, impl, "u64")
		spec.GOMAXPROCS = spec.Goroutines
		metrics.Read(forced)
		before := forced[0].Value.Uint64()
		rows, err := RunCell(spec)
		if err != nil {
			t.Fatal(err)
		}
		metrics.Read(forced)
		byKey := rowsByKey(rows)
		if r := byKey["meta/0/"+results.MetricChecksumOK]; r.Value != 1 {
			t.Errorf("checksum_ok %v (%s), want 1", r.Value, r.Note)
		}
		return byKey, forced[0].Value.Uint64() - before
	}
	p, fp := replay(plain, 1, "native")
	m, fm := replay(marked, 1, "native")
	if fm < fp+4*marks {
		t.Errorf("forced GCs: %d with %d marks, %d without; want at least %d more", fm, marks, fp, 4*marks)
	}
	for k := 1; k <= replaySteps; k++ {
		key := scenarios.PhaseReplay + "/" + itoa(k) + "/" + results.MetricLiveHeap
		if p[key].Value != m[key].Value {
			t.Errorf("%s: %v with marks, %v without", key, m[key].Value, p[key].Value)
		}
	}

	// Lanes at once: two lanes of disjoint keys on xsync, 2 goroutines,
	// with marks in both lanes (one next to a checkpoint, which ends
	// nothing more). The lanes meet at each and the passes force GCs
	// there; the checkpoints' entries and the checksum are those of the
	// trace without marks.
	plain = twoLanes(false)
	every2 := (countOps(plain, trace.OpGet, trace.OpPut, trace.OpDelete) + replaySteps - 1) / replaySteps
	marked, lmarks := nil, 0
	for i, r := range plain {
		if i%97 == 50 || i == every2 {
			marked = append(marked, laneRec(mark, uint32(i%2)))
			lmarks++
		}
		marked = append(marked, r)
	}
	p, fp = replay(plain, 2, "xsync")
	m, fm = replay(marked, 2, "xsync")
	if fm < fp+4*uint64(lmarks-1) {
		t.Errorf("lanes at once: forced GCs: %d with %d marks, %d without; want at least %d more", fm, lmarks, fp, 4*(lmarks-1))
	}
	end := scenarios.PhaseReplay + "/" + itoa(replaySteps) + "/"
	if note := m[end+results.MetricOps].Note; !strings.Contains(note, itoa(lmarks)+" marks (phase ends), "+itoa(lmarks)+" of them between two ops: the lanes meet") {
		t.Errorf("lanes at once: ops note %q, want it to count %d marks, all between two ops", note, lmarks)
	}
	for k := 1; k <= replaySteps; k++ {
		key := scenarios.PhaseReplay + "/" + itoa(k) + "/" + results.MetricEntries
		if r, ok := m[key]; !ok || r.Value != p[key].Value {
			t.Errorf("lanes at once: %s: %v with marks, %v without", key, r.Value, p[key].Value)
		}
	}
}
