package transform

import (
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"

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

// heading reports whether a title candidate is a heading the page shows.
func heading(src extract.Source) bool {
	return src == extract.SrcConfig || src == extract.SrcMicroformat || src == extract.SrcClassic || src == extract.SrcBlock || src == extract.SrcVisibleText
}

func (s *Site) title(p *Post, ex *extract.Extracted, site string) string {
	var chosen, rule string
	var src extract.Source
	found := false
	sites := titleSites(ex, site)
	host := pageHost(ex)
	for _, c := range ex.Title {
		// A record's title is the post's own: no site name, no prefix.
		t := c.Value
		if !structured(c.Source) {
			t = stripSiteName(c.Value, sites...)
			if !heading(c.Source) {
				t = stripHost(t, host)
			}
			if ex.Protected {
				t = stripProtected(t)
			}
		}
		// Yoast cuts JSON-LD headlines at 110 characters: a longer
		// title from another source that starts with it is the whole one.
		if found && src == extract.SrcJSONLD && utf8.RuneCountInString(chosen) >= 80 && len(t) > len(chosen) && strings.HasPrefix(fold(t), fold(chosen)) && c.Source != extract.SrcTitleTag {
			chosen, src, rule = t, c.Source, c.Rule
			continue
		}
		if !found {
			// A <title> that is only the site name means an untitled post:
			// an empty title, not the site's or a neighbour's.
			chosen, src, rule, found = t, c.Source, c.Rule, true
			continue
		}
		switch {
		case t != "" && chosen != "" && fold(t) != fold(chosen):
			p.Conflicts = append(p.Conflicts, Conflict{Field: "title", Chosen: chosen, ChosenSource: string(src), Other: t, OtherSource: string(c.Source)})
		case chosen == "" && t != "" && structured(src) && crossSource(src, c.Source) && !untitledWords[fold(t)]:
			// The record says the post has no title; the page shows one.
			p.Conflicts = append(p.Conflicts, Conflict{Field: "title", Chosen: "", ChosenSource: string(src), Other: t, OtherSource: string(c.Source)})
		}
	}
	if found {
		p.from("title", src, rule)
	}
	// WordPress prefixes the title of a password-protected post when it
	// displays it; the prefix is not part of the title.
	if ex.Protected && !structured(src) {
		chosen = stripProtected(chosen)
	}
	// Themes print a stand-in for an empty title (Twenty Twenty-One says
	// "Untitled"); the <title> then holds only the site name.
	if untitledWords[fold(chosen)] {
		for _, c := range ex.Title {
			if c.Source == extract.SrcTitleTag && stripSiteName(c.Value, sites...) == "" {
				chosen = ""
			}
		}
	}
	if chosen == "" {
		p.Warnings = append(p.Warnings, "the post has no title")
	}
	return chosen
}

func stripProtected(t string) string {
	for _, prefix := range []string{"Protected: ", "Geschützt: ", "Protégé : ", "Protegido: ", "Захищено: ", "Защищено: "} {
		t = strings.TrimPrefix(t, prefix)
	}
	return t
}

var untitledWords = map[string]bool{"untitled": true, "(untitled)": true, "(no title)": true, "no title": true}

// detexturize undoes WordPress's typographic quotes in names, which some
// templates apply and others do not, so that one person has one name.
func detexturize(s string) string {
	return quotes.Replace(s)
}

func (s *Site) author(p *Post, ex *extract.Extracted, site string) {
	cands := authorCands(ex, site)
	before := len(p.Conflicts)
	name, ok := first(p, "author", cands)
	if !ok {
		c, owner := siteOwner(ex, site)
		if !owner {
			p.Warnings = append(p.Warnings, "no author found")
			return
		}
		cands = append(cands, c)
		name, _ = first(p, "author", cands)
	}
	if c, ok := fullerName(name, cands); ok {
		p.Conflicts = p.Conflicts[:before]
		cands = slices.Insert(cands, 0, c)
		name, _ = first(p, "author", cands)
	}
	if c, ok := moreAuthors(name, cands); ok {
		// Chosen again with the fuller list first, so that the conflicts
		// name what was chosen.
		p.Conflicts = p.Conflicts[:before]
		cands = slices.Insert(cands, 0, c)
		name, _ = first(p, "author", cands)
	}
	// Candidates that differ only by typography are one name.
	kept := p.Conflicts[:0]
	for _, c := range p.Conflicts {
		if c.Field == "author" && fold(c.Chosen) == fold(c.Other) {
			continue
		}
		kept = append(kept, c)
	}
	p.Conflicts = kept
	p.Author = rename(s.opts.AuthorRename, detexturize(name))
}

func rename(table map[string]string, name string) string {
	for k, v := range table {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return name
}

// taxonomies chooses categories and tags, completes category paths from
// the archive URLs, confirms tags from archives, and cleans the names.
func (s *Site) taxonomies(p *Post, ex *extract.Extracted, key string) {
	var cats, tags []extract.Term
	if len(ex.Categories) > 0 {
		cats = ex.Categories[0].Value
		p.from("categories", ex.Categories[0].Source, ex.Categories[0].Rule)
	}
	if len(ex.Tags) > 0 {
		tags = ex.Tags[0].Value
		p.from("tags", ex.Tags[0].Source, ex.Tags[0].Rule)
	}
	// Archives that list the post confirm its terms; a theme that prints
	// no tags on single posts leaves them as the only source.
	have := map[string]bool{}
	for _, t := range tags {
		have[fold(t.Name)] = true
	}
	exact := len(ex.Tags) > 0 && structured(ex.Tags[0].Source)
	for _, l := range s.listed[key] {
		if l.kind != "tag" || have[fold(l.term.Name)] {
			continue
		}
		if exact {
			// A record lists every tag: an archive that says otherwise
			// is reported, not followed.
			p.Conflicts = append(p.Conflicts, Conflict{Field: "tags", Chosen: p.Sources["tags"] + " tags", ChosenSource: p.Sources["tags"], Other: l.term.Name, OtherSource: string(extract.SrcListing), Note: "a tag archive lists the post"})
			continue
		}
		tags = append(tags, l.term)
		have[fold(l.term.Name)] = true
		p.Sources["tags"] = strings.TrimPrefix(p.Sources["tags"]+"+"+string(extract.SrcListing), "+")
	}
	s.termConflicts(p, "categories", ex.Categories, s.opts.CategoryRename)
	s.termConflicts(p, "tags", ex.Tags, s.opts.TagRename)
	seen := map[string]bool{}
	for _, c := range cats {
		name := rename(s.opts.CategoryRename, collapseSpace(c.Name))
		if s.placeholder(name) || seen[fold(name)] {
			continue
		}
		seen[fold(name)] = true
		p.Categories = append(p.Categories, Category{Name: name, Path: s.categoryPath(c, name)})
	}
	seen = map[string]bool{}
	for _, t := range tags {
		name := rename(s.opts.TagRename, collapseSpace(t.Name))
		if s.placeholder(name) || seen[fold(name)] {
			continue
		}
		seen[fold(name)] = true
		p.Tags = append(p.Tags, name)
	}
}

func (s *Site) placeholder(name string) bool {
	for _, ph := range s.opts.Placeholders {
		if fold(ph) == fold(name) {
			return true
		}
	}
	return false
}

// categoryPath reads the hierarchy from the archive URL
// (/category/news/economy/sanctions/) and the names the site uses for each
// level's archive.
func (s *Site) categoryPath(c extract.Term, name string) []string {
	if len(c.Path) > 0 {
		return c.Path
	}
	u, err := url.Parse(c.URL)
	if err != nil || c.URL == "" {
		return []string{name}
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	i := 0
	for i < len(segs) && segs[i] != "category" {
		i++
	}
	if i >= len(segs)-2 {
		return []string{name}
	}
	var out []string
	for j := i + 1; j < len(segs)-1; j++ {
		pu := *u
		pu.Path = "/" + strings.Join(segs[:j+1], "/") + "/"
		pu.RawPath = ""
		n, ok := s.terms[normURL(pu.String())]
		if !ok {
			return []string{name}
		}
		out = append(out, rename(s.opts.CategoryRename, n))
	}
	return append(out, name)
}

// describe returns the text a description is cut from: the first
// paragraph of at least 20 characters, else all the text.
func describe(n *html.Node) string {
	if n == nil {
		return ""
	}
	for _, para := range strings.Split(Text(n), "\n") {
		if para = strings.Join(strings.Fields(para), " "); utf8.RuneCountInString(para) >= 20 {
			return para
		}
	}
	return strings.Join(strings.Fields(Text(n)), " ")
}

// Summarize cuts text to at most limit characters at a sentence end, else
// a word boundary followed by an ellipsis.
func Summarize(text string, limit int) string {
	r := []rune(text)
	if len(r) <= limit {
		return text
	}
	cut := string(r[:limit])
	best := -1
	for i, ch := range cut {
		if (ch == '.' || ch == '!' || ch == '?' || ch == '…') && (i+1 == len(cut) || cut[i+1] == ' ') {
			best = i + 1
		}
	}
	if best > limit/3 {
		return cut[:best]
	}
	cut = string(r[:limit-1])
	if i := strings.LastIndexFunc(cut, unicode.IsSpace); i > 0 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:–—-") + "…"
}

// zoneGuess holds the offsets the site's pages state, to read the dates
// that state none.
type zoneGuess struct {
	loc  *time.Location // configured
	seen []time.Time    // zoned instants, sorted
}

func (s *Site) zone() *zoneGuess {
	z := &zoneGuess{loc: s.opts.Timezone, seen: slices.Clone(s.zoned)}
	sort.Slice(z.seen, func(i, j int) bool { return z.seen[i].Before(z.seen[j]) })
	return z
}

// noteZones keeps the dates a page states with an offset, for zone.
func (s *Site) noteZones(ex *extract.Extracted) {
	for _, list := range [][]extract.Candidate[extract.Date]{ex.Published, ex.Updated} {
		for _, c := range list {
			if c.Value.HasZone {
				s.zoned = append(s.zoned, c.Value.Time)
			}
		}
	}
}

// place gives a zone-less wall-clock time the site's offset: the
// configured zone, else the offset stated nearest in time (which follows
// daylight saving as the site's pages do), else UTC.
func (z *zoneGuess) place(d extract.Date) time.Time {
	t := d.Time
	if !d.HasTime {
		// A day without a time of day is placed at noon, local time: the
		// day then stays the same in UTC for every offset from -11 to +11
		// hours, where midnight would move it to the day before for every
		// site east of Greenwich once a target writes UTC.
		t = time.Date(t.Year(), t.Month(), t.Day(), 12, 0, 0, 0, t.Location())
	}
	if d.HasZone {
		if z.loc != nil {
			return t.In(z.loc)
		}
		return t
	}
	if z.loc != nil {
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), z.loc)
	}
	if len(z.seen) == 0 {
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	}
	i := sort.Search(len(z.seen), func(i int) bool { return !z.seen[i].Before(t) })
	near := z.seen[min(i, len(z.seen)-1)]
	if i > 0 && i < len(z.seen) && t.Sub(z.seen[i-1]) < z.seen[i].Sub(t) {
		near = z.seen[i-1]
	}
	_, off := near.Zone()
	loc := time.FixedZone("", off)
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc)
}

