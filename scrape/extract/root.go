package extract

import (
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The content root is chosen by scoring, not by the first selector that
// matches: on real sites the first .entry-content can be a related-post
// card's excerpt, an author line above the real body, or a lead in the
// header, and the body can sit in a container no rule lists. Every
// candidate is measured by the text a reader would read in it, and the
// most trusted candidate that holds a fair share of the best one's text
// wins.

// Candidate trust, most trusted first.
const (
	priorText    = iota // the container with the most paragraph text
	priorGeneric        // generic article containers
	priorTheme          // WordPress theme and plugin content classes
	priorUser           // a site's own content selectors
)

// textStats are what a content candidate is judged by.
type textStats struct {
	text  int // visible characters
	link  int // of which inside links
	paras int // paragraphs with a sentence's worth of text
}

// words is the text a reader reads that is not a link.
func (s textStats) words() int { return s.text - s.link }

// linkDensity is the share of the text that is link text.
func (s textStats) linkDensity() float64 {
	if s.text == 0 {
		return 0
	}
	return float64(s.link) / float64(s.text)
}

// statsOf counts the visible text under n, leaving out chrome regions,
// scripts, forms and hidden elements. It reads the table countStats
// filled when there is one: the rules ask for the same elements' counts
// many times.
func (pg *page) statsOf(n *html.Node) textStats {
	if pg.stats != nil {
		if i, ok := pg.ix.order[n]; ok {
			return pg.stats[i]
		}
	}
	var st textStats
	pg.countText(n, &st, false)
	return st
}

// countStats fills the table of counts for every element under n (and n)
// in one walk.
func (pg *page) countStats(n *html.Node) {
	if pg.stats == nil {
		pg.stats = make([]textStats, len(pg.ix.all))
	}
	pg.fillStats(n)
}

func (pg *page) fillStats(n *html.Node) textStats {
	var st textStats
	switch n.Type {
	case html.TextNode:
		st.text = visibleLen(n.Data)
		return st
	case html.ElementNode:
		if pg.chrome[n] || hiddenElement(n) || skippedText(n) {
			// Zero, and so is everything below: nobody reads it as the post.
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				pg.fillStats(c)
			}
			pg.setStats(n, st)
			return st
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		cs := pg.fillStats(c)
		st.text += cs.text
		st.link += cs.link
		st.paras += cs.paras
	}
	if n.Type == html.ElementNode {
		switch n.DataAtom {
		case atom.A:
			st.link = st.text
		case atom.P, atom.Pre, atom.Blockquote:
			if st.text >= 80 {
				st.paras++
			}
		}
		pg.setStats(n, st)
	}
	return st
}

func (pg *page) setStats(n *html.Node, st textStats) {
	if i, ok := pg.ix.order[n]; ok {
		pg.stats[i] = st
	}
}

// skippedText are elements whose text is not read: code for the browser
// and form controls.
func skippedText(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Svg, atom.Template, atom.Form,
		atom.Select, atom.Textarea, atom.Button, atom.Iframe:
		return true
	}
	return false
}

func (pg *page) countText(n *html.Node, st *textStats, inLink bool) {
	switch n.Type {
	case html.TextNode:
		c := visibleLen(n.Data)
		st.text += c
		if inLink {
			st.link += c
		}
		return
	case html.ElementNode:
		if pg.chrome[n] || hiddenElement(n) || skippedText(n) {
			return
		}
		switch n.DataAtom {
		case atom.A:
			inLink = true
		case atom.P, atom.Pre, atom.Blockquote:
			before := st.text
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				pg.countText(c, st, inLink)
			}
			if st.text-before >= 80 {
				st.paras++
			}
			return
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		pg.countText(c, st, inLink)
	}
}

// visibleLen counts the characters of s, a run of white space (the
// no-break space too) as one, leading white space as none. It reads bytes,
// not runes: every text node of a page goes through it.
func visibleLen(s string) int {
	n := 0
	space := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			if !space {
				n++
			}
			space = true
		case c == 0xC2 && i+1 < len(s) && s[i+1] == 0xA0:
			if !space {
				n++
			}
			space = true
			i++
		case c >= 0x80 && c < 0xC0:
			// A continuation byte: its character was counted at its
			// first byte.
		default:
			n++
			space = false
		}
	}
	return n
}

// rootCandidate is one element that may hold the post's body.
type rootCandidate struct {
	n     *html.Node
	prior int
	rank  int // the rule's position in its list: earlier rules are more specific
	st    textStats
	score float64
}

// genericContentSelectors are containers that hold an article on sites
// of every kind; they are trusted less than WordPress's own classes.
var genericContentSelectors = []string{
	"article", "main", "#content", "#main", "#primary", ".post", ".entry",
	".content", ".article", "#article", ".article-body", ".article-text", ".post-text",
	".blog-post", ".single-post", ".story", ".entry-text", ".text",
}

