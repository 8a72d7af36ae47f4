package results

import (
	"fmt"
	"math"
	"slices"
	"testing"
)

func TestMedian(t *testing.T) {
	tests := []struct {
		name string
		in   []float64
		want float64 // NaN: want NaN
	}{
		{"nil", nil, math.NaN()},
		{"empty", []float64{}, math.NaN()},
		{"one", []float64{7}, 7},
		{"two", []float64{4, 1}, 2.5},
		{"odd unsorted", []float64{3, 1, 2}, 2},
		{"even unsorted", []float64{4, 1, 3, 2}, 2.5},
		{"odd with duplicates", []float64{5, 1, 5, 1, 5}, 5},
		{"even equal middles", []float64{2, 9, 2, 0}, 2},
		{"negative and zero", []float64{-3, 0, -1, -2}, -1.5},
		{"sorted descending", []float64{9, 8, 7, 6, 5, 4, 3}, 6},
		{"outlier", []float64{100, 101, 99, 1e12}, 100.5},
		{"infinities", []float64{math.Inf(1), 1, math.Inf(-1)}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := slices.Clone(tc.in)
			got := Median(in)
			if math.IsNaN(tc.want) {
				if !math.IsNaN(got) {
					t.Errorf("Median(%v) = %v, want NaN", tc.in, got)
				}
			} else if got != tc.want {
				t.Errorf("Median(%v) = %v, want %v", tc.in, got, tc.want)
			}
			if !slices.Equal(in, tc.in) {
				t.Errorf("Median changed its input: %v, was %v", in, tc.in)
			}
		})
	}
}

func ExampleMedian() {
	fmt.Println(Median([]float64{3, 1, 2}), Median([]float64{4, 1, 3, 2}), Median(nil))
	// Output: 2 2.5 NaN
}
