package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/unpress/unpress/output"
	"github.com/unpress/unpress/transform"
)

// reviewBrowser starts a headless Chromium for the test, or skips it when
// there is none: .ci/run installs Debian's chromium.
func reviewBrowser(t *testing.T) context.Context {
	t.Helper()
	var path string
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		t.Skip("no browser: none of chromium, chromium-browser, google-chrome is on PATH, so the review page is not checked in one (apt-get install chromium)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox, // CI runs as root, where Chromium's sandbox refuses to start
		chromedp.WindowSize(1400, 1000),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	// Any CSP violation is noted, before the page's own script runs: the
	// page's script and style must be allowed by their hashes, and
	// nothing else is there to be refused.
	note := `window.__csp = []; document.addEventListener("securitypolicyviolation", e => window.__csp.push(e.violatedDirective + " " + e.blockedURI));`
	addNote := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: note})
		return err
	})
	if err := chromedp.Do(ctx, addNote); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	return ctx
}

// eval runs a JavaScript expression in the page and returns its value.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// openReview loads a review page and waits for its table.
func openReview(t *testing.T, ctx context.Context, file string) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(tctx, chromedp.Navigate("file://"+file), chromedp.WaitReady(chromedp.CSS("html[data-ready]"))); err != nil {
		t.Fatalf("loading %s: %v", file, err)
	}
}

// TestReviewPageInBrowser migrates the fixture site and reads its review
// page in a real headless Chromium as a person would: only the rows with
// warnings, then one row opened, its legacy fields with their sources
// beside the migrated file's rendered body.
func TestReviewPageInBrowser(t *testing.T) {
	ctx := reviewBrowser(t)
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"migrate", "--from", "../../fixtures/site", "--out", out, "--quiet"}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	file := filepath.Join(out, ".unpress", "report.html")
	openReview(t, ctx, file)

	// What the report says needs a look, among the posts and pages.
	var rep struct {
		Entries []struct {
			Kind, Status, Write string
			Warnings            []string
			Conflicts           []json.RawMessage
		}
	}
	data, err := os.ReadFile(filepath.Join(out, ".unpress", "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, e := range rep.Entries {
		if (e.Kind == "post" || e.Kind == "page" || e.Status == "failed") && (len(e.Warnings) > 0 || len(e.Conflicts) > 0 || e.Status == "failed" || e.Write == "conflict") {
			want++
		}
	}
	if all := eval[int](t, ctx, `document.querySelectorAll("#rows-table tbody tr").length`); all != 12 {
		t.Errorf("the table shows %d rows, want the fixture site's 10 posts and pages and its 2 skipped posts", all)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#warnonly"))); err != nil {
		t.Fatal(err)
	}
	titles := eval[[]string](t, ctx, `[...document.querySelectorAll("#rows-table tbody tr td:first-child")].map(td => td.textContent)`)
	if len(titles) != want || want != 6 {
		t.Errorf("only rows with warnings: %d rows %q, want the report's %d (6)", len(titles), titles, want)
	}
	const title = "The Long Read: Rebuilding a Small Newsroom Archive"
	row := eval[string](t, ctx, `[...document.querySelectorAll("#rows-table tbody tr")].find(tr => tr.cells[0].textContent === `+jsString(title)+`)?.dataset.row ?? ""`)
	if row == "" {
		t.Fatalf("no row %q among the rows with warnings %q", title, titles)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`tr[data-row="`+row+`"]`)), chromedp.WaitVisible(chromedp.CSS("#detail"))); err != nil {
		t.Fatal(err)
	}
	if got := eval[string](t, ctx, `document.querySelector("#detail h2").textContent`); got != title {
		t.Errorf("the opened row's title is %q, want %q", got, title)
	}
	// A field as extracted, with the theme rule that found it.
	author := eval[[]string](t, ctx, `[...document.querySelectorAll("#detail .fields tr")].filter(tr => tr.cells[0].textContent === "author").map(tr => tr.cells[1].textContent + " | " + tr.cells[2].textContent)`)
	if len(author) != 1 || author[0] != "Olena Kovalenko | classic-theme · author/byline" {
		t.Errorf("author field: %q, want the value and its source", author)
	}
	// The sources' disagreement on "previous" is highlighted, with the
	// value the theme had.
	conflict := eval[[]string](t, ctx, `[...document.querySelectorAll("#detail .fields tr.conflict")].map(tr => tr.cells[0].textContent + " | " + tr.querySelector(".other").textContent)`)
	if len(conflict) != 1 || conflict[0] != "previous | classic-theme said: Previous Post" {
		t.Errorf("highlighted conflicts: %q", conflict)
	}
	// The body rendered from the migrated Markdown: a heading and an
	// ordered list, not their Markdown.
	body := eval[[]string](t, ctx, `[document.querySelector("#detail .md h2")?.textContent ?? "", document.querySelector("#detail .md ol li")?.textContent ?? "", document.querySelector("#detail pre.front").textContent]`)
	if body[0] != "Where we started" || body[1] != "Make the inventory." || !strings.Contains(body[2], "title: 'The Long Read: Rebuilding a Small Newsroom Archive'") {
		t.Errorf("migrated side: heading %q, first list item %q, front matter %q", body[0], body[1], body[2])
	}
	if csp := eval[[]string](t, ctx, `window.__csp`); len(csp) != 0 {
		t.Errorf("Content-Security-Policy violations: %q", csp)
	}
	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	keepScreenshot(t, shot)
}

