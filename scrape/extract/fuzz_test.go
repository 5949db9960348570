package extract

import (
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/unpress/unpress/scrape"
)

// FuzzExtract feeds arbitrary bytes to the extractor, seeded with the
// fixture site's pages: it must never panic, and what it returns must be
// well-formed.
func FuzzExtract(f *testing.F) {
	files, _ := filepath.Glob("../../fixtures/site/*/*/*/*/index.html")
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`<html><body class="single postid-1"><article class="hentry"><h1 class="entry-title">T</h1><time class="published" datetime="2022-03-11T15:42:00+02:00"></time><div class="entry-content"><p>x</p></div></article></body></html>`))
	x, err := New(Options{})
	if err != nil {
		f.Fatal(err)
	}
	u, _ := url.Parse("https://example.org/2022/03/11/x/")
	f.Fuzz(func(t *testing.T, data []byte) {
		ex, err := x.Extract(&scrape.Page{URL: u, HTML: data})
		if err != nil {
			return
		}
		if ex.Kind == "" {
			t.Fatal("no kind")
		}
		for _, c := range ex.Title {
			if !utf8.ValidString(c.Value) && utf8.Valid(data) {
				t.Fatalf("title %q is not valid UTF-8 though the page is", c.Value)
			}
		}
		for _, c := range ex.Published {
			if c.Value.Time.IsZero() {
				t.Fatalf("zero date from %s", c.Source)
			}
		}
	})
}
