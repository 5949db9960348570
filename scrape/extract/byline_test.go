package extract

import (
	"strings"
	"testing"
)

// TestAuthor covers bylines the rules find, and values that are not names.
func TestAuthor(t *testing.T) {
	const open = `<html><head><title>T</title></head><body class="single postid-1"><article id="post-1" class="hentry"><h1 class="entry-title">T</h1>`
	const end = `<div class="entry-content"><p>x</p></div></article></body></html>`
	tests := []struct {
		name, head, body, want string
	}{
		{
			name: "byline class the rules do not list",
			body: `<div class="rty-article-page-author">Von <strong><a href="https://example.org/autoren/tomas-spahn/">Tomas Spahn</a></strong></div>`,
			want: "Tomas Spahn (classic-theme)",
		},
		{
			name: "a byline class in the theme's language",
			body: `<div class="post-meta-autor-bild"><img src="a.jpg" alt="Makronom"></div><span class="content-left-autor"><a href="/ueber-uns/autoren/Clara-Loew">Clara Löw</a>, <a href="/ueber-uns/autoren/Klaus-Jacob">Klaus Jacob</a></span>`,
			want: "Clara Löw, Klaus Jacob (classic-theme)",
		},
		{
			name: "byline text with a trailing comma",
			body: `<div class="author-date-container"><span class="byline author">von Redaktion, </span></div>`,
			want: "Redaktion (classic-theme)",
		},
		{
			name: "posted on a date by a name",
			body: `<div class="gallery--page-meta--author">Posted on September 21, 2020 by Adi Tzlil</div>`,
			want: "Adi Tzlil (classic-theme)",
		},
		{
			name: "avatar link first, name link after",
			body: `<div class="author contributor"><a href="/author/em/"><img src="a.jpg" alt="Portrait"></a><span>Written by</span><a href="/author/em/">Elisa Marvena</a></div>`,
			want: "Elisa Marvena (classic-theme)",
		},
		{
			name: "two authors joined by a word stay as written",
			body: `<div class="content__author"><span>von <a href="/profil/fischer/">Lars Fischer</a> und <a href="/profil/schadwinkel/">Alina Schadwinkel</a></span></div>`,
			want: "Lars Fischer und Alina Schadwinkel (classic-theme)",
		},
		{
			name: "two authors with job titles are listed",
			body: `<div class="blog-author"><a href="/bio/sarah">Sarah Hinger</a>, Staff Attorney<br>&amp; <a href="/bio/sylvia">Sylvia Torres</a>, Director</div>`,
			want: "Sarah Hinger, Sylvia Torres (classic-theme)",
		},
		{
			name: "a byline's comment count and category links are not names",
			body: `<div class="byline"><span class="author vcard"><a class="url fn n" href="/author/eb/">Emily Burack</a></span> <a href="#comments">11</a> <a href="/wp-admin/post.php?post=1">Edit</a></div>`,
			want: "Emily Burack (classic-theme)",
		},
		{
			name: "a tag link beside an avatar-only author link",
			body: `<div class="meta vcard author"><a href="/autor/x/"><img alt="X" src="x.svg"></a> / <a href="/thema/csp/" rel="tag">CSP</a></div>`,
			want: "",
		},
		{
			name: "entry meta in a column named sidebar",
			body: `<div id="sidebar"><div class="entry-meta"><span class="author vcard"><a class="url fn" rel="author" href="/author/hs/">Heiko Sauer</a></span></div></div>`,
			want: "Heiko Sauer (classic-theme)",
		},
		{
			name: "a name written in the meta line",
			body: `<p class="postmetadata">Von R. R. am <a href="/2013/08/07/">7. August 2013</a></p>`,
			want: "R. R. (visible-text)",
		},
		{
			name: "a title's words are not a byline",
			body: `<header class="entry-header"><p>Why We Write Changelogs By Hand</p></header>`,
			want: "",
		},
		{
			name: "the author box names the author when nothing else does",
			body: `<div class="author-box"><span class="author">Redaktion</span></div>`,
			want: "Redaktion (visible-text)",
		},
		{
			name: "JSON-LD lists several authors",
			head: `<script type="application/ld+json">{"@type":"NewsArticle","headline":"T","author":[{"@type":"Person","name":"Sarah Hinger"},{"@type":"Person","name":"Sylvia Torres"}]}</script>`,
			want: "Sarah Hinger, Sylvia Torres (json-ld)",
		},
		{
			name: "several parsely-author tags",
			head: `<meta name="parsely-author" content="Ibtisam Mahdi"><meta name="parsely-author" content="Ruwaida Kamal Amer">`,
			want: "Ibtisam Mahdi, Ruwaida Kamal Amer (meta)",
		},
		{
			name: "Yoast's Twitter card names the writer",
			head: `<meta name="twitter:label1" content="Verfasst von"><meta name="twitter:data1" content="Karoline Herr"><meta name="twitter:label2" content="Geschätzte Lesezeit"><meta name="twitter:data2" content="4 Minuten">`,
			want: "Karoline Herr (meta)",
		},
		{
			name: "a Twitter card's other data is no author",
			head: `<meta name="twitter:label1" content="Est. reading time"><meta name="twitter:data1" content="4 minutes">`,
			want: "",
		},
		{
			name: "an address in meta author is not a name",
			head: `<meta name="author" content="cipha[at]cipha.net">`,
			want: "",
		},
		{
			name: "a degree after the name",
			head: `<meta name="author" content="Grant Tinsley, PhD">`,
			want: "Grant Tinsley (meta)",
		},
		{
			name: "the page's byline over meta author",
			head: `<meta name="author" content="unocero - Alberto Ávila">`,
			body: `<div class="entry-meta"><span class="author vcard"><a class="url fn" href="/author/aa/">Alberto Ávila</a></span></div>`,
			want: "Alberto Ávila (classic-theme)",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := open + tc.body + end
			if tc.head != "" {
				doc = `<html><head><title>T</title>` + tc.head + `</head>` + doc[len(`<html><head><title>T</title></head>`):]
			}
			ex := extractString(t, postURL, doc)
			if got := str(ex.Author); got != tc.want {
				t.Errorf("author = %q, want %q (all: %v)", got, tc.want, ex.Author)
			}
		})
	}
}

