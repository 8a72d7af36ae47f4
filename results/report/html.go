package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
)

// Figure is a chart WriteHTML inlines: an SVG document as package plot
// draws it (plot.Chart's Name, Title and SVG; package report does not
// import plot, which imports report).
type Figure struct {
	Name  string // e.g. "retained-heap_u64_n65536": the figure's id
	Title string // lines separated by "\n"
	SVG   []byte
}

// WriteHTML prints r as one self-contained HTML page: the tables of the
// text and markdown formats (the same cells: [Report.grids]), the
// verdicts, the warnings, then figs inlined as SVG. The page loads
// nothing: no scripts, fonts, stylesheets or images from anywhere (one
// inline <style>). Every text is escaped by html/template; every figure
// must be a lone <svg> element with no scripts, event handlers,
// foreignObject or references outside itself, or WriteHTML fails.
//
// sc, when not nil, opens the page: the scorecard of package
// results/advise (an implementation × criterion table per workload,
// coloured by rank), each cell linking to its details below.
func WriteHTML(w io.Writer, r *Report, figs []Figure, sc *Scorecard) error {
	intro, common, columns := r.headerLines()
	page := htmlPage{Intro: strings.Split(intro, "\n"), Common: common, Columns: columns, Scorecard: sc}
	for i := range r.Tables {
		t := &r.Tables[i]
		ht := htmlTable{
			ID:    TableID(i),
			Key:   t.Key(),
			Title: r.heading(t),
		}
		for j, g := range r.grids(t) {
			hg := htmlGrid{Metric: "reps", Header: g.header, Notes: g.notes}
			hg.ID = GridID(i, hg.Metric)
			if j < len(t.Blocks) {
				hg.ID = GridID(i, t.Blocks[j].Key())
				hg.Metric = t.Blocks[j].Spec.Metric
				hg.Phase = t.Blocks[j].Phase
			}
			for _, row := range g.rows {
				hg.Rows = append(hg.Rows, htmlRow{Impl: row[0], Cells: row[1:]})
			}
			page.Notes = page.Notes || len(hg.Notes) > 0
			ht.Grids = append(ht.Grids, hg)
		}
		for c, vs := range t.Verdicts {
			if len(vs) == 0 {
				continue
			}
			ht.Verdicts = append(ht.Verdicts, htmlVerdict{Head: upperFirst(r.verdictHead(t, c)), Column: r.Columns[c].Name, Lines: vs})
		}
		ht.Warnings = t.Warnings
		page.Tables = append(page.Tables, ht)
	}
	for i, f := range figs {
		svg, err := inlineSVG(f.SVG)
		if err != nil {
			return fmt.Errorf("chart %s: %v", f.Name, err)
		}
		id := f.Name
		if id == "" {
			id = strconv.Itoa(i + 1)
		}
		page.Figures = append(page.Figures, htmlFigure{ID: "chart-" + id, Name: f.Name, Label: strings.ReplaceAll(f.Title, "\n", "; "), SVG: svg})
	}
	var buf bytes.Buffer
	if err := htmlTmpl.Execute(&buf, page); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// TableID is the id of the i-th table's section in the page.
func TableID(i int) string { return "table-" + strconv.Itoa(i+1) }

// GridID is the id of a block's grid in the i-th table's section, by the
// block's Key (its metric, after its kind when it has one), or of the
// reps grid ("reps").
func GridID(i int, key string) string { return TableID(i) + "-" + key }

type htmlPage struct {
	Notes     bool // some grid has notes (its caption)
	Scorecard *Scorecard
	Intro     []string
	Common    string
	Columns   []string
	Tables    []htmlTable
	Figures   []htmlFigure
}

type htmlTable struct {
	ID, Key, Title string
	Grids          []htmlGrid
	Verdicts       []htmlVerdict
	Warnings       []string
}

type htmlGrid struct {
	ID            string
	Metric, Phase string // Phase is "" for the reps grid
	Header        []string
	Rows          []htmlRow
	Notes         []string // said under the rows, as the table's caption
}

type htmlRow struct {
	Impl  string
	Cells []string
}

type htmlVerdict struct {
	Head, Column string
	Lines        []string
}

type htmlFigure struct {
	ID, Name string
	Label    string // the title drawn in the chart, on one line
	SVG      template.HTML
}

// inlineSVG checks that doc is one <svg> element (after an optional XML
// declaration and comments) that refers to nothing outside itself and
// runs nothing, and returns the element, to be placed in the page as is.
func inlineSVG(doc []byte) (template.HTML, error) {
	start := bytes.Index(doc, []byte("<svg"))
	if start < 0 {
		return "", fmt.Errorf("no <svg> element")
	}
	el := bytes.TrimSpace(doc[start:])
	d := xml.NewDecoder(bytes.NewReader(el))
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", fmt.Errorf("malformed SVG: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
				if tok.Name.Local != "svg" || roots > 1 {
					return "", fmt.Errorf("not one <svg> element")
				}
			}
			depth++
			switch strings.ToLower(tok.Name.Local) {
			case "script", "foreignobject", "image", "use", "a", "iframe", "style":
				return "", fmt.Errorf("<%s> is not allowed in an inlined chart", tok.Name.Local)
			}
			for _, a := range tok.Attr {
				name := strings.ToLower(a.Name.Local)
				if strings.HasPrefix(name, "on") || name == "href" || name == "src" ||
					strings.Contains(strings.ToLower(a.Value), "url(") && !strings.Contains(a.Value, "url(#") {
					return "", fmt.Errorf("attribute %s=%q is not allowed in an inlined chart", a.Name.Local, a.Value)
				}
			}
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 0 && len(bytes.TrimSpace(tok)) > 0 {
				return "", fmt.Errorf("text after the <svg> element")
			}
		case xml.ProcInst, xml.Directive:
			return "", fmt.Errorf("processing instruction or directive inside the chart")
		}
	}
	if roots != 1 || depth != 0 {
		return "", fmt.Errorf("not one complete <svg> element")
	}
	return template.HTML(el), nil // checked above; its text is escaped by its writer (vgsvg)
}

