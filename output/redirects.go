package output

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/unpress/unpress/transform"
)

// Redirect file forms, for Preset.RedirectsFormat. The default ("") is
// Netlify's _redirects.
const (
	// RedirectsAstro is a JSON object, old path → new path: Astro's
	// redirects setting (import it in astro.config.mjs).
	RedirectsAstro = "astro"
	// RedirectsEleventy is an Eleventy template that pages through its own
	// list of redirects and writes a small refresh page at each old path.
	RedirectsEleventy = "eleventy"
)

// legacyPaths lists the old paths that should lead to a post, like
// aliases: its legacy path when the new URL differs, and Post.Aliases.
// Paths with a query ("/?p=12") are left out: a static site cannot serve
// them.
func legacyPaths(p *Preset, post *transform.Head, rel string) []string {
	now := p.URLFor(rel)
	var out []string
	add := func(raw string) {
		u, err := url.Parse(raw)
		if err != nil || u.RawQuery != "" || u.Path == "" || u.Path == "/" || sameURLPath(u.Path, now) {
			return
		}
		if !slices.Contains(out, u.Path) {
			out = append(out, u.Path)
		}
	}
	add(post.SourceURL)
	for _, a := range post.Aliases {
		add(a)
	}
	return out
}

// redirectPairs are the old path → new path pairs of every post, sorted
// by old path; an old path claimed twice goes to the first post in
// source-URL order.
func (p *Preset) redirectPairs(paths map[*transform.Head]string) [][2]string {
	posts := make([]*transform.Head, 0, len(paths))
	for post := range paths {
		posts = append(posts, post)
	}
	slices.SortFunc(posts, func(a, b *transform.Head) int { return strings.Compare(a.SourceURL, b.SourceURL) })
	seen := map[string]bool{}
	var pairs [][2]string
	for _, post := range posts {
		rel := paths[post]
		to := (&url.URL{Path: p.URLFor(rel)}).EscapedPath()
		for _, from := range legacyPaths(p, post, rel) {
			if !seen[from] {
				seen[from] = true
				pairs = append(pairs, [2]string{from, to})
			}
		}
	}
	slices.SortFunc(pairs, func(a, b [2]string) int { return strings.Compare(a[0], b[0]) })
	return pairs
}

// formatRedirects writes the redirects file in the preset's form.
func (p *Preset) formatRedirects(paths map[*transform.Head]string) []byte {
	pairs := p.redirectPairs(paths)
	switch p.RedirectsFormat {
	case RedirectsAstro:
		var b bytes.Buffer
		b.WriteString("{")
		for i, pr := range pairs {
			if i > 0 {
				b.WriteString(",")
			}
			k, _ := json.Marshal(pr[0])
			v, _ := json.Marshal(pr[1])
			fmt.Fprintf(&b, "\n  %s: %s", k, v)
		}
		if len(pairs) > 0 {
			b.WriteString("\n")
		}
		b.WriteString("}\n")
		return b.Bytes()
	case RedirectsEleventy:
		return eleventyRedirects(pairs)
	}
	return nil
}

// eleventyRedirects is a template that Eleventy paginates over its own
// front-matter list, one refresh page per old path.
func eleventyRedirects(pairs [][2]string) []byte {
	list := &yaml.Node{Kind: yaml.SequenceNode}
	if len(pairs) == 0 {
		list.Style = yaml.FlowStyle
	}
	for _, pr := range pairs {
		list.Content = append(list.Content, &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
			strNode("from"), strNode(pr[0]), strNode("to"), strNode(pr[1]),
		}})
	}
	doc := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
		strNode("pagination"), {Kind: yaml.MappingNode, Content: []*yaml.Node{
			strNode("data"), strNode("redirects"),
			strNode("size"), {Kind: yaml.ScalarNode, Tag: "!!int", Value: "1"},
			strNode("alias"), strNode("redirect"),
		}},
		strNode("permalink"), strNode("{{ redirect.from }}"),
		strNode("eleventyExcludeFromCollections"), boolNode(true),
		strNode("redirects"), list,
	}}
	var b bytes.Buffer
	b.WriteString("---\n# Written by unpress: the old addresses of migrated posts.\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	_ = enc.Encode(doc) // strings and numbers only: cannot fail
	_ = enc.Close()
	b.WriteString("---\n")
	b.WriteString(`<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>Moved</title>
<link rel="canonical" href="{{ redirect.to }}">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={{ redirect.to }}">
<p>This page has moved to <a href="{{ redirect.to }}">{{ redirect.to }}</a>.</p>
</html>
`)
	return b.Bytes()
}
