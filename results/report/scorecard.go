// The scorecard: an implementation × criterion table per workload,
// coloured by rank, that opens the HTML page (WriteHTML) or is a page of
// its own (WriteScorecardHTML). Package results/advise ranks; this file
// only draws what it is given.

package report

import (
	"bytes"
	"html/template"
	"io"
	"math"
)

// Scorecard is what the scorecard shows.
type Scorecard struct {
	Rule   string // how a winner is named, one sentence
	Groups []ScoreGroup
	// NotRanked is the legend of the cells not ranked (ScoreCell.NotRanked),
	// shown when there are any: "not ranked: too few reps for the test
	// (run with -reps ≥ 4)".
	NotRanked string
}

// HasNotRanked reports whether some cell of sc is not ranked.
func (sc *Scorecard) HasNotRanked() bool {
	for _, g := range sc.Groups {
		for _, r := range g.Rows {
			for _, c := range r.Cells {
				if c.NotRanked && !r.Failed {
					return true
				}
			}
		}
	}
	return false
}

// ScoreGroup is one workload: its criteria as columns, one row per
// implementation.
type ScoreGroup struct {
	ID       string // the group's id in the page
	Title    string
	Href     string // the workload's details ("#table-3")
	Criteria []ScoreCriterion
	Rows     []ScoreRow
	Verdict  []string // shown under the table
	Notes    []string // what the data cannot answer, failed cells; shown under the verdict
	Pick     string
	// Details, when set, are listed under the group, one per criterion,
	// each with the id its cells link to (the scorecard's own page; in the
	// report's page the cells link to the tables below).
	Details []ScoreDetail
}

// ScoreDetail is one criterion of a group said in a sentence.
type ScoreDetail struct{ ID, Text string }

// ScoreCriterion is one column of a group.
type ScoreCriterion struct {
	Name, Label string
	Better      string // "lower" or "higher"
	Winner      string // "" when no clear winner
}

// ScoreRow is one implementation of a group.
type ScoreRow struct {
	Impl   string
	Failed bool // a failed cell: not ranked, no colour
	Cells  []ScoreCell
}

// ScoreCell is one implementation on one criterion.
type ScoreCell struct {
	Text   string // the median
	Spread string // "(min–max)" over reps, or "" (one rep, or reps equal to three digits)
	Rank   int    // 1 best; 0: no value (not measured, or the cell failed)
	Tied   bool   // shares its rank with another cell (within noise)
	// NotRanked: a figure with no rank (Rank 0), too few reps for the
	// test; drawn without colour, marked "?".
	NotRanked bool
	Shade     int    // 0 (best) to ScoreShades-1 (worst): the colour class
	Href      string // the figure's details in the page
}

// ScoreShades is how many colours rank a criterion: a sequential scale,
// dark to light, that reads in greyscale and for colour-blind readers
// (ColorBrewer YlGnBu: lightness rises steadily from the first to the
// last); each cell also writes its rank.
const ScoreShades = 5

// Shade is the colour class of rank among ranks distinct ranks: the best
// is 0, the worst ScoreShades-1 (with two ranks: 0 and the last), evenly
// between.
func Shade(rank, ranks int) int {
	if ranks <= 1 || rank <= 1 {
		return 0
	}
	return int(math.Round(float64(rank-1) / float64(ranks-1) * (ScoreShades - 1)))
}

