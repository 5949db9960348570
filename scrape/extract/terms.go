package extract

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Category and tag rules. Classic themes mark term links rel="category
// tag" and rel="tag"; block themes put rel="tag" on both and say which
// taxonomy in the class; many themes mark neither, and link the archives
// (/category/…, /tag/…) from a meta line whose class says what it holds.

// themeTerms reads the post's categories and tags.
func (pg *page) themeTerms() {
	o := pg.out
	sc := pg.scope()
	// A rel="tag" link to a category archive is a category (themes that
	// print both taxonomies with one template tag).
	// Every rule that finds terms adds them, each as a candidate of its
	// own: a classic and a block template can both print them.
	for _, r := range pg.x.rules[FieldCategories] {
		if cats := pg.terms(pg.own(pg.findRule(sc, r))); len(cats) > 0 {
			addRule(&o.Categories, cats, r)
		}
	}
	for _, r := range pg.x.rules[FieldTags] {
		if tags := pg.terms(pg.own(pg.findRule(sc, r)).FilterFunction(func(_ int, s *goquery.Selection) bool {
			return !strings.Contains(s.AttrOr("rel", ""), "category") && !strings.Contains(s.AttrOr("href", ""), "/category/")
		})); len(tags) > 0 {
			addRule(&o.Tags, tags, r)
		}
	}
	themed := func(list []Candidate[[]Term]) bool {
		return slices.ContainsFunc(list, func(c Candidate[[]Term]) bool {
			return c.Source == SrcClassic || c.Source == SrcBlock || c.Source == SrcConfig
		})
	}
	if !themed(o.Categories) {
		// A rel="tag" link to a category archive in the post's article is
		// a category (themes that print both taxonomies alike).
		if cats := pg.terms(pg.own(pg.find(pg.postScope(), `a[rel="tag"][href*="/category/"]`))); len(cats) > 0 {
			addCand(&o.Categories, cats, SrcClassic)
		}
	}
	if len(o.Categories) == 0 {
		pg.guessCategories()
	} else if !themed(o.Categories) {
		// Likewise articleSection, which names every category (placement
		// ones too), gives way to the category links the page shows.
		if cats := pg.terms(pg.catLinks()); len(cats) > 0 {
			addCand(&o.Categories, cats, SrcClassic)
		} else if c, ok := pg.crumbCategory(); ok && pg.entryCategory(c) && !slices.ContainsFunc(o.Categories[0].Value, func(t Term) bool { return strings.EqualFold(collapse(t.Name), collapse(c.Name)) }) {
			// The breadcrumb the page prints names a category the SEO
			// plugin's list does not (post_class() confirms it is the
			// post's): the one the reader sees.
			addCand(&o.Categories, []Term{c}, SrcClassic)
		} else {
			pg.primaryCategory()
		}
	}
	if len(o.Tags) == 0 {
		pg.guessTags()
	} else if !themed(o.Tags) {
		// SEO plugins' keywords and article:tag are what the editor typed
		// for search engines; a tag list the page shows is the post's.
		if tags := pg.terms(pg.tagLinks()); len(tags) > 0 {
			addCand(&o.Tags, tags, SrcClassic)
		}
	}
}

// primaryCategory narrows the categories that only SEO plugins list
// (articleSection names every category, placement ones such as "Slider"
// or "Topstory" too) to the one the page shows in its breadcrumb trail,
// when the trail names one of them: the primary category the reader sees.
func (pg *page) primaryCategory() {
	o := pg.out
	best := o.Categories[0]
	for _, c := range o.Categories {
		if rankOf("categories", c.Source) < rankOf("categories", best.Source) {
			best = c
		}
	}
	if len(best.Value) < 2 {
		return
	}
	c, ok := pg.ldCrumbCategory()
	if !ok {
		return
	}
	for _, t := range best.Value {
		if strings.EqualFold(collapse(t.Name), collapse(c.Name)) {
			if c.URL == "" {
				c.URL = t.URL
			}
			o.Categories = slices.Insert(o.Categories, 0, Candidate[[]Term]{Value: []Term{c}, Source: best.Source})
			return
		}
	}
}

// termClass matches a class token that says its element holds categories
// or tags ("meta-category", "entry-cats", "tags-list__link", "ap_taglist"),
// not "tagline" or "stage".
var (
	catClass = regexp.MustCompile(`(?i)(?:^|[-_])(?:cat|cats|categor(?:y|ies))(?:$|[-_]|list|links?)`)
	tagClass = regexp.MustCompile(`(?i)(?:^|[-_])(?:tag|tags|topics?)(?:$|[-_]|list|links?)`)
)

