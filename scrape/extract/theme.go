package extract

import (
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// fromTheme reads the markup WordPress themes print: microformats (hAtom
// classes that core themes carry), classic underscores-style entry meta,
// and block-theme blocks. Every rule skips chrome regions.
func (pg *page) fromTheme() {
	o := pg.out
	sc := pg.scope()
	microSrc := SrcClassic
	if pg.find(pg.body, ".h-entry").Length() > 0 {
		microSrc = SrcMicroformat
	}

	for _, sel := range []string{".site-title", ".wp-block-site-title", "#site-title", ".site-branding .logo img[alt]"} {
		if s := pg.find(sc, sel).First(); s.Length() > 0 {
			name := nodeText(s)
			if name == "" {
				name = collapse(s.AttrOr("alt", ""))
			}
			if name != "" {
				addCand(&o.SiteName, name, SrcClassic)
				break
			}
		}
	}

	// Title: the entry title; for h-entry p-name.
	for _, r := range []struct {
		sel string
		src Source
	}{
		{".h-entry .p-name", SrcMicroformat},
		{"h1.entry-title", SrcClassic},
		{".entry-title", SrcClassic},
		{"h1.wp-block-post-title", SrcBlock},
		{".wp-block-post-title", SrcBlock},
		{"h1.post-title, h1.single-post-title, .hentry .post-title, .post-header h1, article h1", SrcClassic},
	} {
		if s := pg.own(pg.find(sc, r.sel)).First(); s.Length() > 0 {
			if t := nodeText(s); t != "" {
				addCand(&o.Title, t, r.src)
				break
			}
		}
	}

	// Themes without title classes: a heading that the <title> contains
	// is the post's title (the page's <h1> alone may be the blog's name).
	if len(o.Title) == 0 {
		docTitle := strings.ToLower(collapse(pg.find(pg.head, "title").First().Text()))
		pg.own(pg.find(sc, "h1, article h2, .post h2, .hentry h2")).EachWithBreak(func(_ int, s *goquery.Selection) bool {
			t := nodeText(s)
			if len([]rune(t)) >= 4 && docTitle != "" && strings.Contains(docTitle, strings.ToLower(t)) {
				addCand(&o.Title, t, SrcClassic)
				return false
			}
			return true
		})
	}

	pg.themeDates(microSrc)

	// Author.
	for _, r := range []struct {
		sel string
		src Source
	}{
		{".h-entry .p-author .p-name, .h-entry .p-author", SrcMicroformat},
		{".byline .author .fn, .byline .fn, .byline .author a, .byline a[rel~=author]", SrcClassic},
		{".entry-meta .author .fn, .entry-meta .author a, .entry-meta a[rel~=author], .posted-by a, .post-author a", SrcClassic},
		{".hentry .author.vcard .fn, .hentry .vcard .fn, .author.vcard a", SrcClassic},
		{".wp-block-post-author__name, .wp-block-post-author-name", SrcBlock},
		{"a[rel~=author]", SrcClassic},
		{"[itemprop=author] [itemprop=name], [itemprop=author]", SrcClassic},
		{".entry-author-name, .author-name, .post-author-name, .post-author, .entry-author", SrcClassic},
		{".hentry .author a, .hentry .author, .vcard .fn", SrcClassic},
		{`a[href*="/author/"]`, SrcClassic},
	} {
		if s := pg.own(pg.find(sc, r.sel)); s.Length() > 0 {
			if name := authorName(nodeText(s.First())); name != "" {
				addCand(&o.Author, name, r.src)
				break
			}
		}
	}
	// The author box under a post (chrome for every other field) names
	// the post's author in its heading: "By Olena Kovalenko",
	// "Published by Save Ukraine EN". Only used when nothing else names one.
	if len(o.Author) == 0 {
		box := pg.find(sc, ".author-bio .author-title, .author-bio .author-heading, .author-box .author-name, .about-author .author-name").FilterFunction(func(_ int, s *goquery.Selection) bool {
			return s.Closest(".widget, .comments-area, #comments, .related-posts").Length() == 0
		}).First()
		if name := authorName(nodeText(box)); name != "" {
			addCand(&o.Author, name, SrcVisibleText)
		}
	}

	// Categories and tags. Classic themes mark them rel="category tag" and
	// rel="tag"; block themes put rel="tag" on both and say which taxonomy
	// in the class.
	if cats := pg.terms(pg.own(pg.find(sc, `.cat-links a, a[rel="category tag"], a[rel="category"], .entry-categories a, .post-categories a`))); len(cats) > 0 {
		addCand(&o.Categories, cats, SrcClassic)
	}
	if tags := pg.terms(pg.own(pg.find(sc, `.tags-links a, .tag-links a, .entry-tags a, .post-tags a, a[rel="tag"]`)).FilterFunction(func(_ int, s *goquery.Selection) bool {
		return s.Closest(".wp-block-post-terms").Length() == 0 && !strings.Contains(s.AttrOr("rel", ""), "category") && !strings.Contains(s.AttrOr("href", ""), "/category/")
	})); len(tags) > 0 {
		addCand(&o.Tags, tags, SrcClassic)
	}
	if cats := pg.terms(pg.own(pg.find(sc, ".wp-block-post-terms.taxonomy-category a"))); len(cats) > 0 {
		addCand(&o.Categories, cats, SrcBlock)
	}
	if tags := pg.terms(pg.own(pg.find(sc, ".wp-block-post-terms.taxonomy-post_tag a"))); len(tags) > 0 {
		addCand(&o.Tags, tags, SrcBlock)
	}

	// Featured image.
	for _, r := range []struct {
		sel string
		src Source
	}{
		{".h-entry .u-photo, .h-entry .u-featured", SrcMicroformat},
		{"img.wp-post-image, .post-thumbnail img, .entry-thumbnail img, .featured-image img", SrcClassic},
		{".wp-block-post-featured-image img", SrcBlock},
	} {
		if s := pg.own(pg.find(sc, r.sel)).First(); s.Length() > 0 {
			if src := pg.imgSrc(s); src != "" {
				addCand(&o.Image, src, r.src)
				if o.ImageAlt == "" {
					o.ImageAlt = collapse(s.AttrOr("alt", ""))
				}
				break
			}
		}
	}

	pg.navigation()

	if pg.article != nil && pg.article.HasClass("sticky") || pg.classes["sticky"] {
		o.Sticky = true
	}
}

// navigation reads previous/next post links. It looks inside navigation
// regions (which are chrome for every other field) but not inside widgets
// or related-post boxes.
func (pg *page) navigation() {
	o := pg.out
	sc := pg.scope()
	type rule struct {
		sel string
		src Source
	}
	read := func(list *[]Candidate[Link], rules []rule) {
		for _, r := range rules {
			s := pg.find(sc, r.sel).FilterFunction(func(_ int, s *goquery.Selection) bool {
				return s.Closest(".widget, .related-posts, .jp-relatedposts, .comments-area, #comments").Length() == 0
			}).First()
			if s.Length() == 0 {
				continue
			}
			if !s.Is("a") {
				s = s.Find("a[href]").First()
			}
			href := pg.abs(s.AttrOr("href", ""))
			if href == "" {
				continue
			}
			// A theme that marks the title span gives it exactly, even when
			// it is empty (an untitled post); otherwise strip the labels.
			var title string
			if t := s.Find(".post-title, .nav-title"); t.Length() > 0 {
				title = nodeText(t.First())
			} else {
				title = navTitle(nodeText(s))
			}
			addCand(list, Link{Title: title, URL: href}, r.src)
			return
		}
	}
	read(&o.Previous, []rule{
		{".post-navigation a[rel=prev], .nav-previous a, .navigation .previous a", SrcClassic},
		{".wp-block-post-navigation-link.post-navigation-link-previous a", SrcBlock},
		{".navigation a[rel=prev], a[rel=prev]", SrcClassic},
	})
	read(&o.Next, []rule{
		{".post-navigation a[rel=next], .nav-next a, .navigation .next a", SrcClassic},
		{".wp-block-post-navigation-link.post-navigation-link-next a", SrcBlock},
		{".navigation a[rel=next], a[rel=next]", SrcClassic},
	})
}

var navLabel = regexp.MustCompile(`(?i)^\s*(?:previous|next|prev|older|newer)\s*(?:post|article|entry)?\s*[:«»‹›←→]?\s*`)

// navTitle strips the "Previous Post:" style labels some themes keep in
// the visible link text.
func navTitle(s string) string {
	s = strings.Trim(navLabel.ReplaceAllString(s, ""), " «»‹›←→")
	return collapse(s)
}

// terms reads term links as names with archive URLs.
func (pg *page) terms(s *goquery.Selection) []Term {
	var out []Term
	seen := map[string]bool{}
	s.Each(func(_ int, a *goquery.Selection) {
		name := nodeText(a)
		name = strings.TrimPrefix(name, "#")
		key := strings.ToLower(name)
		if name == "" || seen[key] {
			return
		}
		seen[key] = true
		out = append(out, Term{Name: name, URL: pg.abs(a.AttrOr("href", ""))})
	})
	return out
}

// imgSrc picks the image URL, undoing lazy-loading placeholders.
func (pg *page) imgSrc(s *goquery.Selection) string {
	for _, attr := range []string{"data-orig-file", "data-src", "data-lazy-src", "src"} {
		if v := s.AttrOr(attr, ""); v != "" && !strings.HasPrefix(v, "data:") {
			return pg.abs(v)
		}
	}
	return ""
}

var byPrefix = regexp.MustCompile(`(?i)^(?:all (?:posts|articles) by|alle (?:beiträge|artikel) von|posted by|published by|written by|post author:?|author:?|by|von|par|por|автор:?)\s+`)

// authorName cleans a byline; it returns "" for link texts that are not
// names ("View all posts", ...).
func authorName(s string) string {
	s = collapse(s)
	s = byPrefix.ReplaceAllString(s, "")
	low := strings.ToLower(s)
	for _, n := range authorNoise {
		if strings.HasPrefix(low, n) && n != "by " {
			return ""
		}
	}
	if len([]rune(s)) > 80 || strings.Contains(s, "://") || strings.EqualFold(s, "no author") {
		return ""
	}
	return s
}
