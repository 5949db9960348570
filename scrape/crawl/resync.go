package crawl

import (
	"fmt"
	"net/url"
)

// Re-sync: what a crawl tells about the pages an earlier run migrated.

// Recheck queues URLs an earlier run migrated (as the site names them),
// besides what the crawl discovers, so that a page nothing links to any
// more is still asked for: it answers 404 or 410 when it was deleted, a
// redirect when it moved, and the page when it is only unlinked. Call it
// before Walk.
func (s *Site) Recheck(urls []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.recheck = append(s.recheck, urls...)
}

// queueRecheck queues the URLs given to Recheck.
func (s *Site) queueRecheck() {
	s.mu.Lock()
	list := s.recheck
	s.mu.Unlock()
	for _, u := range list {
		s.enqueue(u, "the manifest of an earlier run", kindPage)
	}
}

// Gone tells why a page the site once had (its URL as the site names it)
// is not on the site now: "HTTP 404" or "HTTP 410", "redirects to URL",
// or "HTTP 404 after redirects". It is "" when the page is still there, or
// when this crawl cannot tell (it did not ask for the URL, or the URL kept
// failing): only an answer of the server says that a page is gone.
func (s *Site) Gone(siteURL, _ string) string {
	f, ok := s.scope.fetchURL(siteURL)
	if !ok {
		return ""
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	key := f.String()
	redirected := false
	for range maxRedirects {
		if st, ok := s.goneStatus[key]; ok {
			if redirected {
				return fmt.Sprintf("HTTP %d after redirects", st)
			}
			return fmt.Sprintf("HTTP %d", st)
		}
		next, ok := s.hops[key]
		if !ok {
			break
		}
		redirected, key = true, next
	}
	if redirected && s.taken[key] {
		u, err := url.Parse(key)
		if err == nil {
			return "redirects to " + wpEscapes(s.scope.siteURL(u).String())
		}
	}
	return ""
}
