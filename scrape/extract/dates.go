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

func attr(n *html.Node, key string) string {
	v, _ := attrOK(n, key)
	return v
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// sel wraps one node of the page's document in a selection.
func (pg *page) sel(n *html.Node) *goquery.Selection { return pg.none().AddNodes(n) }

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

// spacedText is the text of n with a space at every element boundary,
// hidden and screen-reader text left out.
func spacedText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			if hiddenElement(n) {
				return
			}
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		b.WriteByte(' ')
	}
	walk(n)
	return collapse(b.String())
}

// hiddenElement reports elements whose text no reader sees.
func hiddenElement(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Svg, atom.Template, atom.Head:
		return true
	}
	for _, a := range n.Attr {
		if a.Key == "class" && (strings.Contains(a.Val, "screen-reader-text") || strings.Contains(a.Val, "sr-only")) {
			return true
		}
		if a.Key == "aria-hidden" && a.Val == "true" || a.Key == "hidden" {
			return true
		}
	}
	return false
}

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

// Limits of the byline read around the title, in bytes of text: enough
// for an author, a date and a time with their labels, not enough to reach
// into the post.
const (
	bylineAfter  = 400
	bylineBefore = 160
)

// bylineDate reads the first date written after the post's title (or,
// failing that, the last one written just before it: some themes put the
// date above the heading), in whatever element the theme prints it: an
// <em>, a <span>, a <p> under the <h1>, a <time> with a datetime in any
// format. The byline is short: it ends at the post's content, at prose
// (a long run of text, one lead paragraph aside) and at the next post's
// title. An author box there
// is the byline, whatever its class says; it is chrome only at the end of
// a post, far from the title.
func (pg *page) bylineDate() {
	title := pg.titleNode()
	if title == nil {
		return
	}
	stop := pg.contentStart()
	byline := map[*html.Node]bool{}
	for _, n := range pg.find(pg.body, bylineChrome).Nodes {
		byline[n] = true
	}
	var after strings.Builder
	leads := 0
	for n := nextSkip(title); n != nil && after.Len() < bylineAfter; n = next(n) {
		if n == stop {
			break
		}
		if n.Type == html.ElementNode {
			if n.DataAtom == atom.H1 {
				break // the next post's title
			}
			// Subtitles may name years; chrome and hidden text are not
			// the byline.
			if hiddenElement(n) || (pg.chrome[n] && !byline[n]) || isTopHeading(n) {
				n = lastDescendant(n)
				continue
			}
			if n.DataAtom == atom.Time && !pg.othersDate(n) && pg.timeInByline(n, collapse(after.String()), false) {
				return
			}
		}
		if n.Type == html.TextNode {
			if pg.othersDate(n) {
				continue
			}
			if prose(n.Data) {
				// News themes print a lead paragraph between the title
				// and the byline; a second one is the post itself.
				if leads++; leads > 1 {
					break
				}
				continue
			}
			after.WriteString(n.Data)
			after.WriteByte(' ')
		}
	}
	if pg.textDateAt(collapse(after.String()), false) {
		return
	}
	var parts []string
	size := 0
	for n := prev(title); n != nil && size < bylineBefore; n = prev(n) {
		if n == pg.body.Get(0) {
			break
		}
		if n.Parent == nil || hiddenAbove(n.Parent, title) || pg.inChrome(n) || pg.othersDate(n) {
			continue
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.Time && pg.timeInByline(n, collapse(strings.Join(parts, " ")), true) {
			return
		}
		if n.Type != html.TextNode {
			continue
		}
		if prose(n.Data) {
			break
		}
		parts = append(parts, n.Data)
		size += len(n.Data)
	}
	var before strings.Builder
	for i := len(parts) - 1; i >= 0; i-- {
		before.WriteString(parts[i])
		before.WriteByte(' ')
	}
	pg.textDateAt(collapse(before.String()), true)
}

// othersDate reports whether a date at n belongs to another post: the
// element around it links to another entry of the site by its title
// ("Latest: <a>Other post</a> <time>"), as tickers, teasers and
// unmarked recent-post lists do. Links to the page itself, to archives
// (author, category, tag, date) and to other sites say nothing.
func (pg *page) othersDate(n *html.Node) bool {
	p := n.Parent
	for p != nil && inline(p) {
		p = p.Parent
	}
	if p == nil || p.Type != html.ElementNode || p.DataAtom == atom.Body {
		return false
	}
	links := 0
	for a := range p.Descendants() {
		if a.Type != html.ElementNode || a.DataAtom != atom.A {
			continue
		}
		if links++; links > 8 {
			return false // a menu or a list: not one entry's line
		}
		// An entry is linked by its title (a few words); an entry's own
		// heading links to it in listing layouts.
		if len(strings.Fields(spacedText(a))) >= 3 && !insideHeading(a, p) && !strings.Contains(attr(a, "rel"), "nofollow") && pg.anotherEntry(attr(a, "href")) {
			return true
		}
	}
	return false
}

// inline reports the phrasing elements a date is wrapped in; the line
// it stands on is the block around them.
func inline(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Time, atom.Span, atom.A, atom.Em, atom.Strong, atom.B, atom.I, atom.Small, atom.Abbr, atom.Nobr, atom.Font:
		return true
	}
	return false
}

