package convert

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"

	"mapbench/trace"
)

// libCacheSim's oracleGeneral binary (libCacheSim/traceReader/
// customizedReader/oracle/oracleGeneralBin.h; the README's "Open source
// cache traces"): no header, then packed 24-byte little-endian records
//
//	uint32 time; uint64 object id; uint32 object size; int64 next access
//
// where next access is the number, from 1, of the request that next asks
// for the same object, and -1 when none does (libCacheSim's reader takes
// INT64_MAX as none too). A cache request trace holds only requests, so
// the rules make a map's ops of them, as a cache that keeps exactly the
// objects asked for again would.
//
// Rules oracle-general/1 (docs/trace.md, Converting cache traces):
//   - every request is a get of the object (u64 ids in first-seen order);
//   - if the object is not in the map (its first request, or a request
//     after it was deleted), a put of the object with the record's size
//     follows the get, as a cache inserts on a miss; if it is and the size
//     differs from the one it was put with, a put of the new size follows;
//   - if the record's next access is none, a delete of the object follows:
//     an ideal cache drops an object at its last request;
//   - time is not used (the order of the records is the order of the
//     ops); one lane.
const oracleRecord = 24

type oracleObject struct {
	live bool
	size uint32
}

func parseOracleGeneral(in io.Reader, name string, decompressed bool, e *emitter) error {
	br := bufio.NewReaderSize(in, 64<<10)
	ids := map[uint64]uint64{}
	var objs []oracleObject
	var rec [oracleRecord]byte
	var off int64
	fail := func(msg string) error {
		return &InputError{File: name, Offset: off, Decompressed: decompressed, Msg: msg}
	}
	for i := int64(0); ; i++ {
		n, err := io.ReadFull(br, rec[:])
		if err == io.EOF {
			break
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return fail(fmt.Sprintf("truncated: the input ends %d bytes into record %d (counting from 0; a record is %d bytes: time, object id, size, next access)", n, i, oracleRecord))
		}
		if err != nil {
			return fail(fmt.Sprintf("record %d: reading: %v", i, err))
		}
		obj := binary.LittleEndian.Uint64(rec[4:])
		size := binary.LittleEndian.Uint32(rec[12:])
		next := int64(binary.LittleEndian.Uint64(rec[16:]))
		if next == 0 || next < -1 {
			return fail(fmt.Sprintf("record %d: next access %d (allowed: -1 or %d for none, or the number of a later request, from 1)", i, next, int64(math.MaxInt64)))
		}
		e.sum.In++
		id, ok := ids[obj]
		if !ok {
			id = uint64(len(ids))
			ids[obj] = id
			objs = append(objs, oracleObject{})
		}
		o := &objs[id]
		key := trace.Record{Key: id, KeySize: 8}
		get, put, del := key, key, key
		get.Op, put.Op, del.Op = trace.OpGet, trace.OpPut, trace.OpDelete
		put.ValueSize = size
		if err := e.emit(get); err != nil {
			return err
		}
		if !o.live || o.size != size {
			if err := e.emit(put); err != nil {
				return err
			}
			o.live, o.size = true, size
		}
		if next == -1 || next == math.MaxInt64 {
			if err := e.emit(del); err != nil {
				return err
			}
			o.live = false
			e.sum.Expiries++
		}
		off += oracleRecord
	}
	return nil
}
