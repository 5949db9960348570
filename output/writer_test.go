package output

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func newTestWriter(t *testing.T, root string, opts WriterOptions) *Writer {
	t.Helper()
	w, err := NewWriter(root, opts)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func mustWrite(t *testing.T, w *Writer, rel, data string, want Result) {
	t.Helper()
	got, err := w.Write(rel, []byte(data))
	if err != nil {
		t.Fatalf("Write(%s): %v", rel, err)
	}
	if got != want {
		t.Fatalf("Write(%s) = %v, want %v", rel, got, want)
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWriterCreateUpdateUnchanged(t *testing.T) {
	root := t.TempDir()
	w := newTestWriter(t, root, WriterOptions{})
	mustWrite(t, w, "content/posts/a.md", "one\n", Created)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(root, "content", "posts", "a.md")
	if got := readFile(t, file); got != "one\n" {
		t.Fatalf("content = %q", got)
	}

	// A later run: same bytes leave the file alone, mtime included.
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(file, old, old); err != nil {
		t.Fatal(err)
	}
	manifestBefore := readFile(t, filepath.Join(root, ".unpress", "manifest.json"))
	w = newTestWriter(t, root, WriterOptions{})
	mustWrite(t, w, "content/posts/a.md", "one\n", Unchanged)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(file); err != nil || !fi.ModTime().Equal(old) {
		t.Errorf("unchanged file touched: %v %v", fi.ModTime(), err)
	}
	if got := readFile(t, filepath.Join(root, ".unpress", "manifest.json")); got != manifestBefore {
		t.Errorf("manifest rewritten: %s", got)
	}

	// New content for a file nobody touched: updated.
	w = newTestWriter(t, root, WriterOptions{})
	mustWrite(t, w, "content/posts/a.md", "two\n", Updated)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, file); got != "two\n" {
		t.Errorf("content = %q", got)
	}
	assertNoTemps(t, root)
}

func TestWriterManifest(t *testing.T) {
	root := t.TempDir()
	w := newTestWriter(t, root, WriterOptions{})
	mustWrite(t, w, "b.md", "b", Created)
	mustWrite(t, w, "a/z.md", "z", Created)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got := readFile(t, filepath.Join(root, ManifestPath))
	want := `{
  "version": 2,
  "files": {
    "a/z.md": "594e519ae499312b29433b7dd8a97ff068defcba9755b6d5d00e84c524d67b06",
    "b.md": "3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d"
  }
}
`
	if got != want {
		t.Errorf("manifest:\n%s\nwant:\n%s", got, want)
	}
	if _, err := w.Write("c.md", nil); err == nil {
		t.Error("Write after Close succeeded")
	}
}

func TestWriterHandEdited(t *testing.T) {
	root := t.TempDir()
	w := newTestWriter(t, root, WriterOptions{})
	mustWrite(t, w, "content/a.md", "generated\n", Created)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(root, "content", "a.md")
	if err := os.WriteFile(file, []byte("edited by a person\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	w = newTestWriter(t, root, WriterOptions{})
	mustWrite(t, w, "content/a.md", "regenerated\n", Conflict)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, file); got != "edited by a person\n" {
		t.Errorf("hand edit overwritten: %q", got)
	}
	// Both changed the one line: the merge marks it.
	if got, want := readFile(t, file+ConflictSuffix), "<<<<<<< edited by hand\nedited by a person\n=======\nregenerated\n>>>>>>> unpress\n"; got != want {
		t.Errorf("%s = %q, want %q", ConflictSuffix, got, want)
	}

	// Still protected on the next run: the manifest kept the old hash.
	w = newTestWriter(t, root, WriterOptions{})
	mustWrite(t, w, "content/a.md", "regenerated\n", Conflict)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	// Force overwrites, and the file is unpress's again.
	w = newTestWriter(t, root, WriterOptions{Force: true})
	mustWrite(t, w, "content/a.md", "regenerated\n", Overwritten)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, file); got != "regenerated\n" {
		t.Errorf("forced content = %q", got)
	}
	w = newTestWriter(t, root, WriterOptions{})
	mustWrite(t, w, "content/a.md", "third\n", Updated)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	assertNoTemps(t, root)
}

func TestWriterNeverOverwritesForeignFile(t *testing.T) {
	root := t.TempDir()
	file := filepath.Join(root, "README.md")
	if err := os.WriteFile(file, []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Not even with Force: it was never unpress's (issue 13).
	for _, opts := range []WriterOptions{{}, {}, {Force: true}} {
		w := newTestWriter(t, root, opts)
		mustWrite(t, w, "README.md", "unpress\n", Conflict)
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if got := readFile(t, file); got != "mine\n" {
			t.Fatalf("foreign file overwritten: %q", got)
		}
	}
	// A foreign file that already holds the bytes is adopted, untouched.
	w := newTestWriter(t, root, WriterOptions{})
	mustWrite(t, w, "README.md", "mine\n", Unchanged)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestWriterRefusesUnsafePaths(t *testing.T) {
	parent := t.TempDir()
	root := filepath.Join(parent, "site")
	outside := filepath.Join(parent, "outside")
	for _, d := range []string{root, outside} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(outside, filepath.Join(root, "escape")); err != nil {
		t.Skip("no symlinks:", err)
	}
	if err := os.Symlink(filepath.Join(outside, "target.md"), filepath.Join(root, "link.md")); err != nil {
		t.Fatal(err)
	}
	w := newTestWriter(t, root, WriterOptions{Force: true})
	defer w.Close()
	for _, rel := range []string{
		"../x",
		"a/../../x",
		"/etc/passwd",
		"",
		".",
		"a\\..\\b",
		"nul\x00.md",
		".unpress/manifest.json",
		"a.md" + ConflictSuffix,
	} {
		if _, err := w.Write(rel, []byte("x")); !errors.Is(err, ErrUnsafePath) {
			t.Errorf("Write(%q) error = %v, want ErrUnsafePath", rel, err)
		}
	}
	for _, rel := range []string{"escape/x.md", "escape/deeper/x.md", "link.md"} {
		if _, err := w.Write(rel, []byte("x")); err == nil {
			t.Errorf("Write(%q) through a symlink out of the root succeeded", rel)
		}
	}
	entries, _ := os.ReadDir(outside)
	if len(entries) != 0 {
		t.Errorf("wrote outside the root: %v", entries)
	}
}

func TestWriterCopyFile(t *testing.T) {
	root, src := t.TempDir(), filepath.Join(t.TempDir(), "photo.jpg")
	data := bytes.Repeat([]byte("jpeg"), 100_000)
	if err := os.WriteFile(src, data, 0o644); err != nil {
		t.Fatal(err)
	}
	w := newTestWriter(t, root, WriterOptions{})
	for _, want := range []Result{Created, Unchanged} {
		res, err := w.CopyFile("static/img/x.org-photo.jpg", src)
		if err != nil || res != want {
			t.Fatalf("CopyFile = %v, %v; want %v", res, err, want)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, filepath.Join(root, "static", "img", "x.org-photo.jpg")); got != string(data) {
		t.Error("copy differs")
	}
	if _, err := newTestWriter(t, root, WriterOptions{}).CopyFile("static/img/missing.jpg", src+".nope"); err == nil {
		t.Error("copying a missing file succeeded")
	}
}

func TestWriterWrittenTwice(t *testing.T) {
	w := newTestWriter(t, t.TempDir(), WriterOptions{})
	defer w.Close()
	mustWrite(t, w, "a.md", "first", Created)
	mustWrite(t, w, "a.md", "first", Unchanged) // the same bytes again: nothing to do
	if _, err := w.Write("a.md", []byte("second")); !errors.Is(err, ErrWrittenTwice) {
		t.Errorf("error = %v, want ErrWrittenTwice", err)
	}
}

func TestWriterConcurrent(t *testing.T) {
	root := t.TempDir()
	w := newTestWriter(t, root, WriterOptions{})
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			rel := fmt.Sprintf("d%d/f%d.md", i%5, i)
			if _, err := w.Write(rel, []byte(rel)); err != nil {
				t.Error(err)
			}
			if _, err := w.Write("shared.md", []byte("same")); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	var m Manifest
	if err := json.Unmarshal([]byte(readFile(t, filepath.Join(root, ManifestPath))), &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Files) != 51 {
		t.Errorf("manifest has %d files, want 51", len(m.Files))
	}
	assertNoTemps(t, root)
}

func TestWriterDamagedManifest(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, ".unpress"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, ManifestPath), []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := NewWriter(root, WriterOptions{}); err == nil {
		t.Error("damaged manifest accepted: hand edits would lose their protection")
	}
}

func assertNoTemps(t *testing.T, root string) {
	t.Helper()
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), ".unpress-tmp-") {
			t.Errorf("temporary file left behind: %s", p)
		}
		return nil
	})
}
