package extract

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/PuerkitoBio/goquery"
	"github.com/unpress/unpress/scrape"
	"golang.org/x/net/html"
)

// Author rules. The byline a theme prints names the post's author (or
// authors); SEO plugins' values are often the login name, the site's name
// or a handle, which the transform stage weighs against the byline.

// themeAuthor reads the byline.
func (pg *page) themeAuthor() {
	o := pg.out
	sc := pg.scope()
	found := false
	for _, r := range pg.x.rules[FieldAuthor] {
		pg.authorElements(pg.findRule(sc, r)).EachWithBreak(func(_ int, s *goquery.Selection) bool {
			if name := pg.bylineName(s); name != "" {
				addRule(&o.Author, name, r)
				found = true
				return false
			}
			return true
		})
		if found {
			pg.siteNamedAuthor()
			return
		}
	}
	// Themes name their byline elements in many ways ("rty-article-page-
	// author", "entry-content__authors", "byline author"): an element
	// whose class says author or byline, and whose text reads as a name.
	for _, s := range pg.authorClassed() {
		if name := pg.bylineName(goquery.NewDocumentFromNode(s).Selection); name != "" {
			addCand(&o.Author, name, SrcClassic)
			pg.siteNamedAuthor()
			return
		}
	}
	// The author box under a post (chrome for every other field) names
	// the post's author in its heading: "By Olena Kovalenko",
	// "Published by Save Ukraine EN". Only used when nothing else names one.
	box := pg.find(sc, ".author-bio .author-title, .author-bio .author-heading, .author-box .author-name, .about-author .author-name, .author-box .author, .author-bio h3, .author-bio h4").FilterFunction(func(_ int, s *goquery.Selection) bool {
		return s.Closest(".widget, .comments-area, #comments, .related-posts").Length() == 0
	}).First()
	if name := authorName(nodeText(box)); name != "" && looksLikeName(name) {
		addCand(&o.Author, name, SrcVisibleText)
		return
	}
	// Meta lines that print the name as plain text: "Von R. R. am 7.
	// August 2013", "Posted by Jane Roe".
	var meta string
	pg.own(pg.find(pg.postScope(), ".entry-meta, .post-meta, .postmetadata, .post-info, .entry-footer, .post-footer")).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		if m := metaByline.FindStringSubmatch(nodeText(s)); m != nil {
			meta = authorName(m[1])
		}
		return meta == ""
	})
	if meta != "" && looksLikeName(meta) {
		addCand(&o.Author, meta, SrcVisibleText)
		return
	}
	if len(o.Author) == 0 {
		if name := pg.textBylines(nil); name != "" {
			addCand(&o.Author, name, SrcVisibleText)
		}
		return
	}
	if pg.siteNamedAuthor() {
		return
	}
	// A first name alone (what a plugin's display name often is) is
	// completed by a credit line in the text that names the whole person:
	// "Nils" and "Eine Kolumne von Nils Pickert".
	if !slices.ContainsFunc(o.Author, func(c Candidate[string]) bool { return strings.Contains(c.Value, " ") }) {
		if name := pg.bodyEdgeByline(); strings.Contains(name, " ") {
			addCand(&o.Author, name, SrcVisibleText)
		}
	}
}

// siteNamedAuthor reads the text bylines when every author found so far is
// the site itself (its name or its host): a site whose posts all carry the
// publication's account, or an SEO plugin set to name the organisation,
// credits the writer in the post's text ("Written by: Jane Roe"). The
// transform stage ranks the site's name after the credit.
func (pg *page) siteNamedAuthor() bool {
	o := pg.out
	// A site's own rule that names the site is the owner's word.
	if len(o.Author) == 0 || slices.ContainsFunc(o.Author, func(c Candidate[string]) bool { return c.Source == SrcConfig }) {
		return false
	}
	host := scrape.BareHost(pg.base.Hostname())
	site := func(v string) bool {
		f := strings.ToLower(collapse(v))
		if host != "" && (f == host || strings.ReplaceAll(f, " ", "") == strings.Split(host, ".")[0]) {
			return true
		}
		return slices.ContainsFunc(o.SiteName, func(c Candidate[string]) bool { return strings.EqualFold(collapse(c.Value), collapse(v)) })
	}
	for _, c := range o.Author {
		if !site(c.Value) {
			return false
		}
	}
	// A line that names the account again ("von stylegart Kommentare 8")
	// is that account read with its neighbours.
	names := func(v string) bool {
		return site(v) || slices.ContainsFunc(o.Author, func(c Candidate[string]) bool {
			return strings.Contains(strings.ToLower(v), strings.ToLower(collapse(c.Value)))
		})
	}
	if name := pg.textBylines(names); name != "" {
		addCand(&o.Author, name, SrcVisibleText)
		return true
	}
	return false
}