// WriteScorecardHTML writes sc as a self-contained page of its own, each
// group followed by its verdict and notes (the cells link there).
func WriteScorecardHTML(w io.Writer, sc *Scorecard) error {
	var buf bytes.Buffer
	if err := scorecardPage.Execute(&buf, sc); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// scorecardTmpl defines "scorecard-style" (CSS) and "scorecard" (the
// section), shared by the report's page and the scorecard's own.
const scorecardTmpl = `{{define "scorecard-style"}}
.scorecard table { margin: .4em 0 1.2em; }
.scorecard .scroll { overflow-x: auto; max-width: 100%; }
.scorecard td { text-align: left; padding: 0; border: 1px solid #fff; white-space: normal; min-width: 5em; }
.scorecard td small { white-space: nowrap; font-size: .8em; }
.scorecard td > a, .scorecard td > span { display: block; padding: .2em .6em; color: inherit; text-decoration: none; }
.scorecard thead th { text-align: left; }
.scorecard td a:hover, .scorecard td a:focus { outline: 2px solid #000; }
.scorecard .rank { font-weight: bold; margin-right: .4em; }
.s0 { background: #253494; color: #fff; }
.s1 { background: #2c7fb8; color: #fff; }
.s2 { background: #41b6c4; color: #000; }
.s3 { background: #a1dab4; color: #000; }
.s4 { background: #ffffcc; color: #000; }
.sfail { background: repeating-linear-gradient(45deg, #ddd 0 6px, #fff 6px 12px); color: #000; }
.snone { background: #fff; color: #666; }
.snr { background: #fff; color: #222; outline: 1px dashed #888; outline-offset: -3px; }
.legend { display: flex; flex-wrap: wrap; gap: .3em 1em; align-items: center; font-size: .85em; margin: .5em 0; padding: 0; list-style: none; }
.legend span.swatch { display: inline-block; padding: .1em .6em; border: 1px solid #999; margin-right: .3em; }
.scorecard h3 { font-size: 1.05em; margin: 1.2em 0 .2em; }
.scorecard .notes { font-size: .85em; color: #444; }
{{end}}{{define "scorecard"}}
<section id="scorecard" class="scorecard">
<h2>Scorecard</h2>
<p>{{.Rule}}</p>
<ul class="legend" aria-label="legend">
<li><span class="swatch s0"><span class="rank">1</span></span>best</li>
<li><span class="swatch s1">&nbsp;</span><span class="swatch s2">&nbsp;</span><span class="swatch s3">&nbsp;</span>darker is better</li>
<li><span class="swatch s4">&nbsp;</span>worst (lightest)</li>
<li><span class="swatch s1"><span class="rank">2=</span></span>= tied within noise: same rank, same colour</li>
<li><span class="swatch sfail">failed</span>failed its checks: not ranked</li>
{{- if .HasNotRanked}}
<li><span class="swatch snr"><span class="rank">?</span></span>{{.NotRanked}}</li>
{{- end}}
<li><span class="swatch snone">-</span>not measured</li>
</ul>
{{- range .Groups}}
<h3 id="{{.ID}}"><a href="{{.Href}}">{{.Title}}</a></h3>
<div class="scroll">
<table data-workload="{{.ID}}">
<thead><tr><th scope="col">impl</th>{{range .Criteria}}<th scope="col" data-criterion="{{.Name}}" title="{{.Better}} is better">{{.Label}} {{if eq .Better "lower"}}↓{{else}}↑{{end}}</th>{{end}}</tr></thead>
<tbody>
{{- range .Rows}}
<tr data-impl="{{.Impl}}"><th scope="row">{{.Impl}}</th>
{{- $failed := .Failed}}
{{- range .Cells}}
{{- if $failed}}<td class="sfail" data-rank="0"><span>failed</span></td>
{{- else if .Rank}}<td class="s{{.Shade}}" data-rank="{{.Rank}}"><a href="{{.Href}}"><span class="rank">{{.Rank}}{{if .Tied}}={{end}}</span>{{.Text}}{{if .Spread}} <small>{{.Spread}}</small>{{end}}</a></td>
{{- else if .NotRanked}}<td class="snr" data-rank="0" data-ranked="false" title="not ranked: too few reps for the test"><a href="{{.Href}}"><span class="rank">?</span>{{.Text}}{{if .Spread}} <small>{{.Spread}}</small>{{end}}</a></td>
{{- else}}<td class="snone" data-rank="0"><span>-</span></td>
{{- end}}
{{- end}}</tr>
{{- end}}
</tbody>
</table>
</div>
{{- if .Verdict}}
<ul class="verdict-lines">
{{- range .Verdict}}
<li>{{.}}</li>
{{- end}}
{{- if .Pick}}
<li>{{.Pick}}</li>
{{- end}}
</ul>
{{- end}}
{{- if .Details}}
<ul class="details">
{{- range .Details}}
<li id="{{.ID}}">{{.Text}}</li>
{{- end}}
</ul>
{{- end}}
{{- if .Notes}}
<ul class="notes">
{{- range .Notes}}
<li>{{.}}</li>
{{- end}}
</ul>
{{- end}}
{{- end}}
</section>
{{end}}`

var scorecardPage = template.Must(template.Must(template.New("scorecard-page").Parse(scorecardTmpl)).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>mapbench advise</title>
<style>
body { font-family: sans-serif; margin: 1.5em auto; max-width: 80em; padding: 0 1em; color: #222; line-height: 1.4; }
h1 { font-size: 1.6em; }
h2 { font-size: 1.25em; border-bottom: 1px solid #ccc; padding-bottom: .2em; margin-top: 2em; }
table { border-collapse: collapse; font-size: .9em; font-variant-numeric: tabular-nums; }
th, td { padding: .15em .7em; border-bottom: 1px solid #e4e4e4; white-space: nowrap; }
thead th { border-bottom: 2px solid #999; text-align: left; }
tbody th { text-align: left; font-weight: normal; }
{{template "scorecard-style"}}
</style>
</head>
<body>
<h1>mapbench advise</h1>
{{template "scorecard" .}}
</body>
</html>
`))
