# mapbench — see README.md. Every target works on a fresh clone with Go 1.26.
GO      ?= go
BENCHN  ?= 262144
REPS    ?= 5

.PHONY: all build run test race check bench quiet-check agree agree-replay published published-resume published-gogc published-trace published-reports published-reports-gogc peakbytes clean

all: build test

build:
	$(GO) build -o mapbench ./cmd/mapbench

# The short default comparison (README command 1).
run:
	$(GO) run ./cmd/mapbench run

# CI's checks, in the order CI runs them: the one list of them (.ci/run
# only installs what they need and runs `make ci`). Each is a target too.
CI_STEPS = fmt-check vet staticcheck test race fuzz
STATICCHECK_VERSION ?= v0.8.2

.PHONY: ci fmt-check vet staticcheck fuzz

ci:
	@for step in $(CI_STEPS); do \
		echo "== $$step"; $(MAKE) --no-print-directory $$step || exit 1; \
	done; echo "CI passed"

# Every Go file in the tree: tracked or new (not ignored) when in git,
# else all of them.
fmt-check:
	@files=$$(git ls-files --cached --others --exclude-standard '*.go' 2>/dev/null) || \
		files=$$(find . -name '*.go' -not -path './.git/*'); \
	files=$$(for f in $$files; do [ ! -e "$$f" ] || echo "$$f"; done); \
	unformatted=$$(gofmt -l $$files </dev/null); \
	if [ -n "$$unformatted" ]; then echo "not gofmt-ed:"; echo "$$unformatted"; exit 1; fi; \
	echo "gofmt: $$(echo "$$files" | wc -w) files formatted"

vet:
	$(GO) vet ./...

staticcheck:
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...

# The test suite (README command 2; CI runs it too).
test:
	$(GO) test ./...

# -short: the race detector checks the goroutines, not the sizes; the
# child-process tests of exact bytes and failures run in the test step.
race:
	$(GO) test -race -short -count=1 ./impls ./harness

# Short fuzzing of every fuzz target (go test -fuzz takes one at a time).
# Budgets are execution counts (Nx), sized to about 5-10 s here: a
# wall-clock -fuzztime races Go 1.26's fuzz coordinator at its deadline and
# fails with "context deadline exceeded" and no failing input
# (golang/go#75804, fixed in Go 1.27); a count has no deadline to race.
fuzz:
	$(GO) test -run='^$$' -fuzz='^FuzzAdapters$$' -fuzztime=300x ./impls
	$(GO) test -run='^$$' -fuzz='^FuzzReadCSV$$' -fuzztime=50000x ./results
	$(GO) test -run='^$$' -fuzz='^FuzzPlan$$' -fuzztime=50000x ./scenarios
	$(GO) test -run='^$$' -fuzz='^FuzzParseCustom$$' -fuzztime=100000x ./scenarios
	$(GO) test -run='^$$' -fuzz='^FuzzParseNames$$' -fuzztime=30000x ./harness/run
	$(GO) test -run='^$$' -fuzz='^FuzzParseSizes$$' -fuzztime=50000x ./harness/run
	$(GO) test -run='^$$' -fuzz='^FuzzParseGoVersions$$' -fuzztime=50000x ./harness/run
	$(GO) test -run='^$$' -fuzz='^FuzzParseGCPercents$$' -fuzztime=30000x ./harness/run
	$(GO) test -run='^$$' -fuzz='^FuzzParseLiveHeaps$$' -fuzztime=30000x ./harness/run
	$(GO) test -run='^$$' -fuzz='^FuzzDecode$$' -fuzztime=100000x ./trace
	$(GO) test -run='^$$' -fuzz='^FuzzConvertTwemcache$$' -fuzztime=100000x ./trace/convert
	$(GO) test -run='^$$' -fuzz='^FuzzConvertOracleGeneral$$' -fuzztime=50000x ./trace/convert
	$(GO) test -run='^$$' -fuzz='^FuzzBuildReplay$$' -fuzztime=30000x ./harness
	$(GO) test -run='^$$' -fuzz='^FuzzRankings$$' -fuzztime=8000x ./results/advise

