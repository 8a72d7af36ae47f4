package results

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// column is how one CSV column is encoded and decoded. codecs lists them in
// Columns order (a test checks); the writer and the reader both go through
// it, so they cannot disagree about the order of the fields.
type column struct {
	name   string
	format func(r *Record) string
	// parse stores s into r; its error says what is wrong with s, without
	// naming the column (the reader adds file, line and column).
	parse func(r *Record, s string) error
}

var codecs = [...]column{
	// The schema column is checked by the reader against the header the
	// row follows (see layout), not parsed.
	{"schema", func(*Record) string { return Schema }, func(*Record, string) error { return nil }},
	{"run_id", func(r *Record) string { return r.RunID }, str(func(r *Record) *string { return &r.RunID })},
	{"host", func(r *Record) string { return r.Host }, str(func(r *Record) *string { return &r.Host })},
	{"go_version", func(r *Record) string { return r.GoVersion }, str(func(r *Record) *string { return &r.GoVersion })},
	{"goos", func(r *Record) string { return r.GOOS }, str(func(r *Record) *string { return &r.GOOS })},
	{"goarch", func(r *Record) string { return r.GOARCH }, str(func(r *Record) *string { return &r.GOARCH })},
	{"cpu", func(r *Record) string { return r.CPU }, str(func(r *Record) *string { return &r.CPU })},
	{"gomaxprocs", func(r *Record) string { return strconv.Itoa(r.GOMAXPROCS) }, integer(func(r *Record) *int { return &r.GOMAXPROCS })},
	{"gc_percent", func(r *Record) string { return strconv.Itoa(r.GCPercent) }, integer(func(r *Record) *int { return &r.GCPercent })},
	{"other_heap", func(r *Record) string { return strconv.Itoa(r.OtherHeap) }, integer(func(r *Record) *int { return &r.OtherHeap })},
	{"seed", func(r *Record) string { return strconv.FormatUint(r.Seed, 10) }, parseSeed},
	{"impl", func(r *Record) string { return r.Impl }, str(func(r *Record) *string { return &r.Impl })},
	{"impl_version", func(r *Record) string { return r.ImplVersion }, str(func(r *Record) *string { return &r.ImplVersion })},
	{"scenario", func(r *Record) string { return r.Scenario }, str(func(r *Record) *string { return &r.Scenario })},
	{"shape", func(r *Record) string { return r.Shape }, str(func(r *Record) *string { return &r.Shape })},
	{"n", func(r *Record) string { return strconv.Itoa(r.N) }, integer(func(r *Record) *int { return &r.N })},
	{"presize", func(r *Record) string { return strconv.FormatBool(r.Presize) }, parsePresize},
	{"goroutines", func(r *Record) string { return strconv.Itoa(r.Goroutines) }, integer(func(r *Record) *int { return &r.Goroutines })},
	{"rep", func(r *Record) string { return strconv.Itoa(r.Rep) }, integer(func(r *Record) *int { return &r.Rep })},
	{"phase", func(r *Record) string { return r.Phase }, str(func(r *Record) *string { return &r.Phase })},
	{"step", func(r *Record) string { return strconv.Itoa(r.Step) }, integer(func(r *Record) *int { return &r.Step })},
	{"metric", func(r *Record) string { return r.Metric }, str(func(r *Record) *string { return &r.Metric })},
	{"value", func(r *Record) string { return FormatValue(r.Value) }, parseValue},
	{"unit", func(r *Record) string { return r.Unit }, str(func(r *Record) *string { return &r.Unit })},
	{"note", func(r *Record) string { return r.Note }, str(func(r *Record) *string { return &r.Note })},
}

// header is the header row as the writer writes it (schema v3).
var header = names(codecs[:])

// layout is the row layout one header line sets for the rows after it:
// its schema (the value every such row must have in its schema column)
// and its columns.
type layout struct {
	schema string
	codecs []column
	header []string
	// init sets what the layout's rows do not hold (v1: Goroutines 1)
	// before the columns are parsed; a field it leaves alone is its zero
	// value (v1, v2: OtherHeap 0).
	init func(*Record)
}

