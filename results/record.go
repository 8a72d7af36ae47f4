package results

// Schema is the value of the `schema` column for files this version writes.
const Schema = "mapbench/v3"

// SchemaV2 is the schema of files written before the other_heap column
// existed. The readers still read them: their rows have OtherHeap 0.
const SchemaV2 = "mapbench/v2"

// SchemaV1 is the schema of files written before the goroutines column
// existed. The readers still read them: their rows have Goroutines 1 (and
// OtherHeap 0).
const SchemaV1 = "mapbench/v1"

// Columns is the CSV header of [Schema], in order (docs/design.md, CSV
// schema): the header the writer writes, the names of [ColumnGlossary].
var Columns = func() []string {
	names := make([]string, len(ColumnGlossary))
	for i, c := range ColumnGlossary {
		names[i] = c.Name
	}
	return names
}()

// ColumnsV2 is the CSV header of [SchemaV2]: [Columns] without
// other_heap. It is written out rather than derived: v2 files exist and
// their layout does not change with [Columns].
var ColumnsV2 = []string{
	"schema", "run_id", "host", "go_version", "goos", "goarch", "cpu", "gomaxprocs", "gc_percent", "seed",
	"impl", "impl_version", "scenario", "shape", "n", "presize", "goroutines", "rep", "phase", "step", "metric", "value", "unit", "note",
}

// ColumnsV1 is the CSV header of [SchemaV1]: [ColumnsV2] without
// goroutines. It is written out rather than derived: v1 files exist and
// their layout does not change with [Columns].
var ColumnsV1 = []string{
	"schema", "run_id", "host", "go_version", "goos", "goarch", "cpu", "gomaxprocs", "gc_percent", "seed",
	"impl", "impl_version", "scenario", "shape", "n", "presize", "rep", "phase", "step", "metric", "value", "unit", "note",
}

// Env is what identifies one `mapbench run` on one machine and the
// runtime settings a cell ran under. RunID, Host, GoVersion, GOOS, GOARCH,
// CPU and Seed are the same for every row of a run; GOMAXPROCS, GCPercent
// and OtherHeap are the cell's (concurrent scenarios run at their own
// GOMAXPROCS; -gc-percent and -live-heap take lists, each value a cell).
type Env struct {
	RunID      string
	Host       string
	GoVersion  string
	GOOS       string
	GOARCH     string
	CPU        string
	GOMAXPROCS int
	GCPercent  int
	// OtherHeap is the bytes of other live, pointer-rich objects the cell
	// kept on the heap beside the map (-live-heap; docs/methodology.md
	// rule 36); 0 when none, and in every row of a schema v1 or v2 file.
	// Heap figures leave it out.
	OtherHeap int
	Seed      uint64
}

// Cell identifies one measured cell: impl × scenario × shape × n × presize ×
// goroutines × rep.
type Cell struct {
	Impl        string
	ImplVersion string
	Scenario    string
	Shape       string
	N           int
	Presize     bool
	// Goroutines is the number of goroutines that write to the map at once
	// (G of a concurrent scenario); 1 for the single-goroutine scenarios and
	// for every row of a schema v1 file. Always >= 1 ([Record.Valid]).
	Goroutines int
	Rep        int
}

// Record is one row: one measured value of one cell.
type Record struct {
	Env
	Cell
	Phase  string
	Step   int
	Metric string
	Value  float64
	Unit   string
	Note   string
}
