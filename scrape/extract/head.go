package extract

import (
	"cmp"
	"encoding/json"
	"html"
	"regexp"
	"slices"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/unpress/unpress/scrape/datetext"
)

// ldNode is a JSON-LD object as SEO plugins emit it. Only the fields unpress
// reads are typed; values that may be a string, an object or a list stay raw.
type ldNode struct {
	typ           string
	ID            string            `json:"@id"`
	Type          json.RawMessage   `json:"@type"`
	Headline      string            `json:"headline"`
	Name          string            `json:"name"`
	Description   string            `json:"description"`
	DatePublished string            `json:"datePublished"`
	DateModified  string            `json:"dateModified"`
	DateCreated   string            `json:"dateCreated"`
	Author        json.RawMessage   `json:"author"`
	Image         json.RawMessage   `json:"image"`
	URL           string            `json:"url"`
	ContentURL    string            `json:"contentUrl"`
	Section       json.RawMessage   `json:"articleSection"`
	Keywords      json.RawMessage   `json:"keywords"`
	InLanguage    string            `json:"inLanguage"`
	Graph         []json.RawMessage `json:"@graph"`
	ItemList      json.RawMessage   `json:"itemListElement"`
	Item          json.RawMessage   `json:"item"`
}

// ldGraph is every JSON-LD node on the page, by @id, and the one that
// describes the article.
type ldGraph struct {
	byID    map[string]*ldNode
	article *ldNode
	site    *ldNode
	// crumbs are the BreadcrumbList trails, in page order.
	crumbs [][]ldCrumb
}

// ldCrumb is one level of a JSON-LD breadcrumb trail.
type ldCrumb struct{ name, url string }

var articleTypes = map[string]int{
	"BlogPosting": 1, "NewsArticle": 1, "Article": 2, "TechArticle": 2, "ReportageNews": 1,
	"AnalysisNewsArticle": 1, "OpinionNewsArticle": 1, "SocialMediaPosting": 3, "WebPage": 4,
	// schema.org subtypes of the above that plugins emit for the same
	// single-entry pages (forum threads, live blogs, papers).
	"LiveBlogPosting": 1, "DiscussionForumPosting": 3, "ScholarlyArticle": 2, "Report": 2,
}

func (pg *page) jsonLD() *ldGraph {
	g := &ldGraph{byID: map[string]*ldNode{}}
	rank := 99
	pg.find(pg.doc.Selection, `script[type="application/ld+json"]`).Each(func(_ int, s *goquery.Selection) {
		var nodes []*ldNode
		collectLD(json.RawMessage(strings.TrimSpace(s.Text())), &nodes)
		for _, n := range nodes {
			if n.ID != "" {
				g.byID[n.ID] = n
			}
			if r, ok := articleTypes[n.typ]; ok && r < rank && (n.Headline != "" || n.DatePublished != "" || n.DateCreated != "" || n.Name != "") {
				g.article, rank = n, r
			}
			if n.typ == "WebSite" && g.site == nil {
				g.site = n
			}
			if n.typ == "BreadcrumbList" {
				if trail := crumbTrail(n); len(trail) > 0 {
					g.crumbs = append(g.crumbs, trail)
				}
			}
		}
	})
	return g
}

// collectLD flattens a JSON-LD value (object, list, or @graph) into nodes.
func collectLD(raw json.RawMessage, out *[]*ldNode) {
	if len(raw) == 0 {
		return
	}
	switch raw[0] {
	case '[':
		var list []json.RawMessage
		if json.Unmarshal(raw, &list) == nil {
			for _, r := range list {
				collectLD(r, out)
			}
		}
	case '{':
		var n ldNode
		if json.Unmarshal(raw, &n) != nil {
			return
		}
		n.typ = firstType(n.Type)
		*out = append(*out, &n)
		for _, r := range n.Graph {
			collectLD(r, out)
		}
	}
}

func firstType(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		// Prefer an article type when a node has several.
		for _, t := range list {
			if _, ok := articleTypes[t]; ok && t != "WebPage" {
				return t
			}
		}
		if len(list) > 0 {
			return list[0]
		}
	}
	return ""
}

// strings of a value that may be a string, a list of strings, or objects
// with a name (or @id to resolve through the graph).
func (g *ldGraph) names(raw json.RawMessage) []string {
	if len(raw) == 0 {
		return nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if s = strings.TrimSpace(s); s != "" {
			return []string{s}
		}
		return nil
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) == nil {
		var out []string
		for _, r := range list {
			out = append(out, g.names(r)...)
		}
		return out
	}
	var n ldNode
	if json.Unmarshal(raw, &n) == nil {
		if n.Name == "" && n.ID != "" {
			if ref, ok := g.byID[n.ID]; ok {
				n = *ref
			}
		}
		if n.Name != "" {
			return []string{strings.TrimSpace(n.Name)}
		}
	}
	return nil
}

