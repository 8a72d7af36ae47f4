package trace

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"slices"
	"testing"
)

// FuzzDecode: any input either decodes, or fails with a *FormatError
// naming an offset within the input (or the decompressed stream) and a
// last good record before the failure; never a panic. An uncompressed
// input that decodes re-encodes to the same bytes (the format has one
// byte form per trace, so a decoder that skips or invents a field shows),
// but for a version-1 input's version byte, which a Writer writes as 2;
// and a version-1 input that decodes has no mark.
func FuzzDecode(f *testing.F) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, h := range []Header{u64Header, strHeader, fixHeader, withCompression(u64Header)} {
		f.Add(encode(f, h, randomStream(rng, h, 50)))
	}
	h := hdrBytes(u64Header)
	f.Add(cat(h, []byte{byte(OpPut) | flagNew, byte(OpRange)}, uv(1<<40), []byte{0}, uv(2)))
	f.Add(cat(h, []byte{byte(OpLen) | flagLane}, uv(3), []byte{0}, uv(1)))
	f.Add(cat(h, []byte{byte(OpPut) | flagNew, byte(OpMark), byte(OpGet)}, uv(0), []byte{0}, uv(3)))
	f.Add(cat(h, []byte{byte(OpMark) | flagLane}, uv(2), []byte{byte(OpMark), 0}, uv(2)))
	v1 := cat(h[:8], uv(1), h[9:]) // version 1: no mark
	f.Add(cat(v1, []byte{byte(OpPut) | flagNew, byte(OpGet)}, uv(0), []byte{0}, uv(2)))
	f.Add(cat(v1, []byte{byte(OpPut) | flagNew, byte(OpMark)}, []byte{0}, uv(2)))
	f.Fuzz(func(t *testing.T, in []byte) {
		r, err := NewReader(bytes.NewReader(in), "fuzz")
		if err != nil {
			checkFormatError(t, err, in, 0)
			return
		}
		defer r.Close()
		var recs []Record
		for {
			rec, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				checkFormatError(t, err, in, len(recs))
				return
			}
			// A zstd stream can expand a little input into very many
			// records; what matters is covered by the first ones.
			if recs = append(recs, rec); len(recs) > 1<<16 {
				return
			}
		}
		if r.Version() < 2 && slices.ContainsFunc(recs, func(r Record) bool { return r.Op == OpMark }) {
			t.Fatalf("a version-%d trace decoded with a mark", r.Version())
		}
		h := r.Header()
		if h.Compressed {
			return
		}
		var out bytes.Buffer
		w, err := NewWriter(&out, h)
		if err != nil {
			t.Fatalf("decoded header %+v does not re-encode: %v", h, err)
		}
		for i, rec := range recs {
			if err := w.Write(rec); err != nil {
				t.Fatalf("decoded record %d (%v) does not re-encode: %v", i, rec, err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		want := in
		if r.Version() != Version {
			want = bytes.Clone(in)
			want[8] = Version // the version: one byte after the 8-byte magic
		}
		if !bytes.Equal(out.Bytes(), want) {
			t.Fatalf("re-encoding differs:\n in %x\nout %x", in, out.Bytes())
		}
	})
}

func checkFormatError(t *testing.T, err error, in []byte, decoded int) {
	t.Helper()
	var fe *FormatError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T), want a *FormatError", err, err)
	}
	if fe.LastGood != int64(decoded)-1 {
		t.Fatalf("error %v: last good record %d, but %d records decoded", err, fe.LastGood, decoded)
	}
	if fe.Offset < 0 || !fe.Compressed && fe.Offset > int64(len(in)) {
		t.Fatalf("error %v: offset %d outside the %d-byte input", err, fe.Offset, len(in))
	}
	if fe.File != "fuzz" {
		t.Fatalf("error %v does not name the input", err)
	}
}
