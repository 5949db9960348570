package wxr

import (
	"html"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/unpress/unpress/scrape/extract"
)

// seoVariable is a replacement variable of Yoast (%%title%%) or Rank Math
// (%title%): a description made of them is a template the plugin fills
// at view time, not text, and is not taken.
var seoVariable = regexp.MustCompile(`%%?[a-z_]+%%?`)

// postMeta reads what plugins keep in an item's postmeta that a static
// site has a place for: the SEO description (Yoast, Rank Math), which
// comes before the excerpt as the description the author wrote for
// search engines; their canonical URL and noindex; Co-Authors Plus's
// authors; the podcast enclosure.
func (f *File) postMeta(it *itemXML, ex *extract.Extracted) {
	for _, key := range []string{"_yoast_wpseo_metadesc", "rank_math_description"} {
		if d := strings.Join(strings.Fields(html.UnescapeString(it.meta(key))), " "); d != "" && !seoVariable.MatchString(d) {
			ex.Description = append(ex.Description, extract.Candidate[string]{Value: d, Source: extract.SrcWXR, Rule: "meta/" + key})
			break
		}
	}
	for _, key := range []string{"_yoast_wpseo_canonical", "rank_math_canonical_url"} {
		if u := f.resolve(it.meta(key)); u != "" && strings.HasPrefix(u, "http") {
			ex.Meta.Canonical = u
			break
		}
	}
	// Yoast stores 1 for noindex (2 is "index", 0 the post type's
	// default); Rank Math a serialized list of robots values.
	ex.Meta.NoIndex = strings.TrimSpace(it.meta("_yoast_wpseo_meta-robots-noindex")) == "1" ||
		strings.Contains(it.meta("rank_math_robots"), `"noindex"`)
	ex.Meta.Authors = f.coAuthors(it)
	ex.Meta.Enclosure = enclosure(it.meta("enclosure"))
}

// coAuthors are the post's authors in Co-Authors Plus's order (its
// "author" terms, named cap-<nicename>, each holding the user's login),
// when there is more than one: the post's own author first if the terms
// leave it out.
func (f *File) coAuthors(it *itemXML) []string {
	var names []string
	for _, c := range it.Categories {
		if c.Domain != "author" || !strings.HasPrefix(strings.TrimSpace(c.Nicename), "cap-") {
			continue
		}
		login := html.UnescapeString(strings.TrimSpace(c.Name))
		name := f.authors[login]
		if name == "" {
			name = login
		}
		if name != "" && !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return nil
	}
	if login := strings.TrimSpace(it.Creator); login != "" {
		own := f.authors[login]
		if own == "" {
			own = login
		}
		if !slices.Contains(names, own) {
			names = append([]string{own}, names...)
		}
	}
	if len(names) < 2 {
		return nil
	}
	return names
}

// enclosure reads WordPress's enclosure meta: the URL, the length in bytes
// and the MIME type, one a line (a fourth line may hold player data).
func enclosure(raw string) *extract.Enclosure {
	lines := strings.Split(strings.TrimSpace(raw), "\n")
	u := strings.TrimSpace(lines[0])
	if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		return nil
	}
	e := &extract.Enclosure{URL: u}
	if len(lines) > 1 {
		e.Length, _ = strconv.ParseInt(strings.TrimSpace(lines[1]), 10, 64)
	}
	if len(lines) > 2 {
		e.Type = strings.TrimSpace(lines[2])
	}
	return e
}
