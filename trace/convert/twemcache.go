package convert

import (
	"bufio"
	"bytes"
	"container/heap"
	"errors"
	"fmt"
	"io"
	"math"

	"mapbench/trace"
)

// The Twitter cache-trace CSV (github.com/twitter/cache-trace, README,
// "Trace Format"): one request per line, seven comma-separated columns,
// no header line:
//
//	timestamp, anonymized key, key size, value size, client id, operation, TTL
//
// timestamp in seconds; operation one of get, gets, set, add, replace, cas,
// append, prepend, delete, incr, decr; TTL in seconds, 0 for requests that
// are not writes. An anonymized key may itself hold commas (libCacheSim's
// scripts for these files rejoin the middle fields), so the first column
// is the timestamp, the last five the columns after the key, and the key
// everything between.
//
// Rules twemcache/1 (docs/trace.md, Converting cache traces):
//   - keys get ids in first-seen order, with the first key size recorded
//     for them (KeyString);
//   - get, gets → get; set, add, replace, cas, append, prepend, incr,
//     decr → put with the line's value size; delete → delete. Writes are
//     stored unconditionally: the trace does not say whether an add, a
//     replace or a cas succeeded;
//   - set, add, replace and cas (re)set the key's expiry: at timestamp+TTL
//     when TTL > 0, none when TTL = 0. append, prepend, incr and decr keep
//     the key's expiry (memcached's protocol: append and prepend "ignore
//     new flag and exptime settings", as Pelikan's item_annex does; incr
//     and decr take none). A delete cancels it;
//   - a key whose expiry time E has passed is deleted, on lane 0, before
//     the first line whose timestamp is later than E, so a request at E
//     itself still finds the key, as Pelikan's read path has it
//     (src/storage/slab/item.c, _item_expired: expire_at < now);
//     twemcache's (src/mc_items.c, _item_get: exptime <= now) would miss
//     it, and the traces come from both. Expiries due together go in the
//     order they were set.
//     Expiries pending when the input ends are not written: they had not
//     happened when the trace ended;
//   - client ids get lanes 1, 2, ... in first-seen order (lane 0 is the
//     cache's own expiries); past 65535 clients, the k-th client (from 1)
//     takes lane 1 + (k-1) mod 65535.
var twemcacheColumns = [...]string{"timestamp", "key", "key size", "value size", "client id", "operation", "TTL"}

var comma = []byte(",")

const twemcacheOps = "get, gets, set, add, replace, cas, append, prepend, delete, incr, decr"

// maxLine bounds a line: a cache key is at most 250 bytes in memcached's
// protocol, so a line far longer is not a cache-trace line (and a read
// buffer this size is all a line ever costs).
const maxLine = 64 << 10

// expiry is a key's pending delete at time at; seq orders expiries due
// at the same time by when they were set.
type expiry struct {
	at, seq uint64
	id      uint64
}

// expiries is a min-heap of pending expiries (container/heap), each
// key's slot in it kept in slot[id] (-1: none) so a later write can
// reschedule or cancel it.
type expiries struct {
	h    []expiry
	slot []int32
}

func (x *expiries) Len() int { return len(x.h) }
func (x *expiries) Less(i, j int) bool {
	a, b := &x.h[i], &x.h[j]
	return a.at < b.at || a.at == b.at && a.seq < b.seq
}
func (x *expiries) Swap(i, j int) {
	x.h[i], x.h[j] = x.h[j], x.h[i]
	x.slot[x.h[i].id] = int32(i)
	x.slot[x.h[j].id] = int32(j)
}
func (x *expiries) Push(v any) {
	e := v.(expiry)
	x.slot[e.id] = int32(len(x.h))
	x.h = append(x.h, e)
}
func (x *expiries) Pop() any {
	e := x.h[len(x.h)-1]
	x.h = x.h[:len(x.h)-1]
	x.slot[e.id] = -1
	return e
}

// set schedules id's expiry at at, replacing a pending one.
func (x *expiries) set(id, at, seq uint64) {
	if i := x.slot[id]; i >= 0 {
		x.h[i].at, x.h[i].seq = at, seq
		heap.Fix(x, int(i))
		return
	}
	heap.Push(x, expiry{at: at, seq: seq, id: id})
}

// cancel drops id's pending expiry, if any.
func (x *expiries) cancel(id uint64) {
	if i := x.slot[id]; i >= 0 {
		heap.Remove(x, int(i))
	}
}

type twemcache struct {
	e       *emitter
	file    string
	decomp  bool
	ids     map[string]uint64
	keySize []uint32 // by id: the key size of the key's first line
	clients map[string]uint32
	exp     expiries
	seq     uint64
}

