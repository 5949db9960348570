package crawl

import (
	"bytes"
	"compress/gzip"
	"testing"
)

// FuzzSitemap feeds arbitrary bytes (plain or gzipped) to the sitemap
// reader: it must not panic, and what it returns must respect the bound.
func FuzzSitemap(f *testing.F) {
	f.Add([]byte(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://example.org/a/</loc></url></urlset>`))
	f.Add([]byte(`<sitemapindex><sitemap><loc>https://example.org/wp-sitemap-posts-post-1.xml</loc></sitemap></sitemapindex>`))
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write([]byte(`<urlset><url><loc>https://example.org/b/</loc></url></urlset>`))
	w.Close()
	f.Add(gz.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		const bound = 1 << 20
		locs, err := parseSitemap(data, bound)
		if err != nil {
			return
		}
		n := 0
		for _, l := range locs.pages {
			n += len(l)
		}
		for _, l := range locs.sitemaps {
			n += len(l)
		}
		if n > bound {
			t.Fatalf("%d bytes of locations from a %d-byte bound", n, bound)
		}
	})
}
