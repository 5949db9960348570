package extract

import "testing"

// TestTerms covers category and tag markup the classic rules do not know.
func TestTerms(t *testing.T) {
	const open = `<html><head><title>T</title></head><body class="single postid-1">`
	const art = `<article id="post-1" class="post hentry category-news tag-a"><h1 class="entry-title">T</h1>`
	const end = `<div class="entry-content"><p>x <a href="/tag/in-text/">in text</a></p></div></article></body></html>`
	tests := []struct {
		name, doc, cats, tags string
	}{
		{
			name: "rel=tag links to category archives under a label",
			doc:  open + art + `<footer class="entry-footer"><span>Categories:</span> <a href="/category/society/" rel="tag">Society</a>, <a href="/category/countries/" rel="tag">Countries</a></footer>` + end,
			cats: "Society|Countries (classic-theme)",
		},
		{
			name: "category links in a meta-category span",
			doc:  open + art + `<div class="entry-header"><span class="meta-category"><a href="/category/lifestyle/">Lifestyle</a> <a href="/category/lifestyle/sport/">Sport</a></span></div>` + end,
			cats: "Lifestyle|Sport (classic-theme)",
		},
		{
			name: "the site's category list is not the post's",
			doc:  open + `<ul><li class="cat-item cat-item-1"><a href="/category/a/">A</a></li></ul>` + art + end,
			cats: "",
		},
		{
			name: "the breadcrumb's level above the post",
			doc:  open + `<div class="breadcrumbs"><a href="https://example.org/">Home</a> › <a href="/category/allgemein/">Allgemein</a> › <a href="https://example.org/2022/03/11/a-post/">T</a></div>` + art + end,
			cats: "Allgemein (visible-text)",
		},
		{
			name: "the menu item WordPress marks as the post's parent",
			doc:  open + `<nav><ul><li class="menu-item menu-item-object-category current-post-ancestor current-menu-parent current-post-parent"><a href="/politik/">Politik</a></li><li class="menu-item menu-item-object-category"><a href="/sport/">Sport</a></li></ul></nav>` + art + end,
			cats: "Politik (visible-text)",
		},
		{
			name: "links with a tag class",
			doc:  open + art + `<div><span><a href="/tag/cancel-culture/" class="ap_taglist">Cancel Culture</a></span> <span><a href="/tag/krimi/" class="ap_taglist">Krimi</a></span></div>` + end,
			tags: "Cancel Culture|Krimi (classic-theme)",
		},
		{
			name: "tag archive links in the meta, not in the text",
			doc:  open + art + `<p>Topics: <a href="/tag/astronomy/">Astronomy</a> <a href="/tag/physics/">Physics</a></p>` + end,
			tags: "Astronomy|Physics (classic-theme)",
		},
		{
			name: "a topics list inside a broad content wrapper",
			doc:  open + `<article id="post-1" class="article"><h1 class="entry-title">T</h1><div class="article-content"><div class="the-content"><p>x</p></div><div class="article-topics"><div>read more:</div><ul><li><a href="/jewish-times/">Jewish Times</a></li><li><a href="/topic/supreme-court/">Supreme Court</a></li></ul></div></div></article></body></html>`,
			tags: "Jewish Times|Supreme Court (classic-theme)",
		},
		{
			name: "a tag list after the article in the main column",
			doc: open + `<div id="content"><article class="page-wrap"><article id="post-1" class="post hentry"><h1 class="entry-title">T</h1><div class="entry-content"><p>x</p></div></article></article>` +
				`<div class="alert"><h3>Tags:</h3><div class="post_tags"><a href="/entdecken/fahrradtour">Fahrradtour</a> • <a href="/entdecken/best-of-travel">Best of Travel</a></div></div></div></body></html>`,
			tags: "Fahrradtour|Best of Travel (classic-theme)",
		},
		{
			name: "related-post cards' category links are theirs",
			doc: open + `<main id="content"><article id="post-1" class="post hentry"><h1 class="entry-title">T</h1><div class="entry-content"><p>x</p></div>` +
				`<div class="card"><h3><a href="/2019/07/22/our-legal-case-has-been-expedited/">Our legal case has been expedited</a></h3><h4><a class="category" href="/category/advocacy/">Advocacy</a></h4></div></article>` +
				`<div class="card"><div class="card-content"><h3><a href="/2019/07/21/another-post-about-the-case/">Another post about the case</a></h3><h4><a class="category" href="/category/communications/">Communications</a></h4></div></div></main></body></html>`,
			cats: "",
		},
		{
			name: "a trail of category headings is no teaser",
			doc:  open + `<article id="post-1" class="post type-post hentry category-news category-politics"><header class="entry-header"><div class="breadcrumbs"><h2><a href="/news/" class="category-news">News</a></h2><h2><a href="/news/politics/" class="category-politics">Politics</a></h2></div><h1 class="entry-title">T</h1></header>` + end,
			cats: "News|Politics (classic-theme)",
		},
		{
			name: "tag cloud counts and commas are not names",
			doc:  open + art + `<div class="tags-links"><a href="/tag/e/" rel="tag">2020 Election (611 posts)</a> <a href="/tag/c/" rel="tag">Coronavirus,</a> <a href="/tag/j/" rel="tag">Joe Biden (233)</a></div>` + end,
			tags: "2020 Election|Coronavirus|Joe Biden (classic-theme)",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ex := extractString(t, postURL, tc.doc)
			if got := termNames(ex.Categories); got != tc.cats {
				t.Errorf("categories = %q, want %q", got, tc.cats)
			}
			if got := termNames(ex.Tags); got != tc.tags {
				t.Errorf("tags = %q, want %q", got, tc.tags)
			}
		})
	}
}

