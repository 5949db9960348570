// Package wprender renders post content as WordPress stores it (in a WXR
// export) into the HTML its pages show, the way the_content's filters do
// for a single post:
//
//   - the post is split into its pages at <!--nextpage-->, and the
//     <!--more--> teaser mark is the <span id="more-N"> a single post's
//     page shows in its place (a more block left open keeps the text
//     after it);
//   - block editor content: static blocks are their saved HTML with the
//     <!-- wp:… --> delimiters removed, a reusable block (core/block) is
//     the content it refers to, a shortcode block gets paragraphs, and
//     dynamic blocks (latest posts, query loops, search…) are left out with
//     a warning, since only the live site could render them;
//   - classic content: a URL alone on a line becomes an embed or a link
//     (autoembed), and wpautop adds the <p> and <br /> the editor never
//     stored;
//   - wptexturize's curly quotes, dashes and ellipses, outside code;
//   - the core shortcodes [caption], [gallery], [embed], [video], [audio]
//     and [playlist] become the HTML5 markup WordPress prints for them;
//     any other shortcode stays as text, as on a site whose plugin is gone,
//     and is counted.
//
// Everything is plain string processing with the rules compiled once; the
// output is an HTML fragment for the HTML parser.
package wprender

import (
	"fmt"
	"html"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Attachment is an uploaded file as the export describes it.
type Attachment struct {
	ID        int
	URL       string // the file
	Page      string // the attachment's own page
	Mime      string // image/jpeg, video/mp4 …
	Title     string
	Alt       string
	Caption   string // the attachment's excerpt
	Parent    int    // the post it is attached to
	MenuOrder int
	Width     int // of the full-size image; 0 when unknown
}

// Site is what content refers to beyond itself: attachments (galleries,
// media shortcodes) and reusable blocks.
type Site interface {
	Attachment(id int) (Attachment, bool)
	// Attachments are the files attached to a post, by menu order then ID.
	Attachments(parent int) []Attachment
	// ReusableBlock is the stored content of a wp_block post.
	ReusableBlock(id int) (string, bool)
}

// Options are what one post's rendering needs to know.
type Options struct {
	PostID int
	Site   Site // nil: galleries and reusable blocks render nothing
	// Footnotes is the post's "footnotes" meta: the JSON list of notes
	// ({"id", "content"}) the footnotes block (WordPress 6.3) shows.
	Footnotes string
}

// Result is a rendered post body.
type Result struct {
	HTML  string
	Pages int // pages of a multi-page post (<!--nextpage-->), at least 1
	// Unknown counts the shortcodes left as text, by name.
	Unknown  map[string]int
	Warnings []string
}

// state is one post's rendering: counters WordPress keeps per request
// (gallery-1, gallery-2 …) and what to report.
type state struct {
	opts      Options
	galleries int
	players   int
	unknown   map[string]int
	warnings  []string
}

func (st *state) warn(format string, args ...any) {
	w := fmt.Sprintf(format, args...)
	if !slices.Contains(st.warnings, w) {
		st.warnings = append(st.warnings, w)
	}
}

// Content renders a post's stored content (post_content) as its page
// shows it.
func Content(raw string, opts Options) Result {
	st := &state{opts: opts, unknown: map[string]int{}}
	pages := splitPages(raw)
	var b strings.Builder
	for i, p := range pages {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(st.page(p))
	}
	res := Result{HTML: b.String(), Pages: len(pages), Unknown: st.unknown, Warnings: st.warnings}
	if len(st.unknown) > 0 {
		names := slices.Sorted(maps.Keys(st.unknown))
		total := 0
		for i, n := range names {
			total += st.unknown[n]
			names[i] = "[" + n + "]"
		}
		res.Warnings = append(res.Warnings, fmt.Sprintf("%d shortcode(s) that WordPress core does not provide kept as text: %s", total, strings.Join(names, ", ")))
	}
	return res
}

// splitPages splits a post at <!--nextpage-->, as setup_postdata does.
func splitPages(s string) []string {
	if !strings.Contains(s, "<!--nextpage-->") {
		return []string{s}
	}
	s = strings.NewReplacer(
		"\n<!--nextpage-->\n", "<!--nextpage-->",
		"\n<!--nextpage-->", "<!--nextpage-->",
		"<!--nextpage-->\n", "<!--nextpage-->",
		"<!-- wp:nextpage -->", "",
		"<!-- /wp:nextpage -->", "",
	).Replace(s)
	s = strings.TrimPrefix(s, "<!--nextpage-->")
	return strings.Split(s, "<!--nextpage-->")
}

var (
	moreTag      = regexp.MustCompile(`<!--more(.*?)?-->`)
	moreBlock    = regexp.MustCompile(`<!-- /?wp:more(.*?) -->`)
	noTeaserTag  = "<!--noteaser-->"
	spaceOnlyTag = regexp.MustCompile(`^\s*$`)
)

// page renders one page of a post through the_content's filters, in
// WordPress's order: blocks (9), autoembed (8, classic only), texturize
// and wpautop (10), shortcodes (11).
func (st *state) page(s string) string {
	if m := moreTag.FindStringIndex(s); m != nil {
		s = moreBlock.ReplaceAllString(s, "")
		if m := moreTag.FindStringIndex(s); m != nil {
			s = s[:m[0]] + st.moreSpan() + s[m[1]:]
		}
	}
	s = strings.ReplaceAll(s, noTeaserTag, "")
	if spaceOnlyTag.MatchString(s) {
		return ""
	}
	s = codeBlocks(s)
	blocks := hasBlocks(s)
	if blocks {
		s = st.doBlocks(s, 0)
	} else {
		s = autoembed(s)
	}
	s = Texturize(s)
	if !blocks {
		s = shortcodeUnautop(Autop(s))
	}
	s = st.doShortcodes(s)
	st.countUnknown(s)
	return s
}

// moreSpan is what a single post's page shows where <!--more--> stood.
func (st *state) moreSpan() string {
	return `<span id="more-` + strconv.Itoa(st.opts.PostID) + `"></span>`
}

var tagRe = regexp.MustCompile(`<[^>]*>`)

// Title is a post title as themes print it, as plain text: texturized,
// tags removed, entities decoded.
func Title(raw string) string {
	return strings.TrimSpace(html.UnescapeString(tagRe.ReplaceAllString(Texturize(raw), "")))
}

// Text is the plain text of an excerpt or caption as WordPress shows it:
// texturized, tags removed, entities decoded, white space collapsed.
func Text(raw string) string {
	return strings.Join(strings.Fields(html.UnescapeString(tagRe.ReplaceAllString(Texturize(raw), " "))), " ")
}

// PlainText is the text of rendered HTML (a REST title or excerpt): tags
// removed, entities decoded, white space collapsed.
func PlainText(rendered string) string {
	return strings.Join(strings.Fields(html.UnescapeString(tagRe.ReplaceAllString(rendered, " "))), " ")
}
