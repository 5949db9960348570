package output

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

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

const hugoUnsafeNote = "Hugo drops raw HTML unless the site config sets markup.goldmark.renderer.unsafe = true"

// allPresets is every built-in preset: the first two, then the generators
// added beside them.
func allPresets() []*Preset {
	return append(builtinPresets(), generatorPresets()...)
}

// generatorPresets are the layouts of Jekyll, Astro's blog starter and
// Eleventy. Each keeps the legacy URLs working its own way: Jekyll with
// the URLs WordPress used and redirect_from (jekyll-redirect-from) for the
// rest, Astro with its redirects setting, Eleventy with a template that
// writes refresh pages.
func generatorPresets() []*Preset {
	return []*Preset{
		{
			Name:       "jekyll",
			Doc:        "Jekyll: _posts/YYYY-MM-DD-slug.md at WordPress's own URLs, pages in their folders, assets/img, redirect_from",
			PostFile:   "_posts/{year}-{month}-{day}-{slug}.md",
			PostURL:    "/{year}/{month}/{day}/{slug}/",
			PageLeaf:   "{path}/index.md",
			PageBranch: "{path}/index.md",
			IndexStems: []string{"index"},
			MediaDir:   "assets/img",
			MediaURL:   "/assets/img",
			Embed:      htmlEmbed,
			escapeBody: liquidRaw,
			fields: []field{
				{"layout", kindKey("post", "page")},
				{"title", str(title, always)},
				{"date", date(published, rfc3339)},
				{"last_modified_at", date(updated, rfc3339)},
				{"author", str(author, omitEmpty)},
				{"categories", list(categoryNames, omitEmpty)},
				{"tags", list(tags, omitEmpty)},
				{"description", str(description, omitEmpty)},
				{"image", str(featuredImage, omitEmpty)},
				{"permalink", str(postPermalink, omitEmpty)},
				{"redirect_from", list(aliases, omitEmpty)},
				{"published", unpublished},
			},
		},
		{
			Name:            "astro",
			Doc:             "Astro blog starter: src/content/blog collection, Markdown pages in src/pages, public/img, redirects.json",
			ContentDir:      "src/content",
			PostSection:     "blog",
			PageDir:         "src/pages",
			PageLeaf:        "{path}.md",
			PageBranch:      "{path}/index.md",
			IndexStems:      []string{"index"},
			MediaDir:        "public/img",
			MediaURL:        "/img",
			RedirectsFile:   "redirects.json",
			RedirectsFormat: RedirectsAstro,
			Embed:           htmlEmbed,
			fields: []field{
				{"title", str(title, always)},
				{"description", str(description, always)},
				{"pubDate", date(published, rfc3339)},
				{"updatedDate", date(updated, rfc3339)},
				{"heroImage", str(featuredImage, omitEmpty)},
				{"author", str(author, omitEmpty)},
				{"categories", list(categoryNames, omitEmpty)},
				{"tags", list(tags, omitEmpty)},
				{"draft", draft},
			},
		},
		{
			Name:            "eleventy",
			Doc:             "Eleventy: posts/ in the posts collection, pages in their folders, img/, permalink, a redirects template",
			PostSection:     "posts",
			PageLeaf:        "{path}/index.md",
			PageBranch:      "{path}/index.md",
			IndexStems:      []string{"index"},
			MediaDir:        "img",
			MediaURL:        "/img",
			RedirectsFile:   "redirects.njk",
			RedirectsFormat: RedirectsEleventy,
			Embed:           htmlEmbed,
			fields: []field{
				{"title", str(title, always)},
				{"date", date(published, rfc3339)},
				{"updated", date(updated, rfc3339)},
				{"permalink", str(permalink, always)},
				{"tags", list(eleventyTags, omitEmpty)},
				{"description", str(description, omitEmpty)},
				{"author", str(author, omitEmpty)},
				{"categories", list(categoryNames, omitEmpty)},
				{"image", str(featuredImage, omitEmpty)},
				// Eleventy runs Markdown through Liquid first: a body about
				// templates ("{{ x }}") would be executed, not shown.
				{"templateEngineOverride", constant(strNode("md"))},
				{"draft", draft},
			},
		},
	}
}

// EleventyCollection is the collection every post of the eleventy preset
// is tagged with.
const EleventyCollection = "posts"

// Field values of the generator presets.

// permalink is the URL the generator serves the file at.
func permalink(c *renderCtx) string { return c.preset.URLFor(c.rel) }

// postPermalink pins a post's URL (Jekyll would otherwise derive the date
// in the site's time zone, and the categories, from its own settings).
func postPermalink(c *renderCtx) string {
	if c.post.Kind == KindPage {
		return ""
	}
	return permalink(c)
}

