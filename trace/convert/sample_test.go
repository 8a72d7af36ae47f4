package convert

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"mapbench/internal/golden"
	"mapbench/trace"
)

// The synthetic samples in testdata/ (testdata/README.md): made by the
// generators below, deterministically; `go test ./trace/convert -run
// TestSamples -update` writes them again.
const (
	twemcacheSample = "testdata/twemcache-sample.csv"
	oracleSample    = "testdata/oracle-general-sample.bin"
)

// genTwemcache writes a synthetic Twitter cache-trace CSV: 3000 requests
// over 10 minutes from 6 clients, on 600 keys of four namespaces drawn
// with Zipf popularity: sessions (TTL 60-300 s), timelines (TTL 0 or
// 1 h), counters (incr and decr, no TTL) and a few keys with commas in
// them; about one line in 200 is a second early, as in the published
// files, whose timestamps are not always in order.
func genTwemcache() []byte {
	rng := rand.New(rand.NewPCG(18, 6))
	const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	type key struct {
		name  string
		ns    int
		value uint32 // the value's size now; 0: not stored
		base  uint32
	}
	prefixes := []string{"s:u:", "tl:h:", "ctr_", "q,m:"}
	keys := make([]key, 600)
	for i := range keys {
		ns := []int{0, 0, 0, 1, 1, 2, 3}[rng.IntN(7)]
		var b strings.Builder
		b.WriteString(prefixes[ns])
		for range 8 + rng.IntN(15) {
			b.WriteByte(alnum[rng.IntN(len(alnum))])
		}
		keys[i] = key{name: b.String(), ns: ns, base: uint32(math.Exp(math.Log(16) + rng.Float64()*math.Log(4096.0/16)))}
		if ns == 2 {
			keys[i].base = uint32(1 + rng.IntN(8))
		}
	}
	zipf := rand.NewZipf(rng, 1.2, 4, uint64(len(keys)-1))
	pick := func(ops []string, weights []int) string {
		total := 0
		for _, w := range weights {
			total += w
		}
		n := rng.IntN(total)
		for i, w := range weights {
			if n < w {
				return ops[i]
			}
			n -= w
		}
		return ops[len(ops)-1]
	}
	var out bytes.Buffer
	const lines, seconds = 3000, 600
	for i := range lines {
		ts := i * seconds / lines
		if ts > 0 && rng.IntN(200) == 0 {
			ts--
		}
		k := &keys[zipf.Uint64()]
		var op string
		if k.ns == 2 {
			op = pick([]string{"get", "incr", "decr", "set", "delete"}, []int{50, 25, 15, 8, 2})
		} else {
			op = pick([]string{"get", "gets", "set", "add", "replace", "cas", "append", "prepend", "delete"},
				[]int{700, 30, 150, 30, 10, 20, 10, 5, 45})
		}
		size, ttl := uint32(0), 0
		switch op {
		case "get", "gets":
			size = k.value
		case "set", "add", "replace", "cas":
			size = k.base + uint32(rng.IntN(int(k.base)/8+1))
			switch k.ns {
			case 0:
				ttl = 60 + 30*rng.IntN(9)
			case 1:
				ttl = []int{0, 3600}[rng.IntN(2)]
			case 3:
				ttl = 30
			}
			k.value = size
		case "append", "prepend":
			size = k.value + uint32(1+rng.IntN(64))
			k.value = size
		case "incr", "decr":
			size = k.base
			k.value = size
		case "delete":
			k.value = 0
		}
		fmt.Fprintf(&out, "%d,%s,%d,%d,%d,%s,%d\n", ts, k.name, len(k.name), size, 1+rng.IntN(6), op, ttl)
	}
	return out.Bytes()
}

// genOracle writes a synthetic oracleGeneral file: 2000 requests over
// 400 objects with Zipf popularity, each object's id a random 64-bit
// number (libCacheSim's ids are hashes) and its size fixed, the next
// access of each request found by a pass from the end.
func genOracle() []byte {
	rng := rand.New(rand.NewPCG(18, 7))
	const requests, objects = 2000, 400
	ids := make([]uint64, objects)
	sizes := make([]uint32, objects)
	for i := range ids {
		ids[i] = rng.Uint64()
		sizes[i] = uint32(math.Exp(math.Log(512) + rng.Float64()*math.Log(1<<20/512.0)))
	}
	zipf := rand.NewZipf(rng, 1.1, 2, objects-1)
	seq := make([]int, requests)
	for i := range seq {
		seq[i] = int(zipf.Uint64())
	}
	next := make([]int64, requests)
	last := map[int]int64{}
	for i := requests - 1; i >= 0; i-- {
		next[i] = -1
		if j, ok := last[seq[i]]; ok {
			next[i] = j + 1 // the request's number, from 1
		}
		last[seq[i]] = int64(i)
	}
	var b []byte
	for i, o := range seq {
		b = binary.LittleEndian.AppendUint32(b, uint32(i/8))
		b = binary.LittleEndian.AppendUint64(b, ids[o])
		b = binary.LittleEndian.AppendUint32(b, sizes[o])
		b = binary.LittleEndian.AppendUint64(b, uint64(next[i]))
	}
	return b
}

