package impls

import "testing"

// FuzzAdapters decodes the input into an operation sequence over a small
// key space, so deletes and reinserts of the same keys collide, and checks
// every adapter, in every shape (shapeTests), against a built-in map oracle.
//
// Encoding: data[0] picks the presize hint (bit 0: 0 or 64) and the key
// space (4 << ((data[0]>>1) % 7), i.e. 4 to 256 keys). Every following pair
// of bytes is one operation: op = b0 % 8 (0-2 put, 3 get, 4-6 delete,
// 7 Clear where the adapter is a Clearer), key = b1 % key space. A put's
// value is derived from the operation index, so overwrites change it.
func FuzzAdapters(f *testing.F) {
	f.Add([]byte{0})
	f.Add([]byte{0, 0, 1, 4, 1, 3, 1, 0, 1, 4, 1, 3, 1})                               // put, delete, get, reinsert
	f.Add([]byte{1, 0, 0, 0, 1, 0, 2, 0, 3, 7, 0, 3, 0, 0, 4})                         // presized, Clear in the middle
	f.Add([]byte{12, 0, 5, 1, 5, 2, 5, 4, 5, 5, 5, 6, 5, 3, 5, 0, 5, 4, 5, 3, 5})      // one key, many ops
	f.Add([]byte{2, 7, 0, 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8, 0, 9, 3, 9}) // Clear on a fresh map, then fill
	seq := make([]byte, 1, 1+2*600)
	seq[0] = 12 // 256 keys, no hint
	for i := range 300 {
		seq = append(seq, 0, byte(i)) // fill
	}
	for i := range 300 {
		seq = append(seq, 4, byte(i*7)) // delete in another order
	}
	f.Add(seq)

	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return // no header byte: nothing to decode
		}
		// Not t.Run subtests: those would add their cost to every fuzz
		// input. fuzzOne's failure messages name the impl and shape.
		for _, im := range All() {
			for _, st := range shapeTests {
				st.fuzz(t, im, data)
			}
		}
	})
}

// maxFuzzOps bounds the work per input; longer inputs are truncated.
const maxFuzzOps = 512

func fuzzOne[K comparable, V any](t testing.TB, im Impl, sp shape[K, V], data []byte) {
	hint := 0
	if data[0]&1 != 0 {
		hint = 64
	}
	keySpace := 4 << ((data[0] >> 1) % 7)
	keys := make([]K, keySpace)
	for id := range keys {
		keys[id] = sp.key(uint64(id))
	}
	m := newMap[K, V](t, im.Name, hint)
	oracle := map[K]V{}
	ops := data[1:]
	if len(ops) > 2*maxFuzzOps {
		ops = ops[:2*maxFuzzOps]
	}
	for i := 0; i+1 < len(ops); i += 2 {
		op, k := ops[i]%8, keys[int(ops[i+1])%keySpace]
		switch {
		case op <= 2:
			v := sp.valN(uint64(i))
			m.Put(k, v)
			oracle[k] = v
		case op == 3:
		case op <= 6:
			m.Delete(k)
			delete(oracle, k)
		default:
			if c, ok := m.(Clearer); ok {
				c.Clear()
				clear(oracle)
			}
		}
		msg := getMismatch(sp, m, oracle, k)
		if msg == "" {
			msg = lenMismatch(m, len(oracle))
		}
		if msg != "" {
			t.Fatalf("%s/%s hint=%d keys=%d op %d (%d): %s", im.Name, sp.name, hint, keySpace, i/2, op, msg)
		}
	}
	for _, k := range keys {
		if msg := getMismatch(sp, m, oracle, k); msg != "" {
			t.Fatalf("%s/%s hint=%d keys=%d at end: %s", im.Name, sp.name, hint, keySpace, msg)
		}
	}
}
