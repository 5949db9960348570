package extract

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/unpress/unpress/scrape"
)

// TestContentRootUnseenThemes reads small pages in markup the theme rules
// do not list (fixtures/extract): the body must be the post's text, whole,
// and nothing around it.
func TestContentRootUnseenThemes(t *testing.T) {
	tests := []struct {
		file    string
		url     string
		kind    Kind
		rule    string   // the content rule that chose the body
		want    []string // in the body
		notWant []string // not in the body
	}{
		{
			file: "kubrick.html", url: "https://kubrick.example/?p=12", kind: KindPost, rule: "content/.post > .entry",
			want:    []string{"We finally moved the garden shed", "nothing broke except one hinge"},
			notWant: []string{"This blog is about gardening", "Posted in", "Planting tomatoes", "proudly powered"},
		},
		{
			file: "blogger-style.html", url: "https://notes.example/2014/01/winter-walk.html", kind: KindPost, rule: "content/.post-body",
			want:    []string{"On Sunday we walked along the frozen river", "hot bread through the window"},
			notWant: []string{"Older posts about walks", "Posted by"},
		},
		{
			// Post cards with post classes after the body; a share bar
			// inside it.
			file: "page-builder.html", url: "https://town.example/2024/05/10/solar/", kind: KindPost, rule: "content/.elementor-widget-theme-post-content",
			want:    []string{"two hundred solar panels", "within nine years"},
			notWant: []string{"Share on Facebook", "A new bridge over the canal", "library opens on Sundays"},
		},
		{
			// A slider of cards whose .entry-content comes first, a byline
			// in the first of two .entry-content elements, and a related
			// list at the end of the second.
			file: "related-cards-first.html", url: "https://island.example/2023/02/20/ferry/", kind: KindPost,
			want:    []string{"the morning ferry leaves at 6:40", "kiosk will be closed for repairs"},
			notWant: []string{"Short teaser of another post", "By Tomas Berg", "Related posts", "The harbour gets a new roof"},
		},
		{
			// A short post in a theme with no WordPress classes: the
			// post-N entry, its date and its category make it a post.
			file: "short-old-theme.html", url: "https://short.example/number-two/", kind: KindPost,
			want:    []string{"the second arrived a few days ago"},
			notWant: []string{"No Response so far", "Filed under"},
		},
		{
			// Lists of links between paragraphs, and sources at the end,
			// are the post's own.
			file: "list-in-post.html", url: "https://family.example/2020/01/01/start-here/", kind: KindPost,
			want:    []string{"Why we moved the blog", "Grandmother's recipes", "Everything else is in", "Sources", "Parish records"},
			notWant: []string{},
		},
	}
	x, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "extract", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			u, _ := url.Parse(tt.url)
			ex, err := x.Extract(&scrape.Page{URL: u, HTML: raw})
			if err != nil {
				t.Fatal(err)
			}
			if ex.Kind != tt.kind {
				t.Errorf("kind = %s, want %s", ex.Kind, tt.kind)
			}
			if ex.Content == nil {
				t.Fatalf("no content (warnings %v)", ex.Warnings)
			}
			t.Logf("content rule: %s", ex.ContentRule)
			if tt.rule != "" && ex.ContentRule != tt.rule {
				t.Errorf("content rule = %q, want %q", ex.ContentRule, tt.rule)
			}
			body := nodeTextOf(ex)
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q:\n%s", w, body)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(body, w) {
					t.Errorf("body has %q:\n%s", w, body)
				}
			}
		})
	}
}

