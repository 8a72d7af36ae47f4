package cli

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"mapbench/impls"
	"mapbench/results"
	"mapbench/results/plot"
)

// plotFixture is a real run with two n (results/plot/testdata/README).
const plotFixture = "../../results/plot/testdata/twon.csv"

// listDir returns the names in dir, sorted; nil when dir does not exist.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	slices.Sort(out)
	return out
}

func TestPlotWritesCharts(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "charts") // created, parents too
	var stdout, stderr bytes.Buffer
	if err := mapbench([]string{"plot", "-o", dir, plotFixture}, &stdout, &stderr); err != nil {
		t.Fatalf("plot: %v\nstderr: %s", err, stderr.String())
	}
	got := listDir(t, dir)
	var want []string
	for _, n := range []string{"bytes-per-entry_u64",
		"churn-heap_churn-fifo_u64_n1000", "churn-heap_churn-fifo_u64_n2000",
		"latency_churn-fifo_u64_n1000", "latency_churn-fifo_u64_n2000",
		"latency_drain_u64_n1000", "latency_drain_u64_n2000",
		"ns-per-op_churn-fifo_u64_n1000", "ns-per-op_churn-fifo_u64_n2000",
		"ns-per-op_drain_u64_n1000", "ns-per-op_drain_u64_n2000",
		"retained-heap_u64_n1000", "retained-heap_u64_n2000"} {
		want = append(want, n+".png", n+".svg")
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("files in -o\n got %q\nwant %q", got, want)
	}
	if !strings.Contains(stdout.String(), "13 charts (26 files)") {
		t.Errorf("stdout: %q", stdout.String())
	}
	f, err := os.Open(filepath.Join(dir, "retained-heap_u64_n2000.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := png.Decode(f); err != nil {
		t.Errorf("png: %v", err)
	}
	// Again: refused without -force, done with it.
	err = mapbench([]string{"plot", "-o", dir, plotFixture}, &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "exists") || exitCode(err, &bytes.Buffer{}) != 2 {
		t.Errorf("second plot: %v, want refused (exit 2)", err)
	}
	if err := mapbench([]string{"plot", "-force", "-o", dir, plotFixture}, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Errorf("plot -force: %v", err)
	}
	if got := listDir(t, dir); !slices.Equal(got, want) {
		t.Errorf("after -force: %q", got)
	}
}

