package plot_test

import (
	"bytes"
	"image/png"
	"slices"
	"strings"
	"testing"

	"mapbench/results/plot"
)

// The live-keys chart of a trace: its name and title, the line it draws
// through the end of each span from 0, its axes and legend in the SVG, a
// PNG of the default size that is not blank; no chart without ops.
func TestLiveKeysChart(t *testing.T) {
	// 10 ops in spans of 4: live 1 2 3 | 2 1 0 0 | 1 2 1.
	d := plot.LiveKeysData{Trace: "trace:sessiond@0123456789abcdef", Ops: 10, Spans: []plot.LiveSpan{
		{From: 0, To: 4, Min: 1, Max: 3, End: 2}, {From: 4, To: 8, Min: 0, Max: 1, End: 0}, {From: 8, To: 10, Min: 1, Max: 2, End: 1}}}
	c, err := plot.LiveKeys(d, plot.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "live-keys_trace-sessiond-0123456789abcdef" {
		t.Errorf("name %q", c.Name)
	}
	for _, want := range []string{"Live keys over trace:sessiond@0123456789abcdef", "10 ops, in the trace's order, drawn in spans of 4: peak 3, final 1"} {
		if !strings.Contains(c.Title, want) {
			t.Errorf("title %q does not hold %q", c.Title, want)
		}
	}
	lines := plot.Lines(c)
	want := []plot.Point{{X: 0, Y: 0}, {X: 4, Y: 2}, {X: 8, Y: 0}, {X: 10, Y: 1}}
	if len(lines) != 1 || !slices.Equal(lines[0].Points, want) {
		t.Errorf("lines %+v, want one through %v", lines, want)
	}
	text := svgText(t, c.Name, c.SVG)
	for _, w := range append([]string{"ops from the start of the trace", "live keys", "at a span's end", "span's min–max"}, strings.Split(c.Title, "\n")...) {
		if !strings.Contains(text, w) {
			t.Errorf("%s.svg has no text %q", c.Name, w)
		}
	}
	img, err := png.Decode(bytes.NewReader(c.PNG))
	if err != nil {
		t.Fatal(err)
	}
	if w, h := (plot.Options{}).PixelSize(); img.Bounds().Dx() != w || img.Bounds().Dy() != h {
		t.Errorf("png %v, want %d×%d", img.Bounds(), w, h)
	}
	if n := colours(img); n < 5 {
		t.Errorf("png has %d colours: blank?", n)
	}
	// One op per span: the title says nothing of spans.
	one, err := plot.LiveKeys(plot.LiveKeysData{Trace: "trace:t@0123456789abcdef", Ops: 2,
		Spans: []plot.LiveSpan{{From: 0, To: 1, Min: 1, Max: 1, End: 1}, {From: 1, To: 2, Min: 0, Max: 0, End: 0}}}, plot.Options{SVGOnly: true})
	if err != nil || strings.Contains(one.Title, "spans") || one.PNG != nil {
		t.Errorf("one op per span: title %q, PNG %v, err %v", one.Title, one.PNG != nil, err)
	}
	if _, err := plot.LiveKeys(plot.LiveKeysData{Trace: "trace:t@0123456789abcdef"}, plot.Options{}); err == nil {
		t.Error("a chart of no ops was drawn")
	}
}
