package wxr

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/unpress/unpress/scrape/extract"
)

// Recovering from a damaged item. Real exports are not always well-formed
// XML: a bare & in an attachment URL (exports written by other tools), a
// ]]> inside a CDATA section (WordPress before 3.1 wrote content so, and
// old inline <script>//<![CDATA[ blocks do the same). encoding/xml stops
// at the first such flaw, and every item after it would be lost.
// WordPress's importer falls back to a regular-expression parser that
// reads each item between <item> and </item> and each field between its
// tags; unpress does the same for the one element the decoder failed in:
// it finds the element's end as that parser does, reads the element with
// a tolerant tokenizer (repair), and resumes the strict decoder after it.

// recover handles the decoder's failure inside an element of the channel:
// cause is the error, line and off where the element's text (s.san.rec)
// begins. A damaged item is read tolerantly and handed to fn with the
// damage said, or to lost when even that fails. It returns an error only
// when the file cannot be read past the element (it ends inside it, or
// the element is too large).
func (s *scanner) recover(cause error, line int, off int64, items *int, header bool, fn func(*itemXML, itemPos) error, lost func(*ItemError)) error {
	f := s.f
	data := s.san.rec
	s.san.rec, s.san.recording = nil, false
	s.san.bound(0)
	eof, tooLarge := isEOF(cause), errors.Is(cause, errTooLarge)
	cause = s.absolute(f.sizeErr(cause))
	// The element's text runs on past where the decoder failed: read on
	// (unrecorded) until its end, within the size bound.
	i, qname, end := -1, "", -1
	isItem := false
	fail := func(truncated bool, err error) error {
		ie := &ItemError{File: f.name, Line: line + bytes.Count(data[:max(i, 0)], []byte("\n")), Offset: off + int64(max(i, 0)), Truncated: truncated, Err: err}
		if isItem {
			ie.N = *items + 1
			ie.PostID, ie.Title = describe(s.prefix, data[i:])
		}
		return ie
	}
	for {
		if i < 0 {
			if i = bytes.IndexByte(data, '<'); i >= 0 {
				qname = tagName(data[i+1:])
				isItem = qname == "item" || strings.HasSuffix(qname, ":item")
			}
		}
		if i >= 0 {
			if end = elementEnd(data, i, qname, isItem); end >= 0 {
				break
			}
		}
		if eof || tooLarge {
			return fail(eof, cause)
		}
		if int64(len(data)-max(i, 0)) > f.opts.MaxElementBytes {
			return fail(false, f.sizeErr(errTooLarge))
		}
		more, err := s.san.more()
		if err == io.EOF {
			eof = true
		} else if err != nil {
			return fail(false, err)
		}
		data = append(data, more...)
	}
	elemLine := line + bytes.Count(data[:i], []byte("\n"))
	elem := data[i:end]
	// The strict decoder resumes after the element, with the document's
	// namespaces declared again.
	s.san.unread(append([]byte(s.prefix), data[end:]...))
	s.newDecoder(s.prefix, line+bytes.Count(data[:end], []byte("\n")), off+int64(end))
	repaired := repair(elem)
	if !isItem {
		if header {
			// A channel element read tolerantly or not at all: the items
			// matter more than an author's display name.
			_ = decodeAlone(s.prefix, repaired, func(dec *xml.Decoder, t xml.StartElement) error { return f.header(dec, t) })
		}
		return nil
	}
	*items++
	var it itemXML
	err := decodeAlone(s.prefix, repaired, func(dec *xml.Decoder, t xml.StartElement) error { return dec.DecodeElement(&it, &t) })
	ie := &ItemError{File: f.name, N: *items, Line: elemLine, Offset: off + int64(i), PostID: strings.TrimSpace(it.PostID), Err: cause}
	if strings.TrimSpace(it.Status) == "publish" {
		ie.Title = strings.TrimSpace(it.Title)
	}
	if err != nil {
		ie.Err = fmt.Errorf("%w; unreadable even as WordPress's tolerant parser reads it (%v): the item is skipped", cause, err)
		lost(ie)
		return nil
	}
	ie.Recovered = true
	return fn(&it, itemPos{n: *items, line: elemLine, offset: ie.Offset, damage: ie})
}

// absolute gives a syntax error the file's line instead of the decoder's.
func (s *scanner) absolute(err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("line %d: %s", s.line0+se.Line-1, se.Msg)
	}
	return err
}

