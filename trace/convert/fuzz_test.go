package convert

import (
	"bytes"
	"errors"
	"testing"

	"mapbench/trace"
)

// fuzzConvert: any input converts to a trace that decodes (trace.ReadAll)
// and agrees with the summary, or fails with an *InputError or
// ErrNoRequests; never a panic. Inputs in zstd are left out: a few bytes
// of zstd can stand for gigabytes.
func fuzzConvert(t *testing.T, format string, in []byte) (Summary, []trace.Record, bool) {
	if bytes.HasPrefix(in, zstdMagic) {
		t.Skip("zstd input")
	}
	sum, _, recs, _, err := convert(t, format, in, Options{Name: "fuzz"})
	if err != nil {
		var ie *InputError
		if !errors.As(err, &ie) && !errors.Is(err, ErrNoRequests) {
			t.Fatalf("error %v (%T), want an *InputError or ErrNoRequests", err, err)
		}
		if ie != nil && ie.File != "fuzz" {
			t.Fatalf("error %v does not name the input", err)
		}
		return sum, nil, false
	}
	if uint64(len(recs)) != sum.Out {
		t.Fatalf("%d records decoded, the summary says %d", len(recs), sum.Out)
	}
	var byOp [trace.OpMark + 1]uint64
	for _, r := range recs {
		byOp[r.Op]++
	}
	if byOp != sum.ByOp {
		t.Fatalf("records by op %v, the summary says %v", byOp, sum.ByOp)
	}
	if byOp[trace.OpMark] != 0 {
		t.Fatalf("%d marks: a cache trace has no phase end to mark", byOp[trace.OpMark])
	}
	return sum, recs, true
}

func FuzzConvertTwemcache(f *testing.F) {
	f.Add([]byte("0,a,1,5,c,set,5\n3,b,1,6,d,get,0\n9,a,1,0,c,get,0\n"))
	f.Add([]byte("0,ns:a,b,7,3,c,set,0\r\n1,ns:a,b,7,0,d,get,0\r\n2,ns:a,7,0,c,delete,0"))
	f.Add([]byte("0,a,1,1,c,set,100\n0,b,1,1,c,set,10\n5,a,1,1,c,set,5\n10,c,1,1,c,get,0\n11,c,1,1,c,incr,0\n"))
	f.Add([]byte("0,a,1,1,c,get\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		sum, recs, ok := fuzzConvert(t, "twemcache", in)
		if !ok {
			return
		}
		if sum.In+int64(sum.Expiries) != int64(sum.Out) {
			t.Fatalf("%d lines and %d expiries, but %d records", sum.In, sum.Expiries, sum.Out)
		}
		// Lane 0 holds the expiries only, and each deletes a live key.
		live := map[uint64]bool{}
		var expiries uint64
		for i, r := range recs {
			if r.Lane == 0 {
				if r.Op != trace.OpDelete || !live[r.Key] {
					t.Fatalf("record %d (%v): lane 0 is the expiries, each a delete of a live key", i, r)
				}
				expiries++
			}
			switch r.Op {
			case trace.OpPut:
				live[r.Key] = true
			case trace.OpDelete:
				delete(live, r.Key)
			}
		}
		if expiries != sum.Expiries {
			t.Fatalf("%d deletes on lane 0, the summary says %d expiries", expiries, sum.Expiries)
		}
	})
}

func FuzzConvertOracleGeneral(f *testing.F) {
	f.Add(oracle(rec{0, 100, 10, 3}, rec{1, 1 << 60, 20, -1}, rec{2, 100, 10, 4}, rec{3, 100, 11, -1}))
	f.Add(oracle(rec{0, 1, 1, 2})[:20])
	f.Fuzz(func(t *testing.T, in []byte) {
		sum, recs, ok := fuzzConvert(t, "oracle-general", in)
		if !ok {
			return
		}
		if sum.In != int64(len(in)/oracleRecord) || sum.ByOp[trace.OpGet] != uint64(sum.In) {
			t.Fatalf("%d records in, %d gets, from %d bytes: want one get per 24-byte record", sum.In, sum.ByOp[trace.OpGet], len(in))
		}
		// Every get is of a key that is live after it (a miss is
		// followed by its put), and every delete deletes a live key.
		live := map[uint64]bool{}
		for i, r := range recs {
			switch r.Op {
			case trace.OpPut:
				live[r.Key] = true
			case trace.OpDelete:
				if !live[r.Key] {
					t.Fatalf("record %d (%v): a delete of a key not live", i, r)
				}
				delete(live, r.Key)
			case trace.OpGet:
				if !live[r.Key] && (i+1 == len(recs) || recs[i+1].Op != trace.OpPut || recs[i+1].Key != r.Key) {
					t.Fatalf("record %d (%v): a miss not followed by its put", i, r)
				}
			}
		}
	})
}