// authorElements filters a rule's matches to the post's own: outside
// chrome, or in the post's article under a wrapper with a chrome name (a
// theme's "sidebar" column that holds the entry header), but never in the
// comments.
func (pg *page) authorElements(s *goquery.Selection) *goquery.Selection {
	var art *html.Node
	if pg.article != nil {
		art = pg.article.Get(0)
	}
	return s.FilterFunction(func(_ int, e *goquery.Selection) bool {
		n := e.Get(0)
		if !pg.inChrome(n) {
			return true
		}
		return art != nil && within(art, n) && !pg.inChrome(art) && !pg.inComments(n) && !pg.inAuthorBox(n)
	})
}

// inAuthorBox reports whether n is in an author box or bio (whose links
// say "View all posts").
func (pg *page) inAuthorBox(n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if c := attr(n, "class"); c != "" && (strings.Contains(c, "author-bio") || strings.Contains(c, "author-box") || strings.Contains(c, "about-author")) {
			return true
		}
	}
	return false
}

// authorClassed lists the elements, outside chrome and in document order,
// whose class names an author or a byline, the post's article first.
func (pg *page) authorClassed() []*html.Node {
	var out []*html.Node
	for class, nodes := range pg.ix.byClass {
		low := strings.ToLower(class)
		// "autor" and "auteur": German, Spanish and French themes name
		// their bylines in their language ("content-left-autor").
		if !strings.Contains(low, "author") && !strings.Contains(low, "byline") && !strings.Contains(low, "autor") && !strings.Contains(low, "auteur") {
			continue
		}
		// Pictures, biographies, comments and links to archives are not
		// bylines.
		if strings.Contains(low, "avatar") || strings.Contains(low, "bio") || strings.Contains(low, "comment") || strings.Contains(low, "box") || strings.Contains(low, "desc") || strings.Contains(low, "img") || strings.Contains(low, "image") || strings.Contains(low, "photo") || strings.Contains(low, "bild") || strings.Contains(low, "foto") {
			continue
		}
		out = append(out, nodes...)
	}
	body := pg.body.Get(0)
	out = slices.DeleteFunc(out, func(n *html.Node) bool { return body == nil || !within(body, n) || pg.inChrome(n) })
	var art *html.Node
	if pg.article != nil {
		art = pg.article.Get(0)
	}
	slices.SortFunc(out, func(a, b *html.Node) int {
		if art != nil {
			ia, ib := within(art, a), within(art, b)
			if ia != ib {
				if ia {
					return -1
				}
				return 1
			}
		}
		return pg.ix.order[a] - pg.ix.order[b]
	})
	return slices.Compact(out)
}

// nameJoiners are the words and marks that join the names in a byline
// of several authors.
var nameJoiners = regexp.MustCompile(`(?i)^(?:\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\be\b)\s*)+$`)

