package run

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// outputLock keeps two `mapbench run` processes from writing one file at
// once: an advisory lock (flock) on FILE.lock, held for the whole run. The
// lock file holds the holder's pid, so a refused run can name it; it is
// removed at the end of the run (a run killed with -9 leaves it behind,
// unlocked: the next run takes it over).
type outputLock struct {
	f    *os.File
	path string
}

// lockOutput takes the lock of file, or refuses (exit status 2) naming the
// process that holds it. flagName is the flag that named file, for errors.
func lockOutput(file, flagName string) (*outputLock, error) {
	path := file + ".lock"
	for attempt := 0; ; attempt++ {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, usagef("-%s: cannot create %s to lock %s: %v", flagName, path, file, errors.Unwrap(err))
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, usagef("%s is being written by another mapbench run (pid %s); wait for it to end, or write another file", file, lockHolder(path))
			}
			return nil, usagef("-%s: cannot lock %s: %v", flagName, path, err)
		}
		// The previous holder removes the lock file as it ends: if it did so
		// between our open and our flock, we hold a file nobody else will
		// open. Lock the file that is at path now.
		fi, err1 := f.Stat()
		pi, err2 := os.Stat(path)
		if err1 == nil && err2 == nil && os.SameFile(fi, pi) {
			if err := f.Truncate(0); err != nil {
				f.Close()
				return nil, fmt.Errorf("-%s: %s: %w", flagName, path, err)
			}
			if _, err := f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0); err != nil {
				f.Close()
				return nil, fmt.Errorf("-%s: %s: %w", flagName, path, err)
			}
			return &outputLock{f: f, path: path}, nil
		}
		f.Close()
		if attempt == 100 {
			return nil, fmt.Errorf("-%s: cannot lock %s: it keeps being replaced", flagName, path)
		}
	}
}

// lockHolder reads the pid in the lock file at path, waiting briefly for
// a holder that has just taken the lock to write it.
func lockHolder(path string) string {
	for range 50 {
		b, err := os.ReadFile(path)
		if s := strings.TrimSpace(string(b)); err == nil && s != "" {
			return s
		}
		time.Sleep(10 * time.Millisecond)
	}
	return "unknown"
}

// release removes the lock file, then unlocks it.
func (l *outputLock) release() {
	os.Remove(l.path)
	l.f.Close()
}
