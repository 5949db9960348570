package extract

import (
	"path"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/unpress/unpress/scrape"
)

// Inside the content root, themes and plugins add what is not the post:
// related-post lists, share and print buttons, newsletter and donation
// boxes, author boxes, ads. The class rules (bodyChromeSelectors) know
// the common plugins by name; these rules know boilerplate by its
// structure and by the words its names are made of, so that they hold on
// plugins nobody listed.

// boilerStems are parts of class and id names that mark boilerplate,
// matched anywhere in a name ("sharebar", "relatedPosts").
var boilerStems = []string{
	"related", "share", "sharing", "social", "newsletter", "subscribe", "subscription",
	"signup", "optin", "promo", "advert", "sponsor", "donat", "paywall", "popular",
	"trending", "recommend", "breadcrumb", "comment", "rating", "widget", "banner",
	"cookie", "consent", "popup", "modal", "byline", "pagination",
	"authorbox", "authorbio", "aboutauthor", "authorinfo", "readmore", "morefrom",
}

// boilerWords are whole words of class and id names that mark
// boilerplate (short words would match inside innocent names).
var boilerWords = map[string]bool{
	"ad": true, "ads": true, "adv": true, "anzeige": true, "cta": true, "nav": true, "meta": true,
	"tags": true, "print": true, "follow": true, "author": true, "bio": true, "disclaimer": true,
	"toolbar": true, "tools": true, "hidden": true, "sidebar": true, "menu": true, "footer": true,
}

// isBoilerName reports whether a class or id value names boilerplate.
func isBoilerName(v string) bool {
	for tok := range strings.FieldsSeq(v) {
		// WordPress's own block and alignment classes are content.
		if strings.HasPrefix(tok, "wp-block-image") || strings.HasPrefix(tok, "wp-image") || strings.HasPrefix(tok, "align") {
			continue
		}
		joined := strings.Map(func(r rune) rune {
			if r == '-' || r == '_' {
				return -1
			}
			return unicode.ToLower(r)
		}, tok)
		for _, s := range boilerStems {
			if strings.Contains(joined, s) {
				return true
			}
		}
		// "postmeta", "entrymeta": the entry's meta line.
		if strings.HasSuffix(joined, "meta") {
			return true
		}
		for w := range strings.FieldsFuncSeq(splitCamel(tok), func(r rune) bool { return !unicode.IsLetter(r) }) {
			if len(w) <= 10 && boilerWords[strings.ToLower(w)] {
				return true
			}
		}
	}
	return false
}

// slideShown reports a slide, tab or page of a gallery that a script
// shows one at a time: e is hidden by its class, and a sibling of the
// same kind and first class is not. Every slide is the post's text.
func slideShown(e *html.Node) bool {
	cls := strings.Fields(attr(e, "class"))
	if len(cls) < 2 || !slices.Contains(cls, "hidden") {
		return false
	}
	for _, next := range [2]func(*html.Node) *html.Node{
		func(x *html.Node) *html.Node { return x.PrevSibling },
		func(x *html.Node) *html.Node { return x.NextSibling },
	} {
		for s := next(e); s != nil; s = next(s) {
			if s.Type != html.ElementNode || s.Data != e.Data {
				continue
			}
			sc := strings.Fields(attr(s, "class"))
			if len(sc) > 0 && sc[0] == cls[0] && !slices.Contains(sc, "hidden") {
				return true
			}
		}
	}
	return false
}

// splitCamel puts a space before each upper-case letter that follows a
// lower-case one ("articleAd" → "article Ad").
func splitCamel(s string) string {
	var b strings.Builder
	prevLower := false
	for _, r := range s {
		if unicode.IsUpper(r) && prevLower {
			b.WriteByte(' ')
		}
		prevLower = unicode.IsLower(r)
		b.WriteRune(r)
	}
	return b.String()
}

// pruneBoilerplate removes boilerplate blocks from the content root n.
// A block whose paragraphs hold much of the root's text is never
// removed: a name like "post-content-with-share" must not empty the post.
func (pg *page) pruneBoilerplate(n *html.Node) {
	// Counted again: the chrome rules have just removed parts of it.
	pg.countStats(n)
	total := pg.statsOf(n).words()
	var elems []*html.Node
	var collect func(*html.Node)
	collect = func(x *html.Node) {
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode {
				elems = append(elems, c)
				collect(c)
			}
		}
	}
	collect(n)
	pg.findTeasers(n)
	for _, e := range elems {
		if !within(n, e) || e.Parent == nil {
			continue // inside a block already removed
		}
		if !pg.boilerplate(e, n) {
			continue
		}
		if st := pg.statsOf(e); total > 0 && st.paras >= 2 && st.words()*5 > total*2 {
			continue
		}
		parent := e.Parent
		label := labelBefore(e)
		// A label names what has text: code for an ad leaves the line
		// before it alone ("– Kyle Hughes, Writer").
		named := pg.statsOf(e).text > 0
		parent.RemoveChild(e)
		if label != nil {
			label.Parent.RemoveChild(label)
		}
		// A wrapper left with nothing to read goes too ("<div><h3>Related</h3></div>"),
		// with the label before it.
		for parent != n && parent.Parent != nil && !hasText(parent) && !hasMedia(parent) {
			up := parent.Parent
			var label *html.Node
			if named {
				label = labelBefore(parent)
			}
			up.RemoveChild(parent)
			if label != nil {
				up.RemoveChild(label)
			}
			parent = up
		}
	}
	pg.dropTrailingLinks(n)
}

