package extract

import (
	"fmt"
	"testing"
)

// page wraps a post body in a single-post page without head metadata, so
// that the date comes from the body rules under test.
func datePage(body string) string {
	return `<html><head><title>A Post</title></head><body class="single single-post postid-7">` + body + `</body></html>`
}

const plainURL = "https://example.org/a-post/"

func TestPublishedDate(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want string // dateStr of Published
		upd  string // dateStr of Updated, when checked
	}{
		{
			name: "updated time before published time in posted-on",
			doc: datePage(`<article id="post-7"><h1 class="entry-title">A Post</h1>
<span class="posted-on"><a href="#"><time class="updated" datetime="2022-04-07T10:00:00+02:00">April 7, 2022</time><time class="entry-date published" datetime="2022-03-11T15:42:00+02:00">March 11, 2022</time></a></span>
<div class="entry-content"><p>Text.</p></div></article>`),
			want: "2022-03-11T15:42:00+02:00 (classic-theme)",
			upd:  "2022-04-07T10:00:00+02:00 (classic-theme)",
		},
		{
			name: "entry-date marked updated only is not the published date",
			doc: datePage(`<article id="post-7"><h1 class="entry-title">A Post</h1>
<time class="entry-date updated" datetime="2022-04-07T10:00:00+02:00">April 7, 2022</time> <time class="entry-date" datetime="2022-03-11T15:42:00+02:00">March 11, 2022</time>
<div class="entry-content"><p>Text.</p></div></article>`),
			want: "2022-03-11T15:42:00+02:00 (classic-theme)",
		},
		{
			name: "microdata datePublished on time with a space-separated datetime",
			doc: datePage(`<article><h1>A Post</h1><p>By <a rel="author" href="/author/a/">Amelie</a>
<time itemprop="datePublished" datetime="2020-02-08 11:00">Feb 8, 2020</time></p>
<div class="entry-content"><p>Written on 18 February 2020.</p></div></article>`),
			want: "2020-02-08T11:00:00Z (microdata)",
		},
		{
			name: "microdata datePublished as plain text, dateModified as content",
			doc: datePage(`<div class="post"><h1>A Post</h1><span itemprop="datePublished">28. Dezember 2022</span>
<span itemprop="dateModified" content="2023-01-05T09:00:00+01:00">vor 2 Tagen</span><div class="entry-content"><p>Text.</p></div></div>`),
			want: "2022-12-28 (microdata)",
			upd:  "2023-01-05T09:00:00+01:00 (microdata)",
		},
		{
			name: "microdata of a comment is not the post's",
			doc: datePage(`<div class="post"><h1>A Post</h1><div class="entry-content"><p>Text.</p></div>
<div itemscope itemtype="https://schema.org/Comment"><time itemprop="datePublished" datetime="2021-05-01">May 1, 2021</time></div></div>`),
			want: "",
		},
		{
			name: "microdata dateCreated when nothing says published",
			doc:  datePage(`<div class="post"><h1>A Post</h1><meta itemprop="x"><time itemprop="dateCreated" datetime="2022-01-21T12:25:31+0100">21. Januar 2022</time></div>`),
			want: "2022-01-21T12:25:31+01:00 (microdata)",
		},
		{
			name: "non-ISO datetime attribute, day first with dots",
			doc:  datePage(`<article><h1 class="entry-title">A Post</h1><time class="entry-date" datetime="11.03.2019">vor langer Zeit</time></article>`),
			want: "2019-03-11 (classic-theme)",
		},
		{
			name: "ambiguous datetime attribute falls back to the visible text",
			doc:  datePage(`<article><h1 class="entry-title">A Post</h1><time class="entry-date" datetime="01-11-2023 10:29">1. November 2023 10:29</time></article>`),
			want: "2023-11-01T10:29:00Z (classic-theme)",
		},
		{
			name: "JSON-LD forum posting with only dateCreated",
			doc: `<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"DiscussionForumPosting","headline":"Patch notes","dateCreated":"2020-09-18T10:00:00+02:00"}</script></head>
<body><h1>Patch notes</h1><div class="message">Text.</div></body></html>`,
			want: "2020-09-18T10:00:00+02:00 (json-ld)",
		},
		{
			name: "Blogger date header",
			doc:  datePage(`<div class="date-outer"><h2 class="date-header"><span>Wednesday, May 19, 2010</span></h2><div class="post hentry"><h3 class="post-title entry-title">A Post</h3><div class="post-body entry-content">Text</div></div></div>`),
			want: "2010-05-19 (classic-theme)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := extractString(t, plainURL, tt.doc)
			if got := dateStr(ex.Published); got != tt.want {
				t.Errorf("published = %q, want %q (all: %+v)", got, tt.want, ex.Published)
			}
			if tt.upd != "" {
				if got := dateStr(ex.Updated); got != tt.upd {
					t.Errorf("updated = %q, want %q", got, tt.upd)
				}
			}
		})
	}
}

