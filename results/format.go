package results

import (
	"math"
	"strconv"
	"strings"
)

// The one formatter of numbers for people: the run summary, every report
// format and the charts' labels write figures with these functions, so a
// figure reads the same everywhere. Three significant digits, with the
// unit scaled:
//
//	bytes   208 B, 36.1 B, 3.05 KiB, 2.26 MiB, 1.02 GiB (binary units; a whole count below 1 KiB as it is)
//	ns      18.0 ns, 302 ns, 1.70 µs, 11.0 µs, 1.29 ms, 2.30 s
//	ops/s   950, 12.3k, 4.56M (SI prefixes)
//	counts  54, 1234 (whole numbers as they are; 12.3k, 4.56M from 10^4 up); a per-op average 0.0123
//	ratios  1.00, 0.641, 0.00130, 2.33e-05, 235×: three significant digits, and above 10 with a ×
//
// From 100 up a figure is written whole ("1023 KiB", "302 ns", "236×"),
// not rounded to three digits.
//
// A NaN or an infinity is "-".

// Format writes v, a value of unit (one of the Unit* constants), for
// people. Units it does not know get three significant digits.
func Format(v float64, unit string) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "-"
	}
	switch unit {
	case UnitBytes:
		return FormatBytes(v)
	case UnitNS:
		return FormatNS(v)
	case UnitOpsPerS:
		return FormatSI(v)
	case UnitCount:
		if v == math.Trunc(v) && math.Abs(v) < 1e4 {
			return strconv.FormatFloat(v, 'f', 0, 64)
		}
		if math.Abs(v) >= 1e4 {
			return FormatSI(v)
		}
		return sig3(v)
	case UnitRatio:
		if math.Abs(v) >= 10 {
			return sig3(v) + "×"
		}
		return sig3(v)
	case UnitBool, UnitPercent:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return sig3(v)
}

// FormatBytes writes a byte count: "208 B", "3.05 KiB", "2.26 MiB",
// "1.02 GiB".
func FormatBytes(v float64) string {
	return scaled(v, 1024, []string{" B", " KiB", " MiB", " GiB", " TiB"}, true)
}

// FormatNS writes a duration given in nanoseconds: "18.0 ns", "1.70 µs",
// "1.29 ms", "2.30 s".
func FormatNS(v float64) string {
	return scaled(v, 1000, []string{" ns", " µs", " ms", " s"}, false)
}

// FormatSI writes v with an SI prefix: "950", "12.3k", "4.56M", "1.07G".
func FormatSI(v float64) string {
	return scaled(v, 1000, []string{"", "k", "M", "G", "T"}, false)
}

// FormatChange writes how new compares with old, as a reader wants it:
// "+2.35%", "-45.1%" within a factor of 10, "235×" or "÷235" beyond
// ("÷28.1k": a 28,100th).
// It is "-" when old is 0 or either is not a number.
func FormatChange(old, new float64) string {
	if old == 0 || math.IsNaN(old) || math.IsNaN(new) || math.IsInf(old, 0) || math.IsInf(new, 0) {
		return "-"
	}
	r := new / old
	if r >= 10 {
		return FormatSI(r) + "×"
	}
	if r > 0 && r <= 0.1 {
		return "÷" + FormatSI(1/r)
	}
	pct := (r - 1) * 100
	s := sig3(pct)
	if pct >= 0 && !strings.HasPrefix(s, "+") {
		s = "+" + s
	}
	return s + "%"
}

// FormatIn writes v in the scale Format chooses for ref, without the
// unit: the bounds of a range written beside its median ("28.9" beside
// "36.4 ns", "1.52" beside "1.70 µs", "0.950" beside "1.70 µs"). A range
// beside a median is written with FormatRange, which uses FormatIn while
// the bounds read well in the median's scale.
func FormatIn(v, ref float64, unit string) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "-"
	}
	var step float64
	var exact bool
	switch unit {
	case UnitBytes:
		step, exact = 1024, true
	case UnitNS, UnitOpsPerS:
		step = 1000
	default:
		return sig3(v)
	}
	if exact && math.Abs(ref) < step && v == math.Trunc(v) {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	for i := 0; i < 4 && math.Abs(roundShown(ref)) >= step; i++ {
		ref /= step
		v /= step
	}
	return sig3(v)
}

