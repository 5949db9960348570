package output

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxNameBytes caps a slug or path segment, leaving room under the usual
// 255-byte file-name limit for the ".md" and ".unpress-new" suffixes.
const MaxNameBytes = 200

// SafeSlug turns a slug, a URL path segment or a file name into one safe
// file-system name, or "" when nothing usable is left (the caller supplies a
// fallback such as the post ID).
//
// It percent-decodes (repeatedly: WordPress exports are often encoded
// twice), drops invalid UTF-8, control and bidirectional-override
// characters, replaces path separators, whitespace and the characters
// Windows forbids (`:*?"<>|`, plus `%` and `#`, which break URLs) with "-",
// normalises to NFC, trims leading and trailing "." and "-" (no hidden
// files, no "..", no trailing dot Windows would strip), caps the result at
// MaxNameBytes on a character boundary and suffixes Windows reserved device
// names ("con" → "con_", "aux.txt" → "aux_.txt"). Unicode letters are kept
// as they are: Cyrillic or Greek slugs stay readable. Case is kept.
//
// SafeSlug is idempotent: SafeSlug(SafeSlug(s)) == SafeSlug(s).
func SafeSlug(s string) string {
	s = strings.ToValidUTF8(percentDecode(s), "")

	var b strings.Builder
	b.Grow(len(s))
	// Replaced characters become one "-", merged with dashes around them;
	// dashes of the input's own ("a--b") are kept.
	dashed := false // a replacement happened since the last character written
	lastDash := false
	for _, r := range s {
		switch {
		case replacedRune(r), r == '-' && dashed:
			if !lastDash && b.Len() > 0 {
				b.WriteByte('-')
				lastDash = true
			}
			dashed = true
		case droppedRune(r):
		default:
			b.WriteRune(r)
			dashed, lastDash = false, r == '-'
		}
	}
	s = norm.NFC.String(b.String())
	s = trimName(capBytes(trimName(s), MaxNameBytes))
	if suffixed, ok := avoidReserved(s); ok {
		s = trimName(capBytes(suffixed, MaxNameBytes))
	}
	return s
}

// slugOr returns SafeSlug(s), or SafeSlug(fallback) when that is empty.
func slugOr(s, fallback string) string {
	if v := SafeSlug(s); v != "" {
		return v
	}
	return SafeSlug(fallback)
}

// replacedRune reports characters that separate words in a name but cannot
// appear in it: path separators, characters Windows forbids, URL
// delimiters and whitespace.
func replacedRune(r rune) bool {
	switch r {
	case '/', '\\', ':', '*', '?', '"', '<', '>', '|', '%', '#':
		return true
	}
	return unicode.IsSpace(r)
}

// droppedRune reports invisible characters that have no place in a file
// name: controls (NUL included), the byte-order mark and bidirectional
// overrides, which can make a name display differently from what it is.
func droppedRune(r rune) bool {
	switch {
	case unicode.IsControl(r), r == '\uFEFF', r == utf8.RuneError:
		return true
	case r == '\u061C', r == '\u200E', r == '\u200F',
		r >= '\u202A' && r <= '\u202E', r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}

func trimName(s string) string { return strings.Trim(s, ".-") }

// percentDecode decodes %XX escapes until none is left, leaving a "%" that
// does not start an escape as it is. Each round shortens the string, so it
// ends; the bound only keeps pathological input cheap.
func percentDecode(s string) string {
	for range 16 {
		if !strings.Contains(s, "%") {
			return s
		}
		d := decodeOnce(s)
		if d == s {
			return s
		}
		s = d
	}
	return s
}

func decodeOnce(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			if b == nil {
				b = append(make([]byte, 0, len(s)), s[:i]...)
			}
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		if b != nil {
			b = append(b, s[i])
		}
	}
	if b == nil {
		return s
	}
	return string(b)
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	default:
		return c - 'a' + 10
	}
}

// capBytes shortens s to at most n bytes on a character boundary, and
// keeps it NFC: the prefix of an NFC string is normally NFC already, and
// when it is not, the normalised prefix is shortened again.
func capBytes(s string, n int) string {
	for len(s) > n {
		cut := n
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = norm.NFC.String(s[:cut])
	}
	return s
}

// windowsReserved are the device names Windows refuses as a file name,
// with or without an extension, in any case.
var windowsReserved = map[string]bool{
	"CON": true, "PRN": true, "AUX": true, "NUL": true,
	"CONIN$": true, "CONOUT$": true, "CLOCK$": true,
	"COM0": true, "COM1": true, "COM2": true, "COM3": true, "COM4": true,
	"COM5": true, "COM6": true, "COM7": true, "COM8": true, "COM9": true,
	"COM¹": true, "COM²": true, "COM³": true,
	"LPT0": true, "LPT1": true, "LPT2": true, "LPT3": true, "LPT4": true,
	"LPT5": true, "LPT6": true, "LPT7": true, "LPT8": true, "LPT9": true,
	"LPT¹": true, "LPT²": true, "LPT³": true,
}

// avoidReserved inserts "_" after a reserved stem: "con" → "con_",
// "aux.txt" → "aux_.txt" (Windows ignores the extension when it checks).
func avoidReserved(s string) (string, bool) {
	stem, _, _ := strings.Cut(s, ".")
	if !windowsReserved[strings.ToUpper(stem)] {
		return s, false
	}
	return stem + "_" + s[len(stem):], true
}
