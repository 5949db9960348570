package extract

import (
	"net/url"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Title rules. The post's title is the heading the theme prints for it;
// og:title, the JSON-LD headline and <title> are what SEO plugins and the
// theme's <title> template make of it (often with the site's name, or
// rewritten), so they rank below a heading and serve to confirm the
// headings that only a generic rule finds.

// weakTitleRules find a heading by position or by a class that few themes
// use for other headings: what they find must not be a link to another
// page.
const weakTitleRules = "h1.post-title, h1.single-post-title, .hentry .post-title, .post-header h1, article h1"

// guessTitleRules find headings by a class that many themes also use for
// other headings (the site's name, an archive's name): what they find must
// be confirmed by a structured title.
const guessTitleRules = "h1[class*=title], h1[itemprop=headline], h1[itemprop=name], h1[class*=headline]"

// kickerClass are words in the class of a heading's leading span that mark
// it as a kicker (a label over the title: "Sport", "Energiewende:"), not
// part of the title.
var kickerClass = []string{"kicker", "overline", "sub-heading", "subheading", "topline", "dachzeile", "eyebrow", "label", "category", "rubric", "pretitle", "pre-title", "supertitle", "roofline", "tagline"}

// themeTitle reads the post's title from the page's headings.
func (pg *page) themeTitle() {
	o := pg.out
	sc := pg.scope()
	docs := pg.docTitles()
	for _, r := range pg.x.rules[FieldTitle] {
		if s := pg.titleElement(pg.findRule(sc, r)); s != nil {
			if t := pg.headingText(s, docs); t != "" {
				addRule(&o.Title, t, r)
				return
			}
		}
	}
	// Classic themes link the title to the post itself (rel=bookmark):
	// a heading whose link is the page's own permalink is its title.
	var self *goquery.Selection
	pg.own(pg.find(sc, "h1, h2, h3")).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		a := s.Find("a[href]")
		if a.Length() != 1 || !pg.selfLink(a.AttrOr("href", "")) || nodeText(a) != nodeText(s) {
			return true
		}
		self = s
		return false
	})
	if self != nil {
		if t := pg.headingText(self, docs); t != "" {
			addCand(&o.Title, t, SrcClassic)
			return
		}
	}
	sites := pg.siteKeys()
	if s := pg.own(pg.find(sc, weakTitleRules)).FilterFunction(func(_ int, s *goquery.Selection) bool {
		return !pg.linksElsewhere(s) && !pg.otherEntry(s.Get(0)) && !sites[titleKey(nodeText(s))]
	}).First(); s.Length() > 0 {
		if t := pg.headingText(s, docs); t != "" {
			addCand(&o.Title, t, SrcClassic)
			return
		}
	}
	// Guessed headings. One the structured titles confirm is taken;
	// otherwise a heading those titles contain, and only then an
	// unconfirmed one, ranked last.
	unconfirmed := ""
	pg.own(pg.find(sc, guessTitleRules)).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		if pg.linksElsewhere(s) || pg.otherEntry(s.Get(0)) {
			return true
		}
		t := pg.headingText(s, docs)
		switch {
		case t == "" || sites[titleKey(t)]:
			return true
		case confirmed(t, docs):
			addCand(&o.Title, t, SrcClassic)
			unconfirmed = ""
			return false
		case unconfirmed == "":
			unconfirmed = t
		}
		return true
	})
	if pg.hasTitleFrom(SrcClassic) {
		return
	}
	// Themes without title classes: a heading that the <title> or
	// og:title contains is the post's title (the page's <h1> alone may be
	// the blog's name).
	found := false
	pg.own(pg.find(sc, "h1, article h2, .post h2, .hentry h2, h2")).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		if pg.linksElsewhere(s) || pg.otherEntry(s.Get(0)) {
			return true
		}
		t := nodeText(s)
		k := titleKey(t)
		if len([]rune(k)) < 4 || sites[k] {
			return true
		}
		for _, d := range docs {
			if strings.Contains(d, k) {
				addCand(&o.Title, t, SrcClassic)
				found = true
				return false
			}
		}
		return true
	})
	if !found && unconfirmed != "" {
		addCand(&o.Title, unconfirmed, SrcVisibleText)
	}
}

