package datetext

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// FindText finds the first human-written date in s and returns it with
// the byte offsets of the matched text, s[start:end], which includes a
// time of day written right after the date.
//
// Date forms (years 1990–2100, real calendar days only):
//
//	11 March 2022, 11th of March, 2022, 11. März 2022, 1er mars 2022,
//	11 de marzo de 2022, 11 березня 2022 р., 11 марта 2022 г.,
//	11-Mar-2022, March 11th, 2022, Sept. 5 2022,
//	2022-03-11, 2022-03-11T15:42:00+02:00, 2022/03/11,
//	11.03.2022 (always day first),
//	11/03/2022 and 11-03-2022 only when one reading is impossible
//	(13/03/2022, 03/13/2022) or opts.DayFirst is set.
//
// Month names are English, German, French, Spanish, Italian, Portuguese,
// Dutch, Polish, Finnish, Ukrainian and Russian (nominative and the
// genitive or partitive that dates use), full or abbreviated, with or without a dot,
// in any case. A time right after the date ("at 3:42 pm", "15:42",
// "um 15.42 Uhr", "à 15h42", "о 10:03", "15:42 UTC") sets HasTime; an
// ISO offset or a UTC/GMT marker sets HasZone.
//
// Numbers glued to letters or other numbers ("v2.10.2022", "1.11.03.2022",
// "+380-11-03-2022") are not dates.
func FindText(s string, opts TextOptions) (p Parsed, start, end int, ok bool) {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case isDigit(c):
			_, n := digitRun(s, i)
			if !alnumBefore(s, i) {
				if p, e, ok := matchDigits(s, i, n, opts); ok {
					return p, i, e, true
				}
			}
			i += n
		case c < utf8.RuneSelf && !isASCIILetter(c):
			i++
		default:
			r, sz := rune(c), 1
			if c >= utf8.RuneSelf {
				r, sz = utf8.DecodeRuneInString(s[i:])
			}
			if !unicode.IsLetter(r) {
				i += sz
				continue
			}
			if c < utf8.RuneSelf && strings.IndexByte("acdefghjklmnopstw", c|0x20) < 0 {
				i = wordEnd(s, i) // no Latin month name starts with this letter
				continue
			}
			m, we := monthAt(s, i)
			if m != 0 && !alnumBefore(s, i) {
				if p, e, ok := matchMonthFirst(s, we, m); ok {
					return p, i, e, true
				}
			}
			i = we
		}
	}
	return Parsed{}, 0, 0, false
}

// matchDigits tries the date forms that start with the n-digit number at
// s[i:].
func matchDigits(s string, i, n int, opts TextOptions) (Parsed, int, bool) {
	switch n {
	case 4:
		if numericLeft(s, i) {
			return matchYMD(s, i)
		}
	case 1, 2:
		if numericLeft(s, i) {
			if p, e, ok := matchNumericDMY(s, i, n, opts); ok {
				return p, e, true
			}
		}
		return matchDayMonth(s, i, n)
	}
	return Parsed{}, 0, false
}

// numericLeft reports whether an all-numeric date may start at s[i:]: it
// must not continue a number, a version or a price.
func numericLeft(s string, i int) bool {
	if i == 0 {
		return true
	}
	r, sz := utf8.DecodeLastRuneInString(s[:i])
	switch r {
	case '.', '-', '/', '+', '_', '$', '€', '£', '¥', '₴', '₽', '#', '\\':
		return false
	case ',': // "1,11.03.2022" is a number, "Kyiv,11.03.2022" a date
		r, _ = utf8.DecodeLastRuneInString(s[:i-sz])
		return !unicode.IsDigit(r)
	}
	return true
}

// endOK reports whether a date may end at s[e:]: not glued to a letter or
// a digit, and not followed by ".5", "-12", "/3" that would make it part
// of a longer number.
func endOK(s string, e int) bool {
	if e >= len(s) {
		return true
	}
	c := s[e]
	if c >= utf8.RuneSelf {
		r, _ := utf8.DecodeRuneInString(s[e:])
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}
	switch {
	case isDigit(c), isASCIILetter(c), c == '_':
		return false
	case c == '.' || c == '-' || c == '/':
		return e+1 >= len(s) || !isDigit(s[e+1])
	}
	return true
}

func textYear(y int) bool { return minTextYear <= y && y <= maxTextYear }

func dateOnly(y, m, d int) Parsed {
	return Parsed{Time: time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)}
}

// matchYMD reads 2022-03-11 (with an optional ISO time and offset),
// 2022/3/11 and 2022.03.11.
func matchYMD(s string, i int) (Parsed, int, bool) {
	y, _ := digitRun(s, i)
	j := i + 4
	if !textYear(y) || j+1 >= len(s) {
		return Parsed{}, 0, false
	}
	sep := s[j]
	if sep == '-' {
		if p, e, ok := scanISO(s, i, false); ok && p.HasTime && endOK(s, e) {
			return p, e, true
		}
	}
	if sep != '-' && sep != '/' && sep != '.' {
		return Parsed{}, 0, false
	}
	m, mn := digitRun(s, j+1)
	k := j + 1 + mn
	if mn < 1 || mn > 2 || k >= len(s) || s[k] != sep {
		return Parsed{}, 0, false
	}
	d, dn := digitRun(s, k+1)
	e := k + 1 + dn
	if dn < 1 || dn > 2 || !endOK(s, e) || !validDate(y, m, d) {
		return Parsed{}, 0, false
	}
	p, e := withTime(dateOnly(y, m, d), s, e)
	return p, e, true
}