// TestTextBylines covers bylines written as text, read only when no rule
// and no head tag names the author.
func TestTextBylines(t *testing.T) {
	const open = `<html><head><title>T</title>`
	const body = `</head><body class="single postid-1">`
	const text = `<p>The first paragraph of the post is long enough to be a paragraph of text.</p><p>By the way, this line mentions nobody in particular at all.</p>`
	tests := []struct {
		name, head, doc, want string
	}{
		{
			name: "a meta line whose By is a screen-reader label",
			doc:  `<header><h1>T</h1><div class="article_meta_info"><span class="trending">yas!</span><span class="screen-reader-text">| By </span><span>Cara Stiles</span> | <time>April 13, 2020</time></div></header><article class="article_content"><div class="entry-content">` + text + `</div></article>`,
			want: "Cara Stiles (visible-text)",
		},
		{
			name: "a login name in a meta line",
			doc:  `<div id="post-1" class="post-1 post"><h2>T</h2><div class="meta">Posted in <a href="/category/x/" rel="category tag">X</a> by jroe on August 3, 2019</div><div class="main">` + text + `</div></div>`,
			want: "jroe (visible-text)",
		},
		{
			name: "the Classic theme's meta line",
			doc:  `<div class="post-1 post type-post hentry" id="post-1"><h3 class="storytitle">T</h3><div class="meta">Filed under: <a href="/category/x/" rel="category tag">X</a>,<a href="/category/y/" rel="category tag">Y</a> &#8212; jancak @ 00:11 <br />Tags: <a href="/tag/z/" rel="tag">Z</a></div><div class="storycontent">` + text + `</div></div>`,
			want: "jancak (visible-text)",
		},
		{
			name: "a credit under the headline",
			doc:  `<article id="post-1"><header><hgroup><h3><a href="/news_category/national/">National</a></h3><h1>T</h1></hgroup><p class="credit">JIJI</p></header><div class="entry-content">` + text + `</div></article>`,
			want: "JIJI (visible-text)",
		},
		{
			name: "a picture's credit in the header is not the author's",
			doc:  `<article id="post-1"><header><h1>T</h1><figure><img src="a.jpg" alt=""><figcaption><span class="credit">Reuters</span></figcaption></figure></header><div class="entry-content">` + text + `</div></article>`,
			want: "",
		},
		{
			name: "a line that starts with Posted by",
			doc:  `<ul><li class="post" id="post-1"><div class="postdata"><span class="category">Posted by Konstantin</span><span class="date">21.10.2019</span></div><div class="entry">` + text + `</div><p>Posted by Konstantin @ 12:00 am</p></li></ul>`,
			want: "Konstantin (visible-text)",
		},
		{
			name: "a name under a label in a definition list",
			doc:  `<article id="post-1"><h1>T</h1><dl class="post-details"><dt>Auteur</dt><dd><a href="/fr/staff/ug/">Uriel Gadessaud</a></dd><dt>Cover</dt><dd>Collège de France</dd></dl><div class="entry-content">` + text + `</div></article>`,
			want: "Uriel Gadessaud (visible-text)",
		},
		{
			name: "a credit line at the end of the text",
			doc:  `<article id="post-1"><h1>T</h1><div class="entry-content">` + text + `<p>(wird fortgesetzt)<br><strong>Text:</strong> Klausmartin Friedrich</p><p><strong>Fotos:</strong> Helmut Elstrodt, Frank Jäger</p></div></article>`,
			want: "Klausmartin Friedrich (visible-text)",
		},
		{
			name: "a credit line at the start of the text",
			doc:  `<article id="post-1"><h1>T</h1><div class="entry-content"><p><em>Eine Kolumne von Jana Weiß</em></p>` + text + `</div></article>`,
			want: "Jana Weiß (visible-text)",
		},
		{
			name: "a credit line in the middle of the text is not a byline",
			doc:  `<article id="post-1"><h1>T</h1><div class="entry-content">` + text + `<p>Von Jana Weiß</p>` + text + text + `</div></article>`,
			want: "",
		},
		{
			name: "a sentence that starts with By is not a byline",
			doc:  `<article id="post-1"><h1>T</h1><div class="entry-content"><p>By Friday, everyone knew.</p>` + text + `</div></article>`,
			want: "",
		},
		{
			name: "a head tag's author wins over text bylines",
			head: `<meta name="author" content="Jane Roe">`,
			doc:  `<article id="post-1"><h1>T</h1><div class="entry-content">` + text + `<p>Text: Klausmartin Friedrich</p></div></article>`,
			want: "Jane Roe (meta)",
		},
		{
			name: "a first name alone is completed by the text's credit line",
			head: `<meta name="author" content="Nils">`,
			doc:  `<article id="post-1"><h1>T</h1><div class="entry-content"><p><strong>Eine Kolumne von Nils Pickert</strong></p>` + text + `</div></article>`,
			want: "Nils (meta), Nils Pickert (visible-text)",
		},
		{
			name: "a login with digits in an author link",
			doc:  `<article id="post-1" class="hentry"><h1 class="entry-title">T</h1><div class="entry-meta">von <span class="author vcard"><a href="/author/freeman1984/" rel="author">freeman1984</a></span></div><div class="entry-content">` + text + `</div></article>`,
			want: "freeman1984 (classic-theme)",
		},
		{
			name: "an agency credit with a slash",
			doc:  `<article id="post-1" class="hentry"><h1 class="entry-title">T</h1><div class="post-author"><strong><a href="/author/afp-the-local-8">AFP/The Local</a></strong></div><div class="entry-content">` + text + `</div></article>`,
			want: "AFP/The Local (classic-theme)",
		},
		{
			name: "a date with slashes is not a name",
			doc:  `<article id="post-1" class="hentry"><h1 class="entry-title">T</h1><div class="byline">11/03/2022</div><div class="entry-content">` + text + `</div></article>`,
			want: "",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ex := extractString(t, postURL, open+tc.head+body+tc.doc+`</body></html>`)
			got := str(ex.Author)
			if strings.Contains(tc.want, "), ") {
				var all []string
				for _, c := range ex.Author {
					all = append(all, c.Value+" ("+string(c.Source)+")")
				}
				got = strings.Join(all, ", ")
			}
			if got != tc.want {
				t.Errorf("author = %q, want %q (all: %v)", got, tc.want, ex.Author)
			}
		})
	}
}

