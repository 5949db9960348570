package extract

import (
	"fmt"
	"slices"
)

// Rules as data: the WordPress knowledge of the extractor, in the order it is
// trusted. A site's config can add selectors (Options); these are the
// defaults that cover core themes, underscores-derived themes and block
// themes. Every rule is compiled once, in New, and a bad selector is an
// error there that names the rule.

// Rule is one selector rule for a field: what it matches, the layer of
// trust it belongs to, and the name reports give with the value it found.
type Rule struct {
	Name     string
	Selector string
	Source   Source
	// Outside, when set, leaves out matches inside an element it matches:
	// another rule reads those.
	Outside string
}

// Fields read by selector rules, the keys of Options.Rules and of a
// config's selectors section.
const (
	FieldTitle      = "title"
	FieldAuthor     = "author"
	FieldPublished  = "published"
	FieldUpdated    = "updated"
	FieldImage      = "image"
	FieldCategories = "categories"
	FieldTags       = "tags"
	FieldPrevious   = "previous"
	FieldNext       = "next"
)

// RuleFields lists the fields a site's rules may add to, in report order.
var RuleFields = []string{FieldTitle, FieldAuthor, FieldPublished, FieldUpdated, FieldImage, FieldCategories, FieldTags, FieldPrevious, FieldNext}

// fieldRules are the built-in rules of each field, most trusted first.
var fieldRules = map[string][]Rule{
	// Titles the theme marks by class: what they find is the title.
	FieldTitle: {
		{"title/h-entry", ".h-entry .p-name", SrcMicroformat, ""},
		{"title/h1.entry-title", "h1.entry-title", SrcClassic, ""},
		{"title/entry-title", ".entry-title", SrcClassic, ""},
		{"title/h1.wp-block-post-title", "h1.wp-block-post-title", SrcBlock, ""},
		{"title/wp-block-post-title", ".wp-block-post-title", SrcBlock, ""},
	},
	FieldAuthor: {
		{"author/h-entry", ".h-entry .p-author .p-name, .h-entry .p-author", SrcMicroformat, ""},
		{"author/byline", ".byline .author .fn, .byline .fn, .byline .author a, .byline a[rel~=author]", SrcClassic, ""},
		{"author/entry-meta", ".entry-meta .author .fn, .entry-meta .author a, .entry-meta a[rel~=author], .posted-by a, .post-author a", SrcClassic, ""},
		{"author/vcard", ".hentry .author.vcard .fn, .hentry .vcard .fn, .author.vcard a", SrcClassic, ""},
		{"author/wp-block-post-author", ".wp-block-post-author__name, .wp-block-post-author-name", SrcBlock, ""},
		{"author/rel-author", "a[rel~=author]", SrcClassic, ""},
		{"author/itemprop", "[itemprop=author] [itemprop=name], [itemprop=author]", SrcClassic, ""},
		{"author/author-name", ".entry-author-name, .author-name, .post-author-name, .post-author, .entry-author, .td-post-author-name, .meta-author, .byline-author", SrcClassic, ""},
		{"author/hentry-author", ".hentry .author a, .hentry .author, .vcard .fn", SrcClassic, ""},
		{"author/archive-link", `a[href*="/author/"]`, SrcClassic, ""},
	},
	// Publication dates, tried one at a time, not as one union in
	// document order: a theme that prints <time class="updated"> before
	// <time class="published"> would otherwise give the modified date.
	FieldPublished: {
		{"published/dt-published", ".dt-published", SrcClassic, ""},
		{"published/time.published", "time.published", SrcClassic, ""},
		{"published/published", ".published", SrcClassic, ""},
		{"published/time.entry-date", "time.entry-date", SrcClassic, ""},
		{"published/posted-on", ".posted-on time", SrcClassic, ""},
		{"published/entry-date", ".entry-date", SrcClassic, ""},
		// Blogger and the themes that copy it print the day above the
		// posts it groups; on a single post it is the post's day.
		{"published/date-header", ".date-header", SrcClassic, ""},
	},
	FieldUpdated: {
		{"updated/dt-updated", ".dt-updated", SrcClassic, ""},
		{"updated/time.updated", "time.updated", SrcClassic, ""},
		{"updated/updated", ".updated", SrcClassic, ""},
	},
	FieldImage: {
		{"image/h-entry", ".h-entry .u-photo, .h-entry .u-featured", SrcMicroformat, ""},
		{"image/wp-post-image", "img.wp-post-image, .post-thumbnail img, .entry-thumbnail img, .featured-image img", SrcClassic, ""},
		{"image/wp-block-post-featured-image", ".wp-block-post-featured-image img", SrcBlock, ""},
	},
	// A rel="tag" link to a category archive is a category (themes that
	// print both taxonomies with one template tag).
	FieldCategories: {
		{"categories/cat-links", `.cat-links a, a[rel="category tag"], a[rel="category"], .entry-categories a, .post-categories a`, SrcClassic, ""},
		{"categories/wp-block-post-terms", ".wp-block-post-terms.taxonomy-category a", SrcBlock, ""},
	},
	// Block themes put rel="tag" on categories too (the tag rules never
	// take a link to a category archive) and are read by their own rule.
	FieldTags: {
		{"tags/tags-links", `.tags-links a, .tag-links a, .entry-tags a, .post-tags a, a[rel="tag"]`, SrcClassic, ".wp-block-post-terms"},
		{"tags/wp-block-post-terms", ".wp-block-post-terms.taxonomy-post_tag a", SrcBlock, ""},
	},
	FieldPrevious: {
		{"previous/post-navigation", ".post-navigation a[rel=prev], .nav-previous a, .navigation .previous a", SrcClassic, navOutside},
		{"previous/wp-block-post-navigation-link", ".wp-block-post-navigation-link.post-navigation-link-previous a", SrcBlock, navOutside},
		{"previous/rel-prev", ".navigation a[rel=prev], a[rel=prev]", SrcClassic, navOutside},
	},
	FieldNext: {
		{"next/post-navigation", ".post-navigation a[rel=next], .nav-next a, .navigation .next a", SrcClassic, navOutside},
		{"next/wp-block-post-navigation-link", ".wp-block-post-navigation-link.post-navigation-link-next a", SrcBlock, navOutside},
		{"next/rel-next", ".navigation a[rel=next], a[rel=next]", SrcClassic, navOutside},
	},
}

