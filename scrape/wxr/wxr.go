// Package wxr reads a WordPress export file (WXR, Tools → Export) as a
// source of posts: every published post and page becomes the same record
// the HTML extractor makes of a rendered page, with exact values (dates
// with their offset, the author's display name, categories with their
// parents, tags, the featured image) and the body rendered as WordPress
// would render it (package wprender).
//
// Exports of several hundred megabytes exist, so the file is streamed
// with encoding/xml, one element at a time, and read twice: a first pass
// keeps the small site-wide tables (authors, terms, attachments, reusable
// blocks), and the second turns each item into a record and hands it on.
// Memory holds one item at a time plus those tables; an element larger
// than Options.MaxElementBytes is an error, not an allocation.
package wxr

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/wprender"
)

// DefaultMaxElementBytes bounds one item (or any other element) of an
// export: a post of 64 MiB is already far beyond any real one.
const DefaultMaxElementBytes = 64 << 20

// Statuses that Options.Include may name: posts in them are written as
// drafts when asked. "publish" is always written; trash and auto-drafts
// never are.
var Statuses = []string{"draft", "pending", "private", "future"}

// Media provides the bytes of the uploads an export only names (a WXR
// holds no files): a mirror of the site's wp-content/uploads, say.
type Media interface {
	HasMedia(u *url.URL) bool
	MediaFile(ctx context.Context, u *url.URL) (string, error)
}

// Options tune the reading of an export.
type Options struct {
	// Include are the statuses (of Statuses) yielded in full besides
	// publish. Posts in any other status are yielded as bare records (URL
	// ?p=ID, kind and status, no title or body) so that the report can say
	// what was left out without holding what must not be published.
	Include []string
	// IncludeProtected keeps the body and excerpt of password-protected
	// posts; by default they are dropped at reading.
	IncludeProtected bool
	// Media gives the uploads' bytes; nil means the export alone, whose
	// media keep their original URLs.
	Media Media
	// MaxElementBytes bounds one element; 0 means DefaultMaxElementBytes.
	MaxElementBytes int64
	// Warn, when set, is told what the records cannot carry: an item that
	// is no post (an attachment) read tolerantly, say.
	Warn func(msg string)
}

// Channel is the export's description of the site.
type Channel struct {
	Title       string
	Link        string
	Description string
	Language    string
	BaseSiteURL string
	BaseBlogURL string
	WXRVersion  string
	Generator   string
}

// Stats count an export's items by post type and status.
type Stats struct {
	Items    int
	ByType   map[string]int // post type -> items
	ByStatus map[string]int // status of posts and pages -> items
	// Sanitized is the number of characters XML forbids (control
	// characters, invalid UTF-8) that were dropped or replaced.
	Sanitized int
}

// File is an export file opened for reading. It is a scrape.Site and a
// transform.RecordSource (the source contract, scrape/source.go): Walk
// yields no HTML pages, Records yields the posts and pages.
type File struct {
	name string
	open func() (io.ReadCloser, error)
	opts Options

	Channel Channel
	base    *url.URL

	authors     map[string]string // login -> display name
	categories  map[string]term   // slug -> name and parent slug
	attachments map[int]wprender.Attachment
	children    map[int][]int // parent post -> attachment IDs, in file order
	blocks      map[int]string
	// peers are the other exports of the site read with this one (Join):
	// their attachments are found too.
	peers []*File
	stats Stats
	// firstLink is the site of the first item with an absolute link.
	firstLink string
	// broken is why the first pass stopped before the end: an item cut
	// short or malformed. Records reports it after the items before it.
	broken error
}

var _ scrape.Source = (*File)(nil)

// Open reads the export's tables (the first pass). It fails when the file
// is not a WXR export at all, declares XML entities, or is broken before
// its first item.
func Open(path string, opts Options) (*File, error) {
	return OpenFunc(filepath.Base(path), func() (io.ReadCloser, error) { return os.Open(path) }, opts)
}

// OpenFunc is Open for an export read through open, which is called once
// per pass. name is used in messages and report origins.
func OpenFunc(name string, open func() (io.ReadCloser, error), opts Options) (*File, error) {
	if opts.MaxElementBytes <= 0 {
		opts.MaxElementBytes = DefaultMaxElementBytes
	}
	for _, s := range opts.Include {
		if !slices.Contains(Statuses, s) {
			return nil, fmt.Errorf("wxr: cannot include status %q: one of %s", s, strings.Join(Statuses, ", "))
		}
	}
	f := &File{
		name: name, open: open, opts: opts,
		authors:     map[string]string{},
		categories:  map[string]term{},
		attachments: map[int]wprender.Attachment{},
		children:    map[int][]int{},
		blocks:      map[int]string{},
		stats:       Stats{ByType: map[string]int{}, ByStatus: map[string]int{}},
	}
	var lost *ItemError
	err := f.scan(context.Background(), true, f.index, func(ie *ItemError) {
		if lost == nil {
			lost = ie
		}
	})
	var ie *ItemError
	switch {
	case errors.As(err, &ie):
		f.broken = err
	case err != nil:
		return nil, err
	}
	if lost != nil && f.stats.Items == 0 {
		// Damaged items are skipped one by one; a file of nothing else is
		// not an export that can be read.
		return nil, fmt.Errorf("%w: no item of the file can be read", lost)
	}
	if err := f.validate(); err != nil {
		return nil, err
	}
	return f, nil
}