// TestBoilerplateInsideContent: blocks inside .entry-content that are not
// the post, known by their names and structure, go with their labels;
// the post's own text, captions and lists stay.
func TestBoilerplateInsideContent(t *testing.T) {
	const head = `<html><body class="single single-post postid-3"><article id="post-3" class="post-3 post hentry"><h1 class="entry-title">Post</h1><div class="entry-content">`
	const lead = `<p>The first paragraph of the post is long enough to be read as the post's own text by every rule here.</p>`
	const tail = `</div></article></body></html>`
	long := strings.Repeat(`<p>Nine paragraphs of the post's own text make a body long enough for a teaser between them to stand out.</p>`, 3)
	tests := []struct {
		name, html string
		want, not  []string
	}{
		{"share bar by class word", lead + `<div class="shareBar"><a href="https://facebook.com/x">Facebook</a></div>`, []string{"first paragraph"}, []string{"Facebook"}},
		{"plugin author box", lead + `<div class="saboxplugin-wrap"><p>Anna writes about gardens.</p></div>`, nil, []string{"Anna writes"}},
		{"related list with its heading", lead + `<h3>You may also like</h3><ul><li><a href="/a/">Post A</a></li><li><a href="/b/">Post B</a></li></ul>`, nil, []string{"You may also like", "Post A"}},
		{"label before a removed share block", lead + `<p><strong>Share this post:</strong></p><div class="sharedaddy"><a href="https://twitter.com/x">Twitter</a></div>`, nil, []string{"Share this post", "Twitter"}},
		{"a last line ending in an ellipsis stays", lead + `<p><strong>Thanks for the tip…</strong></p><div class="sharedaddy"><a href="https://twitter.com/x">Twitter</a></div>`, []string{"Thanks for the tip"}, []string{"Twitter"}},
		{"captions stay", lead + `<figure class="wp-block-image"><img src="/a.jpg" alt=""><figcaption>Photo: the harbour at dawn</figcaption></figure>`, []string{"Photo: the harbour at dawn"}, nil},
		{"links to other sites at the end stay", lead + `<ul><li><a href="https://other.example/a">Source A</a></li><li><a href="https://third.example/b">Source B</a></li></ul>`, []string{"Source A", "Source B"}, nil},
		{"soft hyphens go", `<p>Hyphen&shy;ation plugins split every long word of the post into syl&shy;lables nobody typed in.</p>`, []string{"Hyphenation", "syllables"}, nil},
		{"a label and a run of linked titles at the end", lead + `<h2>More from the column:</h2><p><a href="/x/">First other post</a></p><p><a href="/y/">Second other post</a></p>`, []string{"first paragraph"}, []string{"More from the column", "First other post", "Second other post"}},
		{"a related list under a label, more links after it", lead + lead + `<h3>More on this topic</h3><ul><li>2019-01-14: <a href="/a/">Post A, with the long title other posts on this site have</a></li><li>2018-01-06: <a href="/b/">Post B, about the same subject from another side</a></li></ul><h4>Further reading</h4><ul><li><a href="https://other.example/">Elsewhere</a></li></ul>`, []string{"Further reading", "Elsewhere"}, []string{"More on this topic", "Post A"}},
		{"a bold label before an author box", lead + `<div style="font-weight:bold">About the author</div><div class="saboxplugin-wrap"><p>Jo writes.</p></div>`, []string{"first paragraph"}, []string{"About the author", "Jo writes"}},
		{"a bold subheading in the post stays", lead + `<p><strong>What we found</strong></p><p>Three of the five hives survived the winter, which is more than the year before and more than we hoped.</p>`, []string{"What we found", "Three of the five hives"}, nil},
		{"an author box by its structure", lead + `<div class="person-card"><a href="https://example.org/author/jo/"><img src="/jo.jpg" alt=""></a><h5><a href="https://example.org/author/jo/">Jo Smith</a></h5><p>Jo writes about gardens and bees for the local paper since 2009.</p></div>`, []string{"first paragraph"}, []string{"Jo Smith", "Jo writes"}},
		{"a column with a picture and two paragraphs is the post's", `<div class="row"><div class="col"><a href="https://example.org/author/jo/"><img src="/jo.jpg" alt=""></a></div><div class="col"><p>The first of two paragraphs in a page-builder column, long enough to count as one.</p><p>The second of them, which is also long enough to count as a paragraph of the post.</p></div></div>`, []string{"The first of two paragraphs", "The second of them"}, nil},
		{"aside in the content", lead + `<aside><p>Subscribe to our weekly digest of gardening news and tips.</p></aside>`, nil, []string{"weekly digest"}},
		{"a share block known by its links", lead + `<div><strong>Möchten Sie den Artikel teilen?</strong><br><a href="https://www.facebook.com/sharer.php?u=https://example.org/x/"><div class="fb"></div></a><a href="whatsapp://send?text=x"><div class="wa"></div></a></div>`, []string{"first paragraph"}, []string{"teilen"}},
		{"a link back to the front page", lead + `<div class="sticky-prev"><a href="https://example.org/">Zurück zur Startseite</a></div>`, []string{"first paragraph"}, []string{"Startseite"}},
		{"a lone teaser between paragraphs", long + `<p>Le puede interesar: <a href="/2023/05/05/other/">The other post with a title of many words</a></p>` + long, []string{"Nine paragraphs"}, []string{"Le puede interesar", "The other post"}},
		{"a teaser under its own bold label", long + `<p><strong>Lue myös:</strong></p><p><a href="/2023/05/05/other/">The other post with a title of many words</a></p>` + long, []string{"Nine paragraphs"}, []string{"Lue myös", "The other post"}},
		{"a run of linked titles between paragraphs stays", long + `<p><a href="/a/">First post with a long title here</a></p><p><a href="/b/">Second post with a long title here</a></p>` + long, []string{"First post with", "Second post with"}, nil},
		{"a link to a file stays", long + `<p>Download: <a href="/wp-content/uploads/2023/plan.pdf">The whole plan as a printable file</a></p>` + long, []string{"The whole plan"}, nil},
		{"a short link in a sentence's place stays", long + `<p><a href="/download/6269/">Plan herunterladen</a></p>` + long, []string{"Plan herunterladen"}, nil},
		{"a bold question before a removed block", lead + `<p><strong>Schon gelesen?</strong></p><blockquote class="wp-embedded-content"><p><a href="/x/">Other post</a></p></blockquote>`, []string{"first paragraph"}, []string{"Schon gelesen", "Other post"}},
		{"a bold question ending the post stays", lead + `<p><strong>Was meint ihr?</strong></p>`, []string{"Was meint ihr?"}, nil},
		{"the line before an ad stays", `<blockquote><p>From its hypnotic synths to its brooding melodies, it takes you on a journey to the far reaches.</p><p><strong>– Kyle Hughes, Writer</strong></p><div class="my-2"><div class="ad-unit"><script>show()</script></div></div><p>It merges production and rhythms with a melodic flair that is likely to find its audience.</p></blockquote>`, []string{"Kyle Hughes"}, nil},
		{"a menu and a footer inside the root", lead + `<ul class="basic-footer-menu"><li><a href="/contact/">Mail the editor</a></li></ul><div class="article-footer"><a href="https://other.example/w">Whitepaper</a></div>`, []string{"first paragraph"}, []string{"Mail the editor", "Whitepaper"}},
		{"slides a script shows one at a time", lead + `<div class="slide"><p>The first slide is shown.</p></div><div class="slide hidden"><p>The second slide waits for its turn.</p></div><div class="modal hidden"><p>Sign up now</p></div>`, []string{"first slide", "second slide"}, []string{"Sign up now"}},
		{"a label styled as a heading by its name", lead + `<p class="box-headline">Topics in this article</p><div class="linkbox"><ul><li><a href="/tag/a/">Energy</a></li><li><a href="/tag/b/">Fusion</a></li></ul></div>`, []string{"first paragraph"}, []string{"Topics in this article", "Fusion"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := extractString(t, "https://example.org/2024/01/01/post/", head+tt.html+tail)
			if ex.Content == nil {
				t.Fatal("no content")
			}
			body := nodeTextOf(ex)
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q: %s", w, body)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(body, w) {
					t.Errorf("body has %q: %s", w, body)
				}
			}
		})
	}
}

