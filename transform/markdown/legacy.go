package markdown

import (
	"bytes"

	"github.com/JohannesKaufmann/dom"
	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"golang.org/x/net/html"
)

// renderInlineHTML keeps <sup>/<sub> as inline HTML around the converted
// content: "x<sup>2</sup>" must not become "x2".
func renderInlineHTML(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	var buf bytes.Buffer
	ctx.RenderChildNodes(ctx, &buf, n)
	content := buf.Bytes()
	if len(bytes.TrimSpace(content)) == 0 || bytes.ContainsAny(content, "\n") {
		// Nothing to raise, or block content that inline HTML cannot hold.
		w.Write(content)
		return converter.RenderSuccess
	}
	w.WriteString("<" + n.Data + ">")
	w.Write(content)
	w.WriteString("</" + n.Data + ">")
	return converter.RenderSuccess
}

func inTableCell(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		switch dom.NodeName(p) {
		case "td", "th":
			return true
		case "table":
			return false
		}
	}
	return false
}

// isContentElement reports whether an element shows something even
// without text.
func isContentElement(name string) bool {
	switch name {
	case "img", "picture", "iframe", "video", "audio", "object", "embed", "hr", "table", "math":
		return true
	}
	return false
}

// isBlankElement reports whether n shows nothing: only whitespace and
// non-breaking spaces (the classic editor's "<p>&nbsp;</p>" spacers),
// line breaks and empty inline wrappers.
func isBlankElement(n *html.Node) bool {
	return dom.FindFirstNode(n, func(c *html.Node) bool {
		switch c.Type {
		case html.TextNode:
			return !isBlankText(c.Data)
		case html.ElementNode:
			return isContentElement(c.Data)
		}
		return false
	}) == nil
}

// renderLegacyInline keeps <sup>/<sub> as inline HTML, and a line break in
// a table cell on the row's line: the table plugin would otherwise turn
// the library's "  \n" into "  <br />" with the two spaces left dangling.
func renderLegacyInline(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	if n.Data != "br" {
		return renderInlineHTML(ctx, w, n)
	}
	if inTableCell(n) {
		w.WriteString("<br />")
		return converter.RenderSuccess
	}
	return converter.RenderTryNext
}
