package output

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"
)

// JournalPath is where a Writer notes every file it is about to put in
// place, before the rename that does it. The manifest is saved once, when
// the run ends: a run killed (kill -9, a crash) or stopped by a full disk
// or a file-size limit between the two would otherwise leave files that
// unpress wrote looking edited by hand to every later run. The next run
// reads the journal and takes as its own every file that holds what an
// entry says; once its manifest is saved, the journal is removed.
const JournalPath = ".unpress/journal"

// journalEntry is one line of the journal: a path (slash-separated, under
// the output) and the SHA-256 of the bytes about to be put there. Pending
// marks a NAME.unpress-new.
type journalEntry struct {
	Path string `json:"path"`
	Sum  string `json:"sha256"`
	// Pending marks a NAME.unpress-new, and Render is the hash of the
	// render it is about.
	Pending bool   `json:"pending,omitempty"`
	Render  string `json:"render,omitempty"`
}

// journal appends entries to the journal file, one write per entry (an
// entry cut short by a kill is a line the next run skips). There is no
// fsync, as for the files themselves: a crash of the machine may lose the
// latest entries with the latest files.
type journal struct {
	mu sync.Mutex
	f  *os.File
}

// openJournal opens the journal for appending.
func openJournal(r *os.Root) (*journal, error) {
	name := filepath.FromSlash(JournalPath)
	if err := r.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return nil, err
	}
	f, err := r.OpenFile(name, os.O_WRONLY|os.O_APPEND|os.O_CREATE|syscall.O_NONBLOCK, 0o644)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%s is not a regular file", JournalPath)
	}
	return &journal{f: f}, nil
}

// note records that e.Path is about to hold the bytes whose hash is e.Sum.
func (j *journal) note(e journalEntry) error {
	if j == nil { // a dry run writes nothing
		return nil
	}
	line, err := json.Marshal(e)
	if err != nil {
		return err
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if _, err := j.f.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("noting the write in %s: %w", JournalPath, err)
	}
	return nil
}

func (j *journal) close() error { return j.f.Close() }

// replayJournal takes as unpress's own every file that holds what the
// journal of an interrupted run says was about to be written there. An
// entry whose file holds anything else (the rename never happened, or a
// person edited it since) is ignored.
func (w *Writer) replayJournal() error {
	data, err := readRegular(w.root, JournalPath)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var e journalEntry
		if json.Unmarshal(sc.Bytes(), &e) != nil || e.Path == "" || e.Sum == "" {
			continue // a line cut short by the kill
		}
		cur, exists, err := w.currentHash(e.Path)
		if err != nil || !exists || cur != e.Sum {
			continue
		}
		if e.Pending {
			w.pending[e.Path] = PendingFile{SHA256: e.Sum, Render: e.Render}
		} else {
			w.manifest[e.Path] = e.Sum
		}
	}
	return nil
}

// readRegular reads the file at the slash path name under r, refusing
// anything but a regular file without blocking on it: a FIFO or a device
// put where unpress keeps its state must not hang a run (and its lock).
func readRegular(r *os.Root, name string) ([]byte, error) {
	f, err := r.OpenFile(filepath.FromSlash(name), os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file (%s): move it away", name, fi.Mode().Type())
	}
	return io.ReadAll(f)
}
