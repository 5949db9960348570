package crawl

import (
	"maps"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/unpress/unpress/scrape"
)

// scope decides which URLs the crawl may fetch, and maps between the
// address the site is fetched at (the origin: the start URL, or where it
// redirected) and the address it is published under (the base: the
// canonical host the pages name). The two differ when a site is crawled
// where it is served today (a staging copy, a local server, an IP) while
// its pages still name their public address: links on the public host are
// fetched from the origin, and pages are reported under the public host.
type scope struct {
	mu         sync.RWMutex
	origin     *url.URL        // scheme and host everything on the site is fetched from
	fetchRoot  string          // path the site lives under at the origin ("/" or "/blog/")
	base       *url.URL        // the site's published address
	siteHosts  map[string]bool // hosts that are this site (www. and bare, origin and base)
	allowHosts map[string]bool // more hosts whose URLs may be fetched as they are (a CDN)
	include    []*regexp.Regexp
	exclude    []*regexp.Regexp
}

func newScope(start *url.URL, allow []string, include, exclude []*regexp.Regexp) *scope {
	s := &scope{siteHosts: map[string]bool{}, allowHosts: map[string]bool{}, include: include, exclude: exclude}
	s.setOrigin(start)
	for _, h := range allow {
		s.allowHosts[strings.ToLower(h)] = true
	}
	return s
}

// setOrigin makes u's scheme and host the place the site is fetched from,
// and its folder the site's root there.
func (s *scope) setOrigin(u *url.URL) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.origin = &url.URL{Scheme: u.Scheme, Host: strings.ToLower(u.Host)}
	s.fetchRoot = dirOf(u.EscapedPath())
	s.addHostLocked(u.Host)
}

// setBase records the site's published address; its host becomes one of
// the site's names.
func (s *scope) setBase(b *url.URL) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := *b
	c.Host = strings.ToLower(c.Host)
	c.Path = dirOf(c.Path)
	c.RawPath, c.RawQuery, c.Fragment = "", "", ""
	s.base = &c
	s.addHostLocked(c.Host)
}

func (s *scope) addHostLocked(h string) {
	bare := scrape.BareHost(h)
	s.siteHosts[bare] = true
	s.siteHosts["www."+bare] = true
}

func (s *scope) originURL() *url.URL {
	s.mu.RLock()
	defer s.mu.RUnlock()
	o := *s.origin
	o.Path = s.fetchRoot
	return &o
}

func (s *scope) baseURL() *url.URL {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.base == nil {
		o := *s.origin
		o.Path = s.fetchRoot
		return &o
	}
	b := *s.base
	return &b
}

// isSite reports whether host is one of the site's own names.
// hosts lists the host names (without ports) that requests may go to,
// for Colly's AllowedDomains.
func (s *scope) hosts() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	set := map[string]bool{s.origin.Hostname(): true}
	for h := range s.allowHosts {
		set[hostname(h)] = true
	}
	return slices.Sorted(maps.Keys(set))
}

// reachable reports whether u may be requested as it is, without
// mapping: an http(s) URL on the origin's host (www. or not) or on an
// allowed host. The site's published host is not reachable: its URLs are
// fetched from the origin (fetchURL).
func (s *scope) reachable(u *url.URL) bool {
	if u.Scheme != "http" && u.Scheme != "https" {
		return false
	}
	if s.onOrigin(u) {
		return true
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.allowHosts[strings.ToLower(u.Host)] || s.allowHosts[strings.ToLower(u.Hostname())]
}

// onOrigin reports whether u is on the origin's host, www. or not, over
// http or https: where a start URL may redirect and stay the same site.
func (s *scope) onOrigin(u *url.URL) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return (u.Scheme == "http" || u.Scheme == "https") && scrape.SameHost(u.Host, s.origin.Host)
}

// Why a URL is not fetched as a page.
const (
	skipOffSite  = "off-site"
	skipOutside  = "outside the site's folder"
	skipNever    = "never crawled (feeds, REST API, admin, login, XML-RPC, search, comment pages)"
	skipNotPage  = "not a page (media, assets)"
	skipPattern  = "excluded by the config's crawl patterns"
	skipInvalid  = "not an http(s) URL"
	skipRobots   = "disallowed by robots.txt"
	skipMaxPages = "over --max-pages"
)

// fetchURL maps a URL found on the site (a link, a sitemap entry, a
// redirect target) to the URL to fetch: fragment and query noise removed,
// the site's hosts mapped onto the origin. ok is false for a URL that is
// not the site's or not on an allowed host.
func (s *scope) fetchURL(raw string) (u *url.URL, ok bool) {
	// Colly parses every URL it requests with the WHATWG parser; parsing
	// the same way here keeps one spelling of each URL.
	w, err := urlParser.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, false
	}
	u, err = url.Parse(w.Href(true))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, false
	}
	u.Fragment, u.RawFragment, u.User = "", "", nil
	u.Host = strings.ToLower(u.Host)
	u.RawQuery = upperEscapes(cleanQuery(u.Query(), u.RawQuery))
	if u.Path == "" {
		u.Path = "/"
	}
	// "%d0%b2" and "%D0%B2" are one URL (WordPress links the first, a
	// sitemap may say the second): one spelling, one fetch.
	setEscapedPath(u, upperEscapes(u.EscapedPath()))
	s.mu.RLock()
	defer s.mu.RUnlock()
	switch {
	case s.siteHosts[u.Host]:
		u.Scheme, u.Host = s.origin.Scheme, s.origin.Host
		if s.base != nil && s.base.Path != s.fetchRoot {
			if rest, ok := strings.CutPrefix(u.EscapedPath(), s.base.EscapedPath()); ok {
				setEscapedPath(u, s.fetchRoot+rest)
			}
		}
		return u, true
	case s.allowHosts[u.Host] || s.allowHosts[u.Hostname()]:
		return u, true
	}
	return nil, false
}

