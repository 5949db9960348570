package wxr

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"regexp"
	"strings"
)

// XML shapes of the parts of an export we read. Namespaces are the short
// keys of names.go (WXR 1.0 to 1.2 use several URIs, over http and
// https); content:encoded and excerpt:encoded are told apart by theirs.
type (
	itemXML struct {
		Title         string        `xml:"rss title"`
		Link          string        `xml:"rss link"`
		Creator       string        `xml:"dc creator"`
		PubDate       string        `xml:"rss pubDate"`
		Encoded       []encodedXML  `xml:"encoded"`
		PostID        string        `xml:"wp post_id"`
		PostDate      string        `xml:"wp post_date"`
		PostDateGMT   string        `xml:"wp post_date_gmt"`
		Modified      string        `xml:"wp post_modified"`
		ModifiedGMT   string        `xml:"wp post_modified_gmt"`
		PostName      string        `xml:"wp post_name"`
		Status        string        `xml:"wp status"`
		Parent        string        `xml:"wp post_parent"`
		MenuOrder     string        `xml:"wp menu_order"`
		PostType      string        `xml:"wp post_type"`
		Password      string        `xml:"wp post_password"`
		Sticky        string        `xml:"wp is_sticky"`
		AttachmentURL string        `xml:"wp attachment_url"`
		Categories    []categoryXML `xml:"rss category"`
		Meta          []metaXML     `xml:"wp postmeta"`
		Comments      []commentXML  `xml:"wp comment"`
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
		Key   string `xml:"wp meta_key"`
		Value string `xml:"wp meta_value"`
	}
	commentXML struct {
		Approved string `xml:"wp comment_approved"`
	}
	authorXML struct {
		Login       string `xml:"wp author_login"`
		DisplayName string `xml:"wp author_display_name"`
	}
	categoryDefXML struct {
		Nicename string `xml:"wp category_nicename"`
		Parent   string `xml:"wp category_parent"`
		Name     string `xml:"wp cat_name"`
	}
	termXML struct {
		Taxonomy string `xml:"wp term_taxonomy"`
		Slug     string `xml:"wp term_slug"`
		Parent   string `xml:"wp term_parent"`
		Name     string `xml:"wp term_name"`
	}
)

// content and excerpt are the item's content:encoded and excerpt:encoded.
func (it *itemXML) content() string { return it.encoded(false) }

func (it *itemXML) excerpt() string { return it.encoded(true) }

