package combine

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"testing"

	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/extract"
)

// fake is a source with pages, media files and redirects of its own.
type fake struct {
	base      string
	pages     []string
	media     map[string]string // URL -> file
	redirects map[string]string
	records   []string
}

func (f *fake) Base() *url.URL { u, _ := url.Parse(f.base); return u }
func (f *fake) Walk(_ context.Context, fn func(*scrape.Page) error, _ func(*scrape.PageError)) error {
	for _, p := range f.pages {
		u, _ := url.Parse(p)
		if err := fn(&scrape.Page{URL: u}); err != nil {
			return err
		}
	}
	return nil
}
func (f *fake) HasMedia(u *url.URL) bool { _, ok := f.media[u.String()]; return ok }
func (f *fake) MediaFile(_ context.Context, u *url.URL) (string, error) {
	if file := f.media[u.String()]; file != "" {
		return file, nil
	}
	return "", errors.New("broken copy")
}
func (f *fake) Redirects() map[string]string { return f.redirects }

// withRecords is a fake that yields records too.
type withRecords struct{ *fake }

func (w withRecords) Records(_ context.Context, fn func(*extract.Record) error, _ func(*scrape.PageError)) error {
	for _, r := range w.records {
		if err := fn(&extract.Record{Extracted: &extract.Extracted{URL: r, Status: "publish"}, Source: extract.SrcWXR, Origin: r}); err != nil {
			return err
		}
	}
	return nil
}

// TestCombined: pages of every source in order, records of those that
// have them, media from the first source that can give the file, the
// primary's address and redirects.
func TestCombined(t *testing.T) {
	mirror := &fake{base: "https://a.example/", pages: []string{"https://a.example/1/", "https://a.example/2/"},
		media: map[string]string{"https://a.example/x.jpg": ""}, redirects: map[string]string{"/old/": "https://a.example/1/"}}
	export := withRecords{&fake{base: "https://b.example/", media: map[string]string{"https://a.example/x.jpg": "/tmp/x.jpg"},
		redirects: map[string]string{"/old/": "https://a.example/2/", "/other/": "https://a.example/2/"}, records: []string{"https://a.example/3/"}}}
	c := New(mirror, export)
	if c.Base().String() != "https://a.example/" {
		t.Errorf("base = %s", c.Base())
	}
	var pages, records []string
	if err := c.Walk(context.Background(), func(p *scrape.Page) error { pages = append(pages, p.URL.String()); return nil }, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Records(context.Background(), func(rec *extract.Record) error {
		records = append(records, rec.URL)
		return nil
	}, nil); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(pages, mirror.pages) || !slices.Equal(records, []string{"https://a.example/3/"}) {
		t.Errorf("pages %v, records %v", pages, records)
	}
	u, _ := url.Parse("https://a.example/x.jpg")
	if f, err := c.MediaFile(context.Background(), u); err != nil || f != "/tmp/x.jpg" {
		t.Errorf("media = %q, %v: want the second source's copy after the first failed", f, err)
	}
	missing, _ := url.Parse("https://a.example/none.jpg")
	if c.HasMedia(missing) {
		t.Error("HasMedia(none.jpg) = true")
	}
	if _, err := c.MediaFile(context.Background(), missing); err == nil {
		t.Error("a file no source has: no error")
	}
	if r := c.Redirects(); r["/old/"] != "https://a.example/1/" || r["/other/"] != "https://a.example/2/" {
		t.Errorf("redirects = %v, want the primary's to win", r)
	}
}
