package wxr

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
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
}

var errTooLarge = errors.New("element larger than the size limit")

func newSanitizer(r io.Reader) *sanitizer {
	br := bufio.NewReaderSize(r, 64<<10)
	s := &sanitizer{r: br, utf8: true, buffer: make([]byte, 32<<10)}
	// The XML declaration names the charset; anything but UTF-8 is decoded
	// by the decoder's CharsetReader, and must not be "repaired" here.
	if head, _ := br.Peek(256); len(head) > 0 {
		if i := bytes.Index(head, []byte("encoding=")); i >= 0 && bytes.HasPrefix(head, []byte("<?xml")) {
			enc := bytes.ToLower(head[i+len("encoding="):])
			enc = bytes.TrimLeft(enc, `"'`)
			if !bytes.HasPrefix(enc, []byte("utf-8")) && !bytes.HasPrefix(enc, []byte("utf8")) {
				s.utf8 = false
			}
		}
	}
	return s
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
	s.out = s.out[n:]
	s.offset += int64(n)
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
