package markdown

import (
	"bytes"
	"net/url"
	"path"
	"strings"

	"github.com/JohannesKaufmann/dom"
	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/unpress/unpress/scrape"
	"golang.org/x/net/html"
)

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
	if f := strings.Fields(dom.CollectText(wrapper)); len(f) == 1 && dom.FindFirstNode(wrapper, func(c *html.Node) bool { return c != wrapper && c.Type == html.ElementNode }) == nil && (scrape.IsWebURL(f[0]) || strings.HasPrefix(f[0], "//")) {
		u := resolve(st.base, f[0])
		if c, ok := canonicalVideoURL(u); ok {
			u = c
		}
		body = p.embed(u)
	} else if iframe := dom.FindFirstNode(wrapper, func(c *html.Node) bool { return dom.NodeName(c) == "iframe" }); iframe != nil && !followsPostQuote(iframe) {
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
	if !safeURL(abs) {
		return converter.RenderSuccess // a script URL embeds nothing
	}
	post, isPost := postEmbedURL(n, abs)
	if isPost && followsPostQuote(n) {
		return converter.RenderSuccess
	}
	w.WriteString("\n\n")
	if isPost {
		text := oneLine(dom.GetAttributeOr(n, "title", ""))
		out := p.rewrite(post)
		if text == "" {
			text = out
		}
		w.WriteString(mdLink(text, out))
	} else if c, ok := canonicalVideoURL(abs); ok {
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
	if !safeURL(abs) {
		return converter.RenderSuccess
	}
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

// renderEmbedded renders an iframe, or a <video> or <audio> element.
func (p *wordpressPlugin) renderEmbedded(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	if n.Data == "iframe" {
		return p.renderIframe(ctx, w, n)
	}
	return p.renderMediaElement(ctx, w, n)
}

// postEmbedURL is the post a WordPress post embed shows: oEmbed prints an
// iframe of the post's /embed/ view with a secret (…/hello/embed/#?secret=X,
// or ?secret=X before WordPress 4.5) that only its script reads. The
// reader wants the post, so the link goes to it: /embed/ and the secret
// taken off. ok is false for any other URL.
func postEmbedURL(n *html.Node, abs string) (string, bool) {
	u, err := url.Parse(abs)
	if err != nil || !strings.HasSuffix(u.Path, "/embed/") && !strings.HasSuffix(u.Path, "/embed") {
		return "", false
	}
	q := u.Query()
	if !dom.HasClass(n, "wp-embedded-content") && !strings.Contains(u.Fragment, "secret=") && !q.Has("secret") {
		return "", false
	}
	u.Path = strings.TrimSuffix(strings.TrimSuffix(u.Path, "/"), "embed")
	u.RawPath, u.Fragment, u.RawFragment = "", "", ""
	q.Del("secret")
	u.RawQuery = q.Encode()
	return u.String(), true
}

// followsPostQuote reports whether an iframe of a post embed comes right
// after the blockquote oEmbed prints with it (a link to the same post,
// shown until the script swaps in the iframe): the quote's link says it
// all, and a second link would repeat it.
func followsPostQuote(n *html.Node) bool {
	prev := n.PrevSibling
	for prev != nil && prev.Type == html.TextNode && strings.TrimSpace(prev.Data) == "" {
		prev = prev.PrevSibling
	}
	return prev != nil && dom.NodeName(prev) == "blockquote" && dom.HasClass(prev, "wp-embedded-content") && dom.HasClass(n, "wp-embedded-content")
}

// renderEmbedQuote renders the blockquotes embed scripts fill in: a
// WordPress post embed's quote is its link, on a line of its own, not a
// quotation; a quote with no text of its own (an Instagram embed saved
// without its inner markup, a TikTok one) is the permalink it names
// (data-instgrm-permalink, cite), with its tracking parameters removed,
// rather than nothing.
func (p *wordpressPlugin) renderEmbedQuote(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	if dom.HasClass(n, "wp-embedded-content") {
		var buf bytes.Buffer
		ctx.RenderChildNodes(ctx, &buf, n)
		if body := bytes.TrimSpace(buf.Bytes()); len(body) > 0 {
			writeWithCaption(w, body, "")
			return converter.RenderSuccess
		}
	}
	if strings.TrimSpace(dom.CollectText(n)) != "" {
		return converter.RenderTryNext
	}
	for _, attr := range []string{"data-instgrm-permalink", "cite"} {
		v := strings.TrimSpace(dom.GetAttributeOr(n, attr, ""))
		if abs := resolve(stateFrom(ctx).base, v); v != "" && scrape.IsWebURL(abs) {
			w.WriteString("\n\n" + strings.TrimSpace(p.embed(untracked(abs))) + "\n\n")
			return converter.RenderSuccess
		}
	}
	return converter.RenderTryNext
}

// untracked is a URL without its utm_ campaign parameters, which name
// where a link was shared from, not what it shows.
func untracked(abs string) string {
	u, err := url.Parse(abs)
	if err != nil || u.RawQuery == "" {
		return abs
	}
	q := u.Query()
	for k := range q {
		if strings.HasPrefix(k, "utm_") {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}