func (pg *page) hasTitleFrom(src Source) bool {
	for _, c := range pg.out.Title {
		if c.Source == src {
			return true
		}
	}
	return false
}

// docTitles are the structured titles read so far (JSON-LD headline,
// og:title, <title>), in comparison form.
func (pg *page) docTitles() []string {
	var out []string
	for _, c := range pg.out.Title {
		if k := titleKey(c.Value); k != "" {
			out = append(out, k)
		}
	}
	return out
}

// titleElement picks the title among a rule's matches: outside chrome,
// the post's own article first. An <h1> inside the post's article is its
// own even under a wrapper with a chrome name (a theme's "sidebar" column
// that holds the entry header).
func (pg *page) titleElement(s *goquery.Selection) *goquery.Selection {
	var first, inArticle *goquery.Selection
	var art *html.Node
	if pg.article != nil {
		art = pg.article.Get(0)
	}
	s.EachWithBreak(func(_ int, e *goquery.Selection) bool {
		n := e.Get(0)
		inside := art != nil && within(art, n)
		own := !pg.inChrome(n) || inside && n.DataAtom == atom.H1 && !pg.inChrome(art) && !pg.inComments(n)
		if !own || n.DataAtom != atom.H1 && pg.otherEntry(n) {
			return true
		}
		if first == nil {
			first = e
		}
		if inside {
			inArticle = e
			return false
		}
		return true
	})
	if inArticle != nil {
		return inArticle
	}
	return first
}

// otherEntry reports whether n belongs to another post's entry (a
// related-post teaser marked up as an article): its title is that post's.
func (pg *page) otherEntry(n *html.Node) bool {
	if pg.article == nil {
		return false
	}
	art := pg.article.Get(0)
	for p := n.Parent; p != nil; p = p.Parent {
		if p == art {
			return false
		}
		if p.DataAtom == atom.Article {
			return true
		}
	}
	return false
}

func hasClass(list, c string) bool {
	for f := range strings.FieldsSeq(list) {
		if f == c {
			return true
		}
	}
	return false
}

// siteKeys are the site's names the page states, in comparison form: a
// heading that is one of them is the site's, not the post's.
func (pg *page) siteKeys() map[string]bool {
	m := map[string]bool{}
	for _, c := range pg.out.SiteName {
		m[titleKey(c.Value)] = true
	}
	return m
}

// inComments reports whether n is in the comment section.
func (pg *page) inComments(n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n.Type != html.ElementNode {
			continue
		}
		for _, a := range n.Attr {
			if a.Key == "id" && (a.Val == "comments" || a.Val == "respond") ||
				a.Key == "class" && strings.Contains(a.Val, "comment") {
				return true
			}
		}
	}
	return false
}

// headingText is a title element's text: the heading inside a header
// element that a rule matched, without a leading kicker span.
func (pg *page) headingText(s *goquery.Selection, docs []string) string {
	if !isHeading(s.Get(0)) {
		if h := s.Find("h1, h2, h3").First(); h.Length() > 0 {
			s = h
		}
	}
	n := s.Get(0)
	// A span that wraps the whole heading holds the parts.
	for {
		only := onlyChild(n)
		if only == nil || only.DataAtom == atom.A {
			break
		}
		n = only
	}
	var lead *html.Node
	if c := firstChild(n); c != nil && c.Type == html.ElementNode && c.DataAtom != atom.A && c.DataAtom != atom.Br {
		// A leading element with a class of its own, or set off by a
		// line break, is a part apart from the title.
		if next := nextSibling(c); attr(c, "class") != "" || next != nil && next.DataAtom == atom.Br {
			lead = c
		}
	}
	if lead == nil {
		return nodeText(s)
	}
	var lb, rb strings.Builder
	writeText(&lb, lead)
	for c := lead.NextSibling; c != nil; c = c.NextSibling {
		writeText(&rb, c)
	}
	kicker, rest := collapse(lb.String()), collapse(rb.String())
	if kicker == "" || rest == "" {
		return nodeText(s)
	}
	full := kicker + " " + rest
	// The structured titles say which it is: the rest alone, or all of it.
	rk, fk := titleKey(rest), titleKey(full)
	for _, d := range docs {
		if strings.Contains(d, fk) {
			return full
		}
	}
	for _, d := range docs {
		if strings.Contains(d, rk) {
			return rest
		}
	}
	cl := strings.ToLower(attr(lead, "class"))
	for _, k := range kickerClass {
		if strings.Contains(cl, k) {
			return rest
		}
	}
	return full
}

