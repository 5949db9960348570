package output

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/unpress/unpress/scrape/atomicfile"
	"github.com/unpress/unpress/scrape/spill"
)

// ConflictSuffix is appended to a file's name for the new version of a
// file that someone edited by hand.
const ConflictSuffix = ".unpress-new"

// ManifestPath is where the Writer keeps the hash of every file it wrote
// and the sources they came from (see Manifest), relative to the output
// root.
const ManifestPath = ".unpress/manifest.json"

// ErrUnsafePath is returned for a path that is absolute, climbs out with
// "..", or names unpress's own files.
var ErrUnsafePath = errors.New("unsafe output path")

// ErrWrittenTwice is returned when one run writes different content to one
// path twice: two sources collided and Plan was not used.
var ErrWrittenTwice = errors.New("path already written with other content in this run")

// WriterOptions configures a Writer.
type WriterOptions struct {
	// Force overwrites files that were edited by hand since unpress wrote
	// them, instead of writing NAME.unpress-new beside them. A file
	// unpress never wrote (a person's own page where a post now goes) is
	// never overwritten, Force or not.
	Force bool
	// DryRun decides everything as a real run would but writes nothing:
	// EachChange then tells what would have been written.
	DryRun bool
	// Locked says the caller holds the output's lock (Lock): the Writer
	// neither takes nor gives it up.
	Locked bool
}

// Writer writes files under one root directory, and nowhere else: every
// operation goes through os.Root, which refuses absolute paths, ".." and
// symbolic links that lead out of the tree. Each write is atomic (a
// temporary file in the same directory, then a rename); a file that
// already holds the bytes is left alone, mtime included; a file changed by
// hand since unpress wrote it is never overwritten unless Force is set.
// A Writer is safe for concurrent use; Close saves the manifest, with the
// sources recorded by SeeSource and those of the last run it was not told
// to forget.
type Writer struct {
	root *os.Root
	dirs *dirRoots // the output's folders, held open
	opts WriterOptions
	// ownLock says whether the Writer took the output's lock (and gives it
	// up when closed); under output.Lock the caller holds it.
	ownLock bool

	// locks serialise the writes of one file: a path always takes the
	// same lock of a fixed set, so that memory does not grow with the
	// files written.
	locks  [64]sync.Mutex
	active sync.RWMutex // held shared by every write, exclusively by Close

	mu       sync.Mutex
	closed   bool
	manifest map[string]string       // path → sha256 of what unpress last wrote
	pending  map[string]PendingFile  // NAME.unpress-new unpress wrote → what it holds
	adopted  []string                // files a person took over (unpress adopt), sorted
	prev     map[string]SourceRecord // the sources as the manifest had them
	sources  map[string]SourceRecord // the sources to save
	savedSum [sha256.Size]byte       // the manifest file as read, hashed
	run      map[string]runRecord    // what this run did to each path
	changes  []storedChange          // dry run: what would have been written
	// changeStore holds the dry run's old and new contents: a first dry
	// run of a big site would otherwise hold the whole site in memory.
	changeStore *spill.Store
	// journal notes each file before it is put in place (JournalPath);
	// nil in a dry run.
	journal *journal
}

type runRecord struct {
	sum    string
	result Result
	detail string // a conflict's regions
}

