package output

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"gopkg.in/yaml.v3"

	"github.com/unpress/unpress/transform"
)

// Render returns the Markdown file for post: front matter between "---"
// lines, a blank line, then body (already rewritten Markdown) as given,
// ending with exactly one newline. The output is the same bytes for the
// same input. Render places the post with PostPath; a pipeline that used
// Plan calls RenderAt with the planned path instead, so that what the
// front matter derives from the path (Hugo's slug and aliases) matches the
// file.
func (p *Preset) Render(post *transform.Post, body string) ([]byte, error) {
	return p.RenderAt(p.PostPath(&post.Head), post, body)
}

// RenderAt is Render for a post that goes to rel (from Plan).
func (p *Preset) RenderAt(rel string, post *transform.Post, body string) ([]byte, error) {
	fm, err := p.frontMatter(rel, post)
	if err != nil {
		return nil, fmt.Errorf("output: front matter for %s: %w", post.SourceURL, err)
	}
	var b bytes.Buffer
	b.Grow(len(fm) + len(body) + 16)
	b.WriteString("---\n")
	b.Write(fm)
	b.WriteString("---\n")
	if body = strings.TrimRight(body, "\r\n"); body != "" {
		if p.escapeBody != nil {
			body = p.escapeBody(body)
		}
		b.WriteString("\n")
		b.WriteString(body)
		b.WriteString("\n")
	}
	return b.Bytes(), nil
}

// field is one front-matter key and how to get its value; a nil node
// leaves the key out.
type field struct {
	key   string
	value func(c *renderCtx) *yaml.Node
}

// renderCtx is what a field's value may depend on.
type renderCtx struct {
	preset *Preset
	post   *transform.Post
	rel    string // the file the post goes to
}

// frontMatter returns the YAML between the "---" lines, each value read
// back and checked against what was meant, so that no title or tag is ever
// re-typed or altered by a YAML reader.
func (p *Preset) frontMatter(rel string, post *transform.Post) ([]byte, error) {
	c := &renderCtx{preset: p, post: post, rel: rel}
	doc := &yaml.Node{Kind: yaml.MappingNode}
	for _, f := range p.fields {
		if v := f.value(c); v != nil {
			doc.Content = append(doc.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: f.key}, v)
		}
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	if out := unescapeAstral(buf.Bytes()); readsBack(out, doc) {
		return out, nil
	}
	if readsBack(buf.Bytes(), doc) {
		return buf.Bytes(), nil
	}
	return nil, errors.New("YAML does not read back as written")
}

func readsBack(y []byte, doc *yaml.Node) bool {
	var back yaml.Node
	err := yaml.Unmarshal(y, &back)
	return err == nil && len(back.Content) == 1 && sameNode(doc, back.Content[0])
}

func sameNode(a, b *yaml.Node) bool {
	if a.Kind != b.Kind || len(a.Content) != len(b.Content) {
		return false
	}
	if a.Kind == yaml.ScalarNode && (a.Value != b.Value || a.ShortTag() != b.ShortTag()) {
		return false
	}
	for i := range a.Content {
		if !sameNode(a.Content[i], b.Content[i]) {
			return false
		}
	}
	return true
}

// Value builders. Each returns a field's value func from a getter.

// emptyRule says whether a key with an empty value is written.
type emptyRule int

const (
	always      emptyRule = iota // write the key even when the value is empty
	omitEmpty                    // leave the key out when the value is empty
	postsAlways                  // always for posts (a blog schema needs it), omitEmpty for pages
)

func (r emptyRule) omit(c *renderCtx) bool {
	return r == omitEmpty || r == postsAlways && c.post.Kind == KindPage
}

func str(get func(*renderCtx) string, rule emptyRule) func(*renderCtx) *yaml.Node {
	return func(c *renderCtx) *yaml.Node {
		s := get(c)
		if s == "" && rule.omit(c) {
			return nil
		}
		return strNode(s)
	}
}

func list(get func(*renderCtx) []string, rule emptyRule) func(*renderCtx) *yaml.Node {
	return func(c *renderCtx) *yaml.Node {
		items := get(c)
		if len(items) == 0 && rule.omit(c) {
			return nil
		}
		n := &yaml.Node{Kind: yaml.SequenceNode}
		if len(items) == 0 {
			n.Style = yaml.FlowStyle // "tags: []"
		}
		for _, s := range items {
			n.Content = append(n.Content, strNode(s))
		}
		return n
	}
}