// inTeaser reports whether holder is in a teaser of another post: one of its
// three nearest ancestors holds a heading that links to another page with
// a title of a few words (a related-post card's title).
func (pg *page) inTeaser(holder *html.Node) bool {
	h1 := pg.ix.byTag["h1"]
	n := holder
	for i := 0; i < 3 && n != nil && n.Type == html.ElementNode; n, i = n.Parent, i+1 {
		// The post's own header or entry: its headings are the post's.
		if n.DataAtom == atom.Body || len(h1) > 0 && within(n, h1[0]) || pg.article != nil && within(n, pg.article.Get(0)) {
			return false
		}
		for _, tag := range []string{"h2", "h3", "h4"} {
			for _, h := range appendTagged(nil, n, tag) {
				// A heading that is (or holds) the term list itself.
				if within(h, holder) || within(holder, h) {
					continue
				}
				for _, a := range appendTagged(nil, h, "a") {
					// A post's title, not a term's name (a trail of
					// headings: "News › Politics").
					if href := attr(a, "href"); href != "" && !strings.HasPrefix(href, "#") && len(strings.Fields(nodeText(pg.none().AddNodes(a)))) >= 4 && !pg.selfLink(href) {
						return true
					}
				}
			}
		}
	}
	return false
}

// mainColumn is the page's main column around the post's article (the
// nearest ancestor named content, main or primary), or nil.
func (pg *page) mainColumn() *html.Node {
	if pg.article == nil {
		return nil
	}
	for n := pg.article.Get(0).Parent; n != nil && n.Type == html.ElementNode && n.DataAtom != atom.Body; n = n.Parent {
		id, class := attr(n, "id"), attr(n, "class")
		if n.DataAtom == atom.Main || id == "content" || id == "main" || id == "primary" || strings.Contains(class, "site-content") || strings.Contains(class, "content-area") {
			return n
		}
	}
	return nil
}

// inOtherEntry reports whether n, below top, lies in an entry other than
// the post's (a teaser of another post).
func (pg *page) inOtherEntry(n, top *html.Node) bool {
	for ; n != nil && n != top; n = n.Parent {
		if n.DataAtom == atom.Article || strings.Contains(attr(n, "class"), "hentry") || strings.Contains(attr(n, "class"), "type-post") {
			return true
		}
	}
	return false
}

// holderLinks are the links of the holders within scope that keep says
// are term links, in document order.
func (pg *page) holderLinks(holders []*html.Node, scope *html.Node, roots []*html.Node, keep func(a *html.Node) bool) []*html.Node {
	var links []*html.Node
	for _, h := range holders {
		if pg.inChrome(h) || !within(scope, h) || strings.Contains(attr(h, "class"), "cat-item") || pg.inMenu(h) {
			continue
		}
		// post_class() gives the article "tag-x" and "category-y"
		// classes: an element that holds the body is not a term list.
		// One inside a content root is (a broad root such as
		// .article-content can wrap the post's footer and its topics).
		if h == scope || slices.ContainsFunc(roots, func(r *html.Node) bool { return within(h, r) }) {
			continue
		}
		// A teaser of another post (a related-post card) shows that
		// post's terms.
		if pg.inTeaser(h) {
			continue
		}
		if h.Data == "a" {
			links = append(links, h)
			continue
		}
		links = appendTagged(links, h, "a")
	}
	links = slices.DeleteFunc(links, func(a *html.Node) bool {
		return !keep(a) || siteTermItem(a) || len(nodeText(pg.none().AddNodes(a))) > 60
	})
	slices.SortFunc(links, func(a, b *html.Node) int { return pg.ix.order[a] - pg.ix.order[b] })
	return slices.Compact(links)
}

// titleBlock is the post's header when the theme prints it outside the
// post's <article>: the widest ancestor of the page's first h1 that holds
// neither the article nor the site's header, or nil when the h1 is in the
// article (or there is no article).
func (pg *page) titleBlock() *html.Node {
	h1 := pg.ix.byTag["h1"]
	if pg.article == nil || len(h1) == 0 || pg.inChrome(h1[0]) {
		return nil
	}
	art := pg.article.Get(0)
	if within(art, h1[0]) {
		return nil
	}
	var block *html.Node
	for n := h1[0].Parent; n != nil && n.Type == html.ElementNode && n.DataAtom != atom.Body; n = n.Parent {
		if within(n, art) || attr(n, "id") == "masthead" || strings.Contains(attr(n, "class"), "site-header") {
			break
		}
		block = n
	}
	return block
}

