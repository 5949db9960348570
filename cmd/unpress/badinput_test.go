package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/unpress/unpress/scrape"
)

// classicPost is a small classic-theme post page.
func classicPost(permalink, title, date, body string) string {
	return fmt.Sprintf(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>%[2]s – Bad Input</title>
<link rel="canonical" href="https://bad.example.net%[1]s"></head>
<body class="single single-post postid-1"><article class="post hentry"><h1 class="entry-title">%[2]s</h1>
<div class="entry-meta"><time class="entry-date published" datetime="%[3]s">x</time> <span class="byline"><span class="author vcard"><a class="url fn n" href="/author/a/">Ann</a></span></span></div>
<div class="entry-content">%[4]s</div></article></body></html>`, permalink, title, date, body)
}

type reportEntry struct {
	SourceURL string   `json:"source_url"`
	Status    string   `json:"status"`
	Reason    string   `json:"reason"`
	Output    string   `json:"output"`
	Warnings  []string `json:"warnings"`
}

func readReport(t *testing.T, out string) (entries []reportEntry, collisions int) {
	t.Helper()
	var rep struct {
		Totals struct {
			Collisions int `json:"collisions"`
		} `json:"totals"`
		Entries []reportEntry `json:"entries"`
	}
	data, err := os.ReadFile(filepath.Join(out, ".unpress", "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	return rep.Entries, rep.Totals.Collisions
}

// TestBadInput runs migrate over a site with one good post and one bad
// input each, and asserts what happens to both: the bad page gets a clear
// per-page outcome, the run goes on, the exit code tells, and nothing is
// written outside the output folder or half-written inside it.
func TestBadInput(t *testing.T) {
	good := classicPost("/2022/01/01/good/", "Good Post", "2022-01-01T10:00:00+02:00", "<p>Fine text that is long enough.</p>")
	deep := strings.Repeat("<div>", 10000) + "<p>deep text</p>" + strings.Repeat("</div>", 10000)
	long := strings.Repeat("a", 300)
	truncated := classicPost("/2022/01/02/cut/", "Cut Short", "2022-01-02T10:00:00+02:00", "<p>The text stops in the middle of a sentence and")
	truncated = truncated[:len(truncated)-40] // mid-paragraph, no closing tags
	tests := []struct {
		name   string
		files  map[string]string // path in the mirror -> content
		setup  func(t *testing.T, site, out string)
		code   int
		check  func(t *testing.T, out string, entries []reportEntry, collisions int)
		reason string // a failed entry's reason must contain it
	}{
		{
			name:  "truncated HTML is read as far as it goes",
			files: map[string]string{"2022/01/02/cut/index.html": truncated},
			code:  exitOK,
			check: func(t *testing.T, out string, _ []reportEntry, _ int) {
				if data := mustRead(t, filepath.Join(out, "src/pages/blog/cut.md")); !bytes.Contains(data, []byte("title: Cut Short")) {
					t.Errorf("cut.md:\n%s", data)
				}
			},
		},
		{
			name: "a page over the size limit is reported, not loaded",
			setup: func(t *testing.T, site, _ string) {
				p := filepath.Join(site, "2022/01/03/huge/index.html")
				os.MkdirAll(filepath.Dir(p), 0o755)
				f, err := os.Create(p)
				if err != nil {
					t.Fatal(err)
				}
				f.Truncate(50 << 20) // 50 MB, sparse
				f.Close()
			},
			code:   exitPageErrors,
			reason: fmt.Sprintf("2022/01/03/huge/index.html: 52428800 bytes is over the %d-byte page limit", scrape.MaxPageBytes),
		},
		{
			name:  "invalid UTF-8 in a page that says UTF-8 is read as windows-1252",
			files: map[string]string{"2022/01/04/latin/index.html": classicPost("/2022/01/04/latin/", "Caf\xe9 cr\xe8me", "2022-01-04T10:00:00+02:00", "<p>Na\xefve text, long enough to describe.</p>")},
			code:  exitOK,
			check: func(t *testing.T, out string, _ []reportEntry, _ int) {
				if data := mustRead(t, filepath.Join(out, "src/pages/blog/latin.md")); !bytes.Contains(data, []byte("title: Café crème")) {
					t.Errorf("latin.md:\n%s", data)
				}
			},
		},
		{
			name:  "a page declaring windows-1251 that is really UTF-8",
			files: map[string]string{"2022/01/05/kyiv/index.html": strings.Replace(classicPost("/2022/01/05/kyiv/", "Весна у Києві", "2022-01-05T10:00:00+02:00", "<p>Навесні Київ оживає швидко, за кілька днів.</p>"), `charset="utf-8"`, `charset="windows-1251"`, 1)},
			code:  exitOK,
			check: func(t *testing.T, out string, _ []reportEntry, _ int) {
				if data := mustRead(t, filepath.Join(out, "src/pages/blog/kyiv.md")); !bytes.Contains(data, []byte("title: Весна у Києві")) {
					t.Errorf("kyiv.md:\n%s", data)
				}
			},
		},
		{
			name:  "no title and no date: written, with warnings",
			files: map[string]string{"bare/index.html": `<html><head><link rel="canonical" href="https://bad.example.net/bare/"></head><body class="page page-id-9"><article class="hentry"><div class="entry-content"><p>Nothing but text here.</p></div></article></body></html>`},
			code:  exitOK,
			check: func(t *testing.T, out string, entries []reportEntry, _ int) {
				for _, e := range entries {
					if strings.HasSuffix(e.SourceURL, "/bare/") {
						if w := strings.Join(e.Warnings, "; "); !strings.Contains(w, "no title") || !strings.Contains(w, "no publication date") {
							t.Errorf("warnings = %q", w)
						}
						return
					}
				}
				t.Error("no entry for /bare/")
			},
		},
		{
			// The HTML parser refuses more than 512 open elements: the page
			// is reported with that reason, quickly, and the run goes on.
			name:   "10,000 levels of nesting",
			files:  map[string]string{"2022/01/06/deep/index.html": classicPost("/2022/01/06/deep/", "Deep", "2022-01-06T10:00:00+02:00", deep)},
			code:   exitPageErrors,
			reason: "extract: parse html: html: open stack of elements exceeds 512 nodes",
		},
		{
			name: "a 300-character slug is cut to at most 200 bytes",
			// The saved file's own name must fit the file system; the slug
			// comes from the canonical URL.
			files: map[string]string{"2022/01/07/long/index.html": classicPost("/2022/01/07/"+long+"/", "Long", "2022-01-07T10:00:00+02:00", "<p>Text.</p>")},
			code:  exitOK,
			check: func(t *testing.T, out string, entries []reportEntry, _ int) {
				for _, e := range entries {
					if strings.Contains(e.SourceURL, long) {
						if base := filepath.Base(e.Output); len(base) > 203 || !strings.HasPrefix(base, "aaaa") {
							t.Errorf("output %q", e.Output)
						}
						return
					}
				}
				t.Error("no entry for the long slug")
			},
		},
		{
			name: "two posts with one slug: both written, the collision reported",
			files: map[string]string{
				"2022/01/08/same/index.html": classicPost("/2022/01/08/same/", "Same One", "2022-01-08T10:00:00+02:00", "<p>First.</p>"),
				"2023/01/08/same/index.html": classicPost("/2023/01/08/same/", "Same Two", "2023-01-08T10:00:00+02:00", "<p>Second.</p>"),
			},
			code: exitOK,
			check: func(t *testing.T, out string, _ []reportEntry, collisions int) {
				one, two := mustRead(t, filepath.Join(out, "src/pages/blog/same.md")), mustRead(t, filepath.Join(out, "src/pages/blog/same-2.md"))
				if !bytes.Contains(one, []byte("Same One")) || !bytes.Contains(two, []byte("Same Two")) || collisions != 1 {
					t.Errorf("collisions %d; same.md %q…; same-2.md %q…", collisions, one[:60], two[:60])
				}
			},
		},
		{
			name: "media named ..%2F..%2Fx.jpg stays inside the output",
			files: map[string]string{
				"2022/01/09/pic/index.html":          classicPost("/2022/01/09/pic/", "Pic", "2022-01-09T10:00:00+02:00", `<p><img src="/wp-content/uploads/..%2F..%2Fx.jpg" alt="x"></p>`),
				"wp-content/uploads/..%2F..%2Fx.jpg": "not really a jpeg",
			},
			code: exitOK,
			check: func(t *testing.T, out string, _ []reportEntry, _ int) {
				if _, err := os.Stat(filepath.Join(filepath.Dir(out), "x.jpg")); err == nil {
					t.Error("a file was written outside the output folder")
				}
			},
		},
		{
			name: "a symlink inside the output pointing outside is never written through",
			setup: func(t *testing.T, _, out string) {
				outside := filepath.Join(filepath.Dir(out), "outside")
				os.MkdirAll(outside, 0o755)
				os.MkdirAll(filepath.Join(out, "src/pages"), 0o755)
				if err := os.Symlink(outside, filepath.Join(out, "src/pages/blog")); err != nil {
					t.Fatal(err)
				}
			},
			code:   exitPageErrors,
			reason: "write",
			check: func(t *testing.T, out string, _ []reportEntry, _ int) {
				entries, _ := os.ReadDir(filepath.Join(filepath.Dir(out), "outside"))
				if len(entries) != 0 {
					t.Errorf("%d files written outside through the symlink", len(entries))
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			site, out := filepath.Join(dir, "site"), filepath.Join(dir, "out")
			files := map[string]string{"2022/01/01/good/index.html": good}
			for k, v := range tt.files {
				files[k] = v
			}
			for rel, content := range files {
				p := filepath.Join(site, filepath.FromSlash(rel))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if tt.setup != nil {
				tt.setup(t, site, out)
			}
			var stderr bytes.Buffer
			done := make(chan int)
			go func() {
				done <- run(context.Background(), []string{"migrate", "--from", site, "--out", out, "--quiet"}, nil, &bytes.Buffer{}, &stderr)
			}()
			var code int
			select {
			case code = <-done:
			case <-time.After(60 * time.Second):
				t.Fatal("migrate did not finish within a minute")
			}
			if code != tt.code {
				t.Fatalf("exit %d, want %d: %s", code, tt.code, stderr.String())
			}
			entries, collisions := readReport(t, out)
			goodWritten := false
			for _, e := range entries {
				if strings.HasSuffix(e.SourceURL, "/good/") && e.Status == "written" {
					goodWritten = true
				}
				if e.Status == "failed" && tt.reason != "" && !strings.Contains(e.Reason, tt.reason) {
					t.Errorf("failed entry %s: reason %q, want it to say %q", e.SourceURL, e.Reason, tt.reason)
				}
			}
			if !goodWritten && tt.reason != "write" {
				t.Error("the good post was not written: the run did not go on")
			}
			if tt.reason != "" && !strings.Contains(stderr.String(), tt.reason) {
				t.Errorf("stderr does not name the problem %q:\n%s", tt.reason, stderr.String())
			}
			filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
				if err == nil && strings.HasPrefix(d.Name(), ".unpress-tmp-") {
					t.Errorf("half-written file left: %s", p)
				}
				return nil
			})
			if tt.check != nil {
				tt.check(t, out, entries, collisions)
			}
		})
	}
}

// TestNextStepErrors: each slip a newcomer makes on the command line gets
// its exact message, which says what to do instead, and exit 1, before
// anything is read or written.
func TestNextStepErrors(t *testing.T) {
	dir := t.TempDir()
	empty, textOnly, out := filepath.Join(dir, "empty"), filepath.Join(dir, "text"), filepath.Join(dir, "out")
	os.MkdirAll(empty, 0o755)
	runWriteFile(t, filepath.Join(textOnly, "notes.txt"), "no HTML here")
	// A port nothing listens on: a listener of our own, closed.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + l.Addr().String() + "/"
	l.Close()
	usage := "Run 'unpress migrate --help' for usage.\n"
	tests := []struct {
		args   []string
		stderr string
	}{
		{[]string{"--from", "127.0.0.1:8080"}, "unpress: --from 127.0.0.1:8080: no such folder; did you mean http://127.0.0.1:8080/?\n"},
		{[]string{"--from", "example.org"}, "unpress: --from example.org: no such folder; did you mean http://example.org/?\n"},
		{[]string{"--from", "example.org/blog/"}, "unpress: --from example.org/blog/: no such folder; did you mean http://example.org/blog/?\n"},
		{[]string{"--from", empty, "--also", "localhost:1313"}, "unpress: --also localhost:1313: no such folder; did you mean http://localhost:1313/?\n"},
		{[]string{"--from", "ftp://example.org/pub/"}, `unpress: --from ftp://example.org/pub/: unsupported scheme "ftp": give an http:// or https:// address, a folder of saved pages or an export .xml file` + "\n"},
		{[]string{"--from", empty, "--delay", "5"}, `unpress: invalid argument "5" for "--delay" flag: a duration needs its unit: use 5s or 500ms` + "\n" + usage},
		{[]string{"--from", empty, "--delay", "soon"}, `unpress: invalid argument "soon" for "--delay" flag: not a duration: use 5s or 500ms` + "\n" + usage},
		{[]string{empty}, fmt.Sprintf("unpress: migrate: unexpected argument %q: name the site with --from, as in --from %s\n", empty, empty) + usage},
		{[]string{"--from", empty}, "unpress: no HTML pages found in " + empty + "\n"},
		{[]string{"--from", textOnly}, "unpress: no HTML pages found in " + textOnly + "\n"},
		{[]string{"--from", textOnly, "--base-url", "https://bad.example.net/"}, "unpress: no HTML pages found in " + textOnly + "\n"},
		{[]string{"--from", empty, "--stat"}, "unpress: migrate: --stat summarises a dry run: add --dry-run (-n), or drop --stat\n" + usage},
		{[]string{"--from", "https://bad.example.net/", "--offline"}, "unpress: migrate: --offline reads the crawl's cache, and " + filepath.Join(out, ".unpress", "cache") + " has none: run once without --offline first (or name the cache with --cache)\n" + usage},
		{[]string{"--from", refused, "--quiet"}, "unpress: cannot reach " + refused + ": connection refused\n" +
			"  check that the site is up and the address is right (open it in a browser),\n" +
			"  or migrate a saved copy of it instead: --from DIR (a folder of saved pages)\n"},
		{[]string{"--from", empty, "--color", "blue"}, `unpress: invalid argument "blue" for "--color" flag: use auto, always or never` + "\n" + usage},
	}
	for _, tt := range tests {
		args := append([]string{"migrate", "--out", out}, tt.args...)
		code, stdout, stderr := runCmd(context.Background(), args...)
		if code != exitError || stdout != "" || stderr != tt.stderr {
			t.Errorf("%q: exit %d, stdout %q, stderr:\n%s\nwant exit 1 and:\n%s", tt.args, code, stdout, stderr, tt.stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "src")); err == nil {
		t.Error("a refused command line wrote posts")
	}
}
