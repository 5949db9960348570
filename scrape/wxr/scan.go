package wxr

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"strings"

	"golang.org/x/net/html/charset"
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
					// The title only of a post known to be public: a
					// draft's or a private post's must not reach stderr or
					// the report (its post ID names it).
					title := ""
					if strings.TrimSpace(it.Status) == "publish" {
						title = strings.TrimSpace(it.Title)
					}
					return &ItemError{File: f.name, N: items, Line: line, Offset: pos.offset, PostID: strings.TrimSpace(it.PostID), Title: title, Truncated: isEOF(err), Err: f.sizeErr(err)}
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
