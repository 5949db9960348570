package main

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/PuerkitoBio/goquery"

	"github.com/unpress/unpress/scrape/corpustest"
	"github.com/unpress/unpress/transform"
)

// The shared corpus is present in CI and on developers' machines, absent
// in a user's clone: these tests skip cleanly without it.
var corpusDir = corpustest.Dir()

type wpTruth struct {
	ID         int    `json:"id"`
	Type       string `json:"type"`
	URL        string `json:"url"`
	Slug       string `json:"slug"`
	Title      string `json:"title"`
	Date       string `json:"date"`
	Modified   string `json:"modified"`
	Author     string `json:"author"`
	Categories []struct {
		Name string   `json:"name"`
		Path []string `json:"path"`
	} `json:"categories"`
	Tags []struct {
		Name string `json:"name"`
	} `json:"tags"`
	FeaturedImage     string `json:"featured_image"`
	Excerpt           string `json:"excerpt"`
	ExcerptManual     bool   `json:"excerpt_manual"`
	PasswordProtected bool   `json:"password_protected"`
	Previous          *struct {
		Title string `json:"title"`
		URL   string `json:"url"`
	} `json:"previous"`
	Next *struct {
		Title string `json:"title"`
		URL   string `json:"url"`
	} `json:"next"`
}

func loadWPTruth(t *testing.T) []wpTruth {
	t.Helper()
	var truth []wpTruth
	corpustest.Truth(t, &truth)
	return truth
}

// fieldScore counts matches per field and keeps the first misses.
type fieldScore struct {
	ok, total int
	misses    []string
}

type scoreboard map[string]*fieldScore

func (s scoreboard) add(field string, ok bool, miss string) {
	f := s[field]
	if f == nil {
		f = &fieldScore{}
		s[field] = f
	}
	f.total++
	if ok {
		f.ok++
	} else if len(f.misses) < 5 {
		f.misses = append(f.misses, miss)
	}
}

