module mapbench

go 1.26.0

require (
	// Latency distributions: fixed-memory, allocation-free RecordValue, so
	// histograms are allocated before the heap baseline and cost nothing after.
	github.com/HdrHistogram/hdrhistogram-go v1.4.0
	// Compared implementations (docs/design.md §4): wrapped, never re-implemented.
	github.com/cockroachdb/swiss v0.0.0-20260820225851-333444432258
	github.com/dolthub/swiss v0.2.1
	github.com/puzpuzpuz/xsync/v3 v3.5.1
	// Go benchmark format (benchfmt) for reading `go test -bench` output in
	// internal/cmd/agree; benchmath for the medians, confidence intervals and
	// U tests of `mapbench report` (results/report): no hand-written statistics.
	golang.org/x/perf v0.0.0-20260908200009-22c9c6c9d4da
)

require (
	github.com/aclements/go-moremath v0.0.0-20210112150236-f10218a38794 // indirect
	github.com/dolthub/maphash v0.1.0 // indirect
)
