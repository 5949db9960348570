package extract

import (
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// Sidebar-named wrappers that hold the post: some themes name the main
// column after the sidebar beside it (<div id="sidebar"
// class="site-content content-area"> around the entry). Such a wrapper
// is not chrome; the widgets inside it still are.
const (
	sidebarChrome = "#sidebar, .sidebar, aside.sidebar, #secondary"
	mainColumn    = ".entry-content, .wp-block-post-content, h1.entry-title, .site-main, .content-area, main"
)

// keepMainColumn unmarks the sidebar-named chrome that holds the post's
// main column: its entry content or title, or a main-column class of its
// own, not inside some other chrome.
func (pg *page) keepMainColumn() {
	sidebars := pg.find(pg.body, sidebarChrome).Nodes
	if len(sidebars) == 0 {
		return
	}
	main := pg.find(pg.body, mainColumn).Nodes
	for _, sb := range sidebars {
		if !pg.chrome[sb] {
			continue
		}
		for _, m := range main {
			if m == sb || pg.chromeBetween(m, sb) == sb {
				delete(pg.chrome, sb)
				break
			}
		}
	}
}

// chromeBetween is the nearest chrome node at or above n, up to top; nil
// when there is none.
func (pg *page) chromeBetween(n, top *html.Node) *html.Node {
	for ; n != nil; n = n.Parent {
		if pg.chrome[n] {
			return n
		}
		if n == top {
			return nil
		}
	}
	return nil
}

// markChrome records the chrome regions once, so that every field rule
// can skip values inside them with a walk up the ancestors.
func (pg *page) markChrome() {
	pg.chrome = map[*html.Node]bool{}
	body := pg.body.Get(0)
	if body == nil {
		return
	}
	for _, n := range pg.ix.match(body, pg.x.chrome) {
		// A body class such as "sidebar" says nothing about the post.
		if n != body {
			pg.chrome[n] = true
		}
	}
	// Related-post blocks by any name ("section#related-posts",
	// "div.my-theme-relatedPosts"): their cards carry dates, authors and
	// post thumbnails of other posts.
	mark := func(nodes []*html.Node) {
		for _, n := range nodes {
			if n != body && !pg.holdsHeading(n) {
				pg.chrome[n] = true
			}
		}
	}
	for id, nodes := range pg.ix.byID {
		if strings.Contains(strings.ToLower(id), "related") {
			mark(nodes)
		}
	}
	for cls, nodes := range pg.ix.byClass {
		// Taxonomy classes name the post's own terms: a tag "related"
		// gives its posts the class tag-related.
		if strings.Contains(strings.ToLower(cls), "related") && !taxonomyClass(cls) {
			mark(nodes)
		}
	}
	pg.keepMainColumn()
}

// taxonomyClass reports the classes WordPress derives from a post's terms
// and properties (category-x, tag-x, format-x, ...).
func taxonomyClass(cls string) bool {
	for _, p := range []string{"category-", "tag-", "format-", "post_format-", "status-", "type-", "postid-", "post-", "page-", "single-", "taxonomy-", "term-"} {
		if strings.HasPrefix(cls, p) {
			return true
		}
	}
	return false
}

// holdsHeading reports whether n holds the page's first h1: a wrapper
// round the whole post is never chrome, whatever its name.
func (pg *page) holdsHeading(n *html.Node) bool {
	h := pg.ix.byTag["h1"]
	return len(h) > 0 && within(n, h[0])
}

// inChrome reports whether n lies in a region that belongs to something
// other than the post (comments, widgets, related posts, navigation).
func (pg *page) inChrome(n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if pg.chrome[n] {
			return true
		}
	}
	return false
}

// own filters a selection to the nodes outside chrome.
func (pg *page) own(s *goquery.Selection) *goquery.Selection {
	return s.FilterFunction(func(_ int, s *goquery.Selection) bool { return !pg.inChrome(s.Get(0)) })
}
