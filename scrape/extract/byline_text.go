package extract

import (
	"regexp"
	"slices"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Bylines written as text, read only when no rule and no head tag names
// the author: a meta line whose class says so ("article_meta_info",
// "meta"), a line that says "Posted by", a label beside the name ("Auteur"
// in a definition list), and a credit line at the very start or end of the
// post's text ("Text: Jane Roe").

// textBylines tries the text bylines in order, most specific first.
// A name reject says no to (the site's own) is passed over.
func (pg *page) textBylines(reject func(string) bool) string {
	for _, f := range []func() string{pg.metaClassByline, pg.postedByLine, pg.labelledAuthor, pg.headerCredit, pg.bodyEdgeByline} {
		if name := f(); name != "" && (reject == nil || !reject(name)) {
			return name
		}
	}
	return ""
}

// metaClassByline reads "By Jane Roe" or "Posted in News by jroe on March
// 11, 2022" from a short element of the post whose class names a meta line,
// with its screen-reader labels ("| By ") read too.
func (pg *page) metaClassByline() string {
	// The body: some themes print the meta line in a header above the
	// <article>, or mark a heading as the entry.
	scope := pg.body.Get(0)
	if scope == nil {
		return ""
	}
	var lines []*html.Node
	for class, nodes := range pg.ix.byClass {
		low := strings.ToLower(class)
		if !strings.Contains(low, "meta") || strings.Contains(low, "comment") {
			continue
		}
		for _, n := range nodes {
			if within(scope, n) && !pg.inChrome(n) && !pg.inAuthorBox(n) && !pg.inComments(n) {
				lines = append(lines, n)
			}
		}
	}
	// The first line in the document: the map's order is not.
	slices.SortFunc(lines, func(a, b *html.Node) int { return pg.ix.order[a] - pg.ix.order[b] })
	for _, n := range slices.Compact(lines) {
		text := collapse(rawText(n))
		if text == "" || len(text) > 160 {
			continue
		}
		if m := postedBy.FindStringSubmatch(text); m != nil {
			if v := authorName(m[1]); v != "" && looksLikeName(v) {
				return v
			}
		}
		if m := classicMeta.FindStringSubmatch(text); m != nil {
			if v := authorName(m[1]); v != "" && looksLikeName(v) {
				return v
			}
		}
	}
	return ""
}

// classicMeta is the meta line of WordPress's Classic theme and its
// descendants: "Filed under: News, Politics — jane @ 10:15 am".
var classicMeta = regexp.MustCompile(`—\s+(\S+(?:\s\S+){0,3}?)\s+@\s+\d`)

// postedByStart finds a text that starts with an explicit byline phrase.
var postedByStart = regexp.MustCompile(`(?i)^(?:posted|written|published|geschrieben|verfasst|veröffentlicht|publié|escrito|scritto)\s+(?:by|von|par|por|da)\s`)

// postedByLine reads the name from a short line of the post that starts
// with "Posted by" (in a few languages), outside chrome and comments.
func (pg *page) postedByLine() string {
	scope := pg.postScope().Get(0)
	if scope == nil {
		return ""
	}
	var found string
	var walk func(n *html.Node) bool
	walk = func(n *html.Node) bool {
		if n.Type == html.TextNode {
			t := strings.TrimSpace(n.Data)
			if len(t) < 10 || !postedByStart.MatchString(t) || n.Parent == nil || pg.inChrome(n.Parent) || pg.inComments(n.Parent) {
				return false
			}
			text := nodeText(goquery.NewDocumentFromNode(n.Parent).Selection)
			if len(text) > 120 {
				return false
			}
			if m := postedBy.FindStringSubmatch(strings.ReplaceAll(text, "@", " | ")); m != nil {
				if v := authorName(m[1]); v != "" && looksLikeName(v) {
					found = v
					return true
				}
			}
			return false
		}
		if n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style) {
			return false
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				return true
			}
		}
		return false
	}
	walk(scope)
	return found
}

// authorLabel is a label a theme prints before the author's name.
var authorLabel = regexp.MustCompile(`(?i)^(?:author|authors|auteur|auteurs|autor|autorin|autoren|autore|written by|text|texte)\s*:?$`)

