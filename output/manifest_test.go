package output

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestSourceDates: a source's first-seen time is its time on the first
// run that recorded it; its last-seen time moves only when its content
// does, so a run where nothing changed leaves the record as it was.
func TestSourceDates(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2024, 1, d, 12, 0, 0, 0, time.UTC) }
	ptr := func(t time.Time) *time.Time { return &t }
	for _, tc := range []struct {
		name        string
		prev        *SourceRecord
		seen        Seen
		first, last *time.Time
		stale       []string
	}{
		{"first run", nil, Seen{SHA256: "a", At: day(1)}, ptr(day(1)), ptr(day(1)), nil},
		{"unchanged, touched again (a new mtime, a refetch)", &SourceRecord{SHA256: "a", FirstSeen: ptr(day(1)), LastSeen: ptr(day(1))}, Seen{SHA256: "a", At: day(5)}, ptr(day(1)), ptr(day(1)), nil},
		{"changed", &SourceRecord{SHA256: "a", FirstSeen: ptr(day(1)), LastSeen: ptr(day(2))}, Seen{SHA256: "b", At: day(5)}, ptr(day(1)), ptr(day(5)), nil},
		{"a record without times (an export)", nil, Seen{}, nil, nil, nil},
		{"the output moved", &SourceRecord{Files: []string{"a.md", "img/x.jpg"}, Stale: []string{"old/a.md"}}, Seen{Files: []string{"b.md", "img/x.jpg"}}, nil, nil, []string{"a.md", "old/a.md"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var prev SourceRecord
			if tc.prev != nil {
				prev = *tc.prev
			}
			r := tc.seen.record(prev, tc.prev != nil)
			if !sameTime(r.FirstSeen, tc.first) || !sameTime(r.LastSeen, tc.last) {
				t.Errorf("first, last = %v, %v; want %v, %v", r.FirstSeen, r.LastSeen, tc.first, tc.last)
			}
			if !slices.Equal(r.Stale, tc.stale) {
				t.Errorf("stale = %v, want %v", r.Stale, tc.stale)
			}
		})
	}
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}

// TestManifestSources: the manifest keeps every source's record sorted and
// indented; a run where nothing changed writes the same bytes (no write at
// all); a record the run did not see is kept until it is forgotten; a
// version 1 manifest is read and its files keep their protection.
func TestManifestSources(t *testing.T) {
	root := t.TempDir()
	w := newTestWriter(t, root, WriterOptions{})
	mustWrite(t, w, "posts/a.md", "a", Created)
	mustWrite(t, w, "posts/b.md", "b", Created)
	at := time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)
	w.SeeSource("https://example.org/b/", Seen{Origin: "b/index.html", Files: []string{"posts/b.md"}, SHA256: "bb", At: at})
	w.SeeSource("https://example.org/a/", Seen{Origin: "https://example.org/a/", Files: []string{"posts/a.md", "img/x.jpg", "posts/a.md"}, SHA256: "aa", ETag: `"v1"`, LastModified: "Fri, 01 Mar 2024 10:00:00 GMT", At: at})
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	want := `{
  "version": 2,
  "files": {
    "posts/a.md": "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb",
    "posts/b.md": "3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d"
  },
  "sources": {
    "https://example.org/a/": {
      "origin": "https://example.org/a/",
      "files": [
        "img/x.jpg",
        "posts/a.md"
      ],
      "sha256": "aa",
      "etag": "\"v1\"",
      "last_modified": "Fri, 01 Mar 2024 10:00:00 GMT",
      "first_seen": "2024-03-01T10:00:00Z",
      "last_seen": "2024-03-01T10:00:00Z"
    },
    "https://example.org/b/": {
      "origin": "b/index.html",
      "files": [
        "posts/b.md"
      ],
      "sha256": "bb",
      "first_seen": "2024-03-01T10:00:00Z",
      "last_seen": "2024-03-01T10:00:00Z"
    }
  }
}
`
	manifest := filepath.Join(root, ManifestPath)
	if got := readFile(t, manifest); got != want {
		t.Fatalf("manifest:\n%s\nwant:\n%s", got, want)
	}
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	os.Chtimes(manifest, old, old)

	// The same run again, a day later: not a byte changes.
	w = newTestWriter(t, root, WriterOptions{})
	mustWrite(t, w, "posts/a.md", "a", Unchanged)
	mustWrite(t, w, "posts/b.md", "b", Unchanged)
	w.SeeSource("https://example.org/a/", Seen{Origin: "https://example.org/a/", Files: []string{"posts/a.md", "img/x.jpg"}, SHA256: "aa", ETag: `"v1"`, LastModified: "Fri, 01 Mar 2024 10:00:00 GMT", At: at.Add(24 * time.Hour)})
	// b is not seen: its record stays; then it is marked gone.
	w.MarkGone("https://example.org/b/", "HTTP 404")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got := readFile(t, manifest)
	if got != strings.Replace(want, `"last_seen": "2024-03-01T10:00:00Z"
    }
  }`, `"last_seen": "2024-03-01T10:00:00Z",
      "gone": "HTTP 404"
    }
  }`, 1) {
		t.Errorf("manifest after a run that saw a, not b:\n%s", got)
	}

	// Forgotten: the record goes.
	w = newTestWriter(t, root, WriterOptions{})
	if prev := w.Previous(); len(prev) != 2 || prev["https://example.org/b/"].Gone != "HTTP 404" {
		t.Errorf("Previous() = %+v", prev)
	}
	w.Forget("https://example.org/b/")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, manifest); strings.Contains(got, "example.org/b/") {
		t.Errorf("a forgotten source is still in the manifest:\n%s", got)
	}

	// Version 1, files only: read, its files protected.
	v1 := t.TempDir()
	os.MkdirAll(filepath.Join(v1, "posts"), 0o755)
	os.WriteFile(filepath.Join(v1, "posts", "a.md"), []byte("edited"), 0o644)
	os.MkdirAll(filepath.Join(v1, ".unpress"), 0o755)
	os.WriteFile(filepath.Join(v1, ManifestPath), []byte(`{"version": 1, "files": {"posts/a.md": "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"}}`), 0o644)
	w = newTestWriter(t, v1, WriterOptions{})
	mustWrite(t, w, "posts/a.md", "a2", Conflict)
	w.Close()
	if m, err := ReadManifest(v1); err != nil || m.Version != 2 || len(m.Files) != 1 {
		t.Errorf("ReadManifest after a version 1 run: %+v, %v", m, err)
	}

	// A manifest from a newer unpress is refused, not overwritten.
	os.WriteFile(filepath.Join(v1, ManifestPath), []byte(`{"version": 3, "files": {}}`), 0o644)
	if _, err := NewWriter(v1, WriterOptions{}); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("version 3 manifest: %v", err)
	}
}

