package output

import (
	"slices"
	"strings"
)

// RawHTMLTags lists the HTML elements (lower case, sorted) that a Markdown
// body holds outside code: what a generator that strips raw HTML (Hugo by
// default) would drop. Comments and autolinks are not counted.
func RawHTMLTags(body string) []string {
	var tags []string
	fence := ""
	for line := range strings.SplitSeq(body, "\n") {
		trimmed := strings.TrimLeft(line, " ")
		if fence != "" {
			if strings.HasPrefix(trimmed, fence) && strings.Trim(trimmed, fence[:1]) == "" {
				fence = ""
			}
			continue
		}
		if f := fenceOf(trimmed); f != "" {
			fence = f
			continue
		}
		for _, name := range htmlTagsIn(stripCodeSpans(line)) {
			if !slices.Contains(tags, name) {
				tags = append(tags, name)
			}
		}
	}
	slices.Sort(tags)
	return tags
}

func fenceOf(line string) string {
	for _, c := range []string{"`", "~"} {
		n := 0
		for n < len(line) && line[n] == c[0] {
			n++
		}
		if n >= 3 {
			return line[:n]
		}
	}
	return ""
}

// stripCodeSpans blanks out `code` spans (a run of backticks up to the
// same run), which show HTML as text.
func stripCodeSpans(line string) string {
	var b strings.Builder
	for i := 0; i < len(line); {
		if line[i] != '`' {
			b.WriteByte(line[i])
			i++
			continue
		}
		n := 0
		for i+n < len(line) && line[i+n] == '`' {
			n++
		}
		run := line[i : i+n]
		end := strings.Index(line[i+n:], run)
		if end < 0 {
			b.WriteString(run)
			i += n
			continue
		}
		i += n + end + n
	}
	return b.String()
}

// htmlTagsIn finds "<name" and "</name" followed by whitespace, "/" or
// ">", not escaped with a backslash.
func htmlTagsIn(s string) []string {
	var out []string
	for i := 0; i < len(s); i++ {
		if s[i] != '<' || i > 0 && s[i-1] == '\\' {
			continue
		}
		j := i + 1
		if j < len(s) && s[j] == '/' {
			j++
		}
		k := j
		for k < len(s) && (s[k] >= 'a' && s[k] <= 'z' || s[k] >= 'A' && s[k] <= 'Z' || k > j && (s[k] >= '0' && s[k] <= '9' || s[k] == '-')) {
			k++
		}
		if k == j || k >= len(s) || !strings.ContainsRune(" \t/>", rune(s[k])) {
			continue
		}
		if !strings.Contains(s[k:], ">") {
			continue
		}
		out = append(out, strings.ToLower(s[j:k]))
	}
	return out
}
