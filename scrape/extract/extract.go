// Package extract pulls a post's fields out of one rendered WordPress page
// with goquery, in layers from the most to the least trustworthy source,
// keeping every candidate and where it came from so that the transform stage
// can choose, and report when sources disagree.
package extract

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/unpress/unpress/scrape"
)

// Options extend the built-in rules with a site's own selectors.
type Options struct {
	// ContentSelectors are tried before the built-in content selectors.
	ContentSelectors []string
	// ChromeSelectors are removed from the content and never read for
	// metadata, in addition to the built-in ones.
	ChromeSelectors []string
	// Rules are a site's own selectors for fields (keys: RuleFields),
	// trusted before the built-in rules of the field.
	Rules map[string][]string
}

// Extractor holds compiled rules; it is safe for concurrent use.
type Extractor struct {
	chrome      *query
	userContent []*query // a site's own content selectors, trusted first
	// userContentNames are those selectors as written, to name them.
	userContentNames []string
	content          []*query // WordPress theme and plugin content classes
	generic          []*query // generic article containers
	bodyChrome       *query
	rules            map[string][]compiledRule // by field
	queries          queries
}

// New compiles the rules. An invalid selector is an error naming it:
// goquery would silently match nothing, which a user could never see.
func New(opts Options) (*Extractor, error) {
	x := &Extractor{}
	var err error
	if x.rules, err = compileRules(opts.Rules); err != nil {
		return nil, err
	}
	x.userContentNames = opts.ContentSelectors
	if x.chrome, err = compileList(slices.Concat(chromeSelectors, opts.ChromeSelectors)); err != nil {
		return nil, err
	}
	if x.bodyChrome, err = compileList(slices.Concat(bodyChromeSelectors, opts.ChromeSelectors)); err != nil {
		return nil, err
	}
	for _, l := range []struct {
		into *[]*query
		list []string
	}{{&x.userContent, opts.ContentSelectors}, {&x.content, contentSelectors}, {&x.generic, genericContentSelectors}} {
		for _, s := range l.list {
			q, err := compileQuery(s)
			if err != nil {
				return nil, fmt.Errorf("content %w", err)
			}
			*l.into = append(*l.into, q)
		}
	}
	return x, nil
}

// compileList compiles a list of selectors into one query.
func compileList(list []string) (*query, error) {
	all := &query{}
	for _, s := range list {
		q, err := compileQuery(s)
		if err != nil {
			return nil, err
		}
		all.alts = append(all.alts, q.alts...)
	}
	return all, nil
}

// page is the state of one extraction.
type page struct {
	x       *Extractor
	ix      *domIndex
	base    *url.URL
	doc     *goquery.Document
	head    *goquery.Selection
	body    *goquery.Selection
	classes map[string]bool // body classes
	chrome  map[*html.Node]bool
	article *goquery.Selection // the post's own <article>/hentry, if any
	out     *Extracted
	// stats are the text counts of every element (by index order), once
	// the content rules have counted them.
	stats []textStats
	// teasers are the blocks of the content root that lead to other
	// posts of the site (findTeasers).
	teasers map[*html.Node]bool
	// structural is set when the kind was read from the page's structure
	// because it has no WordPress body classes.
	structural bool
	// ldCrumbs are the JSON-LD breadcrumb trails.
	ldCrumbs [][]ldCrumb
}

// Extract reads one page. It fails only when the bytes are not a document
// at all; missing fields are left empty for the transform stage to report.
func (x *Extractor) Extract(p *scrape.Page) (*Extracted, error) {
	root, err := html.Parse(bytes.NewReader(p.HTML))
	if err != nil {
		return nil, fmt.Errorf("parse html: %w", err)
	}
	return x.ExtractNode(root, p.URL)
}

