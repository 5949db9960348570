package extract

import (
	"regexp"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/unpress/unpress/scrape/datetext"
)

// Dates are read in layers, from the markup that names a date exactly to
// text that only looks like one. Each layer after the theme's own rules
// runs only while the layers before it found no publication date, or
// found dates that disagree: the page pipeline stays fast on the themes
// that mark their dates, and a guess never outranks a stated value.

// themeDates reads the dates themes mark: hAtom/microformat classes,
// underscores-style entry meta, the block theme's post-date block, and
// schema.org microdata (itemprop) in the body.
func (pg *page) themeDates(microSrc Source) {
	o := pg.out
	sc := pg.scope()
	for _, r := range pg.x.rules[FieldPublished] {
		// An element marked updated and not published is the modified
		// date, whatever else matches it.
		if d, ok := pg.firstDate(pg.own(pg.findRule(sc, r)), func(s *goquery.Selection) bool {
			return !s.HasClass("updated") || s.HasClass("published") || s.HasClass("dt-published")
		}); ok {
			addRule(&o.Published, d, ruleAs(r, microSrc))
			break
		}
	}
	// A <time> that carries both "published" and "updated" (Twenty
	// Twenty-One) is the published date: the theme prints one date and
	// marks it both ways.
	for _, r := range pg.x.rules[FieldUpdated] {
		if d, ok := pg.firstDate(pg.own(pg.findRule(sc, r)), func(s *goquery.Selection) bool {
			return !s.HasClass("published")
		}); ok {
			addRule(&o.Updated, d, ruleAs(r, microSrc))
			break
		}
	}
	if s := pg.own(pg.find(sc, ".wp-block-post-date time, .wp-block-post-date")).First(); s.Length() > 0 {
		if d, ok := pg.dateOf(s); ok {
			// Block themes can show the modified date with the same block
			// (Display last modified date); WordPress marks it.
			if s.Closest(".wp-block-post-date__modified-date").Length() > 0 {
				addCand(&o.Updated, d, SrcBlock)
			} else {
				addCand(&o.Published, d, SrcBlock)
			}
		}
	}
	pg.microdataDates()
}

// ruleAs is a theme's date rule counted as src: the hAtom classes are
// microformats on a page that marks its entry h-entry. A site's own rule
// stays its own.
func ruleAs(r compiledRule, src Source) compiledRule {
	if r.Source != SrcConfig {
		r.Source = src
	}
	return r
}

// firstDate is the date of the first element of s that keep accepts and
// that holds one.
func (pg *page) firstDate(s *goquery.Selection, keep func(*goquery.Selection) bool) (Date, bool) {
	var d Date
	found := false
	s.EachWithBreak(func(_ int, e *goquery.Selection) bool {
		if !keep(e) {
			return true
		}
		d, found = pg.dateOf(e)
		return !found
	})
	return d, found
}

// microdataDates reads schema.org microdata: itemprop="datePublished" and
// "dateModified" on <time>, <span content=…> or plain text, and
// "dateCreated" when no publication date is given. <meta itemprop> tags
// are read with the other meta tags. Dates of comments and reviews (an
// itemscope of their own) are not the post's.
func (pg *page) microdataDates() {
	body := pg.body.Get(0)
	if body == nil {
		return
	}
	var pub, mod, created *Date
	// One pass over the indexed elements: an attribute selector without a
	// tag or class would try every element once per selector anyway.
	for _, n := range pg.ix.all {
		if n.DataAtom == atom.Meta {
			continue
		}
		prop := attr(n, "itemprop")
		if prop == "" {
			continue
		}
		var slot **Date
		for p := range strings.FieldsSeq(prop) {
			switch strings.ToLower(p) {
			case "datepublished":
				slot = &pub
			case "datemodified":
				slot = &mod
			case "datecreated":
				slot = &created
			}
		}
		if slot == nil || *slot != nil || pg.inChrome(n) || !within(body, n) || otherItem(n) {
			continue
		}
		if d, ok := pg.dateOf(pg.sel(n)); ok {
			*slot = &d
		}
	}
	if pub == nil {
		pub = created
	}
	if pub != nil {
		addCand(&pg.out.Published, *pub, SrcMicrodata)
	}
	if mod != nil {
		addCand(&pg.out.Updated, *mod, SrcMicrodata)
	}
}

// otherItem reports whether n's nearest itemscope is a comment, review or
// other item that is not the post itself.
func otherItem(n *html.Node) bool {
	for p := n; p != nil; p = p.Parent {
		if p.Type != html.ElementNode {
			continue
		}
		if _, ok := attrOK(p, "itemscope"); !ok {
			continue
		}
		t := strings.ToLower(attr(p, "itemtype"))
		return strings.Contains(t, "comment") || strings.Contains(t, "review") || strings.Contains(t, "question") || strings.Contains(t, "answer")
	}
	return false
}

// dateOf reads a date from a <time datetime>, a datetime or content
// attribute (machine-readable, or a plain date such as "11.03.2019" or
// "2019/03/11 15:42" that some themes put there), a title attribute, or
// the element's own text. An attribute that is not a date does not hide
// the visible one.
func (pg *page) dateOf(s *goquery.Selection) (Date, bool) {
	if !s.Is("time") {
		if t := s.Find("time[datetime]").First(); t.Length() > 0 {
			s = t
		}
	}
	for _, a := range []string{"datetime", "content", "title"} {
		v, ok := s.Attr(a)
		if !ok {
			continue
		}
		if d, ok := machineDate(v); ok {
			return d, true
		}
		if a != "title" {
			if d, ok := attrDate(v); ok {
				return d, true
			}
		}
	}
	if s.Is("time") {
		if d, ok := machineDate(s.Text()); ok {
			return d, true
		}
	}
	if d, ok := textDate(nodeText(s)); ok {
		return d, true
	}
	// Calendar badges print the parts in elements of their own
	// (<span>Feb</span><span>18</span><span>2009</span>) that the text
	// runs together.
	if s.Children().Length() > 1 {
		if d, ok := textDate(spacedText(s.Get(0))); ok {
			return d, true
		}
	}
	return Date{}, false
}

// attrDate reads a date that is not machine-readable from an attribute
// meant to hold one: it must be the whole value, or start it.
func attrDate(v string) (Date, bool) {
	v = strings.TrimSpace(v)
	if len(v) > 40 {
		return Date{}, false
	}
	p, start, _, ok := datetext.FindText(v, datetext.TextOptions{})
	if !ok || start > 12 {
		return Date{}, false
	}
	return Date{Time: p.Time, HasTime: p.HasTime, HasZone: p.HasZone}, true
}

func textDate(s string) (Date, bool) {
	p, _, _, ok := datetext.FindText(s, datetext.TextOptions{})
	if !ok {
		return Date{}, false
	}
	return Date{Time: p.Time, HasTime: p.HasTime, HasZone: p.HasZone}, true
}

var permalinkDate = regexp.MustCompile(`/((?:19|20)\d\d)/(0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])/[^/]+`)

// fromPermalink reads the day from /YYYY/MM/DD/slug/ permalinks: it gives
// no time and no zone, so it ranks last, but it is the check against
// placeholder dates.
func (pg *page) fromPermalink() {
	u := pg.out.Canonical
	if u == "" {
		u = pg.out.URL
	}
	m := permalinkDate.FindStringSubmatch(u)
	if m == nil {
		return
	}
	t, err := time.Parse("2006/01/02", m[1]+"/"+m[2]+"/"+m[3])
	if err != nil {
		return
	}
	addCand(&pg.out.Published, Date{Time: t}, SrcPermalink)
}
