package output

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// A custom schema starts from a preset and changes its front matter with
// the methods below: rename, drop, add a constant or a value computed from
// the post, choose the date format. The config file's schema section
// (SchemaConfig, schemaconfig.go) is written in terms of them.

// FieldNames lists the preset's front-matter keys in output order.
func (p *Preset) FieldNames() []string {
	names := make([]string, len(p.fields))
	for i, f := range p.fields {
		names[i] = f.key
	}
	return names
}

func (p *Preset) fieldIndex(key string) int {
	return slices.IndexFunc(p.fields, func(f field) bool { return f.key == key })
}

func (p *Preset) noField(key string) error {
	return fmt.Errorf("preset %s has no field %q (fields: %s)", p.Name, key, strings.Join(p.FieldNames(), ", "))
}

// RenameField writes the value of the field old under the key new, in the
// same place.
func (p *Preset) RenameField(old, new string) error {
	i := p.fieldIndex(old)
	if i < 0 {
		return p.noField(old)
	}
	if err := validKey(new); err != nil {
		return err
	}
	if j := p.fieldIndex(new); j >= 0 && j != i {
		return fmt.Errorf("preset %s already has a field %q", p.Name, new)
	}
	p.fields[i].key = new
	return nil
}

// DropField leaves a field out.
func (p *Preset) DropField(key string) error {
	i := p.fieldIndex(key)
	if i < 0 {
		return p.noField(key)
	}
	p.fields = slices.Delete(p.fields, i, i+1)
	return nil
}

// SetConstField writes value (a YAML scalar, list or map) under key in
// every file: in place of the field of that name, else last.
func (p *Preset) SetConstField(key string, value *yaml.Node) error {
	if err := validKey(key); err != nil {
		return err
	}
	if value == nil {
		return fmt.Errorf("field %q: no value", key)
	}
	v := plainNode(value)
	p.putField(field{key, constant(v)})
	return nil
}

// ComputedSources are the values a computed field can take from a post.
var ComputedSources = []string{
	"title", "description", "date", "updated", "author", "slug",
	"categories", "tags", "image", "image_alt", "language", "id",
	"url", "legacy_url", "aliases", "kind", "draft", "sticky",
	"canonical", "noindex", "authors", "enclosure",
}

// SetComputedField writes, under key, a value taken from the post (one of
// ComputedSources): "summary" from "description", say.
func (p *Preset) SetComputedField(key, source string) error {
	if err := validKey(key); err != nil {
		return err
	}
	var v func(*renderCtx) *yaml.Node
	switch source {
	case "title":
		v = str(title, always)
	case "description":
		v = str(description, omitEmpty)
	case "date":
		v = date(published, rfc3339)
	case "updated":
		v = date(updated, rfc3339)
	case "author":
		v = str(author, omitEmpty)
	case "slug":
		v = str(postSlug, omitEmpty)
	case "categories":
		v = list(categoryNames, omitEmpty)
	case "tags":
		v = list(tags, omitEmpty)
	case "image":
		v = str(featuredImage, omitEmpty)
	case "image_alt":
		v = str(func(c *renderCtx) string { return c.post.ImageAlt }, omitEmpty)
	case "language":
		v = str(func(c *renderCtx) string { return c.post.Language }, omitEmpty)
	case "id":
		v = func(c *renderCtx) *yaml.Node {
			if c.post.ID == 0 {
				return nil
			}
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(c.post.ID)}
		}
	case "url":
		v = str(permalink, always)
	case "legacy_url":
		v = str(func(c *renderCtx) string { return c.post.SourceURL }, omitEmpty)
	case "aliases":
		v = list(aliases, omitEmpty)
	case "kind":
		v = str(func(c *renderCtx) string { return c.post.Kind }, always)
	case "draft":
		v = func(c *renderCtx) *yaml.Node { return boolNode(c.post.Draft) }
	case "sticky":
		v = func(c *renderCtx) *yaml.Node { return boolNode(c.post.Sticky) }
	case "canonical":
		v = str(canonical, omitEmpty)
	case "noindex":
		v = noindex
	case "authors":
		v = list(coAuthors, omitEmpty)
	case "enclosure":
		v = enclosure
	default:
		return fmt.Errorf("unknown value %q for field %q (valid: %s)", source, key, strings.Join(ComputedSources, ", "))
	}
	p.putField(field{key, v})
	return nil
}

func (p *Preset) putField(f field) {
	if i := p.fieldIndex(f.key); i >= 0 {
		p.fields[i] = f
		return
	}
	p.fields = append(p.fields, f)
}

// DateFormats are the names SetDateFormat takes besides a Go layout.
var DateFormats = map[string]func(time.Time) string{
	"rfc3339":  rfc3339,                                                    // 2022-03-11T15:42:00+02:00
	"iso-utc":  isoUTC,                                                     // 2022-03-11T13:42:00.000Z
	"date":     func(t time.Time) string { return t.Format("2006-01-02") }, // 2022-03-11
	"datetime": func(t time.Time) string { return t.Format("2006-01-02 15:04:05 -0700") },
}

// SetDateFormat changes how every date field is written: one of
// DateFormats, or a Go layout ("2006-01-02 15:04").
func (p *Preset) SetDateFormat(format string) error {
	f, ok := DateFormats[format]
	if !ok {
		if !strings.Contains(format, "2006") {
			names := make([]string, 0, len(DateFormats))
			for n := range DateFormats {
				names = append(names, n)
			}
			slices.Sort(names)
			return fmt.Errorf("date format %q is neither one of %s nor a Go layout with 2006 for the year", format, strings.Join(names, ", "))
		}
		f = func(t time.Time) string { return t.Format(format) }
	}
	p.dateFormat = f
	return nil
}

// SetPostPatterns places posts by a file pattern under ContentDir, and
// optionally gives their URL pattern (see PostFile, PostURL).
func (p *Preset) SetPostPatterns(file, url string) error {
	if err := ValidatePostPatterns(file, url); err != nil {
		return err
	}
	p.PostFile, p.PostURL = file, url
	return nil
}

// UsePageBundles puts every post and page in a folder of its own with an
// index.md (Hugo's leaf bundles; "_index.md" for a page with children).
func (p *Preset) UsePageBundles() error {
	if p.Name != "hugo" {
		return fmt.Errorf("page bundles are Hugo's; preset %s has none", p.Name)
	}
	p.PostFile = p.PostSection + "/{slug}/index.md"
	p.PageLeaf = "{path}/index.md"
	p.PageBranch = "{path}/_index.md"
	return nil
}

func validKey(key string) error {
	if key == "" || strings.ContainsAny(key, ":#\n\t\"'") || strings.TrimSpace(key) != key {
		return fmt.Errorf("%q is not a usable front-matter key", key)
	}
	return nil
}

// plainNode copies a value from the config file without its position and
// comments, so that it is written as a plain value.
func plainNode(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		return plainNode(n.Content[0])
	}
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return plainNode(n.Alias)
	}
	c := &yaml.Node{Kind: n.Kind, Tag: n.ShortTag(), Value: n.Value, Style: n.Style &^ (yaml.TaggedStyle)}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!str" {
		c = strNode(n.Value)
	}
	for _, ch := range n.Content {
		c.Content = append(c.Content, plainNode(ch))
	}
	return c
}
