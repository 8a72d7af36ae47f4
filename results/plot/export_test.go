package plot

// Point is one value a line chart draws: X and Y in data units, Lo and Hi
// its whisker (NaN when it has none).
type Point = point

// Line is one implementation's values in a line chart.
type Line struct {
	Impl   string
	Points []Point
}

// Lines returns the values c draws, one Line per implementation in legend
// order: the throughput and latency charts keep them (others: nil).
func Lines(c Chart) []Line {
	var out []Line
	for _, l := range c.lines {
		out = append(out, Line{Impl: l.impl, Points: l.pts})
	}
	return out
}

// Tables returns, per line of c in the order of Lines, the report table
// (report.ComparisonTable.Key) of each point.
func Tables(c Chart) [][]string {
	var out [][]string
	for _, l := range c.lines {
		out = append(out, l.tables)
	}
	return out
}

// WrapTitle is wrapTitle with a line's width its length in bytes.
func WrapTitle(title string, limit int) string {
	return wrapLines(title, func(s string) float64 { return float64(len(s)) }, float64(limit))
}