// keepScreenshot writes the review page's screenshot in the test's
// folder, a copy in $UNPRESS_ARTIFACTS when set, and the README's
// (docs/review.png) when UNPRESS_README_SCREENSHOT is set.
func keepScreenshot(t *testing.T, png []byte) {
	t.Helper()
	dirs := []string{t.TempDir()}
	if d := os.Getenv("UNPRESS_ARTIFACTS"); d != "" {
		dirs = append(dirs, d)
	}
	if os.Getenv("UNPRESS_README_SCREENSHOT") != "" {
		dirs = append(dirs, "../../docs")
	}
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "review.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", filepath.Join(d, "review.png"))
	}
}

// jsString quotes s for JavaScript.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// reviewLoadBudget is how long a 5,000-post site's review page may take
// to load in the browser.
const reviewLoadBudget = 2 * time.Second

// TestReviewPageLoadTime opens the review page of a 5,000-post site and
// times it, from navigation to the load event (the whole file parsed, the
// table drawn) as the browser counts it. The report is made through the
// output package, each post 784 words long: a real migration of that
// many pages takes 15 s, and its posts are shorter.
func TestReviewPageLoadTime(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 5,000-post site (-short: the race pass of .ci/run; the plain pass runs it)")
	}
	ctx := reviewBrowser(t)
	out := t.TempDir()
	const posts = 5000
	start := time.Now()
	syntheticReport(t, out, posts)
	file := filepath.Join(out, ".unpress", "report.html")
	info, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote a %d-post review page of %.1f MB in %v", posts, float64(info.Size())/(1<<20), time.Since(start).Round(time.Millisecond))
	openReview(t, ctx, file)
	timing := eval[[]float64](t, ctx, `(() => { const n = performance.getEntriesByType("navigation")[0]; return [performance.getEntriesByName("ready")[0].startTime, n.domContentLoadedEventEnd, n.loadEventEnd]; })()`)
	rows := eval[int](t, ctx, `JSON.parse(document.getElementById("rows").textContent).length`)
	t.Logf("%d rows: table drawn at %.0f ms, DOMContentLoaded at %.0f ms, load at %.0f ms", rows, timing[0], timing[1], timing[2])
	if rows != posts {
		t.Errorf("%d rows, want %d", rows, posts)
	}
	if load := time.Duration(timing[2] * float64(time.Millisecond)); load > reviewLoadBudget {
		t.Errorf("the page loaded in %v, over the %v budget", load, reviewLoadBudget)
	}
	// Sorting by words and opening the longest post works at this size.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#rows-table th:nth-child(8)`)), chromedp.Click(chromedp.CSS(`#rows-table th:nth-child(8)`)),
		chromedp.Click(chromedp.CSS(`#rows-table tbody tr`)), chromedp.WaitVisible(chromedp.CSS("#detail .md"))); err != nil {
		t.Fatal(err)
	}
	if words := eval[string](t, ctx, `document.querySelector("#detail .md").previousSibling.textContent`); words != "791 words" {
		t.Errorf("the longest post: %q, want 791 words", words)
	}
}

