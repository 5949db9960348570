package output

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/unpress/unpress/transform"
)

// reviewData returns the JSON blocks of a review page by id.
func reviewData(t *testing.T, page string) map[string]string {
	t.Helper()
	blocks := map[string]string{}
	for _, m := range regexp.MustCompile(`(?s)<script type="application/json" id="([^"]+)">(.*?)</script>`).FindAllStringSubmatch(page, -1) {
		if !json.Valid([]byte(m[2])) {
			t.Errorf("block %s is not JSON: %.200s", m[1], m[2])
		}
		blocks[m[1]] = m[2]
	}
	return blocks
}

// writeReviewFiles writes files under a new output folder.
func writeReviewFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// The legacy site's text never becomes markup or script on the review
// page: not in a title, a field or a warning (JSON that cannot close its
// script element), not in a body (raw HTML shown as code, dangerous link
// targets dropped, images as placeholders).
func TestReviewPageEscapesTheLegacySite(t *testing.T) {
	hostile := `</script><script>alert(1)</script>`
	post := &transform.Post{
		Head:    transform.Head{SourceURL: "https://x.org/evil/", Kind: "post", Title: hostile, Slug: "evil"},
		Details: transform.Details{Author: `<img src=x onerror=alert(2)>`, Warnings: []string{hostile}},
	}
	e := NewEntry(post)
	e.Status, e.Output, e.Write = StatusWritten, "content/evil.md", Created
	root := writeReviewFiles(t, map[string]string{"content/evil.md": "---\ntitle: '</script>'\n---\n\n" +
		"Text <script>alert(3)</script> and <img src=x onerror=alert(4)>.\n\n" +
		"<div onclick=\"alert(5)\">block</div>\n\n" +
		"[click](javascript:alert(6)) and ![a photo](https://x.org/p.jpg \"t\")\n"})
	rep := &Report{}
	defer rep.Close()
	rep.Add(e)
	var b bytes.Buffer
	if err := rep.WriteHTML(&b, ReviewOptions{Root: root}); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	// Handlers stay in the page only as text (escaped in JSON, no "<").
	for _, bad := range []string{"<script>alert", "<img", "<div onclick", "javascript:", "</script><script>"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page holds %q", bad)
		}
	}
	var d reviewDetail
	if err := json.Unmarshal([]byte(reviewData(t, page)["d0"]), &d); err != nil {
		t.Fatal(err)
	}
	want := `<p>Text <code class="raw">&lt;script&gt;</code>alert(3)<code class="raw">&lt;/script&gt;</code> and <code class="raw">&lt;img src=x onerror=alert(4)&gt;</code>.</p>
<pre class="raw"><code>&lt;div onclick=&#34;alert(5)&#34;&gt;block&lt;/div&gt;
</code></pre>
<p><a href="">click</a> and <span class="img" title="https://x.org/p.jpg">image: a photo</span></p>
`
	if d.Body != want {
		t.Errorf("body:\n%s\nwant:\n%s", d.Body, want)
	}
	if d.Front != "title: '</script>'\n" || d.Fields[0] != [4]string{"title", hostile, "", ""} {
		t.Errorf("front matter %q, first field %q: not kept as text", d.Front, d.Fields[0])
	}
}

// The page runs its own script and style and nothing else: the
// Content-Security-Policy allows exactly those by their hashes, fetches
// nothing, and the page has no other script that would run.
func TestReviewPageCSP(t *testing.T) {
	rep := sampleReport()
	defer rep.Close()
	var b bytes.Buffer
	if err := rep.WriteHTML(&b, ReviewOptions{Root: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	csp := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]+)">`).FindStringSubmatch(page)
	if csp == nil {
		t.Fatal("no Content-Security-Policy")
	}
	policy := strings.ReplaceAll(csp[1], "&#39;", "'")
	hash := func(s string) string {
		sum := sha256.Sum256([]byte(s))
		return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	}
	scripts := regexp.MustCompile(`(?s)<script>(.*?)</script>`).FindAllStringSubmatch(page, -1)
	styles := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindAllStringSubmatch(page, -1)
	if len(scripts) != 1 || len(styles) != 1 {
		t.Fatalf("%d scripts and %d styles, want one of each", len(scripts), len(styles))
	}
	want := "default-src 'none'; script-src " + hash(scripts[0][1]) + "; style-src " + hash(styles[0][1]) + "; img-src 'none'; base-uri 'none'; form-action 'none'"
	if policy != want {
		t.Errorf("policy\n%s\nwant\n%s", policy, want)
	}
	if n := strings.Count(page, "<script"); n != 1+len(reviewData(t, page)) {
		t.Errorf("%d script elements, not the page's one and its JSON blocks", n)
	}
	if regexp.MustCompile(`(?i)\son[a-z]+=|style=|src=|href=`).MatchString(strings.Replace(page, scripts[0][1], "", 1)) {
		t.Error("the page's markup has a handler, style, source or link of its own")
	}
}

