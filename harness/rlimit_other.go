//go:build !linux

package harness

import "errors"

func limitMemory(uint64) error { return errors.New("a per-cell memory limit needs Linux") }
