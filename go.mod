module mapbench

go 1.26.0

require (
	// Latency distributions: fixed-memory, allocation-free RecordValue, so
	// histograms are allocated before the heap baseline and cost nothing after.
	github.com/HdrHistogram/hdrhistogram-go v1.4.0
	// Also compared (impl haxmap): the lock-free map users try when they
	// leave the built-in map for memory (dolthub/swiss issue 37); issue 20.
	github.com/alphadose/haxmap v1.4.0
	// Tests only: drives headless Chromium to check the page of
	// `mapbench report -format html` (cmd/mapbench/report_html_browser_test.go).
	github.com/chromedp/chromedp v0.23.0
	// Compared implementations (docs/design.md, Implementations): wrapped, never re-implemented.
	github.com/cockroachdb/swiss v0.0.0-20260820225851-333444432258
	github.com/dolthub/swiss v0.2.1
	// zstd for long traces (package trace, docs/trace.md): a streaming,
	// pure-Go encoder and decoder that run on one goroutine; the standard
	// library has no zstd encoder (its decoder, internal/zstd, cannot be
	// imported).
	github.com/klauspost/compress v1.20.4
	// Also compared (impl concurrent-map): the sharded built-in map behind
	// per-shard RWMutexes that users pick for concurrent access; issue 20.
	github.com/orcaman/concurrent-map/v2 v2.0.1
	github.com/puzpuzpuz/xsync/v3 v3.5.1
	// Also compared (impl xsync4): v4, xsync's current major version (its
	// README), changes the delete path v3 is measured on (an absent key's
	// Delete locks nothing; writers help a resize: map.go), so both are
	// measured and neither replaces the other.
	github.com/puzpuzpuz/xsync/v4 v4.5.0
	// Go benchmark format (benchfmt) for reading `go test -bench` output in
	// internal/cmd/agree; benchmath for the medians, confidence intervals and
	// U tests of `mapbench report` (results/report): no hand-written statistics.
	golang.org/x/perf v0.0.0-20260908200009-22c9c6c9d4da
	// Charts of `mapbench plot` (results/plot): SVG and PNG with fonts,
	// log axes and legends, no hand-drawn graphics.
	gonum.org/v1/plot v0.17.0
)

require (
	codeberg.org/go-fonts/liberation v0.5.0 // indirect
	codeberg.org/go-latex/latex v0.2.0 // indirect
	codeberg.org/go-pdf/fpdf v0.11.1 // indirect
	git.sr.ht/~sbinet/gg v0.7.0 // indirect
	github.com/aclements/go-moremath v0.0.0-20210112150236-f10218a38794 // indirect
	github.com/ajstarks/svgo v0.0.0-20211024235047-1546f124cd8b // indirect
	github.com/chromedp/cdproto v0.159.0 // indirect
	github.com/dolthub/maphash v0.1.0 // indirect
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
	github.com/golang/freetype v0.0.0-20170609003504-e2365dfdc4a0 // indirect
	// Required by haxmap (its key constraint, constraints.Integer and Float).
	golang.org/x/exp v0.0.0-20260824195058-e88cd73687aa // indirect
	golang.org/x/image v0.46.0 // indirect
	golang.org/x/sys v0.48.0 // indirect
	golang.org/x/text v0.42.0 // indirect
)