// bylineName reads the author's name, or the authors' names, from a byline
// element: the names of its links when it links several, else its text
// without the "By", "Posted on <date> by" that themes print with it.
func (pg *page) bylineName(s *goquery.Selection) string {
	n := s.Get(0)
	if n == nil {
		return ""
	}
	// Links to author archives (or marked rel=author) are the names; a
	// byline's other links are its date, comment count or category.
	var names, texts, plain []string
	s.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
		name := authorName(nodeText(a))
		if name == "" || !looksLikeName(name) {
			return
		}
		if authorLink(a) {
			if !slices.Contains(names, name) {
				names = append(names, name)
				texts = append(texts, nodeText(a))
			}
		} else {
			plain = append(plain, name)
		}
	})
	text := nodeText(s)
	// A byline that is only "By <a>name</a>" names the author with any
	// link.
	if len(names) == 0 && len(plain) == 1 && authorName(text) == plain[0] {
		names, texts = plain, []string{plain[0]}
	}
	if len(names) == 0 && n.Data == "a" {
		if termLink(s) {
			return ""
		}
		return pg.nameFromText(text)
	}
	switch {
	case len(names) == 1:
		// The link is the name; the text around it may add "By".
		return names[0]
	case len(names) > 1:
		// "A und B" stays as written; names with job titles between them
		// are listed.
		rest := authorName(text)
		for _, t := range texts {
			rest = strings.Replace(rest, t, "", 1)
		}
		if nameJoiners.MatchString(rest) {
			return authorName(text)
		}
		return strings.Join(names, ", ")
	}
	return pg.nameFromText(text)
}

// authorPath are the path segments of author archives and profiles.
var authorPath = regexp.MustCompile(`(?i)/(?:author|authors|autor|autoren|auteur|autore|writers?|profil|profile|bio|people|team|redaktion|user|members?)/`)

// authorLink reports whether a link leads to an author's archive or
// profile.
func authorLink(a *goquery.Selection) bool {
	if strings.Contains(a.AttrOr("rel", ""), "author") {
		return true
	}
	if c := a.AttrOr("class", ""); strings.Contains(c, "author") || strings.Contains(c, "fn") {
		return true
	}
	return authorPath.MatchString(a.AttrOr("href", ""))
}

// termLink reports whether a link is a category or tag link (which
// bylines print beside the name).
func termLink(a *goquery.Selection) bool {
	rel := a.AttrOr("rel", "")
	href := a.AttrOr("href", "")
	return strings.Contains(rel, "tag") || strings.Contains(rel, "category") || strings.Contains(href, "/category/") || strings.Contains(href, "/tag/")
}

// metaByline finds a name written in a meta line: capitalised words after
// "by" or "von".
var metaByline = regexp.MustCompile(`(?:^|\s)(?:[Pp]osted by|[Ww]ritten by|[Pp]ublished by|[Bb]y|[Vv]on|[Gg]eschrieben von|[Vv]erfasst von)\s+(\p{Lu}[\p{L}.'’-]*(?:\s\p{Lu}[\p{L}.'’-]*){0,3})`)

// postedBy finds the name after "by" in a meta line ("Posted on March 11,
// 2022 by Jane Roe", "Von R. R. am 7. August 2013").
var postedBy = regexp.MustCompile(`(?i)(?:^|\s)(?:by|von|par|por|di|door|av|af)\s+(.+?)(?:\s+(?:am|on|le|el|il|op|\||·|–|-)\s.*)?$`)

// nameFromText reads a name from a byline's text.
func (pg *page) nameFromText(text string) string {
	name := authorName(text)
	if name != "" && looksLikeName(name) {
		return name
	}
	if m := postedBy.FindStringSubmatch(text); m != nil {
		if name := authorName(m[1]); name != "" && looksLikeName(name) {
			return name
		}
	}
	return ""
}

// looksLikeName reports whether a byline's text can be a name: a few
// words, no date or time in it, no sentence.
func looksLikeName(s string) bool {
	if s == "" || len([]rune(s)) > 60 || len(strings.Fields(s)) > 6 {
		return false
	}
	digits := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	// A login shown as the name ("freeman1984") is one word that starts
	// with a letter: no date.
	handle := !strings.Contains(s, " ") && unicode.IsLetter([]rune(s)[0])
	if digits >= 3 && !handle {
		return false
	}
	// Agencies credit with a slash ("AFP/The Local", "dpa/lno"); a path
	// or a date has dots or digits.
	if strings.Contains(s, "/") && (digits > 0 || strings.Contains(s, ".") || strings.HasPrefix(s, "/") || strings.HasSuffix(s, "/")) {
		return false
	}
	return !strings.ContainsAny(s, "|@:\n")
}