// Each row has the entry's table line and the detail it opens: fields
// with their sources in the report's order, conflicts, and the migrated
// file (the new version beside a hand-edited file), its words counted.
func TestReviewPageRows(t *testing.T) {
	root := writeReviewFiles(t, map[string]string{
		"content/posts/legion.md":           "---\ntitle: Legion\n---\n\nFour *words* in [here](/x/) — a*b*.\n\n```\nnot counted\n```\n",
		"content/about.md":                  "---\ntitle: About (edited by hand)\n---\n\nMine.\n",
		"content/about.md" + ConflictSuffix: "---\ntitle: About\n---\n\nThe new about page.\n",
	})
	rep := sampleReport()
	defer rep.Close()
	rep.SetRedirects([][2]string{{"/2022/03/11/legion/", "/blog/legion/"}})
	var b bytes.Buffer
	if err := rep.WriteHTML(&b, ReviewOptions{Root: root}); err != nil {
		t.Fatal(err)
	}
	blocks := reviewData(t, b.String())
	var rows [][]any
	if err := json.Unmarshal([]byte(blocks["rows"]), &rows); err != nil {
		t.Fatal(err)
	}
	// Sorted by source URL, as in report.json.
	wantRows := `[["Legion","post","written","2022-03-11T15:42:00+02:00","","",["News / War"],["a"],"",5,["no description"],1,"created","","https://x.org/2022/03/11/legion/","content/posts/legion.md"],` +
		`["","page","written","","","",[],[],"",4,[],0,"conflict","","https://x.org/about/","content/about.md"],` +
		`["","post","failed","","","",[],[],"",0,[],0,"","extract: no article","https://x.org/broken/",""],` +
		`["","listing","skipped","","","",[],[],"",0,[],0,"","listing","https://x.org/category/news/",""]]`
	if got, _ := json.Marshal(rows); string(got) != wantRows {
		t.Errorf("rows:\n%s\nwant:\n%s", got, wantRows)
	}
	var d0, d1 reviewDetail
	json.Unmarshal([]byte(blocks["d0"]), &d0)
	json.Unmarshal([]byte(blocks["d1"]), &d1)
	if d0.Fields[0] != [4]string{"title", "Legion", "json-ld", ""} || d0.Fields[2] != [4]string{"published", "2022-03-11T15:42:00+02:00", "meta", ""} {
		t.Errorf("fields %q", d0.Fields)
	}
	if len(d0.Conflicts) != 1 || d0.Conflicts[0] != [6]string{"title", "Legion", "json-ld", "Legion | Site", "title-tag", ""} {
		t.Errorf("conflicts %q", d0.Conflicts)
	}
	if !strings.Contains(d0.Body, "<em>words</em>") || d0.Words != 5 {
		t.Errorf("body %q, %d words", d0.Body, d0.Words)
	}
	if d1.File != "content/about.md"+ConflictSuffix || !strings.Contains(d1.Body, "The new about page.") {
		t.Errorf("a write conflict shows %s: %q", d1.File, d1.Body)
	}
	var sum reviewSummary
	json.Unmarshal([]byte(blocks["summary"]), &sum)
	if len(sum.Redirects) != 1 || sum.Totals.PagesRead != 4 || sum.DryRun {
		t.Errorf("summary: %+v", sum)
	}
}
