package wxr

import (
	"strings"
	"testing"
)

// TestValidation: an export is judged as WordPress's importer judges it.
// Before, a file without a channel <link> was refused even with
// wp:base_site_url, and one without a wxr_version was read silently.
func TestValidation(t *testing.T) {
	noLink := strings.Replace(wxrHead, "<link>https://example.org</link>", "", 1)
	for _, c := range []struct {
		name, doc, base, err string
	}{
		{"base-site-url", strings.Replace(noLink, "<language>", "<wp:base_site_url>https://example.org/blog</wp:base_site_url><language>", 1) + wxrItem(1, "a", "b") + wxrTail, "https://example.org/blog/", ""},
		{"base-blog-url", strings.Replace(noLink, "<language>", "<wp:base_site_url>https://example.org</wp:base_site_url><wp:base_blog_url>https://example.org/news</wp:base_blog_url><language>", 1) + wxrItem(1, "a", "b") + wxrTail, "https://example.org/news/", ""},
		{"item-links", noLink + wxrItem(1, "a", "b") + wxrTail, "https://example.org/", ""},
		{"no-site", noLink + wxrTail, "", "no address of the site"},
		{"no-version", strings.Replace(wxrHead, "<wp:wxr_version>1.2</wp:wxr_version>", "", 1) + wxrItem(1, "a", "b") + wxrTail, "", "has no <wp:wxr_version>"},
		{"bad-version", strings.Replace(wxrHead, "<wp:wxr_version>1.2<", "<wp:wxr_version>one point two<", 1) + wxrItem(1, "a", "b") + wxrTail, "", `is "one point two", not a version number`},
		// A wxr_version in another namespace is not WordPress's.
		{"foreign-version", strings.Replace(wxrHead, "<wp:wxr_version>1.2</wp:wxr_version>", `<x:wxr_version xmlns:x="urn:other">1.2</x:wxr_version>`, 1) + wxrTail, "", "has no <wp:wxr_version>"},
	} {
		f, err := openString(t, c.name+".xml", c.doc, Options{})
		switch {
		case c.err != "":
			if err == nil || !strings.Contains(err.Error(), c.err) || !strings.Contains(err.Error(), c.name+".xml") {
				t.Errorf("%s: err = %v, want %q", c.name, err, c.err)
			}
		case err != nil:
			t.Errorf("%s: %v", c.name, err)
		case f.Base().String() != c.base:
			t.Errorf("%s: base = %s, want %s", c.name, f.Base(), c.base)
		}
	}
	var said []string
	if _, err := openString(t, "new.xml", strings.Replace(wxrHead, ">1.2<", ">1.10<", 1)+wxrTail, Options{Warn: func(m string) { said = append(said, m) }}); err != nil || len(said) != 1 || !strings.Contains(said[0], "1.10 is newer") {
		t.Errorf("version 1.10: err %v, warnings %q", err, said)
	}
}

// TestNamespaces: wp: elements are WordPress's by their namespace URI,
// whatever the prefix; the same names in another namespace supply
// nothing. Before, any element named post_id (or title) was read.
func TestNamespaces(t *testing.T) {
	item := strings.Replace(wxrItem(7, "Real title", "body"), "<wp:post_type>",
		`<x:post_id xmlns:x="urn:other">99</x:post_id><media:title xmlns:media="http://search.yahoo.com/mrss/">Media title</media:title><x:status xmlns:x="urn:other">draft</x:status><wp:post_type>`, 1)
	// Another prefix bound to WordPress's namespace is WordPress's.
	item = strings.Replace(item, "<wp:post_name><![CDATA[post-7]]></wp:post_name>", `<w:post_name xmlns:w="https://wordpress.org/export/1.2/">slug-seven</w:post_name>`, 1)
	f, err := openString(t, "ns.xml", wxrHead+item+wxrTail, Options{})
	if err != nil {
		t.Fatal(err)
	}
	recs, errs := readAll(t, f)
	if len(recs) != 1 || len(errs) > 0 {
		t.Fatalf("records %d, errors %v", len(recs), errs)
	}
	ex := recs[0].ex
	title, _ := first(ex.Title)
	slug, _ := first(ex.Slug)
	if ex.PostID != 7 || title != "Real title" || ex.Status != "publish" || slug != "slug-seven" {
		t.Errorf("post %d %q status %q slug %q: want 7, the RSS title, publish, slug-seven", ex.PostID, title, ex.Status, slug)
	}
}
