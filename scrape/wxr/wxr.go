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
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/net/html/charset"

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
	stats       Stats
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
	err := f.scan(context.Background(), true, f.index)
	var ie *ItemError
	switch {
	case errors.As(err, &ie):
		f.broken = err
	case err != nil:
		return nil, err
	}
	if f.Channel.Link == "" && f.Channel.BaseBlogURL == "" {
		return nil, fmt.Errorf("wxr: %s: not a WordPress export (no <channel> with a <link>)", name)
	}
	for _, raw := range []string{f.Channel.Link, f.Channel.BaseBlogURL} {
		if u, err := url.Parse(strings.TrimSpace(raw)); err == nil && u.Host != "" {
			if !strings.HasSuffix(u.Path, "/") {
				u.Path += "/"
			}
			f.base = u
			break
		}
	}
	if f.base == nil {
		return nil, fmt.Errorf("wxr: %s: the channel's link %q is not an absolute URL", name, f.Channel.Link)
	}
	return f, nil
}

// Base is the site's address, from the channel's <link>.
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

// ItemError is a failure inside one item, which ends the reading there:
// the items before it are good.
type ItemError struct {
	File      string
	N         int   // the item's position, from 1
	Line      int   // where it starts
	Offset    int64 // byte offset where it starts
	PostID    string
	Title     string
	Truncated bool // the file ends inside the item
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
	return fmt.Sprintf("wxr: %s: %s: %v", e.File, who, e.Err)
}

func (e *ItemError) Unwrap() error { return e.Err }

// XML shapes of the parts of an export we read. Names match any namespace
// (WXR 1.0 to 1.2 use several, over http and https); content:encoded and
// excerpt:encoded are told apart by theirs.
type (
	itemXML struct {
		Title         string        `xml:"title"`
		Link          string        `xml:"link"`
		Creator       string        `xml:"creator"`
		Encoded       []encodedXML  `xml:"encoded"`
		PostID        string        `xml:"post_id"`
		PostDate      string        `xml:"post_date"`
		PostDateGMT   string        `xml:"post_date_gmt"`
		Modified      string        `xml:"post_modified"`
		ModifiedGMT   string        `xml:"post_modified_gmt"`
		PostName      string        `xml:"post_name"`
		Status        string        `xml:"status"`
		Parent        string        `xml:"post_parent"`
		MenuOrder     string        `xml:"menu_order"`
		PostType      string        `xml:"post_type"`
		Password      string        `xml:"post_password"`
		Sticky        string        `xml:"is_sticky"`
		AttachmentURL string        `xml:"attachment_url"`
		Categories    []categoryXML `xml:"category"`
		Meta          []metaXML     `xml:"postmeta"`
		Comments      []commentXML  `xml:"comment"`
	}
	encodedXML struct {
		XMLName xml.Name
		Text    string `xml:",chardata"`
	}
	categoryXML struct {
		Domain   string `xml:"domain,attr"`
		Nicename string `xml:"nicename,attr"`
		Name     string `xml:",chardata"`
	}
	metaXML struct {
		Key   string `xml:"meta_key"`
		Value string `xml:"meta_value"`
	}
	commentXML struct {
		Approved string `xml:"comment_approved"`
	}
	authorXML struct {
		Login       string `xml:"author_login"`
		DisplayName string `xml:"author_display_name"`
	}
	categoryDefXML struct {
		Nicename string `xml:"category_nicename"`
		Parent   string `xml:"category_parent"`
		Name     string `xml:"cat_name"`
	}
	termXML struct {
		Taxonomy string `xml:"term_taxonomy"`
		Slug     string `xml:"term_slug"`
		Parent   string `xml:"term_parent"`
		Name     string `xml:"term_name"`
	}
)

// content and excerpt are the item's content:encoded and excerpt:encoded.
func (it *itemXML) content() string { return it.encoded(false) }
func (it *itemXML) excerpt() string { return it.encoded(true) }

func (it *itemXML) encoded(excerpt bool) string {
	for _, e := range it.Encoded {
		if strings.Contains(e.XMLName.Space, "excerpt") == excerpt {
			return e.Text
		}
	}
	return ""
}

func (it *itemXML) meta(key string) string {
	for _, m := range it.Meta {
		if m.Key == key {
			return m.Value
		}
	}
	return ""
}

type term struct {
	name   string
	parent string
}

// itemPos is where an item starts.
type itemPos struct {
	n      int
	line   int
	offset int64
}

