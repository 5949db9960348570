package transform

import (
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/unpress/unpress/scrape/extract"
	"github.com/unpress/unpress/transform/markdown"
)

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
		if s.placeholder(name) {
			continue
		}
		// Two categories of one name under different parents are two.
		cat := Category{Name: name, Path: s.categoryPath(c, name)}
		if seen[catPathKey(cat)] {
			continue
		}
		seen[catPathKey(cat)] = true
		p.Categories = append(p.Categories, cat)
		s.catNames.add(cat)
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

// describe returns the text a description is cut from: the text before
// the post's teaser break (<!--more-->), which the author chose as what
// archives show, else the first paragraph of at least 20 characters, else
// all the text. Footnote references and notes are not the post's text.
func describe(n *html.Node) string {
	if n == nil {
		return ""
	}
	notes := markdown.Notes(n)
	if teaser, ok := text(n, notes, true); ok {
		if t := strings.Join(strings.Fields(teaser), " "); t != "" {
			return t
		}
	}
	all, _ := text(n, notes, false)
	for _, para := range strings.Split(all, "\n") {
		if para = strings.Join(strings.Fields(para), " "); utf8.RuneCountInString(para) >= 20 {
			return para
		}
	}
	return strings.Join(strings.Fields(all), " ")
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

// collapseSpace trims a name and collapses its inner whitespace.
func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }
