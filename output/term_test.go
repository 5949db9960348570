package output

import (
	"strings"
	"testing"
)

// TestEscapeControls: a page's terminal escapes are shown, not run, in a
// dry run's diff (coloured or not) and in messages; newlines and tabs
// stay (issue 13).
func TestEscapeControls(t *testing.T) {
	if got := EscapeControls("a\x1b[2J\tb\x08c\u202ed\n"); got != `a\x1b[2J`+"\tb"+`\x08c\u202ed`+"\n" {
		t.Errorf("EscapeControls = %q", got)
	}
	c := Change{Path: "content/posts/x.md", Result: Updated, Old: []byte("old\n"), New: []byte("new \x1b]0;owned\x07 title\n")}
	for _, color := range []bool{false, true} {
		var b strings.Builder
		if err := c.WriteDiff(&b, color); err != nil {
			t.Fatal(err)
		}
		out := strings.NewReplacer("\x1b[1m", "", "\x1b[32m", "", "\x1b[31m", "", "\x1b[36m", "", "\x1b[0m", "").Replace(b.String())
		if strings.ContainsAny(out, "\x1b\x07") || !strings.Contains(out, `+new \x1b]0;owned\x07 title`) {
			t.Errorf("color %v: diff runs the page's escapes:\n%q", color, b.String())
		}
	}
}