// NewWriter opens (creating it if needed) the output root and reads the
// manifest of an earlier run.
func NewWriter(root string, opts WriterOptions) (*Writer, error) {
	if _, err := os.Stat(root); opts.DryRun && errors.Is(err, fs.ErrNotExist) {
		// A dry run creates nothing, not even the output folder: it
		// compares against an empty one.
		empty, err := os.MkdirTemp("", "unpress-dry-run-")
		if err != nil {
			return nil, fmt.Errorf("output: %w", err)
		}
		defer os.Remove(empty)
		root = empty
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	ownLock := false
	if !opts.DryRun {
		if !opts.Locked {
			ownLock, err = lock(r)
		}
		if err != nil {
			r.Close()
			return nil, fmt.Errorf("output: %s: %w", root, err)
		}
		if err := removeTemps(r); err != nil {
			if ownLock {
				unlock(r)
			}
			r.Close()
			return nil, fmt.Errorf("output: cleaning up after an interrupted run: %w", err)
		}
	}
	w := &Writer{root: r, dirs: newDirRoots(r), opts: opts, ownLock: ownLock, manifest: map[string]string{}, pending: map[string]PendingFile{}, prev: map[string]SourceRecord{}, sources: map[string]SourceRecord{}, run: map[string]runRecord{}}
	data, err := readRegular(r, ManifestPath)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		w.release()
		return nil, fmt.Errorf("output: reading manifest: %w", err)
	default:
		m, err := parseManifest(root, data)
		if err != nil {
			w.release()
			return nil, err
		}
		w.manifest, w.prev, w.sources, w.pending, w.adopted = m.Files, m.Sources, maps.Clone(m.Sources), m.Pending, m.Adopted
		w.savedSum = sha256.Sum256(data)
	}
	// What an interrupted run wrote after its last saved manifest is
	// known from its journal (a dry run reads it too, to tell the same).
	if err := w.replayJournal(); err != nil {
		w.release()
		return nil, fmt.Errorf("output: reading %s: %w", JournalPath, err)
	}
	if !opts.DryRun {
		if w.journal, err = openJournal(r); err != nil {
			w.release()
			return nil, fmt.Errorf("output: %s: %w", JournalPath, err)
		}
	}
	return w, nil
}

// isText reports whether data reads as text, for a diff.
func isText(data []byte) bool {
	return bytes.IndexByte(data, 0) < 0 && utf8.Valid(data)
}

