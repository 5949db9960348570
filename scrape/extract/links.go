package extract

import (
	"path"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/unpress/unpress/scrape"
)

// linkTotal counts the links to the site's own pages in the nodes.
func (pg *page) linkTotal(nodes []*html.Node) int {
	total := 0
	for _, n := range nodes {
		_, home := pg.countLinks(n)
		total += home
	}
	return total
}

// linksHomeAny reports whether n links to at least one page of the site
// and most of its links do.
func (pg *page) linksHomeAny(n *html.Node) bool {
	links, home := pg.countLinks(n)
	return home >= 1 && home*4 >= links*3
}

// linksHome reports whether n holds two or more links and most of them
// lead to the page's own site.
func (pg *page) linksHome(n *html.Node) bool {
	links, home := pg.countLinks(n)
	return links >= 2 && home*4 >= links*3
}

// countLinks counts the links under n, and those to the page's own site.
func (pg *page) countLinks(n *html.Node) (links, home int) {
	var walk func(*html.Node)
	walk = func(x *html.Node) {
		if x.Type == html.ElementNode && x.DataAtom == atom.A {
			if href, ok := attrOK(x, "href"); ok && !strings.HasPrefix(strings.TrimSpace(href), "#") {
				links++
				if u, err := pg.base.Parse(strings.TrimSpace(href)); err == nil && scrape.SameHost(u.Host, pg.base.Host) {
					home++
				}
			}
		}
		for ch := x.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(n)
	return links, home
}

// shareIntents are the parts of the URLs that share a page on a social
// network or by mail: a block whose links all are such is a share bar,
// whatever its markup or language ("Möchten Sie den Artikel teilen?" and
// icons drawn by CSS).
var shareIntents = []string{
	"/sharer", "/share?", "/share.php", "/sharing/", "sharearticle", "/intent/tweet", "/intent/post",
	"whatsapp://", "api.whatsapp.com/send", "wa.me/?", "pinterest.com/pin/create", "reddit.com/submit",
	"t.me/share", "telegram.me/share", "xing.com/spi/shares", "tumblr.com/share", "vk.com/share", "flipboard.com/bookmarklet",
}

// shareLink reports a link that shares the page rather than leads to one.
func shareLink(href string) bool {
	h := strings.ToLower(strings.TrimSpace(href))
	if strings.HasPrefix(h, "mailto:?") {
		return true
	}
	for _, s := range shareIntents {
		if strings.Contains(h, s) {
			return true
		}
	}
	return false
}

// links lists the links under n that lead somewhere (not to an anchor).
func links(n *html.Node) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(x *html.Node) {
		if x.Type == html.ElementNode && x.DataAtom == atom.A {
			if href, ok := attrOK(x, "href"); ok && !strings.HasPrefix(strings.TrimSpace(href), "#") {
				out = append(out, x)
			}
		}
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

// shareBlock reports a block of two or more share links with at most a
// label's worth of other text.
func (pg *page) shareBlock(e *html.Node) bool {
	st := pg.statsOf(e)
	if st.words() > 60 {
		return false
	}
	ls := links(e)
	if len(ls) < 2 {
		return false
	}
	for _, a := range ls {
		if !shareLink(attr(a, "href")) {
			return false
		}
	}
	return true
}

// homeLink reports a block that is only a link to the site's front page
// ("Zurück zur Startseite", "Back to home"): navigation, not the post.
func (pg *page) homeLink(e *html.Node) bool {
	st := pg.statsOf(e)
	if st.text == 0 || st.words() > 0 || hasMedia(e) {
		return false
	}
	ls := links(e)
	if len(ls) != 1 {
		return false
	}
	u, err := pg.base.Parse(strings.TrimSpace(attr(ls[0], "href")))
	return err == nil && scrape.SameHost(u.Host, pg.base.Host) && (u.Path == "" || u.Path == "/") && u.RawQuery == ""
}

// teaserLink is the one link of a block that is nothing but a link to
// another post of the site, with at most a short label before it ("Le
// puede interesar: <title>", "» <title>"), or nil. A link to a file, to
// the front page or to the post itself is the post's own.
func (pg *page) teaserLink(e *html.Node) *html.Node {
	switch e.DataAtom {
	case atom.Ul, atom.Ol, atom.Div, atom.P:
	default:
		return nil
	}
	// Mostly link text, by the counts at hand, before any walk.
	if st := pg.statsOf(e); st.text == 0 || st.linkDensity() < 0.5 || hasMedia(e) {
		return nil
	}
	ls := links(e)
	if len(ls) != 1 {
		return nil
	}
	if rest := pg.nonLinkText(e); rest != "" && (len([]rune(rest)) > 40 || !strings.HasSuffix(rest, ":")) {
		return nil
	}
	u, err := pg.base.Parse(strings.TrimSpace(attr(ls[0], "href")))
	if err != nil || !scrape.SameHost(u.Host, pg.base.Host) || u.Path == "" || u.Path == "/" ||
		strings.TrimSuffix(u.Path, "/") == strings.TrimSuffix(pg.base.Path, "/") || strings.Contains(u.Path, "/wp-content/") {
		return nil
	}
	switch ext := strings.ToLower(path.Ext(u.Path)); ext {
	case "", ".html", ".htm", ".php":
	default:
		return nil
	}
	return ls[0]
}

// findTeasers marks the teasers for other posts of the site inside the
// root: a lone one between the post's paragraphs, its link text a title
// ("Read also: <title>"), and a run of them under a label with no
// paragraph of the post after it ("Weiterlesen:" and linked titles). An
// unlabelled run between paragraphs is a list the author made.
func (pg *page) findTeasers(root *html.Node) {
	pg.teasers = map[*html.Node]bool{}
	var all textStats
	pg.countText(root, &all, false)
	seen := map[*html.Node]bool{}
	var walk func(*html.Node)
	walk = func(x *html.Node) {
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if seen[c] || pg.teaserLink(c) == nil {
				walk(c)
				continue
			}
			run := []*html.Node{c}
			for nx := nextElement(c); nx != nil && pg.teaserLink(nx) != nil; nx = nextElement(nx) {
				run = append(run, nx)
			}
			for _, r := range run {
				seen[r] = true
			}
			if len(run) == 1 {
				var b strings.Builder
				writeText(&b, pg.teaserLink(c))
				// Only where the post has text of its own around it.
				if len(strings.Fields(b.String())) >= 5 && all.words()-pg.statsOf(c).words() >= 400 {
					pg.teasers[c] = true
				}
				continue
			}
			if labelBefore(run[0]) == nil {
				continue
			}
			last := run[len(run)-1]
			before := pg.textBefore(root, last)
			if all.paras-before.paras-pg.statsOf(last).paras == 0 {
				for _, r := range run {
					pg.teasers[r] = true
				}
			}
		}
	}
	walk(root)
}

func nextElement(n *html.Node) *html.Node {
	for c := n.NextSibling; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (hasText(c) || hasMedia(c)) {
			return c
		}
		if c.Type == html.TextNode && strings.TrimSpace(c.Data) != "" {
			return nil
		}
	}
	return nil
}

// nonLinkText is the text of n outside links, its decoration (», >>, –)
// trimmed.
func (pg *page) nonLinkText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(x *html.Node) {
		switch {
		case x.Type == html.TextNode:
			b.WriteString(x.Data)
			b.WriteByte(' ')
			return
		case x.Type == html.ElementNode && (x.DataAtom == atom.A || pg.chrome[x] || hiddenElement(x) || skippedText(x)):
			return
		}
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.TrimFunc(collapse(b.String()), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != ':'
	})
}