func (s scoreboard) report(t *testing.T, name string) {
	var fields []string
	for f := range s {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	for _, f := range fields {
		sc := s[f]
		t.Logf("%s %-12s %3d/%3d = %5.1f%%", name, f, sc.ok, sc.total, 100*float64(sc.ok)/float64(max(1, sc.total)))
		for _, m := range sc.misses {
			t.Logf("    miss: %s", m)
		}
	}
}

func names[T any](list []T, name func(T) string) []string {
	var out []string
	for _, v := range list {
		out = append(out, name(v))
	}
	slices.Sort(out)
	return out
}

// TestWordPressCorpus migrates the three theme mirrors of the real
// WordPress and scores every field against WordPress's own database.
func TestWordPressCorpus(t *testing.T) {
	truth := loadWPTruth(t)
	for _, theme := range []string{"twentynineteen", "twentytwentyone", "twentytwentytwo"} {
		t.Run(theme, func(t *testing.T) {
			dir := filepath.Join(corpusDir, "wordpress", theme)
			j, err := newJob(context.Background(), migrateOptions{from: dir, out: t.TempDir(), workers: 2}, &Config{}, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			r := resolveLoaded(t, j)
			byURL := map[string]*transform.Post{}
			for _, p := range r.Posts {
				byURL[transform.NormURL(p.SourceURL)] = p
			}
			sb := scoreboard{}
			want := map[string]bool{}
			for _, tr := range truth {
				key := transform.NormURL(tr.URL)
				if tr.PasswordProtected {
					if _, ok := byURL[key]; ok {
						t.Errorf("%s: password-protected post was migrated", tr.URL)
					}
					continue
				}
				want[key] = true
				p, ok := byURL[key]
				sb.add("found", ok, tr.URL)
				if !ok {
					continue
				}
				sb.add("kind", p.Kind == tr.Type, fmt.Sprintf("%s: %q want %q", tr.URL, p.Kind, tr.Type))
				sb.add("title", p.Title == tr.Title, fmt.Sprintf("%s: %q want %q", tr.URL, p.Title, tr.Title))
				// Themes print no author on static pages: when a page
				// shows one it must be right.
				if tr.Type == "post" || p.Author != "" {
					sb.add("author", p.Author == tr.Author, fmt.Sprintf("%s: %q want %q", tr.URL, p.Author, tr.Author))
				}
				// A manual excerpt, which the archives show, is the
				// description (the themes print no meta description).
				if tr.ExcerptManual {
					ok := p.Sources["description"] == "listing" && strings.HasPrefix(html.UnescapeString(tr.Excerpt), strings.TrimSuffix(p.Description, "…"))
					sb.add("description", ok, fmt.Sprintf("%s: %q (%s) want %q", tr.URL, p.Description, p.Sources["description"], tr.Excerpt))
				} else if p.Sources["description"] == "listing" {
					sb.add("description", false, fmt.Sprintf("%s: %q from an archive is not a manual excerpt", tr.URL, p.Description))
				}
				if tr.Type == "post" {
					wantDate, _ := time.Parse(time.RFC3339, tr.Date)
					got := p.Published.Format(time.RFC3339)
					sb.add("published", got == wantDate.Format(time.RFC3339), fmt.Sprintf("%s: %s want %s", tr.URL, got, tr.Date))
					wc := names(tr.Categories, func(c struct {
						Name string   `json:"name"`
						Path []string `json:"path"`
					}) string {
						return c.Name
					})
					wc = slices.DeleteFunc(wc, func(s string) bool { return s == "Uncategorized" })
					gc := names(p.Categories, func(c transform.Category) string { return c.Name })
					sb.add("categories", slices.Equal(wc, gc), fmt.Sprintf("%s: %q want %q", tr.URL, gc, wc))
					wpaths := names(tr.Categories, func(c struct {
						Name string   `json:"name"`
						Path []string `json:"path"`
					}) string {
						return strings.Join(c.Path, "/")
					})
					wpaths = slices.DeleteFunc(wpaths, func(s string) bool { return s == "Uncategorized" })
					gpaths := names(p.Categories, func(c transform.Category) string { return strings.Join(c.Path, "/") })
					sb.add("cat-paths", slices.Equal(wpaths, gpaths), fmt.Sprintf("%s: %q want %q", tr.URL, gpaths, wpaths))
					wt := names(tr.Tags, func(c struct {
						Name string `json:"name"`
					}) string {
						return c.Name
					})
					sb.add("tags", slices.Equal(wt, p.Tags) || slices.Equal(wt, sorted(p.Tags)), fmt.Sprintf("%s: %q want %q", tr.URL, p.Tags, wt))
					if !p.Updated.IsZero() {
						wantMod, _ := time.Parse(time.RFC3339, tr.Modified)
						sb.add("updated-shown", p.Updated.Format(time.RFC3339) == wantMod.Format(time.RFC3339), fmt.Sprintf("%s: %s want %s", tr.URL, p.Updated.Format(time.RFC3339), tr.Modified))
					}
					if tr.Previous != nil {
						// WordPress's "Protected: " is a display prefix, not
						// part of the neighbour's title.
						ok := p.Previous != nil && transform.NormURL(p.Previous.URL) == transform.NormURL(tr.Previous.URL) && p.Previous.Title == strings.TrimPrefix(tr.Previous.Title, "Protected: ")
						sb.add("previous", ok, fmt.Sprintf("%s: %+v want %+v", tr.URL, p.Previous, *tr.Previous))
					}
					if tr.Next != nil {
						ok := p.Next != nil && transform.NormURL(p.Next.URL) == transform.NormURL(tr.Next.URL) && p.Next.Title == strings.TrimPrefix(tr.Next.Title, "Protected: ")
						sb.add("next", ok, fmt.Sprintf("%s: %+v want %+v", tr.URL, p.Next, *tr.Next))
					}
				}
				if tr.FeaturedImage != "" {
					sb.add("image", path.Base(p.Image) == path.Base(tr.FeaturedImage), fmt.Sprintf("%s: %q want %q", tr.URL, p.Image, tr.FeaturedImage))
				} else {
					// Nobody else's picture: a related post's thumbnail, an
					// author's avatar.
					sb.add("no-image", p.Image == "", fmt.Sprintf("%s: %q, want none", tr.URL, p.Image))
				}
			}
			for _, p := range r.Posts {
				if !want[transform.NormURL(p.SourceURL)] {
					t.Errorf("migrated a page that is not a public post or page: %s (%s)", p.SourceURL, p.Kind)
				}
			}
			sb.report(t, theme)
			for _, f := range []string{"found", "kind", "title", "author", "published", "categories", "tags", "image", "no-image", "description", "updated-shown", "previous", "next", "cat-paths"} {
				if sc := sb[f]; sc != nil && sc.ok != sc.total {
					t.Errorf("%s: %s accuracy %d/%d, want all", theme, f, sc.ok, sc.total)
				}
			}
		})
	}
}

func sorted(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

type wpBody struct {
	URL               string `json:"url"`
	Type              string `json:"type"`
	Slug              string `json:"slug"`
	PasswordProtected bool   `json:"password_protected"`
	PageCount         int    `json:"page_count"`
	ContentRendered   string `json:"content_rendered"`
	Comments          []struct {
		Content string `json:"content"`
	} `json:"comments"`
}

var (
	mdLinkTarget = regexp.MustCompile(`\]\([^)]*\)`)
	mdInline     = regexp.MustCompile(`<[^>]+>|\[\^[^\]]+\]`)
)

// letters is the comparison form of text in Markdown and HTML alike:
// letters and digits only, lower-cased, so that escapes, emphasis and line
// breaks do not matter.
func letters(s string) string {
	s = mdLinkTarget.ReplaceAllString(s, "]")
	s = mdInline.ReplaceAllString(html.UnescapeString(s), "")
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// paragraphs are the texts of the <p>, <li> and heading elements of a body.
func paragraphs(t *testing.T, body string) []string {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	// Footnote references are [^N] in Markdown.
	doc.Find(`sup:has(a[href^="#fn"])`).Remove()
	var out []string
	doc.Find("p, li, h2, h3, h4, td, figcaption, blockquote").Each(func(_ int, s *goquery.Selection) {
		if s.Find("p, li").Length() > 0 {
			return
		}
		if txt := letters(s.Text()); len(txt) >= 12 {
			out = append(out, txt)
		}
	})
	return out
}

// TestWordPressCorpusOutput migrates each theme mirror to files and checks
// what a reader of the new site would see: every post's whole body, no
// comments or chrome in it, and nothing from draft, private or future posts
// or held comments anywhere in the output.
func TestWordPressCorpusOutput(t *testing.T) {
	var truth []wpBody
	corpustest.Truth(t, &truth)
	var site struct {
		NotPublic []struct {
			Title string `json:"title"`
		} `json:"not_public"`
		Secrets []string `json:"secret_markers"`
	}
	corpustest.ReadJSON(t, "wordpress/site.json", &site)
	forbidden := slices.Clone(site.Secrets)
	for _, np := range site.NotPublic {
		forbidden = append(forbidden, np.Title)
	}
	chrome := []string{"Leave a comment", "Post navigation", "Posted by", "Published by", "View more posts", "Join the Conversation", "responses to", "Reply to", "Skip to content", "Categorized as", "Tagged"}
	for _, theme := range []string{"twentynineteen", "twentytwentyone", "twentytwentytwo"} {
		t.Run(theme, func(t *testing.T) {
			out := t.TempDir()
			var stderr bytes.Buffer
			if code := run(context.Background(), []string{"migrate", "--from", filepath.Join(corpusDir, "wordpress", theme), "--out", out, "--quiet"}, nil, &bytes.Buffer{}, &stderr); code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			files := readTree(t, out)
			for rel, data := range files {
				for _, f := range forbidden {
					if bytes.Contains(data, []byte(f)) {
						t.Errorf("%s holds %q, which must never be published", rel, f)
					}
				}
			}
			complete, total := 0, 0
			for _, tr := range truth {
				if tr.PasswordProtected || tr.Type != "post" {
					continue
				}
				slug, _ := url.PathUnescape(tr.Slug)
				data, ok := files["src/pages/blog/"+slug+".md"]
				if !ok {
					t.Errorf("%s: no file src/pages/blog/%s.md", tr.URL, slug)
					continue
				}
				_, body, _ := strings.Cut(strings.TrimPrefix(string(data), "---\n"), "\n---\n")
				if tr.PageCount > 1 {
					// Twenty Twenty-Two prints no page links, so its mirror
					// holds only page 1 of a multi-page post.
					if _, err := os.Stat(filepath.Join(corpusDir, "wordpress", theme, strings.TrimPrefix(tr.URL, "http://127.0.0.1:8080/"), "2")); err != nil {
						continue
					}
				}
				flat := letters(body)
				total++
				missing := 0
				for _, p := range paragraphs(t, tr.ContentRendered) {
					if !strings.Contains(flat, p) {
						missing++
						if missing == 1 {
							t.Errorf("%s: body lost %q", tr.URL, p)
						}
					}
				}
				if missing == 0 {
					complete++
				}
				for _, c := range tr.Comments {
					if txt := letters(c.Content); len(txt) > 10 && strings.Contains(flat, txt) {
						t.Errorf("%s: body holds a comment: %q", tr.URL, c.Content)
					}
				}
				for _, c := range chrome {
					if strings.Contains(body, c) {
						t.Errorf("%s: body holds chrome %q", tr.URL, c)
					}
				}
			}
			t.Logf("%s: %d/%d post bodies complete", theme, complete, total)
		})
	}
}

// loadedRead is a read with every post read back from its spill store,
// for tests that read the fields.
type loadedRead struct {
	*transform.Read
	Posts []*transform.Post // every post, read back
}

// resolveLoaded reads and resolves a job's source and reads every post
// back (without its body).
func resolveLoaded(t testing.TB, j *job) *loadedRead {
	t.Helper()
	r, err := j.resolve(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	lr := &loadedRead{Read: r}
	for i := range r.Posts.Len() {
		p, err := r.Posts.Load(i)
		if err != nil {
			t.Fatal(err)
		}
		lr.Posts = append(lr.Posts, &p)
	}
	return lr
}
