package plot_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"mapbench/results"
	"mapbench/results/cells"
	"mapbench/results/plot"
	"mapbench/results/report"
)

// vocab is the CLI's vocabulary, written out (the results packages import
// none of mapbench's other packages).
var vocab = cells.Vocab{
	Key: func(s string) string {
		switch {
		case strings.HasPrefix(s, "trace:"):
			return "replay"
		case strings.Contains(s, "churn"): // churn-fifo, concurrent-churn
			return "churn"
		case strings.HasPrefix(s, "refill"):
			return "refill"
		}
		return "delete"
	},
	Op: func(p string) string {
		return map[string]string{"fill": "insert", "delete": "delete", "refill": "insert", "churn": "delete+insert",
			"replay": "read/insert/delete", "replay-delete": "delete", "replay-put": "insert", "replay-get": "read"}[p]
	},
	Fill:   "fill",
	Cycle:  "cycle",
	Churn:  "churn",
	Kinds:  []string{"replay-delete", "replay-put", "replay-get"},
	Delete: "replay-delete",
	Impls:  []string{"native", "syncmap", "xsync", "xsync-growonly", "dolthub", "cockroach"},
}

func read(t *testing.T, paths ...string) []results.Record {
	t.Helper()
	var recs []results.Record
	for _, p := range paths {
		rs, err := results.ReadCSVFile(p)
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rs...)
	}
	return recs
}

func build(t *testing.T, paths ...string) map[string]plot.Chart {
	t.Helper()
	return buildRecs(t, read(t, paths...))
}