# Static checks and short fuzzing: CI without the tests.
check: fmt-check vet staticcheck fuzz

# Benchmarks: the hand-written reference (package reference) at BENCHN, and
# what latency sampling costs inside the sampled pass (harness).
bench:
	$(GO) test -run='^$$' -bench=BenchmarkDrainDelete -benchtime=3x -count=5 -cpu=1 ./reference -reference.n=$(BENCHN)
	$(GO) test -run='^$$' -bench=BenchmarkSamplingOverhead -benchtime=3x -count=3 -cpu=1 ./harness -mapbench.n=$(BENCHN)

# Is this machine quiet enough for a run whose times matter? One cell (drain,
# native, u64, n = 2^16) run as 12 processes; internal/cmd/quietcheck fails
# when their deletes' ns_per_op spread more than the ratio at which the summary marks a
# time * (docs/running.md, "A slow machine that is not busy"). agree,
# agree-replay, published and published-gogc run it first; QUIET_CHECK=0
# skips it (the run's own figures then show how noisy it was).
QUIET_CHECK ?= 1
quiet-check:
	@if [ "$(QUIET_CHECK)" != 0 ]; then \
		mkdir -p out && $(GO) build -o out/mapbench ./cmd/mapbench && rm -f out/quiet-check.csv && \
		out/mapbench run -scenarios drain -impls native -n 65536 -reps 12 -o out/quiet-check.csv >/dev/null && \
		$(GO) run ./internal/cmd/quietcheck out/quiet-check.csv || \
		{ echo "quiet-check: refused to start; QUIET_CHECK=0 runs anyway"; exit 1; }; \
	fi

# Independent reference vs mapbench on the drain scenario's delete phase, per
# impl, shape and n (docs/methodology.md rule 22): ns/delete of BenchmarkDrainDelete in
# package reference (hand-written; shares no code or data layout with mapbench,
# so an artifact of the harness shows as a disagreement) beside mapbench's
# delete ns_per_op. Every reference run gets a fresh process, one per impl,
# shape and n like mapbench's cells (maps measured earlier in a process change
# the heap later ones get). The sides are interleaved rep by rep: in each rep,
# for each n, every reference run at that n, then `mapbench run -reps 1` at
# that n (the seed is fixed, so every rep runs the same cells); machine drift
# thus hits both sides alike.
#
# Iterations per reference process (-test.benchtime=Kx): enough that the
# timed deletes of one process add up to at least ~100 ms for the fastest
# implementation, cockroach u64, whose deletes took 13 ns at n = 2^16 (the
# reference and mapbench both said 13.0) and 64 ns at 2^20 on the project's
# 2-vCPU machine: K = 118 at 2^16 (118 x 65536 x 13 ns = 101 ms) and K = 3 at
# 2^20 (3 x 2^20 x 64 ns = 201 ms). Any other n: ceil(100 ms / (n x 13 ns)),
# at least 3 (13 ns is a floor: larger maps miss the cache more). Slower
# implementations only add to the timed total. Not more at 2^20: a process's
# wall time there is dominated by its untimed fills at GOGC=1 (1 + K of them;
# at K = 3 syncmap took 24 s, native str 16 s). Each process first runs the
# sub-benchmark once at b.N = 1 (the testing package's probe run), which warms
# up and is not part of the result.
IMPLS        ?= native syncmap xsync xsync-growonly dolthub cockroach
AGREE_NS     ?= 65536 1048576
AGREE_SHAPES ?= u64 str
# Extra flags for the reference (reference/drain_test.go), e.g. -reference.warm.
REFERENCE_FLAGS ?=
agree: quiet-check
	@mkdir -p out
	$(GO) test -c -o out/reference.test ./reference
	$(GO) build -o out/mapbench ./cmd/mapbench
	rm -f out/agree-reference.txt out/agree-*.csv out/agree-*.log
	@for rep in $$(seq $(REPS)); do for n in $(AGREE_NS); do \
		case $$n in \
			65536) k=118;; \
			1048576) k=3;; \
			*) k=$$(( (100000000 + $$n * 13 - 1) / ($$n * 13) )); [ $$k -ge 3 ] || k=3;; \
		esac; \
		for shape in $(AGREE_SHAPES); do for impl in $(IMPLS); do \
			out/reference.test -test.run='^$$' \
				-test.bench='^BenchmarkDrainDelete$$/^impl='"$$impl"'$$/^shape='"$$shape"'$$/^n='"$$n"'$$' \
				-test.benchtime=$${k}x -test.cpu=1 -reference.n=$$n $(REFERENCE_FLAGS) >out/agree-reference.log 2>&1 \
				|| { cat out/agree-reference.log; exit 1; }; \
			grep '^Benchmark' out/agree-reference.log >>out/agree-reference.txt \
				|| { cat out/agree-reference.log; echo "agree: no reference result for impl=$$impl shape=$$shape n=$$n"; exit 1; }; \
			echo "rep $$rep/$(REPS) reference ($${k}x): $$(tail -n 1 out/agree-reference.txt)"; \
		done; done; \
		echo "rep $$rep/$(REPS) mapbench: -n $$n -> out/agree-$$rep-$$n.csv"; \
		out/mapbench run -scenarios drain -impls $$(echo $(IMPLS) | tr ' ' ,) -shapes $$(echo $(AGREE_SHAPES) | tr ' ' ,) \
			-n $$n -reps 1 -o out/agree-$$rep-$$n.csv -force >out/agree-$$rep-$$n.log \
			|| { cat out/agree-$$rep-$$n.log; exit 1; }; \
	done; done
	$(GO) run ./internal/cmd/agree out/agree-reference.txt out/agree-*.csv

