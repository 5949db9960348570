// Package transform turns extracted pages into clean posts: one value per
// field (chosen by trust, with every disagreement recorded), repaired
// metadata, and the body as Markdown.
package transform

import (
	"fmt"
	"time"

	"github.com/unpress/unpress/scrape/extract"
)

// Post is a migrated post or page, ready for an output preset. Its own
// fields are its addresses and what placing it needs; the rest is in
// Details, which Resolve parks in the site's spool until Load brings it
// back (a parked post's Details is nil): memory then holds a site's posts
// by their addresses.
type Post struct {
	SourceURL string // the legacy URL
	Origin    string // where the source read it (a mirror file), for reports
	Kind      string // "post" or "page"
	ID        int    // WordPress post ID when known

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

	*Details

	// The cleaned body is in the site's spool until RenderBody turns it
	// into Body.
	site   *Site
	bodies []bodyRef
	// details is the place of the parked Details in the spool; mediaRef
	// that of the media candidates, parked once (when mediaParked) and
	// read only by MediaCandidates.
	details     bodyRef
	mediaRef    bodyRef
	mediaParked bool
}

// Details are the fields of a post that only rendering and the report
// read.
type Details struct {
	Author      string
	Categories  []Category
	Tags        []string
	ImageAlt    string
	Description string
	Previous    *Link
	Next        *Link
	Language    string
	Sticky      bool
	// Body is the article as Markdown, links still absolute legacy URLs
	// until output rewrites them.
	Body string
	// Media are the absolute URLs of images and files the body refers to,
	// in order of first appearance.
	Media []string

	// Sources tells, per field name, which source gave the chosen value,
	// and Rules which of the extractor's selector rules found it (when
	// one did).
	Sources   map[string]string
	Rules     map[string]string
	Conflicts []Conflict
	Warnings  []string

	// lead is the body's first paragraph's text and media the media URLs
	// it may refer to, read when it was spooled.
	lead  string
	media []string
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
	Rules       map[string]string `json:",omitempty"`
	Conflicts   []Conflict        `json:",omitempty"`
	Warnings    []string          `json:",omitempty"`
}

// park moves the post's details to the spool. A post whose details could
// not be spooled (a full disk) keeps them in memory.
func (p *Post) park() {
	if p.Details == nil || p.site == nil {
		return
	}
	d := postDetails{
		Author: p.Author, Categories: p.Categories, Tags: p.Tags, ImageAlt: p.ImageAlt,
		Description: p.Description, Previous: p.Previous, Next: p.Next, Language: p.Language,
		Sticky: p.Sticky, Lead: p.lead, Sources: p.Sources, Rules: p.Rules, Conflicts: p.Conflicts, Warnings: p.Warnings,
	}
	if !p.mediaParked {
		// The media candidates do not change once the post is resolved.
		mref, err := p.site.spool.park(p.media)
		if err != nil {
			return
		}
		p.mediaRef, p.mediaParked = mref, true
	}
	ref, err := p.site.spool.park(&d)
	if err != nil {
		return
	}
	p.details, p.Details = ref, nil
}

// Load brings back the Details Resolve parked in the spool. Call it before
// reading them, and before Site.Close. Details is never nil after Load: a
// post that never had any gets empty ones.
func (p *Post) Load() error {
	if p.Details != nil {
		return nil
	}
	if p.site == nil {
		p.Details = &Details{Sources: map[string]string{}}
		return nil
	}
	var d postDetails
	if err := p.site.spool.unpark(p.details, &d); err != nil {
		// Never left without details: what is lost is said in them.
		err = fmt.Errorf("%s: details lost: %w", p.SourceURL, err)
		p.Details = &Details{Sources: map[string]string{}, Warnings: []string{err.Error()}}
		return err
	}
	p.Details = &Details{
		Author: d.Author, Categories: d.Categories, Tags: d.Tags, ImageAlt: d.ImageAlt,
		Description: d.Description, Previous: d.Previous, Next: d.Next, Language: d.Language,
		Sticky: d.Sticky, lead: d.Lead, Sources: d.Sources, Rules: d.Rules, Conflicts: d.Conflicts, Warnings: d.Warnings,
	}
	if p.Sources == nil {
		p.Sources = map[string]string{}
	}
	return nil
}
