package cli

// The page of `mapbench report -format html`, checked in a real browser:
// headless Chromium (Debian package chromium; .ci/run installs it) driven
// by github.com/chromedp/chromedp. Not skipped when Chromium is missing:
// the test fails and says what to install.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mapbench/harness/run"
	"mapbench/results"
	"mapbench/results/plot"
	"mapbench/results/report"
)

// htmlFixtures are the pages checked: one run, and two inputs that differ
// by host and Go version (columns A and B side by side).
var htmlFixtures = []struct {
	name  string
	files []string
}{
	{"run5", []string{"../../results/report/testdata/run5.csv"}},
	{"twohosts", []string{"../../results/report/testdata/run5.csv", "../../results/report/testdata/run3-otherhost.csv"}},
}

// writeHTMLPage runs `mapbench report -format html -o DIR/NAME.html FILES`
// and returns the page's path, the report it shows and the number of
// charts `mapbench plot` draws from the same input.
func writeHTMLPage(t *testing.T, dir, name string, files []string) (string, *report.Report, int) {
	t.Helper()
	out := filepath.Join(dir, name+".html")
	var stdout, stderr bytes.Buffer
	args := append([]string{"report", "-format", "html", "-o", out}, files...)
	if err := mapbench(args, &stdout, &stderr); err != nil {
		t.Fatalf("mapbench %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	var recs []results.Record
	for _, f := range files {
		rs, err := results.ReadCSVFile(f)
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rs...)
	}
	rep, err := report.Build(recs, run.Vocab, report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	charts, err := plot.FromReport(rep, run.Vocab, plot.Options{SVGOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	return out, rep, len(charts)
}

// The page is self-contained: no script, no reference to anything outside
// it (the only links are to its own anchors), every chart inlined.
func TestReportHTMLSelfContained(t *testing.T) {
	for _, fx := range htmlFixtures {
		t.Run(fx.name, func(t *testing.T) {
			path, rep, ncharts := writeHTMLPage(t, t.TempDir(), fx.name, fx.files)
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			page := string(b)
			if n := strings.Count(page, "<svg "); n != ncharts || n == 0 {
				t.Errorf("%d <svg> elements; mapbench plot draws %d charts", n, ncharts)
			}
			if n := strings.Count(page, "<section id=\"table-"); n != len(rep.Tables) {
				t.Errorf("%d table sections; the report has %d tables", n, len(rep.Tables))
			}
			for _, bad := range []string{"<script", "<link", "<img", "<iframe", "<object", "@import", "url(", "http://", "https://"} {
				// The SVGs' xmlns attributes name namespaces; they load nothing.
				p := strings.ReplaceAll(strings.ReplaceAll(page, `xmlns="http://www.w3.org/2000/svg"`, ""),
					`xmlns:xlink="http://www.w3.org/1999/xlink"`, "")
				if strings.Contains(p, bad) {
					t.Errorf("page contains %q", bad)
				}
			}
			for _, m := range regexp.MustCompile(`(?:href|src)="([^"]*)"`).FindAllStringSubmatch(page, -1) {
				if !strings.HasPrefix(m[1], "#") {
					t.Errorf("page refers to %q", m[1])
				}
			}
		})
	}
}

// chromium returns the Chromium binary. Without one the test skips, saying
// what to install, on a plain Go machine, and fails under CI (CI set).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	const msg = "headless Chromium is needed to check the HTML report and was not found: install the Debian package `chromium` " +
		"(apt-get install chromium; .ci/run does it when missing)"
	if os.Getenv("CI") != "" {
		// CI must check the page: .ci/run installs Chromium.
		t.Fatal(msg + "; CI is set, so the check cannot be skipped")
	}
	t.Skip(msg)
	return ""
}

// cellCheck is one table cell the page must show.
type cellCheck struct {
	Sel  string `json:"sel"`
	Want string `json:"want"`
}

// The page in headless Chromium: it loads with no console error or
// exception, every chart has a non-zero rendered size, nothing is fetched,
// the tables show the report's figures, and a screenshot is kept.
func TestReportHTMLBrowser(t *testing.T) {
	bin := chromium(t)
	start := time.Now()
	dir := t.TempDir()
	shots := filepath.Join(os.TempDir(), "mapbench-report-html")
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox, // tests run as root in CI
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 900),
	)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()
	if err := chromedp.Do(bctx); err != nil { // start the browser
		t.Fatalf("starting %s: %v", bin, err)
	}

	for _, fx := range htmlFixtures {
		t.Run(fx.name, func(t *testing.T) {
			path, rep, ncharts := writeHTMLPage(t, dir, fx.name, fx.files)
			tctx, tcancel := chromedp.NewContext(bctx)
			defer tcancel()

			// Every console message, collected while the page loads and is read.
			var mu sync.Mutex
			var msgs []chromedp.ConsoleMessage
			console := chromedp.Console(tctx)
			done := make(chan struct{})
			go func() {
				defer close(done)
				for m, err := range console {
					if err != nil {
						return
					}
					mu.Lock()
					msgs = append(msgs, m)
					mu.Unlock()
				}
			}()

			u := (&url.URL{Scheme: "file", Path: path}).String()
			if err := chromedp.Do(tctx, chromedp.Navigate(u)); err != nil {
				t.Fatalf("loading %s: %v", u, err)
			}

			// Charts: every <svg> rendered with a non-zero size — at least
			// 300 × 150 px, in the proportions of its viewBox (a chart
			// collapsed to its border is not drawn) — and its text drawn.
			type box struct {
				ID          string  `json:"id"`
				Width       float64 `json:"w"`
				Height      float64 `json:"h"`
				VBW         float64 `json:"vbw"`
				VBH         float64 `json:"vbh"`
				Texts       int     `json:"texts"`
				TitleWidth  float64 `json:"tw"`
				TitleHeight float64 `json:"th"`
			}
			boxes, err := chromedp.Run(tctx, chromedp.Evaluate[[]box](`Array.from(document.querySelectorAll("svg")).map(s => {
				const r = s.getBoundingClientRect(), vb = s.viewBox.baseVal, txt = s.querySelectorAll("text");
				const tr = txt.length ? txt[0].getBoundingClientRect() : {width: 0, height: 0};
				return {id: s.closest("figure") ? s.closest("figure").id : "(not in a figure)", w: r.width, h: r.height,
					vbw: vb ? vb.width : 0, vbh: vb ? vb.height : 0, texts: txt.length, tw: tr.width, th: tr.height};
			})`))
			if err != nil {
				t.Fatal(err)
			}
			if len(boxes) != ncharts {
				t.Errorf("%d <svg> in the page; mapbench plot draws %d charts", len(boxes), ncharts)
			}
			for _, b := range boxes {
				switch {
				case b.Width <= 0 || b.Height <= 0:
					t.Errorf("chart %s rendered %g × %g px", b.ID, b.Width, b.Height)
				case b.Width < 300 || b.Height < 150:
					t.Errorf("chart %s rendered %g × %g px, too small to read", b.ID, b.Width, b.Height)
				case b.VBW <= 0 || b.VBH <= 0:
					t.Errorf("chart %s has no viewBox", b.ID)
				case math.Abs(b.Width/b.Height-b.VBW/b.VBH) > 0.05*b.VBW/b.VBH:
					t.Errorf("chart %s rendered %g × %g px, not in the proportions of its viewBox %g × %g", b.ID, b.Width, b.Height, b.VBW, b.VBH)
				case b.Texts == 0 || b.TitleWidth <= 0 || b.TitleHeight <= 0:
					t.Errorf("chart %s: %d texts, the first drawn %g × %g px", b.ID, b.Texts, b.TitleWidth, b.TitleHeight)
				}
			}
			if len(boxes) > 0 {
				t.Logf("%d charts rendered, the first %g × %g px", len(boxes), boxes[0].Width, boxes[0].Height)
			}

			// Nothing fetched but the page itself.
			fetched, err := chromedp.Run(tctx, chromedp.Evaluate[[]string](`performance.getEntriesByType("resource").map(e => e.name)`))
			if err != nil {
				t.Fatal(err)
			}
			if len(fetched) > 0 {
				t.Errorf("the page fetched %v", fetched)
			}

			// Tables: every median cell of every block and every reps cell,
			// the first verdict line of each table, against the report.
			var checks []cellCheck
			for ti, tb := range rep.Tables {
				sec := `section[data-table="` + tb.Key() + `"]`
				if ti == 0 {
					checks = append(checks, cellCheck{sec + " h2", tb.Scenario + "  shape=" + tb.Shape + "  n=" + strconv.Itoa(tb.N)})
				}
				for _, bl := range tb.Blocks {
					for _, l := range bl.Lines {
						for c, cell := range l.Cells {
							if cell == nil {
								continue
							}
							sel := fmt.Sprintf(`%s table[data-metric="%s"] tr[data-impl="%s"] td:nth-of-type(%d)`, sec, bl.Spec.Metric, l.Impl, 2*c+1)
							checks = append(checks, cellCheck{sel, bl.Spec.Format(cell.Stat.Median)})
						}
					}
				}
				for _, g := range tb.Groups {
					sel := fmt.Sprintf(`%s table[data-metric="reps"] tr[data-impl="%s"] td:nth-of-type(%d)`, sec, g.Impl, g.Column+1)
					checks = append(checks, cellCheck{sel, strconv.Itoa(g.Reps)})
				}
				for c, vs := range tb.Verdicts {
					if len(vs) > 0 {
						sel := fmt.Sprintf(`%s .verdict[data-column="%s"] li`, sec, rep.Columns[c].Name)
						checks = append(checks, cellCheck{sel, vs[0]})
						break
					}
				}
			}
			js, err := json.Marshal(checks)
			if err != nil {
				t.Fatal(err)
			}
			got, err := chromedp.Run(tctx, chromedp.Evaluate[[]*string](string(js)+`.map(c => {
				const e = document.querySelector(c.sel);
				return e ? e.textContent : null;
			})`))
			if err != nil {
				t.Fatal(err)
			}
			found := 0
			for i, c := range checks {
				switch {
				case i >= len(got) || got[i] == nil:
					t.Errorf("no element %s", c.Sel)
				case strings.HasSuffix(c.Sel, " h2") && !strings.HasPrefix(*got[i], c.Want):
					t.Errorf("%s: %q, want it to start with %q", c.Sel, *got[i], c.Want)
				case !strings.HasSuffix(c.Sel, " h2") && *got[i] != c.Want:
					t.Errorf("%s: %q, want %q", c.Sel, *got[i], c.Want)
				default:
					found++
				}
			}
			t.Logf("%d table cells and headings as the report computes them", found)

			// Screenshot of the whole page: a test artifact.
			png, err := chromedp.Run(tctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			shot := filepath.Join(shots, fx.name+".png")
			if err := os.WriteFile(shot, png, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(shots, fx.name+".html"), mustRead(t, path), 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("screenshot: %s (%d bytes; the page beside it)", shot, len(png))

			// The console: a probe error proves the listener hears errors;
			// it must be the only one.
			if err := chromedp.Do(tctx, chromedp.Evaluate[chromedp.Void](`console.error("mapbench-probe")`)); err != nil {
				t.Fatal(err)
			}
			heard := false
			for deadline := time.Now().Add(10 * time.Second); !heard && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
				mu.Lock()
				for _, m := range msgs {
					heard = heard || m.Text == "mapbench-probe"
				}
				mu.Unlock()
			}
			if !heard {
				t.Fatal("the console listener did not hear console.error(\"mapbench-probe\")")
			}
			tcancel()
			<-done
			for _, m := range msgs {
				if m.Text == "mapbench-probe" {
					continue
				}
				if m.Type == chromedp.ConsoleError || m.IsException() {
					t.Errorf("console %s", m)
				} else {
					t.Logf("console %s", m)
				}
			}
		})
	}
	t.Logf("browser check took %v", time.Since(start).Round(time.Millisecond))
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
