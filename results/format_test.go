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

func TestFormatSpan(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		unit   string
		want   string
	}{
		{28.9, 53.8, UnitNS, "28.9–53.8 ns"},
		{7050, 4903000, UnitNS, "7.05 µs–4.90 ms"},
		{56, 61, UnitCount, "56–61"},
		{0.5, 0.7, UnitRatio, "0.500–0.700"},
	} {
		if got := FormatSpan(tc.lo, tc.hi, tc.unit); got != tc.want {
			t.Errorf("FormatSpan(%v, %v, %q) = %q, want %q", tc.lo, tc.hi, tc.unit, got, tc.want)
		}
	}
}

func TestFormatRange(t *testing.T) {
	for _, tc := range []struct {
		name           string
		lo, hi, median float64
		unit           string
		want           string
	}{
		{"compact ns", 591, 731, 652, UnitNS, "591–731"},
		{"compact µs", 3880, 4140, 4100, UnitNS, "3.88–4.14"},
		{"hi four digits", 591, 56959, 731, UnitNS, "591 ns–57.0 µs"},
		{"lo under 1 in scale", 591, 30400, 21100, UnitNS, "591 ns–30.4 µs"},
		{"both out", 2580, 14959000, 26800, UnitNS, "2.58 µs–15.0 ms"},
		{"tiny ns stay compact", 0.0244, 0.0274, 0.0252, UnitNS, "0.0244–0.0274"},
		{"equal to three digits", 4101, 4102, 4100, UnitNS, ""},
		{"bytes compact", 200, 216, 208, UnitBytes, "200–216"},
		{"bytes KiB", 3000, 3200, 3048, UnitBytes, "2.93–3.12"},
		{"bytes across", 208, 3048, 300, UnitBytes, "208 B–2.98 KiB"},
		{"ops/s compact", 3.1e6, 4.6e6, 4.56e6, UnitOpsPerS, "3.10–4.60"},
		{"ops/s across", 950, 12300, 11000, UnitOpsPerS, "950–12.3k"},
		{"counts whole", 56, 61, 59, UnitCount, "56–61"},
		{"counts equal", 58, 58, 58, UnitCount, ""},
		{"counts SI", 12100, 12500, 12300, UnitCount, "12.1k–12.5k"},
		{"ratios", 0.0702, 0.0712, 0.0708, UnitRatio, "0.0702–0.0712"},
		{"zero lo", 0, 40, 20, UnitNS, "0–40.0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := FormatRange(tc.lo, tc.hi, tc.median, tc.unit); got != tc.want {
				t.Errorf("FormatRange(%v, %v, %v, %q) = %q, want %q", tc.lo, tc.hi, tc.median, tc.unit, got, tc.want)
			}
		})
	}
}

// FormatSize writes a size exactly, in the largest binary unit that
// divides it, as the size flags read it back.
func TestFormatSize(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{{0, "0"}, {32, "32B"}, {1000, "1000B"}, {1024, "1KiB"}, {1536, "1536B"}, {3 << 10, "3KiB"}, {1536 << 10, "1536KiB"},
		{256 << 20, "256MiB"}, {1 << 30, "1GiB"}, {3 << 39, "1536GiB"}, {1 << 40, "1TiB"}, {(1 << 20) + 1024, "1025KiB"}} {
		if got := FormatSize(tc.n); got != tc.want {
			t.Errorf("FormatSize(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}
