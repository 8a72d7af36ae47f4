package results

import (
	"fmt"
	"math"
	"slices"
)

// Median returns the median of xs: the middle value of the sorted values,
// or the mean of the two middle ones when len(xs) is even. It is NaN when
// xs is empty. xs is not modified. NaNs in xs sort before every number (as
// in slices.Sort).
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// FormatBytes writes a byte count for people: "208 B", "3.0 KiB",
// "2.26 MiB" (binary units; KiB with one decimal, MiB with two). The
// summary, the report and the charts' labels all use it.
func FormatBytes(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1<<20:
		return fmt.Sprintf("%.2f MiB", v/(1<<20))
	case a >= 1<<10:
		return fmt.Sprintf("%.1f KiB", v/(1<<10))
	}
	return fmt.Sprintf("%.0f B", v)
}
