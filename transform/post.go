// Package transform turns extracted pages into clean posts: one value per
// field (chosen by trust, with every disagreement recorded), repaired
// metadata, and the body as Markdown.
package transform

import (
	"fmt"
	"time"
)

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
	// parked is true while the fields in postDetails wait in the spool
	// (see Load); details and mediaRef are their places there.
	parked   bool
	details  bodyRef
	mediaRef bodyRef
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

// postDetails are the fields of a Post that only rendering and the report
// read. Between Resolve and writing they wait in the site's spool, so that
// memory holds a few addresses per post, not the site's metadata.
type postDetails struct {
	Author      string            `json:",omitempty"`
	Categories  []Category        `json:",omitempty"`
	Tags        []string          `json:",omitempty"`
	ImageAlt    string            `json:",omitempty"`
	Description string            `json:",omitempty"`
	Previous    *Link             `json:",omitempty"`
	Next        *Link             `json:",omitempty"`
	Language    string            `json:",omitempty"`
	Sticky      bool              `json:",omitempty"`
	Lead        string            `json:",omitempty"`
	Sources     map[string]string `json:",omitempty"`
	Conflicts   []Conflict        `json:",omitempty"`
	Warnings    []string          `json:",omitempty"`
}

// park moves the post's details to the spool. A post whose details could
// not be spooled (a full disk) keeps them in memory.
func (p *Post) park() {
	if p.parked || p.site == nil {
		return
	}
	d := postDetails{
		Author: p.Author, Categories: p.Categories, Tags: p.Tags, ImageAlt: p.ImageAlt,
		Description: p.Description, Previous: p.Previous, Next: p.Next, Language: p.Language,
		Sticky: p.Sticky, Lead: p.lead, Sources: p.Sources, Conflicts: p.Conflicts, Warnings: p.Warnings,
	}
	ref, err := p.site.spool.park(&d)
	if err != nil {
		return
	}
	mref, err := p.site.spool.park(p.media)
	if err != nil {
		return
	}
	p.details, p.mediaRef, p.parked = ref, mref, true
	p.Author, p.Categories, p.Tags, p.ImageAlt = "", nil, nil, ""
	p.Description, p.Previous, p.Next, p.Language, p.Sticky = "", nil, nil, "", false
	p.lead, p.media, p.Sources, p.Conflicts, p.Warnings = "", nil, nil, nil, nil
}

// Load brings back the details Resolve parked in the spool: every field
// is set again. Call it before reading a post's fields other than its
// addresses (SourceURL, Origin, Kind, ID, Title, Slug, dates, Image,
// Aliases, Draft, Protected, Pages), and before Site.Close.
func (p *Post) Load() error {
	if !p.parked {
		return nil
	}
	var d postDetails
	if err := p.site.spool.unpark(p.details, &d); err != nil {
		return fmt.Errorf("%s: read back: %w", p.SourceURL, err)
	}
	media, err := p.MediaCandidates()
	if err != nil {
		return err
	}
	p.Author, p.Categories, p.Tags, p.ImageAlt = d.Author, d.Categories, d.Tags, d.ImageAlt
	p.Description, p.Previous, p.Next, p.Language, p.Sticky = d.Description, d.Previous, d.Next, d.Language, d.Sticky
	p.lead, p.media, p.Sources, p.Conflicts, p.Warnings = d.Lead, media, d.Sources, d.Conflicts, d.Warnings
	if p.Sources == nil {
		p.Sources = map[string]string{}
	}
	p.parked = false
	return nil
}
