// Package output writes migrated posts for a static-site generator: where
// each file goes (a Preset per generator), its YAML front matter, safe and
// idempotent writes that never clobber a hand edit (Writer), and the
// migration report (Report).
package output

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/unpress/unpress/transform/markdown"
)

// Preset describes one static-site generator's layout and front matter.
// Everything that can be data is data; adding a generator is one more
// value in builtinPresets or generatorPresets (generators.go).
type Preset struct {
	// Name is what --preset accepts.
	Name string
	// Doc is a one-line description for help text.
	Doc string

	// ContentDir holds the Markdown files; a file's URL is its path under
	// ContentDir ("src/pages/blog/x.md" → "/blog/x/").
	ContentDir string
	// PostSection is the folder under ContentDir for posts: each post is
	// ContentDir/PostSection/<slug>.md.
	PostSection string
	// PageLeaf and PageBranch place a page, "{path}" standing for its
	// sanitised legacy path ("about/our-team"): PageLeaf for a page without
	// child pages, PageBranch for one with children (and for the home page,
	// whose path is empty).
	PageLeaf, PageBranch string
	// IndexStems are file stems the generator gives a meaning to ("index",
	// "_index"); a post or leaf page with such a slug gets "-2".
	IndexStems []string

	// MediaDir is where media files go, relative to the output root;
	// MediaURL is the same folder as the site serves it.
	MediaDir, MediaURL string

	// RedirectsFile is the file that maps legacy URLs to new ones (Netlify
	// _redirects), relative to the output root; empty when redirects live
	// in the front matter (Hugo aliases).
	RedirectsFile string
	// RedirectsFormat is the form of RedirectsFile: "" (Netlify
	// _redirects), RedirectsAstro or RedirectsEleventy.
	RedirectsFormat string

	// PostFile, when set, places a post under ContentDir by a pattern
	// instead of PostSection/<slug>.md: "{slug}", "{year}", "{month}" and
	// "{day}" stand for the post's values ("_posts/{year}-{month}-{day}-{slug}.md",
	// "posts/{slug}/index.md").
	PostFile string
	// PostURL, when set, is the URL a generator serves a post at, from the
	// placeholders of PostFile ("/{year}/{month}/{day}/{slug}/"); empty
	// when the URL follows from the file's path.
	PostURL string
	// TypeFolders name the folder of a custom post type's posts under
	// ContentDir, by type; a type not named goes to a folder of its own
	// name (posttypes.go).
	TypeFolders map[string]string
	// PageDir, when set, holds the pages instead of ContentDir (Astro's
	// src/pages beside the src/content/blog collection).
	PageDir string
	// Zone, when set, is the time zone of the dates written and of the
	// file name's date; nil keeps each date's own offset.
	Zone *time.Location

	// Embed renders a video or other embed URL in a body, as
	// markdown.Options.Embed does (a Hugo shortcode, an HTML player); nil
	// leaves the converter's default, a Markdown link.
	Embed func(url string) string
	// More is what a post's teaser break (<!--more-->) becomes in its
	// body, as markdown.Options.More: markdown.MoreMark where the
	// generator splits a summary there (Hugo's summary divider, Jekyll's
	// excerpt_separator), "" where it has no such divider and the text
	// before the break is the post's description instead.
	More string
	// RawHTMLNote, when set, is what a user must do for the generator to
	// show raw HTML in a body (Hugo drops it by default); the summary
	// prints it when a body holds some.
	RawHTMLNote string
	// escapeBody, when set, protects a body from the generator's template
	// engine (Jekyll's Liquid).
	escapeBody func(body string) string
	// dateFormat, when set, writes every date field (SetDateFormat).
	dateFormat func(time.Time) string

	// fields is the front matter, in output order.
	fields []field
}

// builtinPresets returns fresh values, so that a caller changing its copy
// changes nothing for anyone else.
func builtinPresets() []*Preset {
	return []*Preset{
		{
			Name:          "decap",
			Doc:           "Gatsby with Decap (Netlify) CMS: src/pages, static/img, Netlify _redirects",
			ContentDir:    "src/pages",
			PostSection:   "blog",
			PageLeaf:      "{path}/index.md",
			PageBranch:    "{path}/index.md",
			IndexStems:    []string{"index"},
			MediaDir:      "static/img",
			MediaURL:      "/img",
			RedirectsFile: "static/_redirects",
			fields: []field{
				{"templateKey", kindKey("blog-post", "page")},
				{"title", str(title, always)},
				{"date", date(published, isoUTC)},
				{"updated", date(updated, isoUTC)},
				{"description", str(description, always)},
				{"canonical", str(canonical, omitEmpty)},
				{"noindex", noindex},
				{"featuredpost", featuredPost},
				{"featuredimage", str(featuredImage, omitEmpty)},
				{"author", str(author, omitEmpty)},
				{"authors", list(coAuthors, omitEmpty)},
				{"enclosure", enclosure},
				{"categories", list(categoryNames, omitEmpty)},
				{"tags", list(tags, postsAlways)},
				{"draft", draft},
			},
		},
		{
			Name:        "hugo",
			Doc:         "Hugo: content/posts, leaf or _index pages, static/img, aliases for old URLs",
			ContentDir:  "content",
			PostSection: "posts",
			PageLeaf:    "{path}.md",
			PageBranch:  "{path}/_index.md",
			IndexStems:  []string{"index", "_index"},
			MediaDir:    "static/img",
			MediaURL:    "/img",
			Embed:       hugoEmbed,
			More:        markdown.MoreMark,
			RawHTMLNote: hugoUnsafeNote,
			escapeBody:  hugoShortcodes,
			fields: []field{
				{"title", str(title, always)},
				{"date", date(published, rfc3339)},
				{"lastmod", date(updated, rfc3339)},
				{"slug", str(postSlug, omitEmpty)},
				{"author", str(author, omitEmpty)},
				{"categories", list(categoryNames, omitEmpty)},
				{"category_paths", list(categoryPaths, omitEmpty)},
				{"tags", list(tags, omitEmpty)},
				{"description", str(description, omitEmpty)},
				{"canonicalURL", str(canonical, omitEmpty)},
				{"sitemap", hugoSitemapDisable},
				{"authors", list(coAuthors, omitEmpty)},
				{"enclosure", enclosure},
				{"images", list(featuredImages, omitEmpty)},
				{"aliases", list(aliases, omitEmpty)},
				{"draft", draft},
			},
		},
	}
}

// PresetNames lists the valid preset names, sorted.
func PresetNames() []string {
	var names []string
	for _, p := range allPresets() {
		names = append(names, p.Name)
	}
	slices.Sort(names)
	return names
}

// LookupPreset returns the preset with the given name; the error lists the
// valid names.
func LookupPreset(name string) (*Preset, error) {
	for _, p := range allPresets() {
		if p.Name == name {
			return p, nil
		}
	}
	return nil, fmt.Errorf("output: unknown preset %q (valid: %s)", name, strings.Join(PresetNames(), ", "))
}

// hugoUnsafeNote is the Hugo preset's RawHTMLNote: what to change when a
// body holds HTML that Hugo would drop.
const hugoUnsafeNote = "Hugo drops raw HTML unless the site config sets markup.goldmark.renderer.unsafe = true"
