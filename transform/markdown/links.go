package markdown

import (
	"net/url"
	"strings"

	"github.com/JohannesKaufmann/dom"
	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"golang.org/x/net/html"
)

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
// copy of the same image); a gallery shows the full-size upload.
func (p *wordpressPlugin) renderImage(ctx converter.Context, w converter.Writer, img *html.Node, src string) converter.RenderStatus {
	st := stateFrom(ctx)
	if src == "" {
		src = p.imageSource(st, img)
		if inGallery(img) {
			src = fullSize(src)
		}
	}
	if src == "" {
		// Nothing to show; the library's fallback renders nothing either.
		return converter.RenderTryNext
	}
	if !safeURL(src) {
		return converter.RenderSuccess // a script URL is no picture
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
// inserts images with "Link to: Media File", is just the image, and so is
// one linked to its attachment page (isAttachmentLink).
func (p *wordpressPlugin) renderLink(ctx converter.Context, w converter.Writer, a *html.Node) converter.RenderStatus {
	href := strings.TrimSpace(dom.GetAttributeOr(a, "href", ""))
	if href == "" {
		return converter.RenderTryNext
	}
	st := stateFrom(ctx)
	if img := soleImage(a); img != nil {
		if src := p.imageSource(st, img); src != "" {
			target := resolve(st.base, href)
			if isAttachmentLink(a, img, target) {
				return p.renderImage(ctx, w, img, fullSize(src))
			}
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
		if !safeURL(abs) {
			// Script and inline-document URLs are no destination a
			// static site should carry: keep the text only.
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

// safeURL reports a URL a migrated body may carry: http, https, mailto
// or relative. javascript:, vbscript: and data: (an HTML document, a
// script) would run in the new site's pages.
func safeURL(raw string) bool {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https", "mailto":
		return true
	}
	return false
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

// renderImageOrLink renders <img> and <a>; a file block's duplicate
// "Download" button is dropped.
func (p *wordpressPlugin) renderImageOrLink(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	if n.Data == "img" {
		return p.renderImage(ctx, w, n, "")
	}
	if isDuplicateFileButton(n) {
		return converter.RenderSuccess
	}
	return p.renderLink(ctx, w, n)
}
