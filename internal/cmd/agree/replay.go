package main

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"mapbench/results"
	"mapbench/scenarios"
)

// Replay mode (agree -replay SCENARIO RESULTS.csv...): the timing half of
// the proof that a replay is exact (docs/trace.md, "Proof"). The results
// hold cells of a built-in scenario and of the replay of its trace
// (`mapbench trace from-scenario`, then `mapbench run -scenarios
// SCENARIO,trace:FILE`), interleaved rep by rep as mapbench runs them. Per
// impl, shape and n the table puts the replay's ns_per_op beside the
// scenario's time per op over the same ops: its phases' ns_per_op weighted
// by their op counts (from the scenario's plan at the cell's n and seed),
// divided by the trace's op count (a replace is a delete and a put in the
// trace). Each side is the median over its cells. When every phase of the
// scenario is of inserts or of deletes, a table per kind of op follows,
// deletes first: the replay's `replay-delete` (`replay-put`) ns_per_op,
// timed as blocks, beside the scenario's delete (insert) phases' ns_per_op
// weighted by their op counts, so a gap can be placed in the ops it is in.

// sides names the two columns and the ratio of a mode's table.
type sides struct{ ref, mb, ratio string }

var (
	referenceSides = sides{"reference ns/delete", "mapbench ns/op", "mapbench/reference"}
	replaySides    = sides{"scenario ns/op", "replay ns/op", "replay/scenario"}
)

// replayCell is one cell's figures: a scenario cell's phases' ns_per_op,
// or a replay cell's ns_per_op at its last checkpoint.
type replayCell struct {
	key
	seed     uint64
	replay   bool
	failed   bool
	busy     bool
	phase    map[string]float64 // scenario cells
	step     int                // replay cells: the step of ns
	ns       float64
	hasNs    bool
	kinds    map[string]float64 // replay cells: ns_per_op per kind of op (replay-put, replay-delete)
	fileName string
}

// replayKind is a kind of op a replay has a per-kind table of: its rows'
// phase name, and the kind of scenario phase it is compared with.
type replayKind struct {
	name  string
	phase scenarios.Kind
}

// replayKinds are the per-kind tables, in their order (deletes first).
var replayKinds = []replayKind{{scenarios.PhaseReplayDelete, scenarios.Delete}, {scenarios.PhaseReplayPut, scenarios.Insert}}

// compareReplay reads the cells of scenario and of its replays from paths
// and pairs them up.
func compareReplay(scenario string, paths []string) (*report, error) {
	sc, ok := scenarios.Lookup(scenario)
	if !ok || sc.Trace || sc.Concurrent {
		return nil, fmt.Errorf("-replay %s: not a single-goroutine built-in scenario (allowed: %s)", scenario, strings.Join(singleScenarios(), ", "))
	}
	cells, err := readReplayCells(scenario, paths)
	if err != nil {
		return nil, err
	}
	scen, repl, contended := map[key][]float64{}, map[key][]float64{}, map[key]int{}
	kindScen, kindRepl := map[string]map[key][]float64{}, map[string]map[key][]float64{}
	for _, k := range replayKinds {
		kindScen[k.name], kindRepl[k.name] = map[key][]float64{}, map[key][]float64{}
	}
	for _, c := range cells {
		if c.failed {
			continue
		}
		if c.busy {
			contended[c.key]++
		}
		if c.replay {
			if c.hasNs {
				repl[c.key] = append(repl[c.key], c.ns)
			}
			for kind, v := range c.kinds {
				kindRepl[kind][c.key] = append(kindRepl[kind][c.key], v)
			}
			continue
		}
		v, byKind, err := scenarioTimes(sc, c)
		if err != nil {
			return nil, err
		}
		scen[c.key] = append(scen[c.key], v)
		for kind, v := range byKind {
			kindScen[kind][c.key] = append(kindScen[kind][c.key], v)
		}
	}
	rep := pairUp(replaySides, scen, repl, contended,
		func(k key) string { return fmt.Sprintf("%v: %s without a replay", k, scenario) },
		func(k key) string { return fmt.Sprintf("%v: a replay of %s without %s cells", k, scenario, scenario) },
		"cell(s)")
	if len(rep.rows) == 0 {
		return nil, fmt.Errorf("no (impl, shape, n) has both %s cells and cells replaying its trace (trace:%s@...) in %s", scenario, scenario, strings.Join(paths, ", "))
	}
	for _, k := range replayKinds {
		if len(kindScen[k.name]) == 0 || len(kindRepl[k.name]) == 0 {
			continue
		}
		kr := pairUp(sides{"scenario ns/op", k.name + " ns/op", "replay/scenario"}, kindScen[k.name], kindRepl[k.name], nil,
			func(k key) string { return fmt.Sprintf("%v: no replay row of this kind (not timed as blocks?)", k) },
			func(k key) string { return fmt.Sprintf("%v: no %s cells", k, scenario) },
			"cell(s)")
		if len(kr.rows) > 0 {
			rep.kinds = append(rep.kinds, kindTable{
				title: fmt.Sprintf("%s against %s's %ss (%s), ns_per_op weighted by ops:", k.name, scenario, k.phase, phaseList(phasesOf(sc, k.phase))),
				rep:   kr})
		}
	}
	return rep, nil
}

// phaseList is "phase delete" or "phases fill, refill".
func phaseList(names []string) string {
	if len(names) == 1 {
		return "phase " + names[0]
	}
	return "phases " + strings.Join(names, ", ")
}

