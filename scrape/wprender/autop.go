package wprender

import (
	"regexp"
	"strconv"
	"strings"
)

// allBlocks are the elements wpautop treats as blocks: it never wraps them
// in <p> and puts paragraph breaks around them.
const allBlocks = `(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)`

// The rules of wpautop, compiled once. RE2 has no look-behind and no
// back-references: the two rules that need them are written as code.
var (
	reDoubleBr      = regexp.MustCompile(`<br\s*/?>\s*<br\s*/?>`)
	reBlockOpen     = regexp.MustCompile(`(<` + allBlocks + `[\s/>])`)
	reBlockClose    = regexp.MustCompile(`(</` + allBlocks + `>)`)
	reHr            = regexp.MustCompile(`(<hr\s*?/?>)`)
	reOptionBefore  = regexp.MustCompile(`\s*<option`)
	reOptionAfter   = regexp.MustCompile(`</option>\s*`)
	reObjectOpen    = regexp.MustCompile(`(<object[^>]*>)\s*`)
	reObjectClose   = regexp.MustCompile(`\s*</object>`)
	reParamEmbed    = regexp.MustCompile(`\s*(</?(?:param|embed)[^>]*>)\s*`)
	reMediaOpen     = regexp.MustCompile(`([<\[](?:audio|video)[^>\]]*[>\]])\s*`)
	reMediaClose    = regexp.MustCompile(`\s*([<\[]/(?:audio|video)[>\]])`)
	reSourceTrack   = regexp.MustCompile(`\s*(<(?:source|track)[^>]*>)\s*`)
	reFigcapBefore  = regexp.MustCompile(`\s*(<figcaption[^>]*>)`)
	reFigcapAfter   = regexp.MustCompile(`</figcaption>\s*`)
	reManyBreaks    = regexp.MustCompile(`\n\n+`)
	reParaSplit     = regexp.MustCompile(`\n\s*\n`)
	reEmptyPara     = regexp.MustCompile(`<p>\s*</p>`)
	reUnclosedPara  = regexp.MustCompile(`<p>([^<]+)</(div|address|form)>`)
	reWrappedBlock  = regexp.MustCompile(`<p>\s*(</?` + allBlocks + `[^>]*>)\s*</p>`)
	reWrappedLi     = regexp.MustCompile(`<p>(<li.+?)</p>`)
	reParaQuote     = regexp.MustCompile(`(?i)<p><blockquote([^>]*)>`)
	reParaBlock     = regexp.MustCompile(`<p>\s*(</?` + allBlocks + `[^>]*>)`)
	reBlockPara     = regexp.MustCompile(`(</?` + allBlocks + `[^>]*>)\s*</p>`)
	reBlockBr       = regexp.MustCompile(`(</?` + allBlocks + `[^>]*>)\s*<br />`)
	reBrBlock       = regexp.MustCompile(`<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)`)
	preserveTags    = []string{"<script", "<style", "<svg", "<math"}
	rePreserveNewln = []*regexp.Regexp{
		regexp.MustCompile(`(?s)<script.*?</script>`),
		regexp.MustCompile(`(?s)<style.*?</style>`),
		regexp.MustCompile(`(?s)<svg.*?</svg>`),
		regexp.MustCompile(`(?s)<math.*?</math>`),
	}
)

const (
	nlInTag          = " <!-- wpnl --> "
	preservedNewline = "<WPPreserveNewline />"
)

