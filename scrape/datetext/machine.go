package datetext

import (
	"strings"
	"time"
)

// ParseMachine parses machine-readable values as found in <time datetime>,
// <meta property="article:published_time">, JSON-LD datePublished,
// <abbr class="published" title> and WXR exports:
//
//   - RFC 3339 / ISO 8601 extended format, with or without seconds,
//     fractional seconds ('.' or ','), offset as +02:00, +0200, +02, Z or
//     none: "2022-03-11T15:42:00+02:00", "2022-03-11T15:42Z";
//   - the same with a space separator, as WXR and MySQL write it:
//     "2022-03-11 15:42:00" (a space before the offset is tolerated);
//   - date only: "2022-03-11";
//   - RFC 1123 / RFC 822 as in RSS: "Fri, 11 Mar 2022 13:42:00 +0000",
//     "11 Mar 22 13:42 GMT", zone names UT, UTC, GMT, Z and the North
//     American EST … PDT.
//
// Surrounding white space is ignored. It returns ok=false for anything
// else, for impossible dates (2022-02-30) and for placeholder years below
// 1000 such as "0000-00-00 00:00:00".
func ParseMachine(s string) (Parsed, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Parsed{}, false
	}
	if isDigit(s[0]) && len(s) >= 10 && s[4] == '-' {
		if p, end, ok := scanISO(s, 0, true); ok && end == len(s) {
			return p, true
		}
		return Parsed{}, false
	}
	return parseRFC822(s)
}

// scanISO reads YYYY-MM-DD at s[i:], then an optional time of day after a
// 'T' (or, in machine mode, a space), then an optional zone after a time.
// It returns the end of what it read; the caller checks what follows.
func scanISO(s string, i int, machine bool) (Parsed, int, bool) {
	y, ok1 := fixed(s, i, 4)
	m, ok2 := fixed(s, i+5, 2)
	d, ok3 := fixed(s, i+8, 2)
	if !ok1 || !ok2 || !ok3 || s[i+4] != '-' || s[i+7] != '-' {
		return Parsed{}, 0, false
	}
	if y < minMachineYear || y > maxMachineYear || !validDate(y, m, d) {
		return Parsed{}, 0, false
	}
	p := Parsed{Time: time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)}
	j := i + 10
	if j >= len(s) || !(s[j] == 'T' || s[j] == 't' || (machine && s[j] == ' ')) {
		return p, j, true
	}
	h, mi, sec, ns, k, ok := scanISOClock(s, j+1)
	if !ok {
		return p, j, true
	}
	p.HasTime = true
	j = k
	loc := time.UTC
	if j < len(s) {
		q := j
		if machine && s[q] == ' ' {
			q++
		}
		switch {
		case q == j && (s[q] == 'Z' || s[q] == 'z'):
			p.HasZone = true
			j = q + 1
		case q < len(s) && (s[q] == '+' || s[q] == '-'):
			if off, e, ok := scanOffset(s, q, true); ok {
				p.HasZone = true
				loc = zone(off)
				j = e
			}
		}
	}
	p.Time = time.Date(y, time.Month(m), d, h, mi, sec, ns, loc)
	return p, j, true
}

// scanISOClock reads hh:mm[:ss[.fraction]] at s[i:].
func scanISOClock(s string, i int) (h, m, sec, ns, end int, ok bool) {
	h, ok1 := fixed(s, i, 2)
	m, ok2 := fixed(s, i+3, 2)
	if !ok1 || !ok2 || s[i+2] != ':' || h > 23 || m > 59 {
		return 0, 0, 0, 0, 0, false
	}
	end = i + 5
	if end < len(s) && s[end] == ':' {
		v, ok := fixed(s, end+1, 2)
		if !ok || v > 59 {
			return 0, 0, 0, 0, 0, false
		}
		sec = v
		end += 3
		if end+1 < len(s) && (s[end] == '.' || s[end] == ',') && isDigit(s[end+1]) {
			end++
			scale := int(time.Second)
			for ; end < len(s) && isDigit(s[end]); end++ {
				if scale > 1 {
					scale /= 10
					ns += int(s[end]-'0') * scale
				}
			}
		}
	}
	return h, m, sec, ns, end, true
}

// scanOffset reads a numeric offset at s[i:]: ±hh:mm, ±hhmm or ±hh. With
// twoDigitHours false it also takes ±h and ±h:mm ("UTC+2").
func scanOffset(s string, i int, twoDigitHours bool) (off, end int, ok bool) {
	if i >= len(s) || (s[i] != '+' && s[i] != '-') {
		return 0, 0, false
	}
	sign := 1
	if s[i] == '-' {
		sign = -1
	}
	h, n := digitRun(s, i+1)
	j := i + 1 + n
	m := 0
	switch {
	case n == 4:
		h, m = h/100, h%100
	case n == 2 || (n == 1 && !twoDigitHours):
		if j < len(s) && s[j] == ':' {
			v, ok := twoDigits(s, j+1)
			if !ok {
				return 0, 0, false
			}
			m = v
			j += 3
		}
	default:
		return 0, 0, false
	}
	if h > 23 || m > 59 {
		return 0, 0, false
	}
	return sign * (h*3600 + m*60), j, true
}

