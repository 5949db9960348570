package wprender

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Texturize turns straight quotes, double and triple hyphens, three dots and
// "9x9" into the typographic characters WordPress's wptexturize prints:
// 'cause today's "holiday" -- 9x9... becomes ’cause today’s “holiday” —
// 9×9…. Markup is left alone: tags, comments and the text of pre, code,
// kbd, style, script and tt elements, and the inside of [code] shortcodes.
// The result uses characters, not entities.
func Texturize(s string) string {
	if s == "" {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	var noTex []string // open pre/code/... elements
	inCode := 0        // open [code] shortcodes
	for len(s) > 0 {
		i := strings.IndexAny(s, "<[")
		if i < 0 {
			i = len(s)
		}
		if i > 0 {
			text := s[:i]
			if len(noTex) == 0 && inCode == 0 {
				text = texturizeText(text)
			}
			b.WriteString(text)
			s = s[i:]
			continue
		}
		if s[0] == '[' {
			// [code]…[/code] is not texturized; other brackets are text,
			// and shortcodes' attributes are never texturized.
			end := strings.IndexByte(s, ']')
			if end < 0 || strings.ContainsAny(s[1:end], "[<") {
				b.WriteString(texturizeUnlessCode(s[:1], noTex, inCode))
				s = s[1:]
				continue
			}
			tag := s[:end+1]
			name := shortcodeName(tag)
			switch {
			case name == "code" && !strings.HasPrefix(tag, "[/"):
				inCode++
			case name == "code":
				inCode = max(0, inCode-1)
			case name == "" || !knownShortcodes[name]:
				// Not a shortcode we know: brackets around text.
				b.WriteString(texturizeUnlessCode(s[:1], noTex, inCode))
				s = s[1:]
				continue
			}
			b.WriteString(tag)
			s = s[end+1:]
			continue
		}
		// An element or a comment.
		var end int
		if strings.HasPrefix(s, "<!--") {
			if j := strings.Index(s[4:], "-->"); j >= 0 {
				end = 4 + j + 3
			} else {
				end = len(s)
			}
		} else if j := strings.IndexByte(s, '>'); j >= 0 {
			end = j + 1
		} else {
			end = len(s)
		}
		tag := s[:end]
		pushPop(tag, &noTex)
		b.WriteString(tag)
		s = s[end:]
	}
	return b.String()
}

func texturizeUnlessCode(s string, noTex []string, inCode int) string {
	if len(noTex) == 0 && inCode == 0 {
		return texturizeText(s)
	}
	return s
}

// noTexturize are the elements whose text wptexturize leaves alone.
var noTexturize = map[string]bool{"pre": true, "code": true, "kbd": true, "style": true, "script": true, "tt": true}

// pushPop tracks the open no-texturize elements, as WordPress does: an
// opening tag pushes, the matching closing tag pops, other nesting is
// ignored.
func pushPop(tag string, stack *[]string) {
	if len(tag) < 3 || tag[1] == '!' {
		return
	}
	closing := tag[1] == '/'
	name := tag[1:]
	if closing {
		name = tag[2:]
	}
	n := 0
	for n < len(name) && (name[n] >= 'a' && name[n] <= 'z' || name[n] >= 'A' && name[n] <= 'Z' || name[n] >= '0' && name[n] <= '9') {
		n++
	}
	name = strings.ToLower(name[:n])
	if !noTexturize[name] {
		return
	}
	if !closing {
		*stack = append(*stack, name)
	} else if k := len(*stack); k > 0 && (*stack)[k-1] == name {
		*stack = (*stack)[:k-1]
	}
}

// Flags stand for replacements whose final form depends on later rules,
// as WordPress's <!--apos--> style markers do. They are private-use
// characters, which never occur in the text the rules look at.
const (
	aposFlag   = '\uE000'
	openSQFlag = '\uE001'
	openQFlag  = '\uE002'
	primeFlag  = '\uE003'
)

const (
	apos        = '’'
	openSingle  = '‘'
	closeSingle = '’'
	openDouble  = '“'
	closeDouble = '”'
	prime       = '′'
	doublePrime = '″'
	enDash      = '–'
	emDash      = '—'
)

var staticReplacer = strings.NewReplacer(
	"...", "…", "``", "“", "''", "”", " (tm)", " ™",
	"'tain't", "’tain’t", "'twere", "’twere", "'twas", "’twas", "'tis", "’tis",
	"'twill", "’twill", "'til", "’til", "'bout", "’bout", "'nuff", "’nuff",
	"'round", "’round", "'cause", "’cause", "'em", "’em",
)

// texturizeText applies wptexturize's rules to one run of text between
// tags, in WordPress's order: fixed phrases, apostrophes and single
// quotes, double quotes, dashes, then the multiplication sign.
func texturizeText(s string) string {
	if strings.TrimSpace(s) == "" {
		return s
	}
	s = staticReplacer.Replace(s)
	single, double := strings.IndexByte(s, '\'') >= 0, strings.IndexByte(s, '"') >= 0
	dash, x := strings.IndexByte(s, '-') >= 0, strings.IndexByte(s, 'x') >= 0
	if !single && !double && !dash && !x {
		return s
	}
	r := []rune(s)
	if single {
		aposRules(r)
		primes(r, '\'', prime, openSQFlag, closeSingle)
		for i, c := range r {
			switch c {
			case aposFlag:
				r[i] = apos
			case openSQFlag:
				r[i] = openSingle
			}
		}
	}
	if double {
		quoteRules(r)
		primes(r, '"', doublePrime, openQFlag, closeDouble)
		for i, c := range r {
			if c == openQFlag {
				r[i] = openDouble
			}
		}
	}
	if dash {
		r = dashes(r)
	}
	if x {
		times(r)
	}
	return string(r)
}

// isSpace is WordPress's wp_spaces_regexp: white space and no-break space.
func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' }

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func at(r []rune, i int) rune {
	if i < 0 || i >= len(r) {
		return 0
	}
	return r[i]
}

// closeContext reports whether a quote at i is followed by the end, a
// space or closing punctuation: a closing quote (or a prime).
func closeContext(r []rune, i int) bool {
	n := at(r, i+1)
	return n == 0 || isSpace(n) || strings.ContainsRune(".,:;!?)}-]", n) || hasAt(r, i+1, "&gt;")
}

func hasAt(r []rune, i int, lit string) bool {
	for _, c := range lit {
		if at(r, i) != c {
			return false
		}
		i++
	}
	return true
}

func endsWith(r []rune, i int, lit string) bool {
	n := utf8.RuneCountInString(lit)
	return i-n >= 0 && hasAt(r, i-n, lit)
}

// aposRules are the single-quote rules, each applied to the whole run in
// turn as WordPress applies its regular expressions.
func aposRules(r []rune) {
	// '99' and '99" at the end of a quotation: an abbreviated year.
	for i := 0; i+3 < len(r); i++ {
		if r[i] == '\'' && isDigit(r[i+1]) && isDigit(r[i+2]) && (r[i+3] == '\'' || r[i+3] == '"') && closeContext(r, i+3) {
			r[i] = aposFlag
			if r[i+3] == '\'' {
				r[i+3] = closeSingle
			} else {
				r[i+3] = closeDouble
			}
		}
	}
	// '99, '99s: an apostrophe, but never '9, '99%, '999 or '99.0.
	for i := 0; i+2 < len(r); i++ {
		if r[i] == '\'' && isDigit(r[i+1]) && isDigit(r[i+2]) {
			n := at(r, i+3)
			if n == 0 || !(n == '%' || isDigit(n) || (n == '.' || n == ',') && isDigit(at(r, i+4))) {
				r[i] = aposFlag
			}
		}
	}
	// '0.42': a quoted number.
	for i := 0; i < len(r); i++ {
		if r[i] != '\'' || !(i == 0 || isSpace(r[i-1])) || !isDigit(at(r, i+1)) {
			continue
		}
		j := i + 1
		for j < len(r) && (isDigit(r[j]) || r[j] == '.' || r[j] == ',') {
			j++
		}
		if j < len(r) && r[j] == '\'' {
			r[i], r[j] = openSQFlag, closeSingle
		}
	}
	// An opening quote: at the start or after ( [ { " - &lt; or a space.
	for i := 0; i < len(r); i++ {
		if r[i] == '\'' && (i == 0 || strings.ContainsRune(`([{"-`, r[i-1]) || isSpace(r[i-1]) || endsWith(r, i, "&lt;")) {
			r[i] = openSQFlag
		}
	}
	// An apostrophe inside a word.
	for i := 0; i < len(r); i++ {
		if r[i] != '\'' || i > 0 && isSpace(r[i-1]) {
			continue
		}
		n := at(r, i+1)
		if n == 0 || isSpace(n) || strings.ContainsRune(`.,:;!?"'(){}[]-`, n) || hasAt(r, i+1, "&lt;") || hasAt(r, i+1, "&gt;") {
			continue
		}
		r[i] = aposFlag
	}
}

func quoteRules(r []rune) {
	// "42": a quoted number.
	for i := 0; i < len(r); i++ {
		if r[i] != '"' || !(i == 0 || isSpace(r[i-1])) || !isDigit(at(r, i+1)) {
			continue
		}
		j := i + 1
		for j < len(r) && (isDigit(r[j]) || r[j] == '.' || r[j] == ',') {
			j++
		}
		if j < len(r) && r[j] == '"' {
			r[i], r[j] = openQFlag, closeDouble
		}
	}
	// An opening quote: at the start or after ( [ { - &lt; or a space, and
	// not followed by a space.
	for i := 0; i < len(r); i++ {
		if r[i] == '"' && (i == 0 || strings.ContainsRune(`([{-`, r[i-1]) || isSpace(r[i-1]) || endsWith(r, i, "&lt;")) && !isSpace(at(r, i+1)) {
			r[i] = openQFlag
		}
	}
}

// primes decides, sentence by sentence (a sentence runs from one opening
// quote to the next), whether a quote after a digit is a prime (9' or 9")
// or the closing quote. Every replacement is one rune for one: r is
// changed in place.
func primes(r []rune, needle, primeChar, openFlag, closeQuote rune) {
	start := 0
	for key := 0; start <= len(r); key++ {
		end := start
		for end < len(r) && r[end] != openFlag {
			end++
		}
		primeSentence(r[start:end], key, needle, primeChar, closeQuote)
		start = end + 1
	}
}

func primeSentence(s []rune, key int, needle, primeChar, closeQuote rune) {
	has := func(c rune) bool {
		for _, x := range s {
			if x == c {
				return true
			}
		}
		return false
	}
	afterDigit := func(i int) bool { return i > 0 && isDigit(s[i-1]) }
	if !has(needle) {
		return
	}
	if key != 0 && !has(closeQuote) {
		count := 0
		for i := range s {
			if s[i] == needle && closeContext(s, i) {
				s[i] = primeFlag
				count++
			}
		}
		switch {
		case count > 1:
			count2 := 0
			for i := range s {
				if s[i] == primeFlag && !afterDigit(i) {
					s[i] = closeQuote
					count2++
				}
			}
			if count2 == 0 {
				pos := -1
				for i := range s {
					if s[i] == primeFlag && at(s, i+1) == '.' {
						pos = i
					}
				}
				if pos < 0 {
					for i := range s {
						if s[i] == primeFlag {
							pos = i
						}
					}
				}
				if pos >= 0 {
					s[pos] = closeQuote
				}
			}
			for i := range s {
				if (s[i] == needle || s[i] == primeFlag) && afterDigit(i) {
					s[i] = primeChar
				}
			}
			for i := range s {
				if s[i] == primeFlag {
					s[i] = closeQuote
				}
			}
		case count == 1:
			for i := range s {
				if s[i] == primeFlag {
					s[i] = closeQuote
				}
			}
			for i := range s {
				if s[i] == needle && afterDigit(i) {
					s[i] = primeChar
				}
			}
		default:
			for i := range s {
				if s[i] == needle && afterDigit(i) {
					s[i] = primeChar
				}
			}
		}
	} else {
		for i := range s {
			if s[i] == needle && afterDigit(i) {
				s[i] = primeChar
			}
		}
		for i := range s {
			if s[i] == needle && closeContext(s, i) {
				s[i] = closeQuote
			}
		}
	}
	if needle == '"' {
		for i := range s {
			if s[i] == '"' {
				s[i] = closeQuote
			}
		}
	}
}

// dashes: --- is an em dash, a free-standing -- an em dash, other -- an en
// dash (but not in "xn--" punycode), a free-standing - an en dash.
func dashes(r []rune) []rune {
	out := r[:0:0]
	for i := 0; i < len(r); i++ {
		free := func(n int) bool {
			return (i == 0 || isSpace(r[i-1])) && (i+n == len(r) || isSpace(r[i+n]))
		}
		if r[i] != '-' {
			out = append(out, r[i])
			continue
		}
		switch {
		case at(r, i+1) == '-' && at(r, i+2) == '-':
			out = append(out, emDash)
			i += 2
		case at(r, i+1) == '-':
			switch {
			case free(2):
				out = append(out, emDash)
			case len(out) >= 2 && out[len(out)-2] == 'x' && out[len(out)-1] == 'n':
				out = append(out, '-', '-')
			default:
				out = append(out, enDash)
			}
			i++
		case free(1):
			out = append(out, enDash)
		default:
			out = append(out, '-')
		}
	}
	return out
}

func isWord(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// times makes the x in "9x9" a multiplication sign, but never in 0x9999.
func times(r []rune) {
	for i := 1; i+1 < len(r); i++ {
		if r[i] != 'x' || !isDigit(r[i-1]) || !isDigit(r[i+1]) {
			continue
		}
		// The left operand: a digit at a word boundary, then digits, dots
		// and commas up to the x; a leading 0 needs more than itself.
		j := i - 1
		for j > 0 && (isDigit(r[j-1]) || r[j-1] == '.' || r[j-1] == ',') {
			j--
		}
		ok := false
		for k := j; k < i; k++ {
			if isDigit(r[k]) && (k == 0 || !isWord(r[k-1])) && (r[k] != '0' || k+1 < i) {
				ok = true
				break
			}
		}
		if !ok {
			continue
		}
		// The right operand must end at a word boundary.
		k := i + 1
		for k < len(r) && (isDigit(r[k]) || r[k] == '.' || r[k] == ',') {
			k++
		}
		last := k - 1
		for last > i && !isDigit(r[last]) {
			last--
		}
		if at(r, last+1) != 0 && isWord(r[last+1]) {
			continue
		}
		r[i] = '×'
	}
}
