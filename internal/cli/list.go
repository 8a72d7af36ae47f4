package cli

import (
	"fmt"
	"io"
	"text/tabwriter"

	"mapbench/harness"
	"mapbench/impls"
	"mapbench/scenarios"
)

func listCmd(stdout io.Writer) error {
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "IMPLEMENTATIONS\tIN DEFAULT RUN\tVERSION\tCONCURRENT\tDESCRIPTION")
	for _, im := range impls.All() {
		fmt.Fprintf(tw, "%s\t%v\t%s\t%v\t%s\n", im.Name, !im.Opt, impls.Version(im.Module), im.Concurrent, im.Doc)
	}
	fmt.Fprintln(tw, "\nSCENARIOS\tIN DEFAULT RUN\t\t\tDESCRIPTION")
	for _, s := range scenarios.All() {
		fmt.Fprintf(tw, "%s\t%v\t\t\t%s\n", s.Name, s.Main, s.Doc)
	}
	fmt.Fprintln(tw, "\nSHAPES\t\t\t\tDESCRIPTION")
	for _, s := range harness.Shapes() {
		fmt.Fprintf(tw, "%s\t\t\t\t%s\n", s.Name, s.Doc)
	}
	return tw.Flush()
}
