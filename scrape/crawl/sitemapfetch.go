package crawl

import (
	"errors"
	"net/http"
	"slices"
	"strconv"

	"github.com/gocolly/colly/v2"
)

// readSitemaps reads the sitemaps robots.txt names or, when it names
// none, the usual WordPress ones, with nested indexes, and queues every
// page they list, within the sitemap bounds (see MaxSitemaps).
func (s *Site) readSitemaps() {
	s.mu.Lock()
	list := slices.Clone(s.robotSitemaps)
	s.mu.Unlock()
	probe := len(list) == 0
	if probe {
		o := s.scope.originURL()
		for _, p := range sitemapProbes {
			list = append(list, o.JoinPath(p).String())
		}
	}
	for _, sm := range list {
		s.visitSitemap(sm, 0, probe)
	}
	s.aux.Wait()
}

func (s *Site) visitSitemap(raw string, depth int, probe bool) {
	u, ok := s.scope.fetchURL(raw)
	if !ok {
		s.log.debugf("sitemap %s is not on the site: skipped", raw)
		return
	}
	if depth > maxSitemapDepth {
		s.log.warnf("sitemap %s: nested more than %d deep: skipped", u, maxSitemapDepth)
		return
	}
	key := u.String()
	s.mu.Lock()
	if s.sitemapSeen[key] {
		s.mu.Unlock()
		return
	}
	if len(s.sitemapSeen) >= MaxSitemaps {
		s.mu.Unlock()
		// Once: an index of a million children would print a million.
		s.warnOnce("sitemaps", "sitemap %s: over the bound of %d sitemaps a crawl reads: it and the sitemaps after it are skipped", key, MaxSitemaps)
		return
	}
	s.sitemapSeen[key] = true
	s.mu.Unlock()
	ctx := colly.NewContext()
	ctx.Put("kind", kindSitemap)
	ctx.Put("depth", strconv.Itoa(depth))
	if probe {
		ctx.Put("probe", "1")
	}
	if err := s.aux.Request(http.MethodGet, key, nil, ctx, nil); err != nil {
		s.log.debugf("sitemap %s: %v", key, err)
	}
}

// sitemapBudget is how many more URLs a sitemap may list: the protocol's
// bound for one sitemap, and no more page URLs than the crawl would take
// (MaxPages), over all sitemaps together, so that a sitemap of a million
// URLs does not hold a million queued requests. total is true when the
// budget left is what bounds it.
func (s *Site) sitemapBudget() (n int, total bool) {
	if s.opts.MaxPages <= 0 {
		return MaxSitemapLocs, false
	}
	s.mu.Lock()
	left := max(s.opts.MaxPages-s.sitemapPages, 0)
	s.mu.Unlock()
	if left < MaxSitemapLocs {
		return left, true
	}
	return MaxSitemapLocs, false
}

// onSitemap reads a fetched sitemap: it follows a redirect, visits the
// child sitemaps of an index and queues the pages of a urlset.
func (s *Site) onSitemap(resp *colly.Response) {
	r := resp.Request
	st := resp.StatusCode
	depth, _ := strconv.Atoi(r.Ctx.Get("depth"))
	probe := r.Ctx.Get("probe") != ""
	if isRedirect(st) {
		// Yoast sends /sitemap.xml to /sitemap_index.xml, http to https.
		if loc := resp.Headers.Get("Location"); loc != "" {
			s.visitSitemap(r.AbsoluteURL(loc), depth, probe)
		}
		return
	}
	if st != http.StatusOK {
		if !probe {
			s.log.warnf("sitemap %s: HTTP %d", r.URL, st)
		}
		return
	}
	if int64(len(resp.Body)) > s.opts.MaxSitemapBytes {
		s.log.warnf("sitemap %s is over the bound of %d bytes: skipped", r.URL, s.opts.MaxSitemapBytes)
		return
	}
	budget, total := s.sitemapBudget()
	if budget == 0 {
		s.warnOnce("sitemap pages", "sitemap %s: the sitemaps listed %d pages, the bound (--max-pages): it and the sitemaps after it are not read", r.URL, s.opts.MaxPages)
		return
	}
	locs, err := parseSitemap(resp.Body, s.opts.MaxSitemapBytes, budget)
	switch {
	case errors.Is(err, errSitemapTooLong) && total:
		s.warnOnce("sitemap pages", "sitemap %s: the sitemaps list over %d pages, the bound (--max-pages): the rest are not queued", r.URL, s.opts.MaxPages)
	case err != nil && (!probe || locs.len() > 0):
		s.log.warnf("sitemap %s: %v", r.URL, err)
	}
	s.mu.Lock()
	s.sitemapPages += len(locs.pages)
	s.mu.Unlock()
	s.log.debugf("sitemap %s: %d sitemaps, %d pages", r.URL, len(locs.sitemaps), len(locs.pages))
	for _, sm := range locs.sitemaps {
		s.visitSitemap(r.AbsoluteURL(sm), depth+1, false)
	}
	for _, p := range locs.pages {
		s.enqueue(r.AbsoluteURL(p), r.URL.String(), kindPage)
	}
}

// warnOnce prints a warning the first time its key is met: a bound that
// every later sitemap or page would go over is said once.
func (s *Site) warnOnce(key, format string, args ...any) {
	s.mu.Lock()
	done := s.warned[key]
	s.warned[key] = true
	s.mu.Unlock()
	if !done {
		s.log.warnf(format, args...)
	}
}
