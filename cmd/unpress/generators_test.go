package main

// Builds of the fixture site with the real static-site generators: Hugo,
// Jekyll (with jekyll-redirect-from) and Eleventy. .ci/run installs them
// (Debian's hugo, jekyll and ruby-jekyll-redirect-from; @11ty/eleventy
// from npm); a machine without them skips these tests and says why. The
// other targets' front matter is checked against the schema each one
// documents (genSchemas).

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/unpress/unpress/output"
	"github.com/unpress/unpress/scrape"
)

const genFixture = "../../fixtures/site"

// genLegion is the fixture post that the legacy site also served under
// other addresses: a crawl would have seen these redirects.
const genLegion = "https://legacy.example.org/2022/03/11/over-20000-volunteers-join-international-legion-to-fight-against-russia/"

var genRedirects = map[string]string{
	"https://legacy.example.org/old-legion/": genLegion,
	"https://legacy.example.org/?p=69":       genLegion, // a query: no static page can answer it
}

// genAliasSite is the fixture mirror plus the redirects a crawl saw.
type genAliasSite struct{ scrape.Site }

func (genAliasSite) Redirects() map[string]string { return genRedirects }

// genPost is a migrated post or page as the tests see it: where it went,
// its front matter, and the URL the generator must serve it at.
type genPost struct {
	source, rel, kind string
	fm                map[string]any
	url               string
}

// genMigrate migrates the fixture site into out with the preset, as
// "unpress migrate" does, with the crawl's redirects added.
func genMigrate(t *testing.T, preset, out string, cfg *Config) ([]genPost, *output.Report) {
	t.Helper()
	if cfg == nil {
		cfg = &Config{}
	}
	o := migrateOptions{from: genFixture, out: out, preset: preset, workers: 2, quiet: true}
	j, err := newJob(context.Background(), o, cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	j.src = genAliasSite{j.src}
	rep, err := j.run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer rep.Close()
	if tot := rep.Totals(); tot.Failed > 0 || tot.PostsWritten != 8 || tot.PagesWritten != 2 {
		t.Fatalf("migrate: %+v", tot)
	}
	var report struct {
		Entries []struct {
			SourceURL string `json:"source_url"`
			Kind      string `json:"kind"`
			Status    string `json:"status"`
			Output    string `json:"output"`
		} `json:"entries"`
	}
	genReadJSON(t, filepath.Join(out, ".unpress", "report.json"), &report)
	var posts []genPost
	for _, e := range report.Entries {
		if e.Status != "written" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(e.Output)))
		if err != nil {
			t.Fatal(err)
		}
		posts = append(posts, genPost{source: e.SourceURL, rel: e.Output, kind: e.Kind, fm: genFrontMatter(t, e.Output, data)})
	}
	return posts, rep
}

func genReadJSON(t *testing.T, file string, v any) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
}

func genFrontMatter(t *testing.T, name string, data []byte) map[string]any {
	t.Helper()
	s, ok := strings.CutPrefix(string(data), "---\n")
	fm, _, ok2 := strings.Cut(s, "\n---\n")
	if !ok || !ok2 {
		t.Fatalf("%s: no front matter", name)
	}
	var m map[string]any
	if err := yaml.Unmarshal([]byte(fm), &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
}

// genRun calls run in-process.
func genRun(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errs strings.Builder
	code = run(context.Background(), args, strings.NewReader(""), &out, &errs)
	return code, out.String(), errs.String()
}

// genTool returns the generator's path, or skips the test.
func genTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s is not installed: .ci/run installs it (skipping the real %s build)", name, name)
	}
	return p
}

func genWrite(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// genBuild runs a generator in dir and returns what it printed.
func genBuild(t *testing.T, dir string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TZ=UTC", "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "JEKYLL_ENV=production")
	start := time.Now()
	out, err := cmd.CombinedOutput()
	t.Logf("%s built the site in %v", filepath.Base(name), time.Since(start).Round(time.Millisecond))
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// genVersion is the first line a tool prints for its version flag.
func genVersion(name string, args ...string) string {
	out, _ := exec.Command(name, args...).CombinedOutput()
	line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	return line
}

// The markup the test layouts write, read back by regular expressions.
var (
	genH1        = regexp.MustCompile(`<h1 class="title">([^<]*)</h1>`)
	genPublished = regexp.MustCompile(`<time class="published" datetime="([^"]+)"`)
	genTermLink  = regexp.MustCompile(`<a class="(tags|categories)" href="([^"]*)">([^<]*)</a>`)
	genSection   = regexp.MustCompile(`(?s)<section data-taxonomy="(tags|categories)" data-term="([^"]*)">(.*?)</section>`)
	genItem      = regexp.MustCompile(`<li><a href="([^"]+)">`)
	genListed    = regexp.MustCompile(`<li><a href="([^"]+)">[^<]*</a> <time datetime="([^"]+)">`)
	genRefresh   = regexp.MustCompile(`<meta http-equiv="refresh" content="0; ?url=([^"]+)"`)
	genRef       = regexp.MustCompile(`(?:src|href)="([^"]+)"`)
)

// genPage reads the built page for a site path ("/posts/x/").
func genPage(t *testing.T, site, urlPath string) (string, bool) {
	t.Helper()
	p, err := url.PathUnescape(urlPath)
	if err != nil {
		t.Fatalf("%s: %v", urlPath, err)
	}
	if strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	data, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(p)))
	return string(data), err == nil
}