// date writes a time in the given form, leaving the key out when unknown.
func date(get func(*renderCtx) time.Time, format func(time.Time) string) func(*renderCtx) *yaml.Node {
	return func(c *renderCtx) *yaml.Node {
		t := get(c)
		if t.IsZero() {
			return nil
		}
		if c.preset.Zone != nil {
			t = t.In(c.preset.Zone)
		}
		if c.preset.dateFormat != nil {
			return timeNode(c.preset.dateFormat(t))
		}
		return timeNode(format(t))
	}
}

// kindKey writes one value for posts and another for pages (Decap's
// templateKey).
func kindKey(post, page string) func(*renderCtx) *yaml.Node {
	return func(c *renderCtx) *yaml.Node {
		if c.post.Kind == KindPage {
			return strNode(page)
		}
		return strNode(post)
	}
}

// featuredPost is Decap's flag for sticky posts; pages have no such thing
// and get it only if set.
func featuredPost(c *renderCtx) *yaml.Node {
	if !c.post.Sticky && c.post.Kind == KindPage {
		return nil
	}
	return boolNode(c.post.Sticky)
}

// draft is written only for drafts: "draft: false" is every generator's
// default and noise in every file.
func draft(c *renderCtx) *yaml.Node {
	if !c.post.Draft {
		return nil
	}
	return boolNode(true)
}

func boolNode(v bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(v)}
}

// Time forms.