// imageURL reads an image value: a URL, an ImageObject, a list, or an @id.
func (g *ldGraph) imageURL(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) == nil {
		for _, r := range list {
			if u := g.imageURL(r); u != "" {
				return u
			}
		}
		return ""
	}
	var n ldNode
	if json.Unmarshal(raw, &n) == nil {
		if n.URL == "" && n.ContentURL == "" && n.ID != "" {
			if ref, ok := g.byID[n.ID]; ok {
				n = *ref
			}
		}
		if n.ContentURL != "" {
			return n.ContentURL
		}
		return n.URL
	}
	return ""
}

// crumbTrail reads a BreadcrumbList's levels in position order; a level's
// URL is its item, given as a string or as an object with an @id or url.
func crumbTrail(n *ldNode) []ldCrumb {
	type listItem struct {
		Position int             `json:"position"`
		Name     string          `json:"name"`
		Item     json.RawMessage `json:"item"`
	}
	var items []listItem
	if json.Unmarshal(n.ItemList, &items) != nil {
		return nil
	}
	slices.SortStableFunc(items, func(a, b listItem) int { return a.Position - b.Position })
	var out []ldCrumb
	for _, it := range items {
		c := ldCrumb{name: it.Name}
		var u string
		if json.Unmarshal(it.Item, &u) == nil {
			c.url = u
		} else {
			var obj struct {
				ID   string `json:"@id"`
				URL  string `json:"url"`
				Name string `json:"name"`
			}
			if json.Unmarshal(it.Item, &obj) == nil {
				c.url = cmp.Or(obj.URL, obj.ID)
				c.name = cmp.Or(c.name, obj.Name)
			}
		}
		c.name = clean(c.name)
		out = append(out, c)
	}
	return out
}

func (pg *page) fromJSONLD(g *ldGraph) {
	o := pg.out
	pg.ldCrumbs = g.crumbs
	if g.site != nil && g.site.Name != "" {
		addCand(&o.SiteName, clean(g.site.Name), SrcJSONLD)
	}
	a := g.article
	if a == nil {
		return
	}
	title := a.Headline
	if title == "" && a.typ != "WebPage" {
		title = a.Name
	}
	if title != "" {
		addCand(&o.Title, clean(title), SrcJSONLD)
	}
	if d, ok := machineDate(a.DatePublished); ok {
		addCand(&o.Published, d, SrcJSONLD)
	} else if d, ok := machineDate(a.DateCreated); ok {
		// Some generators state only when the item was created.
		addCand(&o.Published, d, SrcJSONLD)
	}
	if d, ok := machineDate(a.DateModified); ok {
		addCand(&o.Updated, d, SrcJSONLD)
	}
	// Yoast puts the author on the Article and the dates on both the
	// Article and the WebPage; a WebPage alone carries no author.
	// Several authors are all named, in their order.
	var authors []string
	for _, name := range g.names(a.Author) {
		if name = authorName(clean(name)); name != "" && !slices.Contains(authors, name) {
			authors = append(authors, name)
		}
	}
	if len(authors) > 0 {
		addCand(&o.Author, strings.Join(authors, ", "), SrcJSONLD)
	}
	if secs := g.names(a.Section); len(secs) > 0 {
		addCand(&o.Categories, termsOf(secs), SrcJSONLD)
	}
	if kws := g.names(a.Keywords); len(kws) > 0 {
		addCand(&o.Tags, termsOf(kws), SrcJSONLD)
	}
	if img := g.imageURL(a.Image); img != "" {
		addCand(&o.Image, pg.abs(img), SrcJSONLD)
	}
	if a.Description != "" {
		addCand(&o.Description, clean(a.Description), SrcJSONLD)
	}
	if o.Language == "" {
		o.Language = a.InLanguage
	}
}

