// Package markdown converts the body of a WordPress post (the HTML inside
// the theme's content element) to Markdown.
//
// It is built on html-to-markdown v2 (base, commonmark, table and
// strikethrough plugins) plus a plugin of our own, [wordpressPlugin], which
// knows the markup WordPress core emits: block and classic images with
// captions, galleries, embeds, code blocks, pullquotes, footnotes and the
// legacy visual editor's leftovers.
//
// # Output conventions
//
//   - Headings are ATX ("## Title"), bullets "-", emphasis "*", strong "**",
//     thematic breaks "* * *" (never "---", which a front-matter parser could
//     mistake for the end of the YAML block). Nested lists are tight.
//   - A hard line break (<br>) is two trailing spaces, the form the library
//     uses; no other line ends in whitespace. In a table cell it is "<br />".
//   - Images are ![alt](src "title"), src being the original upload when
//     the img's srcset shows it (see imageSource). An image linked to (a
//     larger copy of) itself is just the image; linked elsewhere it is
//     [![alt](src)](href).
//   - Captions (figcaption, [caption]'s p.wp-caption-text, gallery item and
//     gallery captions, table captions) become an italic line, "*Caption*"
//     ("_Caption_" when the caption has *emphasis* of its own). Under an
//     image or embed it is on the very next line, so it stays in the same
//     paragraph, just below it; under anything that would swallow that line
//     (a table row, a quote, a gallery) it follows after a blank line.
//   - Galleries (block and classic) are their images one per paragraph,
//     each with its caption, then the gallery's caption.
//   - A blockquote's <cite> becomes the quote's last line: "> — Cite".
//   - Code blocks are fenced with a fence longer than any backtick run in
//     the code, with the language from class="language-X" (also lang-X,
//     SyntaxHighlighter's "brush: X" and a lang attribute). The verse block
//     is poetry, not code: lines joined by hard breaks.
//   - Footnotes (WordPress-style "sup > a[href=#fn-N]" references and the
//     list of items they point to, whatever its class) become Markdown
//     footnotes "[^N]" with "[^N]: text" definitions where the list was;
//     back-links ("↩") and the rule just above the list are dropped, as
//     Markdown renderers draw their own. Items nobody references are kept
//     as definitions too, so their text is not lost.
//   - Embeds (figure.wp-block-embed, YouTube and Vimeo iframes) are given to
//     Options.Embed with the canonical watch URL; the default is a Markdown
//     link on its own line. Any other iframe becomes a plain link to its src,
//     <video>/<audio> a link to the file.
//   - <u>, <ins>, <mark>, <span>, <font> and inline styles keep their text
//     and lose their markup: Markdown has no underline, and on the web an
//     underline reads as a link. <sub> and <sup> (other than footnote
//     references) are kept as inline HTML, because "x<sup>2</sup>" flattened
//     to "x2" changes the meaning; renderers that strip raw HTML still show
//     the text.
//   - The teaser break (<!--more--> or <span id="more-N">) is Options.More,
//     a block of its own when it stood alone, or dropped.
//   - Paragraphs holding nothing but (non-breaking) spaces are dropped, and
//     so are comments, script, style, noscript, form, input,
//     button, select, textarea, canvas, template and svg. The one comment
//     written is the library's "<!--THE END-->" between two adjacent lists
//     of the same kind, which Markdown would otherwise merge.
//   - Every href and src is made absolute against the base URL and then
//     passed through Options.RewriteURL; fragment-only links ("#fn-1") are
//     kept as they are and never rewritten.
package markdown

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/marker"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Options customise the output. The zero value is usable. Both functions
// are called from whichever goroutines call Convert, so they must be safe
// for concurrent use.
type Options struct {
	// Embed renders an embedded video/iframe/oEmbed URL. nil = a plain
	// Markdown link on its own line:
	// [https://www.youtube.com/watch?v=ID](https://www.youtube.com/watch?v=ID)
	//
	// The URL is canonical for YouTube (https://www.youtube.com/watch?v=ID,
	// plus "&t=N" when the player had a start time) and Vimeo
	// (https://vimeo.com/ID); other embed-block URLs are passed as written.
	// The result is inserted verbatim (not escaped) as a block of its own,
	// so it may be a shortcode or raw HTML. Embed URLs do not go through
	// RewriteURL: they point to the provider, not to the old site.
	Embed func(url string) string
	// RewriteURL maps an absolute URL (link href or image src) to what the
	// output should contain (e.g. a new site path or a local media path).
	// nil = identity.
	//
	// It sees only absolute URLs (mailto: included), never fragment-only
	// links or data: URIs. Characters that would break the Markdown
	// destination (spaces, parentheses, angle brackets) are percent-encoded
	// in what it returns.
	RewriteURL func(abs string) string
	// More is what a post's teaser break (<!--more-->, or the span
	// WordPress leaves in its place) becomes: MoreMark for a generator
	// that splits a summary there (Hugo, Jekyll), "" to drop it.
	More string
}

// Converter turns WordPress post bodies into Markdown. Build one with New
// and share it: Convert is safe for concurrent use.
//
// Concurrency: html-to-markdown's *converter.Converter is safe for
// concurrent ConvertNode calls (v2.5.2, checked in its source): handlers
// are registered only while plugins initialise, in New, and afterwards only
// read under the converter's own RWMutex; the state of a conversion lives
// in a fresh context per call; and the plugins used here keep nothing but
// their immutable configuration. So one converter is shared and no pool is
// needed. Our plugin follows the same rule: per-call state travels in the
// context (see [convState]). What is NOT safe is the input: the library
// edits the tree it is given (it removes nodes and collapses whitespace in
// place), so Convert works on a private copy, and callers may keep using,
// or even concurrently convert, the same tree. TestConvertConcurrent
// checks all of this under the race detector.
type Converter struct {
	conv *converter.Converter
}

