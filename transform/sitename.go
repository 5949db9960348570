package transform

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/extract"
)

// titleSeparators join a post title and the site name in <title> and
// og:title.
var titleSeparators = []string{" – ", " — ", " - ", " | ", " · ", " » ", " › ", " ⋆ ", " • ", " :: ", " : ", " « ", " / ", " ~ "}

// siteName is the configured name, else the name the pages state, else the
// suffix most <title>s share.
func (s *Site) siteName() string {
	if s.opts.SiteName != "" {
		return s.opts.SiteName
	}
	best, n := "", 0
	for name, v := range s.votes {
		if v > n || v == n && name < best {
			best, n = name, v
		}
	}
	if n < 2 {
		return ""
	}
	return best
}

// voteSiteName counts a page's votes for the site's name: the name it
// states (two votes), and what follows a separator in its <title>.
func (s *Site) voteSiteName(ex *extract.Extracted) {
	for _, c := range ex.SiteName {
		s.votes[c.Value] += 2
		break
	}
	for _, c := range ex.Title {
		if c.Source != extract.SrcTitleTag {
			continue
		}
		for _, sep := range titleSeparators {
			if i := strings.LastIndex(c.Value, sep); i > 0 {
				s.votes[strings.TrimSpace(c.Value[i+len(sep):])]++
			}
		}
	}
}

// stripSiteName removes " – Site Name" (or "Site Name | ") from a title,
// for every name the site goes by, and a separator left dangling at the
// end ("Title -" where a template printed an empty name).
var blogArchive = regexp.MustCompile(`^.{1,80}? » Blog Archiv(?:e)? » `)

func stripSiteName(t string, sites ...string) string {
	// Kubrick-era themes: "Site » Blog Archive » Title".
	if strings.Contains(t, " » Blog Archiv") {
		t = blogArchive.ReplaceAllString(t, "")
	}
	var ft string
	for _, site := range sites {
		if site == "" || len(t) > 3*len(site)+8 || 3*len(t)+8 < len(site) {
			continue
		}
		if ft == "" {
			ft = fold(t)
		}
		if ft == fold(site) {
			return ""
		}
	}
	// Repeated, since a <title> can carry two names ("Title - Blog -
	// Publisher").
	for changed := true; changed; {
		changed = false
		for _, site := range sites {
			if u := stripOneSite(t, site); u != t && u != "" {
				t, changed = u, true
			}
		}
	}
	return trimDangling(t)
}

// stripOneSite cuts the site's name from either end of t. Every
// occurrence of a separator is tried, since the name itself can contain
// one ("Title - Mady Morrison - Yoga Lifestyle").
func stripOneSite(t, site string) string {
	if site == "" {
		return t
	}
	fsite := fold(site)
	// Compare the parts around a separator, not folded whole strings:
	// folding changes lengths (’ is three bytes, ' one).
	// Folding only changes quotes, dashes and spaces: a part much longer
	// or shorter than the name is not it (and is not folded).
	near := func(part string) bool { return len(part) <= 3*len(fsite)+8 && 3*len(part)+8 >= len(fsite) }
	for _, sep := range titleSeparators {
		for i := strings.Index(t, sep); i > 0; {
			if tail := t[i+len(sep):]; near(tail) && fold(tail) == fsite {
				return strings.TrimSpace(t[:i])
			}
			if head := t[:i]; near(head) && fold(head) == fsite {
				return strings.TrimSpace(t[i+len(sep):])
			}
			j := strings.Index(t[i+len(sep):], sep)
			if j < 0 {
				break
			}
			i += len(sep) + j
		}
	}
	return t
}

// stripHost cuts a part of the <title> that is the site's host name
// ("Title | Neunzehn72" on neunzehn72.de, "Title - ingenieur.de"): a site
// whose pages state no name of their own still names itself so.
func stripHost(t, host string) string {
	if host == "" {
		return t
	}
	for _, sep := range titleSeparators {
		if i := strings.LastIndex(t, sep); i > 0 && hostLike(t[i+len(sep):], host) {
			return strings.TrimSpace(t[:i])
		}
		if i := strings.Index(t, sep); i > 0 && hostLike(t[:i], host) {
			return strings.TrimSpace(t[i+len(sep):])
		}
	}
	return t
}

// hostLike reports whether a name is the host name, letters and digits
// compared, with or without its top-level domain.
func hostLike(name, host string) bool {
	n := alnum(name)
	if len(n) < 3 {
		return false
	}
	h := scrape.BareHost(host)
	if n == alnum(h) {
		return true
	}
	if i := strings.LastIndexByte(h, '.'); i > 0 {
		return n == alnum(h[:i])
	}
	return false
}

func alnum(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// trimDangling removes a separator left at the end of a title.
func trimDangling(t string) string {
	for _, sep := range titleSeparators {
		if s := strings.TrimRight(sep, " "); strings.HasSuffix(t, s) && len(t) > len(sep) {
			return strings.TrimSpace(strings.TrimSuffix(t, s))
		}
	}
	return t
}

// titleSites are the names a page's titles may carry: the site's
// (configured or voted), and every name the page states (og:site_name,
// JSON-LD WebSite, the theme's site title).
func titleSites(ex *extract.Extracted, site string) []string {
	sites := []string{site}
	for _, c := range ex.SiteName {
		if !slices.Contains(sites, c.Value) {
			sites = append(sites, c.Value)
		}
	}
	return sites
}

// pageHost is the host of the page's URL, for stripHost.
func pageHost(ex *extract.Extracted) string {
	for _, raw := range []string{ex.Canonical, ex.URL} {
		if u, err := url.Parse(raw); err == nil && u.Hostname() != "" {
			return strings.ToLower(u.Hostname())
		}
	}
	return ""
}
