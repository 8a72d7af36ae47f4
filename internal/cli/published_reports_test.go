package cli

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The text and markdown reports (and advice) in results/published are what
// today's code makes from the published CSVs, by the commands of `make
// published-reports` (read from `make -n`, so the Makefile stays the one
// list of which report is made from which files). A change to the report's
// output then shows in the committed files, or this test fails. A command
// whose CSV is not published yet (a run `make published-resume` has still
// to make) is skipped, and says so.
func TestPublishedReportsCurrent(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("make is needed to read the published reports' commands: %v", err)
		}
		t.Skip("make not installed (Debian package make): cannot read the published reports' commands")
	}
	root := filepath.Join("..", "..")
	cmd := exec.Command("make", "-n", "--no-print-directory", "published-reports")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("make -n published-reports: %v", err)
	}
	checked := 0
	for line := range strings.SplitSeq(string(out), "\n") {
		args := strings.Fields(line)
		if len(args) < 2 || args[0] != "out/mapbench" || args[1] != "report" && args[1] != "advise" {
			continue
		}
		command := args[1]
		args = args[2:]
		var dst string
		for i := 0; i+1 < len(args); i++ {
			if args[i] == "-o" {
				dst = args[i+1]
			}
		}
		if !strings.HasSuffix(dst, ".txt") && !strings.HasSuffix(dst, ".md") {
			continue // html embeds charts and bench is wide; the text forms carry every figure
		}
		if !strings.HasPrefix(dst, "results/published/") {
			continue // a step on the way (out/advise.md, which TestPublishedAdvice checks in RESULTS.md)
		}
		t.Run(filepath.Base(dst), func(t *testing.T) {
			tmp := filepath.Join(t.TempDir(), filepath.Base(dst))
			for i, a := range args {
				switch {
				case a == dst:
					args[i] = tmp
				case strings.HasSuffix(a, ".csv"):
					args[i] = filepath.Join(root, a)
					if _, err := os.Stat(args[i]); errors.Is(err, fs.ErrNotExist) {
						t.Skipf("%s is not published yet: `make published-resume` runs it, then `make published-reports` makes %s", a, dst)
					}
				}
			}
			var stdout, stderr bytes.Buffer
			if err := mapbench(append([]string{command}, args...), &stdout, &stderr); err != nil {
				t.Fatalf("mapbench %s %s: %v\n%s", command, strings.Join(args, " "), err, stderr.String())
			}
			got, err := os.ReadFile(tmp)
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join(root, dst))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s is not what the code makes from its CSVs now; run make published-reports and commit the result", dst)
			}
		})
		checked++
	}
	if checked < 6 {
		t.Fatalf("found %d text and markdown report commands in make -n published-reports, want at least 6:\n%s", checked, out)
	}
}
