package extract

import (
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// guessCategories reads categories where no rule found any: archive links
// in an element whose class says categories, the breadcrumb trail, and the
// menu item WordPress marks as the post's category.
func (pg *page) guessCategories() {
	o := pg.out
	if cats := pg.terms(pg.catLinks()); len(cats) > 0 {
		addCand(&o.Categories, cats, SrcClassic)
		return
	}
	// The breadcrumb trail: the level above the post (SEO plugins show
	// the primary category there).
	if c, ok := pg.crumbCategory(); ok {
		addCand(&o.Categories, []Term{c}, SrcVisibleText)
		return
	}
	if c, ok := pg.ldCrumbCategory(); ok {
		addCand(&o.Categories, []Term{c}, SrcJSONLD)
		return
	}
	// Nav menus: WordPress marks the menu item of the post's category
	// current-post-parent (its ancestors current-post-ancestor).
	menu := pg.find(pg.body, "li.menu-item-object-category.current-post-parent").ChildrenFiltered("a")
	if cats := pg.terms(menu); len(cats) > 0 {
		addCand(&o.Categories, cats, SrcVisibleText)
		return
	}
	if cats := pg.classTerms("category-", "/category/"); len(cats) > 0 {
		addCand(&o.Categories, cats, SrcBodyClass)
	}
}

// entryCategory reports whether a term's archive URL ends in one of the
// category slugs post_class() gives the post's entry.
func (pg *page) entryCategory(t Term) bool {
	u, err := url.Parse(t.URL)
	return err == nil && t.URL != "" && slices.Contains(pg.classSlugs("category-"), slugOf(u))
}

// crumbCategory reads the last level of a breadcrumb trail above the post
// (Home › News › Post): a link that is not the site's root and not the
// post itself.
func (pg *page) crumbCategory() (Term, bool) {
	var last *goquery.Selection
	pg.find(pg.body, `[class*=breadcrumb] a[href], [id*=breadcrumb] a[href], [class*=crumb] a[href], [id*=crumb] a[href]`).Each(func(_ int, a *goquery.Selection) {
		href := a.AttrOr("href", "")
		u, err := pg.base.Parse(href)
		if err != nil || strings.Trim(u.Path, "/") == "" || pg.selfLink(href) || nodeText(a) == "" {
			return
		}
		// Some trails go Home › Section › Author › Post: the author's
		// archive is no category.
		if authorPath.MatchString(u.Path) {
			return
		}
		last = a
	})
	if last == nil {
		return Term{}, false
	}
	ts := pg.terms(last)
	if len(ts) == 0 {
		return Term{}, false
	}
	return ts[0], true
}

// ldCrumbCategory reads the level above the post in the JSON-LD
// breadcrumb trails (Yoast's Home › Category › Post), the first trail that
// has one: a level with a URL that is not the site's root, the post, or an
// author's archive.
func (pg *page) ldCrumbCategory() (Term, bool) {
	for _, trail := range pg.ldCrumbs {
		for i := len(trail) - 1; i > 0; i-- {
			c := trail[i]
			if c.url == "" || c.name == "" || pg.selfLink(c.url) {
				continue
			}
			u, err := pg.base.Parse(c.url)
			if err != nil || strings.Trim(u.Path, "/") == "" {
				break
			}
			if authorPath.MatchString(u.Path) {
				continue
			}
			return Term{Name: c.name, URL: u.String()}, true
		}
	}
	return Term{}, false
}

// guessTags reads tags where no rule found any: links in an element whose
// class says tags, then links to tag archives in the post's own markup.
func (pg *page) guessTags() {
	o := pg.out
	links := pg.tagLinks()
	if links.Length() == 0 {
		roots := pg.contentRoots()
		links = pg.own(pg.find(pg.body, `a[href*="/tag/"], a[href*="/tags/"]`)).FilterFunction(func(_ int, s *goquery.Selection) bool {
			n := s.Get(0)
			return !slices.ContainsFunc(roots, func(r *html.Node) bool { return within(r, n) })
		})
	}
	if tags := pg.terms(links); len(tags) > 0 {
		addCand(&o.Tags, tags, SrcClassic)
		return
	}
	if tags := pg.classTerms("tag-", "/tag/"); len(tags) > 0 {
		addCand(&o.Tags, tags, SrcBodyClass)
	}
}

// catLinks are the category archive links in elements whose class says
// categories.
func (pg *page) catLinks() *goquery.Selection {
	// A site may rename the category base (/kategorie/, /rubrik/, or
	// none at all): a link whose last segment is one of the slugs
	// post_class() gives the entry is the archive of one of its
	// categories, whatever the base.
	slugs := pg.classSlugs("category-")
	return pg.classedLinks(catClass, []string{"cat"}, func(a *html.Node) bool {
		href := attr(a, "href")
		if strings.Contains(href, "/category/") {
			return true
		}
		if len(slugs) == 0 || href == "" || strings.HasPrefix(href, "#") {
			return false
		}
		u, err := pg.base.Parse(href)
		return err == nil && slices.Contains(slugs, slugOf(u))
	})
}

// slugOf is the last segment of an archive URL's path as sanitize_html_class()
// writes it in a class: lower case, percent signs dropped.
func slugOf(u *url.URL) string {
	return strings.ToLower(strings.ReplaceAll(lastSegment(strings.TrimRight(u.EscapedPath(), "/")), "%", ""))
}

// tagLinks are the links in elements whose class says tags.
func (pg *page) tagLinks() *goquery.Selection {
	return pg.classedLinks(tagClass, []string{"tag", "topic"}, func(a *html.Node) bool {
		href := attr(a, "href")
		return href != "" && !strings.HasPrefix(href, "#") && !strings.Contains(href, "/category/") && !strings.Contains(attr(a, "rel"), "category")
	})
}

// classedLinks are the links, outside chrome, in (or being) elements whose
// class matches re, that keep says are term links, in document order.
func (pg *page) classedLinks(re *regexp.Regexp, words []string, keep func(a *html.Node) bool) *goquery.Selection {
	var holders []*html.Node
	for class, nodes := range pg.ix.byClass {
		// The regexp only where the class can match it: a page has
		// hundreds of classes.
		low := strings.ToLower(class)
		if slices.ContainsFunc(words, func(w string) bool { return strings.Contains(low, w) }) && re.MatchString(class) {
			holders = append(holders, nodes...)
		}
	}
	// The post's own article holds its terms; lists of every category
	// (wp_list_categories' cat-item, menus) are the site's.
	scope := pg.postScope().Get(0)
	roots := pg.contentRoots()
	links := pg.holderLinks(holders, scope, roots, keep)
	if len(links) == 0 {
		// Themes that print the post's header (title, category badges)
		// in a hero above the <article> put its terms there.
		if tb := pg.titleBlock(); tb != nil {
			links = pg.holderLinks(holders, tb, roots, keep)
		}
	}
	if len(links) == 0 {
		// Others close the <article> before the post's footer: a term
		// list after it in the main column, in no other entry.
		if mc := pg.mainColumn(); mc != nil {
			art := pg.article.Get(0)
			after := slices.DeleteFunc(slices.Clone(holders), func(h *html.Node) bool {
				return pg.ix.order[h] < pg.ix.order[art] || within(art, h) || pg.inOtherEntry(h, mc)
			})
			links = pg.holderLinks(after, mc, roots, keep)
		}
	}
	return pg.none().AddNodes(links...)
}