// Themes with no date markup: the byline near the title, date-named
// elements, and sentences.
func TestVisibleDate(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want string
	}{
		{
			name: "paragraph under the h1",
			doc:  datePage(`<div class="post"><h1>A Post</h1><p>Jane Doe · March 11, 2022 · 5 min read</p><div class="entry-content"><p>On 1 April 2023 we will see.</p></div></div>`),
			want: "2022-03-11 (visible-text)",
		},
		{
			name: "em byline in German",
			doc:  datePage(`<div class="post"><h1>Ein Beitrag</h1><em>von Hans, 12. März 2021</em><div class="entry-content"><p>Text.</p></div></div>`),
			want: "2021-03-12 (visible-text)",
		},
		{
			name: "French byline",
			doc:  datePage(`<div class="post"><h1>Un article</h1><span>Publié le 3 mai 2019 à 15h42</span><div class="entry-content"><p>Texte.</p></div></div>`),
			want: "2019-05-03T15:42:00Z (visible-text)",
		},
		{
			name: "lead paragraph between title and byline",
			doc: datePage(`<div class="post"><h1>A Post</h1><div class="lead"><p>A long lead paragraph that tells what the post is about, long enough to be prose rather than a byline, written before 2020.</p></div>
<div class="author-box"><span class="author">Redaktion</span> <time datetime="01-11-2023 10:29">1. November 2023 10:29</time></div><div class="entry-content"><p>Text.</p></div></div>`),
			want: "2023-11-01T10:29:00Z (visible-text)",
		},
		{
			name: "date in the post's prose is not a byline",
			doc: `<html><body><main><h1>A Post</h1><p>A first paragraph of the post itself, long enough to be prose and not a byline at all, no date in it.</p>
<p>A second paragraph of prose that names a date, 30. April 2024, that is not the post's publication date at all.</p></main></body></html>`,
			want: "",
		},
		{
			name: "time with an offset in the header above the title",
			doc:  datePage(`<div class="banner"><span>Press release</span> <time datetime="2022-12-12 12:22">12.12.2022 12:22</time></div><h1>A Post</h1><div class="entry-content"><p>Text.</p></div>`),
			want: "2022-12-12T12:22:00Z (visible-text)",
		},
		{
			name: "updated label in the byline",
			doc:  datePage(`<div class="post"><h1>A Post</h1><p>Updated May 06, 2019</p><p>Published March 1, 2019</p><div class="entry-content"><p>Text.</p></div></div>`),
			want: "2019-03-01 (visible-text)",
		},
		{
			name: "calendar badge in spans",
			doc:  datePage(`<div class="beitrag"><div class="datum"><span class="monat">Feb</span> <span class="tag">18</span><span class="jahr">2009</span></div><h2>A Post</h2><p>Text of the post.</p></div>`),
			want: "2009-02-18 (visible-text)",
		},
		{
			name: "date-named element without a known class",
			doc:  datePage(`<div class="post"><div class="Datetime ArticleHeader-Date">6 May 2022 - 2:00 a. m.</div></div>`),
			want: "2022-05-06T02:00:00Z (visible-text)",
		},
		{
			name: "sentence in the post",
			doc:  datePage(`<article><div class="entry-content"><p>Dauer: 1 Stunde</p><p>Veröffentlicht am 16.08.2019<br>Lizenz: CC-BY</p></div></article>`),
			want: "2019-08-16 (visible-text)",
		},
		{
			name: "sentence with the verb last in a sidebar",
			doc: `<html><body><div id="content"><h2>A Post</h2><p>Text.</p></div><div id="sidebar"><div class="widget"><p>Recent: posted on 1 June 2015</p></div>
<p class="news"><a href="/x/" rel="bookmark">A Post</a> wurde am <nobr>19. Mai 2010</nobr> um <nobr>23:03</nobr> Uhr gepostet.</p></div></body></html>`,
			want: "2010-05-19T23:03:00Z (visible-text)",
		},
		{
			name: "another post's date in a ticker above the title is not the page's",
			doc: `<html><body class="page-template-default page page-id-12"><div class="latest-ticker"><span>Latest:</span> <a href="https://example.org/2022/04/08/how-we-back-up/">How We Back Up the Archive</a> <time datetime="2022-04-08T00:30:00+03:00">April 8, 2022</time></div>
<article id="post-12" class="page hentry"><header class="entry-header"><h1 class="entry-title">About</h1></header><div class="entry-content"><p>About us.</p></div></article></body></html>`,
			want: "",
		},
		{
			name: "links that hang off the page's own address are the page's",
			doc:  datePage(`<h2 class="post_name">A Post</h2><div class="post_meta">· November 22, 2011 · <a href="/a-post/email/" rel="nofollow">Email this post</a> · <a href="/a-post/print/">Print this page</a></div><p>Text.</p>`),
			want: "2011-11-22 (visible-text)",
		},
		{
			name: "comment dates never count",
			doc:  datePage(`<article><h1>A Post</h1><div class="entry-content"><p>Text.</p></div></article><div id="comments"><div class="comment-meta">Posted on April 19, 2019</div></div>`),
			want: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := extractString(t, plainURL, tt.doc)
			if got := dateStr(ex.Published); got != tt.want {
				t.Errorf("published = %q, want %q (all: %+v)", got, tt.want, ex.Published)
			}
		})
	}
}

