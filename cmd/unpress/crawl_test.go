package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/unpress/unpress/scrape/crawl/crawltest"
	"github.com/unpress/unpress/scrape/wpapi/wpapitest"
	"github.com/unpress/unpress/transform"
)

// crawlArgs are a fast, loopback-friendly crawl's flags.
func crawlArgs(srv *crawltest.Server, out string, extra ...string) []string {
	// The fixture pages announce a REST API that the fixture server does
	// not have; TestCrawlUsesRESTAPI covers the API.
	return append([]string{"migrate", "--from", srv.URL + "/", "--out", out, "--delay", "0", "--quiet", "--no-api"}, extra...)
}

// withoutReport drops unpress's own folder (report, manifest, cache),
// which says how the site was read.
func withoutReport(files map[string][]byte) map[string][]byte {
	for rel := range files {
		if strings.HasPrefix(rel, ".unpress/") {
			delete(files, rel)
		}
	}
	return files
}

func compareTrees(t *testing.T, want, got map[string][]byte) {
	t.Helper()
	for rel, w := range want {
		g, ok := got[rel]
		switch {
		case !ok:
			t.Errorf("%s: written from the mirror, not from the crawl", rel)
		case !bytes.Equal(g, w):
			t.Errorf("%s: crawl and mirror differ:\n%s", rel, lineDiff(string(w), string(g)))
		}
	}
	for rel := range got {
		if _, ok := want[rel]; !ok {
			t.Errorf("%s: written from the crawl, not from the mirror", rel)
		}
	}
}

// TestCrawlMatchesMirror is the crawl's promise: migrating the fixture
// site served over HTTP gives byte-identical files to migrating its
// mirror folder, with every preset. The server answers on 127.0.0.1
// while the pages name https://legacy.example.org/: the crawl fetches
// that host's links from the server and names the pages by it.
func TestCrawlMatchesMirror(t *testing.T) {
	srv := crawltest.New(t, crawltest.Options{Dir: "../../fixtures/site"})
	for _, preset := range []string{"decap", "hugo"} {
		t.Run(preset, func(t *testing.T) {
			mirrorOut, crawlOut := t.TempDir(), t.TempDir()
			var stderr bytes.Buffer
			if code := run(context.Background(), []string{"migrate", "--from", "../../fixtures/site", "--out", mirrorOut, "--preset", preset, "--quiet"}, nil, io.Discard, &stderr); code != exitOK {
				t.Fatalf("mirror: exit %d: %s", code, stderr.String())
			}
			stderr.Reset()
			if code := run(context.Background(), crawlArgs(srv, crawlOut, "--preset", preset), nil, io.Discard, &stderr); code != exitOK {
				t.Fatalf("crawl: exit %d: %s", code, stderr.String())
			}
			if stderr.Len() != 0 {
				t.Errorf("--quiet crawl printed:\n%s", stderr.String())
			}
			want, got := withoutReport(readTree(t, mirrorOut)), withoutReport(readTree(t, crawlOut))
			if len(want) < 15 {
				t.Fatalf("the mirror gave only %d files", len(want))
			}
			compareTrees(t, want, got)

			// A second crawl revalidates its cache: every page is asked
			// for with its validators and answered 304, no body comes
			// again, and nothing changes. --offline asks for nothing.
			srv.ResetCounts()
			if code := run(context.Background(), crawlArgs(srv, crawlOut, "--preset", preset), nil, io.Discard, &stderr); code != exitOK {
				t.Fatalf("second crawl: exit %d: %s", code, stderr.String())
			}
			if ok := srv.OK(); len(ok) != 0 {
				t.Errorf("second crawl fetched again: %v", ok)
			}
			if len(srv.NotModified()) < len(want)/2 {
				t.Errorf("second crawl: %d answers 304, want one per page", len(srv.NotModified()))
			}
			compareTrees(t, got, withoutReport(readTree(t, crawlOut)))
			srv.ResetCounts()
			if code := run(context.Background(), crawlArgs(srv, crawlOut, "--preset", preset, "--offline"), nil, io.Discard, &stderr); code != exitOK {
				t.Fatalf("offline crawl: exit %d: %s", code, stderr.String())
			}
			if n := srv.Total(); n != 0 {
				t.Errorf("offline crawl sent %d requests, want 0", n)
			}
			compareTrees(t, got, withoutReport(readTree(t, crawlOut)))
		})
	}
}

