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

// honorific is a title before a person's name, which a personal site's
// name carries and a byline does not.
var honorific = regexp.MustCompile(`^(?:(?:Dr|Prof|Mag|Dipl|Ing)\.(?:[ -]?(?:med|phil|rer\. nat|jur|habil|Ing)\.)?\s+)+`)

// personName is what a person's name looks like: two or three words, each
// a capital followed by letters, hyphens or apostrophes.
var personName = regexp.MustCompile(`^\p{Lu}[\p{L}'’-]+(?: \p{Lu}[\p{L}'’-]+){1,2}$`)

// siteOwner is the author of a personal site whose pages name no author:
// a site named after a person, on a domain of that person's name
// ("Dr. Alexander Klier" on alexander-klier.net, "… | Wolfgang Michal" on
// wolfgangmichal.de). Its owner writes its posts. The names tried are the
// ones the page states and the parts of its <title>.
func siteOwner(ex *extract.Extracted, site string) (extract.Candidate[string], bool) {
	host := pageHost(ex)
	if host == "" {
		return extract.Candidate[string]{}, false
	}
	var names []extract.Candidate[string]
	for _, n := range titleSites(ex, site) {
		names = append(names, extract.Candidate[string]{Value: n, Source: extract.SrcMeta})
	}
	for _, c := range ex.Title {
		if c.Source != extract.SrcTitleTag {
			continue
		}
		for _, sep := range titleSeparators {
			if i := strings.LastIndex(c.Value, sep); i > 0 {
				names = append(names, extract.Candidate[string]{Value: c.Value[i+len(sep):], Source: extract.SrcTitleTag})
			}
			if i := strings.Index(c.Value, sep); i > 0 {
				names = append(names, extract.Candidate[string]{Value: c.Value[:i], Source: extract.SrcTitleTag})
			}
		}
	}
	for _, c := range names {
		n := honorific.ReplaceAllString(strings.TrimSpace(c.Value), "")
		if personName.MatchString(n) && hostLike(n, host) && !publicationName(n) {
			return extract.Candidate[string]{Value: n, Source: c.Source, Rule: "author/site-owner"}, true
		}
	}
	return extract.Candidate[string]{}, false
}

// publicationWords are words that name a publication, not a person
// ("Tiny Blog", "Berlin Times"), in the languages of the corpus.
var publicationWords = map[string]bool{
	"blog": true, "blogs": true, "news": true, "magazin": true, "magazine": true, "mag": true, "press": true, "presse": true,
	"times": true, "journal": true, "online": true, "media": true, "medien": true, "verlag": true, "shop": true, "store": true,
	"studio": true, "daily": true, "post": true, "zeitung": true, "club": true, "kitchen": true, "küche": true, "world": true,
	"welt": true, "group": true, "gruppe": true, "team": true, "network": true, "netzwerk": true, "radio": true, "tv": true,
	"review": true, "report": true, "guide": true, "tech": true, "digital": true, "home": true, "travel": true, "reisen": true,
	"food": true, "style": true, "life": true, "living": true, "leben": true, "project": true, "projekt": true, "foundation": true,
	"stiftung": true, "institut": true, "institute": true, "verein": true, "partei": true, "revue": true, "tribune": true, "herald": true,
}

func publicationName(n string) bool {
	for _, w := range strings.Fields(strings.ToLower(n)) {
		if publicationWords[w] {
			return true
		}
	}
	return false
}
