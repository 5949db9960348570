package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// labelBefore is the short heading or label line right before a
// boilerplate block ("Related posts", "Das könnte Sie auch
// interessieren:"), which has no meaning without it.
func labelBefore(e *html.Node) *html.Node {
	prev := e.PrevSibling
	for prev != nil && prev.Type == html.TextNode && strings.TrimSpace(prev.Data) == "" {
		prev = prev.PrevSibling
	}
	if prev == nil || !labelLike(prev) && !boldQuestion(prev) {
		return nil
	}
	return prev
}

// boldQuestion is a few bold words asking the reader ("Schon gelesen?",
// "Möchten Sie den Artikel teilen?"): right before a removed block, the
// label of it. Elsewhere a bold question is the post's own subheading.
func boldQuestion(n *html.Node) bool {
	if n.Type != html.ElementNode || hasMedia(n) || !bold(n) {
		return false
	}
	var b strings.Builder
	writeText(&b, n)
	t := collapse(b.String())
	return strings.HasSuffix(t, "?") && len([]rune(t)) <= 40 && !sentences(strings.TrimRight(t, "?"))
}

// labelLike reports a line that names what follows it rather than saying
// anything: a short heading, a short line ending in a colon, or a few
// bold words ("Über den Autor").
func labelLike(n *html.Node) bool {
	if n.Type != html.ElementNode || hasMedia(n) {
		return false
	}
	switch n.DataAtom {
	case atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.P, atom.Strong, atom.B, atom.Span, atom.Div:
	default:
		return false
	}
	var b strings.Builder
	writeText(&b, n)
	t := collapse(b.String())
	if t == "" || len([]rune(t)) > 60 || sentences(strings.TrimRight(t, ".!?: ")) {
		return false
	}
	switch n.DataAtom {
	case atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	// A line the theme styles as a heading by its name ("ing-headline").
	if headingName(attr(n, "class")) {
		return true
	}
	// A short paragraph is a label when it says it leads into what
	// follows ("…" ends a post's last line as often as a teaser's), or
	// when it is a few bold words with no sentence in them.
	if strings.HasSuffix(t, ":") {
		return true
	}
	return len([]rune(t)) <= 40 && !strings.ContainsAny(t, ".!?…") && bold(n)
}

// headingName reports a class list that names a heading.
func headingName(v string) bool {
	for w := range strings.FieldsFuncSeq(strings.ToLower(v), func(r rune) bool { return r == '-' || r == '_' || r == ' ' }) {
		if w == "headline" || w == "heading" {
			return true
		}
	}
	return false
}

// sentences reports a sentence break inside s ("Done. Next"), which a
// label has not; a dot inside a word ("UEPO.de") is no break.
func sentences(s string) bool {
	return strings.Contains(s, ". ") || strings.Contains(s, "! ") || strings.Contains(s, "? ")
}

// bold reports whether all of n's text is set in bold.
func bold(n *html.Node) bool {
	if n.DataAtom == atom.Strong || n.DataAtom == atom.B {
		return true
	}
	style := strings.ReplaceAll(strings.ToLower(attr(n, "style")), " ", "")
	if strings.Contains(style, "font-weight:bold") || strings.Contains(style, "font-weight:700") {
		return true
	}
	var only *html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode && strings.TrimSpace(c.Data) == "":
		case c.Type == html.ElementNode && only == nil:
			only = c
		default:
			return false
		}
	}
	return only != nil && bold(only)
}

// dropTrailingLinks removes what ends a content root without being the
// post: a label followed only by links to the site's own posts ("Read
// also:" and a run of linked titles), and a label left with nothing after
// it. It looks at the root and at its last block, since themes wrap the
// text in a container or two.
func (pg *page) dropTrailingLinks(root *html.Node) {
	for n, depth := root, 0; n != nil && depth < 4; depth++ {
		last := lastBlock(n)
		// A run of link-only blocks back from the end, up to a label.
		var run []*html.Node
		c := last
		for c != nil && !labelLike(c) {
			st := pg.statsOf(c)
			if st.text > 0 && (st.linkDensity() < 0.75 || !pg.linksHomeAny(c)) {
				break
			}
			run = append(run, c)
			c = prevElement(c)
		}
		if c != nil && labelLike(c) && pg.linkTotal(run) >= 2 {
			for _, r := range run {
				n.RemoveChild(r)
			}
			n.RemoveChild(c)
			continue
		}
		if last != nil && labelLike(last) {
			n.RemoveChild(last)
			continue
		}
		// Into the last block, when it is a container of blocks.
		if last == nil || !container(last) {
			return
		}
		n = last
	}
}

// lastBlock is n's last child element that holds text or media.
func lastBlock(n *html.Node) *html.Node {
	for c := n.LastChild; c != nil; c = c.PrevSibling {
		if c.Type == html.ElementNode && (hasText(c) || hasMedia(c)) {
			return c
		}
		if c.Type == html.TextNode && strings.TrimSpace(c.Data) != "" {
			return nil // the text itself ends the root
		}
	}
	return nil
}

func prevElement(n *html.Node) *html.Node {
	for c := n.PrevSibling; c != nil; c = c.PrevSibling {
		if c.Type == html.ElementNode && (hasText(c) || hasMedia(c)) {
			return c
		}
		if c.Type == html.TextNode && strings.TrimSpace(c.Data) != "" {
			return nil
		}
	}
	return nil
}

func container(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Div, atom.Section, atom.Article, atom.Main:
		return true
	}
	return false
}