// pageSkip tells why a fetch URL is not crawled as a page, or "".
func (s *scope) pageSkip(u *url.URL) string {
	s.mu.RLock()
	onSite := u.Host == s.origin.Host
	root := s.fetchRoot
	s.mu.RUnlock()
	if onSite && !strings.HasPrefix(u.EscapedPath(), root) && u.EscapedPath()+"/" != root {
		return skipOutside
	}
	if r := neverReason(u); r != "" {
		return r
	}
	uri := u.RequestURI()
	for _, re := range s.exclude {
		if re.MatchString(uri) {
			return skipPattern
		}
	}
	if len(s.include) > 0 && !slices.ContainsFunc(s.include, func(re *regexp.Regexp) bool { return re.MatchString(uri) }) {
		return skipPattern
	}
	return ""
}

// siteURL is the URL a fetched page is published under: the origin
// mapped back to the base, the path decoded as a mirror's file names are
// (so that a crawl and a mirror of one site name every page alike).
func (s *scope) siteURL(fetch *url.URL) *url.URL {
	s.mu.RLock()
	defer s.mu.RUnlock()
	u := *fetch
	if u.Host == s.origin.Host && s.base != nil {
		u.Scheme, u.Host = s.base.Scheme, s.base.Host
		if rest, ok := strings.CutPrefix(u.EscapedPath(), s.fetchRoot); ok {
			setEscapedPath(&u, s.base.EscapedPath()+rest)
		}
	}
	u.RawPath = ""
	return &u
}

// mediaURL maps a media URL named in a page to the URL to fetch it at;
// ok is false when it is not on the site or an allowed host, or in a
// place that is never fetched.
func (s *scope) mediaURL(u *url.URL) (*url.URL, bool) {
	f, ok := s.fetchURL(u.String())
	if !ok {
		return nil, false
	}
	if r := neverReason(f); r != "" && r != skipNotPage {
		return nil, false
	}
	return f, true
}

// noiseParams are query parameters that never change a WordPress page's
// content: comment-reply links, share buttons, campaign tags.
var noiseParams = []string{"replytocom", "share", "nb", "fbclid", "gclid", "msclkid", "mc_cid", "mc_eid", "_ga"}

// cleanQuery drops the noise parameters and sorts the rest, so that a page
// linked in several ways is fetched once. A query with none left is "".
func cleanQuery(q url.Values, raw string) string {
	if raw == "" {
		return ""
	}
	for k := range q {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "utm_") || slices.Contains(noiseParams, lk) {
			delete(q, k)
		}
	}
	return q.Encode()
}

// neverPaths are WordPress endpoints that are never pages: the REST API,
// the admin, login, XML-RPC, cron, comment posting, old feed scripts.
var neverFiles = []string{
	"wp-login.php", "xmlrpc.php", "wp-cron.php", "wp-comments-post.php", "wp-signup.php",
	"wp-activate.php", "wp-trackback.php", "wp-mail.php", "wp-links-opml.php",
	"wp-rss.php", "wp-rss2.php", "wp-atom.php", "wp-rdf.php", "wp-feed.php", "wp-commentsrss2.php",
}

var commentPage = regexp.MustCompile(`^comment-page-\d+$`)

// neverReason tells why a URL is never fetched as a page, or "".
func neverReason(u *url.URL) string {
	q := u.Query()
	for _, k := range []string{"s", "feed", "rest_route", "preview", "replytocom", "share"} {
		if q.Has(k) {
			return skipNever
		}
	}
	segs := strings.Split(strings.Trim(strings.ToLower(u.Path), "/"), "/")
	for i, seg := range segs {
		switch {
		case seg == "wp-json" || seg == "wp-admin" || seg == "feed" || seg == "trackback" || commentPage.MatchString(seg):
			return skipNever
		case slices.Contains(neverFiles, seg):
			return skipNever
		case i == len(segs)-1 && (seg == "embed" || seg == "amp") && i > 0:
			return skipNever
		case seg == "wp-content" || seg == "wp-includes":
			return skipNotPage
		}
	}
	if ext := strings.ToLower(path.Ext(segs[len(segs)-1])); ext != "" && !pageExts[ext] {
		return skipNotPage
	}
	return ""
}

// pageExts are the file extensions a page's URL may end in; any other
// extension (.jpg, .pdf, .css, .xml) is not a page.
var pageExts = map[string]bool{".html": true, ".htm": true, ".php": true, ".shtml": true, ".asp": true, ".aspx": true}

// dirOf is the folder of an escaped path, ending with "/".
func dirOf(p string) string {
	if p == "" {
		return "/"
	}
	if !strings.HasSuffix(p, "/") {
		p = p[:strings.LastIndex(p, "/")+1]
	}
	return p
}

func setEscapedPath(u *url.URL, escaped string) {
	if p, err := url.PathUnescape(escaped); err == nil {
		u.Path, u.RawPath = p, escaped
		if u.EscapedPath() != escaped {
			u.RawPath = ""
		}
	}
}

var escapeRe = regexp.MustCompile(`%[0-9a-fA-F]{2}`)

// upperEscapes writes percent-escapes in upper case, as RFC 3986 advises.
func upperEscapes(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	return escapeRe.ReplaceAllStringFunc(s, strings.ToUpper)
}

func hostname(hostport string) string {
	u := url.URL{Host: hostport}
	return u.Hostname()
}