// navOutside are the regions whose previous/next links belong to other
// posts (navigation regions are chrome for every other field, and read
// here).
const navOutside = ".widget, .related-posts, .jp-relatedposts, .comments-area, #comments"

// compiledRule is a Rule with its selector compiled.
type compiledRule struct {
	Rule
	q       *query
	outside *query // Outside compiled; nil when not set
}

// compileRules compiles the built-in rules of every field, with a site's
// own rules (Options.Rules) in front of them: the site owner's word is
// trusted first. A bad selector is an error naming the rule.
func compileRules(user map[string][]string) (map[string][]compiledRule, error) {
	for field := range user {
		if !slices.Contains(RuleFields, field) {
			return nil, fmt.Errorf("rules: unknown field %q (fields: %v)", field, RuleFields)
		}
	}
	out := map[string][]compiledRule{}
	for _, field := range RuleFields {
		var rules []Rule
		for _, sel := range user[field] {
			rules = append(rules, Rule{Name: "config/" + field + "/" + sel, Selector: sel, Source: SrcConfig})
		}
		rules = append(rules, fieldRules[field]...)
		for _, r := range rules {
			q, err := compileQuery(r.Selector)
			if err != nil {
				return nil, fmt.Errorf("rule %s: %w", r.Name, err)
			}
			c := compiledRule{Rule: r, q: q}
			if r.Outside != "" {
				if c.outside, err = compileQuery(r.Outside); err != nil {
					return nil, fmt.Errorf("rule %s: outside: %w", r.Name, err)
				}
			}
			out[field] = append(out[field], c)
		}
	}
	return out, nil
}

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
