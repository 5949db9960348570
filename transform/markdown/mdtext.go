package markdown

import (
	"strings"
)

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// escapeLinkText escapes what would end link or image text early or start
// markup inside it. "_" between letters or digits cannot open emphasis, so
// URLs used as text keep their underscores readable.
func escapeLinkText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\', '[', ']', '`', '*', '<':
			b.WriteByte('\\')
		case '_':
			if i == 0 || i == len(s)-1 || !isAlnum(s[i-1]) || !isAlnum(s[i+1]) {
				b.WriteByte('\\')
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func mdLink(text, dest string) string {
	return "[" + escapeLinkText(text) + "](" + mdDestination(dest) + ")"
}

// quoteTitle quotes a link or image title, choosing the quote character
// that needs no escaping when there is one.
func quoteTitle(t string) string {
	switch {
	case !strings.Contains(t, `"`):
		return `"` + strings.ReplaceAll(t, `\`, `\\`) + `"`
	case !strings.Contains(t, "'"):
		return "'" + strings.ReplaceAll(t, `\`, `\\`) + "'"
	default:
		return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(t) + `"`
	}
}