var htmlTmpl = template.Must(template.Must(template.New("report").Parse(scorecardTmpl)).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>mapbench report</title>
<style>
body { font-family: sans-serif; margin: 1.5em auto; max-width: 72em; padding: 0 1em; color: #222; line-height: 1.4; }
h1 { font-size: 1.6em; }
h2 { font-size: 1.25em; border-bottom: 1px solid #ccc; padding-bottom: .2em; margin-top: 2em; }
code { font-size: .9em; background: #f4f4f4; padding: 0 .2em; }
table { border-collapse: collapse; margin: .8em 0; font-size: .9em; font-variant-numeric: tabular-nums; }
th, td { padding: .15em .7em; border-bottom: 1px solid #e4e4e4; white-space: nowrap; }
thead th { border-bottom: 2px solid #999; text-align: right; }
thead th:first-child, tbody th { text-align: left; font-weight: normal; }
td { text-align: right; }
.verdict { background: #eef6ee; border-left: 4px solid #2ca02c; padding: .3em 1em; }
.warnings { background: #fff6e6; border-left: 4px solid #ff7f0e; padding: .3em 1em; font-size: .85em; }
.verdict h3, .warnings h3 { font-size: 1em; margin: .4em 0; }
figure { margin: 1.5em 0; }
figure svg { display: block; max-width: 100%; height: auto; border: 1px solid #e4e4e4; }
figcaption { font-size: .9em; color: #555; }
nav li { margin: .1em 0; }
.blocks { display: flex; flex-wrap: wrap; gap: 0 2.5em; align-items: flex-start; }
{{- if .Notes}}
caption { caption-side: bottom; text-align: left; font-size: .85em; color: #555; padding-top: .3em; }
{{- end}}
{{template "scorecard-style"}}
</style>
</head>
<body>
<h1>mapbench report</h1>
{{- if .Scorecard}}{{template "scorecard" .Scorecard}}{{end}}
<p>{{range $i, $l := .Intro}}{{if $i}}<br>
{{end}}{{$l}}{{end}}</p>
<p>Same in every input: <code>{{.Common}}</code></p>
{{- if .Columns}}
<p>The inputs differ; they are never pooled but shown side by side as columns:</p>
<ul class="columns">
{{- range .Columns}}
<li><code>{{.}}</code></li>
{{- end}}
</ul>
{{- end}}
<nav>
<h2>Contents</h2>
<ul>
{{- if .Scorecard}}
<li><a href="#scorecard">Scorecard</a></li>
{{- end}}
{{- range .Tables}}
<li><a href="#{{.ID}}">{{.Title}}</a></li>
{{- end}}
{{- if .Figures}}
<li><a href="#charts">Charts</a></li>
{{- end}}
</ul>
</nav>
{{- range .Tables}}
<section id="{{.ID}}" data-table="{{.Key}}">
<h2>{{.Title}}</h2>
<div class="blocks">
{{- range .Grids}}
<table id="{{.ID}}" data-metric="{{.Metric}}"{{if .Phase}} data-phase="{{.Phase}}"{{end}}>
{{- if .Notes}}
<caption>{{range $i, $n := .Notes}}{{if $i}}<br>
{{end}}note: {{$n}}{{end}}</caption>
{{- end}}
<thead><tr>{{range .Header}}<th scope="col">{{.}}</th>{{end}}</tr></thead>
<tbody>
{{- range .Rows}}
<tr data-impl="{{.Impl}}"><th scope="row">{{.Impl}}</th>{{range .Cells}}<td>{{.}}</td>{{end}}</tr>
{{- end}}
</tbody>
</table>
{{- end}}
</div>
{{- range .Verdicts}}
<div class="verdict" data-column="{{.Column}}">
<h3>{{.Head}}</h3>
<ul>
{{- range .Lines}}
<li>{{.}}</li>
{{- end}}
</ul>
</div>
{{- end}}
{{- if .Warnings}}
<div class="warnings">
<h3>Warnings</h3>
<ul>
{{- range .Warnings}}
<li>{{.}}</li>
{{- end}}
</ul>
</div>
{{- end}}
</section>
{{- end}}
{{- if .Figures}}
<section id="charts">
<h2>Charts</h2>
{{- range .Figures}}
<figure id="{{.ID}}" aria-label="{{.Label}}">
{{.SVG}}
<figcaption>{{.Name}} (as <code>mapbench plot</code> names it)</figcaption>
</figure>
{{- end}}
</section>
{{- end}}
</body>
</html>
`))

// Format writes v in s's unit as every format's tables show it (the
// median column), e.g. "136.1 KiB" for a live heap, "17.2" for ns/op.
func (s MetricSpec) Format(v float64) string { return formatValue(s, v) }
