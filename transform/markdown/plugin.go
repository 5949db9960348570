package markdown

import (
	"bytes"
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/JohannesKaufmann/dom"
	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/marker"
	"golang.org/x/net/html"
)

// wordpressPlugin teaches html-to-markdown the markup WordPress core (and
// the classic editor's shortcodes) emit. It holds only the caller's
// Options, which never change; per-conversion state is in the context.
type wordpressPlugin struct {
	opts Options
}

func newWordPressPlugin(opts Options) *wordpressPlugin {
	return &wordpressPlugin{opts: opts}
}

func (p *wordpressPlugin) Name() string { return "wordpress" }

func (p *wordpressPlugin) Init(conv *converter.Converter) error {
	// Interactive and decorative elements carry no article text. The base
	// plugin already removes script, style, noscript, input and textarea.
	for _, tag := range []string{"form", "button", "select", "svg", "canvas", "template", "dialog"} {
		conv.Register.TagType(tag, converter.TagTypeRemove, converter.PriorityEarly)
	}
	// The base plugin removes iframes before rendering; an earlier priority
	// wins the tag-type lookup, so they survive until renderIframe turns
	// them into embeds or links.
	conv.Register.TagType("iframe", converter.TagTypeBlock, converter.PriorityEarly)

	// After the base plugin's removal pass (PriorityEarly) so removed nodes
	// are not considered, before commonmark's restructuring (Standard).
	conv.Register.PreRenderer(p.preRenderFootnotes, converter.PriorityEarly+10)

	// Early, so that it sees img, a, pre, blockquote and table captions
	// before the commonmark and table plugins (PriorityStandard) do; for
	// everything it leaves alone it answers RenderTryNext.
	conv.Register.Renderer(p.render, converter.PriorityEarly)
	return nil
}

func (p *wordpressPlugin) preRenderFootnotes(ctx converter.Context, doc *html.Node) {
	stateFrom(ctx).notes = detectFootnotes(doc)
}

func (p *wordpressPlugin) render(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	st := stateFrom(ctx)
	if n.Type == html.CommentNode && n.Data == listEndComment && !listEndCommentNeeded(n, st) {
		return converter.RenderSuccess
	}
	if n.Type != html.ElementNode {
		return converter.RenderTryNext
	}
	if st.notes.drop[n] {
		return converter.RenderSuccess
	}
	if label, ok := st.notes.refs[n]; ok {
		w.WriteString("[^" + label + "]")
		return converter.RenderSuccess
	}

	switch n.Data {
	case "img":
		return p.renderImage(ctx, w, n, "")
	case "a":
		if isDuplicateFileButton(n) {
			return converter.RenderSuccess
		}
		return p.renderLink(ctx, w, n)
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
	case "ul", "ol":
		if st.notes.lists[n] {
			return renderFootnoteList(ctx, w, n, st)
		}
		// Galleries from WordPress 5.0–5.8 are lists of figures; as a
		// Markdown list they would become bullets of images.
		if dom.HasClass(n, "blocks-gallery-grid") || dom.HasClass(n, "wp-block-gallery") {
			return renderBlocks(ctx, w, n)
		}
		if isTightSublist(ctx, n) {
			return renderTightSublist(ctx, w, n)
		}
	case "p":
		if isCaption(n) {
			return renderCaptionBlock(ctx, w, n)
		}
		if isBlankElement(n) {
			return converter.RenderSuccess
		}
	case "figcaption":
		return renderCaptionBlock(ctx, w, n)
	case "caption":
		// A table caption, rendered where the table plugin puts it (after
		// the table) in the same form as figure captions.
		return renderCaptionBlock(ctx, w, n)
	case "blockquote":
		return renderBlockquote(ctx, w, n)
	case "cite":
		if isQuoteAttribution(n) {
			return renderAttribution(ctx, w, n)
		}
	case "pre":
		if dom.HasClass(n, "wp-block-verse") {
			return renderVerse(ctx, w, n)
		}
		return renderCodeBlock(w, n)
	case "iframe":
		return p.renderIframe(ctx, w, n)
	case "video", "audio":
		return p.renderMediaElement(ctx, w, n)
	case "sup", "sub":
		return renderInlineHTML(ctx, w, n)
	case "br":
		// In a table cell a line break must stay on the row's line; the
		// table plugin would otherwise turn the library's "  \n" into
		// "  <br />" with the two spaces left dangling.
		if inTableCell(n) {
			w.WriteString("<br />")
			return converter.RenderSuccess
		}
	}
	return converter.RenderTryNext
}

// - - - images and links - - -

