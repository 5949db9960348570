package extract

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/unpress/unpress/scrape"
)

func extractString(t *testing.T, pageURL, doc string) *Extracted {
	t.Helper()
	x, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(pageURL)
	ex, err := x.Extract(&scrape.Page{URL: u, HTML: []byte(doc)})
	if err != nil {
		t.Fatal(err)
	}
	return ex
}

func firstOf[T any](list []Candidate[T]) (T, Source) {
	var zero T
	if len(list) == 0 {
		return zero, ""
	}
	return list[0].Value, list[0].Source
}

func dateStr(list []Candidate[Date]) string {
	d, src := firstOf(list)
	if src == "" {
		return ""
	}
	if !d.HasTime {
		return d.Time.Format("2006-01-02") + " (" + string(src) + ")"
	}
	return d.Time.Format(time.RFC3339) + " (" + string(src) + ")"
}

func termNames(list []Candidate[[]Term]) string {
	ts, src := firstOf(list)
	var n []string
	for _, t := range ts {
		n = append(n, t.Name)
	}
	if src == "" {
		return ""
	}
	return strings.Join(n, "|") + " (" + string(src) + ")"
}

func str(list []Candidate[string]) string {
	v, src := firstOf(list)
	if src == "" {
		return ""
	}
	return v + " (" + string(src) + ")"
}

const postURL = "https://example.org/2022/03/11/a-post/"