// TestRemove: Remove deletes only a file that unpress wrote and nobody
// edited since, with the folders it leaves empty; it keeps an edited file
// (which is no longer tracked), a file unpress never wrote and one this
// run wrote; a dry run deletes nothing and lists the deletion.
func TestRemove(t *testing.T) {
	root := t.TempDir()
	w := newTestWriter(t, root, WriterOptions{})
	for _, f := range []string{"posts/gone/index.md", "posts/edited.md", "posts/removed.md", "posts/kept.md"} {
		mustWrite(t, w, f, "text of "+f+"\n", Created)
	}
	// A NAME.unpress-new an earlier conflict left: unpress's, removed
	// with its file.
	stale := sha256.Sum256([]byte("stale\n"))
	w.pending["posts/gone/index.md"+ConflictSuffix] = PendingFile{SHA256: hex.EncodeToString(stale[:])}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(root, "posts", "edited.md"), []byte("mine\n"), 0o644)
	os.WriteFile(filepath.Join(root, "posts", "foreign.md"), []byte("not unpress's\n"), 0o644)
	os.Remove(filepath.Join(root, "posts", "removed.md"))
	os.WriteFile(filepath.Join(root, "posts", "gone", "index.md"+ConflictSuffix), []byte("stale\n"), 0o644)

	for _, dry := range []bool{true, false} {
		w := newTestWriter(t, root, WriterOptions{DryRun: dry})
		mustWrite(t, w, "posts/kept.md", "text of posts/kept.md\n", Unchanged)
		for _, tc := range []struct {
			rel    string
			result Result
			reason string
		}{
			{"posts/gone/index.md", Deleted, ""},
			{"posts/edited.md", Kept, "edited by hand since unpress wrote it"},
			{"posts/foreign.md", Kept, "not written by unpress"},
			{"posts/removed.md", Unchanged, "already deleted"},
			{"posts/kept.md", Kept, "written by this run"},
		} {
			rm, err := w.Remove(tc.rel)
			if err != nil || rm.Result != tc.result || rm.Reason != tc.reason {
				t.Errorf("dry run %v: Remove(%s) = %+v, %v; want %v %q", dry, tc.rel, rm, err, tc.result, tc.reason)
			}
		}
		var changes []Change
		w.EachChange(func(c Change) error {
			changes = append(changes, c)
			return nil
		})
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		_, err := os.Stat(filepath.Join(root, "posts", "gone"))
		switch {
		case dry:
			if len(changes) != 1 || changes[0].Result != Deleted || string(changes[0].Old) != "text of posts/gone/index.md\n" || err != nil {
				t.Errorf("dry run: changes %+v; the folder: %v", changes, err)
			}
		default:
			if !os.IsNotExist(err) {
				t.Errorf("the emptied folder is still there (%v)", err)
			}
			m, _ := ReadManifest(root)
			if _, ok := m.Files["posts/edited.md"]; ok || len(m.Files) != 1 {
				t.Errorf("manifest files after Remove: %v", m.Files)
			}
		}
	}
	for _, f := range []string{"edited.md", "foreign.md", "kept.md"} {
		if _, err := os.Stat(filepath.Join(root, "posts", f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// The streamed manifest has the bytes of encoding it whole.
func TestWriteManifestStreams(t *testing.T) {
	at := time.Date(2022, 3, 11, 9, 30, 0, 0, time.UTC)
	manifests := []*Manifest{
		{Version: 2, Files: map[string]string{}},
		{Version: 2, Files: map[string]string{"b.md": "22", "a <&> é.md": "11"}},
		{Version: 2, Files: map[string]string{"x.md": "1"}, Sources: map[string]SourceRecord{
			"https://example.com/b/?q=<a>&x": {Origin: "b/index.html", Files: []string{"x.md", "static/img/y.jpg"}, SHA256: "ab", FirstSeen: &at, LastSeen: &at},
			"https://example.com/a/":         {Files: []string{}, Stale: []string{"old.md"}, Gone: "HTTP 404", ETag: `"e\"t"`},
		}},
	}
	for i, m := range manifests {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(m); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := writeManifest(&got, m); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("manifest %d:\n got %s\nwant %s", i, got.String(), want.String())
		}
		if _, err := parseManifest("x", got.Bytes()); err != nil {
			t.Errorf("manifest %d does not read back: %v", i, err)
		}
	}
}
