package results

import (
	"bytes"
	"strings"
	"testing"

	"mapbench/internal/golden"
)

// FuzzReadCSV: ReadCSV never panics, and whatever it accepts survives a
// write→read round trip unchanged, and writing that again gives the same bytes.
func FuzzReadCSV(f *testing.F) {
	hdr := strings.Join(Columns, ",") + "\n"
	b := golden.Read(f, goldenPath)
	f.Add(b)
	f.Add(append(append(bytes.Clone(b), '\n'), b...))
	f.Add(encode(f, true, sampleRecords()))
	f.Add([]byte(hdr))
	f.Add([]byte(""))
	f.Add([]byte(hdr + row("note", "\"a\r\r\nb\"") + "\n"))
	f.Add([]byte(hdr + row("value", "-0") + "\n" + hdr))
	f.Add([]byte(hdr + row("value", "1e400") + "\n"))
	f.Add([]byte(hdr + row("presize", "TRUE") + "\n"))
	f.Add([]byte(bom + hdr + row("n", `"-0012"`) + "\r\n"))
	f.Add([]byte(hdr + row("", "")[:50]))
	v1 := golden.Read(f, goldenV1Path)
	f.Add(v1)
	f.Add(append(bytes.Clone(v1), b...))
	f.Add(append(bytes.Clone(b), v1...))
	hdr1 := strings.Join(ColumnsV1, ",") + "\n"
	f.Add([]byte(hdr1 + rowV1("", "") + "\n" + hdr + row("goroutines", "3") + "\n"))
	f.Add([]byte(hdr1 + row("", "") + "\n"))
	f.Add([]byte(hdr + row("goroutines", "0") + "\n"))

	f.Fuzz(func(t *testing.T, data []byte) {
		recs, err := ReadCSV(bytes.NewReader(data), "fuzz")
		if err != nil {
			// Most fuzz inputs are not valid CSV on purpose: rejecting them
			// is right, as long as the error names the input.
			if !strings.HasPrefix(err.Error(), "fuzz:") {
				t.Fatalf("error does not name the input: %v", err)
			}
			return
		}
		var out bytes.Buffer
		w := NewCSVWriter(&out, true)
		if err := w.Write(recs); err != nil {
			t.Fatalf("Write of accepted records: %v", err)
		}
		back, err := ReadCSV(bytes.NewReader(out.Bytes()), "rewritten")
		if err != nil {
			t.Fatalf("re-read: %v\n%q", err, out.Bytes())
		}
		if !sameRecords(back, recs) {
			t.Fatalf("round trip changed records:\n got %#v\nwant %#v", back, recs)
		}
		var out2 bytes.Buffer
		if err := NewCSVWriter(&out2, true).Write(back); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out.Bytes(), out2.Bytes()) {
			t.Fatalf("second write differs:\n%q\n%q", out.Bytes(), out2.Bytes())
		}
	})
}
