// Package datetext parses dates the way WordPress pages state them: the
// machine-readable values of <time datetime>, article:published_time,
// JSON-LD and WXR exports (ParseMachine), and the human-written dates of
// entry meta lines such as "Posted on 11 March 2022 at 3:42 pm" or
// "Оновлено 7 квітня 2022 р." (FindText, Label).
//
// Everything here is a hand-written scanner over the input string: no
// regular expressions, no package-level mutable state, and no allocation
// on the FindText hot path unless a date with a numeric offset is found.
package datetext

import (
	"time"
	"unicode"
	"unicode/utf8"
)

// Parsed is a date found in text or an attribute.
type Parsed struct {
	// Time is the instant. When HasZone is false, the wall-clock fields
	// are in time.UTC but mean "local time of the site, offset unknown".
	// When HasZone is true, Time.Location carries the stated offset
	// (time.UTC for Z, +00:00, GMT and the like).
	Time time.Time
	// HasTime reports that a time of day was given.
	HasTime bool
	// HasZone reports that an offset or Z was given.
	HasZone bool
}

// TextOptions tunes FindText.
type TextOptions struct {
	// DayFirst reads ambiguous numeric dates such as 03/04/2022 as
	// day/month/year. Without it such dates are skipped; unambiguous ones
	// (13/03/2022, 03/13/2022) are always read.
	DayFirst bool
}

// Years accepted for human-written dates: anything outside is more likely
// a number than a date on a blog.
const (
	minTextYear = 1990
	maxTextYear = 2100
)

// Years accepted for machine values. Four-digit years below 1000 are
// placeholders ("0000-00-00 00:00:00" in WXR, Go's "0001-01-01T00:00:00Z").
const (
	minMachineYear = 1000
	maxMachineYear = 9999
)

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// validDate reports whether y-m-d is a real calendar day.
func validDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	switch m {
	case 2:
		if isLeap(y) {
			return d <= 29
		}
		return d <= 28
	case 4, 6, 9, 11:
		return d <= 30
	}
	return d <= 31
}

// zone returns the location for an offset in seconds east of UTC.
func zone(off int) *time.Location {
	if off == 0 {
		return time.UTC
	}
	return time.FixedZone("", off)
}

func isDigit(c byte) bool       { return '0' <= c && c <= '9' }
func isASCIILetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// digitRun returns the length of the run of ASCII digits at s[i:] and the
// value of its first nine digits.
func digitRun(s string, i int) (val, n int) {
	for j := i; j < len(s) && isDigit(s[j]); j++ {
		if n < 9 {
			val = val*10 + int(s[j]-'0')
		}
		n++
	}
	return val, n
}

// fixed reads exactly n ASCII digits at s[i:] (more may follow).
func fixed(s string, i, n int) (int, bool) {
	if i < 0 || i+n > len(s) {
		return 0, false
	}
	v := 0
	for j := i; j < i+n; j++ {
		if !isDigit(s[j]) {
			return 0, false
		}
		v = v*10 + int(s[j]-'0')
	}
	return v, true
}

// twoDigits reads exactly two digits at s[i:] not followed by a third.
func twoDigits(s string, i int) (int, bool) {
	v, ok := fixed(s, i, 2)
	if !ok || (i+2 < len(s) && isDigit(s[i+2])) {
		return 0, false
	}
	return v, true
}

// letterAt reports whether a letter starts at s[i:].
func letterAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	if s[i] < utf8.RuneSelf {
		return isASCIILetter(s[i])
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

// wordEnd returns the end of the run of letters starting at s[i:].
func wordEnd(s string, i int) int {
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if !isASCIILetter(c) {
				return i
			}
			i++
			continue
		}
		r, sz := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) {
			return i
		}
		i += sz
	}
	return i
}

// alnumBefore reports whether the rune ending at s[:i] is a letter or digit.
func alnumBefore(s string, i int) bool {
	if i == 0 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// skipSpaces skips Unicode white space (including no-break spaces).
func skipSpaces(s string, i int) int {
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if c != ' ' && (c < '\t' || c > '\r') {
				return i
			}
			i++
			continue
		}
		r, sz := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			return i
		}
		i += sz
	}
	return i
}
