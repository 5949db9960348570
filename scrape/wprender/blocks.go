package wprender

import (
	"encoding/json"
	"fmt"
	"html"
	"regexp"
	"strings"
)

// blockDelimiter matches a block editor comment: <!-- wp:name {attrs} -->,
// <!-- /wp:name --> or the void <!-- wp:name {attrs} /-->.
// The attributes are JSON, in which WordPress escapes "--" (so that they
// cannot end the comment).
var blockDelimiter = regexp.MustCompile(`<!--\s+(/)?wp:([a-z][a-z0-9_-]*/)?([a-z][a-z0-9_-]*)\s+({(?:[^-]|-[^-])*?}\s+)?(/)?-->`)

// dynamicBlocks are core blocks that WordPress renders at view time from
// the site's state (the latest posts, a calendar, the search form, query
// loops): their stored form holds no content, and an export cannot give
// what they showed. They are left out, with a warning.
var dynamicBlocks = map[string]bool{
	"core/archives": true, "core/avatar": true, "core/calendar": true, "core/categories": true,
	"core/comment-author-name": true, "core/comment-content": true, "core/comment-date": true,
	"core/comments": true, "core/comments-query-loop": true, "core/comments-title": true,
	"core/home-link": true, "core/latest-comments": true, "core/latest-posts": true,
	"core/legacy-widget": true, "core/loginout": true, "core/navigation": true,
	"core/navigation-link": true, "core/navigation-submenu": true, "core/page-list": true,
	"core/pattern": true, "core/post-author": true, "core/post-author-biography": true,
	"core/post-author-name": true, "core/post-comments": true, "core/post-comments-form": true,
	"core/post-content": true, "core/post-date": true, "core/post-excerpt": true,
	"core/post-featured-image": true, "core/post-navigation-link": true, "core/post-template": true,
	"core/post-terms": true, "core/post-title": true, "core/query": true, "core/query-no-results": true,
	"core/query-pagination": true, "core/query-pagination-next": true,
	"core/query-pagination-numbers": true, "core/query-pagination-previous": true,
	"core/query-title": true, "core/read-more": true, "core/rss": true, "core/search": true,
	"core/site-logo": true, "core/site-tagline": true, "core/site-title": true,
	"core/social-link": true, "core/tag-cloud": true, "core/template-part": true,
	"core/term-description": true, "core/widget-group": true,
}

// block is one parsed block: its name, its JSON attributes as written and
// its inner content (text and nested blocks, in order).
type block struct {
	name  string
	attrs string
	inner []any // string or *block
}

// hasBlocks reports whether content was written with the block editor.
func hasBlocks(s string) bool { return strings.Contains(s, "<!-- wp:") }

// parseBlocks reads block delimiters into a tree. Text outside any block
// (the classic parts of a mixed post) stays text. A closer that matches no
// open block is dropped; blocks left open at the end are closed there.
func parseBlocks(s string) []any {
	root := &block{}
	stack := []*block{root}
	pos := 0
	for _, m := range blockDelimiter.FindAllStringSubmatchIndex(s, -1) {
		top := stack[len(stack)-1]
		if m[0] > pos {
			top.inner = append(top.inner, s[pos:m[0]])
		}
		pos = m[1]
		ns := "core/"
		if m[4] >= 0 {
			ns = s[m[4]:m[5]]
		}
		name := ns + s[m[6]:m[7]]
		attrs := ""
		if m[8] >= 0 {
			attrs = strings.TrimSpace(s[m[8]:m[9]])
		}
		switch {
		case m[2] >= 0: // closer
			for i := len(stack) - 1; i > 0; i-- {
				if stack[i].name == name {
					stack = stack[:i]
					break
				}
			}
		case m[10] >= 0: // void
			top.inner = append(top.inner, &block{name: name, attrs: attrs})
		default:
			b := &block{name: name, attrs: attrs}
			top.inner = append(top.inner, b)
			stack = append(stack, b)
		}
	}
	if pos < len(s) {
		stack[len(stack)-1].inner = append(stack[len(stack)-1].inner, s[pos:])
	}
	return root.inner
}

// doBlocks renders block content as WordPress's do_blocks does for what
// an export holds: static blocks are their saved HTML, delimiters
// removed; a reusable block is the content it refers to; a shortcode
// block gets paragraphs; dynamic blocks are left out and reported.
func (st *state) doBlocks(s string, depth int) string {
	var b strings.Builder
	st.renderNodes(&b, parseBlocks(s), depth)
	return b.String()
}