// New builds a Converter. It fails only if a plugin rejects its
// configuration, which would be a programming error in this package.
func New(opts Options) (*Converter, error) {
	conv := converter.NewConverter(converter.WithPlugins(
		base.NewBasePlugin(),
		commonmark.NewCommonmarkPlugin(
			// An <a> without href is an anchor target (<a id="x">), and an
			// empty link is invisible: keep the text, not "[text]()".
			commonmark.WithLinkEmptyHrefBehavior(commonmark.LinkBehaviorSkip),
			commonmark.WithLinkEmptyContentBehavior(commonmark.LinkBehaviorSkip),
		),
		table.NewTablePlugin(
			// A <br> or a second paragraph in a cell would otherwise make
			// the plugin give up on the whole table.
			table.WithNewlineBehavior(table.NewlineBehaviorPreserve),
			// Tables from the classic editor rarely have a <thead>; a GFM
			// table needs a header, and the first row is what readers saw
			// as one.
			table.WithHeaderPromotion(true),
		),
		strikethrough.NewStrikethroughPlugin(),
		newWordPressPlugin(opts),
	))
	// The library only reports plugin errors from ConvertNode, so surface
	// them now rather than on the first post.
	if _, err := conv.ConvertNode(&html.Node{Type: html.DocumentNode}, converter.WithContext(withState(context.Background(), newConvState(nil)))); err != nil {
		return nil, fmt.Errorf("markdown: set up converter: %w", err)
	}
	return &Converter{conv: conv}, nil
}

// Convert renders the children of root (a content element such as
// div.entry-content that has already been cleaned of theme chrome, with
// absolute URLs) to Markdown. base resolves any remaining relative URLs and
// may be nil. It returns the Markdown (ending in exactly one "\n", or "" if
// empty) and the absolute URLs of media referenced (img src, and links to
// files under /wp-content/uploads/), de-duplicated in first-appearance
// order, BEFORE RewriteURL is applied. root is not modified.
func (c *Converter) Convert(root *html.Node, base *url.URL) (md string, media []string, err error) {
	if c == nil || c.conv == nil {
		return "", nil, errors.New("markdown: Convert on a Converter not built with New")
	}
	if root == nil {
		return "", nil, nil
	}
	// The converter renders the node it is given, and a root such as a
	// <blockquote> or <figure> would be rendered as one; only its children
	// are the content. They go under a fresh document node, copied because
	// the library edits the tree in place.
	doc := &html.Node{Type: html.DocumentNode}
	for ch := root.FirstChild; ch != nil; ch = ch.NextSibling {
		doc.AppendChild(cloneTree(ch))
	}

	st := newConvState(base)
	defer func() {
		// A panic deep in a third-party renderer on one malformed post must
		// fail that post, not the whole migration.
		if r := recover(); r != nil {
			md, media, err = "", nil, fmt.Errorf("markdown: convert: panic: %v", r)
		}
	}()
	out, err := c.conv.ConvertNode(doc, converter.WithContext(withState(context.Background(), st)))
	if err != nil {
		return "", nil, fmt.Errorf("markdown: convert: %w", err)
	}
	return tidy(out), st.media, nil
}

// cleanText makes input text safe to render: invalid UTF-8 is replaced, as
// a browser would when decoding the page, and the characters the library
// uses as in-band markers while rendering (BEL as the escaping placeholder,
// U+F002 for newlines in code blocks) are neutralised, or they would be
// taken for the library's own.
func cleanText(s string) string {
	if utf8.ValidString(s) && !strings.ContainsRune(s, marker.MarkerEscaping) && !strings.ContainsRune(s, marker.MarkerCodeBlockNewline) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.NewReplacer(
		string(marker.MarkerEscaping), "",
		string(marker.MarkerCodeBlockNewline), "\uFFFD",
	).Replace(s)
}

// tidy applies the last whitespace rules the library does not: lines made
// only of spaces (left by the list and quote renderers' indentation of blank
// lines) become empty, and the document ends in exactly one newline.
func tidy(out []byte) string {
	out = bytes.TrimSpace(out)
	if len(out) == 0 {
		return ""
	}
	var b strings.Builder
	b.Grow(len(out) + 1)
	for line := range bytes.Lines(out) {
		body := bytes.TrimRight(line, "\n")
		if len(bytes.Trim(body, " \t")) == 0 {
			b.WriteString("\n")
			continue
		}
		b.Write(line)
	}
	b.WriteString("\n")
	return b.String()
}

// cloneTree deep-copies n and its descendants, detached from any parent,
// cleaning text and attribute values on the way (see cleanText).
func cloneTree(n *html.Node) *html.Node {
	if n.Type == html.CommentNode && IsMore(n) {
		// The library drops every comment before any renderer sees it;
		// the break goes on as the span WordPress itself leaves for it.
		return &html.Node{Type: html.ElementNode, Data: "span", DataAtom: atom.Span, Attr: []html.Attribute{{Key: "id", Val: "more-0"}}}
	}
	c := &html.Node{
		Type:      n.Type,
		DataAtom:  n.DataAtom,
		Data:      n.Data,
		Namespace: n.Namespace,
	}
	if n.Type == html.TextNode {
		c.Data = cleanText(n.Data)
	}
	if len(n.Attr) > 0 {
		c.Attr = make([]html.Attribute, len(n.Attr))
		copy(c.Attr, n.Attr)
		for i := range c.Attr {
			c.Attr[i].Val = cleanText(c.Attr[i].Val)
		}
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		c.AppendChild(cloneTree(ch))
	}
	return c
}
