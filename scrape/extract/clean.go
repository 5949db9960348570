package extract

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
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
	"toolbar": true, "tools": true, "hidden": true, "sidebar": true, "menu": true, "footer": true,
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

// slideShown reports a slide, tab or page of a gallery that a script
// shows one at a time: e is hidden by its class, and a sibling of the
// same kind and first class is not. Every slide is the post's text.
func slideShown(e *html.Node) bool {
	cls := strings.Fields(attr(e, "class"))
	if len(cls) < 2 || !slices.Contains(cls, "hidden") {
		return false
	}
	for _, next := range [2]func(*html.Node) *html.Node{
		func(x *html.Node) *html.Node { return x.PrevSibling },
		func(x *html.Node) *html.Node { return x.NextSibling },
	} {
		for s := next(e); s != nil; s = next(s) {
			if s.Type != html.ElementNode || s.Data != e.Data {
				continue
			}
			sc := strings.Fields(attr(s, "class"))
			if len(sc) > 0 && sc[0] == cls[0] && !slices.Contains(sc, "hidden") {
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
	pg.findTeasers(n)
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
		// A label names what has text: code for an ad leaves the line
		// before it alone ("– Kyle Hughes, Writer").
		named := pg.statsOf(e).text > 0
		parent.RemoveChild(e)
		if label != nil {
			label.Parent.RemoveChild(label)
		}
		// A wrapper left with nothing to read goes too ("<div><h3>Related</h3></div>"),
		// with the label before it.
		for parent != n && parent.Parent != nil && !hasText(parent) && !hasMedia(parent) {
			up := parent.Parent
			var label *html.Node
			if named {
				label = labelBefore(parent)
			}
			up.RemoveChild(parent)
			if label != nil {
				up.RemoveChild(label)
			}
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
		v := a.Val
		if a.Key == "class" && slideShown(e) {
			v = strings.ReplaceAll(" "+v+" ", " hidden ", " ")
		}
		if (a.Key == "class" || a.Key == "id") && isBoilerName(v) {
			return true
		}
	}
	if pg.authorBox(e) {
		return true
	}
	switch e.DataAtom {
	case atom.Ul, atom.Ol, atom.Div, atom.Section, atom.P, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		if pg.shareBlock(e) || pg.homeLink(e) {
			return true
		}
	}
	if pg.teasers[e] {
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