// scan streams the export: the channel's own elements (when header is
// set) and every item, passed to fn. It returns an *ItemError when an item
// is cut short or malformed, or the file ends before </channel>.
func (f *File) scan(ctx context.Context, header bool, fn func(*itemXML, itemPos) error) error {
	rc, err := f.open()
	if err != nil {
		return fmt.Errorf("wxr: %w", err)
	}
	defer rc.Close()
	san := newSanitizer(rc)
	dec := xml.NewDecoder(san)
	dec.Strict = true
	dec.Entity = xml.HTMLEntity // &nbsp; and friends in exports that do not use CDATA
	dec.CharsetReader = charset.NewReaderLabel
	defer func() { f.stats.Sanitized = max(f.stats.Sanitized, san.fixed) }()

	limit := f.opts.MaxElementBytes
	var stack []string // open elements' local names
	items, lastLine := 0, 1
	sawChannel := false
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		san.bound(limit)
		tok, err := dec.Token()
		san.bound(0)
		if err == io.EOF {
			if !sawChannel {
				return fmt.Errorf("wxr: %s: not a WordPress export (no <rss><channel>)", f.name)
			}
			if len(stack) > 0 {
				return &ItemError{File: f.name, Line: lastLine, Truncated: true, Err: io.ErrUnexpectedEOF}
			}
			return nil
		}
		if err != nil {
			if items > 0 || sawChannel {
				line, _ := dec.InputPos()
				return &ItemError{File: f.name, Line: line, Truncated: isEOF(err), Err: f.sizeErr(err)}
			}
			return fmt.Errorf("wxr: %s: %w", f.name, f.sizeErr(err))
		}
		switch t := tok.(type) {
		case xml.Directive:
			// A WordPress export declares no DTD. Entity declarations are
			// how "billion laughs" files blow up parsers: refuse them.
			if d := strings.ToUpper(string(t)); strings.HasPrefix(d, "DOCTYPE") && strings.Contains(d, "<!ENTITY") {
				return fmt.Errorf("wxr: %s: the file declares XML entities (<!DOCTYPE … <!ENTITY …>), which no WordPress export does and entity-expansion attacks (\"billion laughs\") rely on: refusing to read it", f.name)
			}
		case xml.StartElement:
			name := t.Name.Local
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			switch {
			case name == "channel" && parent == "rss":
				sawChannel = true
				stack = append(stack, name)
				continue
			case name == "rss" && len(stack) == 0:
				stack = append(stack, name)
				continue
			case parent != "channel":
				if len(stack) == 0 {
					return fmt.Errorf("wxr: %s: not a WordPress export (the document is <%s>, not <rss>)", f.name, name)
				}
				stack = append(stack, name)
				continue
			}
			line, _ := dec.InputPos()
			lastLine = line
			if name == "item" {
				items++
				pos := itemPos{n: items, line: line, offset: dec.InputOffset()}
				var it itemXML
				san.bound(limit)
				err := dec.DecodeElement(&it, &t)
				san.bound(0)
				if err != nil {
					return &ItemError{File: f.name, N: items, Line: line, Offset: pos.offset, PostID: strings.TrimSpace(it.PostID), Title: strings.TrimSpace(it.Title), Truncated: isEOF(err), Err: f.sizeErr(err)}
				}
				if err := fn(&it, pos); err != nil {
					return err
				}
				continue
			}
			if !header {
				san.bound(limit)
				err := dec.Skip()
				san.bound(0)
				if err != nil {
					return &ItemError{File: f.name, Line: line, Truncated: isEOF(err), Err: f.sizeErr(err)}
				}
				continue
			}
			san.bound(limit)
			err := f.header(dec, t)
			san.bound(0)
			if err != nil {
				return &ItemError{File: f.name, N: 0, Line: line, Truncated: isEOF(err), Err: f.sizeErr(err)}
			}
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
}

func isEOF(err error) bool {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return true
	}
	var se *xml.SyntaxError
	return errors.As(err, &se) && strings.Contains(se.Msg, "unexpected EOF")
}

func (f *File) sizeErr(err error) error {
	if errors.Is(err, errTooLarge) {
		return fmt.Errorf("an element is larger than %s: not read (a real post is far smaller; the file may be corrupt)", sizeLabel(f.opts.MaxElementBytes))
	}
	return err
}

// header reads one element of the channel (first pass).
func (f *File) header(dec *xml.Decoder, t xml.StartElement) error {
	text := func(dst *string) error {
		var s string
		if err := dec.DecodeElement(&s, &t); err != nil {
			return err
		}
		*dst = strings.TrimSpace(s)
		return nil
	}
	c := &f.Channel
	switch t.Name.Local {
	case "title":
		return text(&c.Title)
	case "link":
		return text(&c.Link)
	case "description":
		return text(&c.Description)
	case "language":
		return text(&c.Language)
	case "base_site_url":
		return text(&c.BaseSiteURL)
	case "base_blog_url":
		return text(&c.BaseBlogURL)
	case "wxr_version":
		return text(&c.WXRVersion)
	case "generator":
		return text(&c.Generator)
	case "author":
		var a authorXML
		if err := dec.DecodeElement(&a, &t); err != nil {
			return err
		}
		if login := strings.TrimSpace(a.Login); login != "" {
			f.authors[login] = html.UnescapeString(strings.TrimSpace(a.DisplayName))
		}
	case "category":
		var c categoryDefXML
		if err := dec.DecodeElement(&c, &t); err != nil {
			return err
		}
		f.addCategory(c.Nicename, c.Name, c.Parent)
	case "term":
		var tm termXML
		if err := dec.DecodeElement(&tm, &t); err != nil {
			return err
		}
		if strings.TrimSpace(tm.Taxonomy) == "category" {
			f.addCategory(tm.Slug, tm.Name, tm.Parent)
		}
	default:
		return dec.Skip()
	}
	return nil
}

