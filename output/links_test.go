package output

import (
	"context"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// failingFetcher stands for a source that cannot give a file tonight (a
// 503, an expired cache).
type failingFetcher struct{}

func (failingFetcher) MediaFile(context.Context, *url.URL) (string, error) {
	return "", errors.New("HTTP 503")
}

// TestFailedMediaKeepsEarlierCopy: a media file that cannot be fetched
// again keeps the copy an earlier run made (the post keeps pointing at
// it); without one, the post keeps the legacy URL (issue 13).
func TestFailedMediaKeepsEarlierCopy(t *testing.T) {
	const u = "https://example.org/wp-content/uploads/2022/02/photo.jpg"
	links := &Links{host: "example.org", local: map[string]bool{u: true},
		media: map[string]MediaTarget{u: {File: "static/img/example.org-photo.jpg", Ref: "/img/example.org-photo.jpg"}}}
	root := t.TempDir()
	src := filepath.Join(t.TempDir(), "photo.jpg")
	os.WriteFile(src, []byte("JPEG bytes"), 0o644)
	w := newTestWriter(t, root, WriterOptions{})
	if _, err := w.CopyFile("static/img/example.org-photo.jpg", src); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	var problems []string
	for _, tc := range []struct {
		name string
		root string
		want bool
	}{{"an earlier copy", root, true}, {"no earlier copy", t.TempDir(), false}} {
		w := newTestWriter(t, tc.root, WriterOptions{})
		rep := &Report{}
		m := &MediaCopier{Links: links, Writer: w, Report: rep, Source: failingFetcher{},
			Problem: func(f string, a ...any) { problems = append(problems, f) }}
		if got := m.Copy(context.Background(), u); got != tc.want {
			t.Errorf("%s: Copy = %v, want %v", tc.name, got, tc.want)
		}
		if got := links.Mapper(func(string) bool { return m.Copy(context.Background(), u) })(u); (got == "/img/example.org-photo.jpg") != tc.want {
			t.Errorf("%s: the body refers to %s", tc.name, got)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		rep.Close()
	}
	if data, err := os.ReadFile(filepath.Join(root, "static", "img", "example.org-photo.jpg")); err != nil || string(data) != "JPEG bytes" {
		t.Errorf("the earlier copy: %q, %v", data, err)
	}
	if len(problems) != 2 || !strings.Contains(problems[0], "the copy an earlier run made is kept") {
		t.Errorf("problems = %q", problems)
	}
	// The kept copy is still unpress's: a new version replaces it.
	os.WriteFile(src, []byte("new JPEG bytes"), 0o644)
	w = newTestWriter(t, root, WriterOptions{})
	if res, err := w.CopyFile("static/img/example.org-photo.jpg", src); err != nil || res != Updated {
		t.Errorf("next run: %v, %v; want updated", res, err)
	}
	w.Close()
}

// TestResolveFallsBack: an original the source lacks, or cannot give,
// resolves to the copy of its largest resized variant the source has,
// whatever the order the posts named them in; with none, to nothing (the
// post keeps the legacy URL).
func TestResolveFallsBack(t *testing.T) {
	const up = "https://example.org/wp-content/uploads/2018/10/"
	for _, order := range [][]string{{"a-150x150.jpg", "a-768x432.jpg", "a-300x169.jpg"}, {"a-768x432.jpg", "a-300x169.jpg", "a-150x150.jpg"}} {
		l := &Links{local: map[string]bool{}, fallback: map[string]string{}}
		var urls []string
		for _, name := range order {
			l.local[up+name] = true
			urls = append(urls, up+name)
			l.addVariant(up + name)
		}
		l.media, _ = PlanMedia(urls, mustPreset(t, "decap"))
		all := func(string) bool { return true }
		if got, ok := l.Resolve(up+"a.jpg", all); !ok || got.Ref != "/img/example.org-a-768x432.jpg" {
			t.Errorf("%v: the original resolves to %v, %v", order, got, ok)
		}
		if got := l.Mapper(all)(up + "a.jpg"); got != "/img/example.org-a-768x432.jpg" {
			t.Errorf("%v: the body refers to %s", order, got)
		}
		if _, ok := l.Resolve(up+"a.jpg", func(string) bool { return false }); ok {
			t.Errorf("%v: resolved with nothing copied", order)
		}
	}
	// A planned original that cannot be copied falls back too.
	l := &Links{local: map[string]bool{up + "b.jpg": true, up + "b-300x200.jpg": true}, fallback: map[string]string{}}
	l.addVariant(up + "b-300x200.jpg")
	l.media, _ = PlanMedia([]string{up + "b.jpg", up + "b-300x200.jpg"}, mustPreset(t, "decap"))
	if got, ok := l.Resolve(up+"b.jpg", func(u string) bool { return u != up+"b.jpg" }); !ok || got.Ref != "/img/example.org-b-300x200.jpg" {
		t.Errorf("an original that cannot be copied resolves to %v, %v", got, ok)
	}
}