# The timing half of the proof that a replay is exact (docs/trace.md,
# "Proof"): scenario SCENARIO written as a trace (`mapbench trace
# from-scenario`) and replayed, beside the scenario itself, in one run per n
# (its cells interleaved rep by rep), then `agree -replay` (replay ns_per_op
# over the scenario's time per op of the same ops; medians of REPS cells).
# Every main implementation (haxmap, opt-in, is not one: its first drain
# at 2^20 did not finish in 10 minutes, results/published/RESULTS.md).
REPLAY_SCENARIO ?= drain
REPLAY_IMPLS    ?= main
agree-replay: quiet-check
	@mkdir -p out
	$(GO) build -o out/mapbench ./cmd/mapbench
	rm -f out/agree-replay-*.csv out/agree-replay-*.trace out/agree-replay-*.log
	@for n in $(AGREE_NS); do \
		out/mapbench trace from-scenario -n $$n -o out/agree-replay-$$n.trace $(REPLAY_SCENARIO) || exit 1; \
		echo "agree-replay: $(REPLAY_SCENARIO) and its replay, -n $$n -reps $(REPS) -> out/agree-replay-$$n.csv"; \
		out/mapbench run -scenarios $(REPLAY_SCENARIO),trace:out/agree-replay-$$n.trace -impls $(REPLAY_IMPLS) -shapes u64 \
			-n $$n -reps $(REPS) -o out/agree-replay-$$n.csv >out/agree-replay-$$n.log || { cat out/agree-replay-$$n.log; exit 1; }; \
	done
	$(GO) run ./internal/cmd/agree -replay $(REPLAY_SCENARIO) out/agree-replay-*.csv

