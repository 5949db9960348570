package extract

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/unpress/unpress/scrape"
)

// Inside the content root, themes and plugins add what is not the post:
// related-post lists, share and print buttons, newsletter and donation
// boxes, author boxes, ads. The class rules (bodyChromeSelectors) know
// the common plugins by name; these rules know boilerplate by its
// structure and by the words its names are made of, so that they hold on
// plugins nobody listed.

// boilerStems are parts of class and id names that mark boilerplate,
// matched anywhere in a name ("sharebar", "relatedPosts").
var boilerStems = []string{
	"related", "share", "sharing", "social", "newsletter", "subscribe", "subscription",
	"signup", "optin", "promo", "advert", "sponsor", "donat", "paywall", "popular",
	"trending", "recommend", "breadcrumb", "comment", "rating", "widget", "banner",
	"cookie", "consent", "popup", "modal", "byline", "pagination",
	"authorbox", "authorbio", "aboutauthor", "authorinfo", "readmore", "morefrom",
}

// boilerWords are whole words of class and id names that mark
// boilerplate (short words would match inside innocent names).
var boilerWords = map[string]bool{
	"ad": true, "ads": true, "adv": true, "anzeige": true, "cta": true, "nav": true, "meta": true,
	"tags": true, "print": true, "follow": true, "author": true, "bio": true, "disclaimer": true,
	"toolbar": true, "tools": true, "hidden": true, "sidebar": true,
}

// isBoilerName reports whether a class or id value names boilerplate.
func isBoilerName(v string) bool {
	for tok := range strings.FieldsSeq(v) {
		// WordPress's own block and alignment classes are content.
		if strings.HasPrefix(tok, "wp-block-image") || strings.HasPrefix(tok, "wp-image") || strings.HasPrefix(tok, "align") {
			continue
		}
		joined := strings.Map(func(r rune) rune {
			if r == '-' || r == '_' {
				return -1
			}
			return unicode.ToLower(r)
		}, tok)
		for _, s := range boilerStems {
			if strings.Contains(joined, s) {
				return true
			}
		}
		// "postmeta", "entrymeta": the entry's meta line.
		if strings.HasSuffix(joined, "meta") {
			return true
		}
		for w := range strings.FieldsFuncSeq(splitCamel(tok), func(r rune) bool { return !unicode.IsLetter(r) }) {
			if len(w) <= 10 && boilerWords[strings.ToLower(w)] {
				return true
			}
		}
	}
	return false
}

// splitCamel puts a space before each upper-case letter that follows a
// lower-case one ("articleAd" → "article Ad").
func splitCamel(s string) string {
	var b strings.Builder
	prevLower := false
	for _, r := range s {
		if unicode.IsUpper(r) && prevLower {
			b.WriteByte(' ')
		}
		prevLower = unicode.IsLower(r)
		b.WriteRune(r)
	}
	return b.String()
}

// pruneBoilerplate removes boilerplate blocks from the content root n.
// A block whose paragraphs hold much of the root's text is never
// removed: a name like "post-content-with-share" must not empty the post.
func (pg *page) pruneBoilerplate(n *html.Node) {
	// Counted again: the chrome rules have just removed parts of it.
	pg.countStats(n)
	total := pg.statsOf(n).words()
	var elems []*html.Node
	var collect func(*html.Node)
	collect = func(x *html.Node) {
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode {
				elems = append(elems, c)
				collect(c)
			}
		}
	}
	collect(n)
	for _, e := range elems {
		if !within(n, e) || e.Parent == nil {
			continue // inside a block already removed
		}
		if !pg.boilerplate(e, n) {
			continue
		}
		if st := pg.statsOf(e); total > 0 && st.paras >= 2 && st.words()*5 > total*2 {
			continue
		}
		parent := e.Parent
		label := labelBefore(e)
		parent.RemoveChild(e)
		if label != nil {
			label.Parent.RemoveChild(label)
		}
		// A wrapper left with nothing to read goes too ("<div><h3>Related</h3></div>").
		for parent != n && parent.Parent != nil && !hasText(parent) && !hasMedia(parent) {
			up := parent.Parent
			up.RemoveChild(parent)
			parent = up
		}
	}
	pg.dropTrailingLinks(n)
}

