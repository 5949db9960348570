package crawl

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"

	"github.com/gocolly/colly/v2"
)

// Spider traps: a listing that answers 200 for every page number
// (/page/N/, ?paged=N) or a calendar whose every day exists would keep a
// crawl busy until its page cap. A listing's pages are followed only as
// far as they bring something new: a listing page counts as barren when
// every link on it was known already or leads to another listing page,
// and a listing whose last MaxBarrenListingPages pages were barren in a
// row is not followed further. Pagination also stops at MaxListingPages.
// Nothing here knows a site: what bounds a listing is what the site's
// own pages lead to.
const (
	// MaxListingPages bounds the page number of a paginated listing.
	MaxListingPages = 1000
	// MaxBarrenListingPages is how many pages of a listing in a row may
	// bring no new link before its further pages are not fetched.
	MaxBarrenListingPages = 3
)

// skipTrap is why a listing page is not fetched.
const skipTrap = "a listing past what it leads to (a spider trap)"

// listing is what the crawl knows of one listing's pages.
type listing struct {
	barren int // pages in a row that brought no new link
}

var (
	pagedRe = regexp.MustCompile(`^(.*/)page/(\d+)/?$`)
	dateRe  = regexp.MustCompile(`^(.*/)\d{4}/(\d{2}/(\d{2}/)?)?$`)
)

// listingOf tells whether u is a listing page, the key of its listing
// (the listing's first page, or the date archives of a folder, which
// are one listing), and its page number (0 when it has none).
func listingOf(u *url.URL) (key string, n int, ok bool) {
	first := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawQuery: u.RawQuery}
	if m := pagedRe.FindStringSubmatch(u.Path); m != nil {
		n, _ = strconv.Atoi(m[2])
		first.Path = m[1]
		return first.String(), n, true
	}
	if q := u.Query(); q.Has("paged") {
		n, _ = strconv.Atoi(q.Get("paged"))
		q.Del("paged")
		first.RawQuery = q.Encode()
		return first.String(), n, true
	}
	if m := dateRe.FindStringSubmatch(u.Path); m != nil {
		first.Path, first.RawQuery = m[1], ""
		return first.String() + "YYYY/MM/DD/ (date archives)", 0, true
	}
	return "", 0, false
}

// trapSkip tells, when a listing page u is not to be queued, its
// listing and a warning naming it and the bound. It is called with s.mu
// held.
func (s *Site) trapSkip(u *url.URL) (key, warning string) {
	key, n, ok := listingOf(u)
	if !ok {
		return "", ""
	}
	if n > MaxListingPages {
		return key, fmt.Sprintf("listing %s: page %d is over the bound of %d pages: its further pages are not fetched", key, n, MaxListingPages)
	}
	if l := s.listings[key]; l != nil && l.barren >= MaxBarrenListingPages {
		return key, fmt.Sprintf("listing %s: %d pages in a row brought no new link, the bound: its further pages (%s on) are not fetched", key, MaxBarrenListingPages, u)
	}
	return "", ""
}

// noteFresh counts a URL newly queued from page from, when from is a
// listing page. It is called with s.mu held.
func (s *Site) noteFresh(u *url.URL, from string) {
	if _, _, ok := listingOf(u); ok {
		return // another listing page is nothing new
	}
	if f, err := url.Parse(from); err == nil {
		if _, _, ok := listingOf(f); ok {
			s.fresh[from]++
		}
	}
}

// listingDone settles a listing page once its links are read: barren or
// not, and, for /page/N/, the next page, linked or not (a theme may load
// it with JavaScript only), unless the listing is barren.
func (s *Site) listingDone(resp *colly.Response) {
	u := resp.Request.URL
	key, _, ok := listingOf(u)
	if !ok {
		return
	}
	from := fetchKey(u)
	s.mu.Lock()
	l := s.listings[key]
	if l == nil {
		l = &listing{}
		s.listings[key] = l
	}
	if s.fresh[from] == 0 {
		l.barren++
	} else {
		l.barren = 0
	}
	delete(s.fresh, from)
	s.mu.Unlock()
	if m := pagedRe.FindStringSubmatch(u.Path); m != nil && u.RawQuery == "" {
		n, _ := strconv.Atoi(m[2])
		next := *u
		next.Path, next.RawPath = m[1]+"page/"+strconv.Itoa(n+1)+"/", ""
		s.enqueue(next.String(), from, kindProbe)
	}
}