// syntheticReport writes n posts of 784 words (one of 791) and their report,
// as a migration would, into out.
func syntheticReport(t *testing.T, out string, n int) {
	t.Helper()
	rep := &output.Report{Preset: "decap"}
	defer rep.Close()
	para := strings.Repeat("The archive moved with the newsroom, and every article kept its address. ", 8)
	for i := range n {
		post := &transform.Post{
			Head: transform.Head{
				SourceURL: fmt.Sprintf("https://legacy.example.org/%d/post-%d/", 2010+i%12, i),
				Kind:      "post", Title: fmt.Sprintf("Post number %d about the archive", i), Slug: fmt.Sprintf("post-%d", i),
				Published: time.Date(2010, 1, 1, 9, 0, 0, 0, time.UTC).AddDate(0, 0, i),
			},
			Details: transform.Details{
				Author:     []string{"Olena Kovalenko", "María García-Núñez", "Anna Berg"}[i%3],
				Categories: []transform.Category{{Name: []string{"News", "Technology", "Travel"}[i%3]}},
				Tags:       []string{"archive", fmt.Sprintf("tag-%d", i%40)},
				Sources:    map[string]string{"title": "classic-theme", "author": "json-ld"},
			},
		}
		if i%25 == 0 {
			post.Warnings = []string{"no featured image found"}
		}
		e := output.NewEntry(post)
		e.Origin = fmt.Sprintf("post-%d/index.html", i)
		e.Status, e.Write, e.Output = output.StatusWritten, output.Created, fmt.Sprintf("src/pages/blog/post-%d.md", i)
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: %s\nauthor: %s\n---\n\n", post.Title, post.Author)
		for k := range 8 {
			fmt.Fprintf(&b, "## Part %d\n\n%s\n\n", k+1, para)
		}
		if i == n/2 {
			b.WriteString("One more line makes it the longest.\n") // 7 words
		}
		file := filepath.Join(out, filepath.FromSlash(e.Output))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		rep.Add(e)
	}
	if err := output.WriteReport(out, rep); err != nil {
		t.Fatal(err)
	}
}

// A dry run writes nothing in the output, and its review page, in the
// temporary folder, shows each file as it would be written and its diff.
func TestDryRunReviewPage(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	out := filepath.Join(t.TempDir(), "out")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"migrate", "--from", "../../fixtures/site", "--out", out, "--dry-run", "--stat"}, nil, &stdout, &stderr); code != exitChanges {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("the dry run made %s", out)
	}
	_, rest, ok := strings.Cut(stderr.String(), "dry run: review page: ")
	file, _, _ := strings.Cut(rest, "\n")
	if !ok || filepath.Dir(file) != os.TempDir() {
		t.Fatalf("no review page in the temporary folder named: %s", stderr.String())
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	page := string(data)
	var sum struct {
		DryRun  bool        `json:"dry_run"`
		Changes [][2]string `json:"changes"`
	}
	if err := json.Unmarshal([]byte(jsonBlock(t, page, "summary")), &sum); err != nil {
		t.Fatal(err)
	}
	i := slices.Index(sum.Changes, [2]string{"src/pages/blog/long-read.md", "created"})
	if !sum.DryRun || len(sum.Changes) != 18 || i < 0 {
		t.Fatalf("summary: dry run %v, %d changes %q", sum.DryRun, len(sum.Changes), sum.Changes)
	}
	var diff string
	json.Unmarshal([]byte(jsonBlock(t, page, fmt.Sprintf("c%d", i))), &diff)
	if !strings.HasPrefix(diff, "--- /dev/null\n+++ b/src/pages/blog/long-read.md\n") || !strings.Contains(diff, "\n+## Where we started\n") {
		t.Errorf("long-read.md's diff:\n%.300s", diff)
	}
	// Its row opens the file as it would be written, though none is.
	if !strings.Contains(page, `"file":"src/pages/blog/long-read.md","front":"templateKey: blog-post\n`) || !strings.Contains(page, `\u003ch2\u003eWhere we started\u003c/h2\u003e`) || !strings.Contains(page, fmt.Sprintf(`"change":%d}`, i)) {
		t.Error("long-read.md's row does not show the file it would write")
	}
}

// jsonBlock returns the review page's JSON block of that id.
func jsonBlock(t *testing.T, page, id string) string {
	t.Helper()
	_, rest, ok := strings.Cut(page, `<script type="application/json" id="`+id+`">`)
	block, _, _ := strings.Cut(rest, "</script>")
	if !ok {
		t.Fatalf("no block %s", id)
	}
	return block
}