// metaAuthors reads the author tags: every value of the first tag that
// has a name (Parse.ly prints one parsely-author per author), without
// handles, profile URLs and addresses.
func metaAuthors(meta map[string][]string) string {
	for _, k := range []string{"author", "parsely-author", "article:author", "dc.creator", "sailthru.author", "twitter:creator"} {
		var names []string
		for _, v := range meta[k] {
			if v = authorName(clean(v)); v != "" && !strings.HasPrefix(v, "@") && !slices.Contains(names, v) {
				names = append(names, v)
			}
		}
		if len(names) > 0 {
			return strings.Join(names, ", ")
		}
	}
	// Yoast's Twitter card data: "twitter:label1" says "Written by" in
	// the site's language and "twitter:data1" is the author's display
	// name (the other pair is the reading time).
	for i := '1'; i <= '4'; i++ {
		for _, l := range meta["twitter:label"+string(i)] {
			if writtenBy.MatchString(clean(l)) {
				for _, v := range meta["twitter:data"+string(i)] {
					if v = authorName(clean(v)); v != "" && !strings.HasPrefix(v, "@") {
						return v
					}
				}
			}
		}
	}
	return ""
}

// writtenBy is Yoast's "Written by" label in the languages it is
// translated into.
var writtenBy = regexp.MustCompile(`(?i)^(?:written by|verfasst von|geschrieben von|escrito por|écrit par|ecrit par|scritto da|geschreven door|napisane przez|skrivet av|skrevet af|skrevet av|kirjoittanut|napsal|написано|автор)$`)

func termsOf(names []string) []Term {
	// SEO plugins write several terms into one value, comma-separated.
	if len(names) == 1 && strings.Contains(names[0], ",") {
		names = strings.Split(names[0], ",")
	}
	var ts []Term
	for _, n := range names {
		if n = clean(n); n != "" {
			ts = append(ts, Term{Name: n})
		}
	}
	return ts
}

// clean decodes entities left in attribute or JSON text and collapses
// whitespace.
func clean(s string) string { return collapse(html.UnescapeString(s)) }

func machineDate(s string) (Date, bool) {
	p, ok := datetext.ParseMachine(strings.TrimSpace(s))
	if !ok {
		return Date{}, false
	}
	return Date{Time: p.Time, HasTime: p.HasTime, HasZone: p.HasZone}, true
}

// fromMeta reads OpenGraph, article:* and plain <meta> tags.
func (pg *page) fromMeta() {
	o := pg.out
	meta := map[string][]string{}
	pg.find(pg.head, "meta").Each(func(_ int, s *goquery.Selection) {
		key := s.AttrOr("property", "")
		if key == "" {
			key = s.AttrOr("name", "")
		}
		if key == "" {
			key = s.AttrOr("itemprop", "")
		}
		if v, ok := s.Attr("content"); ok && key != "" {
			key = strings.ToLower(key)
			meta[key] = append(meta[key], v)
		}
	})
	first := func(keys ...string) string {
		for _, k := range keys {
			for _, v := range meta[k] {
				if v = strings.TrimSpace(v); v != "" {
					return v
				}
			}
		}
		return ""
	}
	if v := first("og:site_name", "application-name"); v != "" {
		addCand(&o.SiteName, clean(v), SrcMeta)
	}
	if v := first("og:title", "twitter:title", "dc.title"); v != "" {
		addCand(&o.Title, clean(v), SrcMeta)
	}
	if d, ok := machineDate(first("article:published_time", "datepublished", "dc.date", "dc.date.issued", "date", "pubdate")); ok {
		addCand(&o.Published, d, SrcMeta)
	}
	if d, ok := machineDate(first("article:modified_time", "og:updated_time", "datemodified", "last-modified")); ok {
		addCand(&o.Updated, d, SrcMeta)
	}
	if v := metaAuthors(meta); v != "" {
		addCand(&o.Author, v, SrcMeta)
	}
	if secs := meta["article:section"]; len(secs) > 0 {
		addCand(&o.Categories, termsOf(secs), SrcMeta)
	}
	if tags := meta["article:tag"]; len(tags) > 0 {
		addCand(&o.Tags, termsOf(tags), SrcMeta)
	}
	if v := first("og:image", "og:image:url", "og:image:secure_url", "twitter:image"); v != "" {
		addCand(&o.Image, pg.abs(v), SrcMeta)
	}
	if v := first("description"); v != "" {
		addCand(&o.Description, clean(v), SrcMeta)
	} else if v := first("og:description", "twitter:description"); v != "" {
		addCand(&o.Description, clean(v), SrcMeta)
	}
	if c := pg.find(pg.head, `link[rel="canonical"]`).AttrOr("href", ""); c != "" {
		o.Canonical = pg.abs(c)
	} else if v := first("og:url"); v != "" {
		o.Canonical = pg.abs(v)
	}
	title := pg.find(pg.head, "title").FilterFunction(func(_ int, s *goquery.Selection) bool {
		return s.Closest("svg").Length() == 0
	}).First()
	if t := collapse(title.Text()); t != "" {
		addCand(&o.Title, t, SrcTitleTag)
	}
}
