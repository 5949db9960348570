package output

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/unpress/unpress/scrape/spill"
)

// Change is a file a dry run would have written or deleted.
type Change struct {
	Path   string // slash path under the root
	Result Result // Created, Updated, Overwritten, Merged, Conflict or Deleted
	Old    []byte // current content (nil when created or binary)
	New    []byte // new content (nil for copied media and deletions)
	Binary bool   // a copied file: no text diff
	Detail string // a conflict's regions
}

// recordChange notes, in a dry run, what writing name would have done.
func (w *Writer) recordChange(name string, res Result, data []byte, detail string) error {
	c := Change{Path: name, Result: res, New: data, Binary: data == nil, Detail: detail}
	if res != Created && !c.Binary {
		old, err := w.root.ReadFile(filepath.FromSlash(name))
		if err != nil {
			return err
		}
		c.Old = old
	}
	return w.storeChange(c)
}

// storedChange is a Change whose contents wait in the change store.
type storedChange struct {
	path           string
	result         Result
	binary         bool
	detail         string
	old, new       spill.Ref
	hasOld, hasNew bool
}

// changesInMemory is how much of a dry run's contents stays in memory
// before the change store spills to a temporary file.
const changesInMemory = 4 << 20

func (w *Writer) storeChange(c Change) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.changeStore == nil {
		w.changeStore = spill.New(changesInMemory)
	}
	sc := storedChange{path: c.Path, result: c.Result, binary: c.Binary, detail: c.Detail}
	var err error
	if c.Old != nil {
		if sc.old, err = w.changeStore.Put(c.Old); err != nil {
			return err
		}
		sc.hasOld = true
	}
	if c.New != nil {
		if sc.new, err = w.changeStore.Put(c.New); err != nil {
			return err
		}
		sc.hasNew = true
	}
	w.changes = append(w.changes, sc)
	return nil
}

// CountChanges counts, after a dry run, the files that would have been
// written, by result.
func (w *Writer) CountChanges() map[Result]int {
	w.mu.Lock()
	defer w.mu.Unlock()
	counts := map[Result]int{}
	for _, c := range w.changes {
		counts[c.result]++
	}
	return counts
}

// EachChange calls fn with each file a dry run would have written, sorted
// by path, its contents read back one file at a time; it stops at fn's
// first error. It works after Close, until DropChanges.
func (w *Writer) EachChange(fn func(Change) error) error {
	list, store := w.sortedChanges()
	for _, sc := range list {
		c, err := sc.load(store)
		if err != nil {
			return err
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}

// sortedChanges are a dry run's changes sorted by path, and the store
// that holds their contents.
func (w *Writer) sortedChanges() ([]storedChange, *spill.Store) {
	w.mu.Lock()
	list := slices.Clone(w.changes)
	store := w.changeStore
	w.mu.Unlock()
	slices.SortFunc(list, func(a, b storedChange) int { return strings.Compare(a.path, b.path) })
	return list, store
}

// load reads a stored change's contents back.
func (sc storedChange) load(store *spill.Store) (Change, error) {
	c := Change{Path: sc.path, Result: sc.result, Binary: sc.binary, Detail: sc.detail}
	var err error
	if sc.hasOld {
		if c.Old, err = store.Get(sc.old); err != nil {
			return c, fmt.Errorf("output: %s: %w", sc.path, err)
		}
	}
	if sc.hasNew {
		if c.New, err = store.Get(sc.new); err != nil {
			return c, fmt.Errorf("output: %s: %w", sc.path, err)
		}
	}
	return c, nil
}

// DropChanges releases a dry run's changes (their temporary file).
func (w *Writer) DropChanges() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.changes = nil
	if w.changeStore != nil {
		w.changeStore.Close()
		w.changeStore = nil
	}
}