// isoUTC is JavaScript's Date.prototype.toISOString: UTC, milliseconds.
func isoUTC(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// rfc3339 keeps the site's offset, and fractions of a second only when
// there are any.
func rfc3339(t time.Time) string { return t.Format(time.RFC3339Nano) }

// Getters.

func title(c *renderCtx) string        { return c.post.Title }
func description(c *renderCtx) string  { return c.post.Description }
func author(c *renderCtx) string       { return c.post.Author }
func published(c *renderCtx) time.Time { return c.post.Published }
func updated(c *renderCtx) time.Time   { return c.post.Updated }
func tags(c *renderCtx) []string       { return uniqueNonEmpty(c.post.Tags) }

// featuredImage is the post's Image as it is: the path of its copy when a
// migration made one (WriteSite sets it), else the legacy URL, which still
// serves the picture (a local path would name a file that is not there).
func featuredImage(c *renderCtx) string { return c.post.Image }
func featuredImages(c *renderCtx) []string {
	if ref := featuredImage(c); ref != "" {
		return []string{ref}
	}
	return nil
}

// postSlug is the file's stem for a post (so that a slug numbered apart by
// Plan stays apart on the site); pages take their URL from their path.
func postSlug(c *renderCtx) string {
	if c.post.Kind == KindPage {
		return ""
	}
	if slug, ok := c.preset.slugOf(c.rel); ok {
		return slug
	}
	return strings.TrimSuffix(path.Base(c.rel), ".md")
}

// categoryNames are the categories' own names, without their parents:
// neither the Decap starter nor Hugo's taxonomies have a hierarchy, and
// "Parent / Child" would make a new term that exists nowhere else. The
// report keeps the full paths.
func categoryNames(c *renderCtx) []string {
	names := make([]string, 0, len(c.post.Categories))
	for _, cat := range c.post.Categories {
		name := cat.Name
		if name == "" && len(cat.Path) > 0 {
			name = cat.Path[len(cat.Path)-1]
		}
		names = append(names, name)
	}
	return uniqueNonEmpty(names)
}

// categoryPaths are the post's categories as paths, root first ("News/
// Economy"), when one of them is below another: Hugo's categories
// taxonomy is flat, so the hierarchy a theme may want is carried beside
// it, one path per category in the order of categories.
func categoryPaths(c *renderCtx) []string {
	nested := false
	for _, cat := range c.post.Categories {
		nested = nested || len(cat.Path) > 1
	}
	if !nested {
		return nil
	}
	var out []string
	for _, cat := range c.post.Categories {
		if len(cat.Path) == 0 {
			out = append(out, cat.Name)
		} else {
			out = append(out, strings.Join(cat.Path, "/"))
		}
	}
	return uniqueNonEmpty(out)
}

// aliases holds the legacy URL path when it differs from the one the
// generator builds for the new file, then the paths that redirected to the
// post on the legacy site (post.Aliases). Hugo serves an alias as a file,
// so an alias with a query ("/?p=12") cannot be one and is left out.
func aliases(c *renderCtx) []string {
	now := c.preset.URLFor(c.rel)
	var out []string
	add := func(p string) {
		if p != "" && !sameURLPath(p, now) && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	add(legacyPath(c.post.SourceURL))
	for _, a := range c.post.Aliases {
		if u, err := url.Parse(a); err == nil && u.RawQuery == "" {
			add(u.Path)
		}
	}
	return out
}

func uniqueNonEmpty(in []string) []string {
	var out []string
	seen := make(map[string]bool, len(in))
	for _, s := range in {
		if strings.TrimSpace(s) == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out
}

// Scalars.

// strNode is a string that any YAML reader gives back unchanged. yaml.v3
// already quotes what YAML 1.2 would re-type (null, true, 1.0, dates);
// strNode also double-quotes what YAML 1.1 readers (js-yaml 3, older Hugo)
// would re-type (yes, no, on, 1:20, 0o17, 1_000), and any line break, so
// that every value stays on its key's line.
func strNode(s string) *yaml.Node {
	s = strings.ToValidUTF8(s, "\uFFFD")
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if strings.ContainsAny(s, "\n\r\u0085\u2028\u2029") || yaml11Keyword(s) || looksNumeric(s) {
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

func yaml11Keyword(s string) bool {
	switch strings.ToLower(s) {
	case "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "=", "<<":
		return true
	}
	return false
}

// looksNumeric reports strings some YAML reader might take for a number
// or a date: a sign, dot or digit, then only number-ish characters.
func looksNumeric(s string) bool {
	if s == "" || !strings.ContainsRune("0123456789+-.", rune(s[0])) {
		return false
	}
	for _, r := range s {
		if !(r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("_.:+-", r))) {
			return false
		}
	}
	return true
}

// unescapeAstral undoes yaml.v3's escaping of characters outside the Basic
// Multilingual Plane in double-quoted scalars: the emitter writes "🎉" as
// "\U0001F389". A printable character is put back as itself, so that
// titles with emoji stay readable; anything else stays escaped. Every value
// sits on one line (no folding, line breaks escaped), after "key: " or
// "  - ". frontMatter reads the result back to check it.
func unescapeAstral(y []byte) []byte {
	if !bytes.Contains(y, []byte(`\U`)) {
		return y
	}
	lines := strings.SplitAfter(string(y), "\n")
	for i, line := range lines {
		start := -1
		switch {
		case strings.HasPrefix(line, `  - "`):
			start = len(`  - `)
		case line != "" && line[0] != ' ':
			// Keys are plain words: the first ": " ends the key.
			if k := strings.Index(line, ": "); k > 0 && strings.HasPrefix(line[k:], `: "`) {
				start = k + 2
			}
		}
		if start >= 0 {
			lines[i] = line[:start] + unescapeQuoted(line[start:])
		}
	}
	return []byte(strings.Join(lines, ""))
}

func unescapeQuoted(q string) string {
	var b strings.Builder
	for i := 0; i < len(q); i++ {
		if q[i] != '\\' || i+1 >= len(q) {
			b.WriteByte(q[i])
			continue
		}
		if q[i+1] == 'U' && i+10 <= len(q) {
			if v, err := strconv.ParseUint(q[i+2:i+10], 16, 32); err == nil {
				if r := rune(v); r > 0xFFFF && unicode.IsGraphic(r) {
					b.WriteRune(r)
					i += 9
					continue
				}
			}
		}
		b.WriteString(q[i : i+2])
		i++
	}
	return b.String()
}

// timeNode is a formatted time: a YAML timestamp when it reads as one,
// else a string (a custom format such as "March 11, 2022").
func timeNode(s string) *yaml.Node {
	var n yaml.Node
	if yaml.Unmarshal([]byte(s), &n) == nil && len(n.Content) == 1 && n.Content[0].ShortTag() == "!!timestamp" {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: s}
	}
	return strNode(s)
}
