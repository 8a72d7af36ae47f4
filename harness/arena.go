package harness

import (
	"fmt"
	"syscall"
	"unsafe"
)

// arena is memory outside the Go heap (anonymous mmap). A cell's keys,
// values and op streams live in one, so that the heap the GC paces itself
// by, and the memory it marks, is the map's alone: at GOGC=1 a heap-held
// key set would otherwise set the GC trigger and the mark cost of every
// phase (and differ between scenarios that use more or fewer keys). The GC
// neither scans an arena nor frees anything in it; nothing stored in an
// arena may point into the Go heap (strings and payloads stored there point
// into the arena too).
type arena struct{ maps [][]byte }

// arenaSlice returns a zeroed []T of length n backed by a.
func arenaSlice[T any](a *arena, n int) []T {
	if n == 0 {
		return nil
	}
	var zero T
	size := int(unsafe.Sizeof(zero)) * n
	b, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		panic(fmt.Sprintf("mapbench: cannot map %d bytes for the cell's keys: %v", size, err))
	}
	a.maps = append(a.maps, b)
	return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b))), n)
}

// free unmaps the arena. Nothing may use its memory afterwards; maps that
// still hold keys from it must be garbage (the GC does not follow pointers
// outside the heap, so they may be collected safely).
func (a *arena) free() {
	for _, b := range a.maps {
		_ = syscall.Munmap(b)
	}
	a.maps = nil
}