// describe names a damaged item by what can be read of it: its post ID,
// and its title when it is published (a draft's or a private post's title
// must not reach stderr or the report).
func describe(prefix string, elem []byte) (id, title string) {
	var it itemXML
	_ = decodeAlone(prefix, repair(elem), func(dec *xml.Decoder, t xml.StartElement) error { return dec.DecodeElement(&it, &t) })
	if strings.TrimSpace(it.Status) == "publish" {
		title = strings.TrimSpace(it.Title)
	}
	return strings.TrimSpace(it.PostID), title
}

// decodeAlone decodes one element of the channel, given alone after the
// document's <rss><channel> prefix.
func decodeAlone(prefix string, elem []byte, fn func(*xml.Decoder, xml.StartElement) error) error {
	raw := xml.NewDecoder(io.MultiReader(strings.NewReader(prefix), bytes.NewReader(elem)))
	raw.Strict = true
	raw.Entity = xml.HTMLEntity
	dec, _ := newNSReader(raw)
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		if t, ok := tok.(xml.StartElement); ok {
			if depth++; depth == 3 {
				return fn(dec, t)
			}
		}
	}
}

// declare keeps the namespace declarations of <rss> and <channel>, for
// the decoders that read or resume after a damaged element.
func (s *scanner) declare(t xml.StartElement) {
	var b strings.Builder
	b.WriteString("<" + t.Name.Local)
	for _, a := range t.Attr {
		name := ""
		switch {
		case a.Name.Space == "xmlns":
			name = "xmlns:" + a.Name.Local
		case a.Name.Space == "" && a.Name.Local == "xmlns":
			name = "xmlns"
		default:
			continue
		}
		b.WriteString(" " + name + `="`)
		_ = xml.EscapeText(&b, []byte(a.Value))
		b.WriteString(`"`)
	}
	b.WriteString(">")
	if t.Name.Local == "rss" {
		s.prefix = b.String()
	} else if !strings.Contains(s.prefix, "<channel") {
		s.prefix += b.String()
	}
}

// elementEnd is where the damaged element that starts at data[i] ends, as
// WordPress's regular-expression parser finds it: an item at the first
// </item> or the next <item>, any other element at its first closing tag.
// It is -1 when data does not hold the end.
func elementEnd(data []byte, i int, qname string, isItem bool) int {
	from := i + 1 + len(qname)
	if qname == "" {
		// Not an element (an unclosed comment, a stray <): the reading
		// goes on at the next item.
		if n := nextStart(data[from:], "item"); n >= 0 {
			return from + n
		}
		return -1
	}
	next := "item"
	if isItem {
		next = qname
	} else if gt := bytes.IndexByte(data[from:], '>'); gt > 0 && data[from+gt-1] == '/' {
		return from + gt + 1 // <wp:tag/>
	}
	// An element of the channel left open ends where the next item
	// starts, at the latest.
	closeTag := []byte("</" + qname + ">")
	c := bytes.Index(data[from:], closeTag)
	n := nextStart(data[from:], next)
	switch {
	case n >= 0 && (c < 0 || n < c):
		return from + n
	case c >= 0:
		return from + c + len(closeTag)
	}
	return -1
}

// nextStart is the index of the next start tag <qname> or <qname …>.
func nextStart(data []byte, qname string) int {
	open := []byte("<" + qname)
	for k := 0; ; {
		j := bytes.Index(data[k:], open)
		if j < 0 {
			return -1
		}
		k += j
		if e := k + len(open); e < len(data) && (data[e] == '>' || isSpace(data[e])) {
			return k
		}
		k++
	}
}

// tagName is the name at the start of b (after a '<').
func tagName(b []byte) string {
	n := 0
	for n < len(b) && (isNameByte(b[n]) || n > 0 && isNameMore(b[n])) {
		n++
	}
	return string(b[:n])
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || c >= 0x80
}

func isNameMore(c byte) bool { return c >= '0' && c <= '9' || c == '-' || c == '.' }

// warn says what was wrong with an item read tolerantly: in its record,
// or, for an item that is no post (an attachment), to Options.Warn.
func (f *File) warn(ex *extract.Extracted, msg string) {
	switch {
	case ex != nil:
		ex.Warnings = append(ex.Warnings, msg)
	case f.opts.Warn != nil:
		f.opts.Warn(msg)
	}
}
