package transform

import (
	"regexp"
	"slices"
	"strings"

	"github.com/unpress/unpress/scrape/extract"
)

// loginSlug is what a login name looks like: lower case, no space
// ("admin", "jdoe", "john-doe"). SEO plugins print it where the display
// name belongs when the user never set one.
var loginSlug = regexp.MustCompile(`^[a-z0-9._-]+$`)

// authorCands orders a page's author candidates for the choice: a value
// that is only a login name, the site's name or its host goes after the
// others, so that a byline the page shows wins over it; when nothing else
// names the author, it is still taken.
func authorCands(ex *extract.Extracted, site string) []extract.Candidate[string] {
	sites := titleSites(ex, site)
	host := pageHost(ex)
	weak := func(c extract.Candidate[string]) bool {
		if structured(c.Source) {
			return false
		}
		v := c.Value
		if (c.Source == extract.SrcJSONLD || c.Source == extract.SrcMeta) && loginSlug.MatchString(v) {
			return true
		}
		for _, s := range sites {
			if s != "" && fold(s) == fold(v) {
				return true
			}
		}
		return hostLike(v, host)
	}
	out := slices.Clone(ex.Author)
	slices.SortStableFunc(out, func(a, b extract.Candidate[string]) int {
		wa, wb := weak(a), weak(b)
		switch {
		case wa == wb:
			return 0
		case wa:
			return 1
		}
		return -1
	})
	return out
}

// moreAuthors returns a candidate that names the chosen author and others
// with them ("A, B" where JSON-LD lists only A): SEO plugins often carry
// only the first of several authors.
func moreAuthors(chosen string, list []extract.Candidate[string]) (extract.Candidate[string], bool) {
	have := authorNames(chosen)
	for _, c := range list {
		names := authorNames(c.Value)
		if len(names) <= len(have) {
			continue
		}
		all := true
		for _, n := range have {
			all = all && slices.Contains(names, n)
		}
		if all {
			return c, true
		}
	}
	return extract.Candidate[string]{}, false
}

// authorNames splits a byline of several authors into folded names.
func authorNames(s string) []string {
	f := strings.FieldsFunc(fold(s), func(r rune) bool { return r == ',' || r == ';' || r == '&' })
	var out []string
	for _, part := range f {
		for _, p := range strings.Split(part, " and ") {
			for _, n := range strings.Split(p, " und ") {
				if n = strings.TrimSpace(n); n != "" {
					out = append(out, n)
				}
			}
		}
	}
	return out
}

// fullerName returns a candidate that completes a chosen first name with
// the surname ("Nils" and "Nils Pickert"): plugins show the display name,
// which is often the first name alone, where the post's text credits the
// whole person.
func fullerName(chosen string, list []extract.Candidate[string]) (extract.Candidate[string], bool) {
	if strings.ContainsAny(chosen, " ,;&") || chosen == "" {
		return extract.Candidate[string]{}, false
	}
	for _, c := range list {
		words := strings.Fields(c.Value)
		if len(words) >= 2 && len(words) <= 4 && fold(words[0]) == fold(chosen) && !strings.ContainsAny(c.Value, ",;&") {
			return c, true
		}
	}
	return extract.Candidate[string]{}, false
}
