package datetext

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// clock is a time of day read from text.
type clock struct {
	h, m, s int
	zone    bool
	off     int
}

// withTime extends a date that ends at s[e:] with a time of day written
// right after it, if there is one.
func withTime(p Parsed, s string, e int) (Parsed, int) {
	k := skipTimeGap(s, e)
	if k == e {
		return p, e
	}
	c, ce, ok := scanClock(s, k)
	if !ok {
		return p, e
	}
	y, m, d := p.Time.Date()
	loc := time.UTC
	if c.zone {
		loc = zone(c.off)
		p.HasZone = true
	}
	p.Time = time.Date(y, m, d, c.h, c.m, c.s, 0, loc)
	p.HasTime = true
	return p, ce
}

// skipTimeGap skips what may stand between a date and its time: spaces,
// commas, dashes, bars, "@" and words such as "at", "um", "à", "a las",
// "в", "о".
func skipTimeGap(s string, i int) int {
	start := i
	for i < len(s) && i-start <= 24 {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == ' ' || (c >= '\t' && c <= '\r') || strings.IndexByte(",-|@/", c) >= 0:
				i++
				continue
			case !isASCIILetter(c):
				return i
			}
		} else {
			r, sz := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) || r == '–' || r == '—' || r == '·' || r == '•' {
				i += sz
				continue
			}
			if !unicode.IsLetter(r) {
				return i
			}
		}
		e := wordEnd(s, i)
		if e >= len(s) || skipSpaces(s, e) == e ||
			!wordIs(s, i, e, "at", "on", "um", "à", "a", "las", "la", "alle", "kl", "в", "во", "о", "об", "o") {
			return i
		}
		i = e
	}
	return i
}

// scanClock reads a time of day at s[i:]: 15:42, 15:42:07, 3:42 pm,
// 3 p.m., 15h42, 15h, 15.42 Uhr, 15 Uhr, optionally followed by UTC or
// GMT with an offset.
func scanClock(s string, i int) (clock, int, bool) {
	var c clock
	h, hn := digitRun(s, i)
	if hn < 1 || hn > 2 {
		return c, 0, false
	}
	j := i + hn
	needWord := false // "3 pm", "15 Uhr"
	needUhr := false  // "15.42 Uhr"
	switch {
	case j < len(s) && s[j] == ':':
		v, ok := twoDigits(s, j+1)
		if !ok {
			return c, 0, false
		}
		c.m = v
		j += 3
		if j < len(s) && s[j] == ':' {
			v, ok := twoDigits(s, j+1)
			if !ok {
				return c, 0, false
			}
			c.s = v
			j += 3
		}
	case j < len(s) && s[j] == 'h':
		if v, ok := twoDigits(s, j+1); ok {
			c.m = v
			j += 3
		} else if !letterAt(s, j+1) {
			j++
		} else {
			return c, 0, false
		}
	case j < len(s) && s[j] == '.':
		v, ok := twoDigits(s, j+1)
		if !ok {
			return c, 0, false
		}
		c.m = v
		j += 3
		needUhr = true
	default:
		needWord = true
	}
	pm, ampm := false, false
	if e, isPM, ok := scanAMPM(s, skipSpaces(s, j)); ok && !needUhr {
		j, pm, ampm = e, isPM, true
	} else {
		k := skipSpaces(s, j)
		if e := wordEnd(s, k); wordIs(s, k, e, "uhr") {
			j = e
			needUhr, needWord = false, false
		}
	}
	if needUhr || (needWord && !ampm) {
		return c, 0, false
	}
	if k := skipSpaces(s, j); k < len(s) {
		if e := wordEnd(s, k); wordIs(s, k, e, "utc", "gmt") {
			c.zone = true
			j = e
			if off, oe, ok := scanOffset(s, e, false); ok {
				c.off = off
				j = oe
			}
		}
	}
	if j < len(s) && (isDigit(s[j]) || ((s[j] == ':' || s[j] == '.') && j+1 < len(s) && isDigit(s[j+1]))) {
		return c, 0, false
	}
	if ampm {
		if h < 1 || h > 12 {
			return c, 0, false
		}
		h %= 12
		if pm {
			h += 12
		}
	}
	if h > 23 || c.m > 59 || c.s > 59 {
		return c, 0, false
	}
	c.h = h
	return c, j, true
}

// scanAMPM reads am, pm, a.m., p.m., a. m., p. m. at s[i:].
func scanAMPM(s string, i int) (end int, pm, ok bool) {
	if i >= len(s) {
		return 0, false, false
	}
	c := s[i] | 0x20
	if c != 'a' && c != 'p' {
		return 0, false, false
	}
	j := i + 1
	dotted := false
	if j < len(s) && s[j] == '.' {
		dotted = true
		j++
		if j < len(s) && s[j] == ' ' {
			j++
		}
	}
	if j >= len(s) || s[j]|0x20 != 'm' {
		return 0, false, false
	}
	j++
	if dotted && j < len(s) && s[j] == '.' {
		j++
	} else if letterAt(s, j) {
		return 0, false, false
	}
	return j, c == 'p', true
}