// Wrappers named after a sidebar hold the post in some themes: they must
// not hide its date (or anything else).
func TestSidebarNamedMainColumn(t *testing.T) {
	tests := []struct {
		name, doc string
	}{
		{"content-sidebar-wrap", `<div class="content-sidebar-wrap"><main class="content">%s</main><aside class="sidebar"><div class="widget"><time class="entry-date published" datetime="2010-01-01T00:00:00Z">x</time></div></aside></div>`},
		{"has-sidebar", `<div class="has-sidebar">%s</div>`},
		{"primary-with-sidebar", `<div id="primary-with-sidebar">%s</div>`},
		{"id sidebar on the content area", `<div id="sidebar" class="site-content content-area">%s</div>`},
		{"sidebar holding the entry content", `<div class="sidebar">%s</div>`},
	}
	const entry = `<header class="entry-header"><h1 class="entry-title">A Post</h1><div class="entry-meta"><time class="entry-date" datetime="2020-04-09T07:59:57+02:00">Do 9 Apr 2020</time></div></header><div class="entry-content"><p>Text.</p></div>`
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := datePage(`<article id="post-7" class="post hentry">` + fmt.Sprintf(tt.doc, entry) + `</article>`)
			ex := extractString(t, plainURL, doc)
			if got, want := dateStr(ex.Published), "2020-04-09T07:59:57+02:00 (classic-theme)"; got != want {
				t.Errorf("published = %q, want %q", got, want)
			}
		})
	}
	// A real sidebar stays chrome.
	ex := extractString(t, plainURL, datePage(`<article id="post-7"><h1 class="entry-title">A Post</h1><div class="entry-content"><p>Text.</p></div></article>
<div id="sidebar"><ul><li><time class="entry-date published" datetime="2010-01-01T00:00:00Z">x</time></li></ul></div>`))
	if got := dateStr(ex.Published); got != "" {
		t.Errorf("sidebar date taken: %q", got)
	}
}
