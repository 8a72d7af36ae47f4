package main

import "testing"

// Without files there is nothing to make the table from: a usage error,
// not an empty table on stdout.
func TestRunNeedsFiles(t *testing.T) {
	if err := run(nil); err == nil {
		t.Fatal("run() with no files succeeded")
	}
	if err := run([]string{"no-such-file.csv"}); err == nil {
		t.Fatal("run() of a missing file succeeded")
	}
}
