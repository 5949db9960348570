package wxr

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"strings"
)

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
	dec    *xml.Decoder
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
	s.dec, s.start, s.line0, s.off0, s.plen = dec, s.san.offset, line, off, len(prefix)
}

// pos is the decoder's position in the file.
func (s *scanner) pos() (int, int64) {
	l, _ := s.dec.InputPos()
	return s.line0 + l - 1, s.off0 + s.dec.InputOffset() - int64(s.plen)
}

// pending is the number of bytes the decoder has read and not used.
func (s *scanner) pending() int64 { return s.san.offset - s.start - s.dec.InputOffset() }

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
			name := t.Name.Local
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			switch {
			case name == "channel" && parent == "rss":
				sawChannel = true
				stack = append(stack, name)
				s.declare(t)
				continue
			case name == "rss" && len(stack) == 0:
				stack = append(stack, name)
				s.declare(t)
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
