package transform

import (
	"strings"

	"golang.org/x/net/html"

	"github.com/unpress/unpress/transform/markdown"
)

// fold is the comparison form of a name: case-folded, typographic quotes
// and dashes unified, whitespace collapsed.
func fold(s string) string {
	s = typography.Replace(s)
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// Text is the visible text of a node, whitespace collapsed.
func Text(n *html.Node) string {
	t, _ := text(n, nil, false)
	return t
}

// text is the visible text of a node, leaving out the nodes in skip; with
// toMore it stops at the post's teaser break and reports whether there
// was one.
func text(n *html.Node, skip map[*html.Node]bool, toMore bool) (string, bool) {
	var b strings.Builder
	var walk func(*html.Node) bool
	walk = func(n *html.Node) bool {
		if skip[n] {
			return false
		}
		if toMore && markdown.IsMore(n) {
			return true
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "figcaption", "pre":
				return false
			case "p", "br", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "td", "th":
				b.WriteByte('\n')
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				return true
			}
		}
		return false
	}
	found := false
	if n != nil {
		found = walk(n)
	}
	return b.String(), found
}

// Replacers are built once: building one is far dearer than using it, and
// a Replacer is safe for concurrent use.
var (
	quotes     = strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`)
	typography = strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`, "–", "-", "—", "-", "\u00a0", " ")
)
