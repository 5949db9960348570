package output

import (
	"fmt"
	"io"
	"strings"
)

// Text a legacy site or a hand edit controls is printed to terminals (a
// dry run's diff, messages, the summary): its control characters are
// written as visible escapes ("\x1b"), so that a page's ESC or backspace
// cannot rewrite what a reviewer sees. Newlines and tabs are kept.

// EscapeControls writes s's control characters, but newline and tab, as
// Go-style escapes.
func EscapeControls(s string) string {
	if !strings.ContainsFunc(s, escaped) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if escaped(r) {
			if r < 0x100 {
				fmt.Fprintf(&b, `\x%02x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func escaped(r rune) bool {
	return r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r <= 0x9f || r == '\u2028' || r == '\u2029' || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// EscapingWriter escapes control characters (EscapeControls) in all it
// writes to W.
type EscapingWriter struct{ W io.Writer }

func (e EscapingWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(e.W, EscapeControls(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
