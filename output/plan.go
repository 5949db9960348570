package output

import (
	"cmp"
	"net/url"
	"slices"
	"strings"

	"github.com/unpress/unpress/transform"
)

// Collision is a post (or media file) that could not have the path it
// asked for: another source had it first, or the generator reserves the
// name ("index"), and it was numbered apart ("-2", "-3", ...).
type Collision struct {
	// Path is the path the source asked for.
	Path string `json:"path"`
	// Kept is the source URL that has Path; empty when the generator
	// reserves the name.
	Kept string `json:"kept,omitempty"`
	// SourceURL is the source that was moved, Moved where it went.
	SourceURL string `json:"source_url"`
	Moved     string `json:"moved"`
}

// Plan assigns every post and page its output path. It works through them
// in source-URL order, so that the same site always gives the same paths:
// the first keeps a contested path, the second and later get "-2", "-3",
// ... Paths that differ only in case collide, as they do on macOS and
// Windows. A page with child pages (another page's legacy path lies under
// its own, or it is the parent of a page known by a query link: pageTree)
// goes to the preset's branch form (Hugo's "_index.md").
func Plan(posts []*transform.Head, preset *Preset) (map[*transform.Head]string, []Collision) {
	sorted := slices.Clone(posts)
	sorted = slices.DeleteFunc(sorted, func(p *transform.Head) bool { return p == nil })
	slices.SortStableFunc(sorted, func(a, b *transform.Head) int {
		return cmp.Or(strings.Compare(a.SourceURL, b.SourceURL), cmp.Compare(a.ID, b.ID), strings.Compare(a.Kind, b.Kind))
	})

	parents := make(map[string]bool)
	segsOf := pageTree(sorted)
	for _, post := range sorted {
		if post.Kind != KindPage {
			continue
		}
		segs := segsOf(post)
		for i := 1; i < len(segs); i++ {
			parents[foldKey(strings.Join(segs[:i], "/"))] = true
		}
	}

	paths := make(map[*transform.Head]string, len(sorted))
	owner := make(map[string]string, len(sorted)) // folded path → source URL
	var collisions []Collision
	for _, post := range sorted {
		if _, done := paths[post]; done {
			continue
		}
		var segs []string
		if post.Kind == KindPage {
			segs = segsOf(post)
		}
		hasChildren := post.Kind == KindPage && parents[foldKey(strings.Join(segs, "/"))]
		first, _ := preset.pathFor(post, segs, hasChildren, 1)
		rel := first
		for n := 1; ; n++ {
			r, reserved := preset.pathFor(post, segs, hasChildren, n)
			if _, taken := owner[foldKey(r)]; !reserved && !taken {
				rel = r
				break
			}
		}
		owner[foldKey(rel)] = post.SourceURL
		paths[post] = rel
		if rel != first {
			collisions = append(collisions, Collision{Path: first, Kept: owner[foldKey(first)], SourceURL: post.SourceURL, Moved: rel})
		}
	}
	return paths, collisions
}

// MediaTarget is where a media file goes and how Markdown refers to it.
type MediaTarget struct {
	File string `json:"file"`
	Ref  string `json:"ref"`
}

// PlanMedia assigns each media URL its file, like Plan: in URL order, the
// first of two URLs with the same host and base name (uploads from
// different months, or the same file with another query) keeps the name,
// the later ones get "-2", "-3", ... before the extension. URLs that do not
// parse are left out of the map. To use the planned name for a featured
// image, set Post.Image to the target's Ref before Render: Render writes
// Post.Image as it is.
func PlanMedia(urls []string, preset *Preset) (map[string]MediaTarget, []Collision) {
	sorted := slices.Clone(urls)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)

	targets := make(map[string]MediaTarget, len(sorted))
	owner := make(map[string]string, len(sorted))
	var collisions []Collision
	for _, raw := range sorted {
		u, err := url.Parse(raw)
		if err != nil || raw == "" {
			continue
		}
		first, _ := preset.mediaPathN(u, 1)
		var t MediaTarget
		for n := 1; ; n++ {
			file, ref := preset.mediaPathN(u, n)
			if _, taken := owner[foldKey(file)]; !taken {
				t = MediaTarget{File: file, Ref: ref}
				break
			}
		}
		owner[foldKey(t.File)] = raw
		targets[raw] = t
		if t.File != first {
			collisions = append(collisions, Collision{Path: first, Kept: owner[foldKey(first)], SourceURL: raw, Moved: t.File})
		}
	}
	return targets, collisions
}

// foldKey is the form under which two paths name the same file on a
// case-insensitive file system.
func foldKey(p string) string { return strings.ToLower(p) }

// Redirects returns the redirects file for planned paths: the preset's
// RedirectsFile and its content, one "OLD NEW 301" line per post whose
// legacy path differs from its new one (Netlify's _redirects), sorted.
// rel is empty for a preset that redirects through front matter (Hugo
// aliases). Legacy URLs with no path ("/?p=12") are not redirected. Each
// of a post's Aliases (legacy URLs that redirected to it) gets a rule too.
func (p *Preset) Redirects(paths map[*transform.Head]string) (rel string, data []byte) {
	if p.RedirectsFile == "" {
		return "", nil
	}
	if p.RedirectsFormat != "" {
		return p.RedirectsFile, p.formatRedirects(paths)
	}
	var lines []string
	for post, rel := range paths {
		now := p.URLFor(rel)
		to := (&url.URL{Path: now}).EscapedPath()
		if old := legacyPath(post.SourceURL); old != "" && !sameURLPath(old, now) {
			u, _ := url.Parse(post.SourceURL) // parsed by legacyPath already
			lines = append(lines, u.EscapedPath()+" "+to+" 301\n")
		}
		for _, a := range post.Aliases {
			if from, ok := redirectFrom(a); ok && from != to {
				lines = append(lines, from+" "+to+" 301\n")
			}
		}
	}
	slices.Sort(lines)
	return p.RedirectsFile, []byte(strings.Join(slices.Compact(lines), ""))
}

// redirectFrom is the "from" part of a Netlify rule for an alias (a
// legacy request URI, "/old/" or "/?p=12"): the escaped path, then each
// query parameter as a separate key=value, which is how _redirects matches
// a query. A parameter without a value cannot be matched: no rule.
func redirectFrom(alias string) (string, bool) {
	u, err := url.Parse(alias)
	if err != nil || u.EscapedPath() == "" {
		return "", false
	}
	from := u.EscapedPath()
	if u.RawQuery != "" {
		for kv := range strings.SplitSeq(u.RawQuery, "&") {
			if k, v, ok := strings.Cut(kv, "="); !ok || k == "" || v == "" {
				return "", false
			}
			from += " " + kv
		}
	}
	return from, true
}
