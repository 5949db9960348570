// Package transform turns extracted pages into clean posts: one value per
// field (chosen by trust, with every disagreement recorded), repaired
// metadata, and the body as Markdown.
package transform

import "time"

// Post is a migrated post or page, ready for an output preset.
type Post struct {
	SourceURL string // the legacy URL
	Origin    string // where the source read it (a mirror file), for reports
	Kind      string // "post" or "page"
	ID        int    // WordPress post ID when known

	Title       string
	Slug        string
	Published   time.Time // in the site's zone (offset kept)
	Updated     time.Time // zero when unknown or equal to Published
	Author      string
	Categories  []Category
	Tags        []string
	Image       string // featured image, absolute URL (output rewrites it)
	ImageAlt    string
	Description string
	Previous    *Link
	Next        *Link
	Language    string
	Sticky      bool
	// Aliases are other legacy paths (with query, if any) that redirected
	// to this post: output presets keep them working.
	Aliases   []string
	Draft     bool
	Protected bool
	Pages     int // number of legacy pages stitched into this post

	// The cleaned body is in the site's spool until RenderBody turns it
	// into Body; lead is its first paragraph's text and media the media
	// URLs it may refer to, read when it was spooled.
	site   *Site
	bodies []bodyRef
	lead   string
	media  []string
	// Body is the article as Markdown, links still absolute legacy URLs
	// until output rewrites them.
	Body string
	// Media are the absolute URLs of images and files the body refers to,
	// in order of first appearance.
	Media []string

	// Sources tells, per field name, which source gave the chosen value.
	Sources   map[string]string
	Conflicts []Conflict
	Warnings  []string
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
