package output

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// What a write does to a file, three ways: the base (what unpress last
// wrote there, the manifest's hash, its text in the base store), the file
// as it is now, and the new render.
//
//	file                         source          result
//	missing                      (any)           Created (RemovedByHand when unpress wrote it; --force: Created)
//	holds the new render         (any)           Unchanged
//	holds the base               changed         Updated
//	edited by hand               unchanged       Edited: left alone
//	edited by hand               changed         Merged (front matter by field, body by diff3), or
//	                                             Conflict: NAME.unpress-new with markers, naming each region
//	edited by hand, --force      (any)           Overwritten
//	adopted, or unpress: {managed: false}        Adopted: never touched
//	not unpress's                (any)           Conflict: NAME.unpress-new beside it, --force or not
//
// A conflict stays one until the person deletes NAME.unpress-new: the
// file then holds their merge, and the render the conflict was about is
// its base from then on.

// What a conflict is about when it is not a merge's regions.
const (
	notOurs = "not written by unpress"
	noBase  = "edited by hand, with no base to merge with"
)

// decision is what put decided for one file.
type decision struct {
	res Result
	// data is what goes in the file (a merge), or in NAME.unpress-new (a
	// conflict); nil for the render itself.
	data []byte
	// detail names the regions of a conflict.
	detail string
}

