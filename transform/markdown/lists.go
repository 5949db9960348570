package markdown

import (
	"bytes"
	"strings"

	"github.com/JohannesKaufmann/dom"
	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"golang.org/x/net/html"
)

// passThrough marks, in the context, a node that our renderer already
// handled and now hands to the next renderer.
type passThrough struct{ n *html.Node }

// isTightSublist reports whether a list directly follows inline text in a
// list item ("<li>dates:<ul>…"). The commonmark plugin puts a blank line
// before every nested list, which makes the whole outer list loose (every
// item becomes a paragraph); WordPress lists are tight.
func isTightSublist(ctx converter.Context, list *html.Node) bool {
	if on, _ := ctx.Value(passThrough{list}).(bool); on {
		return false
	}
	li := list.Parent
	if li == nil || li.Data != "li" {
		return false
	}
	// An ordered list can interrupt a paragraph only when it starts at 1;
	// otherwise its first line would be read as more paragraph text.
	if list.Data == "ol" {
		if start := strings.TrimSpace(dom.GetAttributeOr(list, "start", "1")); start != "1" && start != "" {
			return false
		}
	}
	for s := list.PrevSibling; s != nil; s = s.PrevSibling {
		switch s.Type {
		case html.TextNode:
			if !isBlankText(s.Data) {
				return true
			}
		case html.ElementNode:
			tagType, _ := ctx.GetTagType(s.Data)
			return tagType != converter.TagTypeBlock
		}
	}
	return false
}

// renderTightSublist lets the commonmark plugin render the list, then
// attaches it to the item's text with a single newline.
func renderTightSublist(ctx converter.Context, w converter.Writer, list *html.Node) converter.RenderStatus {
	var buf bytes.Buffer
	inner := ctx.WithValue(passThrough{list}, true)
	inner.RenderNodes(inner, &buf, list)
	b := bytes.TrimSpace(buf.Bytes())
	if len(b) == 0 {
		return converter.RenderSuccess
	}
	w.WriteString("\n")
	w.Write(b)
	w.WriteString("\n\n")
	return converter.RenderSuccess
}

// listEndComment is the comment the commonmark plugin inserts between two
// adjacent lists ("<!--THE END-->") so that Markdown does not merge them.
const listEndComment = "THE END"

// listEndCommentNeeded reports whether the separator is doing anything. A
// bullet list followed by an ordered one (or the reverse) starts a new list
// anyway, and footnote definitions and lists written as HTML are not
// Markdown lists at all; there the
// comment would only be noise in the output.
func listEndCommentNeeded(c *html.Node, st *convState) bool {
	prev, next := prevElement(c), nextElement(c)
	if prev == nil {
		return true
	}
	if st.notes.lists[prev] {
		return false
	}
	// A list written as HTML ends at its </ol>: nothing merges with it.
	if prev.Data == "ol" && htmlNumbering(prev) || next != nil && next.Data == "ol" && htmlNumbering(next) {
		return false
	}
	isList := func(n *html.Node) bool { return n != nil && (n.Data == "ul" || n.Data == "ol") }
	return !(isList(prev) && isList(next) && prev.Data != next.Data)
}

// renderList renders the lists that are not Markdown lists (footnote
// definitions, galleries) and nested lists that must stay tight; the rest
// is left to the commonmark plugin.
func renderList(ctx converter.Context, w converter.Writer, n *html.Node, st *convState) converter.RenderStatus {
	if st.notes.lists[n] {
		return renderFootnoteList(ctx, w, n, st)
	}
	// Galleries from WordPress 5.0–5.8 are lists of figures; as a
	// Markdown list they would become bullets of images.
	if dom.HasClass(n, "blocks-gallery-grid") || dom.HasClass(n, "wp-block-gallery") {
		return renderBlocks(ctx, w, n)
	}
	if n.Data == "ol" && htmlNumbering(n) {
		return renderHTMLList(ctx, w, n)
	}
	if isTightSublist(ctx, n) {
		return renderTightSublist(ctx, w, n)
	}
	return converter.RenderTryNext
}