// labelledAuthor reads the name beside a label that says author: the <dd>
// after a <dt>Auteur</dt>, or the element after a <span>Author:</span>.
func (pg *page) labelledAuthor() string {
	scope := pg.postScope().Get(0)
	for _, tag := range []string{"dt", "th", "span", "strong", "b"} {
		for _, n := range pg.ix.byTag[tag] {
			if scope == nil || !within(scope, n) || pg.inChrome(n) || pg.inComments(n) {
				continue
			}
			if !authorLabel.MatchString(nodeText(goquery.NewDocumentFromNode(n).Selection)) {
				continue
			}
			next := n.NextSibling
			for next != nil && next.Type != html.ElementNode {
				if strings.TrimSpace(next.Data) != "" {
					break
				}
				next = next.NextSibling
			}
			if next == nil {
				continue
			}
			var text string
			if next.Type == html.TextNode {
				text = collapse(next.Data)
			} else {
				text = nodeText(goquery.NewDocumentFromNode(next).Selection)
			}
			if v := authorName(text); v != "" && looksLikeName(v) {
				return v
			}
		}
	}
	return ""
}

// creditLine is a byline written as the first or last line of a post's
// text: "Text: Jane Roe", "Von Jane Roe", "Written by: Jane Roe", "Eine
// Kolumne von Jane Roe".
var creditLine = regexp.MustCompile(`^(?:(?i:text|texte|autor|autorin|author|auteur|written by|words)\s*:\s*|(?:By|Von|Par|Por|Door)\s+|(?i:written by|geschrieben von|ein (?:beitrag|artikel|gastbeitrag|kommentar|interview) von|eine (?:kolumne|glosse|reportage|analyse) von)\s+)(\p{Lu}[\p{L}.'’-]*(?:\s+(?:\p{Lu}[\p{L}.'’-]*|von|van|de|der|den|da|di|du|le|la))*)\s*\.?$`)

// bodyEdgeByline reads a credit line among the first two or the last three
// lines of the post's text. Only a short line that is nothing but the
// credit counts: a sentence that mentions someone does not.
func (pg *page) bodyEdgeByline() string {
	roots := pg.contentRoots()
	if len(roots) == 0 {
		return ""
	}
	lines := textLines(roots[0])
	try := func(l string) string {
		if len(l) > 80 {
			return ""
		}
		if m := creditLine.FindStringSubmatch(l); m != nil {
			if v := authorName(m[1]); v != "" && looksLikeName(v) {
				return v
			}
		}
		return ""
	}
	for i := 0; i < len(lines) && i < 2; i++ {
		if v := try(lines[i]); v != "" {
			return v
		}
	}
	for i := len(lines) - 1; i >= 0 && i >= len(lines)-3; i-- {
		if v := try(lines[i]); v != "" {
			return v
		}
	}
	return ""
}

// textLines splits an element's visible text into lines at block
// boundaries and <br>s, without empty ones.
func textLines(root *html.Node) []string {
	var lines []string
	var b strings.Builder
	flush := func() {
		if l := collapse(b.String()); l != "" {
			lines = append(lines, l)
		}
		b.Reset()
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Svg, atom.Template, atom.Figure, atom.Figcaption:
				return
			case atom.Br:
				flush()
				return
			}
		}
		block := n.Type == html.ElementNode && blockTag(n.DataAtom)
		if block {
			flush()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			flush()
		}
	}
	walk(root)
	flush()
	return lines
}

func blockTag(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Li, atom.Ul, atom.Ol, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Blockquote, atom.Table, atom.Tr, atom.Section, atom.Header, atom.Footer, atom.Aside, atom.Pre, atom.Dl, atom.Dt, atom.Dd:
		return true
	}
	return false
}

// rawText is an element's text with screen-reader labels kept ("By" in
// a visually hidden span), but not scripts and styles.
func rawText(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Svg, atom.Template:
				return
			case atom.Br, atom.P, atom.Div, atom.Li:
				b.WriteByte(' ')
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// headerCredit reads the credit news themes print under the headline, in
// the post's header: <p class="credit">JIJI</p>, a wire service or a
// writer. A credit in a figure is the picture's.
func (pg *page) headerCredit() string {
	h1 := pg.ix.byTag["h1"]
	if len(h1) == 0 || pg.inChrome(h1[0]) {
		return ""
	}
	var header *html.Node
	for n := h1[0].Parent; n != nil && n.Type == html.ElementNode; n = n.Parent {
		if n.DataAtom == atom.Header {
			header = n
			break
		}
	}
	if header == nil {
		return ""
	}
	for _, n := range pg.ix.byClass["credit"] {
		if !within(header, n) || closestTag(n, atom.Figure, atom.Figcaption) {
			continue
		}
		if t := collapse(rawText(n)); t != "" && len(t) <= 60 {
			if v := pg.nameFromText(t); v != "" {
				return v
			}
		}
	}
	return ""
}

// closestTag reports whether n or an ancestor is one of tags.
func closestTag(n *html.Node, tags ...atom.Atom) bool {
	for ; n != nil; n = n.Parent {
		if slices.Contains(tags, n.DataAtom) {
			return true
		}
	}
	return false
}
