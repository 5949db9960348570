package main

import (
	"context"
	"fmt"
	"github.com/spf13/pflag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/unpress/unpress/scrape/crawl/crawltest"
)

// TestActiveMedia: uploads a post links to that would run as the new
// site's own pages (HTML, scripts, an SVG with a script) stay on the old
// site by default, named in a warning and the summary, the post linking
// there; an inert SVG is copied; --allow-active-media copies them all
// (issue 13).
func TestActiveMedia(t *testing.T) {
	dir := t.TempDir()
	up := "https://act.example.org/wp-content/uploads/2022/01/"
	genWrite(t, dir, map[string]string{
		"mirror/2022/01/07/files/index.html": `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8"><title>Files &#8211; Act</title>
<link rel="canonical" href="https://act.example.org/2022/01/07/files/"></head>
<body class="single single-post postid-7"><article class="post-7 post type-post hentry">
<h1 class="entry-title">Files</h1>
<div class="entry-meta"><time class="entry-date published" datetime="2022-01-07T10:00:00+00:00">Jan 7</time></div>
<div class="entry-content"><p>A <a href="` + up + `page.html">page</a>, a <a href="` + up + `tool.js">script</a>,
a drawing <img src="` + up + `bad.svg" alt="bad"> and another <img src="` + up + `good.svg" alt="good">.</p></div>
</article></body></html>
`,
		"mirror/wp-content/uploads/2022/01/page.html": `<script>steal(document.cookie)</script>`,
		"mirror/wp-content/uploads/2022/01/tool.js":   `steal(document.cookie)`,
		"mirror/wp-content/uploads/2022/01/bad.svg":   `<svg xmlns="http://www.w3.org/2000/svg" onload="steal()"><circle r="1"/></svg>`,
		"mirror/wp-content/uploads/2022/01/good.svg":  `<svg xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg>`,
	})
	out := filepath.Join(dir, "out")
	code, _, stderr := runCmd(context.Background(), "migrate", "--from", filepath.Join(dir, "mirror"), "--out", out, "--preset", "hugo")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	body, err := os.ReadFile(filepath.Join(out, "content", "posts", "files.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"page.html", "tool.js", "bad.svg"} {
		if _, err := os.Stat(filepath.Join(out, "static", "img", "act.example.org-"+name)); err == nil {
			t.Errorf("%s was copied", name)
		}
		if !strings.Contains(string(body), "("+up+name+")") {
			t.Errorf("the post does not link to %s on the old site:\n%s", name, body)
		}
		if !strings.Contains(stderr, up+name+": active content") {
			t.Errorf("no warning names %s:\n%s", name, stderr)
		}
	}
	if !strings.Contains(string(body), "good.svg") || strings.Contains(string(body), "("+up+"good.svg)") {
		t.Errorf("the inert SVG is not served from the new site:\n%s", body)
	}
	if !strings.Contains(stderr, "media: 3 with active content (HTML, scripts) left on the old site") {
		t.Errorf("the summary does not count them:\n%s", stderr)
	}

	out2 := filepath.Join(dir, "out2")
	if code, _, stderr := runCmd(context.Background(), "migrate", "--from", filepath.Join(dir, "mirror"), "--out", out2, "--preset", "hugo", "--allow-active-media", "--quiet"); code != exitOK {
		t.Fatalf("--allow-active-media: exit %d: %s", code, stderr)
	}
	body, _ = os.ReadFile(filepath.Join(out2, "content", "posts", "files.md"))
	if strings.Contains(string(body), up) {
		t.Errorf("--allow-active-media still links to the old site:\n%s", body)
	}
}

// TestCrawlBoundedByDefault: without --max-pages a crawl stops at
// defaultMaxPages (a spider trap ends); --max-pages 0 lifts the bound.
func TestCrawlBoundedByDefault(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want int
	}{{nil, 100_000}, {[]string{"--max-pages", "0"}, 0}, {[]string{"--max-pages", "7"}, 7}} {
		fs := pflag.NewFlagSet("migrate", pflag.ContinueOnError)
		var o sourceOptions
		addSourceFlags(fs, &o)
		if err := fs.Parse(tc.args); err != nil {
			t.Fatal(err)
		}
		if o.maxPages != tc.want {
			t.Errorf("%v: max pages %d, want %d", tc.args, o.maxPages, tc.want)
		}
	}
}