// TestCrawlAliases: legacy URLs that redirected to a post keep working,
// every hop of the chain: Netlify rules for decap, aliases for hugo.
func TestCrawlAliases(t *testing.T) {
	srv := crawltest.New(t, crawltest.Options{Dir: "../../fixtures/site", Aliases: true})
	out := t.TempDir()
	var stderr bytes.Buffer
	if code := run(context.Background(), crawlArgs(srv, out), nil, io.Discard, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	red, err := os.ReadFile(filepath.Join(out, "static", "_redirects"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		crawltest.OldLegion + " /blog/over-20000-volunteers-join-international-legion-to-fight-against-russia/ 301\n",
		crawltest.OlderLegion + " /blog/over-20000-volunteers-join-international-legion-to-fight-against-russia/ 301\n",
		crawltest.OldVesna + " /blog/%D0%B2%D0%B5%D1%81%D0%BD%D0%B0-%D1%83-%D0%BA%D0%B8%D1%94%D0%B2%D1%96/ 301\n",
	} {
		if !strings.Contains(string(red), line) {
			t.Errorf("_redirects lacks %q:\n%s", line, red)
		}
	}

	out = t.TempDir()
	if code := run(context.Background(), crawlArgs(srv, out, "--preset", "hugo"), nil, io.Discard, &stderr); code != exitOK {
		t.Fatalf("hugo: exit %d: %s", code, stderr.String())
	}
	post, err := os.ReadFile(filepath.Join(out, "content", "posts", "over-20000-volunteers-join-international-legion-to-fight-against-russia.md"))
	if err != nil {
		t.Fatal(err)
	}
	want := "aliases:\n  - " + crawltest.LegionPost + "\n  - " + crawltest.OldLegion + "\n  - " + crawltest.OlderLegion + "\n"
	if !strings.Contains(string(post), want) {
		t.Errorf("hugo front matter lacks\n%s\nin\n%s", want, post)
	}
}

// TestCrawlInterrupted: Ctrl-C during a crawl exits 130 with nothing
// written; the next run resumes from the cache and finishes.
func TestCrawlInterrupted(t *testing.T) {
	srv := crawltest.New(t, crawltest.Options{Dir: "../../fixtures/site"})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var n atomic.Int64
	srv.OnRequest = func(r *http.Request) {
		if n.Add(1) == 10 {
			cancel()
		}
	}
	out := t.TempDir()
	var stderr bytes.Buffer
	if code := run(ctx, crawlArgs(srv, out, "--concurrency", "2"), nil, io.Discard, &stderr); code != exitInterrupted {
		t.Fatalf("exit %d, want %d: %s", code, exitInterrupted, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(out, "src")); !os.IsNotExist(err) {
		t.Errorf("an interrupted crawl wrote files (%v)", err)
	}
	srv.OnRequest = nil
	first := srv.Total()
	if code := run(context.Background(), crawlArgs(srv, out), nil, io.Discard, &stderr); code != exitOK {
		t.Fatalf("resumed: exit %d: %s", code, stderr.String())
	}
	full := crawltest.New(t, crawltest.Options{Dir: "../../fixtures/site"})
	if code := run(context.Background(), crawlArgs(full, t.TempDir()), nil, io.Discard, &stderr); code != exitOK {
		t.Fatal(stderr.String())
	}
	if resumed, whole := srv.Total()-first, full.Total(); resumed >= whole-5 {
		t.Errorf("the resumed run sent %d requests, a whole crawl %d: little was reused", resumed, whole)
	}
}

// TestCrawlFlags: bad crawl flags are usage errors; --ignore-robots warns
// and fetches what robots.txt disallows; --max-pages stops the crawl.
func TestCrawlFlags(t *testing.T) {
	srv := crawltest.New(t, crawltest.Options{Dir: "../../fixtures/site", Extras: true, Hang: time.Second})
	for _, args := range [][]string{
		{"--concurrency", "0"},
		{"--delay", "-1s"},
		{"--max-pages", "-2"},
		{"--allow-host", ""},
	} {
		var stderr bytes.Buffer
		if code := run(context.Background(), crawlArgs(srv, t.TempDir(), args...), nil, io.Discard, &stderr); code != exitError {
			t.Errorf("%v: exit %d, want %d (%s)", args, code, exitError, stderr.String())
		}
	}
	if srv.Total() != 0 {
		t.Errorf("bad flags still sent %d requests", srv.Total())
	}

	var stderr bytes.Buffer
	run(context.Background(), []string{"migrate", "--from", srv.URL + "/", "--out", t.TempDir(), "--delay", "0", "--ignore-robots", "--max-pages", "6"}, nil, io.Discard, &stderr)
	if !strings.Contains(stderr.String(), "--ignore-robots") {
		t.Errorf("--ignore-robots gave no warning:\n%s", stderr.String())
	}
	if !strings.Contains(stderr.String(), "--max-pages 6") {
		t.Errorf("--max-pages: no word of stopping early:\n%s", stderr.String())
	}
	if n := srv.Hits(crawltest.Private); n > 1 {
		t.Errorf("%s fetched %d times", crawltest.Private, n)
	}

	// A cache folder of one's own, and a config's exclude pattern.
	cache := t.TempDir()
	cfg := filepath.Join(t.TempDir(), "unpress.yaml")
	if err := os.WriteFile(cfg, []byte("crawl:\n  exclude: ['^/about/']\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	before := srv.Hits("/about/our-team/")
	stderr.Reset()
	run(context.Background(), crawlArgs(srv, out, "--cache", cache, "--config", cfg), nil, io.Discard, &stderr)
	if n := srv.Hits("/about/our-team/") - before; n != 0 {
		t.Errorf("excluded /about/our-team/ fetched %d times", n)
	}
	if _, err := os.Stat(filepath.Join(out, ".unpress", "cache")); !os.IsNotExist(err) {
		t.Errorf("--cache elsewhere, yet OUT/.unpress/cache exists (%v)", err)
	}
	if entries, _ := os.ReadDir(cache); len(entries) == 0 {
		t.Errorf("--cache %s is empty", cache)
	}
	cfgBad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(cfgBad, []byte("crawl:\n  include: ['(']\n"), 0o644)
	stderr.Reset()
	if code := run(context.Background(), crawlArgs(srv, t.TempDir(), "--config", cfgBad), nil, io.Discard, &stderr); code != exitError || !strings.Contains(stderr.String(), "include pattern") {
		t.Errorf("bad include pattern: exit %d: %s", code, stderr.String())
	}
}

// TestLiveWordPressCrawl crawls the real WordPress of ../shared/wordpress
// when it runs (UNPRESS_LIVE_WORDPRESS=http://127.0.0.1:8080/) and
// scores every field against WordPress's database, like the mirror
// corpus test. It skips otherwise: it is not run in CI.
func TestLiveWordPressCrawl(t *testing.T) {
	site := os.Getenv("UNPRESS_LIVE_WORDPRESS")
	if site == "" {
		t.Skip("UNPRESS_LIVE_WORDPRESS is not set: skipping the live crawl")
	}
	truth := loadWPTruth(t)
	out := t.TempDir()
	start := time.Now()
	j, err := newJob(context.Background(), migrateOptions{from: site, out: out, workers: 4, source: sourceOptions{concurrency: 4, cacheDir: filepath.Join(out, "cache")}}, &Config{}, os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	r := resolveLoaded(t, j)
	t.Logf("crawl and resolve: %s, %d posts and pages, %d skipped, %d failed", time.Since(start).Round(time.Millisecond), len(r.Posts), len(r.Skipped), len(r.Failed))
	byURL := map[string]*transform.Post{}
	for _, p := range r.Posts {
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
		sb.add("kind", p.Kind == tr.Type, fmt.Sprintf("%s: %q want %q", tr.URL, p.Kind, tr.Type))
		sb.add("title", p.Title == tr.Title, fmt.Sprintf("%s: %q want %q", tr.URL, p.Title, tr.Title))
		if tr.Type != "post" {
			continue
		}
		sb.add("author", p.Author == tr.Author, fmt.Sprintf("%s: %q want %q", tr.URL, p.Author, tr.Author))
		want, _ := time.Parse(time.RFC3339, tr.Date)
		sb.add("published", p.Published.Equal(want) && p.Published.Format(time.RFC3339) == want.Format(time.RFC3339), fmt.Sprintf("%s: %s want %s", tr.URL, p.Published.Format(time.RFC3339), tr.Date))
		var wc, gc, wt []string
		for _, c := range tr.Categories {
			if c.Name != "Uncategorized" {
				wc = append(wc, c.Name)
			}
		}
		for _, c := range p.Categories {
			gc = append(gc, c.Name)
		}
		for _, tg := range tr.Tags {
			wt = append(wt, tg.Name)
		}
		slices.Sort(wc)
		slices.Sort(gc)
		slices.Sort(wt)
		sb.add("categories", slices.Equal(wc, gc), fmt.Sprintf("%s: %q want %q", tr.URL, gc, wc))
		sb.add("tags", slices.Equal(wt, sorted(p.Tags)), fmt.Sprintf("%s: %q want %q", tr.URL, p.Tags, wt))
		if !p.Updated.IsZero() {
			wantMod, _ := time.Parse(time.RFC3339, tr.Modified)
			sb.add("updated-shown", p.Updated.Equal(wantMod), fmt.Sprintf("%s: %s want %s", tr.URL, p.Updated.Format(time.RFC3339), tr.Modified))
		}
		if tr.FeaturedImage != "" {
			sb.add("image", path.Base(p.Image) == path.Base(tr.FeaturedImage), fmt.Sprintf("%s: %q want %q", tr.URL, p.Image, tr.FeaturedImage))
		}
		if tr.Previous != nil {
			sb.add("previous", p.Previous != nil && transform.NormURL(p.Previous.URL) == transform.NormURL(tr.Previous.URL), fmt.Sprintf("%s: %+v want %+v", tr.URL, p.Previous, *tr.Previous))
		}
		if tr.Next != nil {
			sb.add("next", p.Next != nil && transform.NormURL(p.Next.URL) == transform.NormURL(tr.Next.URL), fmt.Sprintf("%s: %+v want %+v", tr.URL, p.Next, *tr.Next))
		}
	}
	sb.report(t, "live")
}

// TestCrawlUsesRESTAPI crawls a real theme's pages over loopback while the
// same loopback host answers the REST API the pages announce: the crawl
// reads it by default and the API's exact modified dates, which Twenty
// Twenty-Two never shows, reach the output; --no-api leaves them out.
func TestCrawlUsesRESTAPI(t *testing.T) {
	theme := filepath.Join(corpusDir, "wordpress", "twentytwentytwo")
	if _, err := os.Stat(theme); err != nil {
		t.Skip("shared corpus not present: skipping")
	}
	site := crawltest.New(t, crawltest.Options{Dir: theme, Host: "127.0.0.1:8080"})
	api, err := wpapitest.New(filepath.Join(corpusDir, "wordpress", "rest"), "http://127.0.0.1:8080", 50)
	if err != nil {
		t.Fatal(err)
	}
	defer api.Close()
	siteURL, _ := url.Parse(site.URL)
	apiURL, _ := url.Parse(api.URL)
	// One loopback host for both, as a real WordPress serves both.
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/wp-json") {
			httputil.NewSingleHostReverseProxy(apiURL).ServeHTTP(w, r)
			return
		}
		httputil.NewSingleHostReverseProxy(siteURL).ServeHTTP(w, r)
	}))
	defer front.Close()

	seed := "2022/03/11/over-20000-volunteers-join-international-legion-to-fight-against-russia"
	for _, tc := range []struct {
		name    string
		extra   []string
		updated string
	}{
		{"with the API", nil, "2022-04-07T10:03:00+03:00"},
		{"--no-api", []string{"--no-api"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			var stderr bytes.Buffer
			args := append([]string{"migrate", "--from", front.URL + "/", "--out", out, "--delay", "0", "--preset", "hugo"}, tc.extra...)
			if code := run(context.Background(), args, nil, io.Discard, &stderr); code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			data, err := os.ReadFile(filepath.Join(out, "content", "posts", filepath.Base(seed)+".md"))
			if err != nil {
				t.Fatal(err)
			}
			f, _ := splitFront(t, data)
			got := ""
			if !f.Lastmod.IsZero() {
				got = f.Lastmod.Format(time.RFC3339)
			}
			if got != tc.updated {
				t.Errorf("lastmod = %q, want %q", got, tc.updated)
			}
			said := strings.Contains(stderr.String(), "posts and pages merged with the crawled pages")
			if said != (tc.extra == nil) {
				t.Errorf("stderr:\n%s", stderr.String())
			}
		})
	}
}
