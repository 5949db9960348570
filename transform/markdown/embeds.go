package markdown

import (
	"bytes"
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
