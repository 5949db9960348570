package wprender

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/unpress/unpress/scrape/corpustest"
)

func TestTexturize(t *testing.T) {
	for in, want := range map[string]string{
		`'cause today's effort makes it worth tomorrow's "holiday" ...`: `’cause today’s effort makes it worth tomorrow’s “holiday” …`,
		`Smart "Quotes", Em---Dashes & Other`:                           `Smart “Quotes”, Em—Dashes & Other`,
		`a -- b - c--d xn--bcher`:                                       `a — b – c–d xn--bcher`,
		`He said 'hello' to O'Neil`:                                     `He said ‘hello’ to O’Neil`,
		`the '90s and '99s`:                                             `the ’90s and ’99s`,
		`a 9x9 grid, 0x1234, 2x 3x4cm`:                                  `a 9×9 grid, 0x1234, 2x 3x4cm`,
		`He is 6' 2" tall, it's 6'2"`:                                   `He is 6′ 2″ tall, it’s 6’2″`,
		`"42" and '0.5'`:                                                `“42” and ‘0.5’`,
		`<a href="x'y">it's</a> <code>it's "raw"</code> it's`:           `<a href="x'y">it’s</a> <code>it's "raw"</code> it’s`,
		`<pre>"a" -- 'b'</pre>"c"`:                                      `<pre>"a" -- 'b'</pre>“c”`,
		`[caption align="left"]it's[/caption] [code]it's[/code]`:        `[caption align="left"]it’s[/caption] [code]it's[/code]`,
		`<!-- it's --> it's`:                                            `<!-- it's --> it’s`,
		`Brand (tm)`:                                                    `Brand ™`,
	} {
		if got := Texturize(in); got != want {
			t.Errorf("Texturize(%q)\n got %q\nwant %q", in, got, want)
		}
	}
}

