// Command agree puts mapbench's delete ns_per_op of the drain scenario
// beside the independent reference benchmark for the same implementation,
// shape and n (docs/methodology.md rule 22), and prints their ratio.
//
//	agree [-markdown] REFERENCE.txt RESULTS.csv...
//	agree [-markdown] -replay SCENARIO RESULTS.csv...
//
// REFERENCE.txt is `go test -bench` output of BenchmarkDrainDelete in
// package reference (sub-benchmarks impl=<name>/shape=<shape>/n=<n>, metric
// ns/delete), any number of runs; RESULTS.csv are `mapbench run -scenarios
// drain` results (any number of files and reps; rows with presize true are
// left out). Each side's figure is the median over its runs. `make agree`
// runs both, interleaved, and then this.
//
// With -replay SCENARIO there is no REFERENCE.txt: the table compares the
// cells of SCENARIO with the cells replaying its trace, `trace:SCENARIO@...`
// (replay.go; `make agree-replay` runs both, interleaved, and then this).
//
// The table, sorted by n, shape and impl, gives both medians with their run
// counts, the ratio mapbench/reference, whether it is within 0.95–1.05 and
// the p value of the Mann-Whitney U test of the two sides' runs (whether
// the processes' spread can tell the two apart at all), followed by the
// largest disagreement and how many ratios outside the band the test does
// not call a difference. -markdown prints it as a Markdown
// table. Unreadable input, or no (impl, shape, n) present on both sides, is
// an error (exit status 1); bad usage exits 2.
package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"

	"mapbench/results"
	mbreport "mapbench/results/report"
	"mapbench/scenarios"
)

