package extract

import (
	"net/url"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/unpress/unpress/scrape"
)

// cardDates reads the post cards in a post page's chrome (related posts,
// recent-post widgets) that link to another post and carry its exact
// time: like an archive's, such a time is a cross-check for a post whose
// own page shows only the day.
func (pg *page) cardDates() {
	self := pg.out.Canonical
	if self == "" {
		self = pg.out.URL
	}
	for _, t := range pg.ix.byTag["time"] {
		if !pg.inChrome(t) {
			continue
		}
		v, ok := attrOK(t, "datetime")
		if !ok {
			continue
		}
		d, ok := machineDate(v)
		if !ok || !d.HasTime {
			continue
		}
		// The nearest ancestor that links to exactly one other post.
		for a, depth := t.Parent, 0; a != nil && depth < 4; a, depth = a.Parent, depth+1 {
			links := pg.postLinks(a, self)
			if len(links) == 0 {
				continue
			}
			if len(links) == 1 {
				if pg.out.ListedDate == nil {
					pg.out.ListedDate = map[string]Date{}
				}
				if _, seen := pg.out.ListedDate[links[0]]; !seen {
					pg.out.ListedDate[links[0]] = d
				}
			}
			break
		}
	}
}

// postLinks lists the distinct links under n that may lead to a post of
// the same site: not this page, no archive, no fragment of a page.
func (pg *page) postLinks(n *html.Node, self string) []string {
	var out []string
	var walk func(*html.Node)
	walk = func(x *html.Node) {
		if x.Type == html.ElementNode && x.DataAtom == atom.A {
			if href, ok := attrOK(x, "href"); ok {
				if u, err := pg.base.Parse(strings.TrimSpace(href)); err == nil && u.Fragment == "" && mayBePost(u, pg.base) {
					s := u.String()
					if s != self && !slices.Contains(out, s) {
						out = append(out, s)
					}
				}
			}
		}
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

// mayBePost reports whether u may be a post of the site at base: the same
// host, and not an archive, feed or admin address.
func mayBePost(u, base *url.URL) bool {
	if !scrape.SameHost(u.Host, base.Host) || u.Path == "" || u.Path == "/" {
		return false
	}
	for _, part := range []string{"/category/", "/tag/", "/author/", "/page/", "/feed", "/wp-admin", "/wp-login", "/wp-content/", "/comments/"} {
		if strings.Contains(u.Path, part) {
			return false
		}
	}
	return true
}
