# mapbench — see README.md. Every target works on a fresh clone with Go 1.26.
GO      ?= go
N       ?= 1048576
BENCHN  ?= 1048576
REPS    ?= 5

.PHONY: all build run test race check bench agree published clean

all: build test

build:
	$(GO) build -o mapbench ./cmd/mapbench

# The short default comparison (README command 1).
run:
	$(GO) run ./cmd/mapbench run

# The test suite (README command 2; CI runs it too).
test:
	$(GO) test ./...

race:
	$(GO) test -race -count=1 ./impls ./harness

# Static checks and short fuzzing, as in CI.
check:
	gofmt -l $$(git ls-files '*.go') | (! grep .)
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...
	$(GO) test -run='^$$' -fuzz=FuzzAdapters -fuzztime=10s ./impls
	$(GO) test -run='^$$' -fuzz=FuzzReadCSV -fuzztime=10s ./results
	$(GO) test -run='^$$' -fuzz=FuzzPlan -fuzztime=5s ./scenarios
	$(GO) test -run='^$$' -fuzz=FuzzParseNames -fuzztime=5s ./cmd/mapbench
	$(GO) test -run='^$$' -fuzz=FuzzParseSizes -fuzztime=5s ./cmd/mapbench

# go test -bench twin of the drain delete phase, at BENCHN.
bench:
	$(GO) test -run='^$$' -bench=BenchmarkDrainDelete -benchtime=5x -count=5 -cpu=1 ./harness -mapbench.n=$(BENCHN)

# Harness vs go test -bench on the same op (delete-all at n=N), side by side.
# Like the harness's cells, every benchmark run gets a fresh process (maps
# measured earlier in a process change the heap later ones get), and the
# implementations are interleaved rep by rep.
IMPLS ?= native syncmap xsync xsync-growonly dolthub cockroach
agree:
	@mkdir -p out
	$(GO) test -c -o out/harness.test ./harness
	rm -f out/agree-bench.txt
	for rep in $$(seq $(REPS)); do for impl in $(IMPLS); do \
		out/harness.test -test.run='^$$' -test.bench="BenchmarkDrainDelete/impl=$$impl/" -test.benchtime=5x \
			-test.cpu=1 -mapbench.n=$(N) | grep '^Benchmark' | tee -a out/agree-bench.txt || exit 1; \
	done; done
	$(GO) run ./cmd/mapbench run -scenarios drain -n $(N) -reps $(REPS) -o out/agree.csv -force
	$(GO) run ./internal/cmd/agree out/agree-bench.txt out/agree.csv

clean:
	rm -rf mapbench out
