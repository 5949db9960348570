package extract

import (
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// contentRoot finds the post body, strips chrome from inside it and makes
// every URL absolute. The node is detached from the document so that later
// stages see the article and nothing else.
func (pg *page) contentRoot() {
	o := pg.out
	rootNode := pg.pickRoot()
	if rootNode == nil {
		o.Warnings = append(o.Warnings, "no content element found")
		return
	}
	root := goquery.NewDocumentFromNode(rootNode).Selection

	// Pages 2..N of a multi-page post: only page 1 lists them, as links
	// to <its URL>N/ (page 2 links back to page 1, which is not a part).
	self := pg.out.Canonical
	if self == "" {
		self = pg.out.URL
	}
	self = strings.TrimSuffix(self, "/") + "/"
	seen := map[string]bool{}
	pg.find(pg.body, ".page-links a, a.post-page-numbers, .wp-link-pages a").Each(func(_ int, a *goquery.Selection) {
		h := pg.abs(a.AttrOr("href", ""))
		rest, ok := strings.CutPrefix(h, self)
		if !ok || !pageNumber.MatchString(rest) {
			return
		}
		if !seen[h] {
			seen[h] = true
			o.MorePages = append(o.MorePages, h)
		}
	})

	n := root.Get(0)
	pg.takeLead(n)
	for _, c := range pg.ix.match(n, pg.x.bodyChrome) {
		if c != n && c.Parent != nil {
			// "Share this:" or "Related" goes with the block it labels;
			// code is no block a reader sees.
			var label *html.Node
			switch c.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template:
			default:
				label = labelBefore(c)
			}
			c.Parent.RemoveChild(c)
			if label != nil && label.Parent != nil {
				label.Parent.RemoveChild(label)
			}
		}
	}
	pg.pruneBoilerplate(n)
	cleanText(n)
	pg.dropRepeatedTitle(n)
	pg.absolutize(n)
	if n.Parent != nil {
		n.Parent.RemoveChild(n)
	}
	o.Content = n
}

// leadWords name the lead paragraph that news and magazine themes print
// between the title and the body (the standfirst, the French chapô, the
// post's excerpt shown as its intro).
var leadWords = []string{"excerpt", "lead", "intro", "teaser", "standfirst", "chapo", "summary", "deck", "abstract"}

// takeLead moves the post's lead into the body when the theme prints it
// above the content root: a reader reads it as the article's first
// paragraph. It must sit after the title heading and before the root,
// outside chrome, and read as prose.
func (pg *page) takeLead(root *html.Node) {
	title := pg.titleHeading()
	if title == nil || !(pg.ix.order[title] < pg.ix.order[root]) {
		return
	}
	if e := pg.subtitle(title, root); e != nil {
		e.Parent.RemoveChild(e)
		root.InsertBefore(e, root.FirstChild)
		return
	}
	for i := pg.ix.order[title] + 1; i < pg.ix.order[root] && i < len(pg.ix.all); i++ {
		e := pg.ix.all[i]
		if e.Parent == nil || within(e, root) || pg.inChrome(e) || !leadName(attr(e, "class")+" "+attr(e, "id")) {
			continue
		}
		st := pg.statsOf(e)
		if st.words() < 60 || st.linkDensity() > 0.3 || hasText(root) && strings.Contains(nodeText(goquery.NewDocumentFromNode(root).Selection), firstWords(nodeText(goquery.NewDocumentFromNode(e).Selection), 8)) {
			continue
		}
		e.Parent.RemoveChild(e)
		root.InsertBefore(e, root.FirstChild)
		return
	}
}

// subtitle is the prose a theme prints right under the post's heading,
// before the content root, whatever its class: the standfirst, the
// excerpt as an intro. It must be paragraphs, end a sentence, hold few
// links and no date, and not be named as boilerplate: a meta line
// ("Posted on … by …") is none of that.
func (pg *page) subtitle(title, root *html.Node) *html.Node {
	e := nextElement(title)
	if e == nil && title.Parent != nil {
		e = nextElement(title.Parent)
	}
	if e == nil || within(e, root) || within(root, e) || pg.ix.order[e] > pg.ix.order[root] || pg.inChrome(e) || hasMedia(e) {
		return nil
	}
	switch e.DataAtom {
	case atom.P, atom.Div:
	default:
		return nil
	}
	for x := range e.Descendants() {
		if x.Type == html.ElementNode && (x.DataAtom == atom.Time || x.DataAtom == atom.Div && x.FirstChild != nil && x.FirstChild.Type == html.ElementNode && x.FirstChild.DataAtom == atom.Div) {
			return nil // a date, or a layout of blocks
		}
	}
	for _, a := range e.Attr {
		if (a.Key == "class" || a.Key == "id") && isBoilerName(a.Val) {
			return nil
		}
	}
	st := pg.statsOf(e)
	t := strings.TrimRight(nodeText(goquery.NewDocumentFromNode(e).Selection), " \u00a0")
	if st.words() < 80 || st.linkDensity() > 0.2 || !strings.ContainsAny(lastRune(t), ".!?…") {
		return nil
	}
	if strings.Contains(nodeText(goquery.NewDocumentFromNode(root).Selection), firstWords(t, 8)) {
		return nil // the body repeats it
	}
	return e
}