func eleventyTags(c *renderCtx) []string {
	t := tags(c)
	if c.post.Kind == KindPage {
		return t
	}
	return uniqueNonEmpty(append([]string{EleventyCollection}, t...))
}

// unpublished is Jekyll's "published: false", for drafts.
func unpublished(c *renderCtx) *yaml.Node {
	if !c.post.Draft {
		return nil
	}
	return boolNode(false)
}

func constant(n *yaml.Node) func(*renderCtx) *yaml.Node {
	return func(*renderCtx) *yaml.Node { return n }
}

// legacyPaths lists the old paths that should lead to a post, like
// aliases: its legacy path when the new URL differs, and Post.Aliases.
// Paths with a query ("/?p=12") are left out: a static site cannot serve
// them.
func legacyPaths(p *Preset, post *transform.Post, rel string) []string {
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

// timeNode is a formatted time: a YAML timestamp when it reads as one,
// else a string (a custom format such as "March 11, 2022").
func timeNode(s string) *yaml.Node {
	var n yaml.Node
	if yaml.Unmarshal([]byte(s), &n) == nil && len(n.Content) == 1 && n.Content[0].ShortTag() == "!!timestamp" {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: s}
	}
	return strNode(s)
}

// Paths from patterns.

// patternValues are a post's values for the placeholders of PostFile and
// PostURL; the file name's date is the published date in the preset's
// zone (else the post's own), else the updated date, else 1970-01-01.
func (p *Preset) patternValues(post *transform.Post, slug string) map[string]string {
	t := post.Published
	if t.IsZero() {
		t = post.Updated
	}
	if t.IsZero() {
		t = time.Unix(0, 0).UTC()
	}
	if p.Zone != nil {
		t = t.In(p.Zone)
	}
	return map[string]string{
		"slug":  slug,
		"year":  t.Format("2006"),
		"month": t.Format("01"),
		"day":   t.Format("02"),
	}
}

// patternPath places a post by PostFile; reserved is true when the slug
// is the whole file stem and the generator gives that stem a meaning.
func (p *Preset) patternPath(post *transform.Post, stem string) (rel string, reserved bool) {
	rel = fillPattern(p.PostFile, p.patternValues(post, stem))
	reserved = (p.PostFile == "{slug}.md" || strings.HasSuffix(p.PostFile, "/{slug}.md")) && p.isIndexStem(stem)
	return path.Join(p.ContentDir, rel), reserved
}

// patternURL is the URL of a post placed by PostFile, when rel is one.
func (p *Preset) patternURL(rel string) (string, bool) {
	if p.PostFile == "" || p.PostURL == "" {
		return "", false
	}
	vals, ok := matchPattern(p.PostFile, strings.TrimPrefix(rel, p.ContentDir+"/"))
	if !ok {
		return "", false
	}
	return fillPattern(p.PostURL, vals), true
}

// slugOf is the slug of a post placed by PostFile.
func (p *Preset) slugOf(rel string) (string, bool) {
	if p.PostFile == "" {
		return "", false
	}
	vals, ok := matchPattern(p.PostFile, strings.TrimPrefix(rel, p.ContentDir+"/"))
	return vals["slug"], ok
}

// PatternPlaceholders are the names a PostFile or PostURL pattern may use.
var PatternPlaceholders = []string{"slug", "year", "month", "day"}

// placeholderWidth is the number of digits of a fixed-width placeholder;
// 0 for the slug, which takes what is left.
var placeholderWidth = map[string]int{"year": 4, "month": 2, "day": 2, "slug": 0}

// patternToken is a literal or, when name is set, a placeholder.
type patternToken struct{ lit, name string }

// parsePattern splits "_posts/{year}-{slug}.md" into its tokens.
func parsePattern(pat string) ([]patternToken, error) {
	var toks []patternToken
	for pat != "" {
		i := strings.IndexByte(pat, '{')
		if i < 0 {
			toks = append(toks, patternToken{lit: pat})
			break
		}
		if i > 0 {
			toks = append(toks, patternToken{lit: pat[:i]})
		}
		j := strings.IndexByte(pat[i:], '}')
		if j < 0 {
			return nil, fmt.Errorf("unclosed { in %q", pat)
		}
		name := pat[i+1 : i+j]
		if _, ok := placeholderWidth[name]; !ok {
			return nil, fmt.Errorf("unknown placeholder {%s} (valid: {%s})", name, strings.Join(PatternPlaceholders, "}, {"))
		}
		toks = append(toks, patternToken{name: name})
		pat = pat[i+j+1:]
	}
	return toks, nil
}