func TestPlotBadInput(t *testing.T) {
	base := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(base, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	header := strings.Join(results.Columns, ",") + "\n"
	malformed := write("malformed.csv", header+"not,a,row\n")
	headerOnly := write("header.csv", header)
	// Only meta rows: no chart has data (the fixture is a v1 file).
	var meta bytes.Buffer
	meta.WriteString(strings.Join(results.ColumnsV1, ",") + "\n")
	for _, line := range strings.Split(string(readFile(t, fixture)), "\n") {
		if strings.Contains(line, ",meta,0,checksum_ok,") {
			meta.WriteString(line + "\n")
		}
	}
	metaOnly := write("meta.csv", meta.String())
	aFile := write("afile", "x")

	tests := []struct {
		name string
		args []string // -o DIR is added in front unless the case gives -o
		want []string
	}{
		{"no -o", []string{"plot", fixture}, []string{"-o", "missing"}},
		{"no files", []string{"plot", "-o", "DIR"}, []string{"no input files"}},
		{"missing file", []string{"plot", "-o", "DIR", filepath.Join(base, "nope.csv")}, []string{"nope.csv", "no such file"}},
		{"malformed", []string{"plot", "-o", "DIR", malformed}, []string{"malformed.csv:2"}},
		{"header only", []string{"plot", "-o", "DIR", headerOnly}, []string{"header.csv has no rows"}},
		{"no data for any chart", []string{"plot", "-o", "DIR", metaOnly}, []string{"meta.csv", "no data for any chart"}},
		{"-o is a file", []string{"plot", "-o", aFile, fixture}, []string{"-o", "afile", "not a directory"}},
		{"unwritable -o", []string{"plot", "-o", filepath.Join(aFile, "sub"), fixture}, []string{"-o", "cannot create", "sub"}},
		{"unknown flag", []string{"plot", "-o", "DIR", "-frob", fixture}, []string{"frob"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			args := slices.Clone(tc.args)
			for i := range args {
				if args[i] == "DIR" {
					args[i] = dir
				}
			}
			runRefused(t, args, tc.want)
			if _, err := os.Stat(dir); err == nil {
				t.Errorf("bad input left %s behind: %q", dir, listDir(t, dir))
			}
		})
	}
	if got := listDir(t, base); !slices.Equal(got, []string{"afile", "header.csv", "malformed.csv", "meta.csv"}) {
		t.Errorf("bad input left files behind: %q", got)
	}
}

// An existing chart file without -force is refused before anything is
// written; an unwritable directory leaves no temporary files.
func TestPlotLeavesNothingBehind(t *testing.T) {
	dir := t.TempDir()
	keep := filepath.Join(dir, "latency_drain_u64_n1000.svg")
	if err := os.WriteFile(keep, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := mapbench([]string{"plot", "-o", dir, plotFixture}, &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "latency_drain_u64_n1000.svg exists") || exitCode(err, &bytes.Buffer{}) != 2 {
		t.Errorf("existing chart: %v", err)
	}
	if got := listDir(t, dir); !slices.Equal(got, []string{"latency_drain_u64_n1000.svg"}) {
		t.Errorf("refused plot left %q", got)
	}
	if string(readFile(t, keep)) != "precious" {
		t.Error("existing chart changed")
	}
	// -force overwrites chart files, never a directory in their place.
	if err := os.Mkdir(filepath.Join(dir, "retained-heap_u64_n2000.png"), 0o755); err != nil {
		t.Fatal(err)
	}
	err = mapbench([]string{"plot", "-force", "-o", dir, plotFixture}, &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "retained-heap_u64_n2000.png exists and is not a regular file") {
		t.Errorf("directory in a chart's place: %v", err)
	}
	if got := listDir(t, dir); !slices.Equal(got, []string{"latency_drain_u64_n1000.svg", "retained-heap_u64_n2000.png"}) {
		t.Errorf("refused plot -force left %q", got)
	}
	if os.Getuid() == 0 {
		t.Skip("root writes into read-only directories")
	}
	ro := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	err = mapbench([]string{"plot", "-o", ro, plotFixture}, &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "cannot write") {
		t.Errorf("read-only -o: %v", err)
	}
	if got := listDir(t, ro); len(got) > 0 {
		t.Errorf("read-only -o: left %q", got)
	}
}

// A run of a concurrent scenario at two G gets a throughput chart (one,
// spanning G) and a read-latency chart per G, besides the others.
func TestPlotConcurrent(t *testing.T) {
	var recs []results.Record
	for _, g := range []int{1, 2} {
		for rep := range 2 {
			for i, impl := range []string{"syncmap", "xsync"} {
				mk := func(phase, metric string, v float64) {
					m, ok := results.LookupMetric(metric)
					if !ok {
						t.Fatalf("unknown metric %s", metric)
					}
					recs = append(recs, results.Record{
						Env:   results.Env{RunID: "r", Host: "vm", GoVersion: "go1.26.8", GOOS: "linux", GOARCH: "amd64", CPU: "c", GOMAXPROCS: 2, GCPercent: 100, Seed: 1},
						Cell:  results.Cell{Impl: impl, ImplVersion: "v", Scenario: "concurrent-drain", Shape: "u64", N: 1024, Goroutines: g, Rep: rep},
						Phase: phase, Metric: metric, Value: v, Unit: m.Unit})
				}
				f := float64((i + 1) * g * (rep + 1))
				mk("delete", results.MetricOpsPerSec, f*1e6)
				mk("delete", results.MetricNsPerOp, 1000/f)
				for j, metric := range []string{results.MetricReadLatencyP50, results.MetricReadLatencyP90, results.MetricReadLatencyP99,
					results.MetricReadLatencyP999, results.MetricReadLatencyMax} {
					mk("delete", metric, 10*float64(j+1)*f)
				}
			}
		}
	}
	var csv bytes.Buffer
	if err := results.NewCSVWriter(&csv, true).Write(recs); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(t.TempDir(), "concurrent.csv")
	if err := os.WriteFile(in, csv.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "charts")
	var stdout, stderr bytes.Buffer
	if err := mapbench([]string{"plot", "-o", dir, in}, &stdout, &stderr); err != nil {
		t.Fatalf("plot: %v\nstderr: %s", err, stderr.String())
	}
	var want []string
	for _, n := range []string{
		"ns-per-op_concurrent-drain_u64_n1024_G1", "ns-per-op_concurrent-drain_u64_n1024_G2",
		"read-latency_concurrent-drain_u64_n1024_G1", "read-latency_concurrent-drain_u64_n1024_G2",
		"throughput_concurrent-drain_u64_n1024",
	} {
		want = append(want, n+".png", n+".svg")
	}
	slices.Sort(want)
	if got := listDir(t, dir); !slices.Equal(got, want) {
		t.Errorf("files in -o\n got %q\nwant %q", got, want)
	}
	if !strings.Contains(stdout.String(), "5 charts (10 files)") {
		t.Errorf("stdout: %q", stdout.String())
	}
	f, err := os.Open(filepath.Join(dir, "throughput_concurrent-drain_u64_n1024.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := png.Decode(f); err != nil {
		t.Errorf("png: %v", err)
	}
}

// Every registered implementation has a colour of its own in the charts.
func TestPaletteCoversRegistry(t *testing.T) {
	if n, max := len(impls.Names()), plot.PaletteSize(); n > max {
		t.Errorf("%d implementations registered, %d chart colours: add colours to results/plot's palette", n, max)
	}
}
