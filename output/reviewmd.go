package output

import (
	"bytes"
	"cmp"
	"html"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// reviewBodyLimit is how much of a file's Markdown the review page
// renders: one huge post must not make the page of a whole site unusable.
const reviewBodyLimit = 64 << 10

// reviewMarkdown renders a migrated body for the review page. The body
// comes from the legacy site, so nothing in it may become markup of its
// own: goldmark without WithUnsafe drops javascript: and other dangerous
// link targets, and the renderers below show raw HTML as escaped code and
// images as a placeholder (the page loads nothing from the network, and
// its Content-Security-Policy would refuse it anyway).
var reviewMarkdown = goldmark.New(
	goldmark.WithExtensions(extension.GFM),
	goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(reviewRenderer{}, 100))),
)

// renderReviewBody renders a body's Markdown as HTML for the review page
// and counts its words (those of its text, not of its markup or code
// blocks).
func renderReviewBody(body []byte) (htmlOut string, words int, err error) {
	truncated := len(body) > reviewBodyLimit
	if truncated {
		body = body[:reviewBodyLimit]
	}
	doc := reviewMarkdown.Parser().Parse(text.NewReader(body))
	// The text, inline pieces joined as they are ("foo*bar*" is one
	// word), blocks and lines apart; a word has a letter or a digit.
	var txt []byte
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch {
		case !entering:
		case n.Type() == ast.TypeBlock:
			txt = append(txt, ' ')
		case n.Kind() == ast.KindText:
			t := n.(*ast.Text)
			txt = append(txt, t.Segment.Value(body)...)
			if t.SoftLineBreak() || t.HardLineBreak() {
				txt = append(txt, ' ')
			}
		}
		return ast.WalkContinue, nil
	})
	for _, f := range strings.Fields(string(txt)) {
		if strings.IndexFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) >= 0 {
			words++
		}
	}
	var b bytes.Buffer
	if err := reviewMarkdown.Renderer().Render(&b, body, doc); err != nil {
		return "", 0, err
	}
	if truncated {
		b.WriteString(`<p class="note">… the rest of the file is not shown here.</p>`)
	}
	return b.String(), words, nil
}

// reviewRenderer overrides goldmark's renderers for what a review page
// must show rather than do.
type reviewRenderer struct{}

func (reviewRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindImage, renderImage)
	reg.Register(ast.KindRawHTML, renderRawHTML)
	reg.Register(ast.KindHTMLBlock, renderHTMLBlock)
}

// renderImage shows an image as its alt text and address.
func renderImage(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	img := n.(*ast.Image)
	var alt strings.Builder
	ast.Walk(img, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			alt.Write(t.Segment.Value(source))
		}
		return ast.WalkContinue, nil
	})
	w.WriteString(`<span class="img" title="`)
	w.WriteString(html.EscapeString(string(img.Destination)))
	w.WriteString(`">image: `)
	w.WriteString(html.EscapeString(cmp.Or(alt.String(), "(no alt text)")))
	w.WriteString(`</span>`)
	return ast.WalkSkipChildren, nil
}

// renderRawHTML shows inline raw HTML as code.
func renderRawHTML(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	raw := n.(*ast.RawHTML)
	w.WriteString(`<code class="raw">`)
	for i := 0; i < raw.Segments.Len(); i++ {
		seg := raw.Segments.At(i)
		w.WriteString(html.EscapeString(string(seg.Value(source))))
	}
	w.WriteString(`</code>`)
	return ast.WalkSkipChildren, nil
}

// renderHTMLBlock shows a raw HTML block as a code block.
func renderHTMLBlock(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	blk := n.(*ast.HTMLBlock)
	w.WriteString(`<pre class="raw"><code>`)
	for i := 0; i < blk.Lines().Len(); i++ {
		line := blk.Lines().At(i)
		w.WriteString(html.EscapeString(string(line.Value(source))))
	}
	if blk.HasClosure() {
		w.WriteString(html.EscapeString(string(blk.ClosureLine.Value(source))))
	}
	w.WriteString("</code></pre>\n")
	return ast.WalkSkipChildren, nil
}