// boilerplate reports whether the element e of a content root is
// boilerplate by its name, its kind or its links.
func (pg *page) boilerplate(e, root *html.Node) bool {
	switch e.DataAtom {
	case atom.Aside, atom.Nav:
		return true
	case atom.A, atom.Img, atom.Picture, atom.Figure, atom.Figcaption, atom.Span, atom.Strong, atom.Em, atom.B, atom.I, atom.Br:
		// Inline content and pictures are the post's, whatever their names.
		return false
	}
	for _, a := range e.Attr {
		if (a.Key == "class" || a.Key == "id") && isBoilerName(a.Val) {
			return true
		}
	}
	if pg.authorBox(e) {
		return true
	}
	switch e.DataAtom {
	case atom.Ul, atom.Ol, atom.Div, atom.Section, atom.P, atom.Table:
		// A block of links with almost no words of its own, before or
		// after the text: a related, "read more" or tag list. Between
		// paragraphs such a list is the post's own ("a few entry points
		// into the archive: …").
		// A list of sources at the end links to other sites; a related
		// list links to the site's own posts.
		st := pg.statsOf(e)
		if st.text == 0 || st.linkDensity() < 0.75 || st.words() >= 200 || !pg.linksHome(e) {
			return false
		}
		before := pg.textBefore(root, e)
		var all textStats
		pg.countText(root, &all, false)
		after := all.words() - before.words() - st.words()
		parasAfter := all.paras - before.paras - st.paras
		// Under a label ("More on this topic"), with no paragraph after
		// it, it is the end matter whatever follows.
		return before.words() < 25 || after < 25 || parasAfter == 0 && labelBefore(e) != nil
	}
	return false
}

// authorBox reports a box about the post's author, whatever its name:
// a picture, a link to the author's archive and a short biography.
func (pg *page) authorBox(e *html.Node) bool {
	switch e.DataAtom {
	case atom.Div, atom.Section, atom.Footer, atom.Table:
	default:
		return false
	}
	// A biography is a paragraph; two are the post's.
	if st := pg.statsOf(e); st.text > 600 || st.paras > 1 || !hasMedia(e) {
		return false
	}
	var archive bool
	var walk func(*html.Node)
	walk = func(x *html.Node) {
		if x.Type == html.ElementNode && x.DataAtom == atom.A && strings.Contains(attr(x, "href"), "/author/") {
			archive = true
		}
		for c := x.FirstChild; c != nil && !archive; c = c.NextSibling {
			walk(c)
		}
	}
	walk(e)
	return archive
}

// textBefore counts the text of root that comes before e.
func (pg *page) textBefore(root, e *html.Node) textStats {
	var st textStats
	var walk func(*html.Node) bool
	walk = func(x *html.Node) bool {
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			if c == e {
				return true
			}
			if c.Type == html.ElementNode && within(c, e) {
				return walk(c)
			}
			pg.countText(c, &st, false)
		}
		return false
	}
	walk(root)
	return st
}

// labelBefore is the short heading or label line right before a
// boilerplate block ("Related posts", "Das könnte Sie auch
// interessieren:"), which has no meaning without it.
func labelBefore(e *html.Node) *html.Node {
	prev := e.PrevSibling
	for prev != nil && prev.Type == html.TextNode && strings.TrimSpace(prev.Data) == "" {
		prev = prev.PrevSibling
	}
	if prev == nil || !labelLike(prev) {
		return nil
	}
	return prev
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
	// A short paragraph is a label when it says it leads into what
	// follows ("…" ends a post's last line as often as a teaser's), or
	// when it is a few bold words with no sentence in them.
	if strings.HasSuffix(t, ":") {
		return true
	}
	return len([]rune(t)) <= 40 && !strings.ContainsAny(t, ".!?…") && bold(n)
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

// linkTotal counts the links to the site's own pages in the nodes.
func (pg *page) linkTotal(nodes []*html.Node) int {
	total := 0
	for _, n := range nodes {
		_, home := pg.countLinks(n)
		total += home
	}
	return total
}

// linksHomeAny reports whether n links to at least one page of the site
// and most of its links do.
func (pg *page) linksHomeAny(n *html.Node) bool {
	links, home := pg.countLinks(n)
	return home >= 1 && home*4 >= links*3
}

// linksHome reports whether n holds two or more links and most of them
// lead to the page's own site.
func (pg *page) linksHome(n *html.Node) bool {
	links, home := pg.countLinks(n)
	return links >= 2 && home*4 >= links*3
}

// countLinks counts the links under n, and those to the page's own site.
func (pg *page) countLinks(n *html.Node) (links, home int) {
	var walk func(*html.Node)
	walk = func(x *html.Node) {
		if x.Type == html.ElementNode && x.DataAtom == atom.A {
			if href, ok := attrOK(x, "href"); ok && !strings.HasPrefix(strings.TrimSpace(href), "#") {
				links++
				if u, err := pg.base.Parse(strings.TrimSpace(href)); err == nil && scrape.SameHost(u.Host, pg.base.Host) {
					home++
				}
			}
		}
		for ch := x.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(n)
	return links, home
}

// hasText reports whether any text is left under n.
func hasText(n *html.Node) bool {
	if n.Type == html.TextNode {
		return strings.TrimSpace(n.Data) != ""
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if hasText(c) {
			return true
		}
	}
	return false
}

// hasMedia reports pictures, videos and embeds, which are content even
// without text.
func hasMedia(n *html.Node) bool {
	if n.Type == html.ElementNode {
		switch n.DataAtom {
		case atom.Img, atom.Picture, atom.Video, atom.Audio, atom.Iframe, atom.Embed, atom.Object, atom.Svg:
			return true
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if hasMedia(c) {
			return true
		}
	}
	return false
}
