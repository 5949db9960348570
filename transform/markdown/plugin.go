package markdown

import (
	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
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

// render dispatches an element to the renderer of its concern; each
// answers RenderTryNext for what it leaves to the commonmark and table
// plugins.
func (p *wordpressPlugin) render(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	st := stateFrom(ctx)
	if n.Type == html.CommentNode && n.Data == listEndComment && !listEndCommentNeeded(n, st) {
		return converter.RenderSuccess
	}
	if IsMore(n) {
		return p.renderMore(w, false)
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
	case "img", "a":
		return p.renderImageOrLink(ctx, w, n)
	case "figure", "div", "dl", "figcaption", "caption":
		return p.renderContainer(ctx, w, n)
	case "p":
		if onlyMore(n) {
			return p.renderMore(w, true)
		}
		return p.renderContainer(ctx, w, n)
	case "ul", "ol":
		return renderList(ctx, w, n, st)
	case "blockquote", "cite":
		if n.Data == "blockquote" {
			if s := p.renderEmbedQuote(ctx, w, n); s == converter.RenderSuccess {
				return s
			}
		}
		return renderQuote(ctx, w, n)
	case "pre":
		return renderPre(ctx, w, n)
	case "iframe", "video", "audio":
		return p.renderEmbedded(ctx, w, n)
	case "sup", "sub", "br":
		return renderLegacyInline(ctx, w, n)
	}
	return converter.RenderTryNext
}
