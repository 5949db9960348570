package markdown

import (
	"regexp"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"golang.org/x/net/html"
)

// MoreMark is WordPress's teaser break as written in a post, and the
// summary divider Hugo reads (and Jekyll with excerpt_separator set to
// it): the one mark both a WordPress author and those generators know.
const MoreMark = "<!--more-->"

var moreID = regexp.MustCompile(`^more-\d+$`)

// IsMore reports whether n is where a post's <!--more--> stood: the empty
// <span id="more-N"> WordPress leaves on a single post's page (and
// wprender leaves for an export), or the comment itself, as a REST
// source's raw content holds it.
func IsMore(n *html.Node) bool {
	switch n.Type {
	case html.CommentNode:
		return moreComment.MatchString(n.Data)
	case html.ElementNode:
		if n.Data != "span" || n.FirstChild != nil {
			return false
		}
		for _, a := range n.Attr {
			if a.Key == "id" && moreID.MatchString(a.Val) {
				return true
			}
		}
	}
	return false
}

// moreComment is a comment's text for <!--more--> and <!--more Read on-->.
var moreComment = regexp.MustCompile(`^more(?:\s.*)?$`)

// renderMore writes the break as Options.More where the generator reads
// one; where it does not (More empty) the break is dropped, as before:
// the text before it has become the post's description instead.
func (p *wordpressPlugin) renderMore(w converter.Writer, block bool) converter.RenderStatus {
	if p.opts.More == "" {
		return converter.RenderSuccess
	}
	if block {
		w.WriteString("\n\n" + p.opts.More + "\n\n")
	} else {
		w.WriteString(p.opts.More)
	}
	return converter.RenderSuccess
}

// onlyMore reports whether a paragraph holds nothing but the break (and
// white space): wpautop wraps a <!--more--> on its own line in one.
func onlyMore(n *html.Node) bool {
	found := false
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case IsMore(c):
			found = true
		case c.Type == html.TextNode && isBlankText(c.Data):
		default:
			return false
		}
	}
	return found
}
