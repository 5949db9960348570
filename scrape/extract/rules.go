package extract

// Rules as data: the WordPress knowledge of the extractor, in the order it is
// trusted. A site's config can add selectors (Options); these are the
// defaults that cover core themes, underscores-derived themes and block
// themes.

// chromeSelectors mark regions whose dates, names and images belong to
// something other than the post: comments, widgets, related-post boxes,
// navigation. Values found inside them are never taken for the post.
var chromeSelectors = []string{
	"#comments", ".comments-area", ".comment-list", ".commentlist", ".comment",
	".wp-block-post-comments", ".wp-block-comments", "#respond",
	".widget", ".widget-area", "#secondary", "aside.sidebar", ".sidebar", "#sidebar",
	".related-posts", ".related", ".jp-relatedposts", ".yarpp-related", ".crp_related",
	".rp4wp-related-posts", ".wp-block-query", ".recent-posts",
	"nav", ".navigation", ".post-navigation", ".nav-links",
	".author-bio", ".author-box", ".about-author",
	".sharedaddy", ".share-buttons", ".sharing",
	"#masthead .site-branding", "footer.site-footer", "#colophon",
}

// contentSelectors find the post body, most specific first.
var contentSelectors = []string{
	".entry-content",
	".wp-block-post-content",
	"div[itemprop=articleBody], article[itemprop=articleBody], section[itemprop=articleBody]",
	".post-content",
	".article-content",
	".post-body",
	".entry-body",
	".single-content",
	".td-post-content",
	".post-entry",
	"article .content",
	".hentry .entry",
	".storycontent",
	// Kubrick and the themes of its era: div.post > div.entry.
	".post > .entry",
	// Page builders' post-content modules: Elementor, Divi, Beaver Themer.
	".elementor-widget-theme-post-content",
	".et_pb_post_content",
	".fl-post-content",
}

// bodyChromeSelectors are removed from inside the content root before it is
// converted: things themes and plugins inject into the_content.
var bodyChromeSelectors = []string{
	"script", "style", "noscript", "template", "form", "button", "input", "select", "textarea",
	".screen-reader-text", ".sr-only",
	".sharedaddy", ".share-buttons", ".sharing", ".sd-sharing-enabled", ".addtoany_share_save_container",
	".a2a_kit", ".social-share", ".shareaholic-canvas",
	".jp-relatedposts", ".related-posts", ".related", ".yarpp-related", ".crp_related", ".rp4wp-related-posts",
	".author-bio", ".author-box", ".about-author",
	".post-navigation", "nav.navigation", ".nav-links",
	".page-links", ".post-page-numbers",
	"#comments", ".comments-area", ".wp-block-post-comments",
	".adsbygoogle", "ins.adsbygoogle", ".wpcnt", ".advertisement", ".ad-container",
	".entry-meta", ".post-meta", ".entry-footer", ".tags-links", ".cat-links",
	".wp-block-post-terms", ".wp-block-post-date", ".wp-block-post-author",
	".post-tags", ".post-categories", ".post-info", ".postmetadata",
	// Plugins that add to the_content: author boxes, ratings, share
	// bars, related posts, ad inserters, tables of contents, forms, and
	// embedded cards of other posts.
	".saboxplugin-wrap", ".abh_box", ".post-ratings", ".kk-star-ratings", ".ratingblock",
	".sociable", ".shariff", ".ssba", ".heateor_sss_sharing_container", ".sfsi_widget",
	".wp_rp", ".related_post", ".yuzo_related_post", ".ezoic-ad", ".code-block",
	"#toc_container", ".ez-toc-container", ".lwptoc", ".mc4wp-form", ".wpcf7", ".printfriendly",
	".wp-embedded-content",
}

// authorNoise are link texts and labels that sit where author names do but
// are not names.
var authorNoise = []string{
	"view all posts", "view archive", "view more posts", "more posts", "posts by",
	"published by", "posted by", "written by", "post author", "author:", "by ",
}