// ValidatePostPatterns checks a PostFile pattern (and PostURL, if any):
// known placeholders, exactly one {slug} in the file, a ".md" file, and a
// URL that uses only placeholders the file name keeps.
func ValidatePostPatterns(file, urlPattern string) error {
	toks, err := parsePattern(file)
	if err != nil {
		return err
	}
	have := map[string]int{}
	for _, t := range toks {
		if t.name != "" {
			have[t.name]++
		}
	}
	switch {
	case have["slug"] != 1:
		return fmt.Errorf("%q must hold {slug} once", file)
	case !strings.HasSuffix(file, ".md"):
		return fmt.Errorf("%q must end in .md", file)
	case strings.HasPrefix(file, "/") || slices.Contains(strings.Split(file, "/"), ".."):
		return fmt.Errorf("%q must be a relative path inside the content folder", file)
	}
	if urlPattern == "" {
		return nil
	}
	utoks, err := parsePattern(urlPattern)
	if err != nil {
		return err
	}
	for _, t := range utoks {
		if t.name != "" && have[t.name] == 0 {
			return fmt.Errorf("URL pattern %q uses {%s}, which the file pattern %q does not hold", urlPattern, t.name, file)
		}
	}
	if !strings.HasPrefix(urlPattern, "/") {
		return fmt.Errorf("URL pattern %q must start with /", urlPattern)
	}
	return nil
}

func fillPattern(pat string, vals map[string]string) string {
	toks, _ := parsePattern(pat) // validated when the preset was made
	var b strings.Builder
	for _, t := range toks {
		if t.name != "" {
			b.WriteString(vals[t.name])
		} else {
			b.WriteString(t.lit)
		}
	}
	return b.String()
}

// matchPattern reads the placeholders back from a path: fixed-width ones
// from both ends, the slug from what is left between.
func matchPattern(pat, s string) (map[string]string, bool) {
	toks, err := parsePattern(pat)
	if err != nil {
		return nil, false
	}
	vals := map[string]string{}
	take := func(t patternToken, front bool) bool {
		n := len(t.lit)
		if t.name != "" {
			n = placeholderWidth[t.name]
		}
		if len(s) < n {
			return false
		}
		var part string
		if front {
			part, s = s[:n], s[n:]
		} else {
			part, s = s[len(s)-n:], s[:len(s)-n]
		}
		if t.name == "" {
			return part == t.lit
		}
		for _, r := range part {
			if r < '0' || r > '9' {
				return false
			}
		}
		vals[t.name] = part
		return true
	}
	i, j := 0, len(toks)-1
	for ; i <= j && toks[i].name != "slug"; i++ {
		if !take(toks[i], true) {
			return nil, false
		}
	}
	for ; j > i; j-- {
		if !take(toks[j], false) {
			return nil, false
		}
	}
	if i > j || s == "" || strings.Contains(s, "/") {
		return nil, false
	}
	vals["slug"] = s
	return vals, true
}

// Redirect files of the generator presets.

