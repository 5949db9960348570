package output

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// Files in more folders than stay open, written concurrently, all land
// whole where they belong, with at most maxOpen folders held open.
func TestWriterManyFolders(t *testing.T) {
	dir := t.TempDir()
	w, err := NewWriter(dir, WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	const n = 3 * maxOpen
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := g; i < n; i += 4 {
				rel := fmt.Sprintf("content/posts/p%d/index.md", i)
				if res, err := w.Write(rel, fmt.Appendf(nil, "post %d\n", i)); err != nil || res != Created {
					t.Errorf("%s: %v %v", rel, res, err)
				}
			}
		}()
	}
	wg.Wait()
	if open := len(w.dirs.open); open > maxOpen {
		t.Errorf("%d folders held open, want at most %d", open, maxOpen)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		data, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("content/posts/p%d/index.md", i)))
		if err != nil || string(data) != fmt.Sprintf("post %d\n", i) {
			t.Errorf("post %d: %q %v", i, data, err)
		}
	}
	if len(w.dirs.open) != 0 {
		t.Errorf("%d folders still open after Close", len(w.dirs.open))
	}
}

// A folder emptied by a removal and removed is created again for the next
// write into it: no file goes into the removed folder's ghost.
func TestWriterFolderRemovedThenWritten(t *testing.T) {
	dir := t.TempDir()
	w, err := NewWriter(dir, WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write("content/a/index.md", []byte("one\n")); err != nil {
		t.Fatal(err)
	}
	w.Close()
	w, err = NewWriter(dir, WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write("content/a/other.md", []byte("x\n")); err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{"content/a/index.md"} {
		if r, err := w.Remove(rel); err != nil || r.Result != Deleted {
			t.Fatalf("remove %s: %+v %v", rel, r, err)
		}
	}
	os.Remove(filepath.Join(dir, "content/a/other.md"))
	w.removeEmptyDirs("content/a")
	if _, err := os.Stat(filepath.Join(dir, "content/a")); !os.IsNotExist(err) {
		t.Fatalf("content/a not removed: %v", err)
	}
	if _, err := w.Write("content/a/new.md", []byte("again\n")); err != nil {
		t.Fatal(err)
	}
	w.Close()
	if data, err := os.ReadFile(filepath.Join(dir, "content/a/new.md")); err != nil || string(data) != "again\n" {
		t.Errorf("rewritten file: %q %v", data, err)
	}
}