// TestSamples: the committed samples are what the generators make.
func TestSamples(t *testing.T) {
	golden.Check(t, twemcacheSample, genTwemcache())
	got := genOracle()
	if golden.Updating() {
		if err := os.WriteFile(oracleSample, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if want := golden.Read(t, oracleSample); !bytes.Equal(got, want) {
		t.Errorf("%s differs from what genOracle makes (run the test with -update if the change is intended)", oracleSample)
	}
}

// naiveTwemcache is an oracle for the twemcache rules written apart from
// the converter: no heap, every pending expiry scanned at every line,
// fields split with strings.Split. It returns the records the rules give.
func naiveTwemcache(t *testing.T, in string) []trace.Record {
	type pending struct{ at, order int }
	var out []trace.Record
	ids, sizes, lanes := map[string]uint64{}, map[uint64]uint32{}, map[string]uint32{}
	exp := map[uint64]pending{}
	order := 0
	for n, line := range strings.Split(strings.TrimSuffix(in, "\n"), "\n") {
		f := strings.Split(line, ",")
		key := strings.Join(f[1:len(f)-5], ",")
		f = append([]string{f[0], key}, f[len(f)-5:]...)
		num := func(s string) int {
			v, err := strconv.Atoi(s)
			if err != nil {
				t.Fatalf("line %d: %v", n+1, err)
			}
			return v
		}
		ts := num(f[0])
		var due []uint64
		for id, p := range exp {
			if p.at < ts {
				due = append(due, id)
			}
		}
		sort.Slice(due, func(i, j int) bool {
			a, b := exp[due[i]], exp[due[j]]
			return a.at < b.at || a.at == b.at && a.order < b.order
		})
		for _, id := range due {
			out = append(out, trace.Record{Op: trace.OpDelete, Key: id, KeySize: sizes[id]})
			delete(exp, id)
		}
		id, ok := ids[key]
		if !ok {
			id = uint64(len(ids))
			ids[key] = id
			sizes[id] = uint32(num(f[2]))
		}
		lane, ok := lanes[f[4]]
		if !ok {
			lane = uint32(len(lanes) + 1)
			lanes[f[4]] = lane
		}
		r := trace.Record{Lane: lane, Key: id, KeySize: sizes[id]}
		switch op := f[5]; op {
		case "get", "gets":
			r.Op = trace.OpGet
		case "delete":
			r.Op = trace.OpDelete
			delete(exp, id)
		default:
			r.Op, r.ValueSize = trace.OpPut, uint32(num(f[3]))
			if op == "set" || op == "add" || op == "replace" || op == "cas" {
				delete(exp, id)
				if ttl := num(f[6]); ttl > 0 {
					order++
					exp[id] = pending{ts + ttl, order}
				}
			}
		}
		out = append(out, r)
	}
	return out
}

// The twemcache sample converts to exactly the records the naive oracle
// gives, and exercises every rule: expiries (some due together), pending
// expiries, keys with commas, timestamps going back, every operation.
func TestTwemcacheSample(t *testing.T) {
	in := golden.Read(t, twemcacheSample)
	sum, h, recs, _, err := convert(t, "twemcache", in, Options{Name: twemcacheSample})
	if err != nil {
		t.Fatal(err)
	}
	if want := naiveTwemcache(t, string(in)); !reflect.DeepEqual(recs, want) {
		for i := range min(len(recs), len(want)) {
			if recs[i] != want[i] {
				t.Fatalf("record %d: %v, the naive oracle says %v (%d and %d records)", i, recs[i], want[i], len(recs), len(want))
			}
		}
		t.Fatalf("%d records, the naive oracle gives %d", len(recs), len(want))
	}
	s := string(in)
	for _, op := range strings.Split(twemcacheOps, ", ") {
		if !strings.Contains(s, ","+op+",") {
			t.Errorf("the sample has no %s", op)
		}
	}
	if sum.Expiries < 100 || sum.Pending == 0 || sum.Clients != 6 || h.Lanes != 7 || !strings.Contains(s, ",q,m:") {
		t.Errorf("summary %+v, lanes %d: want 100+ expiries, some pending, 6 clients on lanes 1..6, keys with commas", sum, h.Lanes)
	}
	t.Logf("%d lines: %d records (%v by op), %d keys, %d expiries, %d pending", sum.In, sum.Out, sum.ByOp, sum.Keys, sum.Expiries, sum.Pending)
}

// The oracle-general sample: one get per request, as many deletes as
// objects (each object's last request deletes it), every object's puts
// at its misses.
func TestOracleGeneralSample(t *testing.T) {
	in := golden.Read(t, oracleSample)
	sum, _, _, _, err := convert(t, "oracle-general", in, Options{Name: oracleSample})
	if err != nil {
		t.Fatal(err)
	}
	if sum.In != int64(len(in)/oracleRecord) || sum.ByOp[trace.OpGet] != uint64(sum.In) ||
		sum.ByOp[trace.OpDelete] != sum.Keys || sum.ByOp[trace.OpPut] != sum.Keys || sum.Expiries != sum.Keys {
		t.Errorf("summary %+v: want a get per request, and one put and one delete per object (sizes are fixed, each object dropped at its last request)", sum)
	}
}