// The band within which the two figures are said to agree.
const (
	agreeLo = 0.95
	agreeHi = 1.05
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// key identifies one compared figure.
type key struct {
	impl  string
	shape string
	n     int
}

func (k key) String() string { return fmt.Sprintf("impl=%s shape=%s n=%d", k.impl, k.shape, k.n) }

// compareKeys orders by n, then shape, then impl.
func compareKeys(a, b key) int {
	return cmp.Or(
		cmp.Compare(a.n, b.n),
		strings.Compare(a.shape, b.shape),
		strings.Compare(a.impl, b.impl),
	)
}

// row is one line of the table.
type row struct {
	key
	ref, mb         float64 // medians: reference ns/delete, mapbench ns/op
	refRuns, mbRuns int
	ratio           float64 // mb / ref
	p               float64 // Mann-Whitney U test of the two sides' runs
}

func (r row) within() bool { return r.ratio >= agreeLo && r.ratio <= agreeHi }

// uTest is the p value of the Mann-Whitney U test of a against b
// (benchmath.AssumeNothing, as the report compares times).
func uTest(a, b []float64) float64 {
	th := &benchmath.DefaultThresholds
	return benchmath.AssumeNothing.Compare(benchmath.NewSample(a, th), benchmath.NewSample(b, th)).P
}

// report is everything the command prints.
type report struct {
	sides     sides    // the table's column names
	rows      []row    // keys on both sides, sorted
	unmatched []string // keys on one side only, as notes
	contended []string // mapbench cells that ran with cpu_share under 0.9, as notes
	// kinds are the replay mode's tables per kind of op (replay.go), each
	// headed by its title; printed after this one.
	kinds []kindTable
}

// kindTable is a table of one kind of op: its title and rows.
type kindTable struct {
	title string
	rep   *report
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("agree", flag.ContinueOnError)
	fs.SetOutput(stderr)
	markdown := fs.Bool("markdown", false, "print the table as a Markdown table (for docs/measuring.md)")
	replay := fs.String("replay", "", "replay mode: compare the cells of `SCENARIO` with those replaying its trace (mapbench trace from-scenario) in RESULTS.csv; no REFERENCE.txt")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: agree [-markdown] REFERENCE.txt RESULTS.csv...\n       agree [-markdown] -replay SCENARIO RESULTS.csv...")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	var rep *report
	var err error
	switch {
	case *replay != "" && fs.NArg() >= 1:
		rep, err = compareReplay(*replay, fs.Args())
	case *replay == "" && fs.NArg() >= 2:
		rep, err = compare(fs.Arg(0), fs.Args()[1:])
	default:
		fs.Usage()
		return 2
	}
	if err == nil {
		if *markdown {
			err = writeMarkdown(stdout, rep)
		} else {
			err = writeText(stdout, rep)
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "agree:", err)
		return 1
	}
	return 0
}

// compare reads both sides and pairs them up.
func compare(refPath string, csvPaths []string) (*report, error) {
	ref, err := readReference(refPath)
	if err != nil {
		return nil, err
	}
	mb, contended, err := readMapbench(csvPaths)
	if err != nil {
		return nil, err
	}
	rep := pairUp(referenceSides, ref, mb, contended,
		func(k key) string { return fmt.Sprintf("%v: only in %s", k, refPath) },
		func(k key) string { return fmt.Sprintf("%v: only in the mapbench results", k) },
		"mapbench cell(s)")
	if len(rep.rows) == 0 {
		return nil, fmt.Errorf("no (impl, shape, n) appears both in %s and in %s", refPath, strings.Join(csvPaths, ", "))
	}
	return rep, nil
}

// pairUp makes the table of both modes: a row per key on both sides (the
// medians, their run counts and ratio mb/ref), a note per key on one side
// only (onlyRef, onlyMb), and a note per key with contended cells
// (cells names them).
func pairUp(s sides, ref, mb map[key][]float64, contended map[key]int, onlyRef, onlyMb func(key) string, cells string) *report {
	rep := &report{sides: s}
	for _, k := range slices.SortedFunc(maps.Keys(ref), compareKeys) {
		m, ok := mb[k]
		if !ok {
			rep.unmatched = append(rep.unmatched, onlyRef(k))
			continue
		}
		r := row{key: k, ref: results.Median(ref[k]), mb: results.Median(m), refRuns: len(ref[k]), mbRuns: len(m), p: uTest(ref[k], m)}
		r.ratio = r.mb / r.ref
		rep.rows = append(rep.rows, r)
	}
	for _, k := range slices.SortedFunc(maps.Keys(mb), compareKeys) {
		if _, ok := ref[k]; !ok {
			rep.unmatched = append(rep.unmatched, onlyMb(k))
		}
	}
	for _, k := range slices.SortedFunc(maps.Keys(contended), compareKeys) {
		rep.contended = append(rep.contended, fmt.Sprintf("%v: %d %s ran with cpu_share under 0.9 (the machine was busy; ns_per_op inflated)", k, contended[k], cells))
	}
	return rep
}

// readReference reads BenchmarkDrainDelete results from path: ns/delete
// (which benchfmt normalizes to sec/delete) per (impl, shape, n), in ns.
func readReference(path string) (map[key][]float64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[key][]float64{}
	r := benchfmt.NewReader(f, path)
	for r.Scan() {
		var res *benchfmt.Result
		switch rec := r.Result().(type) {
		case *benchfmt.SyntaxError:
			return nil, rec
		case *benchfmt.Result:
			res = rec
		default:
			continue // unit metadata
		}
		file, line := res.Pos()
		where := fmt.Sprintf("%s:%d", file, line)
		base, parts := res.Name.Parts()
		if string(base) != "DrainDelete" {
			return nil, fmt.Errorf("%s: Benchmark%s is not BenchmarkDrainDelete of package reference", where, res.Name)
		}
		k, err := parseName(parts)
		if err != nil {
			return nil, fmt.Errorf("%s: Benchmark%s: %v", where, res.Name, err)
		}
		v, ok := res.Value("sec/delete")
		if !ok {
			return nil, fmt.Errorf("%s: Benchmark%s has no ns/delete figure", where, res.Name)
		}
		out[k] = append(out[k], v*1e9)
	}
	if err := r.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no BenchmarkDrainDelete results", path)
	}
	return out, nil
}

// parseName reads impl, shape and n from the name parts
// /impl=<impl>/shape=<shape>/n=<n>; a -<gomaxprocs> suffix must be 1
// (mapbench's cells run at GOMAXPROCS 1).
func parseName(parts [][]byte) (key, error) {
	var k key
	seen := map[string]bool{}
	for _, p := range parts {
		s := string(p)
		if procs, ok := strings.CutPrefix(s, "-"); ok {
			if procs != "1" {
				return key{}, fmt.Errorf("ran with GOMAXPROCS %s; run the reference with -test.cpu=1", procs)
			}
			continue
		}
		name, val, ok := strings.Cut(strings.TrimPrefix(s, "/"), "=")
		if !ok {
			return key{}, fmt.Errorf("name part %q is not key=value", s)
		}
		if seen[name] {
			return key{}, fmt.Errorf("%s= appears twice in the name", name)
		}
		seen[name] = true
		switch name {
		case "impl":
			k.impl = val
		case "shape":
			k.shape = val
		case "n":
			n, err := strconv.Atoi(val)
			if err != nil || n <= 0 {
				return key{}, fmt.Errorf("n=%s is not a positive integer", val)
			}
			k.n = n
		}
	}
	for _, name := range []string{"impl", "shape", "n"} {
		if !seen[name] {
			return key{}, fmt.Errorf("the name has no %s=", name)
		}
	}
	return k, nil
}

