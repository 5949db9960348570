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

	pg.themeTitle()

	pg.themeDates(microSrc)

	pg.themeAuthor()

	pg.themeTerms()

	// Featured image.
	for _, r := range pg.x.rules[FieldImage] {
		if s := pg.own(pg.findRule(sc, r)).First(); s.Length() > 0 {
			if src := pg.imgSrc(s); src != "" {
				addRule(&o.Image, src, r)
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
	read := func(list *[]Candidate[Link], rules []compiledRule) {
		for _, r := range rules {
			s := pg.findRule(sc, r).First()
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
			addRule(list, Link{Title: title, URL: href}, r)
			return
		}
	}
	read(&o.Previous, pg.x.rules[FieldPrevious])
	read(&o.Next, pg.x.rules[FieldNext])
}

var navLabel = regexp.MustCompile(`(?i)^\s*(?:previous|next|prev|older|newer)\s*(?:post|article|entry)?\s*[:«»‹›←→]?\s*`)

// navTitle strips the "Previous Post:" style labels some themes keep in
// the visible link text.
func navTitle(s string) string {
	s = strings.Trim(navLabel.ReplaceAllString(s, ""), " «»‹›←→")
	return collapse(s)
}

var termCount = regexp.MustCompile(`\s*\(\d[\d,.]*(?: [\pL]+)?\)$`)

// terms reads term links as names with archive URLs.
func (pg *page) terms(s *goquery.Selection) []Term {
	var out []Term
	seen := map[string]bool{}
	s.Each(func(_ int, a *goquery.Selection) {
		name := nodeText(a)
		name = strings.TrimPrefix(name, "#")
		// A tag cloud's counts ("Politics (611 posts)") and the comma a
		// theme puts inside the link are not part of the name.
		if strings.HasSuffix(name, ")") {
			name = termCount.ReplaceAllString(name, "")
		}
		name = strings.TrimSpace(strings.TrimRight(name, ",;·|"))
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

var byPrefix = regexp.MustCompile(`(?i)^(?:all (?:posts|articles) by|alle (?:beiträge|artikel) von|posted by|published by|written by|veröffentlicht von|geschrieben von|ein (?:beitrag|artikel|interview|kommentar|gastbeitrag|kolumne) von|eine kolumne von|post author:?|author:?|autor(?:in)?:?|by|von|par|por|автор:?)\s+`)

// credentials are degrees printed after a name ("Grant Tinsley, PhD"):
// not part of it.
var credentials = regexp.MustCompile(`(?:,\s*(?:PhD|Ph\.D\.|MD|M\.D\.|RD|RDN|MS|MSc|MA|MBA|MPH|DO|RN|CSCS|LD|CDE))+$`)

// authorName cleans a byline; it returns "" for link texts that are not
// names ("View all posts", ...) and for addresses.
func authorName(s string) string {
	s = collapse(s)
	s = byPrefix.ReplaceAllString(s, "")
	s = strings.TrimRight(s, " ,;:|·–-")
	if strings.Contains(s, ",") {
		s = credentials.ReplaceAllString(s, "")
	}
	low := strings.ToLower(s)
	for _, n := range authorNoise {
		if strings.HasPrefix(low, n) && n != "by " {
			return ""
		}
	}
	if len([]rune(s)) > 80 || strings.Contains(s, "://") || strings.EqualFold(s, "no author") || emailLike(s) {
		return ""
	}
	return s
}

// emailLike reports whether s is an e-mail address, plain or spelled out
// against harvesting ("jane[at]example.org").
func emailLike(s string) bool {
	if strings.Contains(strings.ToLower(s), "[email") {
		// Cloudflare's stand-in for an address it hides.
		return true
	}
	if strings.ContainsAny(s, " ") {
		return false
	}
	at := strings.Index(s, "@")
	if at < 0 {
		at = strings.Index(strings.ToLower(s), "[at]")
	}
	return at > 0 && strings.Contains(s[at:], ".")
}
