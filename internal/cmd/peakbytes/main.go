// Command peakbytes makes the memory guard's table, harness/peakbytes.csv,
// from results files: for every impl × shape in them, the largest
// bytes_per_entry of a fill phase over cells and reps (harness.PeakRows).
// `make peakbytes` runs it on the published runs:
//
//	go run ./internal/cmd/peakbytes results/published/n1048576.csv ... > harness/peakbytes.csv
//
// Name the files relative to the repository's root: the table records
// them (its source column), and the harness's test reads them back from
// there to check the table is not stale.
package main

import (
	"fmt"
	"os"

	"mapbench/harness"
	"mapbench/results"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "peakbytes:", err)
		os.Exit(1)
	}
}

func run(files []string) error {
	if len(files) == 0 {
		return fmt.Errorf("usage: peakbytes FILE.csv... > harness/peakbytes.csv")
	}
	rows, err := harness.PeakRows(files, results.ReadCSVFile)
	if err != nil {
		return err
	}
	return harness.WritePeakRows(os.Stdout, rows)
}