// imageSource picks the absolute URL an <img> should point to. WordPress
// puts a resized copy in src ("photo-300x169.jpg") and lists every size in
// srcset; when the largest of those is the original upload, that is the
// one worth keeping. Lazy-loading plugins move the real URL to data-src and
// leave a placeholder in src.
func (p *wordpressPlugin) imageSource(st *convState, img *html.Node) string {
	raw := strings.TrimSpace(dom.GetAttributeOr(img, "src", ""))
	if raw == "" || strings.HasPrefix(strings.ToLower(raw), "data:") {
		for _, k := range []string{"data-src", "data-lazy-src", "data-orig-file"} {
			if v := strings.TrimSpace(dom.GetAttributeOr(img, k, "")); v != "" {
				raw = v
				break
			}
		}
	}
	if raw == "" {
		return ""
	}
	abs := resolve(st.base, raw)
	if !isResized(abs) {
		return abs
	}
	srcset := dom.GetAttributeOr(img, "srcset", "")
	if srcset == "" {
		srcset = dom.GetAttributeOr(img, "data-srcset", "")
	}
	largest := largestCandidate(srcset)
	if largest == "" {
		return abs
	}
	largest = resolve(st.base, largest)
	if k1, ok1 := imageKey(abs); ok1 && !isResized(largest) {
		if k2, ok2 := imageKey(largest); ok2 && k1 == k2 {
			return largest
		}
	}
	return abs
}

// renderImage writes ![alt](src "title"). src, when not empty, overrides
// the URL chosen from the element (a surrounding link may name a larger
// copy of the same image).
func (p *wordpressPlugin) renderImage(ctx converter.Context, w converter.Writer, img *html.Node, src string) converter.RenderStatus {
	st := stateFrom(ctx)
	if src == "" {
		src = p.imageSource(st, img)
	}
	if src == "" {
		// Nothing to show; the library's fallback renders nothing either.
		return converter.RenderTryNext
	}
	st.addMedia(src)

	w.WriteString("![")
	w.WriteString(escapeLinkText(oneLine(dom.GetAttributeOr(img, "alt", ""))))
	w.WriteString("](")
	w.WriteString(mdDestination(p.rewrite(src)))
	if title := oneLine(dom.GetAttributeOr(img, "title", "")); title != "" {
		w.WriteString(" ")
		w.WriteString(quoteTitle(title))
	}
	w.WriteString(")")
	return converter.RenderSuccess
}

// renderLink resolves and rewrites the href, then lets the commonmark
// plugin render the link itself, so its escaping rules for link text apply.
// An image linked to (a larger copy of) itself, which is how WordPress
// inserts images with "Link to: Media File", is just the image.
func (p *wordpressPlugin) renderLink(ctx converter.Context, w converter.Writer, a *html.Node) converter.RenderStatus {
	href := strings.TrimSpace(dom.GetAttributeOr(a, "href", ""))
	if href == "" {
		return converter.RenderTryNext
	}
	st := stateFrom(ctx)
	if img := soleImage(a); img != nil {
		if src := p.imageSource(st, img); src != "" {
			target := resolve(st.base, href)
			if k1, ok1 := imageKey(src); ok1 {
				if k2, ok2 := imageKey(target); ok2 && k1 == k2 {
					if imageWidth(target) > imageWidth(src) {
						src = target
					}
					return p.renderImage(ctx, w, img, src)
				}
			}
		}
	}
	if strings.HasPrefix(href, "#") {
		return converter.RenderTryNext
	}
	if st.markLinkDone(a) {
		abs := resolve(st.base, href)
		if strings.HasPrefix(strings.ToLower(abs), "javascript:") {
			// Not a destination; keep the text only.
			setAttr(a, "href", "")
			return converter.RenderTryNext
		}
		if isUploadFile(abs) {
			st.addMedia(abs)
		}
		// The commonmark renderer reads the href from the node. This is our
		// private copy of the tree, and markLinkDone guarantees the rewrite
		// happens once even if the node is rendered again.
		setAttr(a, "href", p.rewrite(abs))
	}
	return converter.RenderTryNext
}

// isDuplicateFileButton reports whether n is the "Download" button of a
// file block, which repeats the href of the file link right before it.
func isDuplicateFileButton(n *html.Node) bool {
	if !dom.HasClass(n, "wp-block-file__button") || n.Parent == nil {
		return false
	}
	href := dom.GetAttributeOr(n, "href", "")
	for s := n.Parent.FirstChild; s != nil; s = s.NextSibling {
		if s != n && dom.NodeName(s) == "a" && dom.GetAttributeOr(s, "href", "") == href {
			return true
		}
	}
	return false
}