// boilerplate reports whether the element e of a content root is
// boilerplate by its name, its kind or its links.
func (pg *page) boilerplate(e, root *html.Node) bool {
	switch e.DataAtom {
	case atom.Aside, atom.Nav:
		return true
	case atom.A, atom.Img, atom.Picture, atom.Figure, atom.Figcaption, atom.Span, atom.Strong, atom.Em, atom.B, atom.I, atom.Br:
		// Inline content and pictures are the post's, whatever their names.
		return false
	}
	for _, a := range e.Attr {
		v := a.Val
		if a.Key == "class" && slideShown(e) {
			v = strings.ReplaceAll(" "+v+" ", " hidden ", " ")
		}
		if (a.Key == "class" || a.Key == "id") && isBoilerName(v) {
			return true
		}
	}
	if pg.authorBox(e) {
		return true
	}
	switch e.DataAtom {
	case atom.Ul, atom.Ol, atom.Div, atom.Section, atom.P, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		if pg.shareBlock(e) || pg.homeLink(e) {
			return true
		}
	}
	if pg.teasers[e] {
		return true
	}
	switch e.DataAtom {
	case atom.Ul, atom.Ol, atom.Div, atom.Section, atom.P, atom.Table:
		// A block of links with almost no words of its own, before or
		// after the text: a related, "read more" or tag list. Between
		// paragraphs such a list is the post's own ("a few entry points
		// into the archive: …").
		// A list of sources at the end links to other sites; a related
		// list links to the site's own posts.
		st := pg.statsOf(e)
		if st.text == 0 || st.linkDensity() < 0.75 || st.words() >= 200 || !pg.linksHome(e) {
			return false
		}
		before := pg.textBefore(root, e)
		var all textStats
		pg.countText(root, &all, false)
		after := all.words() - before.words() - st.words()
		parasAfter := all.paras - before.paras - st.paras
		// Under a label ("More on this topic"), with no paragraph after
		// it, it is the end matter whatever follows.
		return before.words() < 25 || after < 25 || parasAfter == 0 && labelBefore(e) != nil
	}
	return false
}

// authorBox reports a box about the post's author, whatever its name:
// a picture, a link to the author's archive and a short biography.
func (pg *page) authorBox(e *html.Node) bool {
	switch e.DataAtom {
	case atom.Div, atom.Section, atom.Footer, atom.Table:
	default:
		return false
	}
	// A biography is a paragraph; two are the post's.
	if st := pg.statsOf(e); st.text > 600 || st.paras > 1 || !hasMedia(e) {
		return false
	}
	var archive bool
	var walk func(*html.Node)
	walk = func(x *html.Node) {
		if x.Type == html.ElementNode && x.DataAtom == atom.A && strings.Contains(attr(x, "href"), "/author/") {
			archive = true
		}
		for c := x.FirstChild; c != nil && !archive; c = c.NextSibling {
			walk(c)
		}
	}
	walk(e)
	return archive
}

// textBefore counts the text of root that comes before e.
func (pg *page) textBefore(root, e *html.Node) textStats {
	var st textStats
	var walk func(*html.Node) bool
	walk = func(x *html.Node) bool {
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			if c == e {
				return true
			}
			if c.Type == html.ElementNode && within(c, e) {
				return walk(c)
			}
			pg.countText(c, &st, false)
		}
		return false
	}
	walk(root)
	return st
}

// labelBefore is the short heading or label line right before a
// boilerplate block ("Related posts", "Das könnte Sie auch
// interessieren:"), which has no meaning without it.
func labelBefore(e *html.Node) *html.Node {
	prev := e.PrevSibling
	for prev != nil && prev.Type == html.TextNode && strings.TrimSpace(prev.Data) == "" {
		prev = prev.PrevSibling
	}
	if prev == nil || !labelLike(prev) && !boldQuestion(prev) {
		return nil
	}
	return prev
}

// boldQuestion is a few bold words asking the reader ("Schon gelesen?",
// "Möchten Sie den Artikel teilen?"): right before a removed block, the
// label of it. Elsewhere a bold question is the post's own subheading.
func boldQuestion(n *html.Node) bool {
	if n.Type != html.ElementNode || hasMedia(n) || !bold(n) {
		return false
	}
	var b strings.Builder
	writeText(&b, n)
	t := collapse(b.String())
	return strings.HasSuffix(t, "?") && len([]rune(t)) <= 40 && !sentences(strings.TrimRight(t, "?"))
}

