package trace

import (
	"fmt"
	"io"
	"reflect"
	"runtime"
	"sync"
	"unsafe"
)

// Recorder records a program's operations on one of its maps. The program
// calls it beside each map operation (Get, Put, Delete, Clear, Len, Range);
// the Recorder gives each distinct key an id in first-sight order and
// writes records, never key bytes.
//
// It is safe for concurrent use. One mutex orders every record, so the
// trace has one total order; a program whose map has its own lock should
// record while holding it, so the trace's order is the map's (and can then
// tell the Recorder so with WithCallerLock, which spares its own lock). Each
// goroutine that should be a lane of its own takes a Lane handle; the
// Recorder's own methods use lane 0.
//
// Per op it allocates nothing once a key has been seen (a new key adds an
// entry to the id table) and makes no write call (records are buffered
// and written about 64 KiB at a time). The methods return no error: the
// first write error, or a broken limit (a key longer than WithMaxKeySize,
// a value larger than WithMaxValueSize), stops the recording, and Close
// returns it. A trace stopped that way has no end record, so it does not
// decode and cannot be replayed by mistake.
//
// Its memory grows with the program's distinct keys: the id table holds
// every key seen (a key deleted and put again must get its old id), and
// references string keys' bytes rather than copying them.
type Recorder[K comparable] struct {
	mu      sync.Mutex
	w       *Writer
	ids     map[K]uint64
	varying bool // K is a string type: key sizes are recorded
	lanes   uint32
	failed  error // a broken limit; the Writer keeps write errors
	closed  bool
	main    Lane[K]
	// callerLock: the program serializes the calls (WithCallerLock), so
	// ops take no lock; Lane, Records and Close still do (they are rare).
	callerLock bool
}

// Lane is a handle that records with its own lane id. Its methods are the
// Recorder's; it is safe for concurrent use, but one goroutine per Lane is
// what makes the lanes mean goroutines.
type Lane[K comparable] struct {
	r  *Recorder[K]
	id uint32
}

// Option configures NewRecorder.
type Option func(*config)

type config struct {
	h          Header
	callerLock bool
}

// WithLabel adds a free-form label to the header (e.g. "program", its
// name). Labels are written in the clear: they are for what may be shared.
func WithLabel(key, value string) Option {
	return func(c *config) {
		if c.h.Labels == nil {
			c.h.Labels = map[string]string{}
		}
		c.h.Labels[key] = value
	}
}

// WithCompression compresses the records with zstd (docs/trace.md: a
// third to a tenth of the size, for more CPU at each 64 KiB flush).
func WithCompression() Option { return func(c *config) { c.h.Compressed = true } }

// WithMaxValueSize sets the largest value size a Put may record (default
// 1 MiB), and the value size a put costs no byte for: the first Put's
// size is written anyway, then only changes are.
func WithMaxValueSize(n uint32) Option { return func(c *config) { c.h.ValueSize = n } }

// WithMaxKeySize sets the longest string key (default 64 KiB).
func WithMaxKeySize(n uint32) Option {
	return func(c *config) {
		if c.h.KeyKind == KeyString {
			c.h.KeySize = n
		}
	}
}

// WithLanes sets how many lanes the trace may have (default 64): lane 0
// and Lanes-1 handles.
func WithLanes(n uint32) Option { return func(c *config) { c.h.Lanes = n } }

// WithRecorderName names the recording program and its version in the
// header (default "mapbench/trace").
func WithRecorderName(name string) Option { return func(c *config) { c.h.Recorder = name } }

// WithCallerLock says the program serializes every call of the Recorder
// and its Lanes itself, typically by recording under the lock that guards
// its map (as examples/record does), so the Recorder takes no lock of its
// own: 2 to 4 ns less per op on the project's machine (docs/trace.md).
// The caller's lock then gives the trace its total order. Calls that are
// not serialized are a data race, which the race detector reports.
func WithCallerLock() Option { return func(c *config) { c.callerLock = true } }

// NewRecorder writes a trace's header to w and returns a Recorder for a
// map with keys of type K. Close does not close w (the caller closes its
// file and checks that error too). w should be buffered or a file: the
// Recorder writes in 64 KiB chunks already.
func NewRecorder[K comparable](w io.Writer, opts ...Option) (*Recorder[K], error) {
	t := reflect.TypeFor[K]()
	c := config{h: Header{ValueSize: 1 << 20, Lanes: 64, Recorder: "mapbench/trace", GoVersion: runtime.Version()}}
	h := &c.h
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		h.KeyKind, h.KeySize = KeyInt, uint32(t.Size())
	case reflect.String:
		h.KeyKind, h.KeySize = KeyString, 64<<10
	default:
		h.KeyKind, h.KeySize = KeyFixed, uint32(t.Size())
	}
	for _, o := range opts {
		o(&c)
	}
	tw, err := NewWriter(w, c.h)
	if err != nil {
		return nil, err
	}
	r := &Recorder[K]{w: tw, ids: make(map[K]uint64), varying: h.KeyKind == KeyString, lanes: 1, callerLock: c.callerLock}
	r.main = Lane[K]{r: r, id: 0}
	return r, nil
}

// Header returns the trace's header.
func (r *Recorder[K]) Header() Header { return r.w.Header() }

