package extract

import (
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/unpress/unpress/scrape/datetext"
)

// fromVisibleText reads dates written in words: first in the entry's
// meta lines ("Posted on 11 March 2022", "Updated on April 7, 2022"),
// then, while no publication date is known or the known ones disagree,
// in the byline around the title, in elements whose class or id says they
// hold a date, in any <time>, and in sentences that say when the post was
// published ("Veröffentlicht am 16.08.2019").
func (pg *page) fromVisibleText() {
	o := pg.out
	const metaLines = ".entry-meta, .post-meta, .posted-on, .entry-date, .post-info, .postmetadata, .post-date, .byline, .entry-header, .entry-footer"
	regions := pg.find(pg.body, ".entry-meta, .post-meta, .entry-header, .posted-on, .post-info")
	if pg.article != nil {
		regions = regions.AddSelection(pg.find(pg.article, metaLines+", header, footer"))
	}
	regions = pg.own(regions)
	regions.Each(func(_ int, s *goquery.Selection) {
		pg.labelledDates(nodeText(s), false)
	})
	before := stated(o.Published)
	if before > 0 && agree(o.Published) {
		return
	}
	pg.bylineDate()
	if stated(o.Published) > 0 {
		return
	}
	if pg.dateClassDate() {
		return
	}
	pg.sentenceDate()
}

// labelledDates adds every date in text: to Updated when the words before
// it say so, else to Published. With sentences, only dates that words
// before or after name as the publication date count.
func (pg *page) labelledDates(text string, sentences bool) {
	o := pg.out
	for text != "" {
		p, start, end, ok := datetext.FindText(text, datetext.TextOptions{})
		if !ok {
			return
		}
		d := Date{Time: p.Time, HasTime: p.HasTime, HasZone: p.HasZone}
		label := datetext.Label(text[max(0, start-40):start])
		if label == "" && sentences {
			label = datetext.LabelAfter(text[end:min(len(text), end+60)])
		}
		switch {
		case label == "updated":
			addCand(&o.Updated, d, SrcVisibleText)
		case label == "published" || !sentences:
			addCand(&o.Published, d, SrcVisibleText)
			if sentences {
				return
			}
		}
		text = text[end:]
	}
}

// stated counts the candidates other than the permalink's day.
func stated(list []Candidate[Date]) int {
	n := 0
	for _, c := range list {
		if c.Source != SrcPermalink {
			n++
		}
	}
	return n
}

// agree reports whether candidates state one date: the same day, and for
// those with an offset the same instant in the same offset. Dates that
// disagree are worth a look at what the page shows.
func agree(list []Candidate[Date]) bool {
	var zoned, first *Date
	for i := range list {
		c := &list[i].Value
		if list[i].Source == SrcPermalink {
			continue
		}
		if first == nil {
			first = c
		}
		if !sameDate(c.Time, first.Time) {
			return false
		}
		if c.HasZone {
			if zoned != nil {
				_, a := zoned.Time.Zone()
				_, b := c.Time.Zone()
				if a != b || !zoned.Time.Equal(c.Time) {
					return false
				}
			}
			zoned = c
		}
	}
	return true
}

func sameDate(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// dateClassDate reads the first date in an element whose class, id or
// itemprop says it holds one ("date", "datum", "fecha", "time",
// "publish", "posted", "byline", "meta") or in a <time>, in the post's
// entry first, then anywhere outside chrome; this is the last resort for
// themes with no known markup.
func (pg *page) dateClassDate() bool {
	scopes := []*html.Node{}
	if pg.article != nil {
		scopes = append(scopes, pg.article.Get(0))
	}
	if b := pg.body.Get(0); b != nil {
		scopes = append(scopes, b)
	}
	for _, scope := range scopes {
		for _, n := range pg.ix.all {
			if !dateish(n) || !within(scope, n) || pg.inChrome(n) || otherItem(n) || pg.othersDate(n) {
				continue
			}
			s := pg.sel(n)
			if len(nodeText(s)) > 300 {
				continue
			}
			if d, ok := pg.dateOf(s); ok {
				addCand(&pg.out.Published, d, SrcVisibleText)
				return true
			}
		}
	}
	return false
}

// dateish reports whether an element's name says it holds a date.
func dateish(n *html.Node) bool {
	if n.DataAtom == atom.Time {
		return true
	}
	var key strings.Builder
	for _, a := range n.Attr {
		switch a.Key {
		case "class", "id", "itemprop", "data-testid":
			key.WriteString(strings.ToLower(a.Val))
			key.WriteByte(' ')
		}
	}
	k := key.String()
	if k == "" || strings.Contains(k, "updat") || strings.Contains(k, "modif") {
		return false
	}
	for _, w := range []string{"date", "datum", "fecha", "time", "publish", "posted", "byline", "meta", "datetime"} {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

// sentenceDate reads a sentence that says when the post was published,
// "This entry was posted on …", "Veröffentlicht am 16.08.2019", "…
// wurde am 19. Mai 2010 um 23:03 Uhr gepostet": in the post first, then
// in the sidebars that some classic themes fill with "about this entry".
// Comments, widgets and related posts never count.
func (pg *page) sentenceDate() {
	if pg.article != nil {
		pg.labelledDates(pg.ownText(pg.article.Get(0), false), true)
		if len(pg.out.Published) > 0 {
			return
		}
	}
	if b := pg.body.Get(0); b != nil {
		pg.labelledDates(pg.ownText(b, false), true)
		if len(pg.out.Published) > 0 {
			return
		}
		pg.labelledDates(pg.ownText(b, true), true)
	}
}

// sidebarSelectors are the chrome that may hold sentences about the post
// itself; the widgets, comments and lists inside them stay chrome.
const sidebarSelectors = "#sidebar, .sidebar, aside.sidebar, #secondary"

// ownText is the visible text under n outside chrome, a space at every
// element boundary. With sidebars, it is the text of the sidebars'
// own sentences instead.
func (pg *page) ownText(n *html.Node, sidebars bool) string {
	var b strings.Builder
	var sidebar map[*html.Node]bool
	if sidebars {
		sidebar = map[*html.Node]bool{}
		for _, s := range pg.find(pg.body, sidebarSelectors).Nodes {
			sidebar[s] = true
		}
	}
	var walk func(*html.Node, bool)
	walk = func(n *html.Node, in bool) {
		switch n.Type {
		case html.TextNode:
			if in {
				b.WriteString(n.Data)
			}
			return
		case html.ElementNode:
			if hiddenElement(n) {
				return
			}
			if pg.chrome[n] {
				if !sidebar[n] {
					return
				}
				in = true
			}
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, in)
		}
		if n.Type == html.ElementNode {
			b.WriteByte(' ')
		}
	}
	walk(n, !sidebars)
	return collapse(b.String())
}