// genCheckSite checks a built site against the migrated files: each post
// and page at its URL with its title, date and terms; the taxonomy
// listings (terms: a page of <section data-taxonomy data-term> blocks, or
// "" for a page per term found through the posts' links); the date-sorted
// post list at listURL; each old address redirecting to its post; and no
// local reference (image, link) left dangling.
func genCheckSite(t *testing.T, site, base string, posts []genPost, listURL string, oldPaths map[string]string, skipTags []string) {
	t.Helper()
	want := map[string]map[string][]string{"tags": {}, "categories": {}} // taxonomy → term → post URLs
	for _, p := range posts {
		page, ok := genPage(t, site, p.url)
		if !ok {
			t.Errorf("%s (%s): no page at %s", p.rel, p.kind, p.url)
			continue
		}
		if m := genH1.FindStringSubmatch(page); m == nil || html.UnescapeString(m[1]) != genString(p.fm["title"]) {
			t.Errorf("%s: title on the page is %q, front matter %q", p.url, m, p.fm["title"])
		}
		if p.kind != output.KindPost {
			continue
		}
		if d, ok := genDate(p.fm); ok {
			m := genPublished.FindStringSubmatch(page)
			got, err := time.Parse(time.RFC3339, html.UnescapeString(genAt(m, 1)))
			if err != nil || !got.Equal(d) {
				t.Errorf("%s: date on the page %q, front matter %v", p.url, genAt(m, 1), d)
			}
		}
		for _, tax := range []string{"tags", "categories"} {
			var terms []string
			for _, term := range genStrings(p.fm[tax]) {
				if !slices.Contains(skipTags, term) {
					terms = append(terms, strings.ToLower(term))
					want[tax][strings.ToLower(term)] = append(want[tax][strings.ToLower(term)], p.url)
				}
			}
			var shown []string
			for _, m := range genTermLink.FindAllStringSubmatch(page, -1) {
				if m[1] == tax && !slices.Contains(skipTags, html.UnescapeString(m[3])) {
					shown = append(shown, strings.ToLower(html.UnescapeString(m[3])))
				}
			}
			if !slices.Equal(terms, shown) {
				t.Errorf("%s: %s on the page %q, front matter %q", p.url, tax, shown, terms)
			}
		}
	}

	// Every term lists exactly the posts that have it.
	got := map[string]map[string][]string{"tags": {}, "categories": {}}
	for _, file := range genHTMLFiles(t, site) {
		data, _ := os.ReadFile(file)
		for _, m := range genSection.FindAllStringSubmatch(string(data), -1) {
			term := strings.ToLower(html.UnescapeString(m[2]))
			if slices.Contains(skipTags, term) {
				continue
			}
			for _, it := range genItem.FindAllStringSubmatch(m[3], -1) {
				got[m[1]][term] = append(got[m[1]][term], genLocal(it[1], base))
			}
		}
	}
	for tax, terms := range want {
		if len(terms) == 0 || len(got[tax]) == 0 {
			t.Errorf("%s: %d terms in the front matter, %d listed on the site", tax, len(terms), len(got[tax]))
		}
		for term, urls := range terms {
			slices.Sort(urls)
			listed := slices.Clone(got[tax][term])
			slices.Sort(listed)
			if !slices.Equal(urls, listed) {
				t.Errorf("%s %q lists %q, want %q", tax, term, listed, urls)
			}
		}
		for term := range got[tax] {
			if _, ok := terms[term]; !ok {
				t.Errorf("%s %q is listed but no post has it", tax, term)
			}
		}
	}

	// The post list: every post, newest first, with its date.
	list, ok := genPage(t, site, listURL)
	if !ok {
		t.Fatalf("no post list at %s", listURL)
	}
	var listed []string
	var last time.Time
	for i, m := range genListed.FindAllStringSubmatch(list, -1) {
		listed = append(listed, genLocal(m[1], base))
		d, err := time.Parse(time.RFC3339, html.UnescapeString(m[2]))
		if err != nil || i > 0 && d.After(last) {
			t.Errorf("post list: %s dated %s is out of order", m[1], m[2])
		}
		last = d
	}
	var wantListed []string
	for _, p := range posts {
		if p.kind == output.KindPost {
			wantListed = append(wantListed, p.url)
		}
	}
	slices.Sort(listed)
	slices.Sort(wantListed)
	if !slices.Equal(listed, wantListed) {
		t.Errorf("post list at %s shows %q, want %q", listURL, listed, wantListed)
	}

	// Old addresses lead to the posts.
	for old, to := range oldPaths {
		page, ok := genPage(t, site, old)
		m := genRefresh.FindStringSubmatch(page)
		if !ok || m == nil {
			t.Errorf("old address %s: no redirect page", old)
			continue
		}
		if got := genLocal(html.UnescapeString(m[1]), base); got != to {
			t.Errorf("old address %s redirects to %s, want %s", old, got, to)
		}
	}

	// No dangling local reference anywhere.
	images := 0
	defer func() {
		if images == 0 {
			t.Error("no local image was referenced: the media check checked nothing")
		}
		t.Logf("checked %d posts and pages, %d old addresses, %d local images", len(posts), len(oldPaths), images)
	}()
	for _, file := range genHTMLFiles(t, site) {
		data, _ := os.ReadFile(file)
		for _, m := range genRef.FindAllStringSubmatch(string(data), -1) {
			ref := html.UnescapeString(m[1])
			local := genLocal(ref, base)
			if !strings.HasPrefix(local, "/") || strings.HasPrefix(local, "//") {
				continue
			}
			u, err := url.Parse(local)
			if err != nil {
				t.Errorf("%s: bad reference %q", file, ref)
				continue
			}
			p, _ := url.PathUnescape(u.EscapedPath())
			target := filepath.Join(site, filepath.FromSlash(p))
			if strings.HasPrefix(m[0], "src=") {
				images++
			}
			if st, err := os.Stat(target); err == nil && st.IsDir() {
				_, err = os.Stat(filepath.Join(target, "index.html"))
				if err != nil {
					t.Errorf("%s: %s is a folder without index.html", file, ref)
				}
			} else if err != nil {
				t.Errorf("%s: broken reference %s", file, ref)
			}
		}
	}
}

