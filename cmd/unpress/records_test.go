package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/unpress/unpress/scrape/combine"
	"github.com/unpress/unpress/scrape/corpustest"
	"github.com/unpress/unpress/scrape/wpapi/wpapitest"
	"github.com/unpress/unpress/transform"
)

// The WXR export and REST API of the corpus WordPress, alone, together
// and with the theme mirrors: every field against WordPress's database,
// agreement between sources, and nothing private in the output.

var themes = []string{"twentynineteen", "twentytwentyone", "twentytwentytwo"}

func corpusPath(rel string) string { return filepath.Join(corpusDir, "wordpress", rel) }

// restServer serves the corpus's REST responses on 127.0.0.1, 25 items a
// page, so that clients follow X-WP-TotalPages.
func restServer(t testing.TB) *wpapitest.Server {
	t.Helper()
	s, err := wpapitest.New(corpusPath("rest"), "http://127.0.0.1:8080", 25)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// resolveSources runs the read side of a migration over --from and --also.
func resolveSources(t testing.TB, from string, also ...string) *loadedRead {
	t.Helper()
	o := migrateOptions{from: from, out: t.TempDir(), workers: 2, source: sourceOptions{also: also}}
	j, err := newJob(context.Background(), o, &Config{}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	r := resolveLoaded(t, j)
	t.Cleanup(func() { r.Close(); combine.CloseSource(j.src) })
	if len(r.Failed) > 0 {
		t.Errorf("failed pages: %v", r.Failed)
	}
	return r
}

type recordTruth struct {
	wpTruth
	DateGMT  string `json:"date_gmt"`
	Sticky   bool   `json:"sticky"`
	Pages    int    `json:"page_count"`
	Modified string `json:"modified"`
}

func loadRecordTruth(t *testing.T) []recordTruth {
	t.Helper()
	var truth []recordTruth
	corpustest.Truth(t, &truth)
	return truth
}

// scorePosts scores every field of the migrated posts against the truth.
// structured says a WXR or REST source took part: then every post's
// modified date must be right (a post never updated has none), and the
// sticky flag too.
func scorePosts(t *testing.T, truth []recordTruth, posts []*transform.Post, structured bool) scoreboard {
	byURL := map[string]*transform.Post{}
	for _, p := range posts {
		byURL[transform.NormURL(p.SourceURL)] = p
	}
	sb := scoreboard{}
	for _, tr := range truth {
		p, ok := byURL[transform.NormURL(tr.URL)]
		if tr.PasswordProtected {
			if ok {
				t.Errorf("%s: password-protected post was migrated", tr.URL)
			}
			continue
		}
		sb.add("found", ok, tr.URL)
		if !ok {
			continue
		}
		miss := func(got, want any) string { return fmt.Sprintf("%s: %v want %v", tr.URL, got, want) }
		sb.add("kind", p.Kind == tr.Type, miss(p.Kind, tr.Type))
		sb.add("title", p.Title == tr.Title, miss(p.Title, tr.Title))
		wantSlug, _ := urlUnescape(tr.Slug)
		sb.add("slug", p.Slug == wantSlug, miss(p.Slug, wantSlug))
		if tr.Type == "post" || p.Author != "" {
			sb.add("author", p.Author == tr.Author, miss(p.Author, tr.Author))
		}
		want, _ := time.Parse(time.RFC3339, tr.Date)
		if tr.Type == "post" || structured {
			sb.add("published", p.Published.Format(time.RFC3339) == want.Format(time.RFC3339), miss(p.Published.Format(time.RFC3339), tr.Date))
		}
		mod, _ := time.Parse(time.RFC3339, tr.Modified)
		switch {
		case structured && mod.Equal(want):
			sb.add("updated", p.Updated.IsZero(), miss(p.Updated, "none"))
		case structured:
			sb.add("updated", p.Updated.Format(time.RFC3339) == mod.Format(time.RFC3339), miss(p.Updated.Format(time.RFC3339), tr.Modified))
		case !p.Updated.IsZero():
			sb.add("updated", p.Updated.Format(time.RFC3339) == mod.Format(time.RFC3339), miss(p.Updated.Format(time.RFC3339), tr.Modified))
		}
		if structured {
			sb.add("sticky", p.Sticky == tr.Sticky, miss(p.Sticky, tr.Sticky))
		}
		if tr.Type == "post" {
			var wc, wp, wt []string
			for _, c := range tr.Categories {
				if c.Name != "Uncategorized" {
					wc = append(wc, c.Name)
					wp = append(wp, strings.Join(c.Path, "/"))
				}
			}
			for _, tg := range tr.Tags {
				wt = append(wt, tg.Name)
			}
			gc := names(p.Categories, func(c transform.Category) string { return c.Name })
			gp := names(p.Categories, func(c transform.Category) string { return strings.Join(c.Path, "/") })
			sb.add("categories", slices.Equal(sorted(wc), gc), miss(gc, wc))
			sb.add("cat-paths", slices.Equal(sorted(wp), gp), miss(gp, wp))
			sb.add("tags", slices.Equal(sorted(wt), sorted(p.Tags)), miss(p.Tags, wt))
			if tr.Previous != nil {
				ok := p.Previous != nil && transform.NormURL(p.Previous.URL) == transform.NormURL(tr.Previous.URL) && p.Previous.Title == strings.TrimPrefix(tr.Previous.Title, "Protected: ")
				sb.add("previous", ok, miss(p.Previous, *tr.Previous))
			}
			if tr.Next != nil {
				ok := p.Next != nil && transform.NormURL(p.Next.URL) == transform.NormURL(tr.Next.URL) && p.Next.Title == strings.TrimPrefix(tr.Next.Title, "Protected: ")
				sb.add("next", ok, miss(p.Next, *tr.Next))
			}
		}
		if tr.FeaturedImage != "" {
			sb.add("image", path.Base(p.Image) == path.Base(tr.FeaturedImage), miss(p.Image, tr.FeaturedImage))
		}
	}
	for _, p := range posts {
		found := false
		for _, tr := range truth {
			found = found || transform.NormURL(tr.URL) == transform.NormURL(p.SourceURL) && !tr.PasswordProtected
		}
		if !found {
			t.Errorf("migrated what is not a public post or page: %s", p.SourceURL)
		}
	}
	return sb
}

func urlUnescape(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			var c byte
			if _, err := fmt.Sscanf(s[i+1:i+3], "%02x", &c); err == nil {
				b.WriteByte(c)
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String(), nil
}

// TestRecordSourcesCorpus scores the WXR export, the REST API and each
// theme mirror merged with them against WordPress's database: every
// field must be right.
func TestRecordSourcesCorpus(t *testing.T) {
	truth := loadRecordTruth(t)
	rest := restServer(t)
	cases := []struct {
		name string
		from string
		also []string
	}{
		{"wxr", corpusPath("export.xml"), nil},
		{"rest", rest.Root(), nil},
		{"wxr+rest", corpusPath("export.xml"), []string{rest.Root()}},
	}
	for _, th := range themes {
		cases = append(cases, struct {
			name string
			from string
			also []string
		}{th + "+wxr", corpusPath(th), []string{corpusPath("export.xml")}})
	}
	cases = append(cases, struct {
		name string
		from string
		also []string
	}{"twentytwentytwo+rest", corpusPath("twentytwentytwo"), []string{rest.Root()}})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := resolveSources(t, c.from, c.also...)
			sb := scorePosts(t, truth, r.Posts, true)
			sb.report(t, c.name)
			for f, sc := range sb {
				if sc.ok != sc.total {
					t.Errorf("%s: %s accuracy %d/%d, want all", c.name, f, sc.ok, sc.total)
				}
			}
			var conflicts []string
			for _, p := range r.Posts {
				for _, cf := range p.Conflicts {
					conflicts = append(conflicts, fmt.Sprintf("%s: %+v", p.SourceURL, cf))
				}
			}
			t.Logf("%s: %d posts, %d conflicts", c.name, len(r.Posts), len(conflicts))
			for _, cf := range conflicts {
				t.Log("  ", cf)
			}
		})
	}
}

