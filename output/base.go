package output

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// BasePath is the folder of the base store: the text of every file as
// unpress last rendered it, named by its SHA-256 (the hash the manifest
// records). A file edited by hand is merged three ways, with its base, the
// person's version and the new render; without its base, it could only
// be left alone or overwritten. Commit it with the manifest: a file left
// as unpress wrote it is the same blob in git, so it costs only the
// files edited by hand.
const BasePath = ".unpress/base"

// basePath is where the base of the text whose hash is sum is kept.
func basePath(sum string) string {
	if len(sum) < 3 {
		return path.Join(BasePath, "_"+sum)
	}
	return path.Join(BasePath, sum[:2], sum)
}

// saveBase keeps data, whose hash is sum, as a base, unless it is kept
// already. A dry run keeps nothing.
func (w *Writer) saveBase(sum string, data []byte) error {
	if w.opts.DryRun || data == nil || !isText(data) {
		return nil
	}
	name := basePath(sum)
	dir, base := splitRel(name)
	sub, done, err := w.dirs.get(dir, true)
	if err != nil {
		return err
	}
	defer done()
	if _, err := sub.Lstat(base); err == nil {
		return nil
	}
	return w.atomicWrite(name, func(f io.Writer) error {
		_, err := f.Write(data)
		return err
	})
}

// loadBase reads the base whose hash is sum; ok is false when it is not
// kept (a file written by an unpress without the base store, or a base
// store not committed).
func (w *Writer) loadBase(sum string) (data []byte, ok bool) {
	data, err := readRegular(w.root, basePath(sum))
	if err != nil {
		return nil, false
	}
	return data, true
}

// pruneBases removes the bases that neither the manifest's files nor a
// conflict waiting to be merged refer to any more.
func (w *Writer) pruneBases(keep map[string]bool) error {
	var errs []error
	err := fs.WalkDir(w.root.FS(), filepath.FromSlash(BasePath), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		if !keep[d.Name()] && !keep[strings.TrimPrefix(d.Name(), "_")] {
			if err := w.root.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
				errs = append(errs, err)
			}
		}
		return nil
	})
	return errors.Join(append(errs, err)...)
}