// insideHeading reports whether n is in a heading below top.
func insideHeading(n, top *html.Node) bool {
	for ; n != nil && n != top; n = n.Parent {
		if n.Type == html.ElementNode && isTopHeading(n) {
			return true
		}
	}
	return false
}

// archiveSegments name the path segments of links that are not entries.
var archiveSegments = map[string]bool{
	"author": true, "category": true, "tag": true, "tags": true, "topic": true, "topics": true,
	"page": true, "feed": true, "comments": true, "search": true, "wp-content": true,
	"wp-admin": true, "wp-login.php": true, "kategorie": true, "schlagwort": true, "rubrik": true,
	"autor": true, "categoria": true, "etiqueta": true,
}

// anotherEntry reports whether href is a link to another entry of the
// site than this page.
func (pg *page) anotherEntry(href string) bool {
	u, err := pg.base.Parse(strings.TrimSpace(href))
	if err != nil || u.Host != pg.base.Host || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	path := strings.Trim(u.Path, "/")
	// The page's own address and what hangs off it (…/email/, …/print/,
	// …/amp/, …/2/) are the page itself.
	if own := strings.Trim(pg.base.Path, "/"); path == "" || strings.HasPrefix(path, own) && own != "" {
		return false
	}
	if c := pg.out.Canonical; c != "" {
		if cu, err := pg.base.Parse(c); err == nil {
			if cp := strings.Trim(cu.Path, "/"); cp != "" && strings.HasPrefix(path, cp) {
				return false
			}
		}
	}
	allDigits := true
	for seg := range strings.SplitSeq(path, "/") {
		if archiveSegments[strings.ToLower(seg)] {
			return false
		}
		for _, r := range seg {
			if r < '0' || r > '9' {
				allDigits = false
			}
		}
	}
	return !allDigits // /2022/ and /2022/04/ are date archives
}

// bylineChrome is the chrome that a byline may be named.
const bylineChrome = ".author-box, .author-bio, .about-author"

// timeInByline takes the date of a <time> met in the byline when the
// text between it and the title (between, read backwards when before)
// holds no date of its own: the <time>'s datetime states the time of day
// and the offset that its text leaves out.
func (pg *page) timeInByline(n *html.Node, between string, before bool) bool {
	if _, ok := attrOK(n, "datetime"); !ok {
		return false
	}
	if _, _, _, ok := datetext.FindText(between, datetext.TextOptions{}); ok {
		return false
	}
	d, ok := pg.dateOf(pg.sel(n))
	if !ok {
		return false
	}
	label := ""
	if !before {
		label = datetext.Label(between)
	}
	if label == "updated" {
		addCand(&pg.out.Updated, d, SrcVisibleText)
		return false
	}
	addCand(&pg.out.Published, d, SrcVisibleText)
	return true
}

// prose reports text too long for a byline: a sentence of the post or
// its lead.
func prose(s string) bool {
	const maxByline = 80
	return len(s) > maxByline && len(strings.TrimSpace(s)) > maxByline
}

