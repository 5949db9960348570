package extract

import (
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
