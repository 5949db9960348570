package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/unpress/unpress/output"
	"github.com/unpress/unpress/scrape/crawl/crawltest"
)

// Paths of the fixture site that the re-sync tests change, and the files
// they become.
const (
	backupPage   = "2022/04/08/how-we-back-up-the-archive/index.html"
	backupMD     = "src/pages/blog/how-we-back-up-the-archive.md"
	legionPage   = "2022/03/11/over-20000-volunteers-join-international-legion-to-fight-against-russia/index.html"
	legionMD     = "src/pages/blog/over-20000-volunteers-join-international-legion-to-fight-against-russia.md"
	newPostPage  = "2022/04/20/a-new-post/index.html"
	newPostMD    = "src/pages/blog/a-new-post.md"
	vesnaPage    = "2021/04/12/весна-у-києві/index.html"
	vesnaMD      = "src/pages/blog/весна-у-києві.md"
	germanPage   = "2020/10/05/uber-die-zukunft-der-backerei/index.html"
	germanMD     = "src/pages/blog/uber-die-zukunft-der-backerei.md"
	redirectsOut = "static/_redirects"
)

// editSite replaces old with new in a page of the site; the test fails
// when old is not there.
func editSite(t *testing.T, site, rel, old, new string) {
	t.Helper()
	p := filepath.Join(site, filepath.FromSlash(rel))
	data := mustRead(t, p)
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s does not contain %q", rel, old)
	}
	if err := os.WriteFile(p, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// addPost publishes a new post on the site, a copy of the backup post
// under another slug, title, date and ID, using the same images.
func addPost(t *testing.T, site string) {
	t.Helper()
	data := string(mustRead(t, filepath.Join(site, filepath.FromSlash(backupPage))))
	for _, r := range [][2]string{
		{"how-we-back-up-the-archive", "a-new-post"},
		{"How We Back Up the Archive", "A New Post"},
		{"2022/04/08/", "2022/04/20/"},
		{"2022-04-08T00:30:00+03:00", "2022-04-20T09:00:00+03:00"},
		{"April 8, 2022", "April 20, 2022"},
		{`posts/71"`, `posts/171"`},
		{"postid-71", "postid-171"},
		{`data-postid="71"`, `data-postid="171"`},
		{`value='71'`, `value='171'`},
	} {
		data = strings.ReplaceAll(data, r[0], r[1])
	}
	p := filepath.Join(site, filepath.FromSlash(newPostPage))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func deletePage(t *testing.T, site, rel string) {
	t.Helper()
	if err := os.RemoveAll(filepath.Join(site, filepath.Dir(filepath.FromSlash(rel)))); err != nil {
		t.Fatal(err)
	}
}

// fileState is what a run may change about a file.
type fileState struct {
	mod  time.Time
	data string
}

// snapshot reads the output folder (unpress's own folder aside) and dates
// every file an hour back, so that a rewrite shows in the time.
func snapshot(t *testing.T, out string) map[string]fileState {
	t.Helper()
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	files := map[string]fileState{}
	for rel, data := range withoutReport(readTree(t, out)) {
		p := filepath.Join(out, filepath.FromSlash(rel))
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
		files[rel] = fileState{old, string(data)}
	}
	return files
}

// touched lists the files created, rewritten (even with the same bytes)
// or deleted since the snapshot.
func touched(t *testing.T, out string, before map[string]fileState) []string {
	t.Helper()
	var got []string
	after := withoutReport(readTree(t, out))
	for rel, data := range after {
		b, ok := before[rel]
		fi, err := os.Stat(filepath.Join(out, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		if !ok || b.data != string(data) || !fi.ModTime().Equal(b.mod) {
			got = append(got, rel)
		}
	}
	for rel := range before {
		if _, ok := after[rel]; !ok {
			got = append(got, rel)
		}
	}
	slices.Sort(got)
	return got
}

func readManifest(t *testing.T, out string) *output.Manifest {
	t.Helper()
	var m output.Manifest
	if err := json.Unmarshal(mustRead(t, filepath.Join(out, ".unpress", "manifest.json")), &m); err != nil {
		t.Fatal(err)
	}
	return &m
}

func readGone(t *testing.T, out string) []output.GoneEntry {
	t.Helper()
	var r struct {
		Gone []output.GoneEntry `json:"gone"`
	}
	if err := json.Unmarshal(mustRead(t, filepath.Join(out, ".unpress", "report.json")), &r); err != nil {
		t.Fatal(err)
	}
	return r.Gone
}

// pageURIs keeps the request URIs of pages (not robots.txt, sitemaps,
// uploads).
func pageURIs(m map[string]int) []string {
	var out []string
	for uri := range m {
		if strings.HasSuffix(uri, "/") {
			out = append(out, uri)
		}
	}
	slices.Sort(out)
	return out
}

// TestResync runs the migration again and again over one output folder
// while the fixture site, served over loopback, changes between the
// runs. Each step first runs a dry run (its exit code, its diff), then
// the migration (its exit code), and checks the exact set of files
// touched, that no other file's modification time moved, which pages the
// crawl fetched in full (the others were answered 304 to its conditional
// requests), what the manifest and the report say, and --prune.
func TestResync(t *testing.T) {
	ctx := context.Background()
	site := fixedTimes(t, "../../fixtures/site")
	srv := crawltest.New(t, crawltest.Options{Dir: site})
	out := t.TempDir()
	var stderr bytes.Buffer
	if code := run(ctx, crawlArgs(srv, out), nil, &bytes.Buffer{}, &stderr); code != exitOK {
		t.Fatalf("first run: exit %d: %s", code, stderr.String())
	}
	if n := len(pageURIs(srv.OK())); n != 17 {
		t.Fatalf("the first crawl fetched %d pages, want the fixture's 17", n)
	}
	renameConfig := filepath.Join(t.TempDir(), "unpress.yaml")
	if err := os.WriteFile(renameConfig, []byte("rename:\n  tags: {Backups: Back-ups}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	firstManifest := mustRead(t, filepath.Join(out, ".unpress", "manifest.json"))

	steps := []struct {
		name string
		// change edits the site (or the output, as a person would).
		change func(t *testing.T)
		args   []string // more migrate flags, for both runs
		// dryCode and code are the exit codes of the dry run and the run.
		dryCode, code int
		// diff is the dry run's exact stdout, when set; diffPrefix its
		// beginning.
		diff, diffPrefix string
		// offline steps send no request at all; applyOffline steps run the
		// migration offline after an online dry run, as the nightly job
		// in the README does.
		offline, applyOffline bool
		// fetched are the pages the dry run's crawl got in full;
		// conditional is how many pages it asked for with validators,
		// notModified how many of those were answered 304.
		fetched                  []string
		conditional, notModified int
		// touched are the files the run created, rewrote or deleted.
		touched []string
		// stderr holds these lines of the run's stderr.
		stderr []string
		check  func(t *testing.T)
	}{
		{
			name:        "nothing changed",
			conditional: 17, notModified: 17,
			change:  func(t *testing.T) {},
			dryCode: exitOK, code: exitOK,
			diff:    "",
			fetched: nil,
			touched: nil,
			check: func(t *testing.T) {
				if got := mustRead(t, filepath.Join(out, ".unpress", "manifest.json")); !bytes.Equal(got, firstManifest) {
					t.Errorf("the manifest changed on a run where nothing did:\n%s", got)
				}
			},
		},
		{
			name:        "edit a post",
			conditional: 17, notModified: 16,
			change: func(t *testing.T) {
				editSite(t, site, legionPage, "The recruitment process is quite straightforward", "The recruitment process is simple")
			},
			dryCode: exitChanges, code: exitOK,
			fetched: []string{crawltest.LegionPost},
			touched: []string{legionMD},
			check: func(t *testing.T) {
				body := string(mustRead(t, filepath.Join(out, legionMD)))
				if !strings.Contains(body, "The recruitment process is simple") {
					t.Errorf("the edit did not reach %s", legionMD)
				}
				m := readManifest(t, out)
				rec := m.Sources["https://legacy.example.org"+crawltest.LegionPost]
				first := readManifestBytes(t, firstManifest).Sources["https://legacy.example.org"+crawltest.LegionPost]
				if rec.SHA256 == first.SHA256 || rec.ETag == first.ETag || rec.ETag == "" || rec.LastModified == "" {
					t.Errorf("the manifest did not note the new content: %+v, was %+v", rec, first)
				}
				if !rec.FirstSeen.Equal(*first.FirstSeen) || rec.LastSeen.Before(*first.LastSeen) {
					t.Errorf("first/last seen: %v/%v, were %v/%v", rec.FirstSeen, rec.LastSeen, first.FirstSeen, first.LastSeen)
				}
			},
		},
		{
			name:        "change only a tag",
			conditional: 17, notModified: 16,
			change: func(t *testing.T) {
				editSite(t, site, backupPage, `<a href="https://legacy.example.org/tag/go/" rel="tag">Go</a>`, `<a href="https://legacy.example.org/tag/golang/" rel="tag">Golang</a>`)
			},
			dryCode: exitChanges, code: exitOK,
			diff: `--- a/src/pages/blog/how-we-back-up-the-archive.md
+++ b/src/pages/blog/how-we-back-up-the-archive.md
@@ -11,7 +11,7 @@
 tags:
   - Backups
   - Research & Development
-  - Go
+  - Golang
 ---
 
 Every night the archive server copies itself to two places: a second machine in the office and an encrypted bucket in another country. This post explains how that works, and what we learned when a restore finally mattered.
`,
			fetched: []string{"/2022/04/08/how-we-back-up-the-archive/"},
			touched: []string{backupMD},
		},
		{
			name:        "add a post",
			conditional: 17, notModified: 17,
			change:  func(t *testing.T) { addPost(t, site); srv.Rescan(t) },
			dryCode: exitChanges, code: exitOK,
			fetched:      []string{"/2022/04/20/a-new-post/"},
			applyOffline: true,
			touched:      []string{newPostMD, redirectsOut},
		},
		{
			name:        "a hand edit, then its source changes elsewhere: merged",
			conditional: 18, notModified: 17,
			change: func(t *testing.T) {
				handEdit(t, out, legionMD)
				editSite(t, site, legionPage, "is simple", "is quite straightforward")
			},
			dryCode: exitChanges, code: exitOK,
			fetched: []string{crawltest.LegionPost},
			touched: []string{legionMD},
			check: func(t *testing.T) {
				got := string(mustRead(t, filepath.Join(out, legionMD)))
				if !strings.HasSuffix(got, "\nA note of my own.\n") || !strings.Contains(got, "is quite straightforward") {
					t.Errorf("not the merge of the hand edit and the source's change:\n%s", got)
				}
			},
		},
		{
			name:        "--force overwrites the hand edit",
			conditional: 18, notModified: 18,
			change:  func(t *testing.T) {},
			args:    []string{"--force"},
			dryCode: exitChanges, code: exitOK,
			touched: []string{legionMD},
			stderr:  []string{"unpress: https://legacy.example.org" + crawltest.LegionPost + ": " + legionMD + " had been edited by hand: overwritten (--force)"},
		},
		{
			name:    "a changed rule, offline: re-rendered from the cache, no request",
			change:  func(t *testing.T) {},
			args:    []string{"--config", renameConfig, "--offline"},
			offline: true,
			dryCode: exitChanges, code: exitOK,
			touched: []string{newPostMD, backupMD},
			check: func(t *testing.T) {
				if !strings.Contains(string(mustRead(t, filepath.Join(out, backupMD))), "  - Back-ups\n") {
					t.Errorf("the renamed tag is not in %s", backupMD)
				}
			},
		},
		{
			name:        "the rule back, online: re-rendered, every page answered 304",
			conditional: 18, notModified: 18,
			change:  func(t *testing.T) {},
			dryCode: exitChanges, code: exitOK,
			touched: []string{newPostMD, backupMD},
		},
		{
			name:        "delete a post: reported, kept",
			conditional: 18, notModified: 16,
			change: func(t *testing.T) {
				deletePage(t, site, newPostPage)
				deletePage(t, site, vesnaPage)
				srv.Rescan(t)
			},
			applyOffline: true,
			dryCode:      exitChanges, code: exitOK,
			fetched: nil,
			touched: []string{redirectsOut},
			stderr: []string{
				"gone from the legacy site: https://legacy.example.org/2021/04/12/%d0%b2%d0%b5%d1%81%d0%bd%d0%b0-%d1%83-%d0%ba%d0%b8%d1%94%d0%b2%d1%96/ (HTTP 404): kept " + vesnaMD + " (--prune deletes it)",
				"gone from the legacy site: https://legacy.example.org/2022/04/20/a-new-post/ (HTTP 404): kept " + newPostMD + " (--prune deletes it)",
			},
			check: func(t *testing.T) {
				m := readManifest(t, out)
				if g := m.Sources["https://legacy.example.org/2022/04/20/a-new-post/"].Gone; g != "HTTP 404" {
					t.Errorf("manifest: the deleted post is gone %q, want HTTP 404", g)
				}
				gone := readGone(t, out)
				if len(gone) != 2 || !gone[0].New || !gone[1].New {
					t.Errorf("report: gone = %+v", gone)
				}
			},
		},
		{
			name:        "nothing changed, two posts still gone",
			conditional: 16, notModified: 16,
			change:  func(t *testing.T) {},
			dryCode: exitOK, code: exitOK,
			diff:    "",
			touched: nil,
		},
		{
			name:        "prune: the unedited file is deleted, shared media stay, an edited file is kept",
			conditional: 16, notModified: 16,
			change:       func(t *testing.T) { handEdit(t, out, vesnaMD) },
			args:         []string{"--prune"},
			applyOffline: true,
			dryCode:      exitChanges, code: exitOK,
			diffPrefix: `--- a/src/pages/blog/a-new-post.md
+++ /dev/null
@@ -1,47 +0,0 @@
----
-templateKey: blog-post
-title: A New Post
`,
			touched: []string{newPostMD},
			stderr: []string{
				"gone from the legacy site: https://legacy.example.org/2021/04/12/%d0%b2%d0%b5%d1%81%d0%bd%d0%b0-%d1%83-%d0%ba%d0%b8%d1%94%d0%b2%d1%96/ (HTTP 404): kept " + vesnaMD + " (edited by hand since unpress wrote it)",
				"gone from the legacy site: https://legacy.example.org/2022/04/20/a-new-post/ (HTTP 404): deleted " + newPostMD,
			},
			check: func(t *testing.T) {
				m := readManifest(t, out)
				for _, u := range []string{"https://legacy.example.org/2022/04/20/a-new-post/", "https://legacy.example.org/2021/04/12/%d0%b2%d0%b5%d1%81%d0%bd%d0%b0-%d1%83-%d0%ba%d0%b8%d1%94%d0%b2%d1%96/"} {
					if _, ok := m.Sources[u]; ok {
						t.Errorf("manifest still has %s", u)
					}
				}
				for _, f := range []string{newPostMD, vesnaMD} {
					if _, ok := m.Files[f]; ok {
						t.Errorf("manifest still tracks %s", f)
					}
				}
				if _, ok := m.Files["static/img/legacy.example.org-backup-featured.png"]; !ok {
					t.Error("the media the deleted post shared with another were forgotten")
				}
			},
		},
		{
			name:        "after the prune, nothing is left to do",
			conditional: 16, notModified: 16,
			change:  func(t *testing.T) {},
			args:    []string{"--prune"},
			dryCode: exitOK, code: exitOK,
			diff:    "",
			touched: nil,
		},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			st.change(t)
			before := snapshot(t, out)
			srv.ResetCounts()
			var stdout, stderr bytes.Buffer
			code := run(ctx, resyncArgs(srv, out, append([]string{"--dry-run"}, st.args...)...), nil, &stdout, &stderr)
			if code != st.dryCode {
				t.Fatalf("dry run: exit %d, want %d: %s", code, st.dryCode, stderr.String())
			}
			if (st.diff != "" || code == exitOK) && stdout.String() != st.diff {
				t.Errorf("dry run diff:\n%s\nwant:\n%s", stdout.String(), st.diff)
			}
			if !strings.HasPrefix(stdout.String(), st.diffPrefix) {
				t.Errorf("dry run diff:\n%s\nwant it to begin with:\n%s", stdout.String(), st.diffPrefix)
			}
			if got := touched(t, out, before); len(got) != 0 {
				t.Errorf("the dry run touched %v", got)
			}
			switch {
			case st.offline:
				if n := srv.Total(); n != 0 {
					t.Errorf("an offline dry run sent %d requests", n)
				}
			default:
				if got := pageURIs(srv.OK()); !slices.Equal(got, st.fetched) {
					t.Errorf("the dry run's crawl fetched in full %v, want %v", got, st.fetched)
				}
				// Every page in the cache was asked for with its
				// validators; those that did not change were answered
				// 304, the others in full or with a 404.
				cond, notMod := pageURIs(srv.Conditional()), pageURIs(srv.NotModified())
				if len(cond) != st.conditional || len(notMod) != st.notModified {
					t.Errorf("%d conditional requests for pages, %d answered 304; want %d, %d", len(cond), len(notMod), st.conditional, st.notModified)
				}
			}
			// The run after the dry run finds every page fresh: 304s only.
			srv.ResetCounts()
			stdout.Reset()
			stderr.Reset()
			apply := st.args
			if st.applyOffline {
				apply = append(slices.Clone(apply), "--offline")
			}
			code = run(ctx, resyncArgs(srv, out, apply...), nil, &stdout, &stderr)
			if code != st.code {
				t.Fatalf("run: exit %d, want %d: %s", code, st.code, stderr.String())
			}
			if ok := pageURIs(srv.OK()); len(ok) != 0 {
				t.Errorf("the run after the dry run fetched %v again", ok)
			}
			if n := srv.Total(); (st.offline || st.applyOffline) && n != 0 {
				t.Errorf("an offline run sent %d requests", n)
			}
			if got := touched(t, out, before); !slices.Equal(got, st.touched) {
				t.Errorf("touched %v, want %v", got, st.touched)
			}
			for _, line := range st.stderr {
				if !strings.Contains(stderr.String(), line+"\n") {
					t.Errorf("stderr lacks %q:\n%s", line, stderr.String())
				}
			}
			if st.check != nil {
				st.check(t)
			}
		})
	}
}

// resyncArgs are crawlArgs without --quiet: the summary names the gone
// sources.
func resyncArgs(srv *crawltest.Server, out string, extra ...string) []string {
	return slices.DeleteFunc(crawlArgs(srv, out, extra...), func(a string) bool { return a == "--quiet" })
}

// handEdit changes a file of the output as a person would, and returns
// its new content.
func handEdit(t *testing.T, out, rel string) string {
	t.Helper()
	p := filepath.Join(out, filepath.FromSlash(rel))
	data := string(mustRead(t, p)) + "\nA note of my own.\n"
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return data
}

func readManifestBytes(t *testing.T, data []byte) *output.Manifest {
	t.Helper()
	var m output.Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return &m
}

// TestResyncMirror: the same over a mirror folder. A page deleted from
// the mirror is gone ("not in the mirror"); a page whose canonical link
// now names another URL leaves its old file behind; a preset change moves
// every file, and --prune deletes the old layout's files but the one
// edited by hand, never a file unpress did not write nor the media both
// layouts share.
func TestResyncMirror(t *testing.T) {
	ctx := context.Background()
	site := fixedTimes(t, "../../fixtures/site")
	out := t.TempDir()
	args := func(extra ...string) []string {
		return append([]string{"migrate", "--from", site, "--out", out}, extra...)
	}
	var stderr bytes.Buffer
	if code := run(ctx, args("--quiet"), nil, &bytes.Buffer{}, &stderr); code != exitOK {
		t.Fatalf("first run: exit %d: %s", code, stderr.String())
	}
	const vesnaURL = "https://legacy.example.org/2021/04/12/%d0%b2%d0%b5%d1%81%d0%bd%d0%b0-%d1%83-%d0%ba%d0%b8%d1%94%d0%b2%d1%96/"
	const germanURL = "https://legacy.example.org/2020/10/05/uber-die-zukunft-der-backerei/"
	foreign := filepath.Join(out, "src", "pages", "blog", "mine.md")
	if err := os.WriteFile(foreign, []byte("my own post\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, st := range []struct {
		name          string
		change        func(t *testing.T)
		args          []string
		dryCode, code int
		diffPrefix    string
		touched       []string
		stderr        []string
	}{
		{
			name:    "a page deleted from the mirror",
			change:  func(t *testing.T) { deletePage(t, site, vesnaPage) },
			dryCode: exitChanges, code: exitOK,
			touched: []string{redirectsOut},
			stderr:  []string{"gone from the legacy site: " + vesnaURL + " (not in the mirror): kept " + vesnaMD + " (--prune deletes it)"},
		},
		{
			name: "its canonical link names another URL",
			change: func(t *testing.T) {
				editSite(t, site, germanPage, `rel="canonical" href="`+germanURL, `rel="canonical" href="`+germanURL+"neu/")
			},
			dryCode: exitChanges, code: exitOK,
			touched: []string{"src/pages/blog/neu.md", redirectsOut},
			stderr:  []string{"gone from the legacy site: " + germanURL + " (its page is now " + germanURL + "neu/): kept " + germanMD + " (--prune deletes it)"},
		},
		{
			name:    "--prune",
			change:  func(t *testing.T) {},
			args:    []string{"--prune"},
			dryCode: exitChanges, code: exitOK,
			diffPrefix: "--- a/" + germanMD + "\n+++ /dev/null\n@@ -1,",
			touched:    []string{germanMD, vesnaMD},
			stderr: []string{
				"gone from the legacy site: " + germanURL + " (its page is now " + germanURL + "neu/): deleted " + germanMD,
				"gone from the legacy site: " + vesnaURL + " (not in the mirror): deleted " + vesnaMD,
			},
		},
		{
			name:    "another preset, --prune: the old layout goes but a hand edit",
			change:  func(t *testing.T) { handEdit(t, out, "src/pages/about/index.md") },
			args:    []string{"--preset", "hugo", "--prune"},
			dryCode: exitChanges, code: exitOK,
			touched: []string{
				"content/about/_index.md", "content/about/our-team.md",
				"content/posts/23.md", "content/posts/how-we-back-up-the-archive.md", "content/posts/long-read.md", "content/posts/neu.md",
				"content/posts/over-20000-volunteers-join-international-legion-to-fight-against-russia.md",
				"content/posts/russia-escalates-attacks-on-ukraines-civilian-areas-destroying-maternity-hospital.md",
				"content/posts/ukraine-displaced-population-to-hit-6-7-million-world-pledges-financial-support.md",
				"src/pages/about/our-team/index.md",
				"src/pages/blog/23.md", "src/pages/blog/how-we-back-up-the-archive.md", "src/pages/blog/long-read.md", "src/pages/blog/neu.md",
				"src/pages/blog/over-20000-volunteers-join-international-legion-to-fight-against-russia.md",
				"src/pages/blog/russia-escalates-attacks-on-ukraines-civilian-areas-destroying-maternity-hospital.md",
				"src/pages/blog/ukraine-displaced-population-to-hit-6-7-million-world-pledges-financial-support.md",
			},
			stderr: []string{
				"no longer written by https://legacy.example.org/about/ (its files moved): kept src/pages/about/index.md (edited by hand since unpress wrote it)",
				"no longer written by https://legacy.example.org/2018/03/08/23/ (its files moved): deleted src/pages/blog/23.md",
			},
		},
	} {
		t.Run(st.name, func(t *testing.T) {
			st.change(t)
			before := snapshot(t, out)
			var stdout, stderr bytes.Buffer
			if code := run(ctx, args(append([]string{"--dry-run"}, st.args...)...), nil, &stdout, &stderr); code != st.dryCode {
				t.Fatalf("dry run: exit %d, want %d: %s", code, st.dryCode, stderr.String())
			}
			if !strings.HasPrefix(stdout.String(), st.diffPrefix) {
				t.Errorf("dry run diff:\n%s\nwant it to begin with:\n%s", stdout.String(), st.diffPrefix)
			}
			if got := touched(t, out, before); len(got) != 0 {
				t.Errorf("the dry run touched %v", got)
			}
			stderr.Reset()
			if code := run(ctx, args(st.args...), nil, &bytes.Buffer{}, &stderr); code != st.code {
				t.Fatalf("run: exit %d, want %d: %s", code, st.code, stderr.String())
			}
			if got := touched(t, out, before); !slices.Equal(got, st.touched) {
				t.Errorf("touched %v, want %v", got, st.touched)
			}
			for _, line := range st.stderr {
				if !strings.Contains(stderr.String(), line+"\n") {
					t.Errorf("stderr lacks %q:\n%s", line, stderr.String())
				}
			}
		})
	}
	if got := string(mustRead(t, foreign)); got != "my own post\n" {
		t.Errorf("a file unpress did not write changed: %q", got)
	}
	if _, err := os.Stat(filepath.Join(out, "static", "img", "legacy.example.org-legion-featured.jpg")); err != nil {
		t.Errorf("media both presets use: %v", err)
	}
}

// BenchmarkResync times a crawl and migration of the fixture site over
// loopback: from nothing, again when nothing changed (every page
// revalidated with a 304, no file written), and offline from the cache.
func BenchmarkResync(b *testing.B) {
	srv := crawltest.New(b, crawltest.Options{Dir: "../../fixtures/site"})
	ctx := context.Background()
	args := func(out string, extra ...string) []string {
		return append([]string{"migrate", "--from", srv.URL + "/", "--out", out, "--delay", "0", "--quiet", "--no-api"}, extra...)
	}
	migrate := func(b *testing.B, args []string) {
		if code := run(ctx, args, nil, io.Discard, io.Discard); code != exitOK {
			b.Fatalf("exit %d", code)
		}
	}
	b.Run("full", func(b *testing.B) {
		for b.Loop() {
			migrate(b, args(b.TempDir()))
		}
	})
	for _, mode := range []string{"no-change", "offline"} {
		b.Run(mode, func(b *testing.B) {
			out := b.TempDir()
			migrate(b, args(out))
			extra := []string{}
			if mode == "offline" {
				extra = append(extra, "--offline")
			}
			for b.Loop() {
				migrate(b, args(out, extra...))
			}
		})
	}
}
