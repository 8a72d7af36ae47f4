package harness

import "syscall"

// limitMemory caps the child's address space (RLIMIT_AS), so a cell that
// allocates without bound fails alone ("out of memory") instead of taking
// the machine with it.
func limitMemory(bytes uint64) error {
	return syscall.Setrlimit(syscall.RLIMIT_AS, &syscall.Rlimit{Cur: bytes, Max: bytes})
}