func (st *state) renderNodes(b *strings.Builder, nodes []any, depth int) {
	for _, n := range nodes {
		switch n := n.(type) {
		case string:
			b.WriteString(n)
		case *block:
			st.renderBlock(b, n, depth)
		}
	}
}

func (st *state) renderBlock(b *strings.Builder, bl *block, depth int) {
	switch bl.name {
	case "core/nextpage":
		return
	case "core/more":
		// Reached only when the page has no <!--more--> (page drops the
		// block's delimiters around one): the block was saved without it,
		// or left open, and then holds the rest of the post, which
		// WordPress shows. The block still marks the break.
		b.WriteString(st.moreSpan())
		st.renderNodes(b, bl.inner, depth)
		return
	case "core/shortcode":
		var inner strings.Builder
		st.renderNodes(&inner, bl.inner, depth)
		b.WriteString(Autop(inner.String()))
		return
	case "core/footnotes":
		st.footnotes(b)
		return
	case "core/block":
		var a struct {
			Ref int `json:"ref"`
		}
		_ = json.Unmarshal([]byte(bl.attrs), &a)
		content, ok := "", false
		if st.opts.Site != nil && a.Ref > 0 {
			content, ok = st.opts.Site.ReusableBlock(a.Ref)
		}
		if !ok || depth >= maxBlockDepth {
			st.warn("reusable block %d is not in the source: left out", a.Ref)
			return
		}
		b.WriteString(st.doBlocks(content, depth+1))
		return
	}
	if u := embedURL(bl); u != "" {
		// An embed block saved without its markup (void, or emptied by a
		// plugin or an import) still names what it embeds: WordPress's
		// own markup for it, the URL in the wrapper, keeps the link.
		fmt.Fprintf(b, `<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">%s</div></figure>`, html.EscapeString(u))
		return
	}
	if dynamicBlocks[bl.name] {
		st.warn("block %s is rendered by WordPress at view time and an export does not hold what it showed: left out", bl.name)
		return
	}
	if len(bl.inner) == 0 {
		if !strings.HasPrefix(bl.name, "core/") {
			st.warn("block %s has no saved content (a plugin renders it at view time): left out", bl.name)
		}
		return
	}
	st.renderNodes(b, bl.inner, depth)
}

// embedURL is the url attribute of an embed block (core/embed, or the
// core-embed/… variations of WordPress 5.0–5.5) that holds no markup, ""
// for any other block.
func embedURL(bl *block) string {
	if bl.name != "core/embed" && !strings.HasPrefix(bl.name, "core-embed/") {
		return ""
	}
	for _, n := range bl.inner {
		if s, ok := n.(string); !ok || strings.TrimSpace(s) != "" {
			return ""
		}
	}
	var a struct {
		URL string `json:"url"`
	}
	_ = json.Unmarshal([]byte(bl.attrs), &a)
	if u := strings.TrimSpace(a.URL); strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") {
		return u
	}
	return ""
}

// maxBlockDepth bounds reusable blocks that include each other.
const maxBlockDepth = 8

// footnotes renders the footnotes block as render_block_core_footnotes
// does: the notes are in the post's meta, not in its content, each an
// item with a back-link to its reference (<sup data-fn="ID"><a
// href="#ID" id="ID-link">), so that the converter makes Markdown
// footnotes of them.
func (st *state) footnotes(b *strings.Builder) {
	var notes []struct {
		ID      string `json:"id"`
		Content string `json:"content"`
	}
	if strings.TrimSpace(st.opts.Footnotes) == "" {
		return
	}
	if err := json.Unmarshal([]byte(st.opts.Footnotes), &notes); err != nil {
		st.warn("the post's footnotes meta is not a JSON list of notes (%v): the footnotes are left out", err)
		return
	}
	if len(notes) == 0 {
		return
	}
	b.WriteString(`<ol class="wp-block-footnotes">`)
	for _, n := range notes {
		id := html.EscapeString(n.ID)
		fmt.Fprintf(b, `<li id="%s">%s <a href="#%s-link">↩︎</a></li>`, id, n.Content, id)
	}
	b.WriteString("</ol>\n")
}