// redirectPairs are the old path → new path pairs of every post, sorted
// by old path; an old path claimed twice goes to the first post in
// source-URL order.
func (p *Preset) redirectPairs(paths map[*transform.Post]string) [][2]string {
	posts := make([]*transform.Post, 0, len(paths))
	for post := range paths {
		posts = append(posts, post)
	}
	slices.SortFunc(posts, func(a, b *transform.Post) int { return strings.Compare(a.SourceURL, b.SourceURL) })
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
func (p *Preset) formatRedirects(paths map[*transform.Post]string) []byte {
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

// Markdown flavour.

// videoEmbed is a YouTube or Vimeo video named by the canonical URL the
// converter passes to Embed.
type videoEmbed struct {
	provider, id string
	start        string // YouTube's start time in seconds, if any
}

func parseVideo(raw string) (videoEmbed, bool) {
	u, err := url.Parse(raw)
	if err != nil {
		return videoEmbed{}, false
	}
	switch strings.TrimPrefix(u.Host, "www.") {
	case "youtube.com":
		q := u.Query()
		if id := q.Get("v"); u.Path == "/watch" && id != "" && safeID(id) {
			return videoEmbed{provider: "youtube", id: id, start: strings.TrimSuffix(q.Get("t"), "s")}, true
		}
	case "vimeo.com":
		if id := strings.Trim(u.Path, "/"); id != "" && !strings.Contains(id, "/") && safeID(id) && u.RawQuery == "" {
			return videoEmbed{provider: "vimeo", id: id}, true
		}
	}
	return videoEmbed{}, false
}

func safeID(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// hugoEmbed uses Hugo's built-in youtube and vimeo shortcodes; a start
// time, which those shortcodes cannot take in every Hugo version, keeps
// the link.
func hugoEmbed(raw string) string {
	if v, ok := parseVideo(raw); ok && v.start == "" {
		return "{{< " + v.provider + " " + v.id + " >}}"
	}
	return embedLink(raw)
}

// htmlEmbed writes the player as HTML, which Jekyll (kramdown), Eleventy
// (markdown-it) and Astro pass through: Markdown has no way to say it.
func htmlEmbed(raw string) string {
	v, ok := parseVideo(raw)
	if !ok {
		return embedLink(raw)
	}
	src := "https://www.youtube-nocookie.com/embed/" + v.id
	title := "YouTube video"
	if v.provider == "vimeo" {
		src, title = "https://player.vimeo.com/video/"+v.id, "Vimeo video"
	} else if v.start != "" && safeID(v.start) {
		src += "?start=" + v.start
	}
	return `<iframe src="` + src + `" title="` + title + `" width="560" height="315" loading="lazy" allowfullscreen></iframe>`
}

// embedLink is the converter's default embed, a Markdown link with the
// URL as its text, escaped as the converter escapes link text.
func embedLink(raw string) string {
	var text strings.Builder
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch c {
		case '\\', '[', ']', '`', '*', '<', '_':
			text.WriteByte('\\')
		}
		text.WriteByte(c)
	}
	dest := strings.NewReplacer(" ", "%20", "\t", "%09", "\n", "%0A", "\r", "%0D", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E").Replace(raw)
	return "[" + text.String() + "](" + dest + ")"
}

// liquidRaw keeps Jekyll's Liquid away from a body that holds "{{" or
// "{%": the text is shown as written instead of being run as a template.
func liquidRaw(body string) string {
	if !strings.Contains(body, "{{") && !strings.Contains(body, "{%") {
		return body
	}
	// "{% endraw %}" inside the body would end the raw block early.
	body = strings.ReplaceAll(body, "{% endraw %}", "{% endraw %}{{ '{% endraw %}' }}{% raw %}")
	return "{% raw %}\n" + body + "\n{% endraw %}"
}

// RawHTMLTags lists the HTML elements (lower case, sorted) that a Markdown
// body holds outside code: what a generator that strips raw HTML (Hugo by
// default) would drop. Comments and autolinks are not counted.
func RawHTMLTags(body string) []string {
	var tags []string
	fence := ""
	for line := range strings.SplitSeq(body, "\n") {
		trimmed := strings.TrimLeft(line, " ")
		if fence != "" {
			if strings.HasPrefix(trimmed, fence) && strings.Trim(trimmed, fence[:1]) == "" {
				fence = ""
			}
			continue
		}
		if f := fenceOf(trimmed); f != "" {
			fence = f
			continue
		}
		for _, name := range htmlTagsIn(stripCodeSpans(line)) {
			if !slices.Contains(tags, name) {
				tags = append(tags, name)
			}
		}
	}
	slices.Sort(tags)
	return tags
}

func fenceOf(line string) string {
	for _, c := range []string{"`", "~"} {
		n := 0
		for n < len(line) && line[n] == c[0] {
			n++
		}
		if n >= 3 {
			return line[:n]
		}
	}
	return ""
}

// stripCodeSpans blanks out `code` spans (a run of backticks up to the
// same run), which show HTML as text.
func stripCodeSpans(line string) string {
	var b strings.Builder
	for i := 0; i < len(line); {
		if line[i] != '`' {
			b.WriteByte(line[i])
			i++
			continue
		}
		n := 0
		for i+n < len(line) && line[i+n] == '`' {
			n++
		}
		run := line[i : i+n]
		end := strings.Index(line[i+n:], run)
		if end < 0 {
			b.WriteString(run)
			i += n
			continue
		}
		i += n + end + n
	}
	return b.String()
}

// htmlTagsIn finds "<name" and "</name" followed by whitespace, "/" or
// ">", not escaped with a backslash.
func htmlTagsIn(s string) []string {
	var out []string
	for i := 0; i < len(s); i++ {
		if s[i] != '<' || i > 0 && s[i-1] == '\\' {
			continue
		}
		j := i + 1
		if j < len(s) && s[j] == '/' {
			j++
		}
		k := j
		for k < len(s) && (s[k] >= 'a' && s[k] <= 'z' || s[k] >= 'A' && s[k] <= 'Z' || k > j && (s[k] >= '0' && s[k] <= '9' || s[k] == '-')) {
			k++
		}
		if k == j || k >= len(s) || !strings.ContainsRune(" \t/>", rune(s[k])) {
			continue
		}
		if !strings.Contains(s[k:], ">") {
			continue
		}
		out = append(out, strings.ToLower(s[j:k]))
	}
	return out
}
