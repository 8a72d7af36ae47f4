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

// DisagreeRatio is the greatest over the least rep of a time figure above
// which its reps are said to disagree (docs/methodology.md rule 21): the
// run summary and the report mark such figures.
const DisagreeRatio = 1.25

// DisagreeHelp is what the summary and the report say helps when reps
// disagree.
const DisagreeHelp = "more reps, taskset -c 1 or a quieter machine"

// RepsDisagree reports whether n reps whose least and greatest values are
// lo and hi disagree: n > 1 and hi/lo above DisagreeRatio.
func RepsDisagree(lo, hi float64, n int) bool {
	return n > 1 && lo > 0 && hi/lo > DisagreeRatio
}