func (it *itemXML) encoded(excerpt bool) string {
	want := nsContent
	if excerpt {
		want = nsExcerpt
	}
	for _, e := range it.Encoded {
		if e.XMLName.Space == want {
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

// itemPos is where an item starts, and what was wrong with it.
type itemPos struct {
	n      int
	line   int
	offset int64
	// damage, when set, says that the item is not well-formed XML and was
	// read as WordPress's tolerant parser reads it (recover.go).
	damage *ItemError
}

// scanner is one pass over an export: the XML decoder and the sanitizer
// it reads, and where in the file the decoder started (after a damaged
// element, a new decoder resumes at the element's end).
type scanner struct {
	f      *File
	san    *sanitizer
	raw    *xml.Decoder // reads the bytes: positions
	dec    *xml.Decoder // raw's tokens with their namespaces as keys (names.go)
	ns     *nsReader
	start  int64  // san.offset when dec began
	line0  int    // the file's line of dec's first line
	off0   int64  // the file's offset of dec's first byte after the prefix
	plen   int    // the length of the synthetic prefix dec reads first
	prefix string // <rss …><channel> with the document's namespace declarations
}

func (s *scanner) newDecoder(prefix string, line int, off int64) {
	dec := xml.NewDecoder(s.san)
	dec.Strict = true
	dec.Entity = xml.HTMLEntity // &nbsp; and friends in exports that do not use CDATA
	dec.CharsetReader = s.san.charsetReader
	s.raw = dec
	s.dec, s.ns = newNSReader(dec)
	s.start, s.line0, s.off0, s.plen = s.san.offset, line, off, len(prefix)
}

// pos is the decoder's position in the file.
func (s *scanner) pos() (int, int64) {
	l, _ := s.raw.InputPos()
	return s.line0 + l - 1, s.off0 + s.raw.InputOffset() - int64(s.plen)
}

// pending is the number of bytes the decoder has read and not used.
func (s *scanner) pending() int64 { return s.san.offset - s.start - s.raw.InputOffset() }

// scan streams the export: the channel's own elements (when header is
// set) and every item, passed to fn. An element of the channel that is
// not well-formed is read again tolerantly (recover.go) and the reading
// goes on after it; an item that cannot be read even so goes to lost. It
// returns an *ItemError when the file ends inside an item or before
// </channel>, or an element is too large.
func (f *File) scan(ctx context.Context, header bool, fn func(*itemXML, itemPos) error, lost func(*ItemError)) error {
	rc, err := f.open()
	if err != nil {
		return fmt.Errorf("wxr: %w", err)
	}
	defer rc.Close()
	san := newSanitizer(rc)
	s := &scanner{f: f, san: san}
	s.newDecoder("", 1, 0)
	defer func() { f.stats.Sanitized = max(f.stats.Sanitized, san.fixed) }()

	limit := f.opts.MaxElementBytes
	var stack []string // open elements' local names
	items, lastLine := 0, 1
	sawChannel := false
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		// Inside the channel, each element is recorded from its start so
		// that it can be read again when the decoder fails inside it.
		atChannel := len(stack) == 2
		if atChannel {
			san.mark(s.pending())
		} else {
			san.stopRecording()
		}
		markLine, markOff := s.pos()
		san.bound(limit)
		tok, err := s.dec.Token()
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
			if atChannel {
				if err := s.recover(err, markLine, markOff, &items, header, fn, lost); err != nil {
					return err
				}
				stack = nil
				continue
			}
			if items > 0 || sawChannel {
				line, _ := s.pos()
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
			// The RSS structure has no namespace: a foreign <x:item> is
			// not an item.
			name := t.Name.Local
			if t.Name.Space != nsRSS {
				name = t.Name.Space + ":" + name
			}
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			switch {
			case name == "channel" && parent == "rss":
				sawChannel = true
				stack = append(stack, name)
				s.declare(s.ns.last)
				continue
			case name == "rss" && len(stack) == 0:
				stack = append(stack, name)
				s.declare(s.ns.last)
				continue
			case parent != "channel":
				if len(stack) == 0 {
					return fmt.Errorf("wxr: %s: not a WordPress export (the document is <%s>, not <rss>)", f.name, name)
				}
				stack = append(stack, name)
				continue
			}
			line, off := s.pos()
			lastLine = line
			var err error
			san.bound(limit)
			if name == "item" {
				items++
				pos := itemPos{n: items, line: line, offset: off}
				var it itemXML
				if err = s.dec.DecodeElement(&it, &t); err == nil {
					err = s.swallowed(markOff)
				}
				if err == nil {
					san.bound(0)
					if err := fn(&it, pos); err != nil {
						return err
					}
					continue
				}
				items--
			} else if !header {
				err = s.dec.Skip()
			} else {
				err = f.header(s.dec, t)
			}
			san.bound(0)
			if err != nil {
				if err := s.recover(err, markLine, markOff, &items, header, fn, lost); err != nil {
					return err
				}
				stack = nil
			}
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			// Text of the channel's own holds an item: a CDATA section
			// (or a comment) opened where an element should start took in
			// the items after it. WordPress's parser finds items by their
			// tags, whatever comes before: so does the scan, from there.
			if atChannel && itemStart.Match(t) && s.resumeAtItem(markLine, markOff) {
				stack = nil
			}
		}
	}
}

// itemStart is an item's start tag, as WordPress's tolerant parser finds
// it.
var itemStart = regexp.MustCompile(`(?i)<item[\s>]`)

// resumeAtItem restarts the strict decoder at the first item start in the
// text recorded since markLine and markOff (the channel's text the
// decoder took as character data), and says so. It reports whether it
// found one.
func (s *scanner) resumeAtItem(markLine int, markOff int64) bool {
	data := s.san.rec
	loc := itemStart.FindIndex(data)
	if loc == nil {
		return false
	}
	i := loc[0]
	s.san.rec, s.san.recording = nil, false
	s.san.unread(append([]byte(s.prefix), data[i:]...))
	line := markLine + bytes.Count(data[:i], []byte("\n"))
	s.newDecoder(s.prefix, line, markOff+int64(i))
	if s.f.opts.Warn != nil {
		s.f.opts.Warn(fmt.Sprintf("%s:%d: text that is not an element (a CDATA section or comment left open) took in what follows: read again from the item at line %d, as WordPress's parser reads it", s.f.name, markLine, line))
	}
	return true
}

// errSwallowed is why an item that decoded is read again tolerantly.
var errSwallowed = errors.New("an item boundary (</item> <item>) inside the item: a section opened and not closed swallowed what follows")

// itemBoundary is the end of one item and the start of the next, as
// WordPress's tolerant parser finds items (between <item> and the first
// </item>).
var itemBoundary = regexp.MustCompile(`(?i)</item>\s*<item[\s>]`)

// swallowed reports, as errSwallowed, an item that decoded well only by
// taking in the next ones: a CDATA section or a comment opened in one
// item and closed in a later one. WordPress's parser would have read the
// items apart; so does recover. markOff is where the item's text began.
func (s *scanner) swallowed(markOff int64) error {
	_, off := s.pos()
	n := off - markOff
	if n <= 0 || n > int64(len(s.san.rec)) {
		return nil
	}
	if itemBoundary.Match(s.san.rec[:n]) {
		return errSwallowed
	}
	return nil
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
	switch t.Name.Space + ":" + t.Name.Local {
	case "rss:title":
		return text(&c.Title)
	case "rss:link":
		return text(&c.Link)
	case "rss:description":
		return text(&c.Description)
	case "rss:language":
		return text(&c.Language)
	case "wp:base_site_url":
		return text(&c.BaseSiteURL)
	case "wp:base_blog_url":
		return text(&c.BaseBlogURL)
	case "wp:wxr_version":
		return text(&c.WXRVersion)
	case "rss:generator":
		return text(&c.Generator)
	case "wp:author":
		var a authorXML
		if err := dec.DecodeElement(&a, &t); err != nil {
			return err
		}
		if login := strings.TrimSpace(a.Login); login != "" {
			f.authors[login] = html.UnescapeString(strings.TrimSpace(a.DisplayName))
		}
	case "wp:category":
		var c categoryDefXML
		if err := dec.DecodeElement(&c, &t); err != nil {
			return err
		}
		f.addCategory(c.Nicename, c.Name, c.Parent)
	case "wp:term":
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