func TestExtractFields(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want map[string]string
	}{
		{
			name: "yoast json-ld graph",
			doc: `<html><head><title>A Post - Site</title>
<script type="application/ld+json" class="yoast-schema-graph">{"@context":"https://schema.org","@graph":[
 {"@type":"WebPage","@id":"https://example.org/a/#webpage","name":"A Post - Site","datePublished":"2022-03-09T11:00:00+02:00"},
 {"@type":"Article","@id":"https://example.org/a/#article","headline":"A Post","datePublished":"2022-03-09T11:00:00+02:00","dateModified":"2022-03-09T12:30:00+02:00",
  "author":{"@id":"https://example.org/#/schema/person/1"},"articleSection":["Humanitarian Aid"],"keywords":["Refugees","War in Ukraine"],
  "image":{"@id":"https://example.org/a/#primaryimage"}},
 {"@type":"ImageObject","@id":"https://example.org/a/#primaryimage","url":"https://example.org/wp-content/uploads/x.jpg"},
 {"@type":"Person","@id":"https://example.org/#/schema/person/1","name":"Olena Kovalenko"}]}</script>
</head><body class="single single-post postid-65"><article id="post-65" class="post hentry"><div class="entry-content"><p>Body.</p></div></article></body></html>`,
			want: map[string]string{
				"title": "A Post (json-ld)", "published": "2022-03-09T11:00:00+02:00 (json-ld)", "updated": "2022-03-09T12:30:00+02:00 (json-ld)",
				"author": "Olena Kovalenko (json-ld)", "categories": "Humanitarian Aid (json-ld)", "tags": "Refugees|War in Ukraine (json-ld)",
				"image": "https://example.org/wp-content/uploads/x.jpg (json-ld)", "kind": "post", "id": "65",
			},
		},
		{
			name: "opengraph and article meta",
			doc: `<html><head><title>T – Site</title><meta property="og:title" content="Meta Title – Site">
<meta property="article:published_time" content="2022-03-11T13:42:00+00:00"><meta property="article:modified_time" content="2022-04-07T07:03:00Z">
<meta property="article:section" content="News"><meta property="article:tag" content="A"><meta property="article:tag" content="B">
<meta property="og:image" content="/img.png"><meta name="description" content="Own &amp; description."><meta name="author" content="Jane Roe">
<meta property="og:type" content="article"></head><body><main><p>x</p></main></body></html>`,
			want: map[string]string{
				"title": "Meta Title – Site (meta)", "published": "2022-03-11T13:42:00Z (meta)", "updated": "2022-04-07T07:03:00Z (meta)",
				"author": "Jane Roe (meta)", "categories": "News (meta)", "tags": "A|B (meta)", "image": "https://example.org/img.png (meta)",
				"description": "Own & description. (meta)", "kind": "post",
			},
		},
		{
			name: "classic theme ignores comment, widget and related-post values",
			doc: `<html><head><title>Real – Site</title></head><body class="single single-post postid-7">
<aside class="widget"><h2 class="entry-title">Widget Title</h2><time class="entry-date published" datetime="2020-01-01T00:00:00+00:00">x</time><a rel="author" href="/author/w/">Widget Author</a></aside>
<div id="comments"><time datetime="2022-03-11T17:32:00+02:00">March 11, 2022</time><span class="author vcard"><b class="fn">Commenter</b></span></div>
<article id="post-7" class="post hentry sticky"><header class="entry-header"><h1 class="entry-title">Real</h1>
<div class="entry-meta"><span class="byline"><span class="screen-reader-text">Posted by</span><span class="author vcard"><a class="url fn n" href="/author/s/">Save Ukraine EN</a></span></span>
<span class="posted-on"><time class="entry-date published" datetime="2022-03-11T15:42:00+02:00">March 11, 2022</time><time class="updated" datetime="2022-04-07T10:03:00+03:00">April 7, 2022</time></span></div></header>
<div class="entry-content"><p>Text</p><div class="related-posts"><h3 class="entry-title">Other</h3><time class="entry-date published" datetime="2021-01-01T00:00:00+00:00">x</time></div></div>
<footer class="entry-footer"><span class="cat-links"><a href="/category/news/" rel="category tag">News</a></span>
<span class="tags-links"><span class="screen-reader-text">Tags: </span><a href="/tag/ra/" rel="tag">Russian Aggression</a>, <a href="/tag/wiu/" rel="tag">War in Ukraine</a></span></footer></article>
<nav class="navigation post-navigation"><div class="nav-links"><div class="nav-previous"><a href="/2022/03/10/prev/" rel="prev"><span class="meta-nav" aria-hidden="true">Previous Post</span> <span class="screen-reader-text">Previous post:</span> <span class="post-title">Prev Title</span></a></div></div></nav>
</body></html>`,
			want: map[string]string{
				"title": "Real (classic-theme)", "published": "2022-03-11T15:42:00+02:00 (classic-theme)", "updated": "2022-04-07T10:03:00+03:00 (classic-theme)",
				"author": "Save Ukraine EN (classic-theme)", "categories": "News (classic-theme)", "tags": "Russian Aggression|War in Ukraine (classic-theme)",
				"previous": "Prev Title https://example.org/2022/03/10/prev/ (classic-theme)", "sticky": "true", "kind": "post", "id": "7",
			},
		},
		{
			name: "one time marked published and updated is the published date only",
			doc: `<html><body class="single postid-3"><article id="post-3" class="hentry"><h1 class="entry-title">T</h1><div class="entry-content"><p>x</p></div>
<footer><span class="posted-on">Published <time class="entry-date published updated" datetime="2022-03-11T15:42:00+02:00">March 11, 2022</time></span></footer></article></body></html>`,
			want: map[string]string{"published": "2022-03-11T15:42:00+02:00 (classic-theme)", "updated": ""},
		},
		{
			name: "block theme splits terms by taxonomy class",
			doc: `<html><body class="single single-post postid-71"><div class="wp-site-blocks"><main><h1 class="wp-block-post-title">Block Post</h1>
<div class="entry-content wp-block-post-content"><p>x</p></div>
<div class="wp-block-post-date"><time datetime="2022-04-08T00:30:00+03:00">April 8, 2022</time></div>
<div class="wp-block-post-author"><div class="wp-block-post-author__content"><p class="wp-block-post-author__name">Jamie O’Connor</p></div></div>
<div class="taxonomy-category wp-block-post-terms"><a href="/category/tech/" rel="tag">Technology</a></div>
<div class="taxonomy-post_tag wp-block-post-terms"><a href="/tag/b/" rel="tag">Backups</a><span>, </span><a href="/tag/go/" rel="tag">Go</a></div>
</main></div></body></html>`,
			want: map[string]string{
				"title": "Block Post (block-theme)", "published": "2022-04-08T00:30:00+03:00 (block-theme)", "author": "Jamie O’Connor (block-theme)",
				"categories": "Technology (block-theme)", "tags": "Backups|Go (block-theme)",
			},
		},
		{
			name: "dates written only in words, Ukrainian",
			doc: `<html><body class="single postid-9"><article id="post-9" class="hentry"><h1 class="entry-title">Весна у Києві</h1>
<div class="entry-meta">Опубліковано 12 квітня 2021 · Оновлено 20 квітня 2021</div><div class="entry-content"><p>x</p></div></article></body></html>`,
			want: map[string]string{"published": "2021-04-12 (visible-text)", "updated": "2021-04-20 (visible-text)", "title": "Весна у Києві (classic-theme)"},
		},
		{
			name: "author box link texts are not names",
			doc: `<html><body class="single postid-4"><article id="post-4" class="hentry"><h1 class="entry-title">T</h1><div class="entry-content"><p>x</p></div>
<div class="author-bio"><h2 class="author-title">By Olena Kovalenko</h2><a class="author-link" href="/author/ok/" rel="author">View all of Olena Kovalenko's posts.</a></div></article></body></html>`,
			want: map[string]string{"author": "Olena Kovalenko (visible-text)"},
		},
		{
			name: "permalink is the last resort for the date",
			doc:  `<html><head><title>Only – Site</title></head><body class="single postid-5"><article class="hentry"><div class="entry-content"><p>x</p></div></article></body></html>`,
			want: map[string]string{"published": "2022-03-11 (permalink)", "title": "Only – Site (title-tag)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := extractString(t, postURL, tt.doc)
			got := map[string]string{
				"title": str(ex.Title), "published": dateStr(ex.Published), "updated": dateStr(ex.Updated), "author": str(ex.Author),
				"categories": termNames(ex.Categories), "tags": termNames(ex.Tags), "image": str(ex.Image), "description": str(ex.Description),
				"kind": string(ex.Kind), "id": fmt.Sprint(ex.PostID), "sticky": fmt.Sprint(ex.Sticky),
			}
			if prev, src := firstOf(ex.Previous); src != "" {
				got["previous"] = prev.Title + " " + prev.URL + " (" + string(src) + ")"
			}
			for k, want := range tt.want {
				if got[k] != want {
					t.Errorf("%s = %q, want %q", k, got[k], want)
				}
			}
		})
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		body, kind, listing string
	}{
		{"single single-post postid-69 single-format-standard", "post", ""},
		{"page-template-default page page-id-12", "page", ""},
		{"home blog", "listing", "home"},
		{"home blog paged paged-2", "listing", "paged"},
		{"archive category category-news category-2", "listing", "category"},
		{"archive tag tag-war-in-ukraine tag-5", "listing", "tag"},
		{"archive author author-saveukraine author-2", "listing", "author"},
		{"archive date", "listing", "date"},
		{"search search-results", "listing", "search"},
		{"attachment attachment-template-default single single-attachment postid-70 attachmentid-70", "attachment", ""},
		{"error404", "not-found", ""},
	}
	for _, tt := range tests {
		ex := extractString(t, "https://example.org/x/", `<html><body class="`+tt.body+`"><main><p>x</p></main></body></html>`)
		if string(ex.Kind) != tt.kind || ex.ListingKind != tt.listing {
			t.Errorf("body %q: kind %q/%q, want %q/%q", tt.body, ex.Kind, ex.ListingKind, tt.kind, tt.listing)
		}
	}
}

