package output

import (
	"fmt"
	"path"
	"path/filepath"
)

// Removal is what Remove did with one file.
type Removal struct {
	Path   string
	Result Result // Deleted, Kept, or Unchanged when there was no file
	Reason string // why it was kept
}

// Remove deletes a file that unpress wrote and nobody edited since: the
// file of a source that left the legacy site. A file edited by hand is
// kept, and no longer tracked: it is its editor's now. A file unpress
// never wrote, or wrote in this run, is kept. A dry run deletes nothing
// and lists the deletion among its changes (EachChange).
func (w *Writer) Remove(rel string) (Removal, error) {
	name, err := cleanRel(rel)
	if err != nil {
		return Removal{}, err
	}
	done, err := w.begin(name)
	if err != nil {
		return Removal{}, err
	}
	defer done()
	w.mu.Lock()
	_, thisRun := w.run[name]
	known, ours := w.manifest[name]
	w.mu.Unlock()
	out := Removal{Path: name, Result: Kept}
	switch {
	case thisRun:
		out.Reason = "written by this run"
		return out, nil
	case !ours:
		out.Reason = "not written by unpress"
		return out, nil
	}
	cur, exists, err := w.currentHash(name)
	if err != nil {
		return Removal{}, fmt.Errorf("output: remove %s: %w", name, err)
	}
	switch {
	case !exists:
		out.Result, out.Reason = Unchanged, "already deleted"
	case cur != known:
		out.Reason = "edited by hand since unpress wrote it"
	case w.opts.DryRun:
		old, err := w.root.ReadFile(filepath.FromSlash(name))
		if err != nil {
			return Removal{}, fmt.Errorf("output: remove %s: %w", name, err)
		}
		c := Change{Path: name, Result: Deleted, Old: old, Binary: !isText(old)}
		if c.Binary {
			c.Old = nil
		}
		if err := w.storeChange(c); err != nil {
			return Removal{}, fmt.Errorf("output: remove %s: %w", name, err)
		}
		out.Result = Deleted
	default:
		if err := w.root.Remove(filepath.FromSlash(name)); err != nil {
			return Removal{}, fmt.Errorf("output: remove %s: %w", name, err)
		}
		if err := w.removePending(name + ConflictSuffix); err != nil {
			return Removal{}, fmt.Errorf("output: remove %s: %w", name, err)
		}
		w.removeEmptyDirs(path.Dir(name))
		out.Result = Deleted
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.run[name] = runRecord{result: out.Result}
	if !w.opts.DryRun {
		delete(w.manifest, name) // deleted, or its editor's now
	}
	return out, nil
}

// removeEmptyDirs removes dir and its parents while they are empty (a
// page bundle's folder), up to the root.
func (w *Writer) removeEmptyDirs(dir string) {
	for dir != "." && dir != "/" && dir != "" {
		w.dirs.forget(dir)
		if w.root.Remove(filepath.FromSlash(dir)) != nil {
			return // not empty, or not ours to remove
		}
		dir = path.Dir(dir)
	}
}
