package wxr

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
)

// sanitizer feeds the XML decoder. Real exports hold bytes that XML
// forbids: control characters pasted from word processors (U+000B, U+0008)
// and, from sites converted between charsets, bytes that are not UTF-8.
// WordPress writes them out unchanged; encoding/xml stops at the first.
// The sanitizer drops the control characters and replaces invalid UTF-8
// with U+FFFD, counting both, so that one stray byte does not cost the
// whole import.
//
// It also enforces the size bound of one element: the decoder reads an
// item whole, so an item (or the channel header) larger than budget bytes
// fails with errTooLarge instead of filling memory.
type sanitizer struct {
	r      *bufio.Reader
	out    []byte // sanitized bytes not yet read
	outBuf []byte // out's backing array
	carry  []byte // an incomplete UTF-8 sequence at the end of a chunk
	utf8   bool   // repair UTF-8 (false for a document in another charset)
	eof    bool
	err    error
	offset int64 // bytes handed to the decoder

	limit  int64 // offset past which reading fails; 0 for none
	fixed  int   // control characters dropped and invalid bytes replaced
	buffer []byte

	// rec keeps the bytes handed out since mark while recording: the raw
	// text of the element being read, for reading it again tolerantly
	// when the XML decoder fails inside it (recover.go).
	rec       []byte
	recording bool
	last      byte // the last byte handed out
	// charsetErr is why the declared charset cannot be read.
	charsetErr error
}

var errTooLarge = errors.New("element larger than the size limit")

func newSanitizer(r io.Reader) *sanitizer {
	br := bufio.NewReaderSize(r, 64<<10)
	s := &sanitizer{r: br, utf8: true, buffer: make([]byte, 32<<10)}
	// The XML declaration names the charset; anything but UTF-8 is decoded
	// here, before the UTF-8 repair, so that the decoder (and a decoder
	// that resumes after a damaged item, which sees no declaration) reads
	// UTF-8 only, and the recorded text of an item is UTF-8 too.
	if head, _ := br.Peek(256); len(head) > 0 {
		if i := bytes.Index(head, []byte("encoding=")); i >= 0 && bytes.HasPrefix(head, []byte("<?xml")) {
			enc := bytes.TrimLeft(head[i+len("encoding="):], `"'`)
			if j := bytes.IndexAny(enc, `"'?> `); j >= 0 {
				enc = enc[:j]
			}
			label := strings.ToLower(string(enc))
			if label != "utf-8" && label != "utf8" {
				cr, err := charset.NewReaderLabel(label, br)
				if err != nil {
					s.charsetErr = err
					s.utf8 = false
				} else {
					s.r = bufio.NewReaderSize(cr, 64<<10)
				}
			}
		}
	}
	return s
}

// charsetReader is the decoder's CharsetReader: the sanitizer has
// already decoded the declared charset.
func (s *sanitizer) charsetReader(label string, r io.Reader) (io.Reader, error) {
	if s.charsetErr != nil {
		return nil, s.charsetErr
	}
	return r, nil
}

// mark starts recording afresh. pending is the number of bytes (0 or 1)
// the decoder has read but not used yet: they belong to what comes next.
func (s *sanitizer) mark(pending int64) {
	s.rec = s.rec[:0]
	if pending == 1 && s.offset > 0 {
		s.rec = append(s.rec, s.last)
	}
	s.recording = true
}

// stopRecording ends recording and lets go of a large buffer.
func (s *sanitizer) stopRecording() {
	s.recording = false
	if cap(s.rec) > 1<<20 {
		s.rec = nil
	}
	s.rec = s.rec[:0]
}

// unread puts b back in front of what is still to be read.
func (s *sanitizer) unread(b []byte) {
	if len(b) == 0 {
		return
	}
	s.out = append(append(make([]byte, 0, len(b)+len(s.out)), b...), s.out...)
}

// more reads the next sanitized bytes without recording them, for the
// search of a damaged element's end; io.EOF at the end.
func (s *sanitizer) more() ([]byte, error) {
	if len(s.out) == 0 {
		if err := s.fill(); err != nil {
			return nil, err
		}
	}
	b := append([]byte(nil), s.out...)
	s.offset += int64(len(b))
	s.out = s.out[:0]
	return b, nil
}

// allowed reports whether an ASCII control byte may appear in XML.
func allowed(c byte) bool { return c >= 0x20 || c == '\t' || c == '\n' || c == '\r' }

func (s *sanitizer) fill() error {
	for len(s.out) == 0 {
		if s.eof {
			if len(s.carry) > 0 {
				// A truncated multi-byte sequence at the very end.
				s.out = append(s.out, "\uFFFD"...)
				s.carry = nil
				s.fixed++
				return nil
			}
			if s.err != nil {
				return s.err
			}
			return io.EOF
		}
		n, err := s.r.Read(s.buffer)
		if err != nil {
			s.eof = true
			if err != io.EOF {
				s.err = err
			}
		}
		chunk := s.buffer[:n]
		if len(s.carry) > 0 {
			chunk = append(s.carry, chunk...)
			s.carry = nil
		}
		s.outBuf = s.clean(chunk, s.outBuf[:0])
		s.out = s.outBuf
	}
	return nil
}

// clean appends the sanitized chunk to out. An incomplete UTF-8 sequence
// at the end is kept for the next chunk.
func (s *sanitizer) clean(chunk, out []byte) []byte {
	for i := 0; i < len(chunk); {
		c := chunk[i]
		if c < utf8.RuneSelf {
			if allowed(c) {
				out = append(out, c)
			} else {
				s.fixed++
			}
			i++
			continue
		}
		if !s.utf8 {
			out = append(out, c)
			i++
			continue
		}
		if !utf8.FullRune(chunk[i:]) && !s.eof {
			s.carry = append([]byte(nil), chunk[i:]...)
			break
		}
		r, size := utf8.DecodeRune(chunk[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			out = append(out, "\uFFFD"...)
			s.fixed++
		case r == 0xFFFE || r == 0xFFFF:
			s.fixed++
		default:
			out = append(out, chunk[i:i+size]...)
		}
		i += size
	}
	return out
}

func (s *sanitizer) ReadByte() (byte, error) {
	if len(s.out) == 0 {
		if err := s.fill(); err != nil {
			return 0, err
		}
	}
	if s.limit > 0 && s.offset >= s.limit {
		return 0, errTooLarge
	}
	c := s.out[0]
	s.out = s.out[1:]
	s.offset++
	s.last = c
	if s.recording {
		s.rec = append(s.rec, c)
	}
	return c, nil
}

func (s *sanitizer) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if len(s.out) == 0 {
		if err := s.fill(); err != nil {
			return 0, err
		}
	}
	n := len(p)
	if n > len(s.out) {
		n = len(s.out)
	}
	if s.limit > 0 {
		if s.offset >= s.limit {
			return 0, errTooLarge
		}
		n = int(min(int64(n), s.limit-s.offset))
	}
	copy(p, s.out[:n])
	if s.recording {
		s.rec = append(s.rec, s.out[:n]...)
	}
	s.out = s.out[n:]
	s.offset += int64(n)
	s.last = p[n-1]
	return n, nil
}

// bound limits what may be read from now on to n more bytes (0: no limit).
func (s *sanitizer) bound(n int64) {
	if n <= 0 {
		s.limit = 0
		return
	}
	s.limit = s.offset + n
}

func sizeLabel(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
