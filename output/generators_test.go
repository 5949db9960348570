package output

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/unpress/unpress/transform"
)

func TestGeneratorPaths(t *testing.T) {
	post := &transform.Post{
		Head: transform.Head{
			SourceURL: "https://x.org/2022/03/11/legion/",
			Kind:      KindPost,
			Slug:      "legion",
			Published: time.Date(2022, 3, 11, 0, 30, 0, 0, time.FixedZone("", 2*3600)),
		},
	}
	page := &transform.Post{Head: transform.Head{SourceURL: "https://x.org/about/team/", Kind: KindPage, Slug: "team"}}
	for _, tc := range []struct {
		preset, post, postURL, page, pageURL string
	}{
		{"jekyll", "_posts/2022-03-11-legion.md", "/2022/03/11/legion/", "about/team/index.md", "/about/team/"},
		{"astro", "src/content/blog/legion.md", "/blog/legion/", "src/pages/about/team.md", "/about/team/"},
		{"eleventy", "posts/legion.md", "/posts/legion/", "about/team/index.md", "/about/team/"},
	} {
		p := mustPreset(t, tc.preset)
		if got := p.PostPath(&post.Head); got != tc.post {
			t.Errorf("%s: post at %s, want %s", tc.preset, got, tc.post)
		}
		if got := p.URLFor(tc.post); got != tc.postURL {
			t.Errorf("%s: post URL %s, want %s", tc.preset, got, tc.postURL)
		}
		if got := p.PostPath(&page.Head); got != tc.page {
			t.Errorf("%s: page at %s, want %s", tc.preset, got, tc.page)
		}
		if got := p.URLFor(tc.page); got != tc.pageURL {
			t.Errorf("%s: page URL %s, want %s", tc.preset, got, tc.pageURL)
		}
	}

	// The file name's date follows the preset's zone, as Jekyll's would.
	p := mustPreset(t, "jekyll")
	p.Zone = time.UTC
	if got := p.PostPath(&post.Head); got != "_posts/2022-03-10-legion.md" {
		t.Errorf("in UTC: %s", got)
	}
}