func (f *File) addCategory(slug, name, parent string) {
	slug = strings.TrimSpace(slug)
	if slug == "" {
		return
	}
	if _, ok := f.categories[slug]; ok && strings.TrimSpace(parent) == "" {
		return
	}
	f.categories[slug] = term{name: html.UnescapeString(strings.TrimSpace(name)), parent: strings.TrimSpace(parent)}
}

var (
	metaWidth  = regexp.MustCompile(`s:5:"width";i:(\d+);`)
	imageTypes = map[string]string{".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif", ".webp": "image/webp", ".avif": "image/avif", ".svg": "image/svg+xml", ".bmp": "image/bmp", ".tif": "image/tiff", ".tiff": "image/tiff", ".heic": "image/heic"}
)

// mimeOf guesses an attachment's type from its file name: WXR does not
// carry post_mime_type.
func mimeOf(u string) string {
	p := u
	if pu, err := url.Parse(u); err == nil {
		p = pu.Path
	}
	ext := strings.ToLower(filepath.Ext(p))
	if m, ok := imageTypes[ext]; ok {
		return m
	}
	switch ext {
	case ".mp4", ".m4v", ".webm", ".ogv", ".mov", ".wmv", ".flv", ".avi":
		return "video/" + strings.TrimPrefix(ext, ".")
	case ".mp3", ".ogg", ".oga", ".m4a", ".wav", ".flac", ".wma":
		return "audio/" + strings.TrimPrefix(ext, ".")
	}
	return "application/octet-stream"
}

// index is the first pass's work on one item: count it, and keep what
// other items refer to (attachments, reusable blocks).
func (f *File) index(it *itemXML, _ itemPos) error {
	typ := strings.TrimSpace(it.PostType)
	status := strings.TrimSpace(it.Status)
	f.stats.Items++
	f.stats.ByType[typ]++
	if typ == "post" || typ == "page" {
		f.stats.ByStatus[status]++
	}
	id, _ := strconv.Atoi(strings.TrimSpace(it.PostID))
	switch typ {
	case "attachment":
		u := strings.TrimSpace(it.AttachmentURL)
		if u == "" || id == 0 {
			return nil
		}
		a := wprender.Attachment{
			ID: id, URL: u, Page: strings.TrimSpace(it.Link), Mime: mimeOf(u),
			Title:   html.UnescapeString(strings.TrimSpace(it.Title)),
			Alt:     strings.TrimSpace(it.meta("_wp_attachment_image_alt")),
			Caption: strings.TrimSpace(it.excerpt()),
		}
		a.Parent, _ = strconv.Atoi(strings.TrimSpace(it.Parent))
		a.MenuOrder, _ = strconv.Atoi(strings.TrimSpace(it.MenuOrder))
		if m := metaWidth.FindStringSubmatch(it.meta("_wp_attachment_metadata")); m != nil {
			a.Width, _ = strconv.Atoi(m[1])
		}
		f.attachments[id] = a
		if a.Parent > 0 {
			f.children[a.Parent] = append(f.children[a.Parent], id)
		}
	case "wp_block":
		if id > 0 && status == "publish" {
			f.blocks[id] = it.content()
		}
	}
	return nil
}

// Attachment implements wprender.Site.
func (f *File) Attachment(id int) (wprender.Attachment, bool) {
	a, ok := f.attachments[id]
	return a, ok
}

// Attachments implements wprender.Site: a post's attachments by menu
// order, then ID, as WordPress's get_children orders a gallery.
func (f *File) Attachments(parent int) []wprender.Attachment {
	var out []wprender.Attachment
	for _, id := range f.children[parent] {
		out = append(out, f.attachments[id])
	}
	slices.SortStableFunc(out, func(a, b wprender.Attachment) int {
		if a.MenuOrder != b.MenuOrder {
			return a.MenuOrder - b.MenuOrder
		}
		return a.ID - b.ID
	})
	return out
}

// ReusableBlock implements wprender.Site.
func (f *File) ReusableBlock(id int) (string, bool) {
	c, ok := f.blocks[id]
	return c, ok
}