func lastRune(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return ""
	}
	return string(r[len(r)-1])
}

// leadName reports a class or id list with a lead word in one of its
// names ("entry-excerpt", "article-intro", "chapo").
func leadName(v string) bool {
	for tok := range strings.FieldsSeq(strings.ToLower(v)) {
		for w := range strings.FieldsFuncSeq(tok, func(r rune) bool { return r == '-' || r == '_' }) {
			if slices.Contains(leadWords, w) {
				return true
			}
		}
	}
	return false
}

func firstWords(s string, n int) string {
	f := strings.Fields(s)
	return strings.Join(f[:min(n, len(f))], " ")
}

// cleanText removes from the body's text the soft hyphens that
// hyphenation plugins (wp-Typography) insert into every long word at
// render time (the post as written has none, and they break search in the
// new site's text) and control characters (dropControls).
func cleanText(n *html.Node) {
	if n.Type == html.TextNode {
		if strings.Contains(n.Data, "\u00ad") {
			n.Data = strings.ReplaceAll(n.Data, "\u00ad", "")
		}
		// Control characters too (see dropControls).
		n.Data = dropControls(n.Data)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		cleanText(c)
	}
}

// dropRepeatedTitle removes the post's header when the root holds it:
// the heading that repeats the title (the title goes to the front
// matter) and the short lines before it, a kicker, a category, a date or
// a byline, which a reader reads as the page's header. Pictures before
// it stay (a featured image), and so does all of it when there is a
// paragraph's worth of text before the heading: then it is no header.
func (pg *page) dropRepeatedTitle(n *html.Node) {
	if len(pg.out.Title) == 0 {
		return
	}
	title := strings.ToLower(collapse(pg.out.Title[0].Value))
	var h *html.Node
	var find func(*html.Node) bool
	find = func(x *html.Node) bool {
		for c := x.FirstChild; c != nil && h == nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if c.DataAtom == atom.H1 || c.DataAtom == atom.H2 {
				if strings.ToLower(nodeText(goquery.NewDocumentFromNode(c).Selection)) == title {
					h = c
				}
				return true // the first heading decides
			}
			if find(c) {
				return true
			}
		}
		return false
	}
	find(n)
	if h == nil {
		return
	}
	if before := pg.textBefore(n, h); before.text > 150 || before.paras > 0 {
		return
	}
	// Up from the heading: what comes before it on each level goes,
	// but pictures.
	for x := h; x != n && x.Parent != nil; x = x.Parent {
		for c := x.PrevSibling; c != nil; {
			prev := c.PrevSibling
			if c.Type == html.ElementNode && !hasMedia(c) || c.Type == html.TextNode {
				x.Parent.RemoveChild(c)
			}
			c = prev
		}
	}
	parent := h.Parent
	parent.RemoveChild(h)
	for parent != n && parent.Parent != nil && !hasText(parent) && !hasMedia(parent) {
		up := parent.Parent
		up.RemoveChild(parent)
		parent = up
	}
}

var urlAttrs = map[string]bool{"href": true, "src": true, "poster": true, "data-src": true, "data-orig-file": true, "data-lazy-src": true}