// matchNumericDMY reads 11.03.2022, 11/03/2022 and 11-03-2022.
func matchNumericDMY(s string, i, n int, opts TextOptions) (Parsed, int, bool) {
	a, _ := digitRun(s, i)
	j := i + n
	if j+1 >= len(s) {
		return Parsed{}, 0, false
	}
	sep := s[j]
	if sep != '.' && sep != '/' && sep != '-' {
		return Parsed{}, 0, false
	}
	b, bn := digitRun(s, j+1)
	k := j + 1 + bn
	if bn < 1 || bn > 2 || k >= len(s) || s[k] != sep {
		return Parsed{}, 0, false
	}
	y, yn := digitRun(s, k+1)
	e := k + 1 + yn
	if yn != 4 || !textYear(y) || !endOK(s, e) {
		return Parsed{}, 0, false
	}
	d, m := a, b
	if sep != '.' {
		switch {
		case a > 12 && b <= 12:
		case b > 12 && a <= 12:
			d, m = b, a
		case a <= 12 && b <= 12 && opts.DayFirst:
		default:
			return Parsed{}, 0, false
		}
	}
	if !validDate(y, m, d) {
		return Parsed{}, 0, false
	}
	p, e := withTime(dateOnly(y, m, d), s, e)
	return p, e, true
}

// matchDayMonth reads day-first dates with a month name: "11 March 2022",
// "11th of March, 2022", "11. März 2022", "1er mars 2022",
// "11 de marzo de 2022", "11 березня 2022 р.", "11-Mar-2022".
func matchDayMonth(s string, i, n int) (Parsed, int, bool) {
	d, _ := digitRun(s, i)
	if d < 1 || d > 31 {
		return Parsed{}, 0, false
	}
	j := skipOrdinal(s, i+n)
	k := skipSeps(s, j, ".-")
	if k == j {
		return Parsed{}, 0, false
	}
	k = skipFiller(s, k, "of", "de")
	if !letterAt(s, k) {
		return Parsed{}, 0, false
	}
	m, j := monthAt(s, k)
	if m == 0 {
		return Parsed{}, 0, false
	}
	if j < len(s) && s[j] == '.' {
		j++
	}
	k = skipSeps(s, j, ",.-")
	if k == j && s[j-1] != '.' {
		return Parsed{}, 0, false
	}
	k = skipFiller(s, k, "de", "del")
	y, yn := digitRun(s, k)
	if yn != 4 || !textYear(y) || !validDate(y, m, d) {
		return Parsed{}, 0, false
	}
	e := skipYearWord(s, k+4)
	if !endOK(s, e) {
		return Parsed{}, 0, false
	}
	p, e := withTime(dateOnly(y, m, d), s, e)
	return p, e, true
}

// matchMonthFirst reads "March 11, 2022", "March 11th 2022", "Sept. 5,
// 2022" given the month word that ends at s[j:].
func matchMonthFirst(s string, j, m int) (Parsed, int, bool) {
	if j < len(s) && s[j] == '.' {
		j++
	}
	k := skipSpaces(s, j)
	if k == j {
		return Parsed{}, 0, false
	}
	d, dn := digitRun(s, k)
	if dn < 1 || dn > 2 {
		return Parsed{}, 0, false
	}
	j = skipOrdinal(s, k+dn)
	k = skipSeps(s, j, ",")
	if k == j {
		return Parsed{}, 0, false
	}
	y, yn := digitRun(s, k)
	if yn != 4 || !textYear(y) || !validDate(y, m, d) {
		return Parsed{}, 0, false
	}
	e := k + 4
	if !endOK(s, e) {
		return Parsed{}, 0, false
	}
	p, e := withTime(dateOnly(y, m, d), s, e)
	return p, e, true
}

// skipSeps skips white space and the ASCII punctuation in punct.
func skipSeps(s string, i int, punct string) int {
	for {
		j := skipSpaces(s, i)
		if j < len(s) && strings.IndexByte(punct, s[j]) >= 0 {
			i = j + 1
			continue
		}
		return j
	}
}

// wordIs reports whether the letters at s[i:e] spell one of words,
// ignoring case.
func wordIs(s string, i, e int, words ...string) bool {
	for _, w := range words {
		if strings.EqualFold(s[i:e], w) {
			return true
		}
	}
	return false
}

// skipFiller skips one of the given words (and the space after it) when
// it stands at s[i:].
func skipFiller(s string, i int, words ...string) int {
	e := wordEnd(s, i)
	if e == i || !wordIs(s, i, e, words...) {
		return i
	}
	if k := skipSpaces(s, e); k > e {
		return k
	}
	return i
}

// skipOrdinal skips a day's ordinal suffix: 1st 2nd 3rd 4th, 1er, 1º,
// 11-го.
func skipOrdinal(s string, j int) int {
	if j >= len(s) {
		return j
	}
	if strings.HasPrefix(s[j:], "º") || strings.HasPrefix(s[j:], "ª") {
		return j + len("º")
	}
	if s[j] == '-' {
		if e := wordEnd(s, j+1); wordIs(s, j+1, e, "го") {
			return e
		}
		return j
	}
	if e := wordEnd(s, j); e == j+2 && wordIs(s, j, e, "st", "nd", "rd", "th", "er") {
		return e
	}
	return j
}

// skipYearWord skips the Ukrainian and Russian "year" word after a year:
// "2022 р.", "2022 року", "2022г.", "2022 года".
func skipYearWord(s string, e int) int {
	k := skipSpaces(s, e)
	w := wordEnd(s, k)
	if w == k || !wordIs(s, k, w, "р", "г", "року", "рік", "года", "год") {
		return e
	}
	if w < len(s) && s[w] == '.' && (w-k == len("р")) {
		w++
	}
	return w
}
