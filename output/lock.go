package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/atomicfile"
)

// LockPath is the lock file that keeps two runs off one output folder.
const LockPath = ".unpress/lock"

// ErrLocked means another unpress process is writing the output folder.
var ErrLocked = errors.New("output folder is in use")

// Lock takes the output folder for this process before a migration reads
// its source (a crawl is long, and two runs must not both make one), and
// returns what releases it. A Writer opened with WriterOptions.Locked then
// works under it. A dry run writes nothing and takes no lock.
func Lock(out string) (release func(), err error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	r, err := os.OpenRoot(out)
	if err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	created, err := lock(r)
	if err != nil {
		r.Close()
		return nil, fmt.Errorf("output: %s: %w", out, err)
	}
	return func() {
		if created {
			unlock(r)
		}
		r.Close()
	}, nil
}

// lock takes the output folder for this process. A lock left by a process
// that no longer runs (killed with -9, a crash) is taken over. created is
// true when it took the lock.
func lock(r *os.Root) (created bool, err error) {
	if err := r.MkdirAll(filepath.Dir(filepath.FromSlash(LockPath)), 0o755); err != nil {
		return false, err
	}
	for range 2 {
		f, err := r.OpenFile(filepath.FromSlash(LockPath), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			_, err = fmt.Fprintf(f, "%d\n", os.Getpid())
			return true, errors.Join(err, f.Close())
		}
		if !errors.Is(err, fs.ErrExist) {
			return false, err
		}
		data, err := readRegular(r, LockPath)
		if err != nil {
			return false, err
		}
		pid, _ := strconv.Atoi(strings.TrimSpace(string(data)))
		if scrape.ProcessAlive(pid) {
			return false, fmt.Errorf("%w: unpress process %d holds %s (wait for it to finish, or delete the file if that process is not unpress)", ErrLocked, pid, LockPath)
		}
		// Stale: its process is gone.
		if err := r.Remove(filepath.FromSlash(LockPath)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return false, err
		}
	}
	return false, fmt.Errorf("%w: could not take %s", ErrLocked, LockPath)
}

func unlock(r *os.Root) error {
	err := r.Remove(filepath.FromSlash(LockPath))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// removeTemps deletes the temporary files a killed run left behind: a
// write is a temporary file renamed into place, and a run stopped between
// the two leaves only the temporary file.
func removeTemps(r *os.Root) error {
	return fs.WalkDir(r.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // an unreadable folder is not ours to clean
		}
		if d.IsDir() && p == ".unpress/cache" {
			return fs.SkipDir // the crawl cache cleans up after itself
		}
		if !d.IsDir() && strings.HasPrefix(d.Name(), atomicfile.TempPrefix) {
			return r.Remove(filepath.FromSlash(p))
		}
		return nil
	})
}