var versionNumber = regexp.MustCompile(`^\d+\.\d+$`)

// validate checks the export as WordPress's importer does: a WXR version
// number is required (a file without one is refused), a channel <link>
// is not (wp:base_site_url or the items' links give the site).
func (f *File) validate() error {
	v := f.Channel.WXRVersion
	switch {
	case v == "":
		return fmt.Errorf("wxr: %s: not a WordPress export: the channel has no <wp:wxr_version> (WordPress's importer refuses such a file as well)", f.name)
	case !versionNumber.MatchString(v):
		return fmt.Errorf("wxr: %s: not a WordPress export: its <wp:wxr_version> is %q, not a version number such as 1.2 (WordPress's importer refuses it as well)", f.name, v)
	}
	a, b, _ := strings.Cut(v, ".")
	major, _ := strconv.Atoi(a)
	minor, _ := strconv.Atoi(b)
	if f.opts.Warn != nil && (major > 1 || major == 1 && minor > 2) {
		f.opts.Warn(fmt.Sprintf("wxr: %s: WXR version %s is newer than 1.2, the newest unpress knows: it is read as 1.2", f.name, v))
	}
	for _, raw := range []string{f.Channel.Link, f.Channel.BaseBlogURL, f.Channel.BaseSiteURL, f.firstLink} {
		if u, err := url.Parse(strings.TrimSpace(raw)); err == nil && u.Host != "" && (u.Scheme == "http" || u.Scheme == "https") {
			u.RawQuery, u.Fragment = "", ""
			if !strings.HasSuffix(u.Path, "/") {
				u.Path += "/"
			}
			f.base = u
			return nil
		}
	}
	return fmt.Errorf("wxr: %s: no address of the site: the channel has no <link> or <wp:base_site_url> that is an absolute URL (%q), and no item has a link", f.name, f.Channel.Link)
}

// Base is the site's address: the channel's <link>, else its
// wp:base_blog_url or wp:base_site_url, else the site of the items' links.
func (f *File) Base() *url.URL { return f.base }

// Stats are the export's counts (from the first pass).
func (f *File) Stats() Stats { return f.stats }

// Walk yields nothing: an export has no rendered pages.
func (f *File) Walk(context.Context, func(*scrape.Page) error, func(*scrape.PageError)) error {
	return nil
}

// SetMedia gives the export a copy of the site's uploads, once its Base
// is known (Options.Media).
func (f *File) SetMedia(m Media) { f.opts.Media = m }

// HasMedia reports whether Options.Media has a copy of the upload.
func (f *File) HasMedia(u *url.URL) bool { return f.opts.Media != nil && f.opts.Media.HasMedia(u) }

// MediaFile is Options.Media's copy of the upload.
func (f *File) MediaFile(ctx context.Context, u *url.URL) (string, error) {
	if f.opts.Media == nil {
		return "", fmt.Errorf("%s: an export holds no media files (give a copy of the uploads)", u)
	}
	return f.opts.Media.MediaFile(ctx, u)
}

// ItemError is a failure inside one item. When the file ends inside it
// (Truncated) or it is too large, the reading ends there: the items
// before it are good. An item that is not well-formed XML is read again
// as WordPress's tolerant parser reads it (Recovered: the error is then a
// warning about the item) or, when even that fails, skipped, and the
// reading goes on after it.
type ItemError struct {
	File      string
	N         int   // the item's position, from 1
	Line      int   // where it starts
	Offset    int64 // byte offset where it starts
	PostID    string
	Title     string
	Truncated bool // the file ends inside the item
	Recovered bool // the item was read tolerantly
	Err       error
}

func (e *ItemError) Error() string {
	who := fmt.Sprintf("item %d (line %d", e.N, e.Line)
	if e.PostID != "" {
		who += ", post " + e.PostID
	}
	if e.Title != "" {
		who += fmt.Sprintf(" %q", e.Title)
	}
	who += ")"
	if e.N == 0 {
		who = fmt.Sprintf("after the last item (line %d)", e.Line)
	}
	if e.Truncated {
		return fmt.Sprintf("wxr: %s: the file ends inside %s: the export is truncated; the items before it were read", e.File, who)
	}
	if e.Recovered {
		return fmt.Sprintf("wxr: %s: %s is not well-formed XML (%v): read as WordPress's importer reads it (a bare & as text, a ]]> inside CDATA kept); check the post", e.File, who, e.Err)
	}
	return fmt.Sprintf("wxr: %s: %s: %v", e.File, who, e.Err)
}

func (e *ItemError) Unwrap() error { return e.Err }
