package extract

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
)

// Every goquery Find walks the whole tree and tries the selector on each
// element; with some thirty rules per page that was most of the cost of
// extraction. Instead, one walk indexes the elements by id, class and tag,
// and each rule is tried only on the elements its rightmost part can match.

// domIndex lists a document's elements by id, class and tag, in document
// order.
type domIndex struct {
	order   map[*html.Node]int
	all     []*html.Node
	byID    map[string][]*html.Node
	byClass map[string][]*html.Node
	byTag   map[string][]*html.Node
}

func newIndex(root *html.Node) *domIndex {
	// Counted first, so that the tables are made at their size once
	// instead of growing (growing them was a seventh of the pipeline's
	// allocation).
	n := 0
	var count func(*html.Node)
	count = func(x *html.Node) {
		if x.Type == html.ElementNode {
			n++
		}
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			count(c)
		}
	}
	count(root)
	ix := &domIndex{
		order:   make(map[*html.Node]int, n),
		all:     make([]*html.Node, 0, n),
		byID:    map[string][]*html.Node{},
		byClass: make(map[string][]*html.Node, n/4),
		byTag:   make(map[string][]*html.Node, 64),
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			ix.order[n] = len(ix.all)
			ix.all = append(ix.all, n)
			ix.byTag[n.Data] = append(ix.byTag[n.Data], n)
			for _, a := range n.Attr {
				switch a.Key {
				case "id":
					ix.byID[a.Val] = append(ix.byID[a.Val], n)
				case "class":
					for c := range strings.FieldsSeq(a.Val) {
						ix.byClass[c] = append(ix.byClass[c], n)
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return ix
}

// query is a compiled selector group, each alternative with the index key
// of its rightmost compound selector.
type query struct {
	alts []alt
}

type alt struct {
	sel      cascadia.Selector
	kind     byte // '#' id, '.' class, 't' tag, 0 any element
	key      string
	original string
	// anchor is the id or class of the first compound of a descendant
	// selector (".cat-links a"): when the rightmost part is only a tag,
	// the candidates are that tag's elements under the anchors, far fewer
	// than all the page's links.
	anchorKind byte
	anchor     string
}

// queries caches compiled selectors; the rules are constants and user
// selectors are compiled once in New.
type queries struct{ m sync.Map }

func (qs *queries) get(sel string) (*query, error) {
	if q, ok := qs.m.Load(sel); ok {
		return q.(*query), nil
	}
	q, err := compileQuery(sel)
	if err != nil {
		return nil, err
	}
	qs.m.Store(sel, q)
	return q, nil
}

func compileQuery(group string) (*query, error) {
	q := &query{}
	for _, part := range splitTop(group, ',') {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		sel, err := cascadia.Compile(part)
		if err != nil {
			return nil, fmt.Errorf("selector %q: %w", part, err)
		}
		a := alt{sel: sel, original: part}
		a.kind, a.key = keyOf(lastCompound(part))
		if first := firstCompound(part); first != part {
			if k, key := keyOf(first); k == '.' || k == '#' {
				a.anchorKind, a.anchor = k, key
			}
		}
		q.alts = append(q.alts, a)
	}
	return q, nil
}

// eachTop calls fn for every byte of a selector that is outside brackets,
// parentheses and quotes: where commas and combinators mean something.
func eachTop(s string, fn func(i int, c byte)) {
	depth := 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[' || c == '(':
			depth++
		case c == ']' || c == ')':
			depth--
		case depth == 0:
			fn(i, c)
		}
	}
}

// splitTop splits s at sep outside brackets, parentheses and quotes.
func splitTop(s string, sep byte) []string {
	var out []string
	start := 0
	eachTop(s, func(i int, c byte) {
		if c == sep {
			out = append(out, s[start:i])
			start = i + 1
		}
	})
	return append(out, s[start:])
}

// lastCompound is the part of a selector after its last combinator.
func lastCompound(s string) string {
	_, last := combinators(s)
	return s[last:]
}

// firstCompound is the part of a selector before its first combinator.
func firstCompound(s string) string {
	first, _ := combinators(s)
	return s[:first]
}

// combinators finds where a selector's first compound ends and its last
// one starts.
func combinators(s string) (firstEnd, lastStart int) {
	firstEnd = len(s)
	eachTop(s, func(i int, c byte) {
		if c == ' ' || c == '>' || c == '+' || c == '~' {
			firstEnd = min(firstEnd, i)
			lastStart = i + 1
		}
	})
	return firstEnd, lastStart
}

// keyOf picks the most selective index key of a compound selector.
func keyOf(compound string) (byte, string) {
	plain := compound
	if i := strings.IndexAny(plain, "[:"); i >= 0 {
		plain = plain[:i]
	}
	name := func(s string) string {
		if i := strings.IndexAny(s, ".#"); i >= 0 {
			return s[:i]
		}
		return s
	}
	if i := strings.IndexByte(plain, '#'); i >= 0 {
		return '#', name(plain[i+1:])
	}
	if i := strings.IndexByte(plain, '.'); i >= 0 {
		return '.', name(plain[i+1:])
	}
	if tag := name(plain); tag != "" && tag != "*" {
		return 't', strings.ToLower(tag)
	}
	return 0, ""
}

// match returns the elements under scope (scope itself included) that
// match q, in document order.
func (ix *domIndex) match(scope *html.Node, q *query) []*html.Node {
	var out []*html.Node
	seen := map[*html.Node]bool{}
	for _, a := range q.alts {
		var cands []*html.Node
		switch {
		case a.kind == '#':
			cands = ix.byID[a.key]
		case a.kind == '.':
			cands = ix.byClass[a.key]
		case a.kind == 't' && a.anchorKind != 0:
			anchors := ix.byClass[a.anchor]
			if a.anchorKind == '#' {
				anchors = ix.byID[a.anchor]
			}
			for _, an := range anchors {
				cands = appendTagged(cands, an, a.key)
			}
		case a.kind == 't':
			cands = ix.byTag[a.key]
		default:
			cands = ix.all
		}
		for _, n := range cands {
			if !seen[n] && within(scope, n) && a.sel.Match(n) {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	if len(q.alts) > 1 || q.alts[0].anchorKind != 0 {
		slices.SortFunc(out, func(a, b *html.Node) int { return ix.order[a] - ix.order[b] })
	}
	return out
}

// appendTagged appends the descendants of n named tag.
func appendTagged(out []*html.Node, n *html.Node, tag string) []*html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			if c.Data == tag {
				out = append(out, c)
			}
			out = appendTagged(out, c, tag)
		}
	}
	return out
}

// within reports whether n is scope or below it (and still attached).
func within(scope, n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == scope {
			return true
		}
	}
	return false
}

// find is the indexed Find: the elements under scope matching sel.
func (pg *page) find(scope *goquery.Selection, sel string) *goquery.Selection {
	q, err := pg.x.queries.get(sel)
	if err != nil {
		// Built-in rules are tested and user selectors are compiled in
		// New, so this is a bug; say so rather than match nothing quietly.
		pg.out.Warnings = append(pg.out.Warnings, "internal: "+err.Error())
		return pg.none()
	}
	var nodes []*html.Node
	for _, s := range scope.Nodes {
		nodes = append(nodes, pg.ix.match(s, q)...)
	}
	return pg.none().AddNodes(nodes...)
}

// none is an empty selection of the page's document. (Not Slice(0, 0):
// that shares the document's node array, which AddNodes would overwrite.)
func (pg *page) none() *goquery.Selection {
	return pg.doc.Selection.FindNodes()
}
