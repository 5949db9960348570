package transform

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// BodyConverter turns a cleaned content node into Markdown and lists the
// media it refers to. transform/markdown implements it.
type BodyConverter interface {
	Convert(root *html.Node, base *url.URL) (md string, media []string, err error)
}

// RenderBody converts the post's body to Markdown. It reads the body back
// from the site's spool, so it must run before Site.Close.
func (p *Post) RenderBody(conv BodyConverter) error {
	if err := p.Load(); err != nil {
		return err
	}
	if len(p.bodies) == 0 {
		p.Warnings = append(p.Warnings, "empty body")
		return nil
	}
	base, err := url.Parse(p.SourceURL)
	if err != nil {
		return fmt.Errorf("%s: %w", p.SourceURL, err)
	}
	content, err := p.site.spool.get(p.bodies)
	if err != nil {
		return fmt.Errorf("%s: read body: %w", p.SourceURL, err)
	}
	md, media, err := conv.Convert(content, base)
	if err != nil {
		return fmt.Errorf("%s: convert body: %w", p.SourceURL, err)
	}
	p.Body, p.Media, p.bodies = md, media, nil
	return nil
}

// MediaCandidates lists the media URLs the body may refer to, known
// before the body is rendered (see the function of that name). A parked
// post reads them back from the spool.
func (p *Post) MediaCandidates() ([]string, error) {
	if !p.mediaParked {
		if p.Details == nil {
			return nil, nil
		}
		return p.media, nil
	}
	if p.site == nil { // released
		return nil, nil
	}
	var media []string
	if err := p.site.spool.unpark(p.mediaRef, &media); err != nil {
		return nil, fmt.Errorf("%s: read back: %w", p.SourceURL, err)
	}
	return media, nil
}

// MediaCandidates lists every media URL the content may refer to once
// converted: image sources and every srcset candidate, video and audio
// sources, and links to uploaded files. The converter picks among them (the
// original over a resized variant); planning names over this superset keeps
// file names independent of which variant each page used.
func MediaCandidates(n *html.Node) []string {
	var out []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				switch {
				case a.Key == "src" && (n.Data == "img" || n.Data == "source" || n.Data == "video" || n.Data == "audio"):
					out = append(out, a.Val)
				case a.Key == "srcset":
					for _, part := range strings.Split(a.Val, ",") {
						if f := strings.Fields(part); len(f) > 0 {
							out = append(out, f[0])
						}
					}
				case a.Key == "href" && n.Data == "a" && strings.Contains(a.Val, "/wp-content/uploads/"):
					out = append(out, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	if n != nil {
		walk(n)
	}
	return out
}

var resizedSuffix = regexp.MustCompile(`-\d+x\d+(\.[A-Za-z0-9]+)$`)

// Original is the URL of the full-size upload that WordPress derived a
// resized variant (photo-300x200.jpg) from, or u itself.
func Original(u string) string {
	return resizedSuffix.ReplaceAllString(u, "$1")
}

// Release drops what only rendering and the report needed, once the post
// is written: what stays (its URLs, origin, aliases, kind) is what
// redirects and re-sync still read. Memory then holds the written posts'
// addresses, not their fields.
func (p *Post) Release() {
	p.Title, p.Image = "", ""
	p.Details, p.bodies, p.site = nil, nil, nil
}
