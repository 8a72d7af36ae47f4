package main

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"mapbench/results"
)

// figRef is how results/published/RESULTS.md points at a figure:
// [FILE SCENARIO SHAPE PHASE/STEP METRIC IMPL = VALUE], or with
// IMPL G=N for the cells of N writer goroutines (G=1 otherwise), VALUE
// being the median over the reps of that cell, written with the precision
// it is checked to.
var figRef = regexp.MustCompile(`\[([\w.-]+\.csv) ([\w-]+) (\w+) (\w+)/(\d+) (\w+) ([\w-]+)(?: G=(\d+))? = (-?[\d.]+)\]`)

// Every figure RESULTS.md cites is the median of the rows it names in the
// published CSV, to the digits it is written with: no claim there was typed
// from memory.
func TestPublishedClaims(t *testing.T) {
	const dir = "../../results/published/"
	md, err := os.ReadFile(dir + "RESULTS.md")
	if err != nil {
		t.Fatal(err)
	}
	refs := figRef.FindAllStringSubmatch(string(md), -1)
	if len(refs) < 10 {
		t.Fatalf("RESULTS.md cites %d figures in the [FILE SCENARIO SHAPE PHASE/STEP METRIC IMPL = VALUE] form, want at least 10", len(refs))
	}
	files := map[string][]results.Record{}
	for _, r := range refs {
		file, scenario, shape, phase, stepS, metric, impl, gS, want := r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9]
		g := 1
		if gS != "" {
			if g, err = strconv.Atoi(gS); err != nil {
				t.Fatal(err)
			}
		}
		recs, ok := files[file]
		if !ok {
			if recs, err = results.ReadCSVFile(dir + file); err != nil {
				t.Fatal(err)
			}
			files[file] = recs
		}
		step, err := strconv.Atoi(stepS)
		if err != nil {
			t.Fatal(err)
		}
		var vals []float64
		for _, rec := range recs {
			if rec.Scenario == scenario && rec.Shape == shape && rec.Phase == phase && rec.Step == step &&
				rec.Metric == metric && rec.Impl == impl && rec.Goroutines == g && !rec.Presize {
				vals = append(vals, rec.Value)
			}
		}
		if len(vals) == 0 {
			t.Errorf("%s: no such rows", r[0])
			continue
		}
		prec := 0
		if _, frac, ok := strings.Cut(want, "."); ok {
			prec = len(frac)
		}
		if got := strconv.FormatFloat(results.Median(vals), 'f', prec, 64); got != want {
			t.Errorf("%s: the median of %d reps is %s", r[0], len(vals), got)
		}
	}
}
