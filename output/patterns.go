package output

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/unpress/unpress/transform"
)

// patternValues are a post's values for the placeholders of PostFile and
// PostURL; the file name's date is the published date in the preset's
// zone (else the post's own), else the updated date, else 1970-01-01.
func (p *Preset) patternValues(post *transform.Head, slug string) map[string]string {
	t := post.Published
	if t.IsZero() {
		t = post.Updated
	}
	if t.IsZero() {
		t = time.Unix(0, 0).UTC()
	}
	if p.Zone != nil {
		t = t.In(p.Zone)
	}
	return map[string]string{
		"slug":  slug,
		"year":  t.Format("2006"),
		"month": t.Format("01"),
		"day":   t.Format("02"),
	}
}

// patternPath places a post by PostFile; reserved is true when the slug
// is the whole file stem and the generator gives that stem a meaning.
func (p *Preset) patternPath(post *transform.Head, stem string) (rel string, reserved bool) {
	rel = fillPattern(p.PostFile, p.patternValues(post, stem))
	reserved = (p.PostFile == "{slug}.md" || strings.HasSuffix(p.PostFile, "/{slug}.md")) && p.isIndexStem(stem)
	return path.Join(p.ContentDir, rel), reserved
}

// patternURL is the URL of a post placed by PostFile, when rel is one.
func (p *Preset) patternURL(rel string) (string, bool) {
	if p.PostFile == "" || p.PostURL == "" {
		return "", false
	}
	vals, ok := matchPattern(p.PostFile, strings.TrimPrefix(rel, p.ContentDir+"/"))
	if !ok {
		return "", false
	}
	return fillPattern(p.PostURL, vals), true
}

// slugOf is the slug of a post placed by PostFile.
func (p *Preset) slugOf(rel string) (string, bool) {
	if p.PostFile == "" {
		return "", false
	}
	vals, ok := matchPattern(p.PostFile, strings.TrimPrefix(rel, p.ContentDir+"/"))
	return vals["slug"], ok
}

// PatternPlaceholders are the names a PostFile or PostURL pattern may use.
var PatternPlaceholders = []string{"slug", "year", "month", "day"}

// placeholderWidth is the number of digits of a fixed-width placeholder;
// 0 for the slug, which takes what is left.
var placeholderWidth = map[string]int{"year": 4, "month": 2, "day": 2, "slug": 0}

// patternToken is a literal or, when name is set, a placeholder.
type patternToken struct{ lit, name string }

// parsePattern splits "_posts/{year}-{slug}.md" into its tokens.
func parsePattern(pat string) ([]patternToken, error) {
	var toks []patternToken
	for pat != "" {
		i := strings.IndexByte(pat, '{')
		if i < 0 {
			toks = append(toks, patternToken{lit: pat})
			break
		}
		if i > 0 {
			toks = append(toks, patternToken{lit: pat[:i]})
		}
		j := strings.IndexByte(pat[i:], '}')
		if j < 0 {
			return nil, fmt.Errorf("unclosed { in %q", pat)
		}
		name := pat[i+1 : i+j]
		if _, ok := placeholderWidth[name]; !ok {
			return nil, fmt.Errorf("unknown placeholder {%s} (valid: {%s})", name, strings.Join(PatternPlaceholders, "}, {"))
		}
		toks = append(toks, patternToken{name: name})
		pat = pat[i+j+1:]
	}
	return toks, nil
}

// ValidatePostPatterns checks a PostFile pattern (and PostURL, if any):
// known placeholders, exactly one {slug} in the file, a ".md" file, and a
// URL that uses only placeholders the file name keeps.
func ValidatePostPatterns(file, urlPattern string) error {
	toks, err := parsePattern(file)
	if err != nil {
		return err
	}
	have := map[string]int{}
	for _, t := range toks {
		if t.name != "" {
			have[t.name]++
		}
	}
	switch {
	case have["slug"] != 1:
		return fmt.Errorf("%q must hold {slug} once", file)
	case !strings.HasSuffix(file, ".md"):
		return fmt.Errorf("%q must end in .md", file)
	case strings.HasPrefix(file, "/") || slices.Contains(strings.Split(file, "/"), ".."):
		return fmt.Errorf("%q must be a relative path inside the content folder", file)
	}
	if urlPattern == "" {
		return nil
	}
	utoks, err := parsePattern(urlPattern)
	if err != nil {
		return err
	}
	for _, t := range utoks {
		if t.name != "" && have[t.name] == 0 {
			return fmt.Errorf("URL pattern %q uses {%s}, which the file pattern %q does not hold", urlPattern, t.name, file)
		}
	}
	if !strings.HasPrefix(urlPattern, "/") {
		return fmt.Errorf("URL pattern %q must start with /", urlPattern)
	}
	return nil
}

func fillPattern(pat string, vals map[string]string) string {
	toks, _ := parsePattern(pat) // validated when the preset was made
	var b strings.Builder
	for _, t := range toks {
		if t.name != "" {
			b.WriteString(vals[t.name])
		} else {
			b.WriteString(t.lit)
		}
	}
	return b.String()
}

// matchPattern reads the placeholders back from a path: fixed-width ones
// from both ends, the slug from what is left between.
func matchPattern(pat, s string) (map[string]string, bool) {
	toks, err := parsePattern(pat)
	if err != nil {
		return nil, false
	}
	vals := map[string]string{}
	take := func(t patternToken, front bool) bool {
		n := len(t.lit)
		if t.name != "" {
			n = placeholderWidth[t.name]
		}
		if len(s) < n {
			return false
		}
		var part string
		if front {
			part, s = s[:n], s[n:]
		} else {
			part, s = s[len(s)-n:], s[:len(s)-n]
		}
		if t.name == "" {
			return part == t.lit
		}
		for _, r := range part {
			if r < '0' || r > '9' {
				return false
			}
		}
		vals[t.name] = part
		return true
	}
	i, j := 0, len(toks)-1
	for ; i <= j && toks[i].name != "slug"; i++ {
		if !take(toks[i], true) {
			return nil, false
		}
	}
	for ; j > i; j-- {
		if !take(toks[j], false) {
			return nil, false
		}
	}
	if i > j || s == "" || strings.Contains(s, "/") {
		return nil, false
	}
	vals["slug"] = s
	return vals, true
}
