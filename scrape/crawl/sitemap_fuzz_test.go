package crawl

import (
	"bytes"
	"compress/gzip"
	"errors"
	"strings"
	"testing"
)

// FuzzSitemap feeds arbitrary bytes (plain or gzipped) to the sitemap
// reader: it must not panic, and what it returns must respect the bounds of
// size, URLs and nesting.
func FuzzSitemap(f *testing.F) {
	f.Add([]byte(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://example.org/a/</loc></url></urlset>`))
	f.Add([]byte(`<sitemapindex><sitemap><loc>https://example.org/wp-sitemap-posts-post-1.xml</loc></sitemap></sitemapindex>`))
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write([]byte(`<urlset><url><loc>https://example.org/b/</loc></url></urlset>`))
	w.Close()
	f.Add(gz.Bytes())
	// Depth bombs, plain and gzipped: nesting stops at MaxSitemapNesting.
	deep := []byte(`<urlset><url><loc>https://example.org/c/</loc></url>` + strings.Repeat("<a>", 10_000))
	f.Add(deep)
	gz.Reset()
	w = gzip.NewWriter(&gz)
	w.Write(deep)
	w.Close()
	f.Add(gz.Bytes())
	f.Add([]byte(strings.Repeat("<sitemapindex><sitemap>", 100) + "<loc>https://example.org/d.xml</loc>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		const bound = 1 << 20
		const maxLocs = 100
		locs, err := parseSitemap(data, bound, maxLocs)
		if errors.Is(err, errSitemapTooDeep) && !bytes.Contains(data, []byte{0x1f, 0x8b}) && bytes.Count(data, []byte("<")) < MaxSitemapNesting {
			t.Fatalf("nesting bound with fewer than %d elements", MaxSitemapNesting)
		}
		if locs.len() > maxLocs {
			t.Fatalf("%d URLs from a bound of %d", locs.len(), maxLocs)
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