// Lane returns a handle with a new lane id (1, 2, ...), or an error when
// the header's lanes are used up (WithLanes).
func (r *Recorder[K]) Lane() (*Lane[K], error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.lanes >= r.w.h.Lanes {
		return nil, fmt.Errorf("trace: all %d lanes are taken (WithLanes sets how many)", r.w.h.Lanes)
	}
	l := &Lane[K]{r: r, id: r.lanes}
	r.lanes++
	return l, nil
}

// The Recorder's methods record on lane 0.

// Get records a lookup of k.
func (r *Recorder[K]) Get(k K) { r.keyOp(OpGet, 0, k, 0) }

// Put records a store of k with a value of valueSize bytes.
func (r *Recorder[K]) Put(k K, valueSize int) { r.keyOp(OpPut, 0, k, valueSize) }

// Delete records a delete of k (present or not).
func (r *Recorder[K]) Delete(k K) { r.keyOp(OpDelete, 0, k, 0) }

// Clear records a clear of the whole map.
func (r *Recorder[K]) Clear() { r.op(OpClear, 0, 0) }

// Len records a call of len.
func (r *Recorder[K]) Len() { r.op(OpLen, 0, 0) }

// Range records an iteration that visited n entries (n < len when it stopped early).
func (r *Recorder[K]) Range(n int) { r.op(OpRange, 0, n) }

// Get records a lookup of k.
func (l *Lane[K]) Get(k K) { l.r.keyOp(OpGet, l.id, k, 0) }

// Put records a store of k with a value of valueSize bytes.
func (l *Lane[K]) Put(k K, valueSize int) { l.r.keyOp(OpPut, l.id, k, valueSize) }

// Delete records a delete of k (present or not).
func (l *Lane[K]) Delete(k K) { l.r.keyOp(OpDelete, l.id, k, 0) }

// Clear records a clear of the whole map.
func (l *Lane[K]) Clear() { l.r.op(OpClear, l.id, 0) }

// Len records a call of len.
func (l *Lane[K]) Len() { l.r.op(OpLen, l.id, 0) }

// Range records an iteration that visited n entries.
func (l *Lane[K]) Range(n int) { l.r.op(OpRange, l.id, n) }

// keyOp is the hot path: one lock (unless the caller holds its own), one
// lookup in the id table, a few bytes appended.
func (r *Recorder[K]) keyOp(op Op, lane uint32, k K, valueSize int) {
	if r.callerLock {
		r.record(op, lane, k, valueSize)
		return
	}
	r.mu.Lock()
	r.record(op, lane, k, valueSize)
	r.mu.Unlock()
}

// record records a key op; the caller holds the lock (r.mu, or the
// program's own with WithCallerLock).
func (r *Recorder[K]) record(op Op, lane uint32, k K, valueSize int) {
	if r.closed || r.failed != nil || r.w.err != nil {
		return
	}
	if op == OpPut && (valueSize < 0 || uint64(valueSize) > uint64(r.w.h.ValueSize)) {
		r.failed = fmt.Errorf("trace: record %d: a put of a %d-byte value (allowed: 0..%d, WithMaxValueSize)", r.w.st.count, valueSize, r.w.h.ValueSize)
		return
	}
	id, ok := r.ids[k]
	var keySize uint32
	if !ok {
		id = r.w.st.keys
		if r.varying {
			// K's kind is string (checked by NewRecorder), so its memory is a
			// string header; reading it this way costs nothing, where
			// any(k) would allocate for a named string type.
			n := len(*(*string)(unsafe.Pointer(&k)))
			if uint64(n) > uint64(r.w.h.KeySize) {
				r.failed = fmt.Errorf("trace: record %d: a key of %d bytes (allowed: 0..%d, WithMaxKeySize)", r.w.st.count, n, r.w.h.KeySize)
				return
			}
			keySize = uint32(n)
		}
		r.ids[k] = id
	}
	r.w.add(op, lane, id, keySize, uint32(valueSize), 0)
}

func (r *Recorder[K]) op(op Op, lane uint32, n int) {
	if !r.callerLock {
		r.mu.Lock()
		defer r.mu.Unlock()
	}
	if r.closed || r.failed != nil || r.w.err != nil {
		return
	}
	if n < 0 {
		r.failed = fmt.Errorf("trace: record %d: a range over %d entries (allowed: 0 and up)", r.w.st.count, n)
		return
	}
	r.w.add(op, lane, 0, 0, 0, uint64(n))
}

// Mark records that the program's phase ended here (its warm-up, a batch,
// a load): a replay does at a mark what mapbench does between the phases
// of its own scenarios, a forced GC outside the timed ops (docs/trace.md,
// Marks). It is a record, not an op.
func (r *Recorder[K]) Mark() { r.op(OpMark, 0, 0) }

// Mark records that the program's phase ended here, in this lane's place
// in the total order (Recorder.Mark).
func (l *Lane[K]) Mark() { l.r.op(OpMark, l.id, 0) }

// Records returns the number of ops recorded so far.
func (r *Recorder[K]) Records() uint64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.w.st.count
}

// Close ends the trace and returns the first error of the recording: a
// write error of w, or a broken limit (then the trace has no end record).
// Ops recorded after Close are ignored. Closing again returns the same.
func (r *Recorder[K]) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.closed {
		r.closed = true
		r.w.closed = true
		r.w.closeWith(r.failed)
	}
	return r.w.err
}