// readMapbench reads the delete ns_per_op of drain cells without presize
// from every file, and counts per key the cells whose delete phase ran with
// a cpu_share note (contention).
func readMapbench(paths []string) (figures map[key][]float64, contended map[key]int, err error) {
	figures, contended = map[key][]float64{}, map[key]int{}
	for _, path := range paths {
		recs, err := results.ReadCSVFile(path)
		if err != nil {
			return nil, nil, err
		}
		found := false
		for _, rec := range recs {
			if rec.Scenario != "drain" || rec.Phase != scenarios.PhaseDelete || rec.Presize {
				continue
			}
			k := key{rec.Impl, rec.Shape, rec.N}
			switch rec.Metric {
			case results.MetricNsPerOp:
				figures[k] = append(figures[k], rec.Value)
				found = true
			case results.MetricCPUShare:
				if rec.Note != "" {
					contended[k]++
				}
			}
		}
		if !found {
			return nil, nil, fmt.Errorf("%s: no delete ns_per_op rows of scenario drain (presize false)", path)
		}
	}
	return figures, contended, nil
}

// largest returns the row furthest from agreement.
func largest(rows []row) row {
	return slices.MaxFunc(rows, func(a, b row) int {
		return cmp.Compare(math.Abs(a.ratio-1), math.Abs(b.ratio-1))
	})
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

const (
	withinHeader = "within 0.95–1.05"
	pHeader      = "U test p"
)

func writeText(w io.Writer, rep *report) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	s := rep.sides
	fmt.Fprintln(tw, "impl\tshape\tn\t"+s.ref+"\truns\t"+s.mb+"\truns\t"+s.ratio+"\t"+withinHeader+"\t"+pHeader+"\t")
	for _, r := range rep.rows {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%.1f\t%d\t%.1f\t%d\t%.3f\t%s\t%.3f\t\n",
			r.impl, r.shape, r.n, r.ref, r.refRuns, r.mb, r.mbRuns, r.ratio, yesNo(r.within()), r.p)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if err := writeFooter(w, rep, ""); err != nil {
		return err
	}
	for _, k := range rep.kinds {
		if _, err := fmt.Fprintf(w, "\n%s\n", k.title); err != nil {
			return err
		}
		if err := writeText(w, k.rep); err != nil {
			return err
		}
	}
	return nil
}

func writeMarkdown(w io.Writer, rep *report) error {
	var b strings.Builder
	s := rep.sides
	b.WriteString("| impl | shape | n | " + s.ref + " | runs | " + s.mb + " | runs | " + s.ratio + " | " + withinHeader + " | " + pHeader + " |\n")
	b.WriteString("|---|---|---:|---:|---:|---:|---:|---:|---|---:|\n")
	for _, r := range rep.rows {
		fmt.Fprintf(&b, "| %s | %s | %d | %.1f | %d | %.1f | %d | %.3f | %s | %.3f |\n",
			r.impl, r.shape, r.n, r.ref, r.refRuns, r.mb, r.mbRuns, r.ratio, yesNo(r.within()), r.p)
	}
	b.WriteString("\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	if err := writeFooter(w, rep, "- "); err != nil {
		return err
	}
	for _, k := range rep.kinds {
		if _, err := fmt.Fprintf(w, "\n%s\n\n", k.title); err != nil {
			return err
		}
		if err := writeMarkdown(w, k.rep); err != nil {
			return err
		}
	}
	return nil
}

// writeFooter prints the largest disagreement and the notes, each line
// prefixed by bullet.
func writeFooter(w io.Writer, rep *report, bullet string) error {
	var b strings.Builder
	worst := largest(rep.rows)
	fmt.Fprintf(&b, "largest disagreement: %.1f%% (%v, %s %.3f)\n", 100*math.Abs(worst.ratio-1), worst.key, rep.sides.ratio, worst.ratio)
	var outside, untold int
	for _, r := range rep.rows {
		if !r.within() {
			outside++
			if r.p > mbreport.Alpha {
				untold++
			}
		}
	}
	if outside > 0 {
		fmt.Fprintf(&b, "%d of %d ratios outside %.2f–%.2f; the U test tells the two sides apart (p ≤ %.2f, as the report tests) in %d of them, not in %d (their runs' spread is wider than the gap)\n",
			outside, len(rep.rows), agreeLo, agreeHi, mbreport.Alpha, outside-untold, untold)
	}
	if notes := slices.Concat(rep.contended, rep.unmatched); len(notes) > 0 {
		if bullet != "" {
			b.WriteString("\n")
		}
		b.WriteString("notes:\n")
		if bullet != "" {
			b.WriteString("\n")
		}
		for _, n := range notes {
			fmt.Fprintf(&b, "%s%s\n", cmp.Or(bullet, "  "), n)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