// siteTermItem reports whether a link is an item of wp_list_categories()
// or a tag cloud (li.cat-item, a.tag-cloud-link): the site's terms, in a
// list whose own class may still say "cat".
func siteTermItem(a *html.Node) bool {
	if strings.Contains(attr(a, "class"), "tag-cloud-link") {
		return true
	}
	for n, i := a.Parent, 0; n != nil && i < 3; n, i = n.Parent, i+1 {
		if strings.Contains(attr(n, "class"), "cat-item") {
			return true
		}
	}
	return false
}

// postScope is the post's article, or the body when the page has none.
func (pg *page) postScope() *goquery.Selection {
	if pg.article != nil {
		return pg.article
	}
	return pg.body
}

// inMenu reports whether n is in a menu (which lists the site's
// categories, not the post's).
func (pg *page) inMenu(n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if strings.Contains(attr(n, "class"), "menu") {
			return true
		}
	}
	return false
}

// contentRoots are the elements the content rules match (the post's body
// text, whose links are the author's, not the post's terms).
func (pg *page) contentRoots() []*html.Node {
	body := pg.body.Get(0)
	if body == nil {
		return nil
	}
	var out []*html.Node
	for _, q := range pg.x.content {
		out = append(out, pg.ix.match(body, q)...)
	}
	return out
}

// classTerms reads the terms post_class() writes on the post's entry
// ("category-news", "tag-climate-change") for a theme that prints none of
// them. A slug is named by a link on the page to its archive (a category
// widget, a tag cloud), else, when it is one word, by the word
// capitalised; a slug of several words with no link to name it is left
// out (its name cannot be told: accents and case are gone).
func (pg *page) classTerms(prefix, archive string) []Term {
	slugs := pg.classSlugs(prefix)
	if len(slugs) == 0 {
		return nil
	}
	// One pass over the links: the name of each slug's archive, a link
	// under the taxonomy's base (/category/, /tag/) before any other.
	type named struct {
		term  Term
		exact bool
	}
	names := map[string]named{}
	for _, a := range pg.ix.byTag["a"] {
		href := attr(a, "href")
		if href == "" || strings.HasPrefix(href, "#") {
			continue
		}
		u, err := pg.base.Parse(href)
		if err != nil {
			continue
		}
		// sanitize_html_class() keeps only [A-Za-z0-9_-] of a slug, so a
		// percent-encoded one loses its percent signs in the class.
		seg := slugOf(u)
		if !slices.Contains(slugs, seg) {
			continue
		}
		exact := strings.Contains(u.Path, archive)
		if n, ok := names[seg]; ok && (n.exact || !exact) {
			continue
		}
		name := nodeText(pg.none().AddNodes(a))
		if strings.HasSuffix(name, ")") {
			name = termCount.ReplaceAllString(name, "")
		}
		if name == "" || len(name) > 60 {
			continue
		}
		names[seg] = named{Term{Name: name, URL: u.String()}, exact}
	}
	var out []Term
	for _, slug := range slugs {
		if n, ok := names[slug]; ok {
			out = append(out, n.term)
			continue
		}
		if strings.ContainsFunc(slug, func(r rune) bool { return !unicode.IsLetter(r) }) {
			continue
		}
		r, size := utf8.DecodeRuneInString(slug)
		out = append(out, Term{Name: string(unicode.ToUpper(r)) + slug[size:]})
	}
	return out
}

// classSlugs are the slugs of the terms post_class() names on the post's
// entry with prefix ("category-news" for "category-"), in class order.
func (pg *page) classSlugs(prefix string) []string {
	entry := pg.postEntry()
	if entry == nil {
		return nil
	}
	var slugs []string
	for _, c := range strings.Fields(attr(entry, "class")) {
		if slug, ok := strings.CutPrefix(strings.ToLower(c), prefix); ok && slug != "" && !slices.Contains(slugs, slug) {
			slugs = append(slugs, slug)
		}
	}
	return slugs
}

// postEntry is the element post_class() marks as the post's entry: the
// one with the class post-<id> for the page's post ID, else the post's
// article when it carries post_class's type- class.
func (pg *page) postEntry() *html.Node {
	if id := pg.out.PostID; id != 0 {
		for _, n := range pg.ix.byClass["post-"+strconv.Itoa(id)] {
			if strings.Contains(attr(n, "class"), "type-") {
				return n
			}
		}
	}
	if pg.article != nil {
		if n := pg.article.Get(0); strings.Contains(attr(n, "class"), "type-") {
			return n
		}
	}
	return nil
}
