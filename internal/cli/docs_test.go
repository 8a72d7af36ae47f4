package cli

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"mapbench/harness/run"
	"mapbench/internal/golden"
	"mapbench/scenarios"
)

// regenerate is the command that rewrites the generated docs; each says
// it in its first line.
const regenerate = "go test ./internal/cli -run TestDocs -update"

// TestDocs: docs/cli.md is written from the FlagSets, docs/scenarios.md
// from package scenarios' catalogue; a change to either is a change to
// the committed file, made with -update.
func TestDocs(t *testing.T) {
	for _, d := range []struct {
		path string
		gen  func() string
	}{{"../../docs/cli.md", cliDoc}, {"../../docs/scenarios.md", scenariosDoc}} {
		got := []byte(d.gen())
		if golden.Updating() {
			if err := os.WriteFile(d.path, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(d.path)
		if err != nil {
			t.Fatalf("%v (create it: %s)", err, regenerate)
		}
		if diff := golden.Diff(want, got); diff != "" {
			name := strings.TrimPrefix(d.path, "../../")
			t.Errorf("%s is out of date with the code; regenerate it: %s\n--- %s\n+++ generated\n%s", name, regenerate, name, diff)
		}
	}
}

// generatedBy is the first line of a generated doc.
func generatedBy(from string) string {
	return fmt.Sprintf("<!-- Generated from %s by `%s`: edit the code, not this file. -->\n\n", from, regenerate)
}

// cell makes s safe inside a markdown table cell.
func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}

// cliDoc is docs/cli.md: the usage, the exit statuses and every flag of
// every command, from the commands table and their FlagSets.
func cliDoc() string {
	var b strings.Builder
	b.WriteString(generatedBy("the FlagSets of internal/cli and harness/run"))
	b.WriteString("# The mapbench command line\n\n```\n" + usage() + "\n```\n\n")
	b.WriteString("Lists are comma-separated. Every refusal of bad input is one line naming the flag, and writes nothing.\n\n")
	b.WriteString("| exit status | meaning |\n|---|---|\n")
	for _, e := range []struct {
		code int
		what string
	}{{exitOK, "done, or help printed (-h)"}, {exitFailure, "the command failed: a cell failed, a file could not be written, or the run was interrupted"},
		{exitUsage, "bad input: a flag, an operand or a file named; the message says what to do"}} {
		fmt.Fprintf(&b, "| %d | %s |\n", e.code, e.what)
	}
	for _, c := range commands {
		fmt.Fprintf(&b, "\n## mapbench %s\n\n```\n%s\n```\n\n%s\n", c.name, synopsis(c, ""), strings.ReplaceAll(c.doc, "\n", " "))
		if c.flags == nil {
			continue
		}
		b.WriteString("\n| flag | default | meaning |\n|---|---|---|\n")
		c.flags(io.Discard).VisitAll(func(f *flag.Flag) {
			arg, help := flag.UnquoteUsage(f)
			name := "-" + f.Name
			if arg != "" {
				name += " " + arg
			}
			def := ""
			if words, ok := run.MachineDefault(f.Name); ok {
				def = words
			} else if f.DefValue != "" {
				def = "`" + f.DefValue + "`"
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s |\n", name, cell(def), cell(help))
		})
	}
	return b.String()
}

// scenariosDoc is docs/scenarios.md: the catalogue, the parameters of a
// custom scenario, the phases and the shapes, from package scenarios.
func scenariosDoc() string {
	var b strings.Builder
	b.WriteString(generatedBy("package scenarios (its catalogue, shapes and custom parameters)"))
	b.WriteString("# Scenarios and shapes\n\n")
	b.WriteString("`mapbench run -scenarios` takes the names below, `all`, `main` (those in the default run), or a custom " +
		"scenario; `-shapes` takes the shapes. Every op stream is a function of the scenario, n and `-seed` alone: every " +
		"implementation gets the same keys in the same order. The summary and the report show each scenario's key phase.\n\n")
	yes := func(v bool) string {
		if v {
			return "yes"
		}
		return ""
	}
	b.WriteString("| scenario | in default run | key phase | goroutines | what it does |\n|---|---|---|---|---|\n")
	for _, s := range scenarios.All() {
		g := "1"
		if s.Concurrent {
			g = "G writers (`-goroutines`)"
			if s.Readers > 0 {
				g += fmt.Sprintf(" + %d reader", s.Readers)
			}
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", s.Name, yes(s.Main), s.KeyPhase, g, cell(s.Doc))
	}
	b.WriteString("\nScenarios with G writers run only on the implementations safe for concurrent use (`mapbench list`, " +
		"column CONCURRENT), once per `-goroutines` entry; each goroutine writes only its own keys.\n")
	fmt.Fprintf(&b, "\n## Custom scenarios\n\n`%sKEY=VALUE,...` builds a workload from the catalogue's parameters, given in any "+
		"order, each at most once; rows name it in one canonical form (the parameters in this order, defaults left out).\n\n", scenarios.CustomPrefix)
	b.WriteString("| parameter | allowed |\n|---|---|\n")
	for _, p := range customParams() {
		fmt.Fprintf(&b, "| `%s` | %s |\n", p[0], cell(p[1]))
	}
	b.WriteString("\n## Phases\n\nThe CSV's `phase` column; `meta` rows carry the cell's self-checks and settings.\n\n| phase | one op is |\n|---|---|\n")
	for _, p := range phases {
		op := scenarios.OpOf(p)
		if op == "" {
			op = "none: its rows compare the cycles of `cycles` with each other"
		}
		fmt.Fprintf(&b, "| `%s` | %s |\n", p, op)
	}
	b.WriteString("\n## Shapes\n\nEvery scenario runs on every shape (`-shapes`): the key and value types are listed, with their sizes, in " +
		"[impls.md](impls.md#shapes), generated from the harness's shape table.\n")
	return b.String()
}

// customParams splits scenarios.CustomHelp ("key=allowed; key=allowed…",
// where an allowed text may hold "; " too) into key, allowed pairs.
func customParams() [][2]string {
	var out [][2]string
	for item := range strings.SplitSeq(scenarios.CustomHelp(), "; ") {
		key, allowed, ok := strings.Cut(item, "=")
		if !ok || len(out) > 0 && strings.ContainsAny(key, " ()") {
			out[len(out)-1][1] += "; " + item // the rest of the previous text
			continue
		}
		out = append(out, [2]string{key, allowed})
	}
	return out
}

// phases are package scenarios' phase names, in the order a plan runs them.
var phases = []string{scenarios.PhaseFill, scenarios.PhaseDelete, scenarios.PhaseClear, scenarios.PhaseRefill,
	scenarios.PhaseChurn, scenarios.PhaseMixed, scenarios.PhaseReplay, scenarios.PhaseReplayGet, scenarios.PhaseReplayPut,
	scenarios.PhaseReplayDelete, scenarios.PhaseCycle}

// Every parameter docs/scenarios.md lists is one ParseCustom takes, and
// every scenario the catalogue has is in the doc (its split of
// CustomHelp and its table could otherwise lose one unseen).
func TestScenariosDocComplete(t *testing.T) {
	doc := scenariosDoc()
	params := customParams()
	if len(params) == 0 {
		t.Fatal("no custom parameters read from scenarios.CustomHelp")
	}
	for _, p := range params {
		if _, err := scenarios.ParseCustom(scenarios.CustomPrefix + p[0] + "=1"); err != nil && strings.Contains(err.Error(), "unknown parameter") {
			t.Errorf("custom parameter %q, as docs/scenarios.md lists it: %v", p[0], err)
		}
	}
	if _, err := scenarios.ParseCustom(scenarios.CustomPrefix + "frob=1"); err == nil || !strings.Contains(err.Error(), "unknown parameter") {
		t.Errorf("ParseCustom no longer says %q for an unknown parameter (err %v): this test cannot tell a wrong key", "unknown parameter", err)
	}
	for _, name := range scenarios.Names() {
		if !strings.Contains(doc, "| `"+name+"` |") {
			t.Errorf("docs/scenarios.md has no row for %q", name)
		}
	}
}

// The usage names every flag of every command, with its argument, and
// the subcommands' -h prints every flag's help once.
func TestUsageFromFlagSets(t *testing.T) {
	u := usage()
	for _, c := range commands {
		if !strings.Contains(u, "mapbench "+c.name) {
			t.Errorf("usage lacks command %s:\n%s", c.name, u)
		}
		if c.flags == nil {
			continue
		}
		var help bytes.Buffer
		err := mapbench([]string{c.name, "-h"}, io.Discard, &help)
		if exitCode(err, io.Discard) != exitOK {
			t.Fatalf("mapbench %s -h: %v", c.name, err)
		}
		c.flags(io.Discard).VisitAll(func(f *flag.Flag) {
			arg, text := flag.UnquoteUsage(f)
			w := "-" + f.Name
			if arg != "" {
				w += " " + arg
			}
			if !strings.Contains(u, "["+w+"]") && !strings.Contains(u, " "+w+" ") {
				t.Errorf("usage lacks %s of %s:\n%s", w, c.name, u)
			}
			if n := strings.Count(help.String(), text); n != 1 {
				t.Errorf("mapbench %s -h prints the help of -%s %d times, want 1:\n%s", c.name, f.Name, n, help.String())
			}
		})
	}
}