func names(m map[string]plot.Chart) []string {
	var out []string
	for n := range m {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// The fixtures (results/plot/testdata/README, results/report/testdata/README)
// give the expected chart sets.
func TestChartSets(t *testing.T) {
	tests := []struct {
		name  string
		paths []string
		want  []string
	}{
		{"two n", []string{"testdata/twon.csv"}, []string{
			"bytes-per-entry_u64",
			"churn-heap_churn-fifo_u64_n1000", "churn-heap_churn-fifo_u64_n2000",
			"latency_churn-fifo_u64_n1000", "latency_churn-fifo_u64_n2000",
			"latency_drain_u64_n1000", "latency_drain_u64_n2000",
			"ns-per-op_churn-fifo_u64_n1000", "ns-per-op_churn-fifo_u64_n2000",
			"ns-per-op_drain_u64_n1000", "ns-per-op_drain_u64_n2000",
			"retained-heap_u64_n1000", "retained-heap_u64_n2000",
		}},
		{"one n: no bytes-per-entry chart", []string{"../report/testdata/run3.csv"}, []string{
			"churn-heap_churn-fifo_u64_n2000", "latency_churn-fifo_u64_n2000", "latency_drain_u64_n2000",
			"ns-per-op_churn-fifo_u64_n2000", "ns-per-op_drain_u64_n2000", "retained-heap_u64_n2000",
		}},
		{"trace replays: a latency chart per kind of op", []string{"../report/testdata/trace.csv"}, []string{
			"latency_trace-churn-fifo-b6772adb7efe49c8_u64_n4096", "latency_trace-examples-record-6b333bcc1e087322_str_n2323",
			"ns-per-op_trace-churn-fifo-b6772adb7efe49c8_u64_n4096", "ns-per-op_trace-examples-record-6b333bcc1e087322_str_n2323",
			"replay-delete-latency_trace-churn-fifo-b6772adb7efe49c8_u64_n4096",
			"replay-delete-latency_trace-examples-record-6b333bcc1e087322_str_n2323",
			"replay-get-latency_trace-examples-record-6b333bcc1e087322_str_n2323",
			"replay-put-latency_trace-churn-fifo-b6772adb7efe49c8_u64_n4096",
			"replay-put-latency_trace-examples-record-6b333bcc1e087322_str_n2323",
			"retained-heap_str_n2323", "retained-heap_u64_n4096",
		}},
		{"two hosts and Go versions: one set each", []string{"../report/testdata/run3.csv", "../report/testdata/run3-otherhost.csv"}, []string{
			"churn-heap_churn-fifo_u64_n2000_A", "churn-heap_churn-fifo_u64_n2000_B",
			"latency_churn-fifo_u64_n2000_A", "latency_churn-fifo_u64_n2000_B",
			"latency_drain_u64_n2000_A", "latency_drain_u64_n2000_B",
			"ns-per-op_churn-fifo_u64_n2000_A", "ns-per-op_churn-fifo_u64_n2000_B",
			"ns-per-op_drain_u64_n2000_A", "ns-per-op_drain_u64_n2000_B",
			"retained-heap_u64_n2000_A", "retained-heap_u64_n2000_B",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := names(build(t, tc.paths...))
			if !slices.Equal(got, tc.want) {
				t.Errorf("charts\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestTwoHostsTitles(t *testing.T) {
	m := build(t, "../report/testdata/run3.csv", "../report/testdata/run3-otherhost.csv")
	for name, want := range map[string]string{
		"ns-per-op_drain_u64_n2000_A": "input A: host=vm go_version=go1.26.8",
		"ns-per-op_drain_u64_n2000_B": "input B: host=vm2 go_version=go1.25.9",
	} {
		if !strings.Contains(m[name].Title, want) {
			t.Errorf("%s: title %q does not say %q", name, m[name].Title, want)
		}
	}
}

func TestPNGs(t *testing.T) {
	opt := plot.Options{}
	w, h := opt.PixelSize()
	if w != 864 || h != 528 {
		t.Errorf("default size %d×%d px, want 864×528", w, h)
	}
	for name, c := range build(t, "testdata/twon.csv") {
		img, err := png.Decode(bytes.NewReader(c.PNG))
		if err != nil {
			t.Errorf("%s.png: %v", name, err)
			continue
		}
		if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
			t.Errorf("%s.png is %d×%d, want %d×%d", name, b.Dx(), b.Dy(), w, h)
		}
		if n := colours(img); n < 5 {
			t.Errorf("%s.png has %d colours: blank?", name, n)
		}
	}
}

func colours(img image.Image) int {
	seen := map[[4]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			r, g, bl, a := img.At(x, y).RGBA()
			seen[[4]uint32{r, g, bl, a}] = true
		}
	}
	return len(seen)
}

// svgText is the text of every <text> element of an SVG, which must parse
// as XML.
func svgText(t *testing.T, name string, b []byte) string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	var text strings.Builder
	in := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s.svg does not parse as XML: %v", name, err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if tok.Name.Local == "text" {
				in++
			}
		case xml.EndElement:
			if tok.Name.Local == "text" {
				in--
			}
		case xml.CharData:
			if in > 0 {
				text.Write(tok)
				text.WriteByte('\n')
			}
		}
	}
	return text.String()
}

func TestSVGs(t *testing.T) {
	axes := map[string][]string{
		"retained-heap":   {"scenario (key phase)", "live heap (bytes)", "drain (delete)", "churn-fifo (churn)", "KiB"},
		"churn-heap":      {"turnovers of n (ops / n)", "live heap (bytes)"},
		"latency":         {"percentile", "latency (ns, log scale)", "p50", "p90", "p99", "p99.9", "max", "noise floor"},
		"ns-per-op":       {"implementation", "time per op (ns)"},
		"bytes-per-entry": {"n (entries when full, log scale)", "live heap per entry (bytes)", "1000", "2000"},
	}
	for name, c := range build(t, "testdata/twon.csv") {
		text := svgText(t, name, c.SVG)
		kind, _, _ := strings.Cut(name, "_")
		want := append([]string{"native", "syncmap", "dolthub"}, axes[kind]...)
		want = append(want, strings.Split(c.Title, "\n")...)
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s.svg has no text %q", name, w)
			}
		}
	}
}

// An implementation has the same colour in every chart, and whatever else
// is in the input: the palette is indexed by the registry order.
func TestColours(t *testing.T) {
	a := plot.Palette(vocab.Impls, []string{"native", "dolthub"})
	b := plot.Palette(vocab.Impls, []string{"dolthub", "zzz", "aaa"})
	if a["dolthub"] != b["dolthub"] || a["dolthub"] != 4 || a["native"] != 0 {
		t.Errorf("palette not by registry order: %v, %v", a, b)
	}
	if b["aaa"] != len(vocab.Impls) || b["zzz"] != len(vocab.Impls)+1 {
		t.Errorf("unregistered impls not after the registry, by name: %v", b)
	}
	if plot.Color(0) == plot.Color(1) {
		t.Error("two impls share a colour")
	}
	// In the SVGs: each impl's legend swatch (and its bars or lines) has
	// its palette colour, in every chart.
	m := build(t, "testdata/twon.csv")
	for _, impl := range []string{"native", "syncmap", "dolthub"} {
		c := plot.Color(a[impl])
		hex := fmt.Sprintf("#%02X%02X%02X", c.R, c.G, c.B)
		for _, name := range []string{"retained-heap_u64_n1000", "latency_drain_u64_n2000", "ns-per-op_churn-fifo_u64_n1000"} {
			if !bytes.Contains(m[name].SVG, []byte(hex)) {
				t.Errorf("%s.svg: no %s for %s", name, hex, impl)
			}
		}
	}
}

