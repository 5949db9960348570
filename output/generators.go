package output

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/unpress/unpress/transform/markdown"
)

// allPresets is every built-in preset: the first two, then the generators
// added beside them.
func allPresets() []*Preset {
	return append(builtinPresets(), generatorPresets()...)
}

// generatorPresets are the layouts of Jekyll, Astro's blog starter and
// Eleventy. Each keeps the legacy URLs working its own way: Jekyll with
// the URLs WordPress used and redirect_from (jekyll-redirect-from) for the
// rest, Astro with its redirects setting, Eleventy with a template that
// writes refresh pages.
func generatorPresets() []*Preset {
	return []*Preset{
		{
			Name:       "jekyll",
			Doc:        "Jekyll: _posts/YYYY-MM-DD-slug.md at WordPress's own URLs, pages in their folders, assets/img, redirect_from",
			PostFile:   "_posts/{year}-{month}-{day}-{slug}.md",
			PostURL:    "/{year}/{month}/{day}/{slug}/",
			PageLeaf:   "{path}/index.md",
			PageBranch: "{path}/index.md",
			IndexStems: []string{"index"},
			MediaDir:   "assets/img",
			MediaURL:   "/assets/img",
			Embed:      htmlEmbed,
			More:       markdown.MoreMark,
			escapeBody: liquidRaw,
			fields: []field{
				{"layout", kindKey("post", "page")},
				{"title", str(title, always)},
				{"date", date(published, rfc3339)},
				{"last_modified_at", date(updated, rfc3339)},
				{"author", str(author, omitEmpty)},
				{"categories", list(categoryNames, omitEmpty)},
				{"tags", list(tags, omitEmpty)},
				{"description", str(description, omitEmpty)},
				{"excerpt_separator", str(excerptSeparator, omitEmpty)},
				{"canonical_url", str(canonical, omitEmpty)},
				{"sitemap", sitemapFalse},
				{"authors", list(coAuthors, omitEmpty)},
				{"enclosure", enclosure},
				{"image", str(featuredImage, omitEmpty)},
				{"permalink", str(postPermalink, omitEmpty)},
				{"redirect_from", list(aliases, omitEmpty)},
				{"published", unpublished},
			},
		},
		{
			Name:            "astro",
			Doc:             "Astro blog starter: src/content/blog collection, Markdown pages in src/pages, public/img, redirects.json",
			ContentDir:      "src/content",
			PostSection:     "blog",
			PageDir:         "src/pages",
			PageLeaf:        "{path}.md",
			PageBranch:      "{path}/index.md",
			IndexStems:      []string{"index"},
			MediaDir:        "public/img",
			MediaURL:        "/img",
			RedirectsFile:   "redirects.json",
			RedirectsFormat: RedirectsAstro,
			Embed:           htmlEmbed,
			fields: []field{
				{"title", str(title, always)},
				{"description", str(description, always)},
				{"pubDate", date(published, rfc3339)},
				{"updatedDate", date(updated, rfc3339)},
				{"heroImage", str(featuredImage, omitEmpty)},
				{"canonical", str(canonical, omitEmpty)},
				{"noindex", noindex},
				{"author", str(author, omitEmpty)},
				{"authors", list(coAuthors, omitEmpty)},
				{"enclosure", enclosure},
				{"categories", list(categoryNames, omitEmpty)},
				{"tags", list(tags, omitEmpty)},
				{"draft", draft},
			},
		},
		{
			Name:            "eleventy",
			Doc:             "Eleventy: posts/ in the posts collection, pages in their folders, img/, permalink, a redirects template",
			PostSection:     "posts",
			PageLeaf:        "{path}/index.md",
			PageBranch:      "{path}/index.md",
			IndexStems:      []string{"index"},
			MediaDir:        "img",
			MediaURL:        "/img",
			RedirectsFile:   "redirects.njk",
			RedirectsFormat: RedirectsEleventy,
			Embed:           htmlEmbed,
			fields: []field{
				{"title", str(title, always)},
				{"date", date(published, rfc3339)},
				{"updated", date(updated, rfc3339)},
				{"permalink", str(permalink, always)},
				{"tags", list(eleventyTags, omitEmpty)},
				{"description", str(description, omitEmpty)},
				{"canonical", str(canonical, omitEmpty)},
				{"noindex", noindex},
				{"author", str(author, omitEmpty)},
				{"authors", list(coAuthors, omitEmpty)},
				{"enclosure", enclosure},
				{"categories", list(categoryNames, omitEmpty)},
				{"image", str(featuredImage, omitEmpty)},
				// Eleventy runs Markdown through Liquid first: a body about
				// templates ("{{ x }}") would be executed, not shown.
				{"templateEngineOverride", constant(strNode("md"))},
				{"draft", draft},
			},
		},
	}
}

// EleventyCollection is the collection every post of the eleventy preset
// is tagged with.
const EleventyCollection = "posts"

// Field values of the generator presets.

// permalink is the URL the generator serves the file at.
func permalink(c *renderCtx) string { return c.preset.URLFor(c.rel) }

// postPermalink pins a post's URL (Jekyll would otherwise derive the date
// in the site's time zone, and the categories, from its own settings).
func postPermalink(c *renderCtx) string {
	if c.post.Kind == KindPage {
		return ""
	}
	return permalink(c)
}

func eleventyTags(c *renderCtx) []string {
	t := tags(c)
	if c.post.Kind == KindPage {
		return t
	}
	if c.post.Type != "" {
		// A custom type is a collection of its own, named for the type.
		return uniqueNonEmpty(append([]string{c.post.Type}, t...))
	}
	return uniqueNonEmpty(append([]string{EleventyCollection}, t...))
}

// excerptSeparator tells Jekyll to end a post's excerpt at its teaser
// break, where WordPress ended it, instead of after the first paragraph;
// only a post with a break has one.
func excerptSeparator(c *renderCtx) string {
	if c.post.Kind == KindPage || !strings.Contains(c.post.Body, markdown.MoreMark) {
		return ""
	}
	return markdown.MoreMark
}

// unpublished is Jekyll's "published: false", for drafts.
func unpublished(c *renderCtx) *yaml.Node {
	if !c.post.Draft {
		return nil
	}
	return boolNode(false)
}

func constant(n *yaml.Node) func(*renderCtx) *yaml.Node {
	return func(*renderCtx) *yaml.Node { return n }
}