// put decides what to do with the content whose hash is sum and, when
// something must be written, has fill write it to a temporary file. data
// is the content when it is in memory (text can then be merged, and shown
// in dry-run diffs).
func (w *Writer) put(name, sum string, data []byte, fill func(io.Writer) error) (Result, error) {
	done, err := w.begin(name)
	if err != nil {
		return 0, err
	}
	defer done()
	w.mu.Lock()
	prev, seen := w.run[name]
	w.mu.Unlock()
	if seen {
		// The same bytes again (one image in two posts): nothing to do,
		// but a conflict stays a conflict.
		if prev.sum != sum {
			return 0, ErrWrittenTwice
		}
		if prev.result == Conflict {
			return Conflict, nil
		}
		return Unchanged, nil
	}
	d, err := w.decide(name, sum, data)
	if err != nil {
		return 0, err
	}
	if err := w.apply(name, sum, data, fill, d); err != nil {
		return 0, err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.run[name] = runRecord{sum: sum, result: d.res, detail: d.detail}
	switch d.res {
	case Created, Updated, Unchanged, Overwritten, Merged:
		w.manifest[name] = sum
	}
	return d.res, nil
}

// begin starts an operation on the file at name: one at a time per file,
// none after Close. done ends it.
func (w *Writer) begin(name string) (done func(), err error) {
	w.active.RLock()
	unlock := w.lock(name)
	w.mu.Lock()
	closed := w.closed
	w.mu.Unlock()
	if closed {
		unlock()
		w.active.RUnlock()
		return nil, errors.New("writer is closed")
	}
	return func() {
		unlock()
		w.active.RUnlock()
	}, nil
}

// decide compares the base, the file and the render (see the table above).
func (w *Writer) decide(name, sum string, data []byte) (decision, error) {
	if w.isAdopted(name) {
		return decision{res: Adopted}, nil
	}
	w.settlePending(name)
	w.mu.Lock()
	known, ours := w.manifest[name]
	w.mu.Unlock()
	cur, exists, err := w.currentHash(name)
	if err != nil {
		return decision{}, err
	}
	switch {
	case !exists && ours && !w.opts.Force:
		return decision{res: RemovedByHand}, nil
	case !exists:
		return decision{res: Created}, nil
	case cur == sum:
		return decision{res: Unchanged}, nil
	case ours && cur == known:
		return decision{res: Updated}, nil
	}
	// Edited by hand, or not unpress's: the file is read.
	mine, err := readRegular(w.root, name)
	if err != nil {
		return decision{}, err
	}
	switch {
	case unmanaged(mine):
		return decision{res: Adopted}, nil
	case !ours:
		return decision{res: Conflict, detail: notOurs}, nil
	case w.opts.Force:
		return decision{res: Overwritten}, nil
	case sum == known:
		return decision{res: Edited}, nil
	}
	base, ok := w.loadBase(known)
	if !ok || data == nil || !isText(data) || !isText(mine) {
		return decision{res: Conflict, detail: noBase}, nil
	}
	m := mergeThree(base, mine, data)
	if len(m.conflicts) > 0 {
		return decision{res: Conflict, data: m.data, detail: strings.Join(m.conflicts, ", ")}, nil
	}
	return decision{res: Merged, data: m.data}, nil
}

// apply carries out a decision: writes the file or its NAME.unpress-new,
// or, in a dry run, records what would be written.
func (w *Writer) apply(name, sum string, data []byte, fill func(io.Writer) error, d decision) error {
	fillWith := fill
	if d.data != nil {
		fillWith = func(f io.Writer) error {
			_, err := f.Write(d.data)
			return err
		}
	}
	if w.opts.DryRun {
		switch d.res {
		case Unchanged, Edited, Adopted, RemovedByHand:
			return nil
		case Conflict:
			if w.conflictKnown(name, d) {
				return nil
			}
		}
		shown := data
		if d.data != nil {
			shown = d.data
		}
		return w.recordChange(name, d.res, shown, d.detail)
	}
	switch d.res {
	case Created, Updated, Overwritten, Merged:
		written := sum
		if d.data != nil {
			written = hashOf(d.data)
		}
		if err := w.saveBase(sum, data); err != nil {
			return err
		}
		if err := w.journal.note(journalEntry{Path: name, Sum: written}); err != nil {
			return err
		}
		if err := w.atomicWrite(name, fillWith); err != nil {
			return err
		}
		// A conflict is over once the file holds unpress's version (or a
		// clean merge with it): its NAME.unpress-new has nothing left to
		// say.
		return w.removePending(name + ConflictSuffix)
	case Unchanged:
		if err := w.saveBase(sum, data); err != nil {
			return err
		}
		return w.removePending(name + ConflictSuffix)
	case Edited:
		// Kept for the day the source changes and the edit is merged.
		return w.saveBase(sum, data)
	case Conflict:
		if err := w.saveBase(sum, data); err != nil {
			return err
		}
		pending := data
		if d.data != nil {
			pending = d.data
		}
		return w.writePending(name+ConflictSuffix, sum, pending, fillWith)
	}
	return nil
}

// hashOf is the manifest's hash of data.
func hashOf(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// unmanaged reports whether a file's front matter says unpress must leave
// it alone: `unpress: {managed: false}`.
func unmanaged(data []byte) bool {
	fm, _, ok := cutFrontMatter(data)
	if !ok {
		return false
	}
	var doc struct {
		Unpress struct {
			Managed *bool `yaml:"managed"`
		} `yaml:"unpress"`
	}
	if yaml.Unmarshal(fm, &doc) != nil {
		return false
	}
	return doc.Unpress.Managed != nil && !*doc.Unpress.Managed
}

// conflictKnown reports whether a conflict is the one an earlier run
// already left: NAME.unpress-new holds this version, and a run would
// write nothing.
func (w *Writer) conflictKnown(name string, d decision) bool {
	prior, ok, _ := w.currentHash(name + ConflictSuffix)
	if !ok {
		return false
	}
	w.mu.Lock()
	p := w.pending[name+ConflictSuffix]
	w.mu.Unlock()
	return prior == p.SHA256 || d.data != nil && prior == hashOf(d.data)
}

// ErrPendingEdited is returned for a file edited by hand whose
// NAME.unpress-new was edited too (a merge in progress), or was not
// written by unpress: neither is touched, and the new version is not
// written.
var ErrPendingEdited = errors.New("edited by hand, and so is its " + ConflictSuffix)

// writePending writes the new version of a file edited by hand (the
// render whose hash is render, or its merge with conflict markers) to its
// NAME.unpress-new (name), unless that already holds it, or holds
// anything but what unpress last wrote there: a person's merge.
func (w *Writer) writePending(name, render string, data []byte, fill func(io.Writer) error) error {
	prior, exists, err := w.currentHash(name)
	if err != nil {
		return err
	}
	sum := render
	if data != nil {
		sum = hashOf(data)
	}
	w.mu.Lock()
	ours := w.pending[name].SHA256
	w.mu.Unlock()
	switch {
	case exists && prior == sum:
	case exists && prior != ours:
		return fmt.Errorf("%w: %s holds changes made since unpress wrote it (merge them, then delete it): the new version is not written", ErrPendingEdited, name)
	default:
		if err := w.journal.note(journalEntry{Path: name, Sum: sum, Render: render, Pending: true}); err != nil {
			return err
		}
		if err := w.atomicWrite(name, fill); err != nil {
			return err
		}
	}
	w.mu.Lock()
	w.pending[name] = PendingFile{SHA256: sum, Render: render}
	w.mu.Unlock()
	return nil
}

// settlePending ends the conflict of the file at name when the person
// deleted the NAME.unpress-new unpress left beside it: they merged it, so
// the render it held is the file's base from now on (or, for a file
// unpress never wrote, the person declined it: the file is adopted).
func (w *Writer) settlePending(name string) {
	pn := name + ConflictSuffix
	w.mu.Lock()
	p, ok := w.pending[pn]
	w.mu.Unlock()
	if !ok {
		return
	}
	if _, exists, err := w.currentHash(pn); err != nil || exists {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	delete(w.pending, pn)
	if _, ours := w.manifest[name]; ours {
		w.manifest[name] = p.Render
	} else if !slices.Contains(w.adopted, name) {
		w.adopted = append(w.adopted, name)
	}
}

// removePending removes a NAME.unpress-new unpress wrote, now that its
// file holds unpress's version again. One that a person changed (or that
// unpress did not write) is theirs, and stays.
func (w *Writer) removePending(name string) error {
	w.mu.Lock()
	p, known := w.pending[name]
	w.mu.Unlock()
	if !known {
		return nil
	}
	cur, exists, err := w.currentHash(name)
	if err != nil || exists && cur != p.SHA256 {
		return nil
	}
	if exists {
		if err := w.root.Remove(filepath.FromSlash(name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	w.mu.Lock()
	delete(w.pending, name)
	w.mu.Unlock()
	return nil
}

// isAdopted reports whether the file at name is a person's now (unpress
// adopt).
func (w *Writer) isAdopted(name string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Contains(w.adopted, name)
}

// ConflictDetail names the regions of a conflict this run found in the
// file at rel ("front matter field title, body lines 4-6"), or why it
// could not be merged; "" for none.
func (w *Writer) ConflictDetail(rel string) string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.run[rel].detail
}
