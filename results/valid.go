package results

import (
	"fmt"
	"math"
)

// Valid checks r against the schema contract: impl, scenario, shape, phase,
// metric and unit are non-empty; n > 0; goroutines >= 1; rep >= 0 and
// step >= 0; the metric is in the metric table ([Metrics], [LookupMetric];
// this includes [MetricCellFailed]) and unit is the table's unit for it;
// value is finite, and 0 or 1 when that unit is [UnitBool].
// It returns the first problem found, nil when there is none.
func (r Record) Valid() error {
	switch {
	case r.Impl == "":
		return r.invalid("impl is empty")
	case r.Scenario == "":
		return r.invalid("scenario is empty")
	case r.Shape == "":
		return r.invalid("shape is empty")
	case r.Phase == "":
		return r.invalid("phase is empty")
	case r.Metric == "":
		return r.invalid("metric is empty")
	case r.Unit == "":
		return r.invalid("unit is empty")
	case r.N <= 0:
		return r.invalid(fmt.Sprintf("n is %d, want > 0", r.N))
	case r.Goroutines < 1:
		return r.invalid(fmt.Sprintf("goroutines is %d, want >= 1", r.Goroutines))
	case r.Rep < 0:
		return r.invalid(fmt.Sprintf("rep is %d, want >= 0", r.Rep))
	case r.Step < 0:
		return r.invalid(fmt.Sprintf("step is %d, want >= 0", r.Step))
	case math.IsNaN(r.Value) || math.IsInf(r.Value, 0):
		return r.invalid(fmt.Sprintf("value is %v, want a finite number", r.Value))
	}
	m, ok := LookupMetric(r.Metric)
	if !ok {
		return r.invalid("unknown metric (not in results.Metrics)")
	}
	if r.Unit != m.Unit {
		return r.invalid(fmt.Sprintf("unit is %q, want %q", r.Unit, m.Unit))
	}
	if m.Unit == UnitBool && r.Value != 0 && r.Value != 1 {
		return r.invalid(fmt.Sprintf("value is %v, want 0 or 1 (unit bool)", r.Value))
	}
	return nil
}

func (r Record) invalid(what string) error {
	return fmt.Errorf("results: invalid record (impl %q, scenario %q, shape %q, n %d, goroutines %d, rep %d, phase %q, step %d, metric %q): %s",
		r.Impl, r.Scenario, r.Shape, r.N, r.Goroutines, r.Rep, r.Phase, r.Step, r.Metric, what)
}