// pickRoot chooses the content root, or nil when the page has no text
// worth migrating.
func (pg *page) pickRoot() *html.Node {
	n, rule := pg.chooseRoot()
	pg.out.ContentRule = rule
	return n
}

// chooseRoot is pickRoot's choice and the name of the rule that made it.
func (pg *page) chooseRoot() (*html.Node, string) {
	body := pg.body.Get(0)
	if body == nil {
		return nil, ""
	}
	// A site's own selector is its owner's word.
	for i, q := range pg.x.userContent {
		for _, n := range pg.ix.match(body, q) {
			if !pg.inChrome(n) {
				return n, "config/content/" + pg.x.userContentNames[i]
			}
		}
	}
	pg.countStats(body)
	cands := pg.rootCandidates(body)
	if len(cands) == 0 {
		return nil, ""
	}
	best := 0.0
	for _, c := range cands {
		best = max(best, c.score)
	}
	if best == 0 {
		// No text anywhere: the post's own entry, if any, is still the
		// place its images and embeds are.
		for _, c := range cands {
			if c.prior == priorTheme {
				return c.n, pg.ruleName(c)
			}
		}
		return nil, ""
	}
	slices.SortStableFunc(cands, func(a, b rootCandidate) int {
		if a.prior != b.prior {
			return b.prior - a.prior
		}
		if a.rank != b.rank {
			return a.rank - b.rank
		}
		return pg.ix.order[a.n] - pg.ix.order[b.n]
	})
	for _, c := range cands {
		// Inside the post's own entry (found by its ID) a theme's
		// content class is trusted even for a short post beside a long
		// sidebar; elsewhere it must hold half the best text.
		share := 0.5
		if c.prior == priorTheme && pg.ownEntry(c.n) {
			share = 0.2
		}
		if c.score > 0 && c.score >= share*best {
			c = tighten(c, cands)
			return c.n, pg.ruleName(c)
		}
	}
	return cands[0].n, pg.ruleName(cands[0])
}

// ruleName names the rule that made c a candidate.
func (pg *page) ruleName(c rootCandidate) string {
	switch {
	case c.prior == priorTheme:
		return "content/" + contentSelectors[c.rank]
	case c.prior == priorGeneric && c.rank < len(genericContentSelectors):
		return "content/generic " + genericContentSelectors[c.rank]
	case c.prior == priorGeneric:
		return "content/the post's entry"
	}
	return "content/densest paragraphs"
}

// tighten moves from a chosen container to an as trusted one inside it
// that holds nearly all of its text: #content around div.entry leaves
// the navigation and the post's header out.
func tighten(c rootCandidate, cands []rootCandidate) rootCandidate {
	for {
		next := c
		for _, d := range cands {
			if d.n != c.n && d.prior >= c.prior && within(c.n, d.n) && d.score >= 0.85*c.score && d.score > 0 {
				if next.n == c.n || within(next.n, d.n) {
					next = d
				}
			}
		}
		if next.n == c.n {
			return c
		}
		c = next
	}
}

// ownEntry reports whether n lies in the post's entry identified by its
// post ID (#post-N): the one element certain to be the post.
func (pg *page) ownEntry(n *html.Node) bool {
	if pg.article == nil || pg.out.PostID == 0 {
		return false
	}
	a := pg.article.Get(0)
	if id := attr(a, "id"); id == "" || !strings.HasPrefix(id, "post-") {
		return false
	}
	return within(a, n)
}

// rootCandidates lists the candidates with their scores, leaving out
// chrome and post cards (the entries of a related-posts or listing block
// carry post classes too).
func (pg *page) rootCandidates(body *html.Node) []rootCandidate {
	var cands []rootCandidate
	seen := map[*html.Node]int{}
	add := func(n *html.Node, prior, rank int) {
		if i, ok := seen[n]; ok {
			if prior > cands[i].prior {
				cands[i].prior, cands[i].rank = prior, rank
			}
			return
		}
		if n.DataAtom == atom.Body || n.DataAtom == atom.Html || pg.inChrome(n) || pg.isCard(n) {
			return
		}
		seen[n] = len(cands)
		cands = append(cands, rootCandidate{n: n, prior: prior, rank: rank})
	}
	for i, q := range pg.x.content {
		for _, n := range pg.ix.match(body, q) {
			add(n, priorTheme, i)
		}
	}
	for i, q := range pg.x.generic {
		for _, n := range pg.ix.match(body, q) {
			add(n, priorGeneric, i)
		}
	}
	if pg.article != nil {
		add(pg.article.Get(0), priorGeneric, len(pg.x.generic))
	}
	if n := pg.densest(); n != nil {
		add(n, priorText, 0)
	}
	title := pg.titleHeading()
	for i := range cands {
		c := &cands[i]
		c.st = pg.statsOf(c.n)
		c.score = float64(c.st.words())
		if ld := c.st.linkDensity(); ld > 0.5 {
			c.score *= 1 - ld
		}
		// A block wholly before the post's heading is a teaser, a
		// slider or a lead in the header, not the body.
		if title != nil && !within(c.n, title) && pg.ix.order[c.n] < pg.ix.order[title] && !within(title, c.n) {
			c.score /= 2
		}
	}
	return cands
}