// TestTermsFromCrumbsAndClasses covers the sources used when the theme
// prints no term links: JSON-LD breadcrumb trails and post_class().
func TestTermsFromCrumbsAndClasses(t *testing.T) {
	const open = `<html><head><title>T</title>`
	const body = `</head><body class="single postid-7">`
	const end = `<h1 class="entry-title">T</h1><div class="entry-content"><p>x</p></div></article></body></html>`
	ld := func(json string) string { return `<script type="application/ld+json">` + json + `</script>` }
	const trail = `{"@type":"BreadcrumbList","itemListElement":[{"@type":"ListItem","position":1,"name":"Home","item":"https://example.org/"},{"@type":"ListItem","position":2,"name":"Recipes","item":"https://example.org/category/recipes/"},{"@type":"ListItem","position":3,"name":"Cake Recipes","item":"https://example.org/category/recipes/cake/"},{"@type":"ListItem","position":4,"name":"T"}]}`
	const article = `{"@type":"BlogPosting","headline":"T","articleSection":["Cake Recipes","Cupcakes","Recipes"]}`
	tests := []struct {
		name, doc, cats, tags string
	}{
		{
			name: "articleSection narrowed to the category the JSON-LD breadcrumb shows",
			doc:  open + ld(`{"@graph":[`+article+`,`+trail+`]}`) + body + `<article id="post-7" class="post-7 post type-post">` + end,
			cats: "Cake Recipes (json-ld)",
		},
		{
			name: "articleSection kept whole when the trail names none of it",
			doc:  open + ld(`{"@graph":[{"@type":"BlogPosting","headline":"T","articleSection":["A","B"]},`+trail+`]}`) + body + `<article id="post-7" class="post-7 post type-post">` + end,
			cats: "A|B (json-ld)",
		},
		{
			name: "the JSON-LD breadcrumb's level above the post when nothing names a category",
			doc:  open + ld(trail) + body + `<article id="post-7" class="post-7 post type-post">` + end,
			cats: "Cake Recipes (json-ld)",
		},
		{
			name: "a tag list the page shows over SEO keywords",
			doc: `<html><head><title>T</title><meta property="article:tag" content="Politik"><meta property="article:tag" content="Zensur"></head><body class="single postid-7"><article id="post-7" class="post-7 post type-post"><h1 class="entry-title">T</h1><div class="entry-content"><p>x</p></div>` +
				`<footer><p class="tags"><span>Themenseiten:</span> <a href="/unternehmen/facebook/">Facebook</a>, <a href="/themen/politik/">Politik</a>, <a href="/themen/zensur/">Zensur</a></p></footer></article></body></html>`,
			tags: "Facebook|Politik|Zensur (classic-theme)",
		},
		{
			name: "category links the page shows over every articleSection",
			doc: open + ld(`{"@type":"BlogPosting","headline":"T","articleSection":["Corporate","Healthcare","Posts"]}`) + body + `<article id="post-7" class="post-7 post type-post">` +
				`<div class="post-category"><a href="/category/healthcare/">Healthcare</a></div>` + end,
			cats: "Healthcare (classic-theme)",
		},
		{
			name: "category badges in a hero header printed above the article",
			doc: open + ld(`{"@type":"BlogPosting","headline":"T","articleSection":["Biketest","News","Test","Topstory"]}`) + body +
				`<header id="masthead" class="site-header"><span class="menu-cat"><a href="/category/topstory/">Topstory</a></span></header>` +
				`<div class="featured"><div class="featured-info"><span class="meta-category"><a href="/category/news/">News</a> <a href="/category/test/">Test</a></span><h1 class="featured-title">T</h1></div></div>` +
				`<div id="content"><article id="post-7" class="post-7 post type-post"><div class="entry-content"><p>x</p></div></article></div></body></html>`,
			cats: "News|Test (classic-theme)",
		},
		{
			name: "category links under a renamed base, named by post_class",
			doc: open + body + `<article id="post-7" class="post-7 post type-post category-maerkte category-immobilien"><header class="entry-header"><a class="post_cat" href="/maerkte/immobilien/">Immobilien</a> <a class="post_cat" href="/ratgeber/">Ratgeber</a><h1 class="entry-title">T</h1></header>` +
				`<div class="entry-content"><p>x</p></div></article></body></html>`,
			cats: "Immobilien (classic-theme)",
		},
		{
			name: "the printed trail's category over an articleSection that lacks it",
			doc: open + ld(`{"@type":"BlogPosting","headline":"T","articleSection":["Recht"]}`) + body + `<div id="breadcrumb"><a href="/">Home</a> › <a href="/kategorie/e-regulation/">Regulierung</a> › T</div>` +
				`<article id="post-7" class="post-7 post type-post category-legal category-e-regulation">` + end,
			cats: "Regulierung (classic-theme)",
		},
		{
			name: "a trail the post_class does not confirm leaves articleSection",
			doc: open + ld(`{"@type":"BlogPosting","headline":"T","articleSection":["Recht"]}`) + body + `<div id="breadcrumb"><a href="/">Home</a> › <a href="/themen/regulierung/">Regulierung</a> › T</div>` +
				`<article id="post-7" class="post-7 post type-post category-legal">` + end,
			cats: "Recht (json-ld)",
		},
		{
			name: "a trail of home and post names no category",
			doc:  open + ld(`{"@type":"BreadcrumbList","itemListElement":[{"@type":"ListItem","position":1,"name":"Home","item":"https://example.org/"},{"@type":"ListItem","position":2,"name":"T","item":"https://example.org/2022/03/11/a-post/"}]}`) + body + `<article id="post-7" class="post-7 post type-post">` + end,
			cats: "",
		},
		{
			name: "an author's level in an HTML trail is no category",
			doc:  open + body + `<ol class="breadcrumb"><li><a href="/">Home</a></li><li><a href="/kolumnen/">Kolumnen</a></li><li><a href="/blog/author/jane/">Jane Roe</a></li><li><a href="/2022/03/11/a-post/">T</a></li></ol><article id="post-7" class="post-7 post type-post">` + end,
			cats: "Kolumnen (visible-text)",
		},
		{
			name: "post_class terms named by the page's archive links, one-word slugs by the word",
			doc: open + body + `<article id="post-7" class="post-7 post type-post status-publish hentry category-allgemein tag-astrophysik tag-dark-matter tag-gsi tag-black-holes">` +
				`<h1 class="entry-title">T</h1><div class="entry-content"><p>x</p></div></article>` +
				`<div class="widget"><a href="/tag/dark-matter/">Dark Matter</a> <a href="/tag/gsi/">GSI</a></div></body></html>`,
			cats: "Allgemein (body-class)",
			tags: "Astrophysik|Dark Matter|GSI (body-class)",
		},
		{
			name: "the site's category list inside a cat-classed list is not the post's",
			doc:  open + body + `<article id="post-7" class="post-7 post"><h1 class="entry-title">T</h1><ul class="cat"><li class="cat-item cat-item-1"><a href="/category/allgemein">Allgemein</a></li><li class="cat-item cat-item-2"><a href="/category/hotels">Hotels</a></li></ul><div class="entry-content"><p>x</p></div></article></body></html>`,
			cats: "",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ex := extractString(t, postURL, tc.doc)
			if got := termNames(ex.Categories); got != tc.cats {
				t.Errorf("categories = %q, want %q", got, tc.cats)
			}
			if got := termNames(ex.Tags); got != tc.tags {
				t.Errorf("tags = %q, want %q", got, tc.tags)
			}
		})
	}
}
