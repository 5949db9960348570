package transform

import (
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"
)

// MediaCandidates lists every media URL the content may refer to once
// converted: image sources and every srcset candidate, video and audio
// sources, and links to uploaded files, and the original of each resized
// image. The converter picks among them (the original over a resized
// variant); planning names over this superset keeps file names independent
// of which variant each page used.
func MediaCandidates(n *html.Node) []string {
	var out []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				switch {
				case a.Key == "src" && n.Data == "img":
					// A gallery or an attachment link shows the full-size
					// upload instead of the crop the page used.
					out = append(out, a.Val)
					if orig := Original(a.Val); orig != a.Val {
						out = append(out, orig)
					}
				case a.Key == "src" && (n.Data == "source" || n.Data == "video" || n.Data == "audio"):
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

var resizedSuffix = regexp.MustCompile(`-(\d+)x\d+(\.[A-Za-z0-9]+)$`)

// VariantWidth is the width a resized variant's name gives
// (photo-300x200.jpg: 300), 0 for a name without one.
func VariantWidth(u string) int {
	m := resizedSuffix.FindStringSubmatch(u)
	if m == nil {
		return 0
	}
	w, _ := strconv.Atoi(m[1])
	return w
}

// Original is the URL of the full-size upload that WordPress derived a
// resized variant (photo-300x200.jpg) from, or u itself.
func Original(u string) string {
	return resizedSuffix.ReplaceAllString(u, "$2")
}