// TestRelatedBlockByID: a related-posts block named only by its id is
// chrome: its thumbnail is not the post's featured image, its dates and
// authors are not the post's.
func TestRelatedBlockByID(t *testing.T) {
	ex := extractString(t, "https://example.org/2024/01/01/post/", `<html><body class="single single-post postid-3">
<article id="post-3" class="post-3 post hentry"><h1 class="entry-title">Post</h1>
<div class="entry-content"><p>A post without a featured image, long enough to be the post's body by every rule we have.</p></div></article>
<section id="related-posts"><div class="card"><img class="wp-post-image" src="https://example.org/wp-content/uploads/other.jpg" alt="">
<a href="https://example.org/2023/01/01/other/">Other</a> <time class="published" datetime="2023-01-01T10:00:00+00:00">1 Jan 2023</time>
<span class="author vcard"><a class="fn" href="https://example.org/author/zed/">Zed</a></span></div></section>
</body></html>`)
	if got := str(ex.Image); got != "" {
		t.Errorf("featured image = %q, want none", got)
	}
	if got := dateStr(ex.Published); got != "2024-01-01 (permalink)" {
		t.Errorf("published = %q", got)
	}
	if got := str(ex.Author); got != "" {
		t.Errorf("author = %q, want none", got)
	}
}

// TestLeadAboveContent: the lead a news theme prints between the title
// and the body is the article's first paragraph; a short kicker or a
// byline there is not.
func TestLeadAboveContent(t *testing.T) {
	ex := extractString(t, "https://example.org/2024/01/01/post/", `<html><body class="single single-post postid-3">
<article id="post-3" class="post-3 post hentry"><header class="entry-header"><h1 class="entry-title">Harbour reopens</h1>
<div class="entry-excerpt"><p>After two years of works the old harbour reopens on Saturday, with a new quay and a ferry to the islands.</p></div>
<div class="entry-intro-kicker">Local news</div></header>
<div class="entry-content"><p>The mayor will open the new quay at ten, and the first ferry leaves at noon for the outer islands.</p></div></article>
</body></html>`)
	body := nodeTextOf(ex)
	if !strings.HasPrefix(body, "After two years of works") || !strings.Contains(body, "The mayor will open") || strings.Contains(body, "Local news") {
		t.Errorf("body = %q", body)
	}
}