// ExtractNode reads an already parsed document whose URL is base.
func (x *Extractor) ExtractNode(root *html.Node, base *url.URL) (*Extracted, error) {
	doc := goquery.NewDocumentFromNode(root)
	pg := &page{
		x:    x,
		ix:   newIndex(root),
		base: base,
		doc:  doc,
		// Broken markup before <title> ends the <head> early and the parser
		// moves the rest of it into the body: read "head" tags anywhere.
		head: doc.Selection,
		out:  &Extracted{URL: base.String()},
	}
	pg.body = pg.find(doc.Selection, "body").First()
	if pg.body.Length() == 0 {
		pg.body = doc.Selection
	}
	pg.classes = classSet(pg.body.AttrOr("class", ""))
	pg.markChrome()
	pg.out.Language = strings.TrimSpace(pg.find(doc.Selection, "html").AttrOr("lang", ""))

	ld := pg.jsonLD()
	pg.classify(ld)
	pg.termLinks()
	if pg.out.Kind == KindListing {
		pg.listing()
		return pg.out, nil
	}
	pg.findArticle()
	pg.fromJSONLD(ld)
	pg.fromMeta()
	pg.fromTheme()
	pg.fromPermalink()
	pg.fromVisibleText()
	pg.contentRoot()
	pg.cardDates()
	pg.reclassify()
	pg.rank()
	return pg.out, nil
}

// markChrome records the chrome regions once, so that every field rule
// can skip values inside them with a walk up the ancestors.
func (pg *page) markChrome() {
	pg.chrome = map[*html.Node]bool{}
	body := pg.body.Get(0)
	if body == nil {
		return
	}
	for _, n := range pg.ix.match(body, pg.x.chrome) {
		// A body class such as "sidebar" says nothing about the post.
		if n != body {
			pg.chrome[n] = true
		}
	}
	// Related-post blocks by any name ("section#related-posts",
	// "div.my-theme-relatedPosts"): their cards carry dates, authors and
	// post thumbnails of other posts.
	mark := func(nodes []*html.Node) {
		for _, n := range nodes {
			if n != body && !pg.holdsHeading(n) {
				pg.chrome[n] = true
			}
		}
	}
	for id, nodes := range pg.ix.byID {
		if strings.Contains(strings.ToLower(id), "related") {
			mark(nodes)
		}
	}
	for cls, nodes := range pg.ix.byClass {
		// Taxonomy classes name the post's own terms: a tag "related"
		// gives its posts the class tag-related.
		if strings.Contains(strings.ToLower(cls), "related") && !taxonomyClass(cls) {
			mark(nodes)
		}
	}
	pg.keepMainColumn()
}

// taxonomyClass reports the classes WordPress derives from a post's terms
// and properties (category-x, tag-x, format-x, ...).
func taxonomyClass(cls string) bool {
	for _, p := range []string{"category-", "tag-", "format-", "post_format-", "status-", "type-", "postid-", "post-", "page-", "single-", "taxonomy-", "term-"} {
		if strings.HasPrefix(cls, p) {
			return true
		}
	}
	return false
}

// holdsHeading reports whether n holds the page's first h1: a wrapper
// round the whole post is never chrome, whatever its name.
func (pg *page) holdsHeading(n *html.Node) bool {
	h := pg.ix.byTag["h1"]
	return len(h) > 0 && within(n, h[0])
}

// inChrome reports whether n lies in a region that belongs to something
// other than the post (comments, widgets, related posts, navigation).
func (pg *page) inChrome(n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if pg.chrome[n] {
			return true
		}
	}
	return false
}

// own filters a selection to the nodes outside chrome.
func (pg *page) own(s *goquery.Selection) *goquery.Selection {
	return s.FilterFunction(func(_ int, s *goquery.Selection) bool { return !pg.inChrome(s.Get(0)) })
}

var postIDClass = regexp.MustCompile(`^(?:postid|page-id|attachmentid)-(\d+)$`)

