package cli

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"mapbench/harness/run"
)

// command is one command of mapbench, as its usage and docs/cli.md tell
// it; its flags are its FlagSet's, so that neither can miss one.
type command struct {
	name     string
	operands string   // what follows the flags in the synopsis
	required []string // flags it cannot do without: unbracketed in the synopsis
	doc      string   // what it does: -h and docs/cli.md
	// flags builds the command's FlagSet (parse errors to out); nil: none.
	flags func(out io.Writer) *flag.FlagSet
}

var commands = []command{
	{name: "run", doc: run.Doc, flags: run.FlagSet},
	{name: "list", doc: "Lists the implementations, scenarios and shapes, and which of them the default run measures."},
	{name: "report", operands: "FILE...", doc: reportDoc, flags: func(out io.Writer) *flag.FlagSet { fs, _ := reportFlags(out); return fs }},
	{name: "plot", operands: "FILE...", required: []string{"o"}, doc: plotDoc, flags: func(out io.Writer) *flag.FlagSet { fs, _ := plotFlags(out); return fs }},
	{name: "advise", operands: "FILE...", doc: adviseDoc, flags: func(out io.Writer) *flag.FlagSet { fs, _ := adviseFlags(out); return fs }},
	{name: "trace", operands: "stat FILE | from-scenario SCENARIO | convert IN", doc: traceDoc, flags: func(out io.Writer) *flag.FlagSet { fs, _ := traceFlags(out); return fs }},
}

// synopsisWidth is where a synopsis line wraps.
const synopsisWidth = 100

// synopsis is c's command line with every flag, wrapped under its first
// word after "mapbench NAME", each line prefixed with indent.
func synopsis(c command, indent string) string {
	head := indent + "mapbench " + c.name
	var words []string
	if c.flags != nil {
		var opt []string
		c.flags(io.Discard).VisitAll(func(f *flag.Flag) {
			w := "-" + f.Name
			if arg, _ := flag.UnquoteUsage(f); arg != "" {
				w += " " + arg
			}
			if slices.Contains(c.required, f.Name) {
				words = append(words, w)
			} else {
				opt = append(opt, "["+w+"]")
			}
		})
		words = append(words, opt...)
	}
	if c.operands != "" {
		words = append(words, c.operands)
	}
	var b strings.Builder
	line := head
	for _, w := range words {
		if len(line)+1+len(w) > synopsisWidth && line != head && strings.TrimSpace(line) != "" {
			b.WriteString(line + "\n")
			line = strings.Repeat(" ", len(head))
		}
		line += " " + w
	}
	b.WriteString(line)
	return b.String()
}

// usage is what mapbench prints without a command, or with -h.
func usage() string {
	var b strings.Builder
	b.WriteString("usage:\n")
	var withFlags []string
	for _, c := range commands {
		b.WriteString(synopsis(c, "  ") + "\n")
		if c.flags != nil {
			withFlags = append(withFlags, "'mapbench "+c.name+" -h'")
		}
	}
	fmt.Fprintf(&b, "Run %s for their flags.", orList(withFlags))
	return b.String()
}

// commandNames lists the commands for messages: "run, list, report or plot".
func commandNames() string {
	var names []string
	for _, c := range commands {
		names = append(names, c.name)
	}
	return orList(names)
}

// orList joins items as "a, b or c".
func orList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// commandNamed is the command called name, which must exist.
func commandNamed(name string) command {
	i := slices.IndexFunc(commands, func(c command) bool { return c.name == name })
	return commands[i]
}

// printUsage returns the help of -h of command name, printed to w from fs:
// its synopsis, what it does and its flags.
func printUsage(w io.Writer, name string) func(fs *flag.FlagSet) {
	return func(fs *flag.FlagSet) {
		c := commandNamed(name)
		fmt.Fprintf(w, "%s\n\n%s\n\nflags:\n", synopsis(c, "usage: "), c.doc)
		fs.PrintDefaults()
	}
}