// TestSubtitleAboveContent: the sentence a theme prints right under the
// heading, whatever its class, opens the body; a meta line there does not.
func TestSubtitleAboveContent(t *testing.T) {
	const entry = `<div class="entry-content"><p>The mayor will open the new quay at ten, and the first ferry leaves at noon for the outer islands.</p></div></article></body></html>`
	for _, tt := range []struct {
		name, between, want string
	}{
		{"a standfirst", `<p>After two years of works the old harbour reopens, with a new quay and a ferry to the islands.</p>`, "After two years of works"},
		{"a standfirst in a small box", `<p></p><div class="small"><p>After two years of works the old harbour reopens, with a new quay and a ferry to the islands.</p></div>`, "After two years of works"},
		{"a meta line", `<p class="byline">Posted on <time datetime="2024-01-01">1 January 2024</time> by Anna, who writes about the harbour every week.</p>`, ""},
		{"no sentence", `<p>Harbour, quay, ferry, islands, works, Saturday, mayor, noon, ten o'clock and everything else</p>`, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ex := extractString(t, "https://example.org/2024/01/01/post/", `<html><body class="single single-post postid-3">
<article id="post-3" class="post-3 post hentry"><div class="hero"><h1 class="entry-title">Harbour reopens</h1>`+tt.between+`</div>`+entry)
			body := nodeTextOf(ex)
			if tt.want != "" && !strings.HasPrefix(body, tt.want) || tt.want == "" && !strings.HasPrefix(body, "The mayor") {
				t.Errorf("body = %q", body)
			}
		})
	}
}

// TestPostHeaderInsideRoot: when the root holds the post's header, the
// heading that repeats the title and the short lines before it (kicker,
// date, byline) leave the body; a picture before it stays, and a
// paragraph before the heading means it is no header.
func TestPostHeaderInsideRoot(t *testing.T) {
	const text = `<p>The first paragraph of the post is long enough to be read as the post's own text by every rule here.</p><p>The second paragraph of the post is just as long, so that the article is the body.</p>`
	tests := []struct {
		name, html string
		want, not  []string
	}{
		{"kicker and date before the title", `<article class="single"><header><div class="kicker"><span>Energy</span> <span>12.12.2022, 08:30</span></div><h1>Fusion and the stars</h1></header><div class="text">` + text + `</div></article>`,
			[]string{"first paragraph", "second paragraph"}, []string{"Energy", "12.12.2022", "Fusion and the stars"}},
		{"a picture before the title stays", `<article class="single"><figure><img src="https://example.org/a.jpg" alt="Reactor"></figure><p class="cat">Energy</p><h1>Fusion and the stars</h1>` + text + `</article>`,
			[]string{"first paragraph"}, []string{"Energy", "Fusion and the stars"}},
		{"a paragraph before a heading like the title", `<article class="single"><h1>Fusion and the stars</h1><div class="text">` + text + `<h2>Fusion and the stars</h2><p>A last paragraph that comes after a heading named like the post itself.</p></div></article>`,
			[]string{"first paragraph", "Fusion and the stars", "A last paragraph"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := extractString(t, "https://example.org/2024/01/01/fusion/", `<html><head><title>Fusion and the stars</title></head><body class="single single-post postid-3"><main>`+tt.html+`</main></body></html>`)
			if ex.Content == nil {
				t.Fatal("no content")
			}
			body := nodeTextOf(ex)
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q: %s", w, body)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(body, w) {
					t.Errorf("body has %q: %s", w, body)
				}
			}
		})
	}
}

// TestHostileText: credentials in a page's URLs and control characters in
// its text reach neither the fields nor the body (issue 13).
func TestHostileText(t *testing.T) {
	ex := extractString(t, "https://user:secret@example.org/2024/01/01/post/", "<html><head><title>T\x1b[2Jitle</title>"+
		`<link rel="canonical" href="https://admin:hunter2@example.org/2024/01/01/post/"></head>`+
		`<body class="single single-post postid-3"><article id="post-3" class="post-3 post hentry"><h1 class="entry-title">Ti`+"\x08"+`tle</h1>`+
		`<div class="entry-content"><p>Text with an escape `+"\x1b]0;owned\x07"+` and <a href="https://u:p@example.org/x/">a link</a>.</p></div></article></body></html>`)
	body := renderHTML(ex)
	for _, v := range []string{ex.URL, ex.Canonical, str(ex.Title), body} {
		if strings.Contains(v, "secret") || strings.Contains(v, "hunter2") || strings.Contains(v, "u:p@") || strings.ContainsAny(v, "\x1b\x07\x08") {
			t.Errorf("hostile bytes or credentials kept: %q", v)
		}
	}
	if str(ex.Title) != "Title (classic-theme)" {
		t.Errorf("title = %q", str(ex.Title))
	}
}