// Write writes data to rel (slash-separated, relative to the root).
func (w *Writer) Write(rel string, data []byte) (Result, error) {
	name, err := cleanRel(rel)
	if err != nil {
		return 0, err
	}
	sum := sha256.Sum256(data)
	res, err := w.put(name, hex.EncodeToString(sum[:]), data, func(f io.Writer) error {
		_, err := f.Write(data)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("output: write %s: %w", name, err)
	}
	return res, nil
}

// CopyFile copies the file at src (anywhere) to rel under the root,
// streaming it: src is read once to hash it and, only when the copy must be
// written, once more to copy it.
func (w *Writer) CopyFile(rel string, src string) (Result, error) {
	name, err := cleanRel(rel)
	if err != nil {
		return 0, err
	}
	f, err := os.Open(src)
	if err != nil {
		return 0, fmt.Errorf("output: copy %s: %w", name, err)
	}
	defer f.Close()
	sum, err := hashReader(f)
	if err != nil {
		return 0, fmt.Errorf("output: copy %s: reading %s: %w", name, src, err)
	}
	res, err := w.put(name, sum, nil, func(dst io.Writer) error {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return err
		}
		h := sha256.New()
		if _, err := io.Copy(io.MultiWriter(dst, h), f); err != nil {
			return err
		}
		if hex.EncodeToString(h.Sum(nil)) != sum {
			return fmt.Errorf("%s changed while being copied", src)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("output: copy %s: %w", name, err)
	}
	return res, nil
}

// currentHash hashes the file at name, if there is one. Anything but a
// regular file there is an error: unpress replaces only files.
// HasEarlierCopy reports whether rel holds, unchanged, what an earlier run
// of unpress wrote there (the manifest's hash): a copy a post can keep
// pointing at when this run could not fetch the file again.
func (w *Writer) HasEarlierCopy(rel string) bool {
	name, err := cleanRel(rel)
	if err != nil {
		return false
	}
	w.mu.Lock()
	known, ok := w.manifest[name]
	w.mu.Unlock()
	if !ok {
		return false
	}
	cur, exists, err := w.currentHash(name)
	return err == nil && exists && cur == known
}

func (w *Writer) currentHash(name string) (sum string, exists bool, err error) {
	dir, base := splitRel(name)
	sub, done, err := w.dirs.get(dir, false)
	if errors.Is(err, fs.ErrNotExist) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	defer done()
	fi, err := sub.Lstat(base)
	if errors.Is(err, fs.ErrNotExist) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	if !fi.Mode().IsRegular() {
		return "", false, fmt.Errorf("%s exists and is not a regular file (%s)", name, fi.Mode().Type())
	}
	f, err := sub.Open(base)
	if err != nil {
		return "", false, err
	}
	defer f.Close()
	sum, err = hashReader(f)
	return sum, true, err
}

// atomicWrite creates the parent directories and writes name through a
// temporary file beside it (atomicfile), inside the output root.
func (w *Writer) atomicWrite(name string, fill func(io.Writer) error) error {
	dir, base := splitRel(name)
	sub, done, err := w.dirs.get(dir, true)
	if err != nil {
		return err
	}
	defer done()
	return atomicfile.Write(sub, base, 0o644, fill)
}

// splitRel splits a clean slash-separated path into its folder ("." at
// the top) and its name.
func splitRel(name string) (dir, base string) {
	dir, base = path.Split(name)
	dir = strings.TrimSuffix(dir, "/")
	if dir == "" {
		dir = "."
	}
	return dir, base
}

func (w *Writer) lock(name string) (unlock func()) {
	h := fnv.New32a()
	h.Write([]byte(name))
	mu := &w.locks[h.Sum32()%uint32(len(w.locks))]
	mu.Lock()
	return mu.Unlock
}

// Close saves the manifest (sorted keys, indented, atomically; not at all
// when it did not change) and releases the root. Writes after Close fail.
func (w *Writer) Close() error {
	w.active.Lock() // wait for writes in progress
	defer w.active.Unlock()
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return nil
	}
	w.closed = true
	slices.Sort(w.adopted)
	m := &Manifest{Version: manifestVersion, Files: w.manifest, Sources: w.sources, Pending: w.pending, Adopted: slices.Compact(w.adopted)}
	keep := map[string]bool{}
	for _, sum := range w.manifest {
		keep[sum] = true
	}
	for _, p := range w.pending {
		keep[p.Render] = true
	}
	w.mu.Unlock()
	// Hashed first, so that an unchanged manifest is not rewritten, then
	// streamed to its file: it is never held whole in memory.
	sum := sha256.New()
	err := writeManifest(sum, m)
	if err == nil && !w.opts.DryRun && !bytes.Equal(sum.Sum(nil), w.savedSum[:]) {
		err = w.atomicWrite(ManifestPath, func(f io.Writer) error { return writeManifest(f, m) })
	}
	if err != nil {
		err = fmt.Errorf("output: saving manifest: %w", err)
	} else if !w.opts.DryRun {
		// Bases no file refers to any more go, once the manifest that
		// referred to them is replaced.
		err = w.pruneBases(keep)
	}
	if w.journal != nil {
		jerr := w.journal.close()
		if err == nil {
			// The manifest holds everything the journal noted.
			jerr = errors.Join(jerr, w.root.Remove(filepath.FromSlash(JournalPath)))
		}
		err = errors.Join(err, jerr)
	}
	return errors.Join(err, w.release())
}

// release gives up the lock and the root.
func (w *Writer) release() error {
	var err error
	if w.ownLock {
		err = unlock(w.root)
	}
	w.dirs.closeAll()
	return errors.Join(err, w.root.Close())
}

// cleanRel checks a slash-separated path relative to the root. os.Root
// catches the rest (symbolic links out of the tree) when it is used.
func cleanRel(rel string) (string, error) {
	bad := func(why string) (string, error) {
		return "", fmt.Errorf("output: %q: %w: %s", rel, ErrUnsafePath, why)
	}
	switch {
	case rel == "":
		return bad("empty")
	case strings.ContainsRune(rel, 0):
		return bad("contains NUL")
	case strings.Contains(rel, `\`):
		return bad("contains a backslash (paths are slash-separated)")
	case path.IsAbs(rel) || filepath.IsAbs(rel) || filepath.VolumeName(rel) != "":
		return bad("absolute")
	}
	for seg := range strings.SplitSeq(rel, "/") {
		if seg == ".." {
			return bad("contains ..")
		}
	}
	name := path.Clean(rel)
	first, _, _ := strings.Cut(name, "/")
	switch {
	case name == ".":
		return bad("names the root")
	case first == path.Dir(ManifestPath):
		return bad("inside unpress's own folder")
	case strings.HasSuffix(name, ConflictSuffix):
		return bad("ends in " + ConflictSuffix)
	}
	return name, nil
}

func hashReader(r io.Reader) (string, error) {
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