// TestPruneGuard: --prune deletes nothing when the source yields no posts
// (an empty mirror) or when over a tenth of the earlier run's files (and
// more than a few) would go, and says so with exit 3; --prune-all deletes
// them (issue 13).
func TestPruneGuard(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	for i := range 30 {
		slug := fmt.Sprintf("post-%02d", i)
		runWriteFile(t, filepath.Join(site, "2022", "03", "01", slug, "index.html"),
			runPost(strconv.Itoa(i+1), slug, "Post "+slug, "2022-03-01T10:00:00+00:00", "Text of "+slug+"."))
	}
	out := filepath.Join(dir, "out")
	if code, _, stderr := runCmd(context.Background(), "migrate", "--from", site, "--out", out, "--quiet"); code != exitOK {
		t.Fatalf("first run: %d %s", code, stderr)
	}
	posts := func() int {
		files, _ := os.ReadDir(filepath.Join(out, "src", "pages", "blog"))
		return len(files)
	}
	if posts() != 30 {
		t.Fatalf("%d posts written, want 30", posts())
	}

	// An empty mirror: nothing is deleted.
	empty := filepath.Join(dir, "empty")
	os.MkdirAll(empty, 0o755)
	runWriteFile(t, filepath.Join(empty, "index.html"), "<html><body class=\"home blog\"></body></html>")
	code, _, stderr := runCmd(context.Background(), "migrate", "--from", empty, "--out", out, "--prune", "--quiet", "--base-url", "https://run.example.org/")
	if code != exitPageErrors || !strings.Contains(stderr, "--prune: the source yielded no posts") || posts() != 30 {
		t.Errorf("empty mirror with --prune: exit %d, %d posts left, stderr:\n%s", code, posts(), stderr)
	}

	// Twelve of thirty posts gone: over a tenth, nothing is deleted ...
	for i := range 12 {
		os.RemoveAll(filepath.Join(site, "2022", "03", "01", fmt.Sprintf("post-%02d", i)))
	}
	code, _, stderr = runCmd(context.Background(), "migrate", "--from", site, "--out", out, "--prune", "--quiet")
	if code != exitPageErrors || !strings.Contains(stderr, "--prune: 12 of the 30 files of the earlier run would be deleted, more than a tenth: nothing deleted") || posts() != 30 {
		t.Errorf("12 of 30 gone with --prune: exit %d, %d posts left, stderr:\n%s", code, posts(), stderr)
	}
	// ... and --prune-all deletes them.
	if code, _, stderr := runCmd(context.Background(), "migrate", "--from", site, "--out", out, "--prune-all", "--quiet"); code != exitOK || posts() != 18 {
		t.Errorf("--prune-all: exit %d, %d posts left (want 18), stderr:\n%s", code, posts(), stderr)
	}
}

// TestLockBeforeCrawl: an output folder another process holds stops a run
// before it sends a single request, instead of after crawling the whole
// site (issue 13).
func TestLockBeforeCrawl(t *testing.T) {
	srv := crawltest.New(t, crawltest.Options{Dir: "../../fixtures/site"})
	out := t.TempDir()
	os.MkdirAll(filepath.Join(out, ".unpress"), 0o755)
	// PID 1 always runs: the lock is held.
	if err := os.WriteFile(filepath.Join(out, ".unpress", "lock"), []byte("1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCmd(context.Background(), "migrate", "--from", srv.URL+"/", "--out", out, "--delay", "0", "--quiet")
	if code != exitError || !strings.Contains(stderr, "output folder is in use: unpress process 1 holds .unpress/lock") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if n := len(srv.Times()); n != 0 {
		t.Errorf("%d requests sent before the lock was tried", n)
	}
}
