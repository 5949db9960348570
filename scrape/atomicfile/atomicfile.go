// Package atomicfile writes a file so that it is either whole or absent:
// the content goes to a temporary file in the same folder, which is then
// renamed over the real name. The migration's output, its report and the
// crawl cache all write this way, so that a killed run never leaves a
// half-written file under its real name. There is no fsync: a crash may
// lose the latest writes, never tear one.
//
// It sits under scrape because that is the bottom of the import graph
// (cmd → output → transform → scrape): every writer can reach it.
package atomicfile

import (
	"crypto/rand"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// TempPrefix starts the name of every temporary file Write makes; they
// also end in ".tmp". A run that finds one left by a killed run may
// remove it.
const TempPrefix = ".unpress-tmp-"

// Dir is a folder that files can be created, renamed and removed in:
// an *os.Root (which keeps every name inside it), or a Folder.
type Dir interface {
	OpenFile(name string, flag int, perm fs.FileMode) (*os.File, error)
	Rename(oldname, newname string) error
	Remove(name string) error
}

// Folder is a Dir by its path.
type Folder string

func (f Folder) OpenFile(name string, flag int, perm fs.FileMode) (*os.File, error) {
	return os.OpenFile(filepath.Join(string(f), name), flag, perm)
}

func (f Folder) Rename(oldname, newname string) error {
	return os.Rename(filepath.Join(string(f), oldname), filepath.Join(string(f), newname))
}

func (f Folder) Remove(name string) error { return os.Remove(filepath.Join(string(f), name)) }

// Write has fill write the content of the file name in d (a name, not a
// path) with the permissions perm, through a temporary file renamed over
// name once fill and the close succeeded. On failure the temporary file
// is removed and name is untouched.
func Write(d Dir, name string, perm fs.FileMode, fill func(io.Writer) error) (err error) {
	var rnd [8]byte
	rand.Read(rnd[:])
	tmp := TempPrefix + hex.EncodeToString(rnd[:]) + ".tmp"
	f, err := d.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			d.Remove(tmp)
		}
	}()
	if err := fill(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return d.Rename(tmp, name)
}

// WriteFile writes data to the file at path, atomically.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	return Write(Folder(filepath.Dir(path)), filepath.Base(path), perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
