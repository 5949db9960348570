package crawl

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// TestParseSitemapBounds: a depth bomb stops at MaxSitemapNesting without
// the memory its nesting would take, and a sitemap gives at most its
// bound of URLs, the ones before the bound kept.
func TestParseSitemapBounds(t *testing.T) {
	bomb := gz(t, `<?xml version="1.0"?><urlset><url><loc>https://x.org/a/</loc></url>`+strings.Repeat("<a>", 2_000_000))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	locs, err := parseSitemap(bomb, 50<<20, MaxSitemapLocs)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, errSitemapTooDeep) || !strings.Contains(err.Error(), "64 deep") || len(locs.pages) != 1 {
		t.Errorf("depth bomb: %d pages, %v; want the page before it and the nesting bound", len(locs.pages), err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
		t.Errorf("depth bomb: %d MB allocated", alloc>>20)
	}

	var set strings.Builder
	set.WriteString("<urlset>")
	for i := range MaxSitemapLocs + 10 {
		fmt.Fprintf(&set, "<url><loc>https://x.org/p/%d/</loc></url>", i)
	}
	set.WriteString("</urlset>")
	locs, err = parseSitemap(gz(t, set.String()), 50<<20, MaxSitemapLocs)
	if !errors.Is(err, errSitemapTooLong) || len(locs.pages) != MaxSitemapLocs || locs.pages[MaxSitemapLocs-1] != fmt.Sprintf("https://x.org/p/%d/", MaxSitemapLocs-1) {
		t.Errorf("%d URLs: %d read, %v", MaxSitemapLocs+10, len(locs.pages), err)
	}
	locs, err = parseSitemap([]byte(set.String()), 50<<20, 10)
	if !errors.Is(err, errSitemapTooLong) || !strings.Contains(err.Error(), "10 URLs") || len(locs.pages) != 10 {
		t.Errorf("bound of 10: %d read, %v", len(locs.pages), err)
	}
}