// densest is the element whose paragraphs hold the most text, counting a
// paragraph fully for its parent and half for its grandparent (the way
// readability finds an article's container).
func (pg *page) densest() *html.Node {
	score := map[*html.Node]int{}
	for _, p := range pg.ix.byTag["p"] {
		if p.Parent == nil || pg.inChrome(p) {
			continue
		}
		st := pg.statsOf(p)
		w := st.words()
		if w < 25 {
			continue
		}
		score[p.Parent] += w
		if gp := p.Parent.Parent; gp != nil && gp.Type == html.ElementNode {
			score[gp] += w / 2
		}
	}
	var best *html.Node
	bestScore := 0
	for n, s := range score {
		if s > bestScore || s == bestScore && best != nil && pg.ix.order[n] < pg.ix.order[best] {
			best, bestScore = n, s
		}
	}
	if best == nil || best.DataAtom == atom.Body || best.DataAtom == atom.Html {
		return nil
	}
	return best
}

// titleHeading is the post's visible heading: the first h1 outside
// chrome.
func (pg *page) titleHeading() *html.Node {
	for _, h := range pg.ix.byTag["h1"] {
		if !pg.inChrome(h) {
			return h
		}
	}
	return nil
}

// isCard reports whether n is, or lies in, one of a row of post cards:
// siblings of the same tag and class that each hold a link and a picture
// or heading and little text. Related-post and listing blocks are made of
// them, and each card carries the post classes a body rule looks for.
func (pg *page) isCard(n *html.Node) bool {
	for a, depth := n, 0; a != nil && a.DataAtom != atom.Body && depth < 8; a, depth = a.Parent, depth+1 {
		if a.Type != html.ElementNode {
			continue
		}
		if pg.article != nil && a == pg.article.Get(0) && pg.out.PostID != 0 {
			return false
		}
		if pg.statsOf(a).text > 1000 {
			// Nothing above holds less text: no card here or higher up.
			return false
		}
		cls := attr(a, "class")
		sig := strings.Fields(cls)
		if len(sig) == 0 || !cardLike(a) {
			continue
		}
		same := 0
		for _, sib := range [2]func(*html.Node) *html.Node{
			func(x *html.Node) *html.Node { return x.PrevSibling },
			func(x *html.Node) *html.Node { return x.NextSibling },
		} {
			for s := sib(a); s != nil && same < 2; s = sib(s) {
				if s.Type != html.ElementNode || s.Data != a.Data {
					continue
				}
				if c := attr(s, "class"); firstField(c) == sig[0] && cardLike(s) {
					same++
				}
			}
		}
		if same >= 2 || same >= 1 && postish(cls) {
			return true
		}
	}
	return false
}

// cardLike: a title link and a picture, and not an article's worth of
// text. A post card's heading links to the post it stands for.
func cardLike(n *html.Node) bool {
	var titleLink, pic bool
	chars := 0
	var walk func(x *html.Node, inHeading bool)
	walk = func(x *html.Node, inHeading bool) {
		if chars > 1000 {
			return
		}
		switch x.Type {
		case html.TextNode:
			chars += visibleLen(x.Data)
		case html.ElementNode:
			switch x.DataAtom {
			case atom.A:
				if _, ok := attrOK(x, "href"); ok {
					rel := attr(x, "rel")
					cls := attr(x, "class")
					titleLink = titleLink || inHeading || strings.Contains(rel, "bookmark") || strings.Contains(cls, "title")
				}
			case atom.Img, atom.Picture:
				pic = true
			case atom.H2, atom.H3, atom.H4, atom.H5:
				inHeading = true
			}
		}
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inHeading)
		}
	}
	walk(n, false)
	return titleLink && pic && chars <= 1000
}

// postish reports a class list that names a post entry or card.
func postish(cls string) bool {
	for f := range strings.FieldsSeq(cls) {
		for _, w := range []string{"post", "card", "entry", "item", "teaser", "slide", "hentry"} {
			if f == w || strings.HasPrefix(f, w+"-") || strings.HasSuffix(f, "-"+w) || strings.Contains(f, "-"+w+"-") {
				return true
			}
		}
	}
	return false
}

func firstField(s string) string {
	for f := range strings.FieldsSeq(s) {
		return f
	}
	return ""
}
