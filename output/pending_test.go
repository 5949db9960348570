package output

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// writeRun writes one file in a run of its own, as a migration would.
func writeRun(t *testing.T, root string, opts WriterOptions, rel, data string, want Result, wantErr error) {
	t.Helper()
	w := newTestWriter(t, root, opts)
	res, err := w.Write(rel, []byte(data))
	if !errors.Is(err, wantErr) || err == nil && res != want {
		t.Errorf("Write(%q) = %v, %v; want %v, %v", data, res, err, want, wantErr)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestPendingTracked: a NAME.unpress-new is unpress's until a person
// changes it. Then it is never overwritten nor removed: the new version
// is not written, and the write says why.
func TestPendingTracked(t *testing.T) {
	root := t.TempDir()
	file := filepath.Join(root, "a.md")
	pending := file + ConflictSuffix
	run := func(opts WriterOptions, data string, want Result, wantErr error) {
		t.Helper()
		writeRun(t, root, opts, "a.md", data, want, wantErr)
	}
	run(WriterOptions{}, "v1\n", Created, nil)
	os.WriteFile(file, []byte("mine\n"), 0o644)
	run(WriterOptions{}, "v2\n", Conflict, nil)
	if got, want := readFile(t, pending), "<<<<<<< edited by hand\nmine\n=======\nv2\n>>>>>>> unpress\n"; got != want {
		t.Fatalf("%s = %q, want %q", ConflictSuffix, got, want)
	}
	// A newer version replaces unpress's own NAME.unpress-new.
	run(WriterOptions{}, "v3\n", Conflict, nil)
	if got, want := readFile(t, pending), "<<<<<<< edited by hand\nmine\n=======\nv3\n>>>>>>> unpress\n"; got != want {
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

// TestThreeWay: a file edited by hand is left alone while its source does
// not change, merged when it does, and a conflict lasts until the person
// merges it and deletes NAME.unpress-new: the render it was about is then
// the base, and the next run keeps their file.
func TestThreeWay(t *testing.T) {
	root := t.TempDir()
	file := filepath.Join(root, "a.md")
	pending := file + ConflictSuffix
	run := func(data string, want Result) {
		t.Helper()
		writeRun(t, root, WriterOptions{}, "a.md", data, want, nil)
	}
	doc := func(title, body string) string { return "---\ntitle: " + title + "\n---\n\n" + body }
	run(doc("T", "one\n\ntwo\n\nthree\n"), Created)
	os.WriteFile(file, []byte(doc("T", "one\n\ntwo, edited\n\nthree\n")), 0o644)
	run(doc("T", "one\n\ntwo\n\nthree\n"), Edited)
	run(doc("T2", "one\n\ntwo\n\nthree, new\n"), Merged)
	if got, want := readFile(t, file), doc("T2", "one\n\ntwo, edited\n\nthree, new\n"); got != want {
		t.Fatalf("merged:\n%s\nwant:\n%s", got, want)
	}
	// The merge is the file now, the render its base: an unchanged source
	// leaves it alone.
	run(doc("T2", "one\n\ntwo\n\nthree, new\n"), Edited)
	// Paragraphs apart, as Markdown has them: adjacent lines both sides
	// changed are one region, as for git.
	// Both change paragraph two: a conflict, every run until it is merged.
	run(doc("T2", "one\n\ntwo, theirs\n\nthree, new\n"), Conflict)
	run(doc("T2", "one\n\ntwo, theirs\n\nthree, new\n"), Conflict)
	if _, err := os.Stat(pending); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(file, []byte(doc("T2", "one\n\ntwo, edited and theirs\n\nthree, new\n")), 0o644)
	os.Remove(pending)
	run(doc("T2", "one\n\ntwo, theirs\n\nthree, new\n"), Edited)
	if got, want := readFile(t, file), doc("T2", "one\n\ntwo, edited and theirs\n\nthree, new\n"); got != want {
		t.Errorf("the person's merge changed:\n%s", got)
	}
	// Deleted by hand: it stays deleted, and --force brings it back.
	os.Remove(file)
	run(doc("T3", "x\n"), RemovedByHand)
	writeRun(t, root, WriterOptions{Force: true}, "a.md", doc("T3", "x\n"), Created, nil)
	// Front matter that says so: never touched again.
	os.WriteFile(file, []byte("---\ntitle: Mine\nunpress:\n  managed: false\n---\n\nmine\n"), 0o644)
	run(doc("T4", "y\n"), Adopted)
	if got := readFile(t, file); got != "---\ntitle: Mine\nunpress:\n  managed: false\n---\n\nmine\n" {
		t.Errorf("an unmanaged file changed: %q", got)
	}
}