// genLocal turns a reference to the new site (absolute with its base
// URL, or a site path) into a site path; anything else is returned as is.
func genLocal(ref, base string) string {
	if rest, ok := strings.CutPrefix(ref, strings.TrimSuffix(base, "/")); ok && strings.HasPrefix(rest, "/") {
		ref = rest
	}
	if u, err := url.Parse(ref); err == nil && u.Scheme == "" && u.Host == "" && strings.HasPrefix(u.Path, "/") {
		return (&url.URL{Path: u.Path}).EscapedPath()
	}
	return ref
}

func genHTMLFiles(t *testing.T, root string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func genAt(m []string, i int) string {
	if i < len(m) {
		return m[i]
	}
	return ""
}

func genString(v any) string {
	s, _ := v.(string)
	return s
}

func genStrings(v any) []string {
	list, _ := v.([]any)
	var out []string
	for _, x := range list {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// genDate is the post's publication date, under whichever key the
// preset writes it.
func genDate(fm map[string]any) (time.Time, bool) {
	for _, k := range []string{"date", "pubDate"} {
		if d, ok := fm[k].(time.Time); ok {
			return d, true
		}
	}
	return time.Time{}, false
}

// genEscapedPath percent-encodes a decoded site path.
func genEscapedPath(p string) string { return (&url.URL{Path: p}).EscapedPath() }

// genOldPaths are the old addresses the built site must redirect: each
// post's legacy path when its URL changed, and the crawl's redirects.
func genOldPaths(posts []genPost) map[string]string {
	old := map[string]string{}
	for _, p := range posts {
		u, _ := url.Parse(p.source)
		if u.Path != "" && u.Path != "/" && genEscapedPath(u.Path) != p.url {
			old[genEscapedPath(u.Path)] = p.url
		}
		if p.source == genLegion {
			old["/old-legion/"] = p.url
		}
	}
	return old
}

// genCheckBodies checks what every target renders from the fixture's
// Markdown: GFM tables and strikethrough, footnotes, the video embed.
func genCheckBodies(t *testing.T, site string, posts []genPost, embed string) {
	t.Helper()
	for _, p := range posts {
		page, _ := genPage(t, site, p.url)
		switch {
		case strings.Contains(p.rel, "ukraine-displaced-population"):
			if !strings.Contains(page, "<table") || !strings.Contains(page, "<td") {
				t.Errorf("%s: the GFM table is not rendered as a table", p.url)
			}
		case strings.Contains(p.rel, "how-we-back-up-the-archive"):
			if !strings.Contains(page, "<del>copied the uploads folder") && !strings.Contains(page, "<s>copied the uploads folder") {
				t.Errorf("%s: the strikethrough is not rendered", p.url)
			}
			if !strings.Contains(page, embed) {
				t.Errorf("%s: the video is not embedded (%s)", p.url, embed)
			}
			if strings.Contains(page, "raw HTML omitted") {
				t.Errorf("%s: the generator dropped raw HTML", p.url)
			}
		}
	}
}

// TestHugoBuild migrates the fixture site with the hugo preset into a
// minimal Hugo site and builds it with the real Hugo.
// With page_bundles, every post and page is a bundle of its own.
func TestHugoBuild(t *testing.T) {
	hugo := genTool(t, "hugo")
	t.Logf("generator: %s", genVersion(hugo, "version"))
	t.Run("files", func(t *testing.T) { genHugo(t, hugo, nil) })
	t.Run("bundles", func(t *testing.T) {
		cfg := &Config{}
		if err := yaml.Unmarshal([]byte("schema:\n  page_bundles: true\n"), cfg); err != nil {
			t.Fatal(err)
		}
		genHugo(t, hugo, cfg)
	})
	t.Run("raw html", func(t *testing.T) { genHugoRawHTML(t, hugo) })
	t.Run("template text", func(t *testing.T) { genTemplateText(t, "hugo", hugo) })
}

// templatePost is a post about templates: its text holds Hugo shortcodes
// and Liquid tags, an endraw spelled to break out of a raw block among
// them, which a build must show as written and never run (issue 13).
const templatePost = `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8"><title>Templates &#8211; Lab</title>
<link rel="canonical" href="https://lab.example.org/2022/01/06/templates/"></head>
<body class="single single-post postid-5"><article class="post-5 post type-post hentry">
<h1 class="entry-title">Templates</h1>
<div class="entry-meta"><time class="entry-date published" datetime="2022-01-06T10:00:00+00:00">Jan 6</time></div>
<div class="entry-content"><p>Hugo: {{&lt; ref "/nowhere" &gt;}} and {{% param "title" %}}.</p>
<p>Liquid: {%endraw%}{{ site.title }}{%raw%} and {% include nowhere.html %}.</p>
<pre><code>{{&lt; highlight go &gt;}}</code></pre></div>
</article></body></html>
`

// genTemplateText migrates templatePost with preset and builds it: the
// build succeeds and the page shows the template text as written.
func genTemplateText(t *testing.T, preset, tool string) {
	dir := t.TempDir()
	genWrite(t, dir, map[string]string{"mirror/2022/01/06/templates/index.html": templatePost})
	site := filepath.Join(dir, "site")
	if code, _, stderr := genRun(t, "migrate", "--from", filepath.Join(dir, "mirror"), "--out", site, "--preset", preset); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var page string
	switch preset {
	case "hugo":
		genWrite(t, site, genHugoSkeleton)
		genBuild(t, site, tool, "--destination", "public", "--cleanDestinationDir")
		page, _ = genPage(t, filepath.Join(site, "public"), "/posts/templates/")
	case "jekyll":
		files := genCopy(genJekyllSkeleton)
		files["_config.yml"] = strings.Replace(files["_config.yml"], "plugins: [jekyll-redirect-from]", "plugins: []", 1)
		genWrite(t, site, files)
		genBuild(t, site, tool, "build", "--destination", "_site")
		page, _ = genPage(t, filepath.Join(site, "_site"), "/2022/01/06/templates/")
	}
	text := html.UnescapeString(page)
	// (Typographers turn the quotes into curly ones: they are left out.)
	for _, want := range []string{`{{< ref `, `/nowhere`, `{{% param `, `{{< highlight go >}}`, `{{ site.title }}`, `{% include nowhere.html %}`, `{%endraw%}`} {
		if !strings.Contains(text, want) {
			t.Errorf("%s does not show %s as written:\n%s", preset, want, page)
		}
	}
}

// genHugoRawHTML: a body with <sub> makes the summary name Hugo's unsafe
// setting, and Hugo shows the element only with it.
func genHugoRawHTML(t *testing.T, hugo string) {
	dir := t.TempDir()
	genWrite(t, dir, map[string]string{"mirror/2022/01/05/water/index.html": `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8"><title>Water &#8211; Lab</title>
<link rel="canonical" href="https://lab.example.org/2022/01/05/water/"></head>
<body class="single single-post postid-4"><article class="post-4 post type-post hentry">
<h1 class="entry-title">Water</h1>
<div class="entry-meta"><time class="entry-date published" datetime="2022-01-05T10:00:00+00:00">Jan 5</time></div>
<div class="entry-content"><p>Water is H<sub>2</sub>O.</p></div>
</article></body></html>
`})
	site := filepath.Join(dir, "site")
	code, _, stderr := genRun(t, "migrate", "--from", filepath.Join(dir, "mirror"), "--out", site, "--preset", "hugo")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "1 file holds raw HTML (<sub>): Hugo drops raw HTML unless the site config sets markup.goldmark.renderer.unsafe = true") {
		t.Errorf("the summary does not tell about raw HTML:\n%s", stderr)
	}
	genWrite(t, site, genHugoSkeleton)
	for _, unsafe := range []bool{false, true} {
		if unsafe {
			genWrite(t, site, map[string]string{"config.toml": genHugoSkeleton["config.toml"] + "[markup.goldmark.renderer]\n  unsafe = true\n"})
		}
		genBuild(t, site, hugo, "--destination", "public", "--cleanDestinationDir")
		page, _ := genPage(t, filepath.Join(site, "public"), "/posts/water/")
		if got := strings.Contains(page, "H<sub>2</sub>O"); got != unsafe {
			t.Errorf("unsafe = %v: <sub> shown: %v\n%s", unsafe, got, page)
		}
	}
}

func genHugo(t *testing.T, hugo string, cfg *Config) {
	dir := t.TempDir()
	posts, rep := genMigrate(t, "hugo", dir, cfg)
	if cfg != nil {
		for _, p := range posts {
			if !strings.HasSuffix(p.rel, "/index.md") && !strings.HasSuffix(p.rel, "/_index.md") {
				t.Errorf("%s is not a page bundle", p.rel)
			}
		}
	}
	genWrite(t, dir, genHugoSkeleton)
	out := genBuild(t, dir, hugo, "--destination", "public", "--cleanDestinationDir", "--panicOnWarning")
	for line := range strings.SplitSeq(out, "\n") {
		if strings.Contains(line, "WARN") || strings.Contains(line, "ERROR") {
			t.Errorf("hugo: %s", line)
		}
	}
	var summary strings.Builder
	rep.Summary(&summary)
	if strings.Contains(summary.String(), "unsafe") {
		t.Errorf("the fixture has no raw HTML, yet the summary asks for it:\n%s", summary.String())
	}
	for i := range posts {
		p := &posts[i]
		if p.kind == output.KindPost {
			p.url = "/posts/" + genEscapedPath(genString(p.fm["slug"])) + "/"
		} else {
			p.url = genEscapedPath("/" + strings.TrimSuffix(strings.TrimPrefix(p.rel, "content/"), ".md"))
			p.url = strings.TrimSuffix(strings.TrimSuffix(p.url, "_index"), "index")
			p.url = strings.TrimSuffix(p.url, "/") + "/"
		}
	}
	site := filepath.Join(dir, "public")
	genCheckSite(t, site, "https://new.example.org/", posts, "/posts/", genOldPaths(posts), nil)
	genCheckBodies(t, site, posts, "youtube-nocookie.com/embed/dQw4w9WgXcQ")
	// Hugo would have swallowed the page-less query alias.
	for _, p := range posts {
		if slices.Contains(genStrings(p.fm["aliases"]), "/?p=69") {
			t.Errorf("%s: an alias with a query", p.rel)
		}
	}
}

var genHugoSkeleton = map[string]string{
	"config.toml": `baseURL = "https://new.example.org/"
title = "Migrated"
languageCode = "en"
disableKinds = ["RSS", "sitemap", "robotsTXT", "404"]
enableRobotsTXT = false
[taxonomies]
  category = "categories"
  tag = "tags"
[privacy.youTube]
  privacyEnhanced = true
`,
	"layouts/_default/baseof.html": `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>{{ block "main" . }}{{ end }}</body></html>
`,
	"layouts/_default/single.html": `{{ define "main" }}<article>
<h1 class="title">{{ .Title }}</h1>
<time class="published" datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "2 January 2006" }}</time>
{{ range .GetTerms "tags" }}<a class="tags" href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>
{{ end }}{{ range .GetTerms "categories" }}<a class="categories" href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>
{{ end }}{{ with .Params.images }}{{ range . }}<img class="featured" src="{{ . }}" alt="">{{ end }}{{ end }}
{{ .Content }}
</article>{{ end }}
`,
	"layouts/_default/list.html": `{{ define "main" }}<h1 class="title">{{ .Title }}</h1>
<ul>{{ range .Pages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "2006-01-02" }}</time></li>
{{ end }}</ul>{{ end }}
`,
	"layouts/_default/taxonomy.html": `{{ define "main" }}<h1 class="title">{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{ end }}</ul>{{ end }}
`,
	"layouts/_default/term.html": `{{ define "main" }}<h1 class="title">{{ .Title }}</h1>
<section data-taxonomy="{{ .Data.Plural }}" data-term="{{ .Data.Term }}"><ul>{{ range .Pages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul></section>{{ end }}
`,
	"layouts/index.html": `{{ define "main" }}<h1 class="title">{{ .Site.Title }}</h1>{{ end }}
`,
}

// TestJekyllBuild migrates the fixture site with the jekyll preset into a
// minimal Jekyll site and builds it with the real Jekyll and
// jekyll-redirect-from.
func TestJekyllBuild(t *testing.T) {
	jekyll := genTool(t, "jekyll")
	t.Logf("generator: %s", genVersion(jekyll, "--version"))
	t.Run("template text", func(t *testing.T) { genTemplateText(t, "jekyll", jekyll) })
	plugin := exec.Command("ruby", "-e", `require "jekyll-redirect-from"; puts JekyllRedirectFrom::VERSION`)
	pv, err := plugin.Output()
	redirects := err == nil
	if redirects {
		t.Logf("plugin: jekyll-redirect-from %s", strings.TrimSpace(string(pv)))
	} else {
		t.Log("jekyll-redirect-from is not installed: redirect_from is checked in the front matter only")
	}
	dir := t.TempDir()
	posts, _ := genMigrate(t, "jekyll", dir, nil)
	files := genCopy(genJekyllSkeleton)
	if !redirects {
		files["_config.yml"] = strings.Replace(files["_config.yml"], "plugins: [jekyll-redirect-from]", "plugins: []", 1)
	}
	genWrite(t, dir, files)
	out := genBuild(t, dir, jekyll, "build", "--destination", "_site", "--strict_front_matter", "--trace")
	for line := range strings.SplitSeq(out, "\n") {
		if strings.Contains(line, "Warning") || strings.Contains(line, "Error") || strings.Contains(line, "Deprecation") {
			t.Errorf("jekyll: %s", line)
		}
	}
	old := map[string]string{}
	for i := range posts {
		p := &posts[i]
		u, _ := url.Parse(p.source)
		if p.kind == output.KindPost {
			p.url = genEscapedPath(genString(p.fm["permalink"]))
			// Jekyll keeps WordPress's own addresses.
			if p.url != genEscapedPath(u.Path) {
				t.Errorf("%s: served at %s, WordPress had %s", p.rel, p.url, u.Path)
			}
		} else {
			p.url = genEscapedPath("/" + strings.TrimSuffix(p.rel, "index.md"))
		}
		for _, from := range genStrings(p.fm["redirect_from"]) {
			old[genEscapedPath(from)] = p.url
		}
	}
	if old["/old-legion/"] == "" {
		t.Errorf("the crawl's redirect is not in any redirect_from: %v", old)
	}
	if !redirects {
		old = nil
	}
	site := filepath.Join(dir, "_site")
	genCheckSite(t, site, "https://new.example.org", posts, "/", old, nil)
	genCheckBodies(t, site, posts, "youtube-nocookie.com/embed/dQw4w9WgXcQ")
}

func genCopy(m map[string]string) map[string]string {
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

var genJekyllSkeleton = map[string]string{
	"_config.yml": `title: Migrated
url: "https://new.example.org"
timezone: UTC
plugins: [jekyll-redirect-from]
exclude: [".unpress"]
`,
	"_layouts/default.html": `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ page.title }}</title></head>
<body>{{ content }}</body></html>
`,
	"_layouts/post.html": `---
layout: default
---
<article>
<h1 class="title">{{ page.title | escape }}</h1>
<time class="published" datetime="{{ page.date | date_to_xmlschema }}">{{ page.date | date: "%-d %B %Y" }}</time>
{% for tag in page.tags %}<a class="tags" href="/tags/#{{ tag | slugify }}">{{ tag | escape }}</a>
{% endfor %}{% for cat in page.categories %}<a class="categories" href="/categories/#{{ cat | slugify }}">{{ cat | escape }}</a>
{% endfor %}{% if page.image %}<img class="featured" src="{{ page.image }}" alt="">{% endif %}
{{ content }}
</article>
`,
	"_layouts/page.html": `---
layout: default
---
<h1 class="title">{{ page.title | escape }}</h1>
{{ content }}
`,
	"index.html": `---
layout: default
title: Migrated
---
<ul>{% for post in site.posts %}<li><a href="{{ post.url }}">{{ post.title | escape }}</a> <time datetime="{{ post.date | date_to_xmlschema }}">{{ post.date | date: "%Y-%m-%d" }}</time></li>
{% endfor %}</ul>
`,
	"tags/index.html": `---
layout: default
title: Tags
---
{% for tag in site.tags %}<section data-taxonomy="tags" data-term="{{ tag[0] | escape }}"><h2 id="{{ tag[0] | slugify }}">{{ tag[0] | escape }}</h2><ul>{% for post in tag[1] %}<li><a href="{{ post.url }}">{{ post.title | escape }}</a></li>{% endfor %}</ul></section>
{% endfor %}
`,
	"categories/index.html": `---
layout: default
title: Categories
---
{% for cat in site.categories %}<section data-taxonomy="categories" data-term="{{ cat[0] | escape }}"><h2 id="{{ cat[0] | slugify }}">{{ cat[0] | escape }}</h2><ul>{% for post in cat[1] %}<li><a href="{{ post.url }}">{{ post.title | escape }}</a></li>{% endfor %}</ul></section>
{% endfor %}
`,
}

// TestEleventyBuild migrates the fixture site with the eleventy preset and
// builds it with the real Eleventy (@11ty/eleventy from npm).
func TestEleventyBuild(t *testing.T) {
	eleventy := genTool(t, "eleventy")
	t.Logf("generator: @11ty/eleventy %s", genVersion(eleventy, "--version"))
	dir := t.TempDir()
	posts, _ := genMigrate(t, "eleventy", dir, nil)
	genWrite(t, dir, genEleventySkeleton)
	out := genBuild(t, dir, eleventy, "--config=eleventy.config.cjs")
	for line := range strings.SplitSeq(out, "\n") {
		if strings.Contains(strings.ToLower(line), "warn") || strings.Contains(strings.ToLower(line), "error") {
			t.Errorf("eleventy: %s", line)
		}
	}
	for i := range posts {
		p := &posts[i]
		p.url = genEscapedPath(genString(p.fm["permalink"]))
		if p.kind == output.KindPost && !slices.Contains(genStrings(p.fm["tags"]), output.EleventyCollection) {
			t.Errorf("%s: not in the %s collection", p.rel, output.EleventyCollection)
		}
	}
	site := filepath.Join(dir, "_site")
	genCheckSite(t, site, "https://new.example.org", posts, "/", genOldPaths(posts), []string{output.EleventyCollection})
	genCheckBodies(t, site, posts, "youtube-nocookie.com/embed/dQw4w9WgXcQ")
}

var genEleventySkeleton = map[string]string{
	"eleventy.config.cjs": `module.exports = function (eleventyConfig) {
  eleventyConfig.addPassthroughCopy("img");
  eleventyConfig.ignores.add(".unpress/**");
  // Eleventy collects tags; categories are collected here.
  eleventyConfig.addCollection("byCategory", (api) => {
    const byCategory = {};
    for (const post of api.getFilteredByTag("posts")) {
      for (const cat of post.data.categories || []) {
        (byCategory[cat] ||= []).push(post);
      }
    }
    return byCategory;
  });
  return { dir: { input: ".", output: "_site" } };
};
`,
	"package.json": `{"private": true}
`,
	"posts/posts.11tydata.json": `{"layout": "post.njk"}
`,
	"about/about.11tydata.json": `{"layout": "page.njk"}
`,
	"_includes/base.njk": `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body>{{ content | safe }}</body></html>
`,
	"_includes/post.njk": `---
layout: base.njk
---
<article>
<h1 class="title">{{ title }}</h1>
<time class="published" datetime="{{ page.date.toISOString() }}">{{ page.date.toDateString() }}</time>
{% for tag in tags %}{% if tag != "posts" %}<a class="tags" href="/tags/">{{ tag }}</a>
{% endif %}{% endfor %}{% for cat in categories %}<a class="categories" href="/categories/">{{ cat }}</a>
{% endfor %}{% if image %}<img class="featured" src="{{ image }}" alt="">{% endif %}
{{ content | safe }}
</article>
`,
	"_includes/page.njk": `---
layout: base.njk
---
<h1 class="title">{{ title }}</h1>
{{ content | safe }}
`,
	"index.njk": `---
layout: base.njk
title: Migrated
---
<ul>{% for post in collections.posts | reverse %}<li><a href="{{ post.url }}">{{ post.data.title }}</a> <time datetime="{{ post.date.toISOString() }}">{{ post.date.toDateString() }}</time></li>
{% endfor %}</ul>
`,
	"tags.njk": `---
layout: base.njk
title: Tags
permalink: /tags/
eleventyExcludeFromCollections: true
---
{% for tag, list in collections %}{% if tag != "all" and tag != "posts" %}<section data-taxonomy="tags" data-term="{{ tag }}"><ul>{% for post in list %}<li><a href="{{ post.url }}">{{ post.data.title }}</a></li>{% endfor %}</ul></section>
{% endif %}{% endfor %}
`,
	"categories.njk": `---
layout: base.njk
title: Categories
permalink: /categories/
eleventyExcludeFromCollections: true
---
{% for cat, list in collections.byCategory %}<section data-taxonomy="categories" data-term="{{ cat }}"><ul>{% for post in list %}<li><a href="{{ post.url }}">{{ post.data.title }}</a></li>{% endfor %}</ul></section>
{% endfor %}
`,
}

// genField is one front-matter key of a target's documented schema.
type genField struct {
	key, typ string // string, date, bool, strings, image
	required bool
}

// genSchemas are the front matter the targets document for a blog post:
// decap from gatsby-starter-netlify-cms's static/admin/config.yml (blog
// collection), astro from the blog starter's content config (with
// heroImage a path under public/), eleventy from eleventy-base-blog.
var genSchemas = map[string][]genField{
	"decap": {
		{"templateKey", "string", true}, {"title", "string", true}, {"date", "date", true},
		{"description", "string", true}, {"featuredpost", "bool", true}, {"featuredimage", "image", false},
		{"tags", "strings", true}, {"categories", "strings", false}, {"author", "string", false},
		{"updated", "date", false}, {"draft", "bool", false},
	},
	"astro": {
		{"title", "string", true}, {"description", "string", true}, {"pubDate", "date", true},
		{"updatedDate", "date", false}, {"heroImage", "image", false},
		{"tags", "strings", false}, {"categories", "strings", false}, {"author", "string", false}, {"draft", "bool", false},
	},
	"eleventy": {
		{"title", "string", true}, {"date", "date", true}, {"permalink", "string", true}, {"tags", "strings", true},
		{"description", "string", false}, {"updated", "date", false}, {"image", "image", false},
		{"author", "string", false}, {"categories", "strings", false}, {"templateEngineOverride", "string", false},
		{"draft", "bool", false},
	},
}

// TestFrontMatterSchemas checks every post the decap, astro and eleventy
// presets write for the fixture against the target's documented schema:
// required keys, types, no key the schema does not know, images that
// exist where the site serves them from.
func TestFrontMatterSchemas(t *testing.T) {
	media := map[string]string{"decap": "static", "astro": "public", "eleventy": ""}
	for preset, schema := range genSchemas {
		t.Run(preset, func(t *testing.T) {
			dir := t.TempDir()
			posts, _ := genMigrate(t, preset, dir, nil)
			for _, p := range posts {
				if p.kind != output.KindPost {
					continue
				}
				for _, f := range schema {
					v, ok := p.fm[f.key]
					if !ok {
						if f.required {
							t.Errorf("%s: required %s missing", p.rel, f.key)
						}
						continue
					}
					if !genTyped(v, f.typ) {
						t.Errorf("%s: %s = %#v is not a %s", p.rel, f.key, v, f.typ)
					}
					if f.typ == "image" {
						ref, _ := v.(string)
						if _, err := os.Stat(filepath.Join(dir, media[preset], filepath.FromSlash(ref))); !strings.HasPrefix(ref, "/") || err != nil {
							t.Errorf("%s: %s %q is not a file the site serves", p.rel, f.key, ref)
						}
					}
				}
				for k := range p.fm {
					if !slices.ContainsFunc(schema, func(f genField) bool { return f.key == k }) {
						t.Errorf("%s: %s is not in the %s schema", p.rel, k, preset)
					}
				}
				switch preset {
				case "decap":
					if p.fm["templateKey"] != "blog-post" {
						t.Errorf("%s: templateKey %v", p.rel, p.fm["templateKey"])
					}
				case "astro":
					if !strings.HasPrefix(p.rel, "src/content/blog/") {
						t.Errorf("%s: not in the blog collection", p.rel)
					}
				case "eleventy":
					if pl := genString(p.fm["permalink"]); !strings.HasPrefix(pl, "/posts/") || !strings.HasSuffix(pl, "/") {
						t.Errorf("%s: permalink %q", p.rel, pl)
					}
					if tags := genStrings(p.fm["tags"]); len(tags) == 0 || tags[0] != output.EleventyCollection {
						t.Errorf("%s: tags %q do not start with the collection", p.rel, tags)
					}
				}
			}
			// Redirects: Astro's config object, the Eleventy template's list.
			switch preset {
			case "astro":
				var redirects map[string]string
				genReadJSON(t, filepath.Join(dir, "redirects.json"), &redirects)
				for _, p := range posts {
					u, _ := url.Parse(p.source)
					want := genEscapedPath(strings.TrimSuffix(strings.TrimPrefix(p.rel, "src/content"), ".md") + "/")
					if p.kind == output.KindPost && redirects[u.Path] != want {
						t.Errorf("redirects.json: %s → %q, want %q", u.Path, redirects[u.Path], want)
					}
				}
				if redirects["/old-legion/"] == "" || redirects["/?p=69"] != "" {
					t.Errorf("redirects.json: the crawl's redirects: %v", redirects)
				}
			case "eleventy":
				data, err := os.ReadFile(filepath.Join(dir, "redirects.njk"))
				if err != nil {
					t.Fatal(err)
				}
				fm := genFrontMatter(t, "redirects.njk", data)
				if n := len(fm["redirects"].([]any)); n != 9 { // 8 posts + /old-legion/
					t.Errorf("redirects.njk: %d redirects, want 9", n)
				}
			}
		})
	}
}

func genTyped(v any, typ string) bool {
	switch typ {
	case "string", "image":
		_, ok := v.(string)
		return ok
	case "date":
		_, ok := v.(time.Time)
		return ok
	case "bool":
		_, ok := v.(bool)
		return ok
	case "strings":
		list, ok := v.([]any)
		for _, x := range list {
			if _, isStr := x.(string); !isStr {
				return false
			}
		}
		return ok
	}
	return false
}