// without is codecs less the named columns, in order.
func without(drop ...string) []column {
	var cs []column
	for _, c := range codecs {
		if !slices.Contains(drop, c.name) {
			cs = append(cs, c)
		}
	}
	return cs
}

var (
	layoutV3 = &layout{schema: Schema, codecs: codecs[:], header: header, init: func(*Record) {}}
	layoutV2 = func() *layout {
		cs := without("other_heap")
		return &layout{schema: SchemaV2, codecs: cs, header: names(cs), init: func(*Record) {}}
	}()
	layoutV1 = func() *layout {
		cs := without("other_heap", "goroutines")
		return &layout{schema: SchemaV1, codecs: cs, header: names(cs), init: func(r *Record) { r.Goroutines = 1 }}
	}()
	// layouts are the layouts the reader knows, the current one first.
	layouts = []*layout{layoutV3, layoutV2, layoutV1}
)

func names(cs []column) []string {
	h := make([]string, len(cs))
	for i, c := range cs {
		h[i] = c.name
	}
	return h
}

// FormatValue formats v as the `value` column holds it: integral values with
// |v| < 2^53 in plain decimal ("1048576", "-0"), everything else as
// strconv.FormatFloat(v, 'g', -1, 64) ("0.5", "1e-09", "1e+300"). Both forms
// parse back to exactly v. NaN and ±Inf format as strconv does; the writer
// refuses them before formatting.
func FormatValue(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

func str(field func(*Record) *string) func(*Record, string) error {
	return func(r *Record, s string) error {
		*field(r) = cleanField(s)
		return nil
	}
}

func integer(field func(*Record) *int) func(*Record, string) error {
	return func(r *Record, s string) error {
		v, err := strconv.Atoi(s)
		if err != nil {
			return numError(s, "an integer", err)
		}
		*field(r) = v
		return nil
	}
}

func parseSeed(r *Record, s string) error {
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return numError(s, "an unsigned 64-bit integer", err)
	}
	r.Seed = v
	return nil
}

func parsePresize(r *Record, s string) error {
	switch {
	case strings.EqualFold(s, "true"):
		r.Presize = true
	case strings.EqualFold(s, "false"):
		r.Presize = false
	default:
		return fmt.Errorf("%q is not a bool, want true or false", s)
	}
	return nil
}

func parseValue(r *Record, s string) error {
	// Decimal only: strconv.ParseFloat also takes Go syntax such as "1_000"
	// and hex floats ("0x1p-2"), which no results writer produces.
	if strings.ContainsAny(s, "_xXpP") {
		return fmt.Errorf("%q is not a decimal number", s)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return numError(s, "a number", err)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("%q is not a finite number (metric %q)", s, r.Metric)
	}
	r.Value = v
	return nil
}

func numError(s, what string, err error) error {
	if errors.Is(err, strconv.ErrRange) {
		return fmt.Errorf("%q is out of range for %s", s, what)
	}
	return fmt.Errorf("%q is not %s", s, what)
}

// cleanField turns every CR LF pair (more exactly, every run of CRs followed
// by LF) into a single LF. encoding/csv's reader normalizes CR LF to LF even
// inside quoted fields, so a field holding CR LF cannot survive a CSV round
// trip; both the writer and the reader apply cleanField so that what the
// reader returns is exactly what it would read again after writing it.
// A lone CR (not before LF) is kept.
func cleanField(s string) string {
	if !strings.Contains(s, "\r\n") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		if s[i] != '\r' {
			b.WriteByte(s[i])
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] == '\r' {
			j++
		}
		if j < len(s) && s[j] == '\n' {
			i = j // drop the CR run; the LF is written next
			continue
		}
		b.WriteString(s[i:j])
		i = j
	}
	return b.String()
}
