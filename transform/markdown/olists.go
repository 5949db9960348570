package markdown

import (
	"bytes"
	"html"
	"strings"

	"github.com/JohannesKaufmann/dom"
	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	xhtml "golang.org/x/net/html"
)

// Markdown numbers an ordered list with decimals from its first item's
// number on: it has no letters or Roman numerals (<ol type="a">), no
// countdown (reversed), and no item that sets its own number (<li
// value="10">). Such a list stays HTML, so that "a. b. c." is not shown
// as "1. 2. 3.", with each item's content as Markdown between blank lines
// (CommonMark ends an HTML block at a blank line and reads what follows
// as Markdown), so that its links are rewritten like any other.

// htmlNumbering reports whether an ordered list numbers its items in a
// way Markdown cannot write.
func htmlNumbering(ol *xhtml.Node) bool {
	if t := strings.TrimSpace(dom.GetAttributeOr(ol, "type", "1")); t != "1" && t != "" {
		return true
	}
	if hasAttr(ol, "reversed") {
		return true
	}
	for li := ol.FirstChild; li != nil; li = li.NextSibling {
		if li.Type == xhtml.ElementNode && li.Data == "li" && hasAttr(li, "value") {
			return true
		}
	}
	return false
}

// renderHTMLList writes the list as HTML with its numbering attributes,
// each item's content converted.
func renderHTMLList(ctx converter.Context, w converter.Writer, ol *xhtml.Node) converter.RenderStatus {
	w.WriteString("\n\n<ol")
	for _, k := range []string{"type", "start", "reversed"} {
		if v, ok := dom.GetAttribute(ol, k); ok {
			writeAttr(w, k, v)
		}
	}
	w.WriteString(">\n")
	for li := ol.FirstChild; li != nil; li = li.NextSibling {
		if li.Type != xhtml.ElementNode || li.Data != "li" {
			continue
		}
		w.WriteString("<li")
		if v, ok := dom.GetAttribute(li, "value"); ok {
			writeAttr(w, "value", v)
		}
		var buf bytes.Buffer
		ctx.RenderChildNodes(ctx, &buf, li)
		if item := bytes.TrimSpace(buf.Bytes()); len(item) > 0 {
			w.WriteString(">\n\n")
			w.Write(item)
			w.WriteString("\n\n</li>\n")
		} else {
			w.WriteString("></li>\n")
		}
	}
	w.WriteString("</ol>\n\n")
	return converter.RenderSuccess
}

// writeAttr writes a numbering attribute: a bare name for a boolean one
// (reversed), else name="value".
func writeAttr(w converter.Writer, k, v string) {
	if k == "reversed" {
		w.WriteString(" reversed")
		return
	}
	w.WriteString(" " + k + `="` + html.EscapeString(strings.TrimSpace(v)) + `"`)
}

func hasAttr(n *xhtml.Node, k string) bool {
	_, ok := dom.GetAttribute(n, k)
	return ok
}