// parseRFC822 reads "[Wkd,] d Mon yyyy hh:mm[:ss] [zone]" (RFC 822 and
// RFC 1123, as in RSS pubDate), the whole of s.
func parseRFC822(s string) (Parsed, bool) {
	i := 0
	if isASCIILetter(s[0]) {
		j := wordEnd(s, 0)
		if !isWeekday(s[:j]) {
			return Parsed{}, false
		}
		i = j
		if i < len(s) && s[i] == ',' {
			i++
		}
		i = skipSpaces(s, i)
	}
	d, n := digitRun(s, i)
	if n < 1 || n > 2 {
		return Parsed{}, false
	}
	i += n
	j := skipSpaces(s, i)
	if j == i {
		return Parsed{}, false
	}
	e := wordEnd(s, j)
	m := englishMonth(s[j:e])
	if m == 0 {
		return Parsed{}, false
	}
	i = skipSpaces(s, e)
	if i == e {
		return Parsed{}, false
	}
	y, n := digitRun(s, i)
	switch n {
	case 2:
		if y < 50 {
			y += 2000
		} else {
			y += 1900
		}
	case 4:
		if y < minMachineYear {
			return Parsed{}, false
		}
	default:
		return Parsed{}, false
	}
	if !validDate(y, m, d) {
		return Parsed{}, false
	}
	i += n
	j = skipSpaces(s, i)
	if j == i {
		return Parsed{}, false
	}
	h, n := digitRun(s, j)
	if n < 1 || n > 2 || h > 23 || j+n >= len(s) || s[j+n] != ':' {
		return Parsed{}, false
	}
	mi, ok := twoDigits(s, j+n+1)
	if !ok || mi > 59 {
		return Parsed{}, false
	}
	i = j + n + 3
	sec := 0
	if i < len(s) && s[i] == ':' {
		v, ok := twoDigits(s, i+1)
		if !ok || v > 59 {
			return Parsed{}, false
		}
		sec = v
		i += 3
	}
	p := Parsed{HasTime: true}
	loc := time.UTC
	if j = skipSpaces(s, i); j < len(s) {
		if j == i {
			return Parsed{}, false
		}
		var off, e int
		var ok bool
		if s[j] == '+' || s[j] == '-' {
			off, e, ok = scanOffset(s, j, true)
			loc = zone(off)
		} else {
			e = wordEnd(s, j)
			off, ok = zoneName(s[j:e])
			if off != 0 {
				loc = time.FixedZone(strings.ToUpper(s[j:e]), off)
			}
		}
		if !ok || e != len(s) {
			return Parsed{}, false
		}
		p.HasZone = true
	}
	p.Time = time.Date(y, time.Month(m), d, h, mi, sec, 0, loc)
	return p, true
}

func isWeekday(w string) bool {
	switch strings.ToLower(w) {
	case "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
		"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday":
		return true
	}
	return false
}

// englishMonth reads the English month names and abbreviations RFC 822
// dates use (and feeds sometimes spell out).
func englishMonth(w string) int {
	if len(w) < 3 || len(w) > 9 {
		return 0
	}
	switch strings.ToLower(w) {
	case "jan", "january":
		return 1
	case "feb", "february":
		return 2
	case "mar", "march":
		return 3
	case "apr", "april":
		return 4
	case "may":
		return 5
	case "jun", "june":
		return 6
	case "jul", "july":
		return 7
	case "aug", "august":
		return 8
	case "sep", "sept", "september":
		return 9
	case "oct", "october":
		return 10
	case "nov", "november":
		return 11
	case "dec", "december":
		return 12
	}
	return 0
}

// zoneName maps the zone names of RFC 822 (and GMT/UTC spellings) to
// offsets.
func zoneName(w string) (int, bool) {
	switch strings.ToUpper(w) {
	case "UT", "UTC", "GMT", "Z":
		return 0, true
	case "EST":
		return -5 * 3600, true
	case "EDT":
		return -4 * 3600, true
	case "CST":
		return -6 * 3600, true
	case "CDT":
		return -5 * 3600, true
	case "MST":
		return -7 * 3600, true
	case "MDT":
		return -6 * 3600, true
	case "PST":
		return -8 * 3600, true
	case "PDT":
		return -7 * 3600, true
	}
	return 0, false
}