func TestContentDropsChrome(t *testing.T) {
	doc := `<html><body class="single postid-1"><article id="post-1" class="hentry"><h1 class="entry-title">Title</h1>
<div class="entry-content"><h1>Title</h1><p>Keep <a href="/2020/01/01/other/">this</a>.</p>
<div class="sharedaddy">Share this</div><div class="jp-relatedposts">Related</div><p class="screen-reader-text">hidden</p>
<img src="../img.jpg" srcset="/img-300x200.jpg 300w, /img.jpg 800w"><script>x()</script>
<div class="page-links">Pages: <a class="post-page-numbers" href="https://example.org/2022/03/11/a-post/2/">2</a> <a href="https://example.org/elsewhere/">x</a></div></div>
</article></body></html>`
	ex := extractString(t, postURL, doc)
	if ex.Content == nil {
		t.Fatal("no content")
	}
	text := strings.Join(strings.Fields(nodeTextOf(ex)), " ")
	for _, bad := range []string{"Share this", "Related", "hidden", "x()", "Title", "Pages:"} {
		if strings.Contains(text, bad) {
			t.Errorf("content keeps %q: %s", bad, text)
		}
	}
	if !strings.Contains(text, "Keep this.") {
		t.Errorf("content lost the article text: %s", text)
	}
	if got := strings.Join(ex.MorePages, " "); got != "https://example.org/2022/03/11/a-post/2/" {
		t.Errorf("MorePages = %q", got)
	}
	html := renderHTML(ex)
	for _, want := range []string{`href="https://example.org/2020/01/01/other/"`, `src="https://example.org/2022/03/11/img.jpg"`, `https://example.org/img-300x200.jpg 300w`} {
		if !strings.Contains(html, want) {
			t.Errorf("content URL not absolute: want %s in %s", want, html)
		}
	}
}