// TestSourcesAgree: a site migrated from its HTML alone, from its export
// alone, and from both gives the same value for every field the sources
// share; the export adds the modified dates the themes do not show.
func TestSourcesAgree(t *testing.T) {
	truth := loadRecordTruth(t)
	modified := map[string]string{}
	for _, tr := range truth {
		if tr.Modified != tr.Date {
			m, _ := time.Parse(time.RFC3339, tr.Modified)
			modified[transform.NormURL(tr.URL)] = m.Format(time.RFC3339)
		}
	}
	wxrAlone := byURL(resolveSources(t, corpusPath("export.xml")).Posts)
	for _, th := range themes {
		t.Run(th, func(t *testing.T) {
			html := byURL(resolveSources(t, corpusPath(th)).Posts)
			both := byURL(resolveSources(t, corpusPath(th), corpusPath("export.xml")).Posts)
			shown := 0
			for key, h := range html {
				w, b := wxrAlone[key], both[key]
				if w == nil || b == nil {
					t.Errorf("%s: in the HTML alone but not in wxr (%v) or both (%v)", key, w != nil, b != nil)
					continue
				}
				for _, f := range sharedFields(h, w) {
					t.Errorf("%s: %s: html %q, wxr %q", key, f[0], f[1], f[2])
				}
				for _, f := range sharedFields(w, b) {
					t.Errorf("%s: %s: wxr %q, merged %q", key, f[0], f[1], f[2])
				}
				// The merge's modified date is the export's; where the
				// theme shows one (Twenty Nineteen), they agree.
				if !h.Updated.IsZero() {
					shown++
					if !h.Updated.Equal(b.Updated) {
						t.Errorf("%s: updated: html %v, merged %v", key, h.Updated, b.Updated)
					}
				}
				if want, ok := modified[key]; ok && b.Updated.Format(time.RFC3339) != want {
					t.Errorf("%s: merged updated %v, want %s", key, b.Updated, want)
				}
				if len(b.Conflicts) > len(h.Conflicts) {
					t.Errorf("%s: the merge adds conflicts: %+v", key, b.Conflicts)
				}
			}
			for key := range wxrAlone {
				if html[key] == nil && both[key] == nil {
					t.Errorf("%s: lost in the merge", key)
				}
			}
			t.Logf("%s: %d posts agree; the theme shows %d updated dates, the merge gives %d", th, len(html), shown, len(modified))
		})
	}
}

