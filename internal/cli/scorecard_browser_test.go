package cli

// The scorecard that opens `mapbench report -format html` (and is the
// page of `mapbench advise -format html`), checked in headless Chromium
// as the report's page is (report_html_browser_test.go): it is on the
// first screen, its cells show the ranks package advise computed, cells
// of one rank share one colour and a worse rank is never darker (so the
// order reads in greyscale), cells not ranked (too few reps) are white and
// marked "?", every cell links to an element of the page,
// and screenshots of the first screen, in colour and in greyscale, are
// kept to be looked at.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mapbench/harness/run"
	"mapbench/results/advise"
)

// scoreCell is one scorecard cell as the browser shows it.
type scoreCell struct {
	Group  string  `json:"group"`
	Impl   string  `json:"impl"`
	Col    int     `json:"col"`
	Rank   string  `json:"rank"`
	Ranked string  `json:"ranked"` // data-ranked: "false" for a figure not ranked
	Text   string  `json:"text"`
	Lum    float64 `json:"lum"` // relative luminance of the background
	Bg     string  `json:"bg"`
	Href   string  `json:"href"`
	Target bool    `json:"target"` // the link's target exists
}

func TestScorecardBrowser(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	shots := filepath.Join(os.TempDir(), "mapbench-report-html")
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	for _, fx := range []struct {
		name  string
		files []string
	}{
		{"hand", []string{handCSV}},
		{"run5", []string{"../../results/report/testdata/run5.csv"}},
	} {
		t.Run(fx.name, func(t *testing.T) {
			path, rep, _ := writeHTMLPage(t, dir, "scorecard-"+fx.name, fx.files)
			adv, err := advise.FromReport(rep, run.Vocab, advise.Options{})
			if err != nil {
				t.Fatal(err)
			}
			tctx, tcancel := chromedp.NewContext(bctx)
			defer tcancel()
			u := (&url.URL{Scheme: "file", Path: path}).String()
			if err := chromedp.Do(tctx, chromedp.Navigate(u)); err != nil {
				t.Fatal(err)
			}
			top, err := chromedp.Run(tctx, chromedp.Evaluate[float64](`(() => {
				const s = document.getElementById("scorecard");
				return s && document.querySelector("body > section") === s ? s.getBoundingClientRect().top : -1;
			})()`))
			if err != nil {
				t.Fatal(err)
			}
			if top < 0 || top > 300 {
				t.Errorf("the scorecard is not the page's first section near its top (top %g px)", top)
			}
			got, err := chromedp.Run(tctx, chromedp.Evaluate[[]scoreCell](`(() => {
				const lum = c => { const m = c.match(/[\d.]+/g).map(Number).slice(0, 3).map(v => v / 255)
					.map(v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
					return 0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2]; };
				const out = [];
				document.querySelectorAll("#scorecard table[data-workload]").forEach(tb => {
					tb.querySelectorAll("tbody tr").forEach(tr => {
						tr.querySelectorAll("td").forEach((td, i) => {
							const a = td.querySelector("a"), bg = getComputedStyle(td).backgroundColor;
							const href = a ? a.getAttribute("href") : "";
							out.push({group: tb.dataset.workload, impl: tr.dataset.impl, col: i, rank: td.dataset.rank, ranked: td.dataset.ranked || "",
								text: td.textContent, bg: bg, lum: lum(bg), href: href,
								target: !!(href && document.getElementById(href.slice(1)))});
						});
					});
				});
				return out;
			})()`))
			if err != nil {
				t.Fatal(err)
			}
			want := 0
			for i, w := range adv.Workloads {
				id := "advice-" + strconv.Itoa(i+1)
				for _, impl := range w.Impls {
					for c, r := range w.Rankings {
						want++
						var cell *scoreCell
						for k := range got {
							if got[k].Group == id && got[k].Impl == impl && got[k].Col == c {
								cell = &got[k]
							}
						}
						if cell == nil {
							t.Errorf("%s %s %s: no cell", w.Title(), impl, r.Label)
							continue
						}
						wantRank, notRanked := "0", false
						for _, e := range r.Entries {
							if e.Impl == impl {
								wantRank = strconv.Itoa(e.Rank)
								mark := wantRank + map[bool]string{true: "="}[e.Tied]
								if notRanked = !e.Ranked; notRanked {
									mark = "?"
								}
								if strings.Join(strings.Fields(cell.Text), " ") != mark+e.Text {
									t.Errorf("%s %s %s: cell %q, want rank and figure %q", w.Title(), impl, r.Label, cell.Text, mark+e.Text)
								}
							}
						}
						if notRanked && (cell.Ranked != "false" || cell.Bg != "rgb(255, 255, 255)" || !cell.Target) {
							t.Errorf("%s %s %s: not ranked, but data-ranked %q, background %s, link target %v; want \"false\", white, a target",
								w.Title(), impl, r.Label, cell.Ranked, cell.Bg, cell.Target)
						}
						if !notRanked && cell.Ranked != "" {
							t.Errorf("%s %s %s: ranked, but data-ranked %q", w.Title(), impl, r.Label, cell.Ranked)
						}
						if cell.Rank != wantRank {
							t.Errorf("%s %s %s: rank %s, want %s", w.Title(), impl, r.Label, cell.Rank, wantRank)
						}
						if wantRank != "0" && !cell.Target {
							t.Errorf("%s %s %s: link %q has no target in the page", w.Title(), impl, r.Label, cell.Href)
						}
					}
				}
			}
			if want == 0 || len(got) != want {
				t.Errorf("%d scorecard cells in the page, advise has %d", len(got), want)
			}
			// One colour per rank in a column, and never darker for a worse rank.
			type colKey struct {
				group string
				col   int
			}
			byCol := map[colKey][]scoreCell{}
			for _, c := range got {
				if c.Rank != "0" {
					byCol[colKey{c.Group, c.Col}] = append(byCol[colKey{c.Group, c.Col}], c)
				}
			}
			for k, cs := range byCol {
				for _, a := range cs {
					for _, b := range cs {
						ra, _ := strconv.Atoi(a.Rank)
						rb, _ := strconv.Atoi(b.Rank)
						if ra == rb && a.Bg != b.Bg {
							t.Errorf("%v: rank %d in two colours, %s and %s", k, ra, a.Bg, b.Bg)
						}
						if ra < rb && a.Lum > b.Lum+1e-9 {
							t.Errorf("%v: rank %d (%s) is lighter than rank %d (%s): the order does not read in greyscale", k, ra, a.Bg, rb, b.Bg)
						}
					}
				}
			}
			js, _ := json.Marshal(got[:min(3, len(got))])
			t.Logf("%d scorecard cells as advise ranks them; the first: %s", len(got), js)
			for _, mode := range []string{"colour", "greyscale"} {
				if mode == "greyscale" {
					if err := chromedp.Do(tctx, chromedp.Evaluate[chromedp.Void](`document.documentElement.style.filter = "grayscale(1)"`)); err != nil {
						t.Fatal(err)
					}
				}
				png, err := chromedp.Run(tctx, chromedp.CaptureScreenshot())
				if err != nil {
					t.Fatal(err)
				}
				shot := filepath.Join(shots, fmt.Sprintf("scorecard-%s-%s.png", fx.name, mode))
				if err := os.WriteFile(shot, png, 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("first screen, %s: %s", mode, shot)
			}
		})
	}
}
