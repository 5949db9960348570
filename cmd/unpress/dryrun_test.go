package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func migrateArgs(from, out string, extra ...string) []string {
	return append([]string{"migrate", "--from", from, "--out", out, "--quiet"}, extra...)
}

// TestDryRun: a dry run writes nothing, says what would change as a
// unified diff, and exits 0 when nothing would, 2 when something would.
func TestDryRun(t *testing.T) {
	ctx := context.Background()
	out := filepath.Join(t.TempDir(), "out")
	var stdout, stderr bytes.Buffer

	// Nothing written yet: everything would be created, nothing is.
	if code := run(ctx, migrateArgs("../../fixtures/site", out, "--dry-run", "--stat"), nil, &stdout, &stderr); code != exitChanges {
		t.Fatalf("first dry run: exit %d, want %d: %s", code, exitChanges, stderr.String())
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("a dry run created the output folder (%v)", err)
	}
	if stdout.Len() != 0 {
		t.Errorf("--stat printed diffs:\n%s", stdout.String())
	}
	if !strings.Contains(stderr.String(), "dry run: 18 files would change (created: 18, updated: 0, merged: 0, overwritten: 0, conflicts: 0, deleted: 0)") {
		t.Errorf("summary = %q", stderr.String())
	}

	if code := run(ctx, migrateArgs("../../fixtures/site", out), nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("migrate: exit %d: %s", code, stderr.String())
	}
	seed := filepath.Join(out, "src/pages/blog/over-20000-volunteers-join-international-legion-to-fight-against-russia.md")
	if _, err := os.Stat(seed); err != nil {
		t.Fatal(err)
	}

	// Nothing changed: exit 0, no diff.
	stdout.Reset()
	stderr.Reset()
	if code := run(ctx, migrateArgs("../../fixtures/site", out, "--dry-run"), nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("no-change dry run: exit %d: %s", code, stderr.String())
	}
	if stdout.Len() != 0 || !strings.Contains(stderr.String(), "nothing would change") {
		t.Errorf("no-change dry run printed %q / %q", stdout.String(), stderr.String())
	}

	// A hand edit, its source unchanged: kept, nothing would change.
	edited := bytes.Replace(mustRead(t, seed), []byte("author: Save Ukraine EN"), []byte("author: An Editor"), 1)
	if err := os.WriteFile(seed, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(seed, old, old); err != nil {
		t.Fatal(err)
	}
	dry := func(site string, want int) {
		t.Helper()
		stdout.Reset()
		stderr.Reset()
		if code := run(ctx, migrateArgs(site, out, "--dry-run"), nil, &stdout, &stderr); code != want {
			t.Fatalf("dry run: exit %d, want %d: %s", code, want, stderr.String())
		}
	}
	dry("../../fixtures/site", exitOK)
	if stdout.Len() != 0 || !strings.Contains(stderr.String(), "nothing would change") {
		t.Errorf("dry run over a kept edit printed %q / %q", stdout.String(), stderr.String())
	}

	// The source changes elsewhere: the edit and the change would merge.
	site := fixedTimes(t, "../../fixtures/site")
	page := filepath.Join(site, "2022/03/11/over-20000-volunteers-join-international-legion-to-fight-against-russia/index.html")
	html := mustRead(t, page)
	if err := os.WriteFile(page, bytes.Replace(html, []byte("designed to counter foreign aggression"), []byte("meant to counter foreign aggression"), -1), 0o644); err != nil {
		t.Fatal(err)
	}
	dry(site, exitChanges)
	if !strings.HasPrefix(stdout.String(), "# "+rel(out, seed)+" was edited by hand: its source's changes would be merged in\n") ||
		!strings.Contains(stdout.String(), "+description: Ukraine’s President Volodymyr Zelenskyy has announced the creation of the International Legion of Territorial Defense, meant to counter") ||
		strings.Contains(stdout.String(), "-author: An Editor") {
		t.Errorf("merge diff:\n%s", stdout.String())
	}
	if !strings.Contains(stderr.String(), "merged: 1") {
		t.Errorf("summary: %s", stderr.String())
	}

	// It changes the author too: a conflict, exit 3 as the real run.
	if err := os.WriteFile(page, bytes.Replace(mustRead(t, page), []byte("Save Ukraine EN"), []byte("Legion Press"), -1), 0o644); err != nil {
		t.Fatal(err)
	}
	dry(site, exitPageErrors)
	if !strings.HasPrefix(stdout.String(), "# "+rel(out, seed)+" was edited by hand and its source changed too (front matter field author): the merge, with conflict markers, would go to "+rel(out, seed)+".unpress-new\n") {
		t.Errorf("conflict diff:\n%s", stdout.String())
	}
	after, err := os.Stat(seed)
	if err != nil {
		t.Fatal(err)
	}
	if !after.ModTime().Equal(old) || !bytes.Equal(mustRead(t, seed), edited) {
		t.Error("the dry run touched the edited file")
	}
	if _, err := os.Stat(seed + ".unpress-new"); !os.IsNotExist(err) {
		t.Error("the dry run wrote .unpress-new")
	}
}

// rel is p's slash path under root.
func rel(root, p string) string {
	r, err := filepath.Rel(root, p)
	if err != nil {
		panic(err)
	}
	return filepath.ToSlash(r)
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestFixtureDiff locks the project's own rule fixtures with the same
// mechanism users run in their CI, and checks that a difference is shown
// and exits 2.
func TestFixtureDiff(t *testing.T) {
	ctx := context.Background()
	var stdout, stderr bytes.Buffer
	if code := run(ctx, []string{"diff", "--fixtures", "../../fixtures/rules"}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d:\n%s%s", code, stdout.String(), stderr.String())
	}
	if got := stderr.String(); got != "2 fixture pages match their expected Markdown\n" {
		t.Errorf("stderr = %q", got)
	}
	// The site the fixtures make points at no local file it lacks.
	out := t.TempDir()
	if code := run(ctx, migrateArgs("../../fixtures/rules", out), nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("migrate the fixtures: exit %d: %s", code, stderr.String())
	}
	assertNoDangling(t, readTree(t, out), "decap")
	stderr.Reset()

	// A copy whose expectation is wrong fails with the diff.
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../../fixtures/rules")); err != nil {
		t.Fatal(err)
	}
	md := filepath.Join(dir, "2022/03/11/legion/index.md")
	if err := os.WriteFile(md, bytes.Replace(mustRead(t, md), []byte("  - War in Ukraine\n"), nil, 1), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	stderr.Reset()
	if code := run(ctx, []string{"diff", "--fixtures", dir}, nil, &stdout, &stderr); code != exitChanges {
		t.Fatalf("exit %d, want %d: %s", code, exitChanges, stderr.String())
	}
	if !strings.Contains(stdout.String(), "+  - War in Ukraine\n") || !strings.Contains(stderr.String(), "1 of 2 fixture pages differ") {
		t.Errorf("diff output:\n%s\n%s", stdout.String(), stderr.String())
	}
}
