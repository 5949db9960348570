package wprender

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Fragment parses a rendered body into a content root, a <div> holding
// the body's nodes, the form the HTML extractor gives the transform stage:
// every URL made absolute against base, and an image that names its
// attachment (class wp-image-N) given the full-size upload in srcset, as
// WordPress's wp_filter_content_tags does, so that the Markdown stage
// keeps the original rather than a resized copy.
func Fragment(body string, base *url.URL, site Site) (*html.Node, error) {
	root := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(body), root)
	if err != nil {
		return nil, fmt.Errorf("parse body: %w", err)
	}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	fixNode(root, base, site)
	return root, nil
}

var urlAttrs = map[string]bool{"href": true, "src": true, "poster": true, "data-src": true, "cite": true}

var wpImageClass = regexp.MustCompile(`(?:^|\s)wp-image-(\d+)(?:\s|$)`)

func fixNode(n *html.Node, base *url.URL, site Site) {
	if n.Type == html.ElementNode {
		for i, a := range n.Attr {
			switch {
			case urlAttrs[a.Key]:
				if v := strings.TrimSpace(a.Val); v != "" && !strings.HasPrefix(v, "#") && !strings.HasPrefix(v, "data:") && base != nil {
					if u, err := base.Parse(v); err == nil {
						n.Attr[i].Val = u.String()
					}
				}
			case a.Key == "srcset" && base != nil:
				parts := strings.Split(a.Val, ",")
				for j, p := range parts {
					if f := strings.Fields(p); len(f) > 0 {
						if u, err := base.Parse(f[0]); err == nil {
							f[0] = u.String()
						}
						parts[j] = strings.Join(f, " ")
					}
				}
				n.Attr[i].Val = strings.Join(parts, ", ")
			}
		}
		if n.DataAtom == atom.Img && site != nil {
			addOriginal(n, site)
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		fixNode(c, base, site)
	}
}

func addOriginal(img *html.Node, site Site) {
	var class, src string
	for _, a := range img.Attr {
		switch a.Key {
		case "class":
			class = a.Val
		case "src":
			src = a.Val
		case "srcset":
			return
		}
	}
	m := wpImageClass.FindStringSubmatch(class)
	if m == nil {
		return
	}
	id, _ := strconv.Atoi(m[1])
	a, ok := site.Attachment(id)
	if !ok || a.URL == "" || a.URL == src {
		return
	}
	w := a.Width
	if w <= 0 {
		w = 2048
	}
	img.Attr = append(img.Attr, html.Attribute{Key: "srcset", Val: a.URL + " " + strconv.Itoa(w) + "w"})
}