// classify decides what kind of page this is, from WordPress's body
// classes first (they are exact), then from structure.
func (pg *page) classify(ld *ldGraph) {
	c := pg.classes
	for cl := range c {
		if m := postIDClass.FindStringSubmatch(cl); m != nil && pg.out.PostID == 0 {
			pg.out.PostID, _ = strconv.Atoi(m[1])
		}
	}
	if pg.out.PostID == 0 {
		if sl := pg.find(pg.head, `link[rel="shortlink"]`).AttrOr("href", ""); sl != "" {
			if u, err := url.Parse(sl); err == nil {
				pg.out.PostID, _ = strconv.Atoi(u.Query().Get("p"))
			}
		}
	}
	// Core prints the password form on protected posts; not every theme
	// adds the body class.
	pg.out.Protected = c["post-password-required"] ||
		pg.find(pg.body, `form.post-password-form, form[action*="action=postpass"]`).Length() > 0
	k := &pg.out.Kind
	switch {
	case c["error404"]:
		*k = KindNotFound
	case c["attachment"] || c["single-attachment"]:
		*k = KindAttachment
	case c["search"] || c["search-results"] || c["search-no-results"]:
		*k, pg.out.ListingKind = KindListing, "search"
	case c["home"] && c["blog"], c["blog"] && !c["single"]:
		*k, pg.out.ListingKind = KindListing, "home"
	case c["category"] && c["archive"]:
		*k, pg.out.ListingKind = KindListing, "category"
	case c["tag"] && c["archive"]:
		*k, pg.out.ListingKind = KindListing, "tag"
	case c["author"] && c["archive"]:
		*k, pg.out.ListingKind = KindListing, "author"
	case c["date"] && c["archive"]:
		*k, pg.out.ListingKind = KindListing, "date"
	case c["archive"]:
		*k, pg.out.ListingKind = KindListing, "archive"
	case c["single"] || c["single-post"]:
		*k = KindPost
	case c["page"] || c["page-template-default"] || hasPrefixClass(c, "page-id-"):
		*k = KindPage
	}
	if *k != "" {
		if *k == KindListing && c["paged"] && pg.out.ListingKind == "home" {
			pg.out.ListingKind = "paged"
		}
		return
	}
	// No WordPress body classes: read the structure.
	pg.structural = true
	switch {
	case ld.article != nil && ld.article.typ != "WebPage":
		*k = KindPost
	case pg.find(pg.head, `meta[property="og:type"][content="article"]`).Length() > 0:
		*k = KindPost
	case permalinkDate.MatchString(pg.base.Path):
		*k = KindPost
	case pg.listedEntries() > 2:
		*k, pg.out.ListingKind = KindListing, "archive"
	case pg.find(pg.body, "time[datetime], .published, .entry-date").Length() > 0:
		*k = KindPost
	case pg.longText():
		// One long block of text is an article, whatever the markup.
		*k = KindPost
	case pg.find(pg.body, ".hentry, .h-entry, article").Length() > 0 || pg.find(pg.body, strings.Join(contentSelectors, ",")).Length() > 0 || pg.entriesByID() == 1:
		// One entry, whatever its markup: WordPress themes of every era
		// give the post's element the id post-N.
		*k = KindPage
	default:
		*k = KindUnknown
	}
}

// listedEntries counts the entries of a listing: entry elements whose
// heading links to a page of its own. A forum thread or a page of
// comments has many entries but no such headings.
func (pg *page) listedEntries() int {
	seen := map[string]bool{}
	pg.own(pg.find(pg.body, ".hentry, .h-entry, article, .post")).Each(func(_ int, e *goquery.Selection) {
		a := e.Find("h1 a[href], h2 a[href], h3 a[href], a[rel=bookmark]").First()
		if h := pg.abs(a.AttrOr("href", "")); h != "" && h != pg.base.String() {
			seen[h] = true
		}
	})
	return len(seen)
}

// longText reports whether the page holds one block of text an article
// long.
func (pg *page) longText() bool {
	body := pg.body.Get(0)
	if body == nil {
		return false
	}
	pg.countStats(body)
	for _, c := range pg.rootCandidates(body) {
		if c.st.words() >= 500 && c.st.paras >= 2 {
			return true
		}
	}
	return false
}

