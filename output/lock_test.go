package output

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestLock(t *testing.T) {
	root := t.TempDir()
	w, err := NewWriter(root, WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// A second run on the same folder is refused, naming the process.
	_, err = NewWriter(root, WriterOptions{})
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "process "+strconv.Itoa(os.Getpid())) {
		t.Fatalf("second writer: %v, want ErrLocked naming pid %d", err, os.Getpid())
	}
	// A dry run only reads: it may look while a run writes.
	dry, err := NewWriter(root, WriterOptions{DryRun: true})
	if err != nil {
		t.Fatalf("dry run during a run: %v", err)
	}
	dry.Close()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, LockPath)); !os.IsNotExist(err) {
		t.Fatalf("lock left after Close: %v", err)
	}
}

// A lock whose process is gone (kill -9) and temporary files of a write
// cut short are cleaned up by the next run.
func TestStaleLockAndTemps(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, ".unpress"), 0o755); err != nil {
		t.Fatal(err)
	}
	// PID 2^22+1 is above Linux's pid_max default: no such process.
	if err := os.WriteFile(filepath.Join(root, LockPath), []byte("4194305\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(root, "content", "posts", ".unpress-tmp-0123456789abcdef")
	if err := os.MkdirAll(filepath.Dir(tmp), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(tmp, []byte("half a fi"), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := NewWriter(root, WriterOptions{})
	if err != nil {
		t.Fatalf("stale lock not taken over: %v", err)
	}
	defer w.Close()
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Errorf("temporary file of an interrupted write left: %v", err)
	}
}

// TestLockBeforeWriter: Lock takes the folder before any writer; a writer
// opened under it (Locked) works and leaves the lock to its holder, any
// other writer is refused, and the release gives it up.
func TestLockBeforeWriter(t *testing.T) {
	root := t.TempDir()
	release, err := Lock(root)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewWriter(root, WriterOptions{}); !errors.Is(err, ErrLocked) {
		t.Fatalf("a writer beside the lock: %v, want ErrLocked", err)
	}
	w, err := NewWriter(root, WriterOptions{Locked: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, LockPath)); err != nil {
		t.Fatalf("the writer gave up its holder's lock: %v", err)
	}
	release()
	if _, err := os.Stat(filepath.Join(root, LockPath)); !os.IsNotExist(err) {
		t.Fatalf("lock left after release: %v", err)
	}
}
