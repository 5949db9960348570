package extract

import (
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Helpers on the parsed page's nodes, shared by the field rules.

// attr is n's attribute key, or "" when it has none.
func attr(n *html.Node, key string) string {
	v, _ := attrOK(n, key)
	return v
}

// attrOK is n's attribute key and whether n has it.
func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// sel wraps one node of the page's document in a selection.
func (pg *page) sel(n *html.Node) *goquery.Selection { return pg.none().AddNodes(n) }

// spacedText is the text of n with a space at every element boundary,
// hidden and screen-reader text left out.
func spacedText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			if hiddenElement(n) {
				return
			}
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		b.WriteByte(' ')
	}
	walk(n)
	return collapse(b.String())
}

// hiddenElement reports elements whose text no reader sees.
func hiddenElement(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Svg, atom.Template, atom.Head:
		return true
	}
	for _, a := range n.Attr {
		if a.Key == "class" && (strings.Contains(a.Val, "screen-reader-text") || strings.Contains(a.Val, "sr-only")) {
			return true
		}
		if a.Key == "aria-hidden" && a.Val == "true" || a.Key == "hidden" {
			return true
		}
	}
	return false
}

// isTopHeading reports h1-h3: the headings a byline sits under.
func isTopHeading(n *html.Node) bool {
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3:
		return true
	}
	return false
}

// hiddenAbove reports whether n or an ancestor of n below stop is hidden.
func hiddenAbove(n, stop *html.Node) bool {
	for ; n != nil && n != stop; n = n.Parent {
		if n.Type == html.ElementNode && hiddenElement(n) {
			return true
		}
	}
	return false
}

// next is the node after n in document order.
func next(n *html.Node) *html.Node {
	if n.FirstChild != nil {
		return n.FirstChild
	}
	return nextSkip(n)
}

// nextSkip is the node after n and its descendants in document order.
func nextSkip(n *html.Node) *html.Node {
	for ; n != nil; n = n.Parent {
		if n.NextSibling != nil {
			return n.NextSibling
		}
	}
	return nil
}

// lastDescendant is the last node of n's subtree in document order (n
// itself when it has no children): continuing from it with next skips the
// subtree.
func lastDescendant(n *html.Node) *html.Node {
	for n.LastChild != nil {
		n = n.LastChild
	}
	return n
}

// prev is the node before n in document order (ancestors come before
// their descendants, so they are passed on the way up).
func prev(n *html.Node) *html.Node {
	if n.PrevSibling != nil {
		return lastDescendant(n.PrevSibling)
	}
	return n.Parent
}

// hasText reports whether any text is left under n.
func hasText(n *html.Node) bool {
	if n.Type == html.TextNode {
		return strings.TrimSpace(n.Data) != ""
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if hasText(c) {
			return true
		}
	}
	return false
}

// hasMedia reports pictures, videos and embeds, which are content even
// without text.
func hasMedia(n *html.Node) bool {
	if n.Type == html.ElementNode {
		switch n.DataAtom {
		case atom.Img, atom.Picture, atom.Video, atom.Audio, atom.Iframe, atom.Embed, atom.Object, atom.Svg:
			return true
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if hasMedia(c) {
			return true
		}
	}
	return false
}