func TestPatterns(t *testing.T) {
	for _, tc := range []struct {
		pat, s string
		want   map[string]string
	}{
		{"_posts/{year}-{month}-{day}-{slug}.md", "_posts/2022-03-11-a-b-2.md", map[string]string{"year": "2022", "month": "03", "day": "11", "slug": "a-b-2"}},
		{"posts/{slug}/index.md", "posts/x/index.md", map[string]string{"slug": "x"}},
		{"{year}/{slug}.md", "2022/мир.md", map[string]string{"year": "2022", "slug": "мир"}},
		{"posts/{slug}/index.md", "posts/x/y/index.md", nil},
		{"_posts/{year}-{month}-{day}-{slug}.md", "_posts/22-03-11-a.md", nil},
		{"{year}/{slug}.md", "about/index.md", nil},
	} {
		got, ok := matchPattern(tc.pat, tc.s)
		if ok != (tc.want != nil) || ok && !mapsEqual(got, tc.want) {
			t.Errorf("matchPattern(%q, %q) = %v, %v; want %v", tc.pat, tc.s, got, ok, tc.want)
		}
		if ok && fillPattern(tc.pat, got) != tc.s {
			t.Errorf("fillPattern(%q) = %q, want %q", tc.pat, fillPattern(tc.pat, got), tc.s)
		}
	}
	for _, bad := range [][2]string{
		{"posts/{title}.md", ""},
		{"posts/index.md", ""},
		{"posts/{slug}-{slug}.md", ""},
		{"posts/{slug}.html", ""},
		{"../{slug}.md", ""},
		{"{slug}.md", "/{year}/{slug}/"},
		{"{slug}.md", "{slug}/"},
		{"posts/{slug.md", ""},
	} {
		if err := ValidatePostPatterns(bad[0], bad[1]); err == nil {
			t.Errorf("ValidatePostPatterns(%q, %q) accepted", bad[0], bad[1])
		}
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestEmbeds(t *testing.T) {
	for _, tc := range []struct{ url, hugo, html string }{
		{"https://www.youtube.com/watch?v=dQw4w9WgXcQ", "{{< youtube dQw4w9WgXcQ >}}", `<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"`},
		{"https://vimeo.com/76979871", "{{< vimeo 76979871 >}}", `<iframe src="https://player.vimeo.com/video/76979871"`},
		{"https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42", "[https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42](https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42)", `embed/dQw4w9WgXcQ?start=42"`},
		{"https://twitter.com/x/status/1", "[https://twitter.com/x/status/1](https://twitter.com/x/status/1)", "[https://twitter.com/x/status/1](https://twitter.com/x/status/1)"},
		{`https://www.youtube.com/watch?v="><script>`, "[https://www.youtube.com/watch?v=\">\\<script>](https://www.youtube.com/watch?v=\"%3E%3Cscript%3E)", "(https://www.youtube.com/watch?v=\"%3E%3Cscript%3E)"},
	} {
		if got := hugoEmbed(tc.url); !strings.HasPrefix(got, tc.hugo) && got != tc.hugo {
			t.Errorf("hugoEmbed(%q) = %q, want %q", tc.url, got, tc.hugo)
		}
		if got := htmlEmbed(tc.url); !strings.Contains(got, tc.html) {
			t.Errorf("htmlEmbed(%q) = %q, want %q in it", tc.url, got, tc.html)
		}
	}
	for _, name := range []string{"decap"} {
		if mustPreset(t, name).Embed != nil {
			t.Errorf("%s: embeds should stay links", name)
		}
	}
}

func TestRawHTMLTags(t *testing.T) {
	body := "H<sub>2</sub>O and x<sup>2</sup>.\n\n" +
		"`<b>code</b>` and ``a `<i>` b`` are code.\n\n" +
		"```html\n<div>fenced</div>\n```\n\n" +
		"    <p>indented? no: the converter fences code</p>\n\n" +
		"An autolink <https://example.org/> and an escaped \\<em> and a < b > c.\n\n" +
		"<!--THE END-->\n\n" +
		"| a<br />b | c |\n|---|---|\n\n" +
		`<iframe src="https://www.youtube-nocookie.com/embed/x"></iframe>`
	want := []string{"br", "iframe", "p", "sub", "sup"}
	if got := RawHTMLTags(body); !slices.Equal(got, want) {
		t.Errorf("RawHTMLTags = %q, want %q", got, want)
	}
	if got := RawHTMLTags("Plain *Markdown* with [a link](/x/) and {{< youtube x >}}."); got != nil {
		t.Errorf("RawHTMLTags(plain) = %q", got)
	}
}

// TestRawHTMLSummary: the summary tells a Hugo user what to set, and says
// nothing for a target that shows raw HTML.
func TestRawHTMLSummary(t *testing.T) {
	for preset, want := range map[string]bool{"hugo": true, "jekyll": false} {
		rep := &Report{Preset: preset}
		post := &transform.Post{Head: transform.Head{SourceURL: "https://x.org/a/", Kind: KindPost}, Details: transform.Details{Body: "H<sub>2</sub>O"}}
		e := NewEntry(post)
		e.Status = StatusWritten
		rep.Add(e)
		rep.Add(Entry{SourceURL: "https://x.org/b/", Kind: KindPost, Status: StatusWritten})
		var b bytes.Buffer
		rep.Summary(&b)
		line := "1 file holds raw HTML (<sub>): Hugo drops raw HTML unless the site config sets markup.goldmark.renderer.unsafe = true"
		if got := strings.Contains(b.String(), line); got != want {
			t.Errorf("%s: summary:\n%s", preset, b.String())
		}
		if rep.Totals().RawHTML != 1 {
			t.Errorf("%s: totals %+v", preset, rep.Totals())
		}
	}
}

func TestLiquidRaw(t *testing.T) {
	if got := liquidRaw("plain"); got != "plain" {
		t.Errorf("plain body changed: %q", got)
	}
	got := liquidRaw("Use {{ site.title }} and {% endraw %} here.")
	want := "{% raw %}\nUse {{ site.title }} and {% endraw %}{{ \"{\" }}% endraw %{{ \"%7D\" | url_decode }}{% raw %} here.\n{% endraw %}"
	if got != want {
		t.Errorf("liquidRaw = %q, want %q", got, want)
	}
	p := mustPreset(t, "jekyll")
	doc, err := p.Render(&transform.Post{Head: transform.Head{Kind: KindPost, Slug: "t", Title: "T"}}, "A {{ x }}")
	if err != nil || !strings.HasSuffix(string(doc), "---\n\n{% raw %}\nA {{ x }}\n{% endraw %}\n") {
		t.Errorf("jekyll body not protected: %q, %v", doc, err)
	}
}

// TestGeneratorRedirects: each generator's redirect form holds the legacy
// path and the post's aliases, without the ones a static site cannot serve.
func TestGeneratorRedirects(t *testing.T) {
	post := &transform.Post{
		Head: transform.Head{
			SourceURL: "https://x.org/2022/03/11/legion/",
			Kind:      KindPost,
			Slug:      "legion",
			Published: time.Date(2022, 3, 11, 9, 0, 0, 0, time.UTC),
			Aliases:   []string{"/old-legion/", "/?p=69", "/2022/03/11/legion/"},
		},
	}
	for _, name := range []string{"jekyll", "astro", "eleventy"} {
		p := mustPreset(t, name)
		paths, _ := Plan([]*transform.Head{&post.Head}, p)
		doc, err := p.RenderAt(paths[&post.Head], post, "")
		if err != nil {
			t.Fatal(err)
		}
		rel, data := p.Redirects(paths)
		all := string(doc) + string(data)
		if !strings.Contains(all, "/old-legion/") || strings.Contains(all, "p=69") {
			t.Errorf("%s: redirects:\n%s", name, all)
		}
		switch name {
		case "jekyll":
			// Jekyll serves the post at its WordPress address: only the alias.
			fm, _ := splitFrontMatter(t, doc)
			var got struct {
				RedirectFrom []string `yaml:"redirect_from"`
			}
			if err := yaml.Unmarshal([]byte(fm), &got); err != nil || !slices.Equal(got.RedirectFrom, []string{"/old-legion/"}) || rel != "" {
				t.Errorf("jekyll: redirect_from %q (%v), file %q", got.RedirectFrom, err, rel)
			}
		case "astro":
			want := "{\n  \"/2022/03/11/legion/\": \"/blog/legion/\",\n  \"/old-legion/\": \"/blog/legion/\"\n}\n"
			if rel != "redirects.json" || string(data) != want {
				t.Errorf("astro: %s:\n%s", rel, data)
			}
		case "eleventy":
			if rel != "redirects.njk" || !strings.Contains(string(data), "  - from: /old-legion/\n    to: /posts/legion/\n") {
				t.Errorf("eleventy: %s:\n%s", rel, data)
			}
		}
	}
}

func TestSchemaMethods(t *testing.T) {
	p := mustPreset(t, "hugo")
	if err := p.RenameField("lastmod", "updated"); err != nil {
		t.Fatal(err)
	}
	if err := p.DropField("slug"); err != nil {
		t.Fatal(err)
	}
	var v yaml.Node
	if err := yaml.Unmarshal([]byte("blog-post"), &v); err != nil {
		t.Fatal(err)
	}
	if err := p.SetConstField("templateKey", &v); err != nil {
		t.Fatal(err)
	}
	if err := p.SetComputedField("summary", "description"); err != nil {
		t.Fatal(err)
	}
	if err := p.SetDateFormat("date"); err != nil {
		t.Fatal(err)
	}
	post := &transform.Post{
		Head: transform.Head{
			SourceURL: "https://x.org/2022/03/11/a/",
			Kind:      KindPost,
			Slug:      "a",
			Title:     "A",
			Published: time.Date(2022, 3, 11, 23, 0, 0, 0, time.UTC),
			Updated:   time.Date(2022, 3, 12, 1, 0, 0, 0, time.UTC),
		},
		Details: transform.Details{
			Description: "About A",
		},
	}
	doc, err := p.Render(post, "")
	if err != nil {
		t.Fatal(err)
	}
	want := "---\ntitle: A\ndate: 2022-03-11\nupdated: 2022-03-12\ndescription: About A\naliases:\n  - /2022/03/11/a/\ntemplateKey: blog-post\nsummary: About A\n---\n"
	if string(doc) != want {
		t.Errorf("got\n%s\nwant\n%s", doc, want)
	}
	p.Zone = time.FixedZone("X", 3*3600)
	if doc, _ := p.Render(post, ""); !strings.Contains(string(doc), "date: 2022-03-12\n") {
		t.Errorf("zone not applied:\n%s", doc)
	}
	for _, err := range []error{
		p.RenameField("nope", "x"), p.RenameField("title", "date"), p.DropField("nope"),
		p.SetComputedField("x", "nope"), p.SetDateFormat("dd.mm.yyyy"), p.SetConstField("a: b", &v),
	} {
		if err == nil {
			t.Error("a bad schema change was accepted")
		}
	}
	if err := mustPreset(t, "jekyll").UsePageBundles(); err == nil {
		t.Error("page bundles accepted for jekyll")
	}
	// A custom format that is not a YAML timestamp is written as a string.
	if err := p.SetDateFormat("January 2, 2006"); err != nil {
		t.Fatal(err)
	}
	if doc, _ := p.Render(post, ""); !strings.Contains(string(doc), "date: March 12, 2022\n") {
		t.Errorf("custom format:\n%s", doc)
	}
}

// TestTemplateTextIsInert: a body's own template syntax is shown, not run,
// by Hugo (shortcodes) and Jekyll (Liquid, however the endraw tag is
// spaced), while unpress's own embeds stay live (issue 13).
func TestTemplateTextIsInert(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
		fn             func(string) string
	}{
		{"hugo shortcodes", "Use {{< ref \"/x\" >}} and {{% param \"title\" %}}.\n\n```\n{{< highlight go >}}\n```",
			"Use {{</* ref \"/x\" */>}} and {{%/* param \"title\" */%}}.\n\n```\n{{</* highlight go */>}}\n```", hugoShortcodes},
		{"hugo keeps its own embed", "Before\n\n{{< youtube dQw4w9WgXcQ >}}\n\nAfter {{< x >}}",
			"Before\n\n{{< youtube dQw4w9WgXcQ >}}\n\nAfter {{</* x */>}}", hugoShortcodes},
		{"hugo leaves other braces alone", "a >}} b {{ c }}", "a >}} b {{ c }}", hugoShortcodes},
		{"liquid endraw in any spacing", "{%endraw%}{{ site.title }}{%- endraw -%}",
			"{% raw %}\n{% endraw %}{{ \"{\" }}%endraw%{{ \"%7D\" | url_decode }}{% raw %}{{ site.title }}{% endraw %}{{ \"{\" }}%- endraw -%{{ \"%7D\" | url_decode }}{% raw %}\n{% endraw %}", liquidRaw},
	} {
		if got := tc.fn(tc.in); got != tc.want {
			t.Errorf("%s:\ngot  %q\nwant %q", tc.name, got, tc.want)
		}
	}
}
