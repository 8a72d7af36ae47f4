package main

import (
	"strconv"

	"mapbench/harness"
	"mapbench/results"
)

// cellID names a cell independently of the run it was measured in.
type cellID struct {
	impl, scenario, shape string
	n                     int
	presize               bool
	rep                   int
}

func specID(s harness.Spec) cellID {
	return cellID{s.Impl, s.Scenario, s.Shape, s.N, s.Presize, s.Rep}
}

// loadResume reads a results file to be completed by a run of cfg. It
// returns the cells the file has in full and the environment its rows carry
// (so the new rows continue the same run), or an error when the file is
// malformed, holds a cell cut short, or was made with another configuration.
func loadResume(path string, cfg harness.Config, now results.Env) (map[cellID]bool, results.Env, []results.Record, error) {
	recs, err := results.ReadCSVFile(path)
	if err != nil {
		return nil, results.Env{}, nil, usagef("-resume: %v", err)
	}
	if len(recs) == 0 {
		return nil, results.Env{}, nil, usagef("-resume: %s has no rows; start a new run instead", path)
	}
	want := map[cellID]bool{}
	for _, s := range harness.Cells(cfg) {
		want[specID(s)] = true
	}
	env := recs[0].Env
	seen := map[cellID]bool{}
	done := map[cellID]bool{}
	for _, r := range recs {
		id := cellID{r.Impl, r.Scenario, r.Shape, r.N, r.Presize, r.Rep}
		differs := func(what string, was, is any) error {
			return usagef("-resume: %s was made with %s %v, this run has %v: resume with the flags of the first run", path, what, was, is)
		}
		switch {
		case r.Env != env:
			return nil, env, nil, usagef("-resume: %s holds rows of more than one run (run_id %s and %s); resume only the file of one run", path, env.RunID, r.RunID)
		case r.GCPercent != cfg.GCPercent:
			return nil, env, nil, differs("-gc-percent", r.GCPercent, cfg.GCPercent)
		case r.GOMAXPROCS != cfg.GOMAXPROCS:
			return nil, env, nil, differs("-gomaxprocs", r.GOMAXPROCS, cfg.GOMAXPROCS)
		case r.Seed != cfg.Seed:
			return nil, env, nil, differs("-seed", r.Seed, cfg.Seed)
		case r.GoVersion != now.GoVersion || r.Host != now.Host || r.CPU != now.CPU:
			return nil, env, nil, usagef("-resume: %s was made on %s (%s, %s); this is %s (%s, %s): results of two machines or toolchains are not one run",
				path, r.Host, r.CPU, r.GoVersion, now.Host, now.CPU, now.GoVersion)
		case !want[id]:
			return nil, env, nil, usagef("-resume: %s has cell %s/%s/%s n=%d presize=%v rep %d, which this run's flags do not make: resume with the flags of the first run",
				path, r.Impl, r.Scenario, r.Shape, r.N, r.Presize, r.Rep)
		}
		if results.EndsCell(r.Metric) {
			done[id] = true
		}
		switch r.Metric {
		case results.MetricSampleEvery:
			if int(r.Value) != cfg.SampleEvery {
				return nil, env, nil, differs("-sample", r.Value, cfg.SampleEvery)
			}
		case results.MetricMinPhase:
			if int64(r.Value) != cfg.MinPhase.Nanoseconds() {
				return nil, env, nil, differs("-min-phase", strconv.FormatFloat(r.Value/1e6, 'f', -1, 64)+"ms", cfg.MinPhase)
			}
		}
		seen[id] = true
	}
	for id := range seen {
		if !done[id] {
			return nil, env, nil, usagef("-resume: %s has cell %s/%s/%s n=%d rep %d cut short (no cell_wall_time row): the file was damaged, e.g. by kill -9 during a write; remove that cell's rows and resume",
				path, id.impl, id.scenario, id.shape, id.n, id.rep)
		}
	}
	return done, env, recs, nil
}
