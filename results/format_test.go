package results

import (
	"math"
	"testing"
)

func TestFormat(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		unit string
		want string
	}{
		{208, UnitBytes, "208 B"},
		{0, UnitBytes, "0 B"},
		{1023, UnitBytes, "1023 B"},
		{3048, UnitBytes, "2.98 KiB"},
		{9680, UnitBytes, "9.45 KiB"},
		{2360544, UnitBytes, "2.25 MiB"},
		{1047552, UnitBytes, "1023 KiB"},
		{1024, UnitBytes, "1.00 KiB"},
		{37832752, UnitBytes, "36.1 MiB"},
		{1048064, UnitBytes, "1.00 MiB"},
		{36 << 20, UnitBytes, "36.0 MiB"},
		{1.1e9, UnitBytes, "1.02 GiB"},
		{-9472, UnitBytes, "-9.25 KiB"},
		{80.5513916015625, UnitBytes, "80.6 B"},
		{36.06, UnitBytes, "36.1 B"},
		{18.04, UnitNS, "18.0 ns"},
		{302.4, UnitNS, "302 ns"},
		{999.6, UnitNS, "1.00 µs"},
		{1704, UnitNS, "1.70 µs"},
		{11040, UnitNS, "11.0 µs"},
		{1.29e6, UnitNS, "1.29 ms"},
		{2.3e9, UnitNS, "2.30 s"},
		{950, UnitOpsPerS, "950"},
		{12345, UnitOpsPerS, "12.3k"},
		{4.56e6, UnitOpsPerS, "4.56M"},
		{54, UnitCount, "54"},
		{1234, UnitCount, "1234"},
		{123456, UnitCount, "123k"},
		{1234, UnitOpsPerS, "1.23k"},
		{0.01234, UnitCount, "0.0123"},
		{1, UnitRatio, "1.00"},
		{1.004, UnitRatio, "1.00"},
		{0.641818, UnitRatio, "0.642"},
		{0.0013, UnitRatio, "0.00130"},
		{0, UnitRatio, "0"},
		{0.0000233, UnitRatio, "2.33e-05"},
		{1.614, UnitRatio, "1.61"},
		{235.504, UnitRatio, "236×"},
		{1, UnitBool, "1"},
		{100, UnitPercent, "100"},
		{math.NaN(), UnitNS, "-"},
		{math.Inf(1), UnitBytes, "-"},
		{3.14159, "furlongs", "3.14"},
	} {
		if got := Format(tc.v, tc.unit); got != tc.want {
			t.Errorf("Format(%v, %q) = %q, want %q", tc.v, tc.unit, got, tc.want)
		}
	}
}

func TestFormatChange(t *testing.T) {
	for _, tc := range []struct {
		old, new float64
		want     string
	}{
		{100, 102.35, "+2.35%"},
		{100, 54.9, "-45.1%"},
		{100, 100, "+0%"},
		{1, 236.504, "237×"},
		{1, 12345, "12.3k×"},
		{1000, 4.25, "÷235"},
		{224, 0.00796, "÷28.1k"},
		{100, 1000, "10.0×"},
		{100, 10, "÷10.0"},
		{0, 5, "-"},
		{math.NaN(), 5, "-"},
	} {
		if got := FormatChange(tc.old, tc.new); got != tc.want {
			t.Errorf("FormatChange(%v, %v) = %q, want %q", tc.old, tc.new, got, tc.want)
		}
	}
}

func TestFormatIn(t *testing.T) {
	for _, tc := range []struct {
		v, ref float64
		unit   string
		want   string
	}{
		{28.9, 36.4, UnitNS, "28.9"},
		{1520, 1700, UnitNS, "1.52"},
		{950, 1700, UnitNS, "0.950"},
		{53.8, 36.4, UnitNS, "53.8"},
		{200, 208, UnitBytes, "200"},
		{3000, 3048, UnitBytes, "2.93"},
		{3.1e6, 4.56e6, UnitOpsPerS, "3.10"},
		{0.62, 0.64, UnitRatio, "0.620"},
	} {
		if got := FormatIn(tc.v, tc.ref, tc.unit); got != tc.want {
			t.Errorf("FormatIn(%v, %v, %q) = %q, want %q", tc.v, tc.ref, tc.unit, got, tc.want)
		}
	}
}
