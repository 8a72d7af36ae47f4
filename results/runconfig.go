package results

import (
	"fmt"
	"strings"
)

// Setting is one key=value pair of a run_config note (see [MetricRunConfig]).
type Setting struct{ Key, Value string }

// FormatRunConfig encodes settings as the note of a run_config row:
// key=value pairs separated by ";", in the given order. In values, "%" is
// written as %25 and ";" as %3B, so any value survives [ParseRunConfig].
// Keys must be non-empty and hold none of "=", ";", "%".
func FormatRunConfig(settings []Setting) string {
	var b strings.Builder
	esc := strings.NewReplacer("%", "%25", ";", "%3B")
	for i, s := range settings {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(s.Key)
		b.WriteByte('=')
		b.WriteString(esc.Replace(s.Value))
	}
	return b.String()
}

// ParseRunConfig decodes a run_config note written by [FormatRunConfig].
// A pair without "=", an empty or repeated key, or a bad escape is an error.
func ParseRunConfig(note string) ([]Setting, error) {
	if note == "" {
		return nil, fmt.Errorf("run_config is empty")
	}
	var out []Setting
	seen := map[string]bool{}
	unesc := strings.NewReplacer("%25", "%", "%3B", ";")
	for pair := range strings.SplitSeq(note, ";") {
		k, v, ok := strings.Cut(pair, "=")
		switch {
		case !ok:
			return nil, fmt.Errorf("run_config: %q is not key=value", pair)
		case k == "" || strings.ContainsAny(k, "%"):
			return nil, fmt.Errorf("run_config: bad key %q", k)
		case seen[k]:
			return nil, fmt.Errorf("run_config: key %q given twice", k)
		}
		if strings.Count(v, "%") != strings.Count(v, "%25")+strings.Count(v, "%3B") {
			return nil, fmt.Errorf("run_config: bad escape in the value of %q", k)
		}
		seen[k] = true
		out = append(out, Setting{k, unesc.Replace(v)})
	}
	return out, nil
}
