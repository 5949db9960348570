// Package transform turns extracted pages into clean posts: one value per
// field (chosen by trust, with every disagreement recorded), repaired
// metadata, and the body as Markdown.
package transform

import (
	"time"

	"github.com/unpress/unpress/scrape/extract"
)

// Post is a migrated post or page, ready for an output preset: a plain
// value. Its Head is what placing it needs (memory holds the Head of every
// post of a site); Details is what only rendering and the report read,
// which Posts keeps in its spill store until a post is read back.
type Post struct {
	Head
	Details
}

// Head is the part of a post that planning paths, links and redirects
// reads.
type Head struct {
	SourceURL string // the legacy URL
	Origin    string // where the source read it (a mirror file), for reports
	Kind      string // "post" or "page"
	ID        int    // WordPress post ID when known
	// Type is a custom post type's name ("portfolio", Kind "post"); empty
	// for a post or a page.
	Type string
	// Parent is the ID of a page's parent page, when a record says it.
	Parent int

	Title     string
	Slug      string
	Published time.Time // in the site's zone (offset kept)
	Updated   time.Time // zero when unknown or equal to Published
	Image     string    // featured image, absolute URL (output rewrites it)
	// Aliases are other legacy paths (with query, if any) that redirected
	// to this post: output presets keep them working.
	Aliases   []string
	Draft     bool
	Protected bool
	Pages     int // number of legacy pages stitched into this post
}

// Details are the fields of a post that only rendering and the report
// read.
type Details struct {
	Author      string     `json:",omitempty"`
	Categories  []Category `json:",omitempty"`
	Tags        []string   `json:",omitempty"`
	ImageAlt    string     `json:",omitempty"`
	Description string     `json:",omitempty"`
	Previous    *Link      `json:",omitempty"`
	Next        *Link      `json:",omitempty"`
	Language    string     `json:",omitempty"`
	Sticky      bool       `json:",omitempty"`
	// Meta is what plugins kept beside the post: SEO canonical URL and
	// noindex, co-authors, a podcast enclosure.
	Meta extract.PostMeta
	// Body is the article as Markdown, its links and media already
	// rewritten by the converter it was rendered with (Posts.Render).
	Body string `json:",omitempty"`
	// Media are the absolute URLs of images and files the body refers to,
	// in order of first appearance.
	Media []string `json:",omitempty"`

	// Sources tells, per field name, which source gave the chosen value,
	// and Rules which of the extractor's selector rules found it (when
	// one did).
	Sources   map[string]string `json:",omitempty"`
	Rules     map[string]string `json:",omitempty"`
	Conflicts []Conflict        `json:",omitempty"`
	Warnings  []string          `json:",omitempty"`
}

// from records that field's value came from candidate c: its source, and
// the rule that found it.
func (p *Post) from(field string, source extract.Source, rule string) {
	p.Sources[field] = string(source)
	if rule == "" {
		delete(p.Rules, field)
		return
	}
	if p.Rules == nil {
		p.Rules = map[string]string{}
	}
	p.Rules[field] = rule
}

// Category is a category with its parent path (root first, itself last).
type Category struct {
	Name string
	Path []string
}

// Link is a reference to a neighbouring post.
type Link struct {
	Title string
	URL   string
}

// Conflict records two sources disagreeing on a field, and which won.
type Conflict struct {
	Field        string `json:"field"`
	Chosen       string `json:"chosen"`
	ChosenSource string `json:"chosen_source"`
	Other        string `json:"other"`
	OtherSource  string `json:"other_source"`
	Note         string `json:"note,omitempty"`
}
