package wpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/corpustest"
	"github.com/unpress/unpress/scrape/extract"
	"github.com/unpress/unpress/scrape/wpapi/wpapitest"
)

func restDir(t testing.TB) string {
	t.Helper()
	return corpustest.Path(t, "wordpress/rest")
}

func serve(t testing.TB, dir string, pageSize int) *wpapitest.Server {
	t.Helper()
	s, err := wpapitest.New(dir, "http://127.0.0.1:8080", pageSize)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

var fast = Options{RetryWait: time.Millisecond}

type record struct {
	ex   *extract.Extracted
	body string
}

func records(t testing.TB, c *Client) map[int]record {
	t.Helper()
	out := map[int]record{}
	err := c.Records(context.Background(), func(rec *extract.Record) error {
		ex, origin := rec.Extracted, rec.Origin
		r := record{ex: ex}
		if ex.Content != nil {
			var b bytes.Buffer
			html.Render(&b, ex.Content)
			r.body = b.String()
		}
		if !strings.HasPrefix(origin, "rest:") {
			t.Errorf("origin %q", origin)
		}
		out[ex.PostID] = r
		return nil
	}, func(e *scrape.PageError) { t.Error(e) })
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func first[T any](list []extract.Candidate[T]) T {
	var zero T
	if len(list) == 0 {
		return zero
	}
	return list[0].Value
}

// TestCorpusREST reads a real WordPress's REST responses, served paged
// by 25, and compares every record with the database's values.
func TestCorpusREST(t *testing.T) {
	srv := serve(t, restDir(t), 25)
	c, err := New(context.Background(), srv.Root(), fast)
	if err != nil {
		t.Fatal(err)
	}
	if c.Base().String() != "http://127.0.0.1:8080/" {
		t.Errorf("Base = %s", c.Base())
	}
	recs := records(t, c)
	// index, users, categories, tags ×2, media ×2, pages, posts ×3
	if n := srv.Requests.Load(); n != 11 {
		t.Errorf("%d requests, want 11", n)
	}
	var truth []struct {
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
		Excerpt       string `json:"excerpt"`
		ExcerptManual bool   `json:"excerpt_manual"`
		Image         string `json:"featured_image"`
		ImageAlt      string `json:"featured_image_alt"`
		Sticky        bool   `json:"sticky"`
		Protected     bool   `json:"password_protected"`
		PageCount     int    `json:"page_count"`
	}
	corpustest.Truth(t, &truth)
	if len(recs) != len(truth) {
		t.Errorf("%d records, want %d", len(recs), len(truth))
	}
	for _, tr := range truth {
		r, ok := recs[tr.ID]
		if !ok {
			t.Errorf("%s: no record", tr.URL)
			continue
		}
		ex := r.ex
		check := func(field string, got, want any) {
			t.Helper()
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s %s = %v, want %v", tr.URL, field, got, want)
			}
		}
		slug, _ := url.PathUnescape(tr.Slug)
		check("url", ex.URL, tr.URL)
		check("kind", ex.Kind, tr.Type)
		check("status", ex.Status, "publish")
		check("title", first(ex.Title), strings.TrimPrefix(tr.Title, "Protected: "))
		check("slug", first(ex.Slug), slug)
		check("published", first(ex.Published).Time.Format(time.RFC3339), tr.Date)
		check("modified", first(ex.Updated).Time.Format(time.RFC3339), tr.Modified)
		check("author", first(ex.Author), tr.Author)
		check("image", first(ex.Image), tr.Image)
		if tr.Image != "" {
			check("image alt", ex.ImageAlt, tr.ImageAlt)
		}
		check("sticky", ex.Sticky, tr.Sticky)
		check("protected", ex.Protected, tr.Protected)
		if tr.Type == "post" {
			var cats, gcats, tags, gtags []string
			for _, c := range tr.Categories {
				cats = append(cats, strings.Join(c.Path, "/"))
			}
			for _, c := range first(ex.Categories) {
				gcats = append(gcats, strings.Join(c.Path, "/"))
			}
			for _, tg := range tr.Tags {
				tags = append(tags, tg.Name)
			}
			for _, tg := range first(ex.Tags) {
				gtags = append(gtags, tg.Name)
			}
			slices.Sort(cats)
			slices.Sort(gcats)
			slices.Sort(tags)
			slices.Sort(gtags)
			check("categories", gcats, cats)
			check("tags", gtags, tags)
		}
		if tr.Protected {
			if ex.Content != nil {
				t.Errorf("%s: protected post has a body", tr.URL)
			}
			continue
		}
		want := ""
		if tr.ExcerptManual {
			want = tr.Excerpt
		}
		check("description", first(ex.Description), want)
		check("pages", ex.BodyPages, tr.PageCount)
		if ex.Content == nil {
			t.Errorf("%s: no body", tr.URL)
		}
	}
	// The API of a site without credentials shows no secrets.
	var all bytes.Buffer
	for _, r := range recs {
		fmt.Fprintf(&all, "%+v %s", *r.ex, r.body)
	}
	for _, s := range []string{"SECRET-", "Internal Staff Rota", "Unfinished Thoughts"} {
		if bytes.Contains(all.Bytes(), []byte(s)) {
			t.Errorf("records hold %q", s)
		}
	}
}

// TestRetries: 503 and 429 (Retry-After: 0) are tried again.
func TestRetries(t *testing.T) {
	srv := serve(t, restDir(t), 100)
	srv.Fail("posts", 2)
	srv.Fail("tags", 1)
	c, err := New(context.Background(), srv.Root(), fast)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(records(t, c)); n != 64 {
		t.Errorf("%d records, want 64", n)
	}
	srv.Fail("posts", 5)
	c, err = New(context.Background(), srv.Root(), Options{Retries: 2, RetryWait: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	err = c.Records(context.Background(), func(*extract.Record) error { return nil }, func(*scrape.PageError) {})
	if err == nil || !strings.Contains(err.Error(), "HTTP 503") || !strings.Contains(err.Error(), "after 3 tries") {
		t.Errorf("err = %v", err)
	}
}

// TestNoTotalPagesHeader: without X-WP-TotalPages, pages are read while
// they are full.
func TestNoTotalPagesHeader(t *testing.T) {
	srv := serve(t, restDir(t), 0)
	srv.NoHeaders = true
	items := make([]json.RawMessage, 0, 150)
	var posts []map[string]any
	data, _ := os.ReadFile(filepath.Join(restDir(t), "posts-1.json"))
	json.Unmarshal(data, &posts)
	for i := range 150 {
		p := posts[i%len(posts)]
		p["id"] = 1000 + i
		raw, _ := json.Marshal(p)
		items = append(items, raw)
	}
	srv.Set("posts", items)
	c, err := New(context.Background(), srv.Root(), fast)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(records(t, c)); n != 154 {
		t.Errorf("%d records, want 154", n)
	}
}

// TestMediaDownload: without a local copy, uploads are fetched from the
// site into a folder that Close removes.
func TestMediaDownload(t *testing.T) {
	srv := serve(t, restDir(t), 100)
	srv.Home = srv.URL
	srv.Files["/wp-content/uploads/2022/03/x.jpg"] = []byte("\xff\xd8jpeg")
	c, err := New(context.Background(), srv.Root(), fast)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(srv.URL + "/wp-content/uploads/2022/03/x.jpg")
	if !c.HasMedia(u) {
		t.Fatal("HasMedia = false")
	}
	f, err := c.MediaFile(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(f); string(data) != "\xff\xd8jpeg" {
		t.Errorf("file holds %q", data)
	}
	other, _ := url.Parse("https://elsewhere.example/wp-content/uploads/x.jpg")
	if c.HasMedia(other) {
		t.Error("HasMedia of another host")
	}
	missing, _ := url.Parse(srv.URL + "/wp-content/uploads/none.jpg")
	if _, err := c.MediaFile(context.Background(), missing); err == nil {
		t.Error("a missing file was had")
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(f); !os.IsNotExist(err) {
		t.Errorf("Close left %s", f)
	}
}

func TestIsRoot(t *testing.T) {
	for s, want := range map[string]bool{
		"https://example.org/wp-json/":          true,
		"https://example.org/blog/wp-json":      true,
		"https://example.org/?rest_route=/":     true,
		"https://example.org/":                  false,
		"https://example.org/wp-json-not/":      false,
		"export.xml":                            false,
		"ftp://example.org/wp-json/":            false,
		"https://example.org/2022/03/wp-json-x": false,
	} {
		if got := IsRoot(s); got != want {
			t.Errorf("IsRoot(%q) = %v", s, got)
		}
	}
}

func TestManualExcerpt(t *testing.T) {
	body := "<p>Light in late autumn is soft and low. It’s the best.</p>"
	for excerpt, want := range map[string]string{
		"<p>Light in late autumn is soft and low. It&#8217;s [&hellip;]</p>\n": "",
		"<p>Light in late autumn is soft and low. It’s the best.</p>":          "",
		"<p>Manual excerpt: the season of photographers.</p>":                  "Manual excerpt: the season of photographers.",
		"": "",
	} {
		if got := manualExcerpt(excerpt, body); got != want {
			t.Errorf("manualExcerpt(%q) = %q, want %q", excerpt, got, want)
		}
	}
}

// TestHugeTotalPages: a server that claims 10⁹ pages and answers an empty
// list past its items is read to its first empty page, not 10⁹ times.
func TestHugeTotalPages(t *testing.T) {
	srv := serve(t, restDir(t), 0)
	srv.TotalPages = 1_000_000_000
	c, err := New(context.Background(), srv.Root(), fast)
	if err != nil {
		t.Fatal(err)
	}
	before := srv.Requests.Load()
	var failed []*scrape.PageError
	n := 0
	if err := c.Records(context.Background(), func(*extract.Record) error { n++; return nil }, func(e *scrape.PageError) { failed = append(failed, e) }); err != nil {
		t.Fatal(err)
	}
	if n != 64 || len(failed) != 0 {
		t.Errorf("%d records, failed %v", n, failed)
	}
	if r := srv.Requests.Load() - before; r > 4 {
		t.Errorf("%d requests for two collections of one page each", r)
	}
}

// TestPageBound: a server that answers full pages for ever is read up to
// Options.MaxPages; the collection is named with the bound as a failed
// read, and what was read stands.
func TestPageBound(t *testing.T) {
	srv := serve(t, restDir(t), 2)
	srv.TotalPages = 1_000_000_000
	srv.Endless = true
	opts := fast
	opts.MaxPages = 5
	c, err := New(context.Background(), srv.Root(), opts)
	if err != nil {
		t.Fatal(err)
	}
	var failed []string
	if err := c.Records(context.Background(), func(*extract.Record) error { return nil }, func(e *scrape.PageError) { failed = append(failed, e.Error()) }); err != nil {
		t.Fatal(err)
	}
	if len(failed) == 0 {
		t.Fatal("no bound reported")
	}
	for _, f := range failed {
		if !strings.Contains(f, "/wp-json/wp/v2/") || !strings.Contains(f, "stopped after 5 pages") || !strings.Contains(f, "1000000000 pages") {
			t.Errorf("bound message %q does not name the collection, the bound and the claim", f)
		}
	}
	if r := srv.Requests.Load(); r > 6*6+1 {
		t.Errorf("%d requests: the bound did not hold", r)
	}
}