func TestAutop(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"One\ntwo\n\nThree", "<p>One<br />\ntwo</p>\n<p>Three</p>\n"},
		{"<h2>Head</h2>\nText", "<h2>Head</h2>\n<p>Text</p>\n"},
		{"Text<ul>\n<li>a</li>\n<li>b</li>\n</ul>", "<p>Text</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"},
		{"<pre>a\n\nb</pre>\n\nafter", "<pre>a\n\nb</pre>\n<p>after</p>\n"},
		{"<blockquote>Quote\n\nmore</blockquote>", "<blockquote><p>Quote</p>\n<p>more</p></blockquote>\n"},
		{"line<br><br>next", "<p>line</p>\n<p>next</p>\n"},
		{"<div class=\"a\nb\">x</div>", "<div class=\"a\nb\">x</div>\n"},
		{"   \n ", ""},
	} {
		if got := Autop(c.in); got != c.want {
			t.Errorf("Autop(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

// site is a fixed set of attachments and reusable blocks.
type site struct{}

func (site) Attachment(id int) (Attachment, bool) {
	switch id {
	case 7:
		return Attachment{ID: 7, URL: "https://example.org/wp-content/uploads/a.jpg", Page: "https://example.org/p/a/", Mime: "image/jpeg", Alt: "Alt A", Caption: "It's A", Parent: 1}, true
	case 8:
		return Attachment{ID: 8, URL: "https://example.org/wp-content/uploads/b.png", Page: "https://example.org/p/b/", Mime: "image/png", Parent: 1, MenuOrder: -1}, true
	case 9:
		return Attachment{ID: 9, URL: "https://example.org/wp-content/uploads/c.mp4", Mime: "video/mp4", Parent: 1}, true
	}
	return Attachment{}, false
}

func (s site) Attachments(parent int) []Attachment {
	if parent != 1 {
		return nil
	}
	b, _ := s.Attachment(8)
	a, _ := s.Attachment(7)
	c, _ := s.Attachment(9)
	return []Attachment{b, a, c}
}

func (site) ReusableBlock(id int) (string, bool) {
	if id == 5 {
		return "<!-- wp:paragraph --><p>Shared text</p><!-- /wp:paragraph -->", true
	}
	return "", false
}

func TestContent(t *testing.T) {
	for _, c := range []struct {
		name, in string
		want     []string // substrings of the rendered HTML
		not      []string
		warn     string
	}{
		{name: "caption", in: `[caption id="attachment_7" align="alignright" width="300"]<a href="x"><img src="a.jpg" /></a> It's a cat[/caption]`,
			want: []string{`<figure id="attachment_7" aria-describedby="caption-attachment-7" style="width: 300px" class="wp-caption alignright"><a href="x"><img src="a.jpg" /></a><figcaption id="caption-attachment-7" class="wp-caption-text">It’s a cat</figcaption></figure>`},
			not:  []string{"<p><figure"}},
		{name: "caption attribute", in: `[caption width="10" caption="Said"]<img src="a.jpg">[/caption]`, want: []string{`<figcaption class="wp-caption-text">Said</figcaption>`}},
		{name: "caption without width", in: `[caption]<img src="a.jpg"> text[/caption]`, want: []string{`<img src="a.jpg">`}, not: []string{"figure"}},
		{name: "gallery of the post's images", in: "Intro\n\n[gallery]\n\nOutro",
			want: []string{`<div id='gallery-1' class='gallery galleryid-1 gallery-columns-3 gallery-size-thumbnail'>`, `b.png`, `href='https://example.org/p/a/'`, `<figcaption class='wp-caption-text gallery-caption' id='gallery-1-7'>It’s A</figcaption>`, "<p>Outro</p>"},
			not:  []string{"c.mp4", "[gallery"}},
		{name: "gallery ids link file", in: `[gallery ids="7" link="file" columns="2"]`, want: []string{`gallery-columns-2`, `<a href='https://example.org/wp-content/uploads/a.jpg'>`}, not: []string{"b.png"}},
		{name: "escaped shortcode", in: `[[gallery]]`, want: []string{"[gallery]"}, not: []string{"gallery-1"}},
		{name: "embed", in: `[embed]https://www.youtube.com/watch?v=abc[/embed]`, want: []string{`<div class="wp-block-embed__wrapper">https://www.youtube.com/watch?v=abc</div>`}},
		{name: "autoembed", in: "Look:\n\nhttps://vimeo.com/123\n\nhttps://example.com/page", want: []string{`wp-block-embed__wrapper">https://vimeo.com/123<`, `<a href="https://example.com/page">https://example.com/page</a>`}},
		{name: "video", in: `[video src="https://example.org/v.mp4" poster="p.jpg"]`, want: []string{`<video class="wp-video-shortcode" id="video-1-1" width="640" height="360" poster="p.jpg" preload="metadata" controls="controls"><source type="video/mp4" src="https://example.org/v.mp4" />`}},
		{name: "video of the post", in: `[video]`, want: []string{`c.mp4`}},
		{name: "audio", in: `[audio mp3="https://example.org/a.mp3"][/audio]`, want: []string{`<audio class="wp-audio-shortcode" id="audio-1-1" preload="none" style="width: 100%;" controls="controls"><source type="audio/mpeg" src="https://example.org/a.mp3" />`}},
		{name: "unknown shortcodes", in: `[contact-form-7 id="1" title="Form"] and [rev_slider] and [sic]`, want: []string{`[contact-form-7 id=”1″ title=”Form”]`, "[sic]"}, warn: "2 shortcode(s) that WordPress core does not provide kept as text: [contact-form-7], [rev_slider]"},
		{name: "blocks", in: "<!-- wp:paragraph -->\n<p>It's</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:latest-posts {\"postsToShow\":3} /-->\n<!-- wp:block {\"ref\":5} /-->\n<!-- wp:separator --><hr class=\"wp-block-separator\"/><!-- /wp:separator -->",
			want: []string{"<p>It’s</p>", "<p>Shared text</p>", `<hr class="wp-block-separator"/>`}, not: []string{"wp:", "<p><p>"}, warn: "core/latest-posts"},
		{name: "shortcode block", in: "<!-- wp:shortcode -->\n[gallery ids=\"7\"]\n<!-- /wp:shortcode -->", want: []string{"gallery-1", "a.jpg"}},
		{name: "plugin block", in: `<!-- wp:acme/widget {"a":1} /--><!-- wp:acme/box --><div>kept</div><!-- /wp:acme/box -->`, want: []string{"<div>kept</div>"}, warn: "acme/widget"},
		// A more block saved without its <!--more--> and never closed holds
		// the rest of the post: WordPress shows it, and the block still
		// marks the break. Before: the rest was lost (issue 15).
		{name: "more block left open", in: "<!-- wp:paragraph -->\n<p>Lead</p>\n<!-- /wp:paragraph -->\n<!-- wp:more -->\n<!-- wp:paragraph -->\n<p>After</p>\n<!-- /wp:paragraph -->", want: []string{"<p>Lead</p>", `<span id="more-1"></span>`, "<p>After</p>"}, not: []string{"wp:more"}},
		{name: "more block closed", in: "<!-- wp:paragraph -->\n<p>Lead</p>\n<!-- /wp:paragraph -->\n<!-- wp:more -->\n<!--more-->\n<!-- /wp:more -->\n<!-- wp:paragraph -->\n<p>After</p>\n<!-- /wp:paragraph -->", want: []string{"<p>Lead</p>", `<span id="more-1"></span>`, "<p>After</p>"}, not: []string{"wp:more"}},
		// An embed block with no markup of its own keeps the URL it names.
		// Before: left out, the post's body empty (issue 15).
		{name: "embed block without markup", in: `<!-- wp:embed {"url":"https://www.instagram.com/p/Cx1bRiver/","type":"rich","providerNameSlug":"instagram"} /-->` + "\n" + `<!-- wp:core-embed/instagram {"url":"https://www.instagram.com/p/Cx2Lake/"} -->` + "\n" + `<!-- /wp:core-embed/instagram -->` + "\n" + `<!-- wp:embed {"url":"javascript:alert(1)"} /-->`,
			want: []string{`<div class="wp-block-embed__wrapper">https://www.instagram.com/p/Cx1bRiver/</div>`, `<div class="wp-block-embed__wrapper">https://www.instagram.com/p/Cx2Lake/</div>`}, not: []string{"javascript"}},
		{name: "more and pages", in: "Teaser<!--more-->\n\nRest\n<!--nextpage-->\nPage two", want: []string{`<span id="more-1"></span>`, "<p>Page two</p>"}, not: []string{"nextpage"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := Content(c.in, Options{PostID: 1, Site: site{}})
			for _, w := range c.want {
				if !strings.Contains(res.HTML, w) {
					t.Errorf("missing %q in\n%s", w, res.HTML)
				}
			}
			for _, n := range c.not {
				if strings.Contains(res.HTML, n) {
					t.Errorf("holds %q:\n%s", n, res.HTML)
				}
			}
			if c.warn != "" && !strings.Contains(strings.Join(res.Warnings, "\n"), c.warn) {
				t.Errorf("warnings %q lack %q", res.Warnings, c.warn)
			}
		})
	}
	if res := Content("a<!--nextpage-->b<!--nextpage-->c", Options{}); res.Pages != 3 {
		t.Errorf("Pages = %d", res.Pages)
	}
}

// TestCorpusRendering renders the stored content of every post of a real
// WordPress and compares it with what WordPress rendered from it
// (truth.json's content_rendered), ignoring what only the live site adds:
// srcset and lazy-loading attributes, and the galleries and protected
// bodies that need the site's database.
func TestCorpusRendering(t *testing.T) {
	var truth []struct {
		ID        int    `json:"id"`
		Title     string `json:"title"`
		TitleRaw  string `json:"title_raw"`
		Raw       string `json:"content_raw"`
		Rendered  string `json:"content_rendered"`
		Protected bool   `json:"password_protected"`
	}
	corpustest.Truth(t, &truth)
	live := regexp.MustCompile(` (?:decoding|loading|sizes|srcset|data-id)="[^"]*"| width="\d+" height="\d+"|<p><span id="more-\d+"></span></p>|<p><!--(?:more|nextpage)--></p>|is-layout-\w+ |wp-block-gallery-\d+ `)
	norm := func(s string) string {
		s = live.ReplaceAllString(html.UnescapeString(s), "")
		s = strings.NewReplacer("<p><figure", "<figure", "</figure></p>", "</figure>", `"/>`, `" />`).Replace(s)
		return strings.Join(strings.Fields(s), " ")
	}
	same := 0
	for _, p := range truth {
		if want := strings.TrimPrefix(p.Title, "Protected: "); Title(p.TitleRaw) != want {
			t.Errorf("post %d: Title(%q) = %q, want %q", p.ID, p.TitleRaw, Title(p.TitleRaw), want)
		}
		if p.Protected || strings.Contains(p.Raw, "[gallery") {
			continue
		}
		got, want := norm(Content(p.Raw, Options{PostID: p.ID}).HTML), norm(p.Rendered)
		if got == want {
			same++
			continue
		}
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		t.Errorf("post %d differs at %d:\n got …%s…\nwant …%s…", p.ID, i, got[max(0, i-60):min(len(got), i+80)], want[max(0, i-60):min(len(want), i+80)])
	}
	t.Logf("%d posts rendered as WordPress rendered them", same)
}

// FuzzContent renders arbitrary stored content: never a panic, and the
// output parses.
func FuzzContent(f *testing.F) {
	for _, s := range []string{
		"One\n\ntwo [caption width=\"5\"]<img src=x> c[/caption] [gallery ids=\"7,8\"]",
		"<!-- wp:paragraph --><p>'x' -- \"y\"</p><!-- /wp:paragraph --><!-- wp:block {\"ref\":5} /-->",
		"<pre>a\n\nb</pre><!--more--><!--nextpage-->[[embed]]x[/embed] 9x9 '99",
		"[video][audio src=\"a.mp3\"][playlist][/video",
		"<!-- wp:a {\"b\":\"--\"} -->",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		res := Content(s, Options{PostID: 1, Site: site{}})
		if _, err := Fragment(res.HTML, nil, site{}); err != nil {
			t.Fatal(err)
		}
		Title(s)
		Text(s)
	})
}

// The footnotes block shows the notes of the post's "footnotes" meta, as
// render_block_core_footnotes does; broken meta is a warning.
func TestFootnotesBlock(t *testing.T) {
	in := "<!-- wp:paragraph -->\n<p>A<sup data-fn=\"n1\" class=\"fn\"><a href=\"#n1\" id=\"n1-link\">1</a></sup></p>\n<!-- /wp:paragraph -->\n<!-- wp:footnotes /-->"
	res := Content(in, Options{PostID: 1, Footnotes: `[{"content":"The <em>note</em>.","id":"n1"}]`})
	want := `<ol class="wp-block-footnotes"><li id="n1">The <em>note</em>. <a href="#n1-link">↩︎</a></li></ol>`
	if !strings.Contains(res.HTML, want) {
		t.Errorf("missing %q in\n%s", want, res.HTML)
	}
	if res := Content(in, Options{PostID: 1}); strings.Contains(res.HTML, "<ol") || len(res.Warnings) > 0 {
		t.Errorf("no meta: %q %q", res.HTML, res.Warnings)
	}
	if res := Content(in, Options{PostID: 1, Footnotes: `{"x"`}); !strings.Contains(strings.Join(res.Warnings, "\n"), "footnotes meta is not a JSON list") {
		t.Errorf("broken meta: warnings %q", res.Warnings)
	}
}

// [sourcecode] and [code] are code: a <pre><code> with the language, the
// quotes and lines as written, entities read once.
func TestCodeShortcodes(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"[sourcecode language=\"php\"]\necho \"a\" . 'b';\nif ($a && $b) {}\n[/sourcecode]", "<pre><code class=\"language-php\">echo &#34;a&#34; . &#39;b&#39;;\nif ($a &amp;&amp; $b) {}</code></pre>"},
		{"Text\n\n[code lang=\"JS\"]x &lt; 1 -- 2[/code]\n\nMore", "<pre><code class=\"language-js\">x &lt; 1 -- 2</code></pre>"},
		{"[code]plain[/code]", "<pre><code>plain</code></pre>"},
		{"[code language=\"a b\"]x[/code]", "<pre><code>x</code></pre>"},
		{"[[code]]x[[/code]]", "[[code]]x[[/code]]"},
	} {
		res := Content(c.in, Options{PostID: 1})
		if !strings.Contains(res.HTML, c.want) {
			t.Errorf("%q: missing %q in\n%s", c.in, c.want, res.HTML)
		}
		if strings.Contains(res.HTML, "<p><pre") {
			t.Errorf("%q: a paragraph around the code:\n%s", c.in, res.HTML)
		}
	}
}
