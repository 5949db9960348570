// Package output writes migrated posts for a static-site generator: where
// each file goes (a Preset per generator), its YAML front matter, safe and
// idempotent writes that never clobber a hand edit (Writer), and the
// migration report (Report).
package output

import (
	"fmt"
	"slices"
	"strings"
)

// Preset describes one static-site generator's layout and front matter.
// Everything that can be data is data; adding a generator (jekyll, astro,
// eleventy) is one more value in builtinPresets.
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
				{"featuredpost", featuredPost},
				{"featuredimage", str(featuredImage, omitEmpty)},
				{"author", str(author, omitEmpty)},
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
			fields: []field{
				{"title", str(title, always)},
				{"date", date(published, rfc3339)},
				{"lastmod", date(updated, rfc3339)},
				{"slug", str(postSlug, omitEmpty)},
				{"author", str(author, omitEmpty)},
				{"categories", list(categoryNames, omitEmpty)},
				{"tags", list(tags, omitEmpty)},
				{"description", str(description, omitEmpty)},
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
	for _, p := range builtinPresets() {
		names = append(names, p.Name)
	}
	slices.Sort(names)
	return names
}

// LookupPreset returns the preset with the given name; the error lists the
// valid names.
func LookupPreset(name string) (*Preset, error) {
	for _, p := range builtinPresets() {
		if p.Name == name {
			return p, nil
		}
	}
	return nil, fmt.Errorf("output: unknown preset %q (valid: %s)", name, strings.Join(PresetNames(), ", "))
}