// soleImage returns the <img> that is the only content of n (possibly
// inside wrappers such as <picture> or <span>), or nil.
func soleImage(n *html.Node) *html.Node {
	for depth := 0; depth < 4; depth++ {
		only := onlyElementChild(n)
		if only == nil {
			return nil
		}
		if only.Data == "img" {
			return only
		}
		n = only
	}
	return nil
}

// rewrite applies Options.RewriteURL. It promises callers absolute URLs, so
// what is still relative (only possible without a base), fragment-only or
// inline data is left alone.
func (p *wordpressPlugin) rewrite(abs string) string {
	if p.opts.RewriteURL == nil || abs == "" || strings.HasPrefix(abs, "#") || strings.HasPrefix(strings.ToLower(abs), "data:") {
		return abs
	}
	if u, err := url.Parse(abs); err != nil || !u.IsAbs() {
		return abs
	}
	return p.opts.RewriteURL(abs)
}

func setAttr(n *html.Node, key, val string) {
	for i := range n.Attr {
		if n.Attr[i].Namespace == "" && n.Attr[i].Key == key {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

// - - - figures, captions, galleries - - -

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

// - - - quotes - - -

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

// - - - code - - -

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

// - - - embeds - - -

// renderEmbedFigure handles figure.wp-block-embed. Offline, or when the
// provider's oEmbed failed, WordPress prints the bare URL in
// .wp-block-embed__wrapper; online it prints the provider's HTML, usually
// an iframe. Anything else in the wrapper (a tweet's blockquote) is
// rendered as ordinary content, which keeps its text.
func (p *wordpressPlugin) renderEmbedFigure(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	st := stateFrom(ctx)
	wrapper := dom.FindFirstNode(n, func(c *html.Node) bool { return dom.HasClass(c, "wp-block-embed__wrapper") })
	if wrapper == nil {
		return p.renderFigure(ctx, w, n)
	}
	var body string
	if f := strings.Fields(dom.CollectText(wrapper)); len(f) == 1 && dom.FindFirstNode(wrapper, func(c *html.Node) bool { return c != wrapper && c.Type == html.ElementNode }) == nil && isWebURL(f[0]) {
		u := resolve(st.base, f[0])
		if c, ok := canonicalVideoURL(u); ok {
			u = c
		}
		body = p.embed(u)
	} else if iframe := dom.FindFirstNode(wrapper, func(c *html.Node) bool { return dom.NodeName(c) == "iframe" }); iframe != nil {
		var buf bytes.Buffer
		p.renderIframe(ctx, &buf, iframe)
		body = buf.String()
	} else {
		var buf bytes.Buffer
		ctx.RenderChildNodes(ctx, &buf, wrapper)
		body = buf.String()
	}
	var caps []*html.Node
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if isCaption(ch) {
			caps = append(caps, ch)
		}
	}
	writeWithCaption(w, bytes.TrimSpace([]byte(body)), captionLine(ctx, caps...))
	return converter.RenderSuccess
}

func isWebURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "//")
}

// renderIframe turns a video player into an embed of its canonical page
// URL, and any other iframe (maps, forms, widgets) into a link to its
// source, which is all a static page can keep of it.
func (p *wordpressPlugin) renderIframe(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	st := stateFrom(ctx)
	src := strings.TrimSpace(dom.GetAttributeOr(n, "src", ""))
	if src == "" || src == "about:blank" {
		src = strings.TrimSpace(dom.GetAttributeOr(n, "data-src", ""))
	}
	if src == "" || src == "about:blank" {
		return converter.RenderSuccess
	}
	abs := resolve(st.base, src)
	w.WriteString("\n\n")
	if c, ok := canonicalVideoURL(abs); ok {
		w.WriteString(strings.TrimSpace(p.embed(c)))
	} else {
		out := p.rewrite(abs)
		text := oneLine(dom.GetAttributeOr(n, "title", ""))
		if text == "" {
			text = out
		}
		w.WriteString(mdLink(text, out))
	}
	w.WriteString("\n\n")
	return converter.RenderSuccess
}

func (p *wordpressPlugin) embed(u string) string {
	if p.opts.Embed != nil {
		return p.opts.Embed(u)
	}
	return mdLink(u, u)
}