// reclassify corrects a kind read from structure with what extraction
// found: pages do not show a publication date, posts do.
func (pg *page) reclassify() {
	if !pg.structural || pg.out.Kind != KindPage && pg.out.Kind != KindUnknown {
		return
	}
	for _, c := range pg.out.Published {
		if c.Source != SrcPermalink && pg.out.Content != nil {
			pg.out.Kind = KindPost
			return
		}
	}
	// Static pages have no categories: an entry filed under one is a post.
	if pg.out.Kind == KindPage && len(pg.out.Categories) > 0 {
		pg.out.Kind = KindPost
	}
}

// entriesByID counts the elements outside chrome whose id is WordPress's
// post-N.
func (pg *page) entriesByID() int {
	n := 0
	for id, nodes := range pg.ix.byID {
		rest, ok := strings.CutPrefix(id, "post-")
		if !ok || rest == "" || strings.Trim(rest, "0123456789") != "" {
			continue
		}
		for _, e := range nodes {
			if !pg.inChrome(e) {
				n++
			}
		}
	}
	return n
}

func hasPrefixClass(c map[string]bool, prefix string) bool {
	for cl := range c {
		if strings.HasPrefix(cl, prefix) {
			return true
		}
	}
	return false
}

func classSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, f := range strings.Fields(s) {
		m[f] = true
	}
	return m
}

// findArticle locates the post's own entry element: the hentry whose id
// carries the post ID, else the first entry outside chrome.
func (pg *page) findArticle() {
	if id := pg.out.PostID; id != 0 {
		s := pg.find(pg.body, "#post-"+strconv.Itoa(id))
		if s.Length() > 0 {
			pg.article = s.First()
			return
		}
	}
	for _, sel := range []string{"article.hentry", ".h-entry", ".hentry", "article.post", "article.type-post", "article.type-page", "article"} {
		if s := pg.own(pg.find(pg.body, sel)); s.Length() > 0 {
			pg.article = s.First()
			return
		}
	}
}

// scope is where theme rules look: the page body, since some themes (Twenty
// Nineteen) print the entry header outside the <article>.
func (pg *page) scope() *goquery.Selection { return pg.body }

// nodeText is the visible text of a node with screen-reader labels and
// hidden elements left out, whitespace collapsed.
func nodeText(s *goquery.Selection) string {
	var b strings.Builder
	for _, n := range s.Nodes {
		writeText(&b, n)
	}
	return collapse(b.String())
}

