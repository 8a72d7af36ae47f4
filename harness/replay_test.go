package harness

import (
	"bytes"
	"os"
	"path/filepath"
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
	var b bytes.Buffer
	w, err := trace.NewWriter(&b, trace.Header{KeyKind: trace.KeyInt, KeySize: 8, ValueSize: 8, Lanes: lanes,
		Labels: map[string]string{"program": "unit test"}})
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
			p, st, err := buildReplay(h, recs)
			if err != nil {
				t.Fatal(err)
			}
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
	tf, err := OpenTrace(writeTrace(t, 1, recs))
	if err != nil {
		t.Fatal(err)
	}
	type cell struct{ impl, shape string }
	cells := []cell{{"cockroach", "u64"}, {"syncmap", "u64"}}
	for _, sh := range ShapeNames() {
		cells = append(cells, cell{"native", sh})
	}
	for _, c := range cells {
		im := c.impl
		t.Run("impl="+im+"/shape="+c.shape, func(t *testing.T) {
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
		ok, note := e.checksum(m)
		if ok != tc.ok {
			t.Errorf("hits %d: checksum %v (%s), want %v", tc.hits, ok, note, tc.ok)
		}
		if !ok && !strings.Contains(note, "want 5") {
			t.Errorf("hits %d: note %q does not say what the trace decides", tc.hits, note)
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
			o := trace.Op(b[i]%6 + 1)
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
		p, st, err := buildReplay(h, recs)
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
		ph := p.Phases[0]
		live := map[uint64]bool{}
		var hits int64
		peak, j := 0, 0
		var liveAt []int
		for _, o := range ops {
			switch o.op {
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
			!slices.Equal(ph.LiveAt, liveAt) || ph.Ops() != replayed {
			t.Errorf("buildReplay: hits %d peak %d live %v at %v ops %d; oracle: %d %d %v at %v ops %d",
				ph.Hits, st.PeakLive, p.Live, ph.LiveAt, ph.Ops(), hits, peak, want, liveAt, replayed)
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
	kl := layoutKinds(&a, seq, true)
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
	if kl := layoutKinds(&a, seq, false); kl.blocks != nil || kl.blocked != [nKinds]int{} || kl.ops[0] != 3+2*minBlock {
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