func TestNoCharts(t *testing.T) {
	recs := read(t, "../report/testdata/run3.csv")
	// Only the rows no chart shows: the meta rows of every cell.
	var meta []results.Record
	for _, r := range recs {
		if r.Phase == results.PhaseMeta && r.Metric != results.MetricNoiseFloorP999 {
			meta = append(meta, r)
		}
	}
	_, err := plot.Build(meta, vocab, plot.Options{})
	if !errors.Is(err, plot.ErrNoCharts) {
		t.Errorf("meta rows only: err %v, want ErrNoCharts", err)
	}
}

// FromReport with SVGOnly (what `mapbench report -format html` inlines)
// draws the charts Build draws, from the report it is given, without PNGs.
func TestFromReportSVGOnly(t *testing.T) {
	recs := read(t, "../report/testdata/run5.csv", "../report/testdata/run3-otherhost.csv")
	full, err := plot.Build(recs, vocab, plot.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := report.Build(recs, vocab, report.Options{Baseline: "dolthub"})
	if err != nil {
		t.Fatal(err)
	}
	svgOnly, err := plot.FromReport(rep, vocab, plot.Options{SVGOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(svgOnly) != len(full) {
		t.Fatalf("FromReport drew %d charts, Build %d", len(svgOnly), len(full))
	}
	for i, c := range svgOnly {
		if c.Name != full[i].Name || c.Title != full[i].Title || !bytes.Equal(c.SVG, full[i].SVG) {
			t.Errorf("chart %d: FromReport drew %s, Build %s (or their SVGs differ)", i, c.Name, full[i].Name)
		}
		if c.PNG != nil {
			t.Errorf("%s: a PNG with SVGOnly", c.Name)
		}
	}
}

// gRecords is a hand-made run: concurrent-drain at G = 1, 2 and 4 and
// n = 1024 and 2048, concurrent-churn at G = 2, and drain (G = 1) at
// n = 1024; native and dolthub, 3 reps. Time per op is 100/G ns (native)
// and 200/G (dolthub), so each chart's values say which G it shows.
func gRecords() []results.Record {
	var recs []results.Record
	add := func(scenario string, g, n int) {
		for rep := range 3 {
			for i, impl := range []string{"native", "dolthub"} {
				mk := func(phase string, step int, metric string, v float64) {
					m, _ := results.LookupMetric(metric)
					recs = append(recs, results.Record{
						Env:   results.Env{RunID: "r", Host: "vm", GoVersion: "go1.26.8", GOOS: "linux", GOARCH: "amd64", CPU: "c", GOMAXPROCS: 4, GCPercent: 100, Seed: 1},
						Cell:  results.Cell{Impl: impl, ImplVersion: "v", Scenario: scenario, Shape: "u64", N: n, Goroutines: g, Rep: rep},
						Phase: phase, Step: step, Metric: metric, Value: v, Unit: m.Unit})
				}
				f := float64(i + 1)
				key := "delete"
				if strings.Contains(scenario, "churn") {
					key = "churn"
					for step := range 3 {
						mk(key, step, results.MetricLiveHeap, f*float64(n)*(10+float64(step)))
					}
				}
				mk("fill", 0, results.MetricBytesPerEntry, 30*f+float64(g))
				mk(key, 2*btoi(key == "churn"), results.MetricNsPerOp, 100*f/float64(g))
				mk(key, 2*btoi(key == "churn"), results.MetricLiveHeap, f*float64(n)*10)
				for j, l := range plot.Latencies {
					mk(key, 2*btoi(key == "churn"), l.Metric, float64(100*(j+1)*g))
				}
				mk(results.PhaseMeta, 0, results.MetricNoiseFloorP999, 50)
			}
		}
	}
	for _, g := range []int{1, 2, 4} {
		add("concurrent-drain", g, 1024)
		add("concurrent-drain", g, 2048)
	}
	add("concurrent-churn", 2, 1024)
	add("drain", 1, 1024)
	return recs
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Cells with different goroutines are never pooled: once some G > 1, every
// chart is of one G, named _G<g> and titled G = <g>; with G = 1 only,
// nothing names G.
func TestGoroutinesCharts(t *testing.T) {
	charts, err := plot.Build(gRecords(), vocab, plot.Options{SVGOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]plot.Chart{}
	for _, c := range charts {
		if _, dup := m[c.Name]; dup {
			t.Fatalf("two charts named %s", c.Name)
		}
		m[c.Name] = c
	}
	want := []string{
		"bytes-per-entry_u64_G1", "bytes-per-entry_u64_G2", "bytes-per-entry_u64_G4",
		"churn-heap_concurrent-churn_u64_n1024_G2",
	}
	for _, sc := range []string{"latency", "ns-per-op"} {
		want = append(want, sc+"_concurrent-churn_u64_n1024_G2", sc+"_drain_u64_n1024_G1")
		for _, g := range []string{"G1", "G2", "G4"} {
			want = append(want, sc+"_concurrent-drain_u64_n1024_"+g, sc+"_concurrent-drain_u64_n2048_"+g)
		}
	}
	for _, g := range []string{"G1", "G2", "G4"} {
		want = append(want, "retained-heap_u64_n1024_"+g, "retained-heap_u64_n2048_"+g)
	}
	slices.Sort(want)
	if got := names(m); !slices.Equal(got, want) {
		t.Fatalf("charts\n got %q\nwant %q", got, want)
	}
	for _, tc := range []struct {
		chart string
		title string
		text  []string // in the SVG: values of this G only
		not   []string
	}{
		{"ns-per-op_concurrent-drain_u64_n1024_G2", "n = 1024, G = 2", []string{"50.0 ns", "100 ns"}, []string{"200 ns", "25.0 ns"}},
		{"ns-per-op_concurrent-drain_u64_n1024_G4", "n = 1024, G = 4", []string{"25.0 ns", "50.0 ns"}, []string{"100 ns"}},
		{"retained-heap_u64_n1024_G1", "n = 1024, G = 1", []string{"concurrent-drain (delete)", "drain (delete)"}, []string{"concurrent-churn"}},
		{"retained-heap_u64_n1024_G2", "n = 1024, G = 2", []string{"concurrent-drain (delete)", "concurrent-churn (churn)"}, []string{"\ndrain (delete)"}},
		{"bytes-per-entry_u64_G4", "shape u64, G = 4", []string{"1024", "2048"}, nil},
		{"churn-heap_concurrent-churn_u64_n1024_G2", "n = 1024, G = 2", nil, nil},
		{"latency_concurrent-drain_u64_n2048_G4", "n = 2048, G = 4", nil, nil},
	} {
		c, ok := m[tc.chart]
		if !ok {
			continue
		}
		if !strings.Contains(c.Title, tc.title) {
			t.Errorf("%s: title %q lacks %q", tc.chart, c.Title, tc.title)
		}
		text := "\n" + svgText(t, tc.chart, c.SVG)
		for _, w := range tc.text {
			if !strings.Contains(text, w) {
				t.Errorf("%s.svg lacks %q", tc.chart, w)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(text, w) {
				t.Errorf("%s.svg has %q (pooled across G?)", tc.chart, w)
			}
		}
	}

	// G = 1 only: the names and titles of before.
	var one []results.Record
	for _, r := range gRecords() {
		if r.Goroutines == 1 {
			one = append(one, r)
		}
	}
	charts, err = plot.Build(one, vocab, plot.Options{SVGOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range charts {
		if strings.Contains(c.Name, "_G") || strings.Contains(c.Title, "G = ") {
			t.Errorf("G = 1 only: chart %s titled %q names G", c.Name, c.Title)
		}
	}
	if len(charts) != 9 { // bytes-per-entry, 2 retained-heap, latency and ns-per-op of 3 tables
		t.Errorf("G = 1 only: %d charts, want 9", len(charts))
	}
}

// cRecords is a hand-made run of concurrent scenarios: concurrent-drain
// at G = 1, 2 and 4 and concurrent-churn at G = 2 only, n = 1024; syncmap
// and xsync, 3 good reps and a fourth whose cell failed. In good rep r,
// impl i (syncmap 1, xsync 2) at G has ops_per_sec i·G·1e6·(0.9, 1,
// 1.2)[r] (median i·G M, min 0.9×, max 1.2×) and read latency percentile
// j (p50 … max) 10·(j+1)·i·G + r ns (median: + 1); the failed rep's values
// are 1000 times larger, which no chart may show.
func cRecords() []results.Record {
	var recs []results.Record
	add := func(scenario string, g int) {
		key := vocab.Key(scenario)
		for rep := range 4 {
			for i, impl := range []string{"syncmap", "xsync"} {
				mk := func(phase, metric string, v float64) {
					m, ok := results.LookupMetric(metric)
					if !ok {
						panic("unknown metric " + metric)
					}
					recs = append(recs, results.Record{
						Env:   results.Env{RunID: "r", Host: "vm", GoVersion: "go1.26.8", GOOS: "linux", GOARCH: "amd64", CPU: "c", GOMAXPROCS: 2, GCPercent: 100, Seed: 1},
						Cell:  results.Cell{Impl: impl, ImplVersion: "v", Scenario: scenario, Shape: "u64", N: 1024, Goroutines: g, Rep: rep},
						Phase: phase, Metric: metric, Value: v, Unit: m.Unit})
				}
				f := float64((i + 1) * g)
				scale := []float64{0.9, 1, 1.2, 1000}[rep]
				mk(key, results.MetricOpsPerSec, f*1e6*scale)
				mk(key, results.MetricNsPerOp, 1000/f*scale)
				mk(key, results.MetricLiveHeap, 4096)
				for j, l := range ReadLatencies() {
					v := 10*float64(j+1)*f + float64(rep)
					if rep == 3 {
						v *= 1000
					}
					mk(key, l, v)
				}
				for j, l := range plot.Latencies {
					mk(key, l.Metric, 500*float64(j+1))
				}
				mk(results.PhaseMeta, results.MetricNoiseFloorP999, 30)
				if rep == 3 {
					mk(results.PhaseMeta, results.MetricCellFailed, 1)
				}
			}
		}
	}
	for _, g := range []int{1, 2, 4} {
		add("concurrent-drain", g)
	}
	add("concurrent-churn", 2)
	return recs
}

// ReadLatencies are the read_latency metrics of the read-latency chart.
func ReadLatencies() []string {
	var out []string
	for _, l := range plot.ReadLatencies {
		out = append(out, l.Metric)
	}
	return out
}

func keep(recs []results.Record, ok func(*results.Record) bool) []results.Record {
	var out []results.Record
	for i := range recs {
		if ok(&recs[i]) {
			out = append(out, recs[i])
		}
	}
	return out
}

// buildRecs is build from records: the charts by name.
func buildRecs(t *testing.T, recs []results.Record) map[string]plot.Chart {
	t.Helper()
	charts, err := plot.Build(recs, vocab, plot.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]plot.Chart{}
	for _, c := range charts {
		if _, dup := out[c.Name]; dup {
			t.Errorf("two charts named %s", c.Name)
		}
		out[c.Name] = c
	}
	return out
}

// The throughput chart is drawn per scenario × shape × n with ops_per_sec
// at two or more G, and spans G (no _G in its name); the read-latency
// chart per table with read_latency rows, named like the latency chart.
func TestConcurrentChartSets(t *testing.T) {
	all := cRecords()
	otherHost := slices.Clone(all)
	for i := range otherHost {
		otherHost[i].Host, otherHost[i].RunID = "vm2", "r2"
	}
	tests := []struct {
		name string
		recs []results.Record
		want []string // the throughput and read-latency charts
	}{
		{"G 1, 2, 4", all, []string{
			"read-latency_concurrent-churn_u64_n1024_G2",
			"read-latency_concurrent-drain_u64_n1024_G1", "read-latency_concurrent-drain_u64_n1024_G2", "read-latency_concurrent-drain_u64_n1024_G4",
			"throughput_concurrent-drain_u64_n1024",
		}},
		{"one G each: no throughput chart", keep(all, func(r *results.Record) bool { return r.Goroutines == 2 }), []string{
			"read-latency_concurrent-churn_u64_n1024_G2", "read-latency_concurrent-drain_u64_n1024_G2",
		}},
		{"G = 1 only: no G in the names", keep(all, func(r *results.Record) bool { return r.Goroutines == 1 }), []string{
			"read-latency_concurrent-drain_u64_n1024",
		}},
		{"ops_per_sec at one G only: no throughput chart", keep(all, func(r *results.Record) bool {
			return r.Metric != results.MetricOpsPerSec || r.Goroutines == 4
		}), []string{
			"read-latency_concurrent-churn_u64_n1024_G2",
			"read-latency_concurrent-drain_u64_n1024_G1", "read-latency_concurrent-drain_u64_n1024_G2", "read-latency_concurrent-drain_u64_n1024_G4",
		}},
		{"no read_latency rows: no read-latency chart", keep(all, func(r *results.Record) bool {
			return !slices.Contains(ReadLatencies(), r.Metric)
		}), []string{"throughput_concurrent-drain_u64_n1024"}},
		{"two hosts: one set each", slices.Concat(all, otherHost), []string{
			"read-latency_concurrent-churn_u64_n1024_G2_A", "read-latency_concurrent-churn_u64_n1024_G2_B",
			"read-latency_concurrent-drain_u64_n1024_G1_A", "read-latency_concurrent-drain_u64_n1024_G1_B",
			"read-latency_concurrent-drain_u64_n1024_G2_A", "read-latency_concurrent-drain_u64_n1024_G2_B",
			"read-latency_concurrent-drain_u64_n1024_G4_A", "read-latency_concurrent-drain_u64_n1024_G4_B",
			"throughput_concurrent-drain_u64_n1024_A", "throughput_concurrent-drain_u64_n1024_B",
		}},
		{"not concurrent: neither", read(t, "testdata/twon.csv"), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, n := range names(buildRecs(t, tc.recs)) {
				if strings.HasPrefix(n, "throughput_") || strings.HasPrefix(n, "read-latency_") {
					got = append(got, n)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("charts\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestThroughputChart(t *testing.T) {
	m := buildRecs(t, cRecords())
	const name = "throughput_concurrent-drain_u64_n1024"
	c, ok := m[name]
	if !ok {
		t.Fatalf("no %s in %q", name, names(m))
	}
	// One line per implementation in registry order; a point per G at the
	// median over the good reps, whiskers min–max; the failed rep is out.
	var want []plot.Line
	for i, impl := range []string{"syncmap", "xsync"} {
		l := plot.Line{Impl: impl}
		for _, g := range []float64{1, 2, 4} {
			f := float64(i+1) * g
			l.Points = append(l.Points, plot.Point{X: g, Y: f * 1e6, Lo: f * 1e6 * 0.9, Hi: f * 1e6 * 1.2})
		}
		want = append(want, l)
	}
	if got := plot.Lines(c); !reflect.DeepEqual(got, want) {
		t.Errorf("%s draws\n%v\nwant\n%v", name, got, want)
	}
	for _, w := range []string{"Throughput: concurrent-drain, shape u64, n = 1024\n", "median over 3 reps", "whiskers: min–max", "delete ops per second"} {
		if !strings.Contains(c.Title, w) {
			t.Errorf("title %q lacks %q", c.Title, w)
		}
	}
	if strings.Contains(c.Title, "G = ") {
		t.Errorf("title %q names one G", c.Title)
	}
	text := "\n" + svgText(t, name, c.SVG)
	for _, w := range append([]string{"goroutines G (log scale)", "throughput (ops/s)", "\n1\n", "\n2\n", "\n4\n", "\n0\n", "5.0M", "syncmap", "xsync"},
		strings.Split(c.Title, "\n")...) {
		if !strings.Contains(text, w) {
			t.Errorf("%s.svg has no text %q", name, w)
		}
	}
	pal := plot.Palette(vocab.Impls, []string{"syncmap", "xsync"})
	for _, impl := range []string{"syncmap", "xsync"} {
		col := plot.Color(pal[impl])
		if hex := fmt.Sprintf("#%02X%02X%02X", col.R, col.G, col.B); !bytes.Contains(c.SVG, []byte(hex)) {
			t.Errorf("%s.svg: no %s for %s", name, hex, impl)
		}
	}
	if img, err := png.Decode(bytes.NewReader(c.PNG)); err != nil {
		t.Errorf("%s.png: %v", name, err)
	} else if n := colours(img); n < 5 {
		t.Errorf("%s.png has %d colours: blank?", name, n)
	}
}

func TestReadLatencyChart(t *testing.T) {
	m := buildRecs(t, cRecords())
	for _, g := range []int{1, 2, 4} {
		name := fmt.Sprintf("read-latency_concurrent-drain_u64_n1024_G%d", g)
		c, ok := m[name]
		if !ok {
			t.Errorf("no %s in %q", name, names(m))
			continue
		}
		// The medians of the good reps' read_latency_* (not latency_*,
		// which the latency chart draws), one point per percentile.
		var want []plot.Line
		for i, impl := range []string{"syncmap", "xsync"} {
			l := plot.Line{Impl: impl}
			for j := range plot.ReadLatencies {
				l.Points = append(l.Points, plot.Point{X: float64(j), Y: 10*float64(j+1)*float64((i+1)*g) + 1, Lo: math.NaN(), Hi: math.NaN()})
			}
			want = append(want, l)
		}
		got := plot.Lines(c)
		if len(got) != len(want) {
			t.Fatalf("%s draws %d lines, want %d", name, len(got), len(want))
		}
		for i := range want {
			if got[i].Impl != want[i].Impl || len(got[i].Points) != len(want[i].Points) {
				t.Errorf("%s line %d: %v, want %v", name, i, got[i], want[i])
				continue
			}
			for j, p := range got[i].Points {
				w := want[i].Points[j]
				if p.X != w.X || p.Y != w.Y || !math.IsNaN(p.Lo) || !math.IsNaN(p.Hi) {
					t.Errorf("%s %s point %d: %v, want %v", name, got[i].Impl, j, p, w)
				}
			}
		}
		for _, w := range []string{"Latency of one read: concurrent-drain, shape u64, n = 1024, G = " + strconv.Itoa(g),
			"median over 3 reps", "sampled single reads (Get) during the delete phase", "dashed: the noise floor"} {
			if !strings.Contains(c.Title, w) {
				t.Errorf("%s: title %q lacks %q", name, c.Title, w)
			}
		}
		text := svgText(t, name, c.SVG)
		for _, w := range append([]string{"percentile", "latency (ns, log scale)", "p50", "p90", "p99", "p99.9", "max", "noise floor 30.0 ns", "syncmap", "xsync"},
			strings.Split(c.Title, "\n")...) {
			if !strings.Contains(text, w) {
				t.Errorf("%s.svg has no text %q", name, w)
			}
		}
		// The latency chart of the same table still draws the ops'
		// latency_* (500, 1000, ... ns).
		lat, ok := m[fmt.Sprintf("latency_concurrent-drain_u64_n1024_G%d", g)]
		if !ok {
			t.Errorf("no latency chart of G = %d", g)
			continue
		}
		if n := len(plot.Lines(lat)); n != 2 {
			t.Errorf("latency chart of G = %d: %d lines, want 2", g, n)
		}
		for _, l := range plot.Lines(lat) {
			for j, p := range l.Points {
				if p.Y != 500*float64(j+1) {
					t.Errorf("latency chart of G = %d: %s point %d at %v, want %v", g, l.Impl, j, p.Y, 500*float64(j+1))
				}
			}
		}
	}
}

// Build is deterministic: the same input draws the same bytes.
func TestConcurrentDeterministic(t *testing.T) {
	a, b := buildRecs(t, cRecords()), buildRecs(t, cRecords())
	for name, c := range a {
		if !bytes.Equal(c.SVG, b[name].SVG) || !bytes.Equal(c.PNG, b[name].PNG) {
			t.Errorf("%s: two builds of one input differ", name)
		}
	}
}

// A trace replay's kind charts draw, per kind of op, the medians over the
// good reps of the kind's latency_* rows (not the replay's), one point
// per percentile, p99 at the report's kind block's median; their titles
// say the kind and wrap the long scenario name to the chart's width.
func TestKindLatencyCharts(t *testing.T) {
	recs := read(t, "../report/testdata/trace.csv")
	rep, err := report.Build(recs, vocab, report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	charts, err := plot.FromReport(rep, vocab, plot.Options{})
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]plot.Chart{}
	for _, c := range charts {
		m[c.Name] = c
	}
	tb := &rep.Tables[0]
	if tb.Scenario != "trace:churn-fifo@b6772adb7efe49c8" || !slices.Equal(tb.Kinds, []string{"replay-delete", "replay-put"}) {
		t.Fatalf("first table %s, kinds %q; want churn-fifo's trace with deletes and puts", tb.Scenario, tb.Kinds)
	}
	p99 := slices.IndexFunc(plot.Latencies, func(l struct{ Metric, Label string }) bool { return l.Metric == results.MetricLatencyP99 })
	for _, kind := range tb.Kinds {
		name := kind + "-latency_trace-churn-fifo-b6772adb7efe49c8_u64_n4096"
		c, ok := m[name]
		if !ok {
			t.Fatalf("no %s in %q", name, names(m))
		}
		lines := plot.Lines(c)
		if len(lines) != 2 {
			t.Fatalf("%s: %d lines, want 2", name, len(lines))
		}
		for _, l := range lines {
			var g *report.LineSamples
			for _, x := range tb.Groups {
				if x.Impl == l.Impl {
					g = x
				}
			}
			if len(l.Points) != len(plot.Latencies) {
				t.Fatalf("%s %s: %d points, want %d", name, l.Impl, len(l.Points), len(plot.Latencies))
			}
			for j, p := range l.Points {
				want := max(cells.SpreadOf(g.Cell.OfKind(kind, plot.Latencies[j].Metric), cells.Time).Median, 1)
				if p.X != float64(j) || p.Y != want || !math.IsNaN(p.Lo) || !math.IsNaN(p.Hi) {
					t.Errorf("%s %s point %d: %v, want %v", name, l.Impl, j, p, want)
				}
				if key := g.Cell.AtKeyEnd(plot.Latencies[j].Metric); j == p99 && p.Y == max(cells.SpreadOf(key, cells.Time).Median, 1) {
					t.Logf("%s %s: the kind's p99 equals the replay's (%v)", name, l.Impl, p.Y)
				}
			}
			var st *report.Stat
			for _, b := range tb.Blocks {
				if b.Kind == kind && b.Spec.Metric == results.MetricLatencyP99 {
					for _, bl := range b.Lines {
						if bl.Impl == l.Impl {
							st = bl.Cells[0].Stat
						}
					}
				}
			}
			if st == nil || st.Median != l.Points[p99].Y {
				t.Errorf("%s %s: p99 drawn at %v, report block %v", name, l.Impl, l.Points[p99].Y, st)
			}
		}
		op := vocab.Op(kind)
		for _, w := range []string{"Latency of one " + op + " of the replay: trace:churn-fifo@b6772adb7efe49c8, shape u64, n = 4096",
			"median over 4 reps of each percentile of its sampled " + op + " ops (" + kind + " rows)"} {
			if !strings.Contains(c.Title, w) {
				t.Errorf("%s: title %q lacks %q", name, c.Title, w)
			}
		}
		text := svgText(t, name, c.SVG)
		for _, w := range []string{"Latency of one " + op + " of the replay:", "trace:churn-fifo@b6772adb7efe49c8", "noise floor"} {
			if !strings.Contains(text, w) {
				t.Errorf("%s.svg has no text %q", name, w)
			}
		}
	}
	// The replay's own latency chart draws the replay's rows, not a kind's.
	lat := m["latency_trace-churn-fifo-b6772adb7efe49c8_u64_n4096"]
	for _, l := range plot.Lines(lat) {
		for _, g := range tb.Groups {
			if g.Impl == l.Impl {
				if want := max(cells.SpreadOf(g.Cell.AtKeyEnd(results.MetricLatencyP99), cells.Time).Median, 1); l.Points[p99].Y != want {
					t.Errorf("replay latency chart %s: p99 at %v, want the replay's %v", l.Impl, l.Points[p99].Y, want)
				}
			}
		}
	}
}

// A title line wider than the chart breaks at a ", " (else ": ", else a
// space; the comma kept): in two even lines when both fit, else where the
// longest last part that fits starts, and again before it; a line that
// fits, or one whose last word is wider than the chart, is left as it is.
func TestWrapTitle(t *testing.T) {
	for _, tc := range []struct {
		in    string
		width int
		want  string
	}{
		{"short, title", 40, "short, title"},
		{"Latency of one delete: trace:abc@0123, shape u64, n = 4096\nsecond line", 30,
			"Latency of one delete:\ntrace:abc@0123,\nshape u64, n = 4096\nsecond line"},
		{"aaaa, bbbb, cccc, dddd, eeee", 20, "aaaa, bbbb,\ncccc, dddd, eeee"},
		{"input B: one two three four five", 20, "input B: one two\nthree four five"},
		{"a verylongwordthatfitsnowhere", 10, "a verylongwordthatfitsnowhere"},
		{"verylongwordthatfitsnowhere", 10, "verylongwordthatfitsnowhere"},
	} {
		if got := plot.WrapTitle(tc.in, tc.width); got != tc.want {
			t.Errorf("WrapTitle(%q, %d) = %q, want %q", tc.in, tc.width, got, tc.want)
		}
	}
}
