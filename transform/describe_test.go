package transform

import (
	"testing"

	"github.com/unpress/unpress/scrape/extract"
)

// TestLead: the description cut from a body (when the post has no written
// one) is the text before its teaser break, as archives showed it, and
// never holds a footnote's number or note. Before: the first paragraph of
// 20 characters or more, wherever the break was, and "Rivers rise1 in
// spring." (issue 15).
func TestLead(t *testing.T) {
	const fnRef = `<sup data-fn="n1" class="fn"><a href="#n1" id="n1-link">1</a></sup>`
	const fnList = `<ol class="wp-block-footnotes"><li id="n1">Snow melts in the hills. <a href="#n1-link">↩︎</a></li></ol>`
	for _, tc := range []struct{ name, body, want string }{
		{"short teaser before the break", `<p>Short teaser.</p><p><span id="more-3"></span></p><p>A longer paragraph after the break.</p>`, "Short teaser."},
		{"teaser of two paragraphs", `<p>One.</p><p>Two, inside. <span id="more-3"></span>After.</p>`, "One. Two, inside."},
		{"break as a comment", `<p>Lead words.</p><!--more--><p>The rest of the post, long enough.</p>`, "Lead words."},
		{"break first: no teaser", `<p><span id="more-3"></span></p><p>The first paragraph long enough.</p>`, "The first paragraph long enough."},
		{"no break: first long paragraph", `<p>Tiny.</p><p>The first paragraph long enough.</p>`, "The first paragraph long enough."},
		{"footnote reference left out", `<p>Rivers rise` + fnRef + ` in spring.</p>` + fnList, "Rivers rise in spring."},
		{"notes are not text", `<p>Rise` + fnRef + `.</p>` + fnList, "Rise."},
		{"a superscript that is no note stays", `<p>Area is 4 m<sup>2</sup> in all, we measured.</p>`, "Area is 4 m2 in all, we measured."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Prepare(&extract.Extracted{URL: "https://example.org/p/", Kind: extract.KindPost, Content: body(tc.body)}).lead
			if got != tc.want {
				t.Errorf("lead %q, want %q", got, tc.want)
			}
		})
	}
}
