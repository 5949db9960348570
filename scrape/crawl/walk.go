package crawl

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"maps"
	"mime"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/mirror"
)

// Walk crawls the site, then yields its pages in URL order (the order a
// mirror of the same site is read in, so that both give the same
// output). Pages that kept failing and redirect loops go to onErr. Walk
// returns an error when the crawl could not start, or ctx's error when it
// was interrupted; what was fetched until then is in the cache and a new
// crawl resumes from it.
func (s *Site) Walk(ctx context.Context, fn func(*scrape.Page) error, onErr func(*scrape.PageError)) error {
	s.mu.Lock()
	crawled := s.crawled
	s.mu.Unlock()
	if !crawled {
		if err := s.crawl(ctx); err != nil {
			return err
		}
	}
	for _, e := range s.pageErrors() {
		onErr(e)
	}
	for _, fetch := range s.pageOrder() {
		if err := ctx.Err(); err != nil {
			return err
		}
		u, _ := url.Parse(fetch)
		p, err := s.readPage(u)
		if err != nil {
			onErr(&scrape.PageError{URL: s.scope.siteURL(u).String(), Origin: fetch, Stage: scrape.StageRead, Err: err})
			continue
		}
		if err := fn(p); err != nil {
			return err
		}
	}
	return nil
}

// readPage loads a crawled page from the cache and decodes it.
func (s *Site) readPage(u *url.URL) (*scrape.Page, error) {
	e, ok := s.cache.get(u.String())
	if !ok {
		return nil, errors.New("not in the cache any more")
	}
	raw, err := e.read()
	if err != nil {
		return nil, err
	}
	ct := e.Header.Get("Content-Type")
	// A server that declares UTF-8 for bytes that are not is common on
	// old sites: let the page's own <meta charset> speak instead.
	if declaresUTF8(ct) && !utf8.Valid(raw) {
		ct = ""
	}
	body, cs, err := mirror.Decode(raw, ct)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(raw)
	return &scrape.Page{URL: s.scope.siteURL(u), Origin: u.String(), HTML: body, Charset: cs, Fetched: e.Fetched,
		Hash: hex.EncodeToString(sum[:]), ETag: e.Header.Get("Etag"), LastModified: e.Header.Get("Last-Modified")}, nil
}

func declaresUTF8(ct string) bool {
	_, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	cs := strings.ToLower(params["charset"])
	return cs == "utf-8" || cs == "utf8"
}

// pageOrder lists the taken pages in the order a mirror folder of the
// same site is walked: by path segment, "index.html" standing for a
// folder's own page.
func (s *Site) pageOrder() []string {
	s.mu.Lock()
	type item struct {
		fetch string
		key   []string
	}
	var items []item
	for f := range s.taken {
		u, _ := url.Parse(f)
		items = append(items, item{f, s.mirrorKey(u)})
	}
	s.mu.Unlock()
	slices.SortFunc(items, func(a, b item) int {
		return cmp.Or(slices.Compare(a.key, b.key), strings.Compare(a.fetch, b.fetch))
	})
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.fetch
	}
	return out
}

// mirrorKey is where `wget --mirror` would save a page, as path segments:
// "/2022/03/slug/" → [2022 03 slug index.html]. Pages on other hosts sort
// after the site's, by host.
func (s *Site) mirrorKey(fetch *url.URL) []string {
	site := s.scope.siteURL(fetch)
	base := s.scope.baseURL()
	var key []string
	if site.Host != base.Host {
		key = append(key, "\uffff"+site.Host)
	}
	p := strings.TrimPrefix(site.Path, base.Path)
	p = strings.TrimPrefix(p, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	if site.RawQuery != "" {
		p += "?" + site.RawQuery
	}
	return append(key, strings.Split(p, "/")...)
}

// pageErrors are the URLs that kept failing and the redirect loops, as
// page errors on the site's URLs, sorted.
func (s *Site) pageErrors() []*scrape.PageError {
	s.mu.Lock()
	var out []*scrape.PageError
	for f, fe := range s.failures {
		u, _ := url.Parse(f)
		out = append(out, &scrape.PageError{URL: s.scope.siteURL(u).String(), Origin: f, Stage: scrape.StageFetch, Err: fe})
	}
	s.mu.Unlock()
	_, loops := s.resolveRedirects()
	for _, l := range loops {
		u, _ := url.Parse(l.from)
		var chain []string
		for _, c := range l.chain {
			if cu, err := url.Parse(c); err == nil {
				chain = append(chain, s.scope.siteURL(cu).String())
			}
		}
		out = append(out, &scrape.PageError{URL: s.scope.siteURL(u).String(), Origin: l.from, Stage: scrape.StageFetch,
			Err: &FetchError{URL: l.from, Reason: "redirect loop: " + strings.Join(chain, " → ")}})
	}
	slices.SortFunc(out, func(a, b *scrape.PageError) int { return strings.Compare(a.URL, b.URL) })
	return out
}

// Redirects maps each legacy URL that redirected (on the site's own
// hosts, as the site names them) to the page the chain of redirects ended
// at. Chains that end nowhere (a 404, off the site, a loop) are left out.
func (s *Site) Redirects() map[string]string {
	m, _ := s.resolveRedirects()
	return m
}

type redirectLoop struct {
	from  string
	chain []string
}

func (s *Site) resolveRedirects() (map[string]string, []redirectLoop) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]string{}
	var loops []redirectLoop
	origin := s.scope.originURL().Host
	for _, from := range slices.Sorted(maps.Keys(s.hops)) {
		chain := []string{from}
		cur := s.hops[from]
		for {
			if slices.Contains(chain, cur) {
				loops = append(loops, redirectLoop{from: from, chain: append(chain, cur)})
				cur = ""
				break
			}
			next, ok := s.hops[cur]
			if !ok || len(chain) > maxRedirects {
				break
			}
			chain = append(chain, cur)
			cur = next
		}
		fu, err := url.Parse(from)
		if cur == "" || !s.taken[cur] || err != nil || fu.Host != origin {
			continue
		}
		cu, _ := url.Parse(cur)
		out[wpEscapes(s.scope.siteURL(fu).String())] = wpEscapes(s.scope.siteURL(cu).String())
	}
	return out, loops
}

// wpEscapes writes percent-escapes in lower case, as WordPress writes
// its permalinks ("/%d0%b2%d0%b5/"), so that a redirect's target matches
// the post's canonical URL.
func wpEscapes(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	return escapeRe.ReplaceAllStringFunc(s, strings.ToLower)
}
