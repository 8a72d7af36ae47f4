package results

import (
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