// FormatRange writes the range lo–hi of values of unit, as it stands
// beside their median: in the median's scale without the unit while
// both bounds read well there ("591–731" beside "652 ns"), else each
// bound in its own scale with its unit ("591 ns–57.0 µs" beside
// "731 ns"), which is when a bound is written by Format in another scale
// than the median (four digits or more, or under 1 in the median's
// scale). Counts are whole numbers as Format writes them ("56–61"
// beside "59"). It is "" when both bounds read the same (reps equal to
// the digits shown).
func FormatRange(lo, hi, median float64, unit string) string {
	var a, b string
	switch {
	case unit == UnitCount:
		a, b = Format(lo, unit), Format(hi, unit)
	case sameScale(lo, median, unit) && sameScale(hi, median, unit):
		a, b = FormatIn(lo, median, unit), FormatIn(hi, median, unit)
	default:
		a, b = Format(lo, unit), Format(hi, unit)
	}
	if a == b {
		return ""
	}
	return a + "–" + b
}

// FormatSpan writes the range lo–hi of values of unit on its own (no
// median beside it), with the unit once when both bounds share a scale
// ("28.9–53.8 ns"), else each bound in its own ("7.05 µs–4.90 ms").
func FormatSpan(lo, hi float64, unit string) string {
	if unit != UnitCount && sameScale(lo, hi, unit) {
		return FormatIn(lo, hi, unit) + "–" + Format(hi, unit)
	}
	return Format(lo, unit) + "–" + Format(hi, unit)
}

// sameScale reports whether Format writes v and ref of unit in the same
// scale (both in ns, both in µs, ...); always for unscaled units.
func sameScale(v, ref float64, unit string) bool {
	i, scaled := scaleIndex(v, unit)
	j, _ := scaleIndex(ref, unit)
	return !scaled || i == j
}

// scaleIndex is the scale Format writes v of unit in (0: ns, B, none; 1:
// µs, KiB, k; ...), and whether unit is scaled at all.
func scaleIndex(v float64, unit string) (int, bool) {
	var step float64
	var n int
	switch unit {
	case UnitBytes:
		step, n = 1024, 5
	case UnitNS:
		step, n = 1000, 4
	case UnitOpsPerS:
		step, n = 1000, 5
	default:
		return 0, false
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return -1, true
	}
	if unit == UnitBytes && math.Abs(v) < step && v == math.Trunc(v) {
		return 0, true
	}
	i := 0
	for i < n-1 && math.Abs(roundShown(v)) >= step {
		v /= step
		i++
	}
	return i, true
}

// scaled divides v by step until it is under step (or the units run
// out), then writes three significant digits and the unit; with exact,
// whole values below the first step are written as they are (byte counts).
func scaled(v, step float64, units []string, exact bool) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "-"
	}
	if exact && math.Abs(v) < step && v == math.Trunc(v) {
		return strconv.FormatFloat(v, 'f', 0, 64) + units[0]
	}
	i := 0
	for i < len(units)-1 && math.Abs(roundShown(v)) >= step {
		v /= step
		i++
	}
	return sig3(v) + units[i]
}

// roundShown is v as sig3 shows it.
func roundShown(v float64) float64 {
	if math.Abs(v) >= 100 {
		return math.Round(v)
	}
	return round3(v)
}

// round3 is v rounded to three significant digits.
func round3(v float64) float64 {
	if v == 0 {
		return 0
	}
	f, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 3, 64), 64)
	return f
}

// sig3 writes v with three significant digits, in plain notation: "1.00",
// "0.641", "302", "0.00130"; from 100 up, whole: "1023"; under 0.001 in
// exponent form: "2.33e-05". Zero is "0".
func sig3(v float64) string {
	if v == 0 {
		return "0"
	}
	if math.Abs(v) >= 100 {
		return strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	}
	if math.Abs(v) < 0.001 {
		return strconv.FormatFloat(v, 'e', 2, 64)
	}
	v = round3(v)
	a := math.Abs(v)
	decimals := 2 - int(math.Floor(math.Log10(a)))
	if decimals < 0 {
		decimals = 0
	}
	return strconv.FormatFloat(v, 'f', decimals, 64)
}

// FormatSize writes a byte count exactly, as a size flag takes it (the
// -live-heap of mapbench run): "0", "256MiB", "1GiB", "1536KiB", "1000B";
// the largest binary unit that divides it. It is for settings, where two
// different values must never read the same (a column label); measured
// figures go through [Format].
func FormatSize(n int) string {
	for _, u := range []struct {
		name string
		size int
	}{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n != 0 && n%u.size == 0 {
			return strconv.Itoa(n/u.size) + u.name
		}
	}
	if n == 0 {
		return "0"
	}
	return strconv.Itoa(n) + "B"
}