func parseTwemcache(in io.Reader, name string, decompressed bool, e *emitter) error {
	c := &twemcache{e: e, file: name, decomp: decompressed, ids: map[string]uint64{}, clients: map[string]uint32{}}
	br := bufio.NewReaderSize(in, maxLine)
	var line int64
	for {
		b, err := br.ReadSlice('\n')
		if len(b) == 0 && err == io.EOF {
			break
		}
		line++
		if errors.Is(err, bufio.ErrBufferFull) {
			return c.fail(line, 0, fmt.Sprintf("longer than %d bytes (a cache-trace line is a few dozen)", maxLine))
		}
		if err != nil && err != io.EOF {
			return c.fail(line, 0, fmt.Sprintf("reading: %v", err))
		}
		if len(b) > 0 && b[len(b)-1] == '\n' {
			b = b[:len(b)-1]
		}
		if len(b) > 0 && b[len(b)-1] == '\r' {
			b = b[:len(b)-1]
		}
		e.sum.In++
		if err := c.line(line, b); err != nil {
			return err
		}
		if err == io.EOF {
			break
		}
	}
	e.sum.Pending = uint64(c.exp.Len())
	e.sum.Clients = uint64(len(c.clients))
	return nil
}

func (c *twemcache) fail(line int64, col int, msg string) error {
	e := &InputError{File: c.file, Line: line, Column: col, Decompressed: c.decomp, Msg: msg}
	if col > 0 {
		e.ColumnName = twemcacheColumns[col-1]
	}
	return e
}

// number parses a column of decimal digits no larger than limit.
func (c *twemcache) number(line int64, col int, b []byte, limit uint64) (uint64, error) {
	bad := func() error {
		return c.fail(line, col, fmt.Sprintf("%s is not a whole number 0..%d", quote(b), limit))
	}
	if len(b) == 0 || len(b) > 20 {
		return 0, bad()
	}
	var v uint64
	for _, d := range b {
		if d < '0' || d > '9' {
			return 0, bad()
		}
		if v > (limit-uint64(d-'0'))/10 {
			return 0, bad()
		}
		v = v*10 + uint64(d-'0')
	}
	return v, nil
}

// line converts one request.
func (c *twemcache) line(n int64, b []byte) error {
	commas := bytes.Count(b, comma)
	if commas < len(twemcacheColumns)-1 {
		what := fmt.Sprintf("%d columns", commas+1)
		if len(b) == 0 {
			what = "an empty line"
		}
		return c.fail(n, 0, fmt.Sprintf("%s (want %d comma-separated columns: timestamp, key, key size, value size, client id, operation, TTL; only the key may hold commas)", what, len(twemcacheColumns)))
	}
	// cols: the timestamp, the key, then the five columns after it.
	var cols [7][]byte
	i := bytes.IndexByte(b, ',')
	cols[0], b = b[:i], b[i+1:]
	for k := 6; k >= 2; k-- {
		j := bytes.LastIndexByte(b, ',')
		cols[k], b = b[j+1:], b[:j]
	}
	cols[1] = b
	ts, err := c.number(n, 1, cols[0], math.MaxInt64)
	if err != nil {
		return err
	}
	ksize, err := c.number(n, 3, cols[2], math.MaxUint32)
	if err != nil {
		return err
	}
	vsize, err := c.number(n, 4, cols[3], math.MaxUint32)
	if err != nil {
		return err
	}
	ttl, err := c.number(n, 7, cols[6], math.MaxUint32)
	if err != nil {
		return err
	}
	var op trace.Op
	sets := false // the op (re)sets the key's expiry
	switch string(cols[5]) {
	case "get", "gets":
		op = trace.OpGet
	case "set", "add", "replace", "cas":
		op, sets = trace.OpPut, true
	case "append", "prepend", "incr", "decr":
		op = trace.OpPut
	case "delete":
		op = trace.OpDelete
	default:
		return c.fail(n, 6, fmt.Sprintf("%s (allowed: %s)", quote(cols[5]), twemcacheOps))
	}

	// Expiries due before this line's time.
	for c.exp.Len() > 0 && c.exp.h[0].at < ts {
		x := heap.Pop(&c.exp).(expiry)
		if err := c.e.emit(trace.Record{Op: trace.OpDelete, Key: x.id, KeySize: c.keySize[x.id]}); err != nil {
			return err
		}
		c.e.sum.Expiries++
	}

	id, ok := c.ids[string(cols[1])]
	if !ok {
		id = uint64(len(c.ids))
		c.ids[string(cols[1])] = id
		c.keySize = append(c.keySize, uint32(ksize))
		c.exp.slot = append(c.exp.slot, -1)
	}
	lane, ok := c.clients[string(cols[4])]
	if !ok {
		lane = uint32(len(c.clients)%(trace.MaxLanes-1)) + 1
		c.clients[string(cols[4])] = lane
	}
	r := trace.Record{Op: op, Lane: lane, Key: id, KeySize: c.keySize[id]}
	if op == trace.OpPut {
		r.ValueSize = uint32(vsize)
	}
	if err := c.e.emit(r); err != nil {
		return err
	}
	switch {
	case op == trace.OpDelete:
		c.exp.cancel(id)
	case sets && ttl > 0:
		c.seq++
		c.exp.set(id, ts+ttl, c.seq)
	case sets:
		c.exp.cancel(id)
	}
	return nil
}