// phasesOf names the phases of kind k in sc's plan (at a small n: the
// names do not depend on n).
func phasesOf(sc scenarios.Scenario, k scenarios.Kind) []string {
	p, err := sc.PlanWith(64, 1, scenarios.Params{Goroutines: 1, Mix: scenarios.DefaultMix, ZipfS: scenarios.DefaultZipfS})
	if err != nil {
		return nil
	}
	var out []string
	for _, ph := range p.Phases {
		if ph.Kind == k && !slices.Contains(out, ph.Name) {
			out = append(out, ph.Name)
		}
	}
	return out
}

// singleScenarios are the scenarios -replay accepts.
func singleScenarios() []string {
	return slices.DeleteFunc(scenarios.Names(), func(name string) bool {
		sc, _ := scenarios.Lookup(name)
		return sc.Concurrent || sc.Trace
	})
}

// readReplayCells gathers the cells of scenario and of traces labelled
// scenario from every file (rows with presize true are left out).
func readReplayCells(scenario string, paths []string) ([]*replayCell, error) {
	type id struct {
		file, run string
		key
		rep    int
		replay bool
	}
	byID := map[id]*replayCell{}
	var order []id
	for _, path := range paths {
		recs, err := results.ReadCSVFile(path)
		if err != nil {
			return nil, err
		}
		for i := range recs {
			r := &recs[i]
			replay := traceLabel(r.Scenario) == scenario
			if r.Presize || !replay && r.Scenario != scenario {
				continue
			}
			k := id{path, r.RunID, key{r.Impl, r.Shape, r.N}, r.Rep, replay}
			c, ok := byID[k]
			if !ok {
				c = &replayCell{key: k.key, seed: r.Seed, replay: replay, phase: map[string]float64{}, fileName: path}
				byID[k] = c
				order = append(order, k)
			}
			switch {
			case r.Metric == results.MetricCellFailed && r.Value != 0:
				c.failed = true
			case r.Metric == results.MetricCPUShare && r.Note != "":
				c.busy = true
			case r.Metric != results.MetricNsPerOp:
			case replay && r.Phase == scenarios.PhaseReplay && (!c.hasNs || r.Step >= c.step):
				c.ns, c.step, c.hasNs = r.Value, r.Step, true
			case replay && slices.ContainsFunc(replayKinds, func(k replayKind) bool { return k.name == r.Phase }):
				if c.kinds == nil {
					c.kinds = map[string]float64{}
				}
				c.kinds[r.Phase] = r.Value
			case !replay:
				c.phase[r.Phase] = r.Value
			}
		}
	}
	out := make([]*replayCell, len(order))
	for i, k := range order {
		out[i] = byID[k]
	}
	return out, nil
}

// traceLabel is the label of a trace scenario's name "trace:LABEL@DIGEST",
// "" for any other name.
func traceLabel(name string) string {
	body, ok := strings.CutPrefix(name, scenarios.TracePrefix)
	if !ok {
		return ""
	}
	label, _, ok := strings.Cut(body, "@")
	if !ok {
		return ""
	}
	return label
}

// scenarioTimes are a scenario cell's times per op from one plan of its
// scenario at its n and seed: perTraceOp over the ops of its trace (the sum
// over its phases of ns_per_op × ops, over the ops the trace has: a replace
// is a delete and a put), and byKind, for each kind of replayKinds, the
// ns_per_op of its phases of that kind weighted by their ops; byKind is nil
// when some phase is of another kind (a churn's replace is a delete and a
// put whose times cannot be told apart).
func scenarioTimes(sc scenarios.Scenario, c *replayCell) (perTraceOp float64, byKind map[string]float64, err error) {
	p, err := sc.PlanWith(c.n, c.seed, scenarios.Params{Goroutines: 1, Mix: scenarios.DefaultMix, ZipfS: scenarios.DefaultZipfS})
	if err != nil {
		return 0, nil, fmt.Errorf("%s: %v: %w", c.fileName, c.key, err)
	}
	var total float64
	var traceOps int
	seen := map[string]bool{}
	sum, ops, separable := map[string]float64{}, map[string]int{}, true
	for i := range p.Phases {
		ph := &p.Phases[i]
		if seen[ph.Name] {
			return 0, nil, fmt.Errorf("-replay %s: phase %s appears twice in the plan; its rows cannot be told apart by phase alone", sc.Name, ph.Name)
		}
		seen[ph.Name] = true
		ns, ok := c.phase[ph.Name]
		if !ok {
			return 0, nil, fmt.Errorf("%s: %v: scenario %s has no ns_per_op row of phase %s", c.fileName, c.key, sc.Name, ph.Name)
		}
		total += ns * float64(ph.Ops())
		traceOps += ph.Ops() * cmp.Or(map[scenarios.Kind]int{scenarios.Replace: 2}[ph.Kind], 1)
		if j := slices.IndexFunc(replayKinds, func(k replayKind) bool { return k.phase == ph.Kind }); j >= 0 {
			sum[replayKinds[j].name] += ns * float64(ph.Ops())
			ops[replayKinds[j].name] += ph.Ops()
		} else {
			separable = false
		}
	}
	if separable {
		byKind = map[string]float64{}
		for k, s := range sum {
			byKind[k] = s / float64(ops[k])
		}
	}
	return total / float64(traceOps), byKind, nil
}
