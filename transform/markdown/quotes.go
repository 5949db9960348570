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

// renderBlockquote prefixes the rendered content with "> ". It replaces the
// commonmark plugin's version for two reasons: that one writes "> " with a
// trailing space on blank lines, and it only prefixes real newlines, so
// the lines of a code block inside a quote (kept as placeholders until the
// end so that blank lines in code survive) would fall out of the quote.
func renderBlockquote(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	var buf bytes.Buffer
	ctx.RenderChildNodes(ctx, &buf, n)
	content := bytes.TrimSpace(buf.Bytes())
	if len(content) == 0 {
		return converter.RenderSuccess
	}

	lines := bytes.Split(content, []byte("\n"))
	var out [][]byte
	for i, line := range lines {
		blank := len(bytes.TrimSpace(line)) == 0
		if blank {
			if len(out) > 0 && len(out[len(out)-1]) == 0 {
				continue // at most one blank line in a row
			}
			out = append(out, nil)
			continue
		}
		if i+1 == len(lines) || len(bytes.TrimSpace(lines[i+1])) == 0 {
			// A hard break before a paragraph end breaks nothing.
			line = bytes.TrimRight(line, " ")
		}
		out = append(out, line)
	}
	content = bytes.Join(out, []byte("\n"))
	content = bytes.ReplaceAll(content, marker.BytesMarkerCodeBlockNewline, []byte("\n"))

	w.WriteString("\n\n")
	for i, line := range bytes.Split(content, []byte("\n")) {
		if i > 0 {
			w.WriteString("\n")
		}
		if len(line) == 0 {
			w.WriteString(">")
			continue
		}
		w.WriteString("> ")
		w.Write(line)
	}
	w.WriteString("\n\n")
	return converter.RenderSuccess
}

// isQuoteAttribution reports whether a <cite> names the source of the
// quote around it: directly in the blockquote (block quotes and
// pullquotes), or alone in a paragraph of it (the classic editor's
// "<p><cite>— Name</cite></p>"). A <cite> inside running text is a title
// and stays inline.
func isQuoteAttribution(n *html.Node) bool {
	p := n.Parent
	if p == nil {
		return false
	}
	if p.Data == "blockquote" {
		return true
	}
	return (p.Data == "p" || p.Data == "footer") && onlyElementChild(p) == n &&
		p.Parent != nil && p.Parent.Data == "blockquote"
}

var leadingDashRe = regexp.MustCompile(`^[\s\x{2014}\x{2013}\x{2015}~-]`)

// renderAttribution writes the cite as the last paragraph of the quote,
// "— Name", keeping a dash the author already typed instead of adding one.
func renderAttribution(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	var buf bytes.Buffer
	ctx.RenderChildNodes(ctx, &buf, n)
	text := oneLineMarkdown(buf.Bytes())
	if text == "" {
		return converter.RenderSuccess
	}
	w.WriteString("\n\n")
	if !leadingDashRe.MatchString(strings.TrimSpace(dom.CollectText(n))) {
		w.WriteString("— ")
	}
	w.WriteString(text)
	w.WriteString("\n\n")
	return converter.RenderSuccess
}

// renderQuote renders a blockquote, and a cite that names its source.
func renderQuote(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	if n.Data == "blockquote" {
		return renderBlockquote(ctx, w, n)
	}
	if isQuoteAttribution(n) {
		return renderAttribution(ctx, w, n)
	}
	return converter.RenderTryNext
}
