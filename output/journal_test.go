package output

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// crash ends a writer as a killed process would: nothing saved, the lock
// and the journal left as they are.
func crash(w *Writer) {
	w.journal.close()
	w.ownLock = false
	w.release()
	os.Remove(filepath.Join(w.root.Name(), filepath.FromSlash(LockPath)))
}

// TestJournalKnowsInterruptedWrites: a run that put files in place and
// was killed before saving its manifest left them noted in the journal;
// the next run knows them as its own (no false hand edit), and removes
// the journal once its manifest holds them.
func TestJournalKnowsInterruptedWrites(t *testing.T) {
	root := t.TempDir()
	w := newTestWriter(t, root, WriterOptions{})
	mustWrite(t, w, "a.md", "v1\n", Created)
	mustWrite(t, w, "edited.md", "v1\n", Created)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	w = newTestWriter(t, root, WriterOptions{})
	mustWrite(t, w, "a.md", "v2\n", Updated)
	mustWrite(t, w, "edited.md", "v2\n", Updated)
	mustWrite(t, w, "new.md", "v2\n", Created)
	crash(w)
	// A person edits one of them before the next run, and the kill cut
	// a last entry short.
	os.WriteFile(filepath.Join(root, "edited.md"), []byte("mine\n"), 0o644)
	jf, err := os.OpenFile(filepath.Join(root, filepath.FromSlash(JournalPath)), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	jf.WriteString(`{"path":"b.md","sha`)
	jf.Close()

	for _, dry := range []bool{true, false} {
		w = newTestWriter(t, root, WriterOptions{DryRun: dry})
		mustWrite(t, w, "a.md", "v3\n", Updated)
		mustWrite(t, w, "new.md", "v3\n", Updated)
		mustWrite(t, w, "edited.md", "v3\n", Conflict)
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(JournalPath))); !os.IsNotExist(err) {
		t.Errorf("the journal is still there once the manifest is saved (%v)", err)
	}
	m, err := ReadManifest(root)
	if err != nil || m.Files["a.md"] != sha("v3\n") || m.Files["new.md"] != sha("v3\n") || m.Files["edited.md"] != sha("v1\n") {
		t.Errorf("manifest files = %v, %v", m.Files, err)
	}
}

// TestSpecialFilesRefused: a FIFO where unpress keeps its state (the
// manifest, the lock, the journal) is refused with a message at once,
// never opened in a way that blocks the run.
func TestSpecialFilesRefused(t *testing.T) {
	for _, name := range []string{ManifestPath, LockPath, JournalPath} {
		t.Run(filepath.Base(name), func(t *testing.T) {
			root := t.TempDir()
			os.MkdirAll(filepath.Join(root, ".unpress"), 0o755)
			if err := syscall.Mkfifo(filepath.Join(root, filepath.FromSlash(name)), 0o644); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() {
				w, err := NewWriter(root, WriterOptions{})
				if err == nil {
					w.Close()
				}
				done <- err
			}()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), "not a regular file") {
					t.Errorf("NewWriter = %v, want a refusal naming the FIFO", err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("NewWriter blocked on a FIFO")
			}
		})
	}
}

// sha is the manifest's hash of data.
func sha(data string) string {
	h := sha256.Sum256([]byte(data))
	return hex.EncodeToString(h[:])
}