// TestSiteNamedAuthor: when every author found is the site itself (its
// name or its host), the text's credit line is read too; otherwise it is
// not.
func TestSiteNamedAuthor(t *testing.T) {
	const head = `<html><head><title>T</title><meta property="og:site_name" content="The Planetary Press"></head><body class="single postid-1"><article id="post-1" class="hentry"><h1 class="entry-title">T</h1>`
	tests := []struct {
		name, body, want string
	}{
		{
			name: "the site's name in the vcard, the writer in the text",
			body: `<span class="author vcard"><a class="url fn" href="/author/tpp/">The Planetary Press</a></span><div class="entry-content"><p><em>Courtesy of Forests News</em></p><p><em>Written by: <a href="https://elsewhere.example/">Julie Mollins</a></em></p><p>Indigenous Peoples have had a long record.</p></div>`,
			want: "The Planetary Press (classic-theme)|Julie Mollins (visible-text)",
		},
		{
			name: "the host's name, and a meta line that repeats it",
			body: `<div class="entry-meta"><div class="entry-author">veröffentlicht von <a href="/author/example/">example</a></div> <div class="entry-comments"><a href="#comments">Kommentare 8</a></div></div><div class="entry-content"><p>x</p></div>`,
			want: "example (classic-theme)",
		},
		{
			name: "a person's byline is not second-guessed",
			body: `<span class="author vcard"><a class="url fn" href="/author/jr/">Jane Roe</a></span><div class="entry-content"><p>Written by: Julie Mollins</p><p>x</p></div>`,
			want: "Jane Roe (classic-theme)",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ex := extractString(t, postURL, head+tc.body+`</article></body></html>`)
			var all []string
			for _, c := range ex.Author {
				all = append(all, c.Value+" ("+string(c.Source)+")")
			}
			if got := strings.Join(all, "|"); got != tc.want {
				t.Errorf("authors = %q, want %q", got, tc.want)
			}
		})
	}
}