func byURL(posts []*transform.Post) map[string]*transform.Post {
	m := map[string]*transform.Post{}
	for _, p := range posts {
		m[transform.NormURL(p.SourceURL)] = p
	}
	return m
}

// sharedFields lists the fields on which two migrations of a post differ:
// name, a's value, b's value.
func sharedFields(a, b *transform.Post) [][3]string {
	var out [][3]string
	cmp := func(name string, x, y any) {
		if fmt.Sprint(x) != fmt.Sprint(y) {
			out = append(out, [3]string{name, fmt.Sprint(x), fmt.Sprint(y)})
		}
	}
	cmp("kind", a.Kind, b.Kind)
	cmp("title", a.Title, b.Title)
	cmp("slug", a.Slug, b.Slug)
	// Themes print no author or date on static pages.
	if a.Author != "" {
		cmp("author", a.Author, b.Author)
	}
	if !a.Published.IsZero() {
		cmp("published", a.Published.Format(time.RFC3339), b.Published.Format(time.RFC3339))
	}
	cmp("categories", a.Categories, b.Categories)
	cmp("tags", sorted(a.Tags), sorted(b.Tags))
	cmp("image", path.Base(transform.Original(a.Image)), path.Base(transform.Original(b.Image)))
	cmp("id", a.ID, b.ID)
	if a.Kind == "post" {
		cmp("previous", a.Previous, b.Previous)
		cmp("next", a.Next, b.Next)
	}
	return out
}

// TestRecordSourcesNeverPublish: nothing of a draft, private or future
// post, nor a comment held for moderation, is anywhere in the output of
// an export or API migration, alone or merged; --include draft writes
// the draft, marked as one, and still nothing else.
func TestRecordSourcesNeverPublish(t *testing.T) {
	var site struct {
		NotPublic []struct {
			Status string `json:"status"`
			Title  string `json:"title"`
		} `json:"not_public"`
		Secrets []string `json:"secret_markers"`
	}
	corpustest.ReadJSON(t, "wordpress/site.json", &site)
	rest := restServer(t)
	mirror := corpusPath("twentytwentyone")
	for _, c := range []struct {
		name    string
		args    []string
		allowed string // the status --include lets through
	}{
		{"wxr", []string{"--from", corpusPath("export.xml"), "--media-from", mirror}, ""},
		{"rest", []string{"--from", rest.Root(), "--media-from", mirror}, ""},
		{"html+wxr+rest", []string{"--from", mirror, "--also", corpusPath("export.xml"), "--also", rest.Root()}, ""},
		{"wxr --include draft", []string{"--from", corpusPath("export.xml"), "--include", "draft", "--preset", "hugo"}, "draft"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := t.TempDir()
			var stderr bytes.Buffer
			args := append([]string{"migrate", "--out", out, "--quiet"}, c.args...)
			if code := run(context.Background(), args, nil, &bytes.Buffer{}, &stderr); code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			files := readTree(t, out)
			if len(files) < 60 {
				t.Fatalf("only %d files written", len(files))
			}
			for rel, data := range files {
				for _, s := range site.Secrets {
					if s == "SECRET-DRAFT-MARKER" && c.allowed == "draft" {
						continue
					}
					if bytes.Contains(data, []byte(s)) {
						t.Errorf("%s holds %q", rel, s)
					}
				}
				for _, np := range site.NotPublic {
					if np.Status != c.allowed && bytes.Contains(data, []byte(np.Title)) {
						t.Errorf("%s holds the title of the %s post %q", rel, np.Status, np.Title)
					}
				}
			}
			if c.allowed == "draft" {
				var found bool
				for rel, data := range files {
					if bytes.Contains(data, []byte("SECRET-DRAFT-MARKER")) && strings.HasSuffix(rel, ".md") {
						found = true
						if !bytes.Contains(data, []byte("\ndraft: true\n")) {
							t.Errorf("%s: the draft is not marked draft: true", rel)
						}
					}
				}
				if !found {
					t.Error("--include draft did not write the draft")
				}
			}
		})
	}
}