# The published reference run (results/published, cited by the README and
# results/published/RESULTS.md): every implementation, shapes u64 and str;
# n = 2^16 with every single-goroutine scenario and 5 reps, n = 2^20 with the
# main scenarios and 5 reps (every implementation but haxmap), and the concurrent scenarios at n = 2^16 with
# 1, 2 and 4 writer goroutines and 5 reps (u64); and native-rebuild against
# native, xsync4 and cockroach at 2^16 and 2^20 (rebuild.csv); and the
# shapes struct, v120, v136 and ptr at 2^16 for every implementation
# (shapes-n65536.csv) and at 2^20, one rep, for the main ones
# (shapes-n1048576.csv); and the main implementations and scenarios, shapes
# u64 and struct at 2^16, under Go 1.26.8 and Go 1.27.3 side by side
# (go-versions-n65536.csv: -go builds a cell binary per toolchain, which
# the go command fetches through the module proxy when it lacks it); and
# GOGC 1 and 100 × no other live heap and a 256 MiB one (docs/methodology.md rule 36) for the main ones, drain and
# churn-fifo at 2^20, 3 reps (gogc-live-heap-n1048576.csv, made by
# `published-gogc` alone too). `published`
# starts from scratch (RESULTS.md, written by hand from the figures, stays,
# but for its "Which map" answers, which `mapbench advise` writes between
# their markers: TestPublishedAdvice checks them);
# `published-resume` completes a run that was cut off (each CSV records its
# own settings, so a bare -resume continues it) and remakes the report and
# the charts.
PUBLISHED = results/published
PUB_SMALL = $(PUBLISHED)/n65536.csv
PUB_LARGE = $(PUBLISHED)/n1048576.csv
# Every implementation but haxmap at 2^20: its first drain there did not
# finish in the 10-minute cell limit (RESULTS.md, "haxmap at larger n").
LARGE_IMPLS = native,syncmap,xsync,xsync-growonly,dolthub,cockroach,xsync4,native-mutex,native-rwmutex,concurrent-map,native-rebuild
PUB_CONC = $(PUBLISHED)/concurrent-n65536.csv
PUB_REBUILD = $(PUBLISHED)/rebuild.csv
PUB_SHAPES = $(PUBLISHED)/shapes-n65536.csv
PUB_SHAPES_LARGE = $(PUBLISHED)/shapes-n1048576.csv
PUB_GOVERSIONS = $(PUBLISHED)/go-versions-n65536.csv
PUB_GOGC = $(PUBLISHED)/gogc-live-heap-n1048576.csv
PUB_ALL = $(PUB_SMALL) $(PUB_LARGE) $(PUB_CONC) $(PUB_REBUILD) $(PUB_SHAPES) $(PUB_SHAPES_LARGE) $(PUB_GOVERSIONS) $(PUB_GOGC)
SEQUENTIAL = drain,partial-50,partial-90,partial-99,refill-50,refill-90,churn-fifo,churn-random,cycles
CONCURRENT = concurrent-drain,concurrent-churn,mixed-zipf
published: quiet-check
	rm -rf $(PUB_ALL) $(PUBLISHED)/*.csv.lock $(PUBLISHED)/*.csv.torn \
		$(PUBLISHED)/summary-*.txt $(PUBLISHED)/time-*.txt $(PUBLISHED)/report* $(PUBLISHED)/advise-*.md \
		$(PUBLISHED)/charts $(PUBLISHED)/charts-concurrent $(PUBLISHED)/charts-shapes $(PUBLISHED)/charts-go-versions $(PUBLISHED)/charts-gogc-live-heap
	$(MAKE) --no-print-directory published-resume

published-resume:
	@mkdir -p $(PUBLISHED) out
	$(GO) build -o out/mapbench ./cmd/mapbench
	if [ -f $(PUB_SMALL) ]; then out/mapbench run -resume $(PUB_SMALL) > $(PUBLISHED)/summary-n65536-resumed.txt; else \
		t0=$$(date +%s); \
		out/mapbench run -impls all -scenarios $(SEQUENTIAL) -shapes u64,str -n 65536 -reps 5 -o $(PUB_SMALL) > $(PUBLISHED)/summary-n65536.txt && \
		echo "$$(( $$(date +%s) - t0 )) s" > $(PUBLISHED)/time-n65536.txt; \
	fi
	if [ -f $(PUB_LARGE) ]; then out/mapbench run -resume $(PUB_LARGE) > $(PUBLISHED)/summary-n1048576-resumed.txt; else \
		t0=$$(date +%s); \
		out/mapbench run -impls $(LARGE_IMPLS) -scenarios main -shapes u64,str -n 1048576 -reps 5 -o $(PUB_LARGE) > $(PUBLISHED)/summary-n1048576.txt && \
		echo "$$(( $$(date +%s) - t0 )) s" > $(PUBLISHED)/time-n1048576.txt; \
	fi
	if [ -f $(PUB_CONC) ]; then out/mapbench run -resume $(PUB_CONC) > $(PUBLISHED)/summary-concurrent-n65536-resumed.txt; else \
		t0=$$(date +%s); \
		out/mapbench run -impls all -scenarios $(CONCURRENT) -goroutines 1,2,4 -shapes u64 -n 65536 -reps 5 -o $(PUB_CONC) > $(PUBLISHED)/summary-concurrent-n65536.txt && \
		echo "$$(( $$(date +%s) - t0 )) s" > $(PUBLISHED)/time-concurrent-n65536.txt; \
	fi
	if [ -f $(PUB_REBUILD) ]; then out/mapbench run -resume $(PUB_REBUILD) > $(PUBLISHED)/summary-rebuild-resumed.txt; else \
		t0=$$(date +%s); \
		out/mapbench run -impls native,native-rebuild,xsync4,cockroach -scenarios drain,partial-90,refill-90,churn-fifo -n 65536,1048576 -reps 3 -o $(PUB_REBUILD) > $(PUBLISHED)/summary-rebuild.txt && \
		echo "$$(( $$(date +%s) - t0 )) s" > $(PUBLISHED)/time-rebuild.txt; \
	fi
	if [ -f $(PUB_SHAPES) ]; then out/mapbench run -resume $(PUB_SHAPES) > $(PUBLISHED)/summary-shapes-n65536-resumed.txt; else \
		t0=$$(date +%s); \
		out/mapbench run -impls all -scenarios drain,refill-50,churn-fifo -shapes struct,v120,v136,ptr -n 65536 -reps 3 -o $(PUB_SHAPES) > $(PUBLISHED)/summary-shapes-n65536.txt && \
		echo "$$(( $$(date +%s) - t0 )) s" > $(PUBLISHED)/time-shapes-n65536.txt; \
	fi
	if [ -f $(PUB_SHAPES_LARGE) ]; then out/mapbench run -resume $(PUB_SHAPES_LARGE) > $(PUBLISHED)/summary-shapes-n1048576-resumed.txt; else \
		t0=$$(date +%s); \
		out/mapbench run -impls main -scenarios drain,churn-fifo -shapes struct,v120,v136,ptr -n 1048576 -reps 1 -o $(PUB_SHAPES_LARGE) > $(PUBLISHED)/summary-shapes-n1048576.txt && \
		echo "$$(( $$(date +%s) - t0 )) s" > $(PUBLISHED)/time-shapes-n1048576.txt; \
	fi
	if [ -f $(PUB_GOVERSIONS) ]; then out/mapbench run -resume $(PUB_GOVERSIONS) > $(PUBLISHED)/summary-go-versions-n65536-resumed.txt; else \
		t0=$$(date +%s); \
		out/mapbench run -go go1.26.8,go1.27.3 -impls main -scenarios main -shapes u64,struct -n 65536 -reps 3 -o $(PUB_GOVERSIONS) > $(PUBLISHED)/summary-go-versions-n65536.txt && \
		echo "$$(( $$(date +%s) - t0 )) s" > $(PUBLISHED)/time-go-versions-n65536.txt; \
	fi
	$(MAKE) --no-print-directory published-gogc
	$(MAKE) --no-print-directory published-reports

# The GOGC × live heap comparison (issue 20): run unless the file exists,
# else -resume it, as published-resume does for the others. Five maps of
# distinct designs (the built-in map, sync.Map, xsync and the two Swiss
# tables): a cell with a 256 MiB other heap took 14-19 s for a drain at 2^20
# on the project's machine (every forced GC marks it), so all main maps at
# 3 reps would take over an hour.
GOGC_IMPLS ?= native,syncmap,xsync,dolthub,cockroach
published-gogc: quiet-check
	@mkdir -p $(PUBLISHED) out
	$(GO) build -o out/mapbench ./cmd/mapbench
	if [ -f $(PUB_GOGC) ]; then out/mapbench run -resume $(PUB_GOGC) > $(PUBLISHED)/summary-gogc-live-heap-n1048576-resumed.txt; else \
		t0=$$(date +%s); \
		out/mapbench run -impls $(GOGC_IMPLS) -scenarios drain,churn-fifo -shapes u64 -n 1048576 -gc-percent 1,100 -live-heap 0,256MiB -reps 3 -o $(PUB_GOGC) > $(PUBLISHED)/summary-gogc-live-heap-n1048576.txt && \
		echo "$$(( $$(date +%s) - t0 )) s" > $(PUBLISHED)/time-gogc-live-heap-n1048576.txt; \
	fi
	$(MAKE) --no-print-directory published-reports-gogc

# Its report and charts, made by published-reports too once the CSV
# exists (make -n runs that guarded line, so TestPublishedReportsCurrent
# checks these reports from then on).
published-reports-gogc:
	@mkdir -p out
	$(GO) build -o out/mapbench ./cmd/mapbench
	rm -rf $(PUBLISHED)/report-gogc-live-heap.* $(PUBLISHED)/charts-gogc-live-heap
	out/mapbench report -o $(PUBLISHED)/report-gogc-live-heap.txt $(PUB_GOGC)
	out/mapbench report -format markdown -o $(PUBLISHED)/report-gogc-live-heap.md $(PUB_GOGC)
	out/mapbench report -format html -o $(PUBLISHED)/report-gogc-live-heap.html $(PUB_GOGC)
	out/mapbench plot -force -o $(PUBLISHED)/charts-gogc-live-heap $(PUB_GOGC)

# A replay of a real trace (RESULTS.md, "A real trace"): libCacheSim's sample
# data/cloudPhysicsIO.oracleGeneral.bin (github.com/1a1a11a/libCacheSim at
# aa0fc40914b2b786f4b9f4dafb099f8f332b216a; GPL-3.0, so not redistributed
# here): pass its path as CLOUDPHYSICS. The conversion is deterministic: the
# scenario's name (the trace's digest) depends only on the file, its name
# (the trace records it) and the trace format's version. The published file
# replayed a version-1 trace (@d19a47e9400a26b2); a conversion now writes
# version 2 (docs/trace.md, Format), so its digest differs.
CLOUDPHYSICS ?= cloudPhysicsIO.oracleGeneral.bin
published-trace:
	@mkdir -p $(PUBLISHED) out
	$(GO) build -o out/mapbench ./cmd/mapbench
	out/mapbench trace convert -from oracle-general -force -o out/cloudphysics.trace $(CLOUDPHYSICS)
	t0=$$(date +%s); \
	out/mapbench run -scenarios trace:out/cloudphysics.trace -impls main -reps 5 -o $(PUBLISHED)/trace-cloudphysics.csv > $(PUBLISHED)/summary-trace-cloudphysics.txt && \
	echo "$$(( $$(date +%s) - t0 )) s" > $(PUBLISHED)/time-trace-cloudphysics.txt

# The reports and charts of the published CSVs, made again from them alone
# (TestPublishedReportsCurrent checks the text reports are what the code
# makes now).
published-reports:
	@mkdir -p out
	$(GO) build -o out/mapbench ./cmd/mapbench
	rm -rf $(PUBLISHED)/report*.txt $(PUBLISHED)/report*.md $(PUBLISHED)/report*.html $(PUBLISHED)/report*.bench $(PUBLISHED)/advise-*.md \
		$(PUBLISHED)/charts $(PUBLISHED)/charts-concurrent $(PUBLISHED)/charts-shapes $(PUBLISHED)/charts-go-versions
	out/mapbench report -o $(PUBLISHED)/report.txt $(PUB_SMALL) $(PUB_LARGE)
	out/mapbench report -format markdown -o $(PUBLISHED)/report.md $(PUB_SMALL) $(PUB_LARGE)
	out/mapbench report -format html -o $(PUBLISHED)/report.html $(PUB_SMALL) $(PUB_LARGE)
	out/mapbench report -format bench -o $(PUBLISHED)/report.bench $(PUB_SMALL) $(PUB_LARGE)
	out/mapbench plot -force -o $(PUBLISHED)/charts $(PUB_SMALL) $(PUB_LARGE)
	# RESULTS.md's "Which map" answers, between their markers.
	rm -f out/advise.md
	out/mapbench advise -format markdown -o out/advise.md $(PUB_SMALL) $(PUB_LARGE)
	awk -v gen=out/advise.md '/^<!-- mapbench advise: begin/ { print; while ((getline l < gen) > 0) print l; skip = 1; next } \
		/^<!-- mapbench advise: end/ { skip = 0 } !skip' $(PUBLISHED)/RESULTS.md > out/RESULTS.md
	mv out/RESULTS.md $(PUBLISHED)/RESULTS.md
	# The concurrent cells run at another GOMAXPROCS: a report of their own.
	out/mapbench report -o $(PUBLISHED)/report-concurrent.txt $(PUB_CONC)
	out/mapbench report -format markdown -o $(PUBLISHED)/report-concurrent.md $(PUB_CONC)
	out/mapbench report -format html -o $(PUBLISHED)/report-concurrent.html $(PUB_CONC)
	out/mapbench report -format bench -o $(PUBLISHED)/report-concurrent.bench $(PUB_CONC)
	out/mapbench plot -force -o $(PUBLISHED)/charts-concurrent $(PUB_CONC)
	out/mapbench report -o $(PUBLISHED)/report-shapes.txt $(PUB_SHAPES) $(PUB_SHAPES_LARGE)
	out/mapbench report -format markdown -o $(PUBLISHED)/report-shapes.md $(PUB_SHAPES) $(PUB_SHAPES_LARGE)
	out/mapbench report -format html -o $(PUBLISHED)/report-shapes.html $(PUB_SHAPES) $(PUB_SHAPES_LARGE)
	out/mapbench report -format bench -o $(PUBLISHED)/report-shapes.bench $(PUB_SHAPES) $(PUB_SHAPES_LARGE)
	out/mapbench plot -force -o $(PUBLISHED)/charts-shapes $(PUB_SHAPES) $(PUB_SHAPES_LARGE)
	# Go 1.26.8 and Go 1.27.3 side by side (columns); the advice compares
	# each implementation across them.
	out/mapbench report -o $(PUBLISHED)/report-go-versions.txt $(PUB_GOVERSIONS)
	out/mapbench report -format markdown -o $(PUBLISHED)/report-go-versions.md $(PUB_GOVERSIONS)
	out/mapbench report -format html -o $(PUBLISHED)/report-go-versions.html $(PUB_GOVERSIONS)
	out/mapbench report -format bench -o $(PUBLISHED)/report-go-versions.bench $(PUB_GOVERSIONS)
	out/mapbench advise -format markdown -o $(PUBLISHED)/advise-go-versions.md $(PUB_GOVERSIONS)
	out/mapbench plot -force -o $(PUBLISHED)/charts-go-versions $(PUB_GOVERSIONS)
	if [ -f $(PUB_GOGC) ]; then $(MAKE) --no-print-directory published-reports-gogc; fi

# The memory guard's table (harness/peakbytes.csv, embedded in the binary):
# per impl × shape, the largest bytes_per_entry after a fill in these runs
# (harness.PeakRows). fill-n1048576.csv is the drain of u64 and str at 2^20
# of the implementations the published u64/str runs lack, made with
#   mapbench run -impls xsync4,native-mutex,native-rwmutex,native-rebuild -scenarios drain
#     -shapes u64,str -n 1048576 -reps 3 -passes 1 -o results/published/fill-n1048576.csv
# (-passes 1: only its memory figures are used). fill-n65536.csv is the
# drain of the implementations added by issue 20 on every shape, made with
#   mapbench run -impls haxmap,concurrent-map -scenarios drain
#     -shapes u64,str,struct,v120,v136,ptr -n 65536 -reps 1 -passes 1 -o results/published/fill-n65536.csv
# (haxmap cannot hold shape struct: that cell is left out). A new
# implementation or shape needs a fill run of its own added here;
# TestPeakBytesTable says so.
PEAKBYTES_FROM = $(PUB_LARGE) $(PUBLISHED)/fill-n1048576.csv $(PUBLISHED)/fill-n65536.csv $(PUB_SHAPES) $(PUB_SHAPES_LARGE)
peakbytes:
	$(GO) run ./internal/cmd/peakbytes $(PEAKBYTES_FROM) > harness/peakbytes.csv.tmp
	mv harness/peakbytes.csv.tmp harness/peakbytes.csv

clean:
	rm -rf mapbench out
