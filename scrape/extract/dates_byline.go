package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/unpress/unpress/scrape/datetext"
)

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