// TestMergedBodies: merged with the export, a theme's posts keep the
// body the theme rendered; the multi-page post that Twenty Twenty-Two
// shows one page of gets the export's whole body.
func TestMergedBodies(t *testing.T) {
	corpustest.Path(t, "wordpress") // skips without the corpus
	for _, th := range []string{"twentytwentyone", "twentytwentytwo"} {
		t.Run(th, func(t *testing.T) {
			alone, merged := t.TempDir(), t.TempDir()
			for _, run1 := range [][]string{
				{"migrate", "--from", corpusPath(th), "--out", alone, "--quiet"},
				{"migrate", "--from", corpusPath(th), "--also", corpusPath("export.xml"), "--out", merged, "--quiet"},
			} {
				var stderr bytes.Buffer
				if code := run(context.Background(), run1, nil, &bytes.Buffer{}, &stderr); code != exitOK {
					t.Fatalf("exit %d: %s", code, stderr.String())
				}
			}
			a, m := readTree(t, alone), readTree(t, merged)
			const long = "src/pages/blog/the-long-read-eight-years-of-rebuilding-a-website.md"
			for rel, data := range a {
				if !strings.HasPrefix(rel, "src/pages/") {
					continue
				}
				_, bodyA, _ := strings.Cut(string(data), "\n---\n")
				_, bodyM, _ := strings.Cut(string(m[rel]), "\n---\n")
				switch {
				case rel == long && th == "twentytwentytwo":
					if len(bodyM) < 2*len(bodyA) || !strings.HasPrefix(bodyM, bodyA[:200]) {
						t.Errorf("%s: merged body (%d bytes) is not the whole post (page 1 alone: %d bytes)", rel, len(bodyM), len(bodyA))
					}
				case bodyA != bodyM:
					t.Errorf("%s: the merge changed the theme's body", rel)
				}
			}
		})
	}
}

// TestRecordSourceBodies: from the export alone or the REST API alone,
// every post's body holds every paragraph WordPress rendered, and none of
// its comments.
func TestRecordSourceBodies(t *testing.T) {
	var truth []wpBody
	corpustest.Truth(t, &truth)
	rest := restServer(t)
	for name, from := range map[string]string{"wxr": corpusPath("export.xml"), "rest": rest.Root()} {
		t.Run(name, func(t *testing.T) {
			out := t.TempDir()
			var stderr bytes.Buffer
			if code := run(context.Background(), []string{"migrate", "--from", from, "--out", out, "--quiet", "--media-from", corpusPath("twentytwentyone")}, nil, &bytes.Buffer{}, &stderr); code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			files := readTree(t, out)
			complete, total := 0, 0
			for _, tr := range truth {
				if tr.PasswordProtected || tr.Type != "post" {
					continue
				}
				slug, _ := urlUnescape(tr.Slug)
				data, ok := files["src/pages/blog/"+slug+".md"]
				if !ok {
					t.Errorf("%s: no file", tr.URL)
					continue
				}
				_, body, _ := strings.Cut(strings.TrimPrefix(string(data), "---\n"), "\n---\n")
				flat := letters(body)
				total++
				missing := 0
				for _, p := range paragraphs(t, tr.ContentRendered) {
					if !strings.Contains(flat, p) {
						if missing++; missing == 1 {
							t.Errorf("%s: body lost %q", tr.URL, p)
						}
					}
				}
				if missing == 0 {
					complete++
				}
				for _, c := range tr.Comments {
					if txt := letters(c.Content); len(txt) > 10 && strings.Contains(flat, txt) {
						t.Errorf("%s: body holds a comment", tr.URL)
					}
				}
			}
			t.Logf("%s: %d/%d post bodies complete", name, complete, total)
		})
	}
}