// labelLike reports a line that names what follows it rather than saying
// anything: a short heading, a short line ending in a colon, or a few
// bold words ("Über den Autor").
func labelLike(n *html.Node) bool {
	if n.Type != html.ElementNode || hasMedia(n) {
		return false
	}
	switch n.DataAtom {
	case atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.P, atom.Strong, atom.B, atom.Span, atom.Div:
	default:
		return false
	}
	var b strings.Builder
	writeText(&b, n)
	t := collapse(b.String())
	if t == "" || len([]rune(t)) > 60 || sentences(strings.TrimRight(t, ".!?: ")) {
		return false
	}
	switch n.DataAtom {
	case atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	// A line the theme styles as a heading by its name ("ing-headline").
	if headingName(attr(n, "class")) {
		return true
	}
	// A short paragraph is a label when it says it leads into what
	// follows ("…" ends a post's last line as often as a teaser's), or
	// when it is a few bold words with no sentence in them.
	if strings.HasSuffix(t, ":") {
		return true
	}
	return len([]rune(t)) <= 40 && !strings.ContainsAny(t, ".!?…") && bold(n)
}

// headingName reports a class list that names a heading.
func headingName(v string) bool {
	for w := range strings.FieldsFuncSeq(strings.ToLower(v), func(r rune) bool { return r == '-' || r == '_' || r == ' ' }) {
		if w == "headline" || w == "heading" {
			return true
		}
	}
	return false
}

// sentences reports a sentence break inside s ("Done. Next"), which a
// label has not; a dot inside a word ("UEPO.de") is no break.
func sentences(s string) bool {
	return strings.Contains(s, ". ") || strings.Contains(s, "! ") || strings.Contains(s, "? ")
}

// bold reports whether all of n's text is set in bold.
func bold(n *html.Node) bool {
	if n.DataAtom == atom.Strong || n.DataAtom == atom.B {
		return true
	}
	style := strings.ReplaceAll(strings.ToLower(attr(n, "style")), " ", "")
	if strings.Contains(style, "font-weight:bold") || strings.Contains(style, "font-weight:700") {
		return true
	}
	var only *html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode && strings.TrimSpace(c.Data) == "":
		case c.Type == html.ElementNode && only == nil:
			only = c
		default:
			return false
		}
	}
	return only != nil && bold(only)
}

// dropTrailingLinks removes what ends a content root without being the
// post: a label followed only by links to the site's own posts ("Read
// also:" and a run of linked titles), and a label left with nothing after
// it. It looks at the root and at its last block, since themes wrap the
// text in a container or two.
func (pg *page) dropTrailingLinks(root *html.Node) {
	for n, depth := root, 0; n != nil && depth < 4; depth++ {
		last := lastBlock(n)
		// A run of link-only blocks back from the end, up to a label.
		var run []*html.Node
		c := last
		for c != nil && !labelLike(c) {
			st := pg.statsOf(c)
			if st.text > 0 && (st.linkDensity() < 0.75 || !pg.linksHomeAny(c)) {
				break
			}
			run = append(run, c)
			c = prevElement(c)
		}
		if c != nil && labelLike(c) && pg.linkTotal(run) >= 2 {
			for _, r := range run {
				n.RemoveChild(r)
			}
			n.RemoveChild(c)
			continue
		}
		if last != nil && labelLike(last) {
			n.RemoveChild(last)
			continue
		}
		// Into the last block, when it is a container of blocks.
		if last == nil || !container(last) {
			return
		}
		n = last
	}
}

// lastBlock is n's last child element that holds text or media.
func lastBlock(n *html.Node) *html.Node {
	for c := n.LastChild; c != nil; c = c.PrevSibling {
		if c.Type == html.ElementNode && (hasText(c) || hasMedia(c)) {
			return c
		}
		if c.Type == html.TextNode && strings.TrimSpace(c.Data) != "" {
			return nil // the text itself ends the root
		}
	}
	return nil
}

func prevElement(n *html.Node) *html.Node {
	for c := n.PrevSibling; c != nil; c = c.PrevSibling {
		if c.Type == html.ElementNode && (hasText(c) || hasMedia(c)) {
			return c
		}
		if c.Type == html.TextNode && strings.TrimSpace(c.Data) != "" {
			return nil
		}
	}
	return nil
}

func container(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Div, atom.Section, atom.Article, atom.Main:
		return true
	}
	return false
}

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

// hasText reports whether any text is left under n.
func hasText(n *html.Node) bool {
	if n.Type == html.TextNode {
		return strings.TrimSpace(n.Data) != ""
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if hasText(c) {
			return true
		}
	}
	return false
}

// hasMedia reports pictures, videos and embeds, which are content even
// without text.
func hasMedia(n *html.Node) bool {
	if n.Type == html.ElementNode {
		switch n.DataAtom {
		case atom.Img, atom.Picture, atom.Video, atom.Audio, atom.Iframe, atom.Embed, atom.Object, atom.Svg:
			return true
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if hasMedia(c) {
			return true
		}
	}
	return false
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
