package extract

import "testing"

// TestTitle covers where themes put the post's title and what is not it.
func TestTitle(t *testing.T) {
	const head = `<html><head><title>The Real Title – Site</title><meta property="og:site_name" content="Site"></head>`
	tests := []struct {
		name, body, want string
	}{
		{
			name: "kicker span glued to the title",
			body: `<body class="single postid-1"><article id="post-1" class="hentry"><h1 class="entry-title"><span class="kicker">Sport</span>The Real Title</h1></article></body></html>`,
			want: "The Real Title (classic-theme)",
		},
		{
			name: "label span the <title> leaves out",
			body: `<body class="single postid-1"><article id="post-1" class="hentry"><h1 class="entry-title"><span class="sub-heading">Energy:</span><br> The Real Title</h1></article></body></html>`,
			want: "The Real Title (classic-theme)",
		},
		{
			name: "leading span the <title> keeps gets a space",
			body: `<body class="single postid-1"><article id="post-1" class="hentry"><h1 class="entry-title"><span class="x">The Real</span>Title</h1></article></body></html>`,
			want: "The Real Title (classic-theme)",
		},
		{
			name: "small kicker set off by a line break",
			body: `<body class="single postid-1"><article id="post-1" class="hentry"><h1 class="single-post-title"><span class="post-title"><small>Workout of the week</small><br>The Real Title</span></h1></article></body></html>`,
			want: "The Real Title (classic-theme)",
		},
		{
			name: "sidebar and previous-post entry titles are not the post's",
			body: `<body class="single postid-1"><aside class="sidebar"><h2 class="entry-title">Widget Post</h2></aside>
<nav class="post-navigation"><h2 class="entry-title"><a href="/prev/">Previous Post</a></h2></nav>
<article id="post-1" class="hentry"><h2 class="entry-title">The Real Title</h2></article></body></html>`,
			want: "The Real Title (classic-theme)",
		},
		{
			name: "another post's teaser article",
			body: `<body><main><article class="post"><header><h3 class="title-x">The Real Title</h3></header></article></main>
<div class="box"><article class="post teaser"><h2 class="entry-title"><a href="https://example.org/other/">Other Post</a></h2></article></div></body></html>`,
			want: "The Real Title – Site (title-tag)",
		},
		{
			name: "entry header in a column named sidebar",
			body: `<body class="single postid-1"><article id="post-1" class="post hentry"><div id="sidebar"><h1 class="entry-title">The Real Title</h1></div><div class="entry-content"><h1>Support us</h1></div></article></body></html>`,
			want: "The Real Title (classic-theme)",
		},
		{
			name: "header element holding the heading and the meta line",
			body: `<body class="single postid-1"><article id="post-1" class="hentry"><header class="post-title"><h1>The Real Title</h1><p class="post-date">31 Oct 2019 Posted by DT</p></header></article></body></html>`,
			want: "The Real Title (classic-theme)",
		},
		{
			name: "heading linking to the post itself",
			body: `<body><h1><a href="https://example.org/">Site</a></h1><div class="post"><h2 class="posttitle"><a href="https://example.org/2022/03/11/a-post/" rel="bookmark">The Real Title</a></h2></div></body></html>`,
			want: "The Real Title (classic-theme)",
		},
		{
			name: "section logo heading links elsewhere",
			body: `<body><article class="post"><h1 class="logo"><a href="https://example.org/opinion/"><span>O</span> <span>Opinion</span></a></h1><h2 class="title">The Real Title</h2></article></body></html>`,
			want: "The Real Title (classic-theme)",
		},
		{
			name: "unknown title class confirmed by the <title>",
			body: `<body><h1 class="branding__title">Site</h1><div class="post"><h1 class="blogpost_title">The Real Title</h1></div></body></html>`,
			want: "The Real Title (classic-theme)",
		},
		{
			name: "unknown title class that nothing confirms ranks last",
			body: `<body><div class="post"><h1 class="article__title">A Heading Of Its Own</h1></div></body></html>`,
			want: "The Real Title – Site (title-tag)",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ex := extractString(t, postURL, head+tc.body)
			if got := str(ex.Title); got != tc.want {
				t.Errorf("title = %q, want %q (all: %v)", got, tc.want, ex.Title)
			}
		})
	}
}
