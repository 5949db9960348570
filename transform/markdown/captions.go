package markdown

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/JohannesKaufmann/dom"
	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/marker"
	"golang.org/x/net/html"
)

// isCaption reports whether n is the caption of the figure-like element
// that contains it: <figcaption>, the classic [caption] shortcode's
// p.wp-caption-text, and a classic gallery's dd.wp-caption-text.
func isCaption(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	return n.Data == "figcaption" ||
		dom.HasClass(n, "wp-caption-text") ||
		dom.HasClass(n, "wp-caption-dd") ||
		dom.HasClass(n, "gallery-caption") ||
		dom.HasClass(n, "blocks-gallery-caption")
}

// renderFigure renders an image figure, a classic [caption] box, a gallery
// item or a whole block gallery: the content first, then its caption as an
// italic line. Under a single-line body (an image, a linked image) the
// caption goes on the very next line, so it stays with the image; under
// anything longer (a table, a quote, a gallery) it needs a blank line, or
// it would become a table row or a lazy continuation of the quote.
func (p *wordpressPlugin) renderFigure(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	var body bytes.Buffer
	var caps []*html.Node
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if isCaption(ch) {
			caps = append(caps, ch)
			continue
		}
		ctx.RenderNodes(ctx, &body, ch)
	}
	writeWithCaption(w, bytes.TrimSpace(body.Bytes()), captionLine(ctx, caps...))
	return converter.RenderSuccess
}

func writeWithCaption(w converter.Writer, body []byte, caption string) {
	w.WriteString("\n\n")
	w.Write(body)
	if caption != "" {
		switch {
		case len(body) == 0:
		case joinsCaption(body):
			w.WriteString("\n")
		default:
			w.WriteString("\n\n")
		}
		w.WriteString(caption)
	}
	w.WriteString("\n\n")
}

var blockStartRe = regexp.MustCompile("^(?:[>|#]|```|~~~|[-*+] |\\d+[.)] )")

// joinsCaption reports whether a caption line can follow body directly:
// body is one line and does not open a block construct (quote, table,
// heading, code, list) that the next line would continue.
func joinsCaption(body []byte) bool {
	return !bytes.ContainsAny(body, "\n") &&
		!bytes.Contains(body, marker.BytesMarkerCodeBlockNewline) &&
		!blockStartRe.Match(body)
}

// renderCaptionBlock renders a caption that no figure claimed (a stray
// figcaption or p.wp-caption-text) as its own italic paragraph.
func renderCaptionBlock(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	if line := captionLine(ctx, n); line != "" {
		w.WriteString("\n\n" + line + "\n\n")
	}
	return converter.RenderSuccess
}

var lineBreaksRe = regexp.MustCompile(`[ \t]*(?:\n|` + string(marker.MarkerCodeBlockNewline) + `)[ \t\n` + string(marker.MarkerCodeBlockNewline) + `]*`)

// captionLine renders caption elements as one italic line; "" when they
// hold no text. A caption that contains *emphasis* of its own is wrapped in
// "_" instead, so the two stay distinguishable and a caption that is all
// emphasis does not turn into "**" (bold).
func captionLine(ctx converter.Context, caps ...*html.Node) string {
	var parts []string
	for _, c := range caps {
		var buf bytes.Buffer
		ctx.RenderChildNodes(ctx, &buf, c)
		if s := oneLineMarkdown(buf.Bytes()); s != "" {
			parts = append(parts, s)
		}
	}
	text := strings.Join(parts, " ")
	if text == "" {
		return ""
	}
	delim := "*"
	if hasMarkup(text, '*') && !hasMarkup(text, '_') {
		delim = "_"
	}
	return delim + text + delim
}

// hasMarkup reports whether rendered text contains c as Markdown syntax
// rather than as a literal character (which the library marks with its
// escaping placeholder until the end of the conversion).
func hasMarkup(text string, c byte) bool {
	for i := 0; i < len(text); i++ {
		if text[i] == c && (i == 0 || rune(text[i-1]) != marker.MarkerEscaping) {
			return true
		}
	}
	return false
}

// oneLineMarkdown joins rendered inline Markdown into a single line, for
// places where a line break would end the construct (captions, quote
// attributions).
func oneLineMarkdown(b []byte) string {
	return strings.TrimSpace(lineBreaksRe.ReplaceAllString(string(b), " "))
}

// renderBlocks renders each child of a gallery container as a block of its
// own, dropping the <br style="clear:both"> rows classic galleries put
// between items.
func renderBlocks(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type == html.TextNode && isBlankText(ch.Data) || dom.NodeName(ch) == "br" {
			continue
		}
		var buf bytes.Buffer
		ctx.RenderNodes(ctx, &buf, ch)
		if b := bytes.TrimSpace(buf.Bytes()); len(b) > 0 {
			w.WriteString("\n\n")
			w.Write(b)
			w.WriteString("\n\n")
		}
	}
	return converter.RenderSuccess
}

// renderContainer renders the elements that may hold a figure, a caption
// or a gallery: embeds in figure or div wrappers, block and classic
// figures, gallery containers and items, stray captions, and the classic
// editor's empty spacer paragraphs and divs.
func (p *wordpressPlugin) renderContainer(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	switch n.Data {
	case "figure":
		if dom.HasClass(n, "wp-block-embed") {
			return p.renderEmbedFigure(ctx, w, n)
		}
		return p.renderFigure(ctx, w, n)
	case "div":
		switch {
		case dom.HasClass(n, "wp-block-embed"):
			return p.renderEmbedFigure(ctx, w, n)
		case dom.HasClass(n, "wp-caption"):
			return p.renderFigure(ctx, w, n)
		case dom.HasClass(n, "gallery") || dom.HasClass(n, "wp-block-gallery"):
			return renderBlocks(ctx, w, n)
		case isBlankElement(n):
			return converter.RenderSuccess
		}
	case "dl":
		if dom.HasClass(n, "gallery-item") {
			return p.renderFigure(ctx, w, n)
		}
	case "p":
		if isCaption(n) {
			return renderCaptionBlock(ctx, w, n)
		}
		if isBlankElement(n) {
			return converter.RenderSuccess
		}
	case "figcaption", "caption":
		// A table's caption is rendered where the table plugin puts it
		// (after the table) in the same form as figure captions.
		return renderCaptionBlock(ctx, w, n)
	}
	return converter.RenderTryNext
}
