package results

// Schema is the value of the `schema` column for files this version writes.
const Schema = "mapbench/v1"

// Columns is the CSV header, in order (docs/design.md, CSV schema, schema v1).
var Columns = []string{
	"schema", "run_id", "host", "go_version", "goos", "goarch", "cpu", "gomaxprocs", "gc_percent", "seed",
	"impl", "impl_version", "scenario", "shape", "n", "presize", "rep", "phase", "step", "metric", "value", "unit", "note",
}

// Env is what identifies one `mapbench run` on one machine; it is the same
// for every row of the run.
type Env struct {
	RunID      string
	Host       string
	GoVersion  string
	GOOS       string
	GOARCH     string
	CPU        string
	GOMAXPROCS int
	GCPercent  int
	Seed       uint64
}

// Cell identifies one measured cell: impl × scenario × shape × n × presize × rep.
type Cell struct {
	Impl        string
	ImplVersion string
	Scenario    string
	Shape       string
	N           int
	Presize     bool
	// Goroutines is the number of goroutines that write to the map at once
	// (concurrent scenarios); 1 for the single-goroutine scenarios and for
	// every row of a schema v1 file.
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
