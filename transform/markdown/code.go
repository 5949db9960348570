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

// languageClassRe finds a language in the class conventions in use on
// WordPress sites: "language-go"/"lang-go" (block editor plugins, Prism,
// highlight.js) and SyntaxHighlighter Evolved's "brush: go; …".
var languageClassRe = regexp.MustCompile(`(?:^|\s)(?:language-|lang-)([A-Za-z0-9_+#.-]+)|brush:\s*([A-Za-z0-9_+#.-]+)`)

var languageAttrRe = regexp.MustCompile(`^[A-Za-z0-9_+#.-]+$`)

// codeLanguage returns the language of a <pre>, from its class or that of
// the <code> inside, or from WP-Syntax's lang attribute.
func codeLanguage(pre *html.Node) string {
	nodes := []*html.Node{pre}
	if c := dom.FindFirstNode(pre, func(n *html.Node) bool { return dom.NodeName(n) == "code" }); c != nil {
		nodes = append(nodes, c)
	}
	for i := len(nodes) - 1; i >= 0; i-- { // the inner <code> is the more specific
		if m := languageClassRe.FindStringSubmatch(dom.GetAttributeOr(nodes[i], "class", "")); m != nil {
			return m[1] + m[2]
		}
	}
	for _, n := range nodes {
		for _, k := range []string{"data-lang", "lang"} {
			if v := strings.TrimSpace(dom.GetAttributeOr(n, k, "")); languageAttrRe.MatchString(v) {
				return v
			}
		}
	}
	return ""
}

// codeText returns the text of a code block as the reader sees it:
// entities decoded by the parser, <br> as newlines, markup dropped.
func codeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.Data {
			case "br":
				b.WriteString("\n")
				return
			case "script", "style":
				return
			}
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(n)
	return b.String()
}

var blankLinesRe = regexp.MustCompile(`^(?:[ \t]*\n)+`)

// renderCodeBlock writes a fenced code block with a fence longer than any
// run of backticks in the code, so the code needs no escaping at all.
// Newlines are written as the library's code-block marker: its post-render
// pass collapses runs of blank lines everywhere else, and turns the marker
// back into "\n" only after that.
func renderCodeBlock(w converter.Writer, pre *html.Node) converter.RenderStatus {
	code := strings.ReplaceAll(codeText(pre), "\r\n", "\n")
	code = strings.ReplaceAll(code, "\r", "\n")
	code = blankLinesRe.ReplaceAllString(code, "")
	code = strings.TrimRight(code, " \t\n")
	if code == "" {
		return converter.RenderSuccess
	}
	fence := strings.Repeat("`", max(3, longestRun(code, '`')+1))
	w.WriteString("\n\n")
	w.WriteString(fence)
	w.WriteString(codeLanguage(pre))
	w.WriteString("\n")
	w.WriteString(strings.ReplaceAll(code, "\n", string(marker.MarkerCodeBlockNewline)))
	w.WriteString("\n")
	w.WriteString(fence)
	w.WriteString("\n\n")
	return converter.RenderSuccess
}

func longestRun(s string, c byte) int {
	best, cur := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			cur++
			best = max(best, cur)
		} else {
			cur = 0
		}
	}
	return best
}

// renderVerse renders the verse block (poetry: line breaks are content,
// but it is not code) as paragraphs whose lines end in hard breaks, keeping
// inline markup.
func renderVerse(ctx converter.Context, w converter.Writer, pre *html.Node) converter.RenderStatus {
	var buf bytes.Buffer
	ctx.RenderChildNodes(ctx, &buf, pre)
	text := strings.ReplaceAll(buf.String(), "\r\n", "\n")
	var paras []string
	var lines []string
	flush := func() {
		if len(lines) > 0 {
			paras = append(paras, strings.Join(lines, "  \n"))
			lines = nil
		}
	}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			flush()
			continue
		}
		lines = append(lines, line)
	}
	flush()
	if len(paras) > 0 {
		w.WriteString("\n\n" + strings.Join(paras, "\n\n") + "\n\n")
	}
	return converter.RenderSuccess
}

// renderPre renders a <pre>: a verse block, or code.
func renderPre(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	if dom.HasClass(n, "wp-block-verse") {
		return renderVerse(ctx, w, n)
	}
	return renderCodeBlock(w, n)
}
