// The read-latency chart: the percentiles of the single reads sampled
// during a concurrent scenario's key phase.

package plot

import (
	"fmt"

	"mapbench/results"
	"mapbench/results/cells"
	"mapbench/results/report"
)

// ReadLatencies are the percentiles of the read-latency chart, in order:
// the single reads (Get) sampled during a concurrent scenario's key phase.
var ReadLatencies = []struct{ Metric, Label string }{
	{results.MetricReadLatencyP50, "p50"},
	{results.MetricReadLatencyP90, "p90"},
	{results.MetricReadLatencyP99, "p99"},
	{results.MetricReadLatencyP999, "p99.9"},
	{results.MetricReadLatencyMax, "max"},
}

// readLatency draws the percentiles of the single reads sampled during the
// key phase (read_latency_*: the reader goroutine's reads, or the mix's),
// like latency, for the tables that have them.
func (b *builder) readLatency(t *report.ComparisonTable, c int) error {
	return b.latencyChart(t, c, "read-latency", ReadLatencies, (*cells.Group).AtKeyEnd, func(reps string) string {
		return fmt.Sprintf("Latency of one read: %s, shape %s, n = %d%s%s\nmedian over %s of each percentile of sampled single reads (Get) during the %s phase",
			t.Scenario, t.Shape, t.N, b.gTitle(t.Goroutines), presizeTitle(t.Presize), reps, t.KeyPhase)
	})
}
