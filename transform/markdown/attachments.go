package markdown

import (
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/JohannesKaufmann/dom"
	"golang.org/x/net/html"
)

// Attachment pages and gallery thumbnails. WordPress links a gallery's
// thumbnails, and images inserted with "Link to: Attachment Page", to the
// attachment's own page: a page the migration skips, so the link would die
// with the old site. The reader wanted the picture, so such a link
// becomes a link to the media file itself, the full-size upload, which
// makes it the image alone (as for "Link to: Media File"); a gallery shows
// the full-size upload, not the 150×150 crop its theme asked for. When the
// source lacks the upload, the migration falls back on the size the page
// showed (output.Links.Resolve).

// wpAtt is the token WordPress's classic editor puts in an attachment
// link's rel ("attachment wp-att-12"); some themes use it as a class.
var wpAtt = regexp.MustCompile(`^wp-att-\d+$`)

// isAttachmentLink reports whether the link a, which wraps the image img
// alone, goes to an attachment page (href is its absolute target): rel
// "attachment" or a wp-att-N token, a ?attachment_id=N or .../attachment/
// slug/ address, the block gallery's data-link naming the same page, or a
// link in a classic gallery that does not go to a file (the [gallery]
// shortcode links a thumbnail to its page or to its file, nothing else).
func isAttachmentLink(a, img *html.Node, href string) bool {
	tokens := strings.Fields(dom.GetAttributeOr(a, "rel", "") + " " + dom.GetAttributeOr(a, "class", ""))
	if slices.Contains(tokens, "attachment") || slices.ContainsFunc(tokens, wpAtt.MatchString) {
		return true
	}
	u, err := url.Parse(href)
	if err != nil || u.Host == "" {
		return false
	}
	if u.Query().Get("attachment_id") != "" {
		return true
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	if i := slices.Index(segs, "attachment"); i >= 0 && i < len(segs)-1 {
		return true
	}
	if link := dom.GetAttributeOr(img, "data-link", ""); link != "" && strings.TrimSuffix(link, "/") == strings.TrimSuffix(href, "/") {
		return true
	}
	return inClassicGallery(a) && strings.Trim(u.Path, "/") != "" && !isFile(u)
}

// isFile reports a URL that names a file (photo.jpg), not a page.
func isFile(u *url.URL) bool {
	last := u.Path[strings.LastIndex(u.Path, "/")+1:]
	return strings.Contains(last, ".")
}

// inClassicGallery reports whether n is inside an item of a classic
// [gallery] (dl or figure .gallery-item).
func inClassicGallery(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && (dom.HasClass(p, "gallery-item") || dom.HasClass(p, "gallery-icon")) {
			return true
		}
	}
	return false
}

// inGallery reports whether n is inside a gallery, classic or block.
func inGallery(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && (dom.HasClass(p, "gallery") || dom.HasClass(p, "wp-block-gallery") || dom.HasClass(p, "gallery-item") || dom.HasClass(p, "blocks-gallery-item")) {
			return true
		}
	}
	return false
}

// fullSize is the upload a resized variant was made from
// ("photo-150x150.jpg" → "photo.jpg"); other URLs are returned as they are.
func fullSize(abs string) string {
	if !isResized(abs) {
		return abs
	}
	u, err := url.Parse(abs)
	if err != nil {
		return abs
	}
	m := sizedRe.FindStringSubmatch(u.Path)
	u.Path, u.RawPath = m[1]+m[5], ""
	return u.String()
}