func writeText(b *strings.Builder, n *html.Node) {
	switch n.Type {
	case html.TextNode:
		b.WriteString(n.Data)
		return
	case html.ElementNode:
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Noscript, atom.Svg, atom.Template:
			return
		case atom.Br, atom.P, atom.Div, atom.Li:
			b.WriteByte(' ')
		}
		for _, a := range n.Attr {
			if a.Key == "class" && (strings.Contains(a.Val, "screen-reader-text") || strings.Contains(a.Val, "sr-only")) {
				return
			}
			if a.Key == "aria-hidden" && a.Val == "true" {
				return
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		writeText(b, c)
	}
}

func collapse(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
}

// abs resolves a URL found on the page against the page's URL.
func (pg *page) abs(ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := pg.base.Parse(ref)
	if err != nil {
		return ""
	}
	return u.String()
}

func addCand[T any](list *[]Candidate[T], v T, src Source) {
	*list = append(*list, Candidate[T]{Value: v, Source: src})
}

// addRule adds a value a selector rule found, named by the rule.
func addRule[T any](list *[]Candidate[T], v T, r compiledRule) {
	*list = append(*list, Candidate[T]{Value: v, Source: r.Source, Rule: r.Name})
}

// insideMatch reports whether n or an ancestor of n matches q.
func insideMatch(n *html.Node, q *query) bool {
	for ; n != nil; n = n.Parent {
		if n.Type != html.ElementNode {
			continue
		}
		for _, a := range q.alts {
			if a.sel.Match(n) {
				return true
			}
		}
	}
	return false
}

// findRule is what rule r matches under scope, outside the rule's
// excluded regions.
func (pg *page) findRule(scope *goquery.Selection, r compiledRule) *goquery.Selection {
	var nodes []*html.Node
	for _, s := range scope.Nodes {
		nodes = append(nodes, pg.ix.match(s, r.q)...)
	}
	if r.outside != nil {
		nodes = slices.DeleteFunc(nodes, func(n *html.Node) bool { return insideMatch(n, r.outside) })
	}
	return pg.none().AddNodes(nodes...)
}

// fieldRank orders sources per field. The default order is the issue's
// layering; titles prefer the theme's own heading over the JSON-LD
// headline and og:title, which SEO plugins let editors rewrite (and cut,
// and suffix with the site's name), and descriptions prefer the page's own meta
// description.
var fieldRank = map[string][]Source{
	"default":     {SrcConfig, SrcJSONLD, SrcMeta, SrcMicrodata, SrcMicroformat, SrcClassic, SrcBlock, SrcTitleTag, SrcVisibleText, SrcPermalink},
	"title":       {SrcConfig, SrcMicroformat, SrcClassic, SrcBlock, SrcJSONLD, SrcMeta, SrcTitleTag},
	"description": {SrcConfig, SrcMeta, SrcJSONLD},
	// The byline a theme prints over <meta name=author>, which themes
	// hard-code (their own author) and plugins fill with handles and
	// site names.
	"author": {SrcConfig, SrcJSONLD, SrcMicroformat, SrcClassic, SrcBlock, SrcMeta, SrcTitleTag, SrcVisibleText, SrcPermalink},
	// Term links carry the archive URL, and with it the hierarchy; SEO
	// plugins' articleSection and keywords are names only, and often the
	// top-level category.
	"categories": {SrcConfig, SrcMicroformat, SrcClassic, SrcBlock, SrcJSONLD, SrcMeta},
	"tags":       {SrcConfig, SrcMicroformat, SrcClassic, SrcBlock, SrcJSONLD, SrcMeta},
}

func rankOf(field string, s Source) int {
	order, ok := fieldRank[field]
	if !ok {
		order = fieldRank["default"]
	}
	for i, o := range order {
		if o == s {
			return i
		}
	}
	return len(order)
}

func sortCands[T any](field string, list []Candidate[T]) {
	slices.SortStableFunc(list, func(a, b Candidate[T]) int { return rankOf(field, a.Source) - rankOf(field, b.Source) })
}

// rank puts every field's candidates in trust order.
func (pg *page) rank() {
	o := pg.out
	sortCands("title", o.Title)
	sortCands("published", o.Published)
	sortCands("updated", o.Updated)
	sortCands("author", o.Author)
	sortCands("categories", o.Categories)
	sortCands("tags", o.Tags)
	sortCands("image", o.Image)
	sortCands("description", o.Description)
	sortCands("previous", o.Previous)
	sortCands("next", o.Next)
}

var countSuffix = regexp.MustCompile(`\s*\(\d+\)$`)

// termLinks collects the names of category archives linked anywhere on the
// page, so that a post in /category/a/b/ can be given its parent's name.
func (pg *page) termLinks() {
	seen := map[string]bool{}
	pg.find(pg.body, `a[href*="/category/"]`).Each(func(_ int, a *goquery.Selection) {
		href := pg.abs(a.AttrOr("href", ""))
		if href == "" || seen[href] || strings.Contains(href, "/feed") {
			return
		}
		name := nodeText(a)
		if strings.Contains(name, "(") {
			// Only then can there be a post count to cut (a regexp
			// replace allocates even when it finds nothing).
			name = countSuffix.ReplaceAllString(name, "")
		}
		if name == "" {
			return
		}
		seen[href] = true
		pg.out.TermLinks = append(pg.out.TermLinks, Term{Name: name, URL: href})
	})
}
