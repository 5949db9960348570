package extract

import (
	"time"

	"golang.org/x/net/html"
)

// Kind is what a legacy page is.
type Kind string

const (
	KindPost       Kind = "post"
	KindPage       Kind = "page"
	KindListing    Kind = "listing"
	KindAttachment Kind = "attachment"
	KindNotFound   Kind = "not-found"
	KindUnknown    Kind = "unknown"
)

// Source names the layer a value was read from, most trustworthy first.
type Source string

const (
	SrcJSONLD      Source = "json-ld"
	SrcMeta        Source = "meta"         // OpenGraph, article:*, <meta name=...>
	SrcMicrodata   Source = "microdata"    // schema.org itemprop in the body
	SrcMicroformat Source = "microformats" // h-entry / hentry
	SrcClassic     Source = "classic-theme"
	SrcBlock       Source = "block-theme"
	SrcTitleTag    Source = "title-tag"
	SrcPermalink   Source = "permalink"
	SrcVisibleText Source = "visible-text"
	SrcBodyClass   Source = "body-class"
	SrcContent     Source = "content" // derived from the article body
	SrcListing     Source = "listing" // a tag/category archive that lists the post
	SrcSite        Source = "site"    // derived from the whole site (post order)
	SrcConfig      Source = "config"  // a site's own rules
	// Structured sources: a WordPress export file and the REST API. They
	// state exact values (dates with offsets, authors, terms) that pages
	// only render.
	SrcWXR  Source = "wxr"
	SrcREST Source = "rest"
)

// Candidate is one value for a field and where it came from.
type Candidate[T any] struct {
	Value  T
	Source Source
	// Rule names the selector rule that found the value, when one did.
	Rule string `json:",omitempty"`
}

// Date is a point in time as a page states it. A date read from a
// permalink has no time of day; a datetime attribute without an offset
// has no zone: repair fills those in from the site's offset.
type Date struct {
	Time    time.Time
	HasTime bool
	HasZone bool
}

// Term is a category or tag as the page shows it.
type Term struct {
	Name string
	URL  string   // archive URL, when linked
	Path []string // parent names then Name, when the page shows the hierarchy
}

// Link is a reference to another post (previous/next).
type Link struct {
	Title string
	URL   string
}

// Extracted is everything pulled out of one page, each field as a list of
// candidates ordered from the most to the least trustworthy source. The
// transform stage chooses among them and reports disagreements.
type Extracted struct {
	URL         string
	Kind        Kind
	ListingKind string // home, category, tag, author, date, search, paged
	PostID      int    // WordPress post ID, from postid-N / ?p=N; 0 if unknown

	Title       []Candidate[string]
	SiteName    []Candidate[string]
	Canonical   string
	Published   []Candidate[Date]
	Updated     []Candidate[Date]
	Author      []Candidate[string]
	Categories  []Candidate[[]Term]
	Tags        []Candidate[[]Term]
	Image       []Candidate[string] // featured image URL, absolute
	ImageAlt    string
	Description []Candidate[string]
	Previous    []Candidate[Link]
	Next        []Candidate[Link]
	Language    string
	Sticky      bool
	// Meta is what plugins keep beside a post (SEO, co-authors, a
	// podcast file); only a structured source states it.
	Meta      PostMeta
	Protected bool // password-protected post: the body is a form

	// Structured sources (WXR, REST) only.
	//
	// Status is WordPress's post status (publish, draft, pending, private,
	// future); "" for a rendered page, which is public by being there.
	Status string
	// Slug is the post's own slug (post_name), percent-decoded; the URL's
	// last segment gives it for rendered pages.
	Slug []Candidate[string]
	// Comments is the number of approved comments the source counts
	// (rendered pages leave it 0).
	Comments int
	// PostType is a custom post type's name ("portfolio"); empty for a
	// post or a page. Such an item is a KindPost: it is placed like one,
	// but under a folder named for its type.
	PostType string
	// Parent is the post ID of a page's parent page (post_parent): a page
	// known only by a query link (?page_id=7) is placed under it.
	Parent int
	// BodyPages is how many pages (<!--nextpage-->) Content holds when the
	// source has the whole post at once; 0 when unknown.
	BodyPages int

	// Content is the cleaned content root (chrome removed, URLs absolute),
	// nil when the page has none; ContentRule names the rule that chose it.
	Content     *html.Node
	ContentRule string
	// MorePages are the URLs of pages 2..N of a multi-page post.
	MorePages []string

	// Listings only: the term the archive is for and the posts it lists.
	ListTerm  *Term
	ListedURL []string
	// ListedDate is the date an archive shows beside a listed post: some
	// themes print the time only there.
	ListedDate map[string]Date
	// ListedExcerpt is the excerpt an archive shows beside a listed post
	// when it is a manual one (written by the author, shown whole, not
	// cut off with an ellipsis).
	ListedExcerpt map[string]string
	// TermLinks are every category archive link on the page (breadcrumbs,
	// category widgets): names for the levels of category paths.
	TermLinks []Term
	// Links are URLs found on the page worth following (discovery).
	Links []string

	Warnings []string
}

// PostMeta is what plugins store in a post's meta that a static site has
// a place for.
type PostMeta struct {
	// Canonical is the canonical URL an SEO plugin (Yoast, Rank Math) was
	// told to print, when the author set one.
	Canonical string `json:",omitempty"`
	// NoIndex is an SEO plugin's "no index" for the post.
	NoIndex bool `json:",omitempty"`
	// Authors are the post's authors in byline order (Co-Authors Plus),
	// when it has more than one.
	Authors []string `json:",omitempty"`
	// Enclosure is the post's podcast file (WordPress's enclosure meta).
	Enclosure *Enclosure `json:",omitempty"`
}

// Enclosure is a file attached to a post for feeds (RSS <enclosure>).
type Enclosure struct {
	URL    string `json:"url" yaml:"url"`
	Length int64  `json:"length,omitempty" yaml:"length,omitempty"`
	Type   string `json:"type,omitempty" yaml:"type,omitempty"`
}

// Merge fills what m lacks from o.
func (m PostMeta) Merge(o PostMeta) PostMeta {
	if m.Canonical == "" {
		m.Canonical = o.Canonical
	}
	m.NoIndex = m.NoIndex || o.NoIndex
	if len(m.Authors) == 0 {
		m.Authors = o.Authors
	}
	if m.Enclosure == nil {
		m.Enclosure = o.Enclosure
	}
	return m
}