func TestInvalidSelectorIsAnError(t *testing.T) {
	_, err := New(Options{ContentSelectors: []string{"div[unclosed"}})
	if err == nil || !strings.Contains(err.Error(), "div[unclosed") {
		t.Fatalf("err = %v, want one naming the selector", err)
	}
}

// TestRules: every built-in rule compiles and has a unique name; a site's
// rule is tried first and named in the candidate; a bad one or an unknown
// field is an error naming it.
func TestRules(t *testing.T) {
	seen := map[string]bool{}
	for _, field := range RuleFields {
		for _, r := range fieldRules[field] {
			if seen[r.Name] || !strings.HasPrefix(r.Name, field+"/") {
				t.Errorf("rule %q: duplicate or not named for %s", r.Name, field)
			}
			seen[r.Name] = true
		}
	}
	if _, err := New(Options{Rules: map[string][]string{"title": {"h1[unclosed"}}}); err == nil || !strings.Contains(err.Error(), "rule config/title/h1[unclosed") {
		t.Errorf("bad rule: err = %v", err)
	}
	if _, err := New(Options{Rules: map[string][]string{"titel": {"h1"}}}); err == nil || !strings.Contains(err.Error(), `unknown field "titel"`) {
		t.Errorf("unknown field: err = %v", err)
	}
	x, err := New(Options{Rules: map[string][]string{"title": {"h2.headline"}}})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(postURL)
	ex, err := x.Extract(&scrape.Page{URL: u, HTML: []byte(`<html><body class="single single-post postid-1"><article id="post-1" class="post-1 post hentry">
<h1 class="entry-title">Theme title</h1><h2 class="headline">The site's own title</h2><div class="entry-content"><p>Text.</p></div></article></body></html>`)})
	if err != nil {
		t.Fatal(err)
	}
	if c := ex.Title[0]; c.Value != "The site's own title" || c.Source != SrcConfig || c.Rule != "config/title/h2.headline" {
		t.Errorf("title = %+v", c)
	}
}