// absolutize rewrites every URL in the subtree against the page URL, so
// that the body no longer depends on where it was found.
func (pg *page) absolutize(n *html.Node) {
	if n.Type == html.ElementNode {
		for i, a := range n.Attr {
			switch {
			case urlAttrs[a.Key]:
				v := strings.TrimSpace(a.Val)
				if v == "" || strings.HasPrefix(v, "#") || strings.HasPrefix(v, "data:") {
					continue
				}
				if abs := pg.abs(v); abs != "" {
					n.Attr[i].Val = abs
				}
			case a.Key == "srcset" || a.Key == "data-srcset":
				n.Attr[i].Val = pg.absSrcset(a.Val)
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		pg.absolutize(c)
	}
}

func (pg *page) absSrcset(v string) string {
	parts := strings.Split(v, ",")
	for i, p := range parts {
		f := strings.Fields(p)
		if len(f) == 0 {
			continue
		}
		if abs := pg.abs(f[0]); abs != "" {
			f[0] = abs
		}
		parts[i] = strings.Join(f, " ")
	}
	return strings.Join(parts, ", ")
}

var archivePrefix = regexp.MustCompile(`^(?i)(?:(?:category|tag|author|monthly|yearly|daily)\s+archives?|category|tag|author|archives?|kategorie|schlagwort|catégorie|étiquette|categoría|etiqueta|рубрика|категорія|категория|мітка|метка|тег)\s*:\s*`)

// listing reads an archive page: the posts it lists (for discovery and to
// confirm terms) and, for category and tag archives, the term itself.
func (pg *page) listing() {
	o := pg.out
	seen := map[string]bool{}
	pg.listed(pg.find(pg.body, ".entry-title a, .wp-block-post-title a, h2 a[rel=bookmark], .post-title a")).Each(func(_ int, a *goquery.Selection) {
		if h := pg.abs(a.AttrOr("href", "")); h != "" && !seen[h] {
			seen[h] = true
			o.ListedURL = append(o.ListedURL, h)
		}
	})
	o.ListedDate = map[string]Date{}
	pg.listed(pg.find(pg.body, "article, .hentry, .wp-block-post, .post")).Each(func(_ int, entry *goquery.Selection) {
		a := entry.Find(".entry-title a, .wp-block-post-title a, a[rel=bookmark], .post-title a").First()
		if a.Length() == 0 {
			return
		}
		href := pg.abs(a.AttrOr("href", ""))
		if t := entry.Find("time[datetime]").First(); t.Length() > 0 {
			if d, ok := pg.dateOf(t); ok && d.HasTime {
				o.ListedDate[href] = d
			}
		}
		// Themes set to show excerpts print them in .entry-content too;
		// whether it is a written one is told apart from the post's own
		// beginning when the site is resolved.
		if ex := manualExcerpt(entry.Find(".entry-summary, .wp-block-post-excerpt__excerpt, .post-excerpt, .entry-content").First()); ex != "" {
			if o.ListedExcerpt == nil {
				o.ListedExcerpt = map[string]string{}
			}
			o.ListedExcerpt[href] = ex
		}
	})
	if o.ListingKind != "category" && o.ListingKind != "tag" {
		return
	}
	var heading *goquery.Selection
	for _, sel := range []string{".wp-block-query-title", ".page-title", ".archive-title", "main h1", "h1"} {
		if heading = pg.own(pg.find(pg.body, sel)).First(); heading.Length() > 0 {
			break
		}
	}
	// Themes wrap the term in a span after a label ("Tag: <span>X</span>",
	// "Tag Archives: <span class=page-description>X</span>").
	name := nodeText(heading.Find("span").Last())
	if name == "" {
		name = nodeText(heading)
	}
	name = archivePrefix.ReplaceAllString(name, "")
	name = strings.Trim(name, "“”\"' ")
	if name == "" {
		return
	}
	u := pg.out.Canonical
	if u == "" {
		if c := pg.find(pg.head, `link[rel="canonical"]`).AttrOr("href", ""); c != "" {
			u = pg.abs(c)
		} else {
			u = pg.out.URL
		}
	}
	t := &Term{Name: name, URL: stripPaged(u)}
	o.ListTerm = t
}

// manualExcerpt is the text of an archive's excerpt when the author wrote
// it: WordPress cuts an excerpt it makes from the post with "[…]" or "…",
// and shows a written one whole.
func manualExcerpt(s *goquery.Selection) string {
	if s.Length() == 0 {
		return ""
	}
	if s.Find("p").Length() > 1 {
		return "" // a post shown whole, not an excerpt
	}
	s = s.Clone()
	s.Find(".more-link, .read-more, a.more, .screen-reader-text").Remove()
	t := nodeText(s)
	t = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(t), "Continue reading"))
	if t == "" {
		return ""
	}
	for _, cut := range []string{"…", "...", "[…]", "[...]", "&hellip;", "[&hellip;]"} {
		if strings.HasSuffix(t, cut) {
			return ""
		}
	}
	return t
}

// listed filters a listing's selection to the nodes outside chrome. A
// block theme's query loop is chrome on a post's page (other posts) and
// the listing itself on an archive.
func (pg *page) listed(s *goquery.Selection) *goquery.Selection {
	return s.FilterFunction(func(_ int, s *goquery.Selection) bool {
		for n := s.Get(0); n != nil; n = n.Parent {
			if pg.chrome[n] && !nodeHasClass(n, "wp-block-query") {
				return false
			}
		}
		return true
	})
}

func nodeHasClass(n *html.Node, cls string) bool { return hasClass(attr(n, "class"), cls) }

var pageNumber = regexp.MustCompile(`^[0-9]+/?$`)

var pagedSuffix = regexp.MustCompile(`page/\d+/?$`)

// stripPaged maps /tag/x/page/2/ to /tag/x/.
func stripPaged(u string) string {
	pu, err := url.Parse(u)
	if err != nil {
		return u
	}
	pu.Path = pagedSuffix.ReplaceAllString(pu.Path, "")
	return pu.String()
}
