package output

import (
	"fmt"
	"io"
	"strings"

	"github.com/pmezard/go-difflib/difflib"
)

// WriteDiff writes a unified diff of a change, as `diff -u` would show it
// (a/ and b/ prefixes, 3 lines of context; /dev/null for a created or
// deleted file). Media get a one-line note.
// With color, added and removed lines are green and red.
func (c Change) WriteDiff(w io.Writer, color bool) error {
	if c.Binary {
		_, err := fmt.Fprintf(w, "Binary file %s would be %s\n", EscapeControls(c.Path), c.Result)
		return err
	}
	from, to := "a/"+c.Path, "b/"+c.Path
	switch c.Result {
	case Created:
		from = "/dev/null"
	case Deleted:
		to = "/dev/null"
	}
	text, err := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A:        lines(c.Old),
		B:        lines(c.New),
		FromFile: from,
		ToFile:   to,
		Context:  3,
	})
	if err != nil {
		return err
	}
	switch {
	case c.Result == Conflict && c.Detail != "":
		text = fmt.Sprintf("# %s was edited by hand and its source changed too (%s): the merge, with conflict markers, would go to %s%s\n", c.Path, c.Detail, c.Path, ConflictSuffix) + text
	case c.Result == Conflict:
		text = fmt.Sprintf("# %s was edited by hand: the new version would go to %s%s\n", c.Path, c.Path, ConflictSuffix) + text
	case c.Result == Merged:
		text = fmt.Sprintf("# %s was edited by hand: its source's changes would be merged in\n", c.Path) + text
	}
	// The page's (or a person's) bytes may hold terminal escapes: shown,
	// never run. The colours below are added after.
	text = EscapeControls(text)
	if !color {
		_, err = io.WriteString(w, text)
		return err
	}
	for _, line := range strings.SplitAfter(text, "\n") {
		switch {
		case strings.HasPrefix(line, "+++"), strings.HasPrefix(line, "---"):
			line = "\x1b[1m" + strings.TrimSuffix(line, "\n") + "\x1b[0m\n"
		case strings.HasPrefix(line, "+"):
			line = "\x1b[32m" + strings.TrimSuffix(line, "\n") + "\x1b[0m\n"
		case strings.HasPrefix(line, "-"):
			line = "\x1b[31m" + strings.TrimSuffix(line, "\n") + "\x1b[0m\n"
		case strings.HasPrefix(line, "@@"):
			line = "\x1b[36m" + strings.TrimSuffix(line, "\n") + "\x1b[0m\n"
		}
		if _, err := io.WriteString(w, line); err != nil {
			return err
		}
	}
	return nil
}

// lines splits text into lines that keep their newlines; no text is no
// lines (difflib's SplitLines would give one empty line, and a created
// file's diff a context line against /dev/null).
func lines(b []byte) []string {
	if len(b) == 0 {
		return nil
	}
	out := strings.SplitAfter(string(b), "\n")
	if out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}
