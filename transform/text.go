package transform

import (
	"strings"

	"golang.org/x/net/html"
)

// fold is the comparison form of a name: case-folded, typographic quotes
// and dashes unified, whitespace collapsed.
func fold(s string) string {
	s = typography.Replace(s)
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// Text is the visible text of a node, whitespace collapsed.
func Text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "figcaption", "pre":
				return
			case "p", "br", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "td", "th":
				b.WriteByte('\n')
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	if n != nil {
		walk(n)
	}
	return b.String()
}

// Replacers are built once: building one is far dearer than using it, and
// a Replacer is safe for concurrent use.
var (
	quotes     = strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`)
	typography = strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`, "–", "-", "—", "-", "\u00a0", " ")
)
