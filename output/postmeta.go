package output

import (
	"strconv"

	"gopkg.in/yaml.v3"
)

// Front-matter values from what plugins kept beside a post
// (transform.Details.Meta): each preset writes them under the name its
// generator or its common SEO plugin reads, and a custom schema can name
// them (ComputedSources: canonical, noindex, authors, enclosure).

// canonical is the canonical URL an SEO plugin was told to print.
func canonical(c *renderCtx) string { return c.post.Meta.Canonical }

// noindex is "noindex: true" for a post an SEO plugin kept out of search
// engines.
func noindex(c *renderCtx) *yaml.Node {
	if !c.post.Meta.NoIndex {
		return nil
	}
	return boolNode(true)
}

// sitemapFalse is jekyll-sitemap's "sitemap: false", the way a Jekyll
// site keeps a page out of what it offers search engines.
func sitemapFalse(c *renderCtx) *yaml.Node {
	if !c.post.Meta.NoIndex {
		return nil
	}
	return boolNode(false)
}

// hugoSitemapDisable is Hugo's "sitemap: {disable: true}" (Hugo 0.125),
// the same for Hugo.
func hugoSitemapDisable(c *renderCtx) *yaml.Node {
	if !c.post.Meta.NoIndex {
		return nil
	}
	return &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{strNode("disable"), boolNode(true)}}
}

// coAuthors are every author of a post with more than one, in byline
// order (Co-Authors Plus); "author" stays the post's own author.
func coAuthors(c *renderCtx) []string { return uniqueNonEmpty(c.post.Meta.Authors) }

// enclosure is a podcast post's file as RSS describes it: url, length
// (bytes) and type, for a feed template to print.
func enclosure(c *renderCtx) *yaml.Node {
	e := c.post.Meta.Enclosure
	if e == nil || e.URL == "" {
		return nil
	}
	n := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{strNode("url"), strNode(e.URL)}}
	if e.Length > 0 {
		n.Content = append(n.Content, strNode("length"), &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(e.Length, 10)})
	}
	if e.Type != "" {
		n.Content = append(n.Content, strNode("type"), strNode(e.Type))
	}
	return n
}