// Autop is WordPress's wpautop: text stored without paragraph tags (the
// classic editor's) gets a <p> for every run of text separated by a blank
// line and a <br /> for every other line break, and block elements are
// left unwrapped. <pre> blocks are not touched.
func Autop(text string) string {
	if strings.TrimSpace(text) == "" {
		return ""
	}
	text += "\n"
	var pres []string
	if strings.Contains(text, "<pre") {
		parts := strings.Split(text, "</pre>")
		last := parts[len(parts)-1]
		var b strings.Builder
		for _, part := range parts[:len(parts)-1] {
			start := strings.Index(part, "<pre")
			if start < 0 {
				b.WriteString(part) // malformed HTML: as WordPress, drop the stray </pre>
				continue
			}
			b.WriteString(part[:start])
			b.WriteString(preName(len(pres)))
			pres = append(pres, part[start:]+"</pre>")
		}
		b.WriteString(last)
		text = b.String()
	}
	if strings.Contains(text, "<br") {
		text = reDoubleBr.ReplaceAllString(text, "\n\n")
	}
	text = reBlockOpen.ReplaceAllString(text, "\n\n$1")
	text = reBlockClose.ReplaceAllString(text, "$1\n\n")
	text = reHr.ReplaceAllString(text, "$1\n\n")
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	text = replaceInTags(text, "\n", nlInTag)
	if strings.Contains(text, "<option") {
		text = reOptionBefore.ReplaceAllString(text, "<option")
		text = reOptionAfter.ReplaceAllString(text, "</option>")
	}
	if strings.Contains(text, "</object>") {
		text = reObjectOpen.ReplaceAllString(text, "$1")
		text = reObjectClose.ReplaceAllString(text, "</object>")
		text = reParamEmbed.ReplaceAllString(text, "$1")
	}
	if strings.Contains(text, "<source") || strings.Contains(text, "<track") {
		text = reMediaOpen.ReplaceAllString(text, "$1")
		text = reMediaClose.ReplaceAllString(text, "$1")
		text = reSourceTrack.ReplaceAllString(text, "$1")
	}
	if strings.Contains(text, "<figcaption") {
		text = reFigcapBefore.ReplaceAllString(text, "$1")
		text = reFigcapAfter.ReplaceAllString(text, "</figcaption>")
	}
	text = reManyBreaks.ReplaceAllString(text, "\n\n")

	var b strings.Builder
	for _, para := range reParaSplit.Split(text, -1) {
		if para == "" {
			continue
		}
		b.WriteString("<p>")
		b.WriteString(strings.Trim(para, "\n"))
		b.WriteString("</p>\n")
	}
	text = b.String()

	text = reEmptyPara.ReplaceAllString(text, "")
	if strings.Contains(text, "</div>") || strings.Contains(text, "</address>") || strings.Contains(text, "</form>") {
		text = reUnclosedPara.ReplaceAllString(text, "<p>$1</p></$2>")
	}
	text = reWrappedBlock.ReplaceAllString(text, "$1")
	if strings.Contains(text, "<li") {
		text = reWrappedLi.ReplaceAllString(text, "$1")
	}
	if strings.Contains(text, "<blockquote") || strings.Contains(text, "<BLOCKQUOTE") {
		text = reParaQuote.ReplaceAllString(text, "<blockquote$1><p>")
		text = strings.ReplaceAll(text, "</blockquote></p>", "</p></blockquote>")
	}
	text = reParaBlock.ReplaceAllString(text, "$1")
	text = reBlockPara.ReplaceAllString(text, "$1")

	for i, re := range rePreserveNewln {
		if strings.Contains(text, preserveTags[i]) {
			text = re.ReplaceAllStringFunc(text, func(m string) string { return strings.ReplaceAll(m, "\n", preservedNewline) })
		}
	}
	text = strings.NewReplacer("<br>", "<br />", "<br/>", "<br />").Replace(text)
	text = lineBreaks(text)
	text = strings.ReplaceAll(text, preservedNewline, "\n")

	if strings.Contains(text, "<br />") {
		text = reBlockBr.ReplaceAllString(text, "$1")
		text = reBrBlock.ReplaceAllString(text, "$1")
	}
	// "\n</p>" at the very end (PCRE's $ also matches before a final newline).
	if strings.HasSuffix(text, "\n</p>") {
		text = strings.TrimSuffix(text, "\n</p>") + "</p>"
	} else if strings.HasSuffix(text, "\n</p>\n") {
		text = strings.TrimSuffix(text, "\n</p>\n") + "</p>\n"
	}
	for i, pre := range pres {
		text = strings.Replace(text, preName(i), pre, 1)
	}
	if strings.Contains(text, "<!-- wpnl -->") {
		text = strings.NewReplacer(nlInTag, "\n", "<!-- wpnl -->", "\n").Replace(text)
	}
	return text
}

func preName(i int) string { return "<pre wp-pre-tag-" + strconv.Itoa(i) + "></pre>" }

// lineBreaks puts <br /> before every remaining newline not already after
// one: PCRE's (?<!<br />)\s*\n, where the white space run before the
// newline is replaced too.
func lineBreaks(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/16)
	for i := 0; i < len(s); {
		if !isASCIISpace(s[i]) || strings.HasSuffix(s[:i], "<br />") {
			b.WriteByte(s[i])
			i++
			continue
		}
		j := i
		for j < len(s) && isASCIISpace(s[j]) {
			j++
		}
		nl := strings.LastIndexByte(s[i:j], '\n')
		if nl < 0 {
			b.WriteString(s[i:j])
			i = j
			continue
		}
		b.WriteString("<br />\n")
		i += nl + 1
	}
	return b.String()
}

func isASCIISpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// replaceInTags replaces old with new inside tags and comments only, as
// WordPress's wp_replace_in_html_tags.
func replaceInTags(s, old, new string) string {
	if !strings.Contains(s, old) {
		return s
	}
	var b strings.Builder
	for len(s) > 0 {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		s = s[i:]
		end := tagEnd(s)
		b.WriteString(strings.ReplaceAll(s[:end], old, new))
		s = s[end:]
	}
	return b.String()
}

// tagEnd is the length of the element, comment or CDATA section that s
// starts with (s[0] == '<'); an unterminated one runs to the end.
func tagEnd(s string) int {
	switch {
	case strings.HasPrefix(s, "<!--"):
		if j := strings.Index(s[4:], "-->"); j >= 0 {
			return 4 + j + 3
		}
		return len(s)
	case strings.HasPrefix(s, "<![CDATA["):
		if j := strings.Index(s, "]]>"); j >= 0 {
			return j + 3
		}
		return len(s)
	}
	if j := strings.IndexByte(s, '>'); j >= 0 {
		return j + 1
	}
	return len(s)
}
