package markdown

import (
	"bytes"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/JohannesKaufmann/dom"
	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/marker"
	"golang.org/x/net/html"
)

// footnotes is what the footnote pre-render pass found in one document.
//
// WordPress has no footnotes of its own before 6.3; what sites have is the
// markup plugins and hand-written posts produce:
//
//	<p>Text.<sup id="ref-1"><a href="#fn-1">1</a></sup></p>
//	<hr />
//	<ol class="footnotes">
//	  <li id="fn-1">Note text. <a href="#ref-1">↩</a></li>
//	</ol>
//
// A reference is recognised by what it points at, not by class names,
// which differ from plugin to plugin: a same-page link to a list item,
// marked as a footnote by sitting in (or wrapping) a <sup>, or by a
// "footnote" class on the link or the list. The lists holding referenced
// items become Markdown footnote definitions; their back-links, and a
// thematic break right before them, are dropped.
type footnotes struct {
	refs  map[*html.Node]string // node rendered as "[^label]" (the <sup>, or the <a>)
	items map[*html.Node]string // <li> → label
	lists map[*html.Node]bool   // <ol>/<ul> rendered as definitions
	drop  map[*html.Node]bool   // back-links and the rule above a list
}

// labelRe is what we accept verbatim as a footnote label: what is shown in
// the superscript ("1", "a", "note-3"). Anything else is replaced by the
// item's position, because labels with spaces or brackets are not portable
// across Markdown flavours.
var labelRe = regexp.MustCompile(`^[\p{L}\p{N}_-]{1,32}$`)

// backArrowRe matches the text of a back-link: arrows, optionally with the
// emoji variation selector WordPress adds ("↩︎").
var backArrowRe = regexp.MustCompile(`^[↩↑⤴↵⏎^\x{FE0E}\x{FE0F}\s]+$`)

// detectFootnotes walks the document once and fills st.notes.
func detectFootnotes(doc *html.Node) footnotes {
	ids := make(map[string]*html.Node)
	var anchors []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if id, ok := dom.GetAttribute(n, "id"); ok && id != "" {
				if _, dup := ids[id]; !dup {
					ids[id] = n
				}
			}
			if n.Data == "a" && strings.HasPrefix(dom.GetAttributeOr(n, "href", ""), "#") {
				anchors = append(anchors, n)
			}
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(doc)

	fn := footnotes{}
	used := make(map[string]bool)
	refIDs := make(map[string]bool)
	var listOrder []*html.Node

	for _, a := range anchors {
		li := fragmentTarget(ids, dom.GetAttributeOr(a, "href", ""))
		if li == nil || li.Data != "li" || li.Parent == nil || (li.Parent.Data != "ol" && li.Parent.Data != "ul") {
			continue
		}
		if isInside(a, li) || !looksLikeFootnoteRef(a, li.Parent) {
			continue
		}
		if fn.refs == nil {
			fn.refs = make(map[*html.Node]string)
			fn.items = make(map[*html.Node]string)
			fn.lists = make(map[*html.Node]bool)
			fn.drop = make(map[*html.Node]bool)
		}
		ref := a
		if sup := a.Parent; sup != nil && sup.Type == html.ElementNode && sup.Data == "sup" && onlyElementChild(sup) == a {
			ref = sup
		}
		label, ok := fn.items[li]
		if !ok {
			label = uniqueLabel(used, cleanLabel(dom.CollectText(a)), listPosition(li))
			fn.items[li] = label
		}
		fn.refs[ref] = label
		collectIDs(ref, refIDs)
		for p := ref.Parent; p != nil && p.Type == html.ElementNode && p.Data == "sup"; p = p.Parent {
			collectIDs(p, refIDs)
		}
		if !fn.lists[li.Parent] {
			fn.lists[li.Parent] = true
			listOrder = append(listOrder, li.Parent)
		}
	}

	for _, list := range listOrder {
		// Items nobody references still carry text the author wrote.
		for li := list.FirstChild; li != nil; li = li.NextSibling {
			if li.Type == html.ElementNode && li.Data == "li" {
				if _, ok := fn.items[li]; !ok {
					fn.items[li] = uniqueLabel(used, "", listPosition(li))
				}
			}
		}
		for _, a := range dom.FindAllNodes(list, func(n *html.Node) bool { return dom.NodeName(n) == "a" }) {
			href := dom.GetAttributeOr(a, "href", "")
			if !strings.HasPrefix(href, "#") {
				continue
			}
			if refIDs[strings.TrimPrefix(href, "#")] || backArrowRe.MatchString(dom.CollectText(a)) {
				fn.drop[a] = true
			}
		}
		if prev := prevElement(list); prev != nil && prev.Data == "hr" {
			fn.drop[prev] = true
		}
		if p := list.Parent; p != nil && strings.Contains(dom.GetAttributeOr(p, "class", ""), "footnote") {
			for ch := p.FirstChild; ch != nil; ch = ch.NextSibling {
				if dom.NodeName(ch) == "hr" {
					fn.drop[ch] = true
				}
			}
		}
	}
	return fn
}

// fragmentTarget finds the element a "#id" href points to, also when the id
// was percent-encoded in the href.
func fragmentTarget(ids map[string]*html.Node, href string) *html.Node {
	id := strings.TrimPrefix(href, "#")
	if id == "" {
		return nil
	}
	if n, ok := ids[id]; ok {
		return n
	}
	if dec, err := url.PathUnescape(id); err == nil {
		return ids[dec]
	}
	return nil
}

