package scenarios

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// CustomPrefix starts the name of a custom scenario: a workload made from
// the catalogue's own parameters, e.g.
// "custom:delete=0.75,refill=0.5,churn=4,order=random,cycles=2".
const CustomPrefix = "custom:"

// customParams are the parameters a custom scenario takes, in the order its
// canonical name lists them, with what each allows.
var customParams = []struct{ key, allowed string }{
	{"delete", "a fraction 0..1 of the n filled keys, deleted in random order after each fill"},
	{"refill", "a fraction 0..1 of the deleted keys, inserted as new keys after the deletes (needs delete > 0)"},
	{"cycles", "an integer 1..100: fill (+ delete + refill) this many times, new keys each time, on one map"},
	{"churn", "an integer 0..64: then churn·n ops of delete-one + insert-new"},
	{"order", "fifo or random: which live key a churn op deletes (needs churn > 0; default fifo)"},
}

// CustomHelp lists the parameters of a custom scenario and what they allow.
func CustomHelp() string {
	var b strings.Builder
	for i, p := range customParams {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s=%s", p.key, p.allowed)
	}
	return b.String()
}

// ParseCustom reads a custom scenario's name (CustomPrefix, then
// key=value pairs separated by commas, in any order, each key at most
// once) and returns the scenario, whose Name is the canonical form: the
// parameters in the order of CustomHelp, defaults (delete=0, refill=0,
// cycles=1, churn=0, order=fifo) left out, numbers in their shortest form.
// The same workload always gets the same name, so rows name it
// reproducibly and -resume recognises it.
func ParseCustom(name string) (Scenario, error) {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("scenario %q: %s; allowed: %s", name, fmt.Sprintf(format, a...), CustomHelp())
	}
	body, ok := strings.CutPrefix(name, CustomPrefix)
	if !ok {
		return Scenario{}, bad("a custom scenario starts with %q", CustomPrefix)
	}
	s := Scenario{Cycles: 1}
	seen := map[string]bool{}
	order := ""
	for item := range strings.SplitSeq(body, ",") {
		key, val, ok := strings.Cut(strings.TrimSpace(item), "=")
		if !ok || key == "" || val == "" {
			return Scenario{}, bad("%q is not key=value", item)
		}
		if seen[key] {
			return Scenario{}, bad("%s given twice", key)
		}
		seen[key] = true
		switch key {
		case "delete", "refill":
			f, err := strconv.ParseFloat(val, 64)
			if err != nil || math.IsNaN(f) || f < 0 || f > 1 || strings.ContainsAny(val, "_xXpP") {
				return Scenario{}, bad("%s=%s is not a fraction 0..1", key, val)
			}
			if key == "delete" {
				s.DeleteFrac = f
			} else {
				s.RefillFrac = f
			}
		case "cycles", "churn":
			v, err := strconv.Atoi(val)
			lo, hi := 1, 100
			if key == "churn" {
				lo, hi = 0, 64
			}
			if err != nil || v < lo || v > hi {
				return Scenario{}, bad("%s=%s is not an integer %d..%d", key, val, lo, hi)
			}
			if key == "cycles" {
				s.Cycles = v
			} else {
				s.Churn = v
			}
		case "order":
			switch val {
			case "fifo":
				s.Order = FIFO
			case "random":
				s.Order = Random
			default:
				return Scenario{}, bad("order=%s is not fifo or random", val)
			}
			order = val
		default:
			return Scenario{}, bad("unknown parameter %q", key)
		}
	}
	switch {
	case s.RefillFrac > 0 && s.DeleteFrac == 0:
		return Scenario{}, bad("refill needs delete > 0")
	case order != "" && s.Churn == 0:
		return Scenario{}, bad("order needs churn > 0")
	case s.DeleteFrac == 0 && s.Churn == 0:
		return Scenario{}, bad("it deletes nothing: give delete > 0 or churn > 0")
	}
	if s.Churn > 0 && s.Order == 0 {
		s.Order = FIFO
	}
	s.Name, s.Doc = s.customName(), s.customDoc()
	switch {
	case s.Churn > 0:
		s.KeyPhase = PhaseChurn
	case s.RefillFrac > 0:
		s.KeyPhase = PhaseRefill
	case s.DeleteFrac > 0:
		s.KeyPhase = PhaseDelete
	default:
		s.KeyPhase = PhaseFill
	}
	return s, nil
}

// customName is the canonical name of a custom scenario.
func (s Scenario) customName() string {
	var parts []string
	num := func(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
	if s.DeleteFrac > 0 {
		parts = append(parts, "delete="+num(s.DeleteFrac))
	}
	if s.RefillFrac > 0 {
		parts = append(parts, "refill="+num(s.RefillFrac))
	}
	if s.Cycles > 1 {
		parts = append(parts, "cycles="+strconv.Itoa(s.Cycles))
	}
	if s.Churn > 0 {
		parts = append(parts, "churn="+strconv.Itoa(s.Churn))
		if s.Order == Random {
			parts = append(parts, "order=random")
		}
	}
	return CustomPrefix + strings.Join(parts, ",")
}

// customDoc says in words what a custom scenario does.
func (s Scenario) customDoc() string {
	var b strings.Builder
	b.WriteString("custom: fill n")
	if s.DeleteFrac > 0 {
		fmt.Fprintf(&b, ", delete %g%% at random", 100*s.DeleteFrac)
	}
	if s.RefillFrac > 0 {
		fmt.Fprintf(&b, ", insert %g%% as many new keys", 100*s.RefillFrac)
	}
	if s.Cycles > 1 {
		fmt.Fprintf(&b, "; %d times on one map, new keys each time", s.Cycles)
	}
	if s.Churn > 0 {
		o := "oldest"
		if s.Order == Random {
			o = "random"
		}
		fmt.Fprintf(&b, "; then %dn ops of delete-%s + insert-new", s.Churn, o)
	}
	return b.String()
}