// firstChild is n's first child that is not blank text or a comment.
func firstChild(n *html.Node) *html.Node {
	c := n.FirstChild
	for c != nil && blank(c) {
		c = c.NextSibling
	}
	return c
}

func nextSibling(n *html.Node) *html.Node {
	c := n.NextSibling
	for c != nil && blank(c) {
		c = c.NextSibling
	}
	return c
}

func blank(c *html.Node) bool {
	return c.Type == html.TextNode && strings.TrimSpace(c.Data) == "" || c.Type == html.CommentNode
}

// onlyChild is n's one element child when n holds nothing else.
func onlyChild(n *html.Node) *html.Node {
	c := firstChild(n)
	if c == nil || c.Type != html.ElementNode || nextSibling(c) != nil {
		return nil
	}
	return c
}

func isHeading(n *html.Node) bool {
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

// linksElsewhere reports whether a heading is only a link to another page
// (a logo linking home, a section name linking to its archive): such a
// heading names the site or the section, not the post.
func (pg *page) linksElsewhere(s *goquery.Selection) bool {
	a := s.Find("a[href]")
	if a.Length() != 1 || nodeText(a) != nodeText(s) {
		return false
	}
	return !pg.selfLink(a.AttrOr("href", ""))
}

// selfLink reports whether href is the page's own URL (or its canonical):
// the same path, or, for a copy served under another prefix (a web
// archive), the same slug.
func (pg *page) selfLink(href string) bool {
	u, err := pg.base.Parse(strings.TrimSpace(href))
	if err != nil || href == "" || strings.HasPrefix(href, "#") {
		return false
	}
	p := strings.TrimRight(u.Path, "/")
	for _, own := range []string{pg.out.URL, pg.out.Canonical} {
		o, err := url.Parse(own)
		if err != nil || own == "" {
			continue
		}
		op := strings.TrimRight(o.Path, "/")
		if op == p && op != "" {
			return true
		}
		if slug := lastSegment(op); len(slug) >= 8 && slug == lastSegment(p) {
			return true
		}
	}
	return false
}

func lastSegment(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[i+1:]
	}
	return p
}

// confirmed reports whether a structured title is the heading, or the
// heading with the site's name before or after a separator.
func confirmed(t string, docs []string) bool {
	k := titleKey(t)
	for _, d := range docs {
		if d == k {
			return true
		}
		for _, sep := range titleSeps {
			if strings.HasPrefix(d, k+sep) || strings.HasSuffix(d, sep+k) {
				return true
			}
		}
	}
	return false
}

// titleSeps join a post's title and the site's name, in comparison form
// (dashes unified).
var titleSeps = []string{" - ", " | ", " · ", " » ", " › ", " ⋆ ", " :: ", " : ", " « ", " / "}

// titleKey is a title's comparison form: case-folded, typographic quotes
// and dashes unified, whitespace collapsed.
func titleKey(s string) string {
	return strings.ToLower(collapse(titleTypography.Replace(s)))
}

var titleTypography = strings.NewReplacer("’", "'", "‘", "'", "´", "'", "“", `"`, "”", `"`, "„", `"`, "–", "-", "—", "-")