func sameDay(a, b time.Time) bool {
	return a.Year() == b.Year() && a.YearDay() == b.YearDay()
}

// dates chooses the published and updated dates. The permalink's day is
// the check against placeholder dates: a candidate from a more trusted
// source that falls on another day loses to one that agrees with it.
func (s *Site) dates(p *Post, ex *extract.Extracted, z *zoneGuess, key string) {
	published := ex.Published
	if d, ok := s.listedDate[key]; ok {
		// An archive's date for the post ranks below the page's own, but
		// gives the time of day when the page shows only the day.
		published = append(slices.Clone(published), extract.Candidate[extract.Date]{Value: d, Source: extract.SrcListing})
	}
	var day *extract.Date
	for _, c := range published {
		if c.Source == extract.SrcPermalink {
			d := c.Value
			day = &d
		}
	}
	off, known := pageOffset(published)
	var agreeing []extract.Candidate[extract.Date]
	for _, c := range published {
		if c.Source == extract.SrcPermalink {
			continue
		}
		if day != nil && !onPermalinkDay(c.Value, *day, off, known) {
			p.Conflicts = append(p.Conflicts, Conflict{Field: "published", Chosen: day.Time.Format("2006-01-02"), ChosenSource: string(extract.SrcPermalink), Other: z.place(c.Value).Format(time.RFC3339), OtherSource: string(c.Source), Note: "date contradicts the permalink's day (placeholder or another post's date)"})
			continue
		}
		if day != nil && c.Value.HasZone && !sameDay(c.Value.Time, day.Time) {
			// The instant is on the permalink's day in the page's own
			// offset: written in that offset, it keeps its day.
			c.Value.Time = c.Value.Time.In(time.FixedZone("", off))
		}
		agreeing = append(agreeing, c)
	}
	chosen := choosePublished(agreeing)
	switch {
	case chosen != nil:
		p.Published = z.place(chosen.Value)
		p.from("published", chosen.Source, chosen.Rule)
	case day != nil:
		p.Published = z.place(*day)
		p.Sources["published"] = string(extract.SrcPermalink)
		p.Warnings = append(p.Warnings, "only the permalink gives the date: the time of day is unknown")
	default:
		p.Warnings = append(p.Warnings, "no publication date found")
	}
	if chosen != nil {
		dateConflicts(p, "published", p.Published, chosen.Source, published, z)
	}
	for _, c := range ex.Updated {
		t := z.place(c.Value)
		if !p.Published.IsZero() && t.Before(p.Published) {
			p.Conflicts = append(p.Conflicts, Conflict{Field: "updated", Chosen: p.Published.Format(time.RFC3339), ChosenSource: p.Sources["published"], Other: t.Format(time.RFC3339), OtherSource: string(c.Source), Note: "updated date is before the published date; ignored"})
			continue
		}
		if !t.Equal(p.Published) {
			p.Updated = t
			p.from("updated", c.Source, c.Rule)
		}
		// A record's modified date equal to the published date means
		// "never updated"; a page that shows another date disagrees.
		dateConflicts(p, "updated", t, c.Source, ex.Updated, z)
		break
	}
}

// collapseSpace trims a name and collapses its inner whitespace.
func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }
