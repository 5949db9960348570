package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/unpress/unpress/output"
	"github.com/unpress/unpress/scrape/corpustest"
)

// The check that no written file points at a local file that is not in
// the output: a featured image or a body image whose copy was never made
// is a broken picture on the new site, where the legacy URL would still
// have shown it.

// mdDest is a Markdown link or image destination, "](dest" (a title after
// a space is not part of it); htmlRef a src or href in raw HTML.
var (
	mdDest  = regexp.MustCompile(`\]\(([^)\s]+)`)
	htmlRef = regexp.MustCompile(`(?i)\s(?:src|href)\s*=\s*["']([^"']+)["']`)
)

// danglingRefs lists the site-relative references in the written files
// (tree: slash path → bytes, as readTree gives) that resolve to no file of
// the output: body links and images against the URL each written Markdown
// file is served at (preset.URLFor) and the media folder, front-matter
// values in the media folder against the files there. Each is "FILE: REF".
func danglingRefs(t *testing.T, tree map[string][]byte, preset *output.Preset) []string {
	t.Helper()
	served := map[string]bool{}
	mediaURL := strings.TrimSuffix(preset.MediaURL, "/") + "/"
	for rel := range tree {
		switch {
		case strings.HasPrefix(rel, ".unpress/"):
		case strings.HasPrefix(rel, preset.MediaDir+"/"):
			served[mediaURL+strings.TrimPrefix(rel, preset.MediaDir+"/")] = true
		case strings.HasSuffix(rel, ".md"):
			served[preset.URLFor(rel)] = true
		}
	}
	var bad []string
	check := func(rel, ref string) {
		if p, ok := sitePath(ref); ok && !served[p] {
			bad = append(bad, rel+": "+ref)
		}
	}
	for rel, data := range tree {
		if !strings.HasSuffix(rel, ".md") || strings.HasPrefix(rel, ".unpress/") {
			continue
		}
		head, body := splitFrontMatter(data)
		var fm any
		if err := yaml.Unmarshal(head, &fm); err != nil {
			t.Errorf("%s: front matter: %v", rel, err)
		}
		for _, s := range yamlStrings(fm) {
			if strings.HasPrefix(s, mediaURL) {
				check(rel, s)
			}
		}
		for _, re := range []*regexp.Regexp{mdDest, htmlRef} {
			for _, m := range re.FindAllSubmatch(body, -1) {
				check(rel, string(m[1]))
			}
		}
	}
	slices.Sort(bad)
	return bad
}

// sitePath is the decoded path of a site-relative reference ("/blog/x/#a"
// → "/blog/x/"); ok is false for absolute URLs, fragments and the like.
func sitePath(ref string) (string, bool) {
	if !strings.HasPrefix(ref, "/") || strings.HasPrefix(ref, "//") {
		return "", false
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ref, true
	}
	p := u.Path
	if strings.HasSuffix(p, "/") || path.Ext(p) == "" {
		p = strings.TrimSuffix(p, "/") + "/"
	}
	return p, true
}

// splitFrontMatter splits a written file into its YAML front matter and
// its body.
func splitFrontMatter(data []byte) (head, body []byte) {
	rest, ok := bytes.CutPrefix(data, []byte("---\n"))
	if !ok {
		return nil, data
	}
	head, body, ok = bytes.Cut(rest, []byte("\n---\n"))
	if !ok {
		return nil, data
	}
	return head, body
}

// yamlStrings is every string in a decoded YAML value.
func yamlStrings(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, e := range v {
			out = append(out, yamlStrings(e)...)
		}
		return out
	case map[string]any:
		var out []string
		for _, e := range v {
			out = append(out, yamlStrings(e)...)
		}
		return out
	}
	return nil
}

// assertNoDangling fails the test for every dangling reference in tree.
func assertNoDangling(t *testing.T, tree map[string][]byte, presetName string) {
	t.Helper()
	preset, err := output.LookupPreset(presetName)
	if err != nil {
		t.Fatal(err)
	}
	if len(tree) == 0 {
		t.Fatal("no files written")
	}
	for _, ref := range danglingRefs(t, tree, preset) {
		t.Errorf("dangling local reference: %s", ref)
	}
}

// TestDanglingRefs: the check finds a local image, link or front-matter
// value that names no file of the output, and passes what does.
func TestDanglingRefs(t *testing.T) {
	tree := map[string][]byte{
		"src/pages/blog/a.md": []byte("---\ntitle: A\nfeaturedimage: /img/gone.jpg\nlist:\n  - /img/x.jpg\n---\n\n" +
			"![x](/img/x.jpg \"t\") [b](/blog/b/#top) [c](/blog/c/) ![y](https://old.example/y.jpg)\n" +
			"<img src=\"/img/nope.png\"> [top](#top)\n"),
		"src/pages/blog/b.md":  []byte("---\ntitle: B\n---\n\n[a](/blog/a/)\n"),
		"static/img/x.jpg":     []byte("x"),
		".unpress/report.json": []byte("{}"),
	}
	preset, err := output.LookupPreset("decap")
	if err != nil {
		t.Fatal(err)
	}
	got := danglingRefs(t, tree, preset)
	want := []string{"src/pages/blog/a.md: /blog/c/", "src/pages/blog/a.md: /img/gone.jpg", "src/pages/blog/a.md: /img/nope.png"}
	if !slices.Equal(got, want) {
		t.Errorf("dangling = %q, want %q", got, want)
	}
}

// TestThemeUnitTestNoDangling migrates the theme unit test export, whose
// uploads are on another host, with no --media-from: nothing can be
// copied, and no preset's output may point at a local file for it. Every
// upload a post uses is reported missing and counted as hot-linked: the
// export's attachments name the host they are on.
func TestThemeUnitTestNoDangling(t *testing.T) {
	wxr := corpustest.Path(t, "wxr/themeunittestdata.wordpress.xml")
	for _, preset := range output.PresetNames() {
		t.Run(preset, func(t *testing.T) {
			out := t.TempDir()
			var stderr bytes.Buffer
			if code := run(context.Background(), migrateArgs(wxr, out, "--preset", preset), nil, &bytes.Buffer{}, &stderr); code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			tree := readTree(t, out)
			assertNoDangling(t, tree, preset)
			var rep struct{ Totals output.Totals }
			if err := json.Unmarshal(tree[".unpress/report.json"], &rep); err != nil {
				t.Fatal(err)
			}
			if rep.Totals.Hotlinked == 0 || rep.Totals.Hotlinked != rep.Totals.MediaMissing || rep.Totals.MediaCopied != 0 {
				t.Errorf("hot-linked %d, missing %d, copied %d: want every upload used missing and hot-linked", rep.Totals.Hotlinked, rep.Totals.MediaMissing, rep.Totals.MediaCopied)
			}
		})
	}
}
