package output

import (
	"os"
	"path/filepath"
	"sync"
)

// dirRoots keeps the output's folders open as roots of their own, so that
// creating, renaming and checking a file costs one system call on its
// name instead of one per folder on its path (os.Root opens each
// component in turn): on a big migration the output's folders were
// walked some twenty times per post. At most maxOpen stay open, the least
// recently used closed first once no write holds them. Each is opened
// through the output's root, so it is inside it.
type dirRoots struct {
	root *os.Root

	mu    sync.Mutex
	open  map[string]*dirRoot
	clock uint64
}

type dirRoot struct {
	r       *os.Root
	refs    int
	used    uint64
	evicted bool
}

// maxOpen bounds the folders held open (file descriptors): a Hugo page
// bundle is a folder per post.
const maxOpen = 32

func newDirRoots(root *os.Root) *dirRoots {
	return &dirRoots{root: root, open: map[string]*dirRoot{}}
}

// get returns the root of the folder dir (slash-separated, "." for the
// output itself), creating the folder when create is set, and the
// function to call when done with it. A missing folder, when create is
// not set, is fs.ErrNotExist.
func (d *dirRoots) get(dir string, create bool) (*os.Root, func(), error) {
	if dir == "." || dir == "" {
		return d.root, func() {}, nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.clock++
	e, ok := d.open[dir]
	if !ok {
		osDir := filepath.FromSlash(dir)
		if create {
			if err := d.root.MkdirAll(osDir, 0o755); err != nil {
				return nil, nil, err
			}
		}
		r, err := d.root.OpenRoot(osDir)
		if err != nil {
			return nil, nil, err
		}
		e = &dirRoot{r: r}
		d.open[dir] = e
	}
	// Held and marked used before any eviction, which then spares it.
	e.refs++
	e.used = d.clock
	d.evictLocked()
	return e.r, func() { d.release(e) }, nil
}

func (d *dirRoots) release(e *dirRoot) {
	d.mu.Lock()
	defer d.mu.Unlock()
	e.refs--
	if e.evicted && e.refs == 0 {
		e.r.Close()
	}
}

// evictLocked closes the least recently used folders past maxOpen; one
// still in use is closed by its last release.
func (d *dirRoots) evictLocked() {
	for len(d.open) > maxOpen {
		var oldest string
		var min uint64
		for dir, e := range d.open {
			if oldest == "" || e.used < min {
				oldest, min = dir, e.used
			}
		}
		d.dropLocked(oldest)
	}
}

// dropLocked forgets a folder's root and closes it, now or, when a write
// still holds it, on that write's release.
func (d *dirRoots) dropLocked(dir string) {
	e, ok := d.open[dir]
	if !ok {
		return
	}
	delete(d.open, dir)
	e.evicted = true
	if e.refs == 0 {
		e.r.Close()
	}
}

// forget closes a folder's root, before the folder is removed.
func (d *dirRoots) forget(dir string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.dropLocked(dir)
}

// closeAll closes every folder's root.
func (d *dirRoots) closeAll() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for dir := range d.open {
		d.dropLocked(dir)
	}
}