// renderMediaElement renders <video> and <audio> (the block editor's
// video/audio blocks and the [video]/[audio] shortcodes) as a link to the
// file, the only form every Markdown renderer shows; the fallback text
// inside the element is for browsers without media support and is dropped.
func (p *wordpressPlugin) renderMediaElement(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	st := stateFrom(ctx)
	src := strings.TrimSpace(dom.GetAttributeOr(n, "src", ""))
	if src == "" {
		if s := dom.FindFirstNode(n, func(c *html.Node) bool {
			return dom.NodeName(c) == "source" && strings.TrimSpace(dom.GetAttributeOr(c, "src", "")) != ""
		}); s != nil {
			src = strings.TrimSpace(dom.GetAttributeOr(s, "src", ""))
		}
	}
	if src == "" {
		return converter.RenderSuccess
	}
	abs := stripCacheBuster(resolve(st.base, src))
	if isUploadFile(abs) {
		st.addMedia(abs)
	}
	name := abs
	if i := strings.LastIndexAny(abs, "/"); i >= 0 && i+1 < len(abs) {
		name = path.Base(strings.SplitN(abs[i:], "?", 2)[0])
	}
	w.WriteString("\n\n" + mdLink(name, p.rewrite(abs)) + "\n\n")
	return converter.RenderSuccess
}

// - - - footnotes - - -

// renderFootnoteList writes one "[^label]: text" definition per item, with
// continuation lines indented four spaces as footnote syntax requires.
func renderFootnoteList(ctx converter.Context, w converter.Writer, list *html.Node, st *convState) converter.RenderStatus {
	var defs [][]byte
	multiline := false
	for li := list.FirstChild; li != nil; li = li.NextSibling {
		label, ok := st.notes.items[li]
		if !ok {
			continue
		}
		var buf bytes.Buffer
		ctx.RenderChildNodes(ctx, &buf, li)
		content := bytes.TrimSpace(buf.Bytes())
		if len(content) == 0 {
			continue
		}
		if bytes.ContainsAny(content, "\n") || bytes.Contains(content, marker.BytesMarkerCodeBlockNewline) {
			multiline = true
		}
		def := append([]byte("[^"+label+"]: "), indentContinuation(content, "    ")...)
		defs = append(defs, def)
	}
	if len(defs) == 0 {
		return converter.RenderSuccess
	}
	sep := []byte("\n")
	if multiline {
		sep = []byte("\n\n")
	}
	w.WriteString("\n\n")
	w.Write(bytes.Join(defs, sep))
	w.WriteString("\n\n")
	return converter.RenderSuccess
}

// indentContinuation indents every line after the first, except blank
// ones (indenting those would leave trailing whitespace).
func indentContinuation(content []byte, indent string) []byte {
	content = bytes.ReplaceAll(content, marker.BytesMarkerCodeBlockNewline, append(append([]byte{}, marker.BytesMarkerCodeBlockNewline...), indent...))
	lines := bytes.Split(content, []byte("\n"))
	var out bytes.Buffer
	for i, line := range lines {
		if i > 0 {
			out.WriteByte('\n')
			if len(bytes.TrimSpace(line)) > 0 {
				out.WriteString(indent)
			}
		}
		out.Write(line)
	}
	return out.Bytes()
}

// - - - nested lists - - -

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
// anyway, and footnote definitions are not a list at all; there the
// comment would only be noise in the output.
func listEndCommentNeeded(c *html.Node, st *convState) bool {
	prev, next := prevElement(c), nextElement(c)
	if prev == nil {
		return true
	}
	if st.notes.lists[prev] {
		return false
	}
	isList := func(n *html.Node) bool { return n != nil && (n.Data == "ul" || n.Data == "ol") }
	return !(isList(prev) && isList(next) && prev.Data != next.Data)
}

// - - - inline leftovers - - -

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

// - - - Markdown text helpers - - -

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// escapeLinkText escapes what would end link or image text early or start
// markup inside it. "_" between letters or digits cannot open emphasis, so
// URLs used as text keep their underscores readable.
func escapeLinkText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\', '[', ']', '`', '*', '<':
			b.WriteByte('\\')
		case '_':
			if i == 0 || i == len(s)-1 || !isAlnum(s[i-1]) || !isAlnum(s[i+1]) {
				b.WriteByte('\\')
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func mdLink(text, dest string) string {
	return "[" + escapeLinkText(text) + "](" + mdDestination(dest) + ")"
}

// quoteTitle quotes a link or image title, choosing the quote character
// that needs no escaping when there is one.
func quoteTitle(t string) string {
	switch {
	case !strings.Contains(t, `"`):
		return `"` + strings.ReplaceAll(t, `\`, `\\`) + `"`
	case !strings.Contains(t, "'"):
		return "'" + strings.ReplaceAll(t, `\`, `\\`) + "'"
	default:
		return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(t) + `"`
	}
}
