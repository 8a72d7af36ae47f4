// Command agree puts the harness's delete ns/op beside the `go test -bench`
// figure for the same op (methodology rule 22) and prints their ratio.
//
//	agree BENCH.txt RESULTS.csv
//
// BENCH.txt is the output of BenchmarkDrainDelete (harness/bench_test.go);
// RESULTS.csv a `mapbench run -scenarios drain` at the same n and seed.
// `make agree` runs both and this.
package main

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"golang.org/x/perf/benchfmt"

	"mapbench/results"
	"mapbench/results/summary"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "agree:", err)
		os.Exit(1)
	}
}

type key struct {
	impl string
	n    int
}

func run(args []string) error {
	if len(args) != 2 {
		return fmt.Errorf("usage: agree BENCH.txt RESULTS.csv")
	}
	bench := map[key][]float64{}
	f, err := os.Open(args[0])
	if err != nil {
		return err
	}
	defer f.Close()
	r := benchfmt.NewReader(f, args[0])
	for r.Scan() {
		res, ok := r.Result().(*benchfmt.Result)
		if !ok {
			continue
		}
		// benchfmt normalizes ns/delete to sec/delete.
		v, ok := res.Value("sec/delete")
		if !ok {
			continue
		}
		v *= 1e9
		_, parts := res.Name.Parts()
		var k key
		for _, p := range parts {
			name, val, _ := strings.Cut(strings.TrimPrefix(string(p), "/"), "=")
			switch name {
			case "impl":
				k.impl = val
			case "n":
				k.n, _ = strconv.Atoi(val)
			}
		}
		bench[k] = append(bench[k], v)
	}
	if err := r.Err(); err != nil {
		return err
	}
	recs, err := results.ReadCSVFile(args[1])
	if err != nil {
		return err
	}
	harness := map[key][]float64{}
	for _, rec := range recs {
		if rec.Scenario == "drain" && rec.Phase == "delete" && rec.Metric == "ns_per_op" && rec.Shape == "u64" && !rec.Presize {
			k := key{rec.Impl, rec.N}
			harness[k] = append(harness[k], rec.Value)
		}
	}
	var keys []key
	for k := range bench {
		if _, ok := harness[k]; ok {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return fmt.Errorf("no impl and n in both %s and %s", args[0], args[1])
	}
	slices.SortFunc(keys, func(a, b key) int { return strings.Compare(a.impl, b.impl)*2 + (a.n - b.n) })
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "impl\tn\tgo test ns/delete\tharness ns/op\tharness/bench\twithin 10%\t")
	worst := 0.0
	for _, k := range keys {
		b, h := summary.Median(bench[k]), summary.Median(harness[k])
		ratio := h / b
		worst = max(worst, abs(ratio-1))
		fmt.Fprintf(tw, "%s\t%d\t%.1f\t%.1f\t%.3f\t%v\t\n", k.impl, k.n, b, h, ratio, abs(ratio-1) <= 0.10)
	}
	tw.Flush()
	fmt.Printf("largest disagreement: %.1f%%\n", worst*100)
	return nil
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
