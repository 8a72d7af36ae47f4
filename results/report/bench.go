package report

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"mapbench/results/cells"
)

// BenchName is the benchmark name of one implementation's key phase in a
// table: "Mapbench/scenario=drain/impl=native/shape=u64/n=65536/presize=false/phase=delete"
// (without the "Benchmark" prefix), with goroutines=G after presize when
// the report has cells with G > 1 (ComparisonTable.NameG): then every name has it,
// G = 1 included, so `benchstat -col /goroutines` compares them. Every
// part is key=value, so benchstat can pivot on any of them: `benchstat
// -col /impl FILE`.
func BenchName(t *ComparisonTable, impl string) string { return benchName(t, impl, t.KeyPhase) }

// benchName is BenchName with phase in place of the key phase: a kind
// of op's phase (ComparisonTable.Kinds).
func benchName(t *ComparisonTable, impl, phase string) string {
	g := ""
	if t.NameG {
		g = fmt.Sprintf("/goroutines=%d", t.Goroutines)
	}
	return fmt.Sprintf("Mapbench/scenario=%s/impl=%s/shape=%s/n=%d/presize=%t%s/phase=%s",
		t.Scenario, impl, t.Shape, t.N, t.Presize, g, phase)
}

// WriteBench prints r in Go benchmark format
// (https://golang.org/design/14313-benchmark-format): unit metadata
// (exact byte counts, ratios and GC counts: assume=exact; which way is
// better), then per column its label as configuration lines (key: value),
// then one result line per good rep of every implementation and table,
// with every metric of the report that rep has, then per kind of op the
// table has (ComparisonTable.Kinds) one more line per good rep, named with
// the kind's phase, with its KindSpecs values. Failed reps are left out;
// comment lines (#) say which.
func WriteBench(w io.Writer, r *Report) error {
	var b strings.Builder
	b.WriteString("# mapbench report -format bench: one line per rep (iterations 1); compare with: benchstat -col /impl FILE\n")
	var units []string
	for _, s := range append(slices.Clone(MetricSpecs), KindSpecs...) {
		if slices.Contains(units, s.Bench) {
			continue
		}
		units = append(units, s.Bench)
		meta := "better=lower"
		if s.Better() > 0 {
			meta = "better=higher"
		}
		if s.Kind == cells.Exact {
			meta = "assume=exact " + meta
		}
		fmt.Fprintf(&b, "Unit %s %s\n", s.Bench, meta)
	}
	var keys []string
	for _, c := range r.Columns {
		for _, kv := range c.Label {
			if !contains(keys, configKey(kv.Key)) {
				keys = append(keys, configKey(kv.Key))
			}
		}
	}
	for ci, c := range r.Columns {
		b.WriteString("\n")
		for _, k := range keys {
			v := ""
			for _, kv := range c.Label {
				if configKey(kv.Key) == k {
					v = kv.Value
				}
			}
			if v == "" {
				fmt.Fprintf(&b, "%s:\n", k)
			} else {
				fmt.Fprintf(&b, "%s: %s\n", k, v)
			}
		}
		b.WriteString("\n")
		for ti := range r.Tables {
			t := &r.Tables[ti]
			for _, g := range t.Groups {
				if g.Column != ci {
					continue
				}
				if g.Excluded > 0 {
					fmt.Fprintf(&b, "# %s: %d failed rep(s) left out\n", BenchName(t, g.Impl), g.Excluded)
				}
				line := func(i int, phase, kind string, specs []MetricSpec) {
					var vals []string
					for _, s := range specs {
						xs := g.values(s, kind)
						if i < len(xs) && !math.IsNaN(xs[i]) {
							vals = append(vals, strconv.FormatFloat(xs[i], 'f', -1, 64)+" "+s.Bench)
						}
					}
					if len(vals) > 0 {
						fmt.Fprintf(&b, "Benchmark%s 1 %s\n", benchName(t, g.Impl, phase), strings.Join(vals, " "))
					}
				}
				for i := range g.Samples {
					line(i, t.KeyPhase, "", MetricSpecs)
					for _, k := range t.Kinds {
						line(i, k, k, KindSpecs)
					}
				}
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// configKey makes a label key a valid configuration key: lower case.
func configKey(k string) string { return strings.ToLower(k) }
