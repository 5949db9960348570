package extract

import "testing"

// TestCardDates: a related-post card on a post's page gives the exact
// time of the post it links to; a comment's time and an archive link do
// not.
func TestCardDates(t *testing.T) {
	ex := extractString(t, "https://example.org/2024/01/01/post/", `<html><body class="single single-post postid-3">
<article id="post-3" class="post-3 post hentry"><h1 class="entry-title">Post</h1>
<div class="entry-content"><p>The post itself, long enough to be its body.</p></div></article>
<div class="jp-relatedposts"><div class="jp-relatedposts-post"><a href="https://www.example.org/2023/05/02/other/">Other</a>
<time datetime="2023-05-02T21:30:00+03:00">May 2, 2023</time></div>
<div class="jp-relatedposts-post"><a href="https://example.org/category/news/">News</a> <time datetime="2023-06-01T10:00:00+03:00">June 1</time></div></div>
<div id="comments" class="comments-area"><div class="comment"><a href="https://example.org/2024/01/01/post/#comment-4"><time datetime="2024-01-02T08:00:00+02:00">Jan 2</time></a></div></div>
</body></html>`)
	if len(ex.ListedDate) != 1 {
		t.Fatalf("card dates = %v, want one", ex.ListedDate)
	}
	d, ok := ex.ListedDate["https://www.example.org/2023/05/02/other/"]
	if !ok || d.Time.Format("2006-01-02T15:04:05Z07:00") != "2023-05-02T21:30:00+03:00" || !d.HasTime {
		t.Errorf("card dates = %v", ex.ListedDate)
	}
}

// TestListedExcerpt: an archive's excerpt is kept when it is shown whole,
// not when WordPress cut it with an ellipsis.
func TestListedExcerpt(t *testing.T) {
	ex := extractString(t, "https://example.org/", `<html><body class="home blog">
<article class="post hentry"><h2 class="entry-title"><a href="https://example.org/2024/01/01/a/" rel="bookmark">A</a></h2>
<div class="entry-summary"><p>The author's own summary. <a class="more-link" href="https://example.org/2024/01/01/a/">Continue reading</a></p></div></article>
<article class="post hentry"><h2 class="entry-title"><a href="https://example.org/2024/01/02/b/" rel="bookmark">B</a></h2>
<div class="entry-summary"><p>The first fifty-five words of the post and then [&hellip;]</p></div></article>
<article class="post hentry"><h2 class="entry-title"><a href="https://example.org/2024/01/03/c/" rel="bookmark">C</a></h2>
<div class="wp-block-post-excerpt"><p class="wp-block-post-excerpt__excerpt">Cut by the block theme… </p></div></article>
</body></html>`)
	if len(ex.ListedExcerpt) != 1 || ex.ListedExcerpt["https://example.org/2024/01/01/a/"] != "The author's own summary." {
		t.Errorf("listed excerpts = %q", ex.ListedExcerpt)
	}
}
