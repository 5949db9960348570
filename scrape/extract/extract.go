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
		out:  &Extracted{URL: withoutUser(base)},
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
	return strings.Join(strings.Fields(dropControls(strings.ReplaceAll(s, "\u00a0", " "))), " ")
}

// dropControls removes control characters but tab, newline and carriage
// return: a page's ESC or backspace would otherwise reach the files and
// rewrite what a terminal shows a reviewer.
func dropControls(s string) string {
	if !strings.ContainsFunc(s, isControl) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return -1
		}
		return r
	}, s)
}

func isControl(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f || r >= 0x80 && r <= 0x9f
}

// withoutUser is u as a string without its credentials.
func withoutUser(u *url.URL) string {
	if u.User == nil {
		return u.String()
	}
	c := *u
	c.User = nil
	return c.String()
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
	// Credentials in a URL (https://user:password@host/) must not travel
	// into front matter, reports or the manifest a user commits.
	u.User = nil
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
