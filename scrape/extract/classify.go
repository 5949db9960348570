package extract

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

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
