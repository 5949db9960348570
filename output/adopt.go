package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// FindRoot finds the output folder a path lies in: the nearest folder
// above it (or it) that holds unpress's manifest, as git finds its
// repository. It returns the root and the path's slash path under it.
func FindRoot(p string) (root, rel string, err error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", "", err
	}
	for dir := filepath.Dir(abs); ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(ManifestPath))); err == nil {
			r, err := filepath.Rel(dir, abs)
			if err != nil {
				return "", "", err
			}
			return dir, filepath.ToSlash(r), nil
		}
		if filepath.Dir(dir) == dir {
			return "", "", fmt.Errorf("%s is in no folder unpress wrote (no %s above it)", p, ManifestPath)
		}
	}
}

// Adopt makes files the person's: unpress never writes, merges, prunes or
// overwrites them again, --force or not, and reports them as adopted. It
// records them in the manifest of the output folder root, under its lock.
func Adopt(root string, rels []string) error {
	w, err := NewWriter(root, WriterOptions{})
	if err != nil {
		return err
	}
	var errs []error
	for _, rel := range rels {
		errs = append(errs, w.adopt(rel))
	}
	return errors.Join(append(errs, w.Close())...)
}

// adopt records one file as the person's.
func (w *Writer) adopt(rel string) error {
	name, err := cleanRel(rel)
	if err != nil {
		return err
	}
	done, err := w.begin(name)
	if err != nil {
		return err
	}
	defer done()
	if _, exists, err := w.currentHash(name); err != nil {
		return fmt.Errorf("adopt %s: %w", name, err)
	} else if !exists {
		return fmt.Errorf("adopt %s: %w", name, fs.ErrNotExist)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if !slices.Contains(w.adopted, name) {
		w.adopted = append(w.adopted, name)
	}
	// No longer unpress's: --prune keeps it as not written by unpress.
	delete(w.manifest, name)
	return nil
}