// textDateAt adds the first (or, with last, the last) date in text as the
// published or updated date, as the words before it say.
func (pg *page) textDateAt(text string, last bool) bool {
	var d Date
	var label string
	found := false
	for off := 0; off < len(text); {
		p, start, end, ok := datetext.FindText(text[off:], datetext.TextOptions{})
		if !ok {
			break
		}
		d = Date{Time: p.Time, HasTime: p.HasTime, HasZone: p.HasZone}
		label = datetext.Label(text[max(0, off+start-40) : off+start])
		found = true
		if !last {
			break
		}
		off += end
	}
	if !found {
		return false
	}
	if label == "updated" {
		addCand(&pg.out.Updated, d, SrcVisibleText)
		return false
	}
	addCand(&pg.out.Published, d, SrcVisibleText)
	return true
}

// titleNode is the post's title heading, outside chrome.
func (pg *page) titleNode() *html.Node {
	for _, sel := range []string{".h-entry .p-name", "h1.entry-title", ".entry-title", "h1.wp-block-post-title", "h1.post-title, h1.single-post-title, .post-header h1, article h1", "h1"} {
		if s := pg.own(pg.find(pg.body, sel)).First(); s.Length() > 0 && nodeText(s) != "" {
			return s.Get(0)
		}
	}
	return nil
}

// contentStart is the post's content element, where the byline ends.
func (pg *page) contentStart() *html.Node {
	for _, sel := range contentSelectors {
		if s := pg.own(pg.find(pg.body, sel)).First(); s.Length() > 0 {
			return s.Get(0)
		}
	}
	return nil
}

// isTopHeading reports h1-h3: the headings a byline sits under.
func isTopHeading(n *html.Node) bool {
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3:
		return true
	}
	return false
}

// hiddenAbove reports whether n or an ancestor of n below stop is hidden.
func hiddenAbove(n, stop *html.Node) bool {
	for ; n != nil && n != stop; n = n.Parent {
		if n.Type == html.ElementNode && hiddenElement(n) {
			return true
		}
	}
	return false
}

// next is the node after n in document order.
func next(n *html.Node) *html.Node {
	if n.FirstChild != nil {
		return n.FirstChild
	}
	return nextSkip(n)
}

// nextSkip is the node after n and its descendants in document order.
func nextSkip(n *html.Node) *html.Node {
	for ; n != nil; n = n.Parent {
		if n.NextSibling != nil {
			return n.NextSibling
		}
	}
	return nil
}

// lastDescendant is the last node of n's subtree in document order (n
// itself when it has no children): continuing from it with next skips the
// subtree.
func lastDescendant(n *html.Node) *html.Node {
	for n.LastChild != nil {
		n = n.LastChild
	}
	return n
}

// prev is the node before n in document order (ancestors come before
// their descendants, so they are passed on the way up).
func prev(n *html.Node) *html.Node {
	if n.PrevSibling != nil {
		return lastDescendant(n.PrevSibling)
	}
	return n.Parent
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

// Sidebar-named wrappers that hold the post: some themes name the main
// column after the sidebar beside it (<div id="sidebar"
// class="site-content content-area"> around the entry). Such a wrapper
// is not chrome; the widgets inside it still are.
const (
	sidebarChrome = "#sidebar, .sidebar, aside.sidebar, #secondary"
	mainColumn    = ".entry-content, .wp-block-post-content, h1.entry-title, .site-main, .content-area, main"
)

// keepMainColumn unmarks the sidebar-named chrome that holds the post's
// main column: its entry content or title, or a main-column class of its
// own, not inside some other chrome.
func (pg *page) keepMainColumn() {
	sidebars := pg.find(pg.body, sidebarChrome).Nodes
	if len(sidebars) == 0 {
		return
	}
	main := pg.find(pg.body, mainColumn).Nodes
	for _, sb := range sidebars {
		if !pg.chrome[sb] {
			continue
		}
		for _, m := range main {
			if m == sb || pg.chromeBetween(m, sb) == sb {
				delete(pg.chrome, sb)
				break
			}
		}
	}
}

// chromeBetween is the nearest chrome node at or above n, up to top; nil
// when there is none.
func (pg *page) chromeBetween(n, top *html.Node) *html.Node {
	for ; n != nil; n = n.Parent {
		if pg.chrome[n] {
			return n
		}
		if n == top {
			return nil
		}
	}
	return nil
}