func looksLikeFootnoteRef(a, list *html.Node) bool {
	if strings.Contains(dom.GetAttributeOr(list, "class", ""), "footnote") ||
		strings.Contains(dom.GetAttributeOr(a, "class", ""), "footnote") {
		return true
	}
	for p, depth := a.Parent, 0; p != nil && depth < 2; p, depth = p.Parent, depth+1 {
		if dom.NodeName(p) == "sup" {
			return true
		}
	}
	return dom.FindFirstNode(a, func(n *html.Node) bool { return dom.NodeName(n) == "sup" }) != nil
}

func cleanLabel(text string) string {
	text = strings.Trim(strings.TrimSpace(text), "[]()")
	if labelRe.MatchString(text) {
		return text
	}
	return ""
}

// uniqueLabel returns want, or the item's position, or a numbered variant,
// whichever is free first, and marks it used.
func uniqueLabel(used map[string]bool, want string, pos int) string {
	for _, c := range []string{want, strconv.Itoa(pos)} {
		if c != "" && !used[c] {
			used[c] = true
			return c
		}
	}
	for i := 1; ; i++ {
		c := "fn" + strconv.Itoa(pos) + "-" + strconv.Itoa(i)
		if !used[c] {
			used[c] = true
			return c
		}
	}
}

// listPosition is the 1-based index of li among its list's items.
func listPosition(li *html.Node) int {
	pos := 1
	for s := li.PrevSibling; s != nil; s = s.PrevSibling {
		if s.Type == html.ElementNode && s.Data == "li" {
			pos++
		}
	}
	return pos
}

func collectIDs(n *html.Node, into map[string]bool) {
	for _, d := range dom.AllNodes(n) {
		if id := dom.GetAttributeOr(d, "id", ""); id != "" {
			into[id] = true
		}
	}
}

func isInside(n, ancestor *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p == ancestor {
			return true
		}
	}
	return false
}

// onlyElementChild returns the single element child of n when n contains
// nothing else but whitespace, and nil otherwise.
func onlyElementChild(n *html.Node) *html.Node {
	var only *html.Node
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		switch ch.Type {
		case html.ElementNode:
			if only != nil {
				return nil
			}
			only = ch
		case html.TextNode:
			if !isBlankText(ch.Data) {
				return nil
			}
		}
	}
	return only
}

// prevElement and nextElement are the neighbouring element, across blank
// text only; nil when text stands between.
func prevElement(n *html.Node) *html.Node {
	return sibling(n, func(s *html.Node) *html.Node { return s.PrevSibling })
}

func nextElement(n *html.Node) *html.Node {
	return sibling(n, func(s *html.Node) *html.Node { return s.NextSibling })
}

func sibling(n *html.Node, step func(*html.Node) *html.Node) *html.Node {
	for s := step(n); s != nil; s = step(s) {
		switch s.Type {
		case html.ElementNode:
			return s
		case html.TextNode:
			if !isBlankText(s.Data) {
				return nil
			}
		}
	}
	return nil
}

// isBlankText reports whether s is only whitespace, counting the
// non-breaking space the visual editor used to keep empty paragraphs open
// (unicode.IsSpace, and so strings.TrimSpace, includes U+00A0).
func isBlankText(s string) bool {
	return strings.TrimSpace(s) == ""
}

// renderFootnoteList writes one "[^label]: text" definition per item, with
// continuation lines indented four spaces as footnote syntax requires.
func renderFootnoteList(ctx converter.Context, w converter.Writer, list *html.Node, st *convState) converter.RenderStatus {
	var defs [][]byte
	multiline := false
	for li := list.FirstChild; li != nil; li = li.NextSibling {
		label, ok := st.notes.items[li]
		if !ok {
			continue
		}
		var buf bytes.Buffer
		ctx.RenderChildNodes(ctx, &buf, li)
		content := bytes.TrimSpace(buf.Bytes())
		if len(content) == 0 {
			continue
		}
		if bytes.ContainsAny(content, "\n") || bytes.Contains(content, marker.BytesMarkerCodeBlockNewline) {
			multiline = true
		}
		def := append([]byte("[^"+label+"]: "), indentContinuation(content, "    ")...)
		defs = append(defs, def)
	}
	if len(defs) == 0 {
		return converter.RenderSuccess
	}
	sep := []byte("\n")
	if multiline {
		sep = []byte("\n\n")
	}
	w.WriteString("\n\n")
	w.Write(bytes.Join(defs, sep))
	w.WriteString("\n\n")
	return converter.RenderSuccess
}

// indentContinuation indents every line after the first, except blank
// ones (indenting those would leave trailing whitespace).
func indentContinuation(content []byte, indent string) []byte {
	content = bytes.ReplaceAll(content, marker.BytesMarkerCodeBlockNewline, append(append([]byte{}, marker.BytesMarkerCodeBlockNewline...), indent...))
	lines := bytes.Split(content, []byte("\n"))
	var out bytes.Buffer
	for i, line := range lines {
		if i > 0 {
			out.WriteByte('\n')
			if len(bytes.TrimSpace(line)) > 0 {
				out.WriteString(indent)
			}
		}
		out.Write(line)
	}
	return out.Bytes()
}

// Notes are the nodes of a body that are footnote apparatus rather than
// its text: each reference (a "1" in a <sup>) and each list of notes,
// found as the converter finds them. A description cut from the text
// leaves them out ("Rivers rise in spring.", not "Rivers rise1 in
// spring.").
func Notes(root *html.Node) map[*html.Node]bool {
	fn := detectFootnotes(root)
	out := make(map[*html.Node]bool, len(fn.refs)+len(fn.lists))
	for n := range fn.refs {
		out[n] = true
	}
	for n := range fn.lists {
		out[n] = true
	}
	return out
}
