package output

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestPendingTracked: a NAME.unpress-new is unpress's until a person
// changes it. Then it is never overwritten nor removed: the new version
// is not written, and the write says why.
func TestPendingTracked(t *testing.T) {
	root := t.TempDir()
	file := filepath.Join(root, "a.md")
	pending := file + ConflictSuffix
	run := func(opts WriterOptions, data string, want Result, wantErr error) {
		t.Helper()
		w := newTestWriter(t, root, opts)
		res, err := w.Write("a.md", []byte(data))
		if !errors.Is(err, wantErr) || err == nil && res != want {
			t.Errorf("Write(%q) = %v, %v; want %v, %v", data, res, err, want, wantErr)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	run(WriterOptions{}, "v1\n", Created, nil)
	os.WriteFile(file, []byte("mine\n"), 0o644)
	run(WriterOptions{}, "v2\n", Conflict, nil)
	if got := readFile(t, pending); got != "v2\n" {
		t.Fatalf("%s = %q", ConflictSuffix, got)
	}
	// A newer version replaces unpress's own NAME.unpress-new.
	run(WriterOptions{}, "v3\n", Conflict, nil)
	if got := readFile(t, pending); got != "v3\n" {
		t.Fatalf("%s = %q, want the newer version", ConflictSuffix, got)
	}
	// A person merges inside it: it is theirs now.
	os.WriteFile(pending, []byte("mine and v3\n"), 0o644)
	run(WriterOptions{}, "v4\n", 0, ErrPendingEdited)
	if got := readFile(t, pending); got != "mine and v3\n" {
		t.Errorf("the merge in %s was lost: %q", ConflictSuffix, got)
	}
	if got := readFile(t, file); got != "mine\n" {
		t.Errorf("the hand edit was lost: %q", got)
	}
	// --force replaces the file, as asked; the merge beside it stays.
	run(WriterOptions{Force: true}, "v4\n", Overwritten, nil)
	if got := readFile(t, pending); got != "mine and v3\n" {
		t.Errorf("--force lost the merge in %s: %q", ConflictSuffix, got)
	}
	// unpress's own NAME.unpress-new goes once the file is unpress's again.
	os.WriteFile(file, []byte("mine again\n"), 0o644)
	os.Remove(pending)
	run(WriterOptions{}, "v5\n", Conflict, nil)
	run(WriterOptions{Force: true}, "v5\n", Overwritten, nil)
	if _, err := os.Stat(pending); !os.IsNotExist(err) {
		t.Errorf("%s left after --force put unpress's version in place (%v)", ConflictSuffix, err)
	}
	m, err := ReadManifest(root)
	if err != nil || len(m.Pending) != 0 {
		t.Errorf("manifest pending = %v, %v", m.Pending, err)
	}
}
