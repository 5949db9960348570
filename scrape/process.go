package scrape

import (
	"errors"
	"syscall"
)

// ProcessAlive reports whether a process with this ID exists: a lock or a
// run marker left by a process that is gone (killed with -9, a crash) is
// stale, one whose process runs is not.
func ProcessAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
