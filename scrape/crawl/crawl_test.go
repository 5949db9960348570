package crawl_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/crawl"
	"github.com/unpress/unpress/scrape/crawl/crawltest"
	"github.com/unpress/unpress/scrape/mirror"
)

const fixture = "../../fixtures/site"

// testOptions keep a crawl fast and its limits small.
func testOptions(t *testing.T, srv *crawltest.Server) crawl.Options {
	t.Helper()
	start, err := url.Parse(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	return crawl.Options{
		Start:        start,
		CacheDir:     t.TempDir(),
		Delay:        -1,
		Concurrency:  4,
		Timeout:      400 * time.Millisecond,
		Retries:      2,
		RetryWait:    20 * time.Millisecond,
		MaxPageBytes: 1 << 20,
		UserAgent:    crawl.UserAgent("test"),
	}
}

type walked struct {
	pages []*scrape.Page
	errs  []*scrape.PageError
}

func (w *walked) urls() []string {
	var out []string
	for _, p := range w.pages {
		out = append(out, p.URL.String())
	}
	return out
}

func (w *walked) failed(u string) *scrape.PageError {
	for _, e := range w.errs {
		if e.URL == u {
			return e
		}
	}
	return nil
}

func walk(t *testing.T, ctx context.Context, s *crawl.Site) (*walked, error) {
	t.Helper()
	w := &walked{}
	var mu sync.Mutex
	err := s.Walk(ctx, func(p *scrape.Page) error {
		w.pages = append(w.pages, p)
		return nil
	}, func(e *scrape.PageError) {
		mu.Lock()
		w.errs = append(w.errs, e)
		mu.Unlock()
	})
	return w, err
}

func mustCrawl(t *testing.T, opts crawl.Options) (*crawl.Site, *walked) {
	t.Helper()
	s, err := crawl.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	w, err := walk(t, context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	return s, w
}

// TestWalkMatchesMirror: crawling the fixture site served over HTTP
// yields the mirror's pages, under the same URLs (the public host, not the
// server's), with the same decoded bytes, in the same order; the only ones
// missing are those no link or sitemap leads to, and the 404 page.
func TestWalkMatchesMirror(t *testing.T) {
	srv := crawltest.New(t, crawltest.Options{Dir: fixture})
	s, got := mustCrawl(t, testOptions(t, srv))
	if len(got.errs) != 0 {
		t.Errorf("errors: %v", got.errs)
	}
	if b := s.Base().String(); b != "https://legacy.example.org/" {
		t.Errorf("Base = %s, want the pages' own host", b)
	}
	dir, err := mirror.Open(fixture, nil)
	if err != nil {
		t.Fatal(err)
	}
	var want []*scrape.Page
	if err := dir.Walk(context.Background(), func(p *scrape.Page) error {
		want = append(want, p)
		return nil
	}, func(e *scrape.PageError) { t.Errorf("mirror: %v", e) }); err != nil {
		t.Fatal(err)
	}
	unreachable := map[string]bool{
		"https://legacy.example.org/2019/01/01/gone/": true, // a 404 on a live site
		"https://legacy.example.org/2022/03/11/over-20000-volunteers-join-international-legion-to-fight-against-russia/legion-featured/": false,
		"https://legacy.example.org/2022/03/": false,
	}
	byURL := map[string]*scrape.Page{}
	for _, p := range got.pages {
		byURL[p.URL.String()] = p
	}
	var order []string
	for _, w := range want {
		u := w.URL.String()
		g, ok := byURL[u]
		if !ok {
			if _, known := unreachable[u]; !known {
				t.Errorf("%s: in the mirror, not crawled", u)
			}
			continue
		}
		order = append(order, u)
		if !bytes.Equal(g.HTML, w.HTML) || g.Charset != w.Charset {
			t.Errorf("%s: crawled page differs from the mirror's (charset %s vs %s)", u, g.Charset, w.Charset)
		}
		delete(byURL, u)
	}
	for u := range byURL {
		t.Errorf("%s: crawled, not in the mirror", u)
	}
	if gotOrder := got.urls(); !slices.Equal(gotOrder, order) {
		t.Errorf("crawl order differs from the mirror's:\n got %v\nwant %v", gotOrder, order)
	}
	for _, never := range []string{"/wp-content/uploads/2022/03/legion-featured.jpg", "/feed/", "/wp-json/", "/comments/feed/"} {
		if n := srv.Hits(never); n != 0 {
			t.Errorf("%s fetched %d times by Walk", never, n)
		}
	}
	if ua := srv.UserAgents(); !slices.Equal(ua, []string{"unpress/test (+https://github.com/unpress/unpress)"}) {
		t.Errorf("User-Agents = %q", ua)
	}
	if r := s.RESTRoot(); r != "https://legacy.example.org/wp-json/" {
		t.Errorf("RESTRoot = %q", r)
	}
}

// TestCrawlBehaviour runs the crawl over a site that misbehaves: what is
// fetched, what is not, the retries, failures and the redirect map.
func TestCrawlBehaviour(t *testing.T) {
	srv := crawltest.New(t, crawltest.Options{Dir: fixture, Extras: true, Hang: 5 * time.Second})
	opts := testOptions(t, srv)
	s, got := mustCrawl(t, opts)
	pub := srv.Public
	urls := got.urls()
	for _, p := range []string{"/", "/page/2/", crawltest.Slow, crawltest.Flaky429, crawltest.Flaky500, crawltest.Extras, crawltest.LegionPost, "/about/"} {
		if !slices.Contains(urls, pub(p)) {
			t.Errorf("%s was not yielded", p)
		}
	}
	for _, p := range []string{crawltest.Hang, crawltest.Huge, crawltest.Private, crawltest.LoopA, crawltest.OldLegion, crawltest.ReportPDF} {
		if slices.Contains(urls, pub(p)) {
			t.Errorf("%s was yielded as a page", p)
		}
	}
	// Retries: once for each flaky page, every attempt for the hanging one.
	if n := srv.Hits(crawltest.Flaky429); n != 2 {
		t.Errorf("%s: %d requests, want 2 (429, then 200 after Retry-After)", crawltest.Flaky429, n)
	}
	if n := srv.Hits(crawltest.Flaky500); n != 2 {
		t.Errorf("%s: %d requests, want 2", crawltest.Flaky500, n)
	}
	if n := srv.Hits(crawltest.Hang); n != 1+opts.Retries {
		t.Errorf("%s: %d requests, want %d", crawltest.Hang, n, 1+opts.Retries)
	}
	if e := got.failed(pub(crawltest.Hang)); e == nil || e.Stage != scrape.StageFetch {
		t.Errorf("%s: no fetch error reported (%v)", crawltest.Hang, e)
	}
	if e := got.failed(pub(crawltest.Huge)); e == nil || !strings.Contains(e.Error(), "limit") {
		t.Errorf("%s: want an error about the size limit, got %v", crawltest.Huge, e)
	}
	if e := got.failed(pub(crawltest.LoopA)); e == nil || !strings.Contains(e.Error(), "redirect loop") {
		t.Errorf("%s: want a redirect loop error, got %v", crawltest.LoopA, e)
	}
	// Never fetched at all.
	for _, p := range []string{crawltest.Private, "/feed/", "/comments/feed/", "/wp-json/", "/wp-json/wp/v2/posts/69", "/wp-admin/",
		"/wp-login.php?action=lostpassword", "/xmlrpc.php?rsd", "/?s=legion", crawltest.ReportPDF, crawltest.MissingJPG,
		"/wp-content/uploads/2022/03/legion-featured-300x169.jpg", "/about/?utm_source=newsletter&utm_medium=email",
		"/2022/03/11/over-20000-volunteers-join-international-legion-to-fight-against-russia/?replytocom=5",
		"/2022/03/11/over-20000-volunteers-join-international-legion-to-fight-against-russia/comment-page-2/",
		"/2022/04/08/how-we-back-up-the-archive/embed/", "/2022/04/08/how-we-back-up-the-archive/trackback/"} {
		if n := srv.Hits(p); n != 0 {
			t.Errorf("%s: fetched %d times, want never", p, n)
		}
	}
	// Fetched once however it was linked.
	for p, n := range srv.Requests() {
		if n > 1 && p != crawltest.Flaky429 && p != crawltest.Flaky500 && p != crawltest.Hang {
			t.Errorf("%s: fetched %d times", p, n)
		}
	}
	// The redirect map: every hop of the chain, to where it ends.
	red := s.Redirects()
	for _, old := range []string{crawltest.OldLegion, crawltest.OlderLegion} {
		if red[pub(old)] != pub(crawltest.LegionPost) {
			t.Errorf("Redirects[%s] = %q, want the Legion post", old, red[pub(old)])
		}
	}
	if _, ok := red[pub(crawltest.LoopA)]; ok {
		t.Errorf("a redirect loop is in the redirect map")
	}
	st := s.Stats()
	if st.Pages != len(got.pages) || st.Retries < 2+opts.Retries || st.Failed < 2 {
		t.Errorf("stats %+v", st)
	}
}

// TestPoliteness: with two workers and a delay, the server never sees
// more than two requests at once, nor more than the limit per second.
func TestPoliteness(t *testing.T) {
	srv := crawltest.New(t, crawltest.Options{Dir: fixture})
	opts := testOptions(t, srv)
	opts.Concurrency = 2
	opts.Delay = 50 * time.Millisecond
	opts.RandomDelay = -1
	start := time.Now()
	mustCrawl(t, opts)
	elapsed := time.Since(start)
	if p := srv.PeakInFlight(); p > 2 {
		t.Errorf("%d requests in flight at once, want at most 2", p)
	}
	times := srv.Times()
	// Each worker waits 50ms after each request: at most 2 per 50ms,
	// so at most 2*(window/50ms + 1) in any window.
	const window = 500 * time.Millisecond
	limit := 2 * (int(window/opts.Delay) + 1)
	for i := range times {
		n := 0
		for _, t2 := range times[i:] {
			if t2.Sub(times[i]) < window {
				n++
			}
		}
		if n > limit {
			t.Errorf("%d requests within %s from request %d, want at most %d", n, window, i, limit)
			break
		}
	}
	rate := float64(len(times)) / elapsed.Seconds()
	if max := float64(opts.Concurrency) / opts.Delay.Seconds(); rate > max {
		t.Errorf("%.1f requests/s, want at most %.1f", rate, max)
	}
	t.Logf("%d requests in %s (%.1f/s)", len(times), elapsed.Round(time.Millisecond), rate)
}

// TestResume: a crawl interrupted half-way leaves its answers in the
// cache; the next run fetches only what it did not have. A run after a
// complete one revalidates: every page is asked for with its validators
// and answered 304, and no page body is sent again. An offline run sends
// nothing at all.
func TestResume(t *testing.T) {
	srv := crawltest.New(t, crawltest.Options{Dir: fixture})
	opts := testOptions(t, srv)
	opts.Concurrency = 2
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var pages atomic.Int64
	srv.OnRequest = func(r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") && pages.Add(1) == 8 {
			cancel()
		}
	}
	s, err := crawl.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := walk(t, ctx, s); err != context.Canceled {
		t.Fatalf("interrupted Walk: err = %v, want context.Canceled", err)
	}
	first := srv.Served()
	if len(first) == 0 {
		t.Fatal("nothing was fetched before the interruption")
	}
	srv.OnRequest = nil

	before := srv.Requests()
	s2, err := crawl.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	got, err := walk(t, context.Background(), s2)
	if err != nil {
		t.Fatal(err)
	}
	after := srv.Requests()
	// Only what was in flight when the crawl was interrupted (at most
	// one request per worker) may be fetched again.
	var refetched []string
	for uri := range first {
		if after[uri] != before[uri] {
			refetched = append(refetched, uri)
		}
	}
	if len(refetched) > opts.Concurrency || len(first)-len(refetched) < 4 {
		t.Errorf("%d of the %d URLs answered before the interruption were fetched again: %v", len(refetched), len(first), refetched)
	}
	if len(got.pages) < 15 {
		t.Errorf("resumed crawl yielded %d pages", len(got.pages))
	}

	srv.ResetCounts()
	s3, err := crawl.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	again, err := walk(t, context.Background(), s3)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(again.urls(), got.urls()) {
		t.Errorf("revalidating run yielded %v, want %v", again.urls(), got.urls())
	}
	st := s3.Stats()
	if st.Revalidated != st.Pages || st.Cached != 0 {
		t.Errorf("revalidating run: %d of %d pages confirmed by a 304, %d answered from the cache unasked", st.Revalidated, st.Pages, st.Cached)
	}
	if ok := srv.OK(); len(ok) != 0 {
		t.Errorf("sent in full again on a run where nothing changed: %v", ok)
	}
	if st.Conditional != st.NotModified || int(st.NotModified) != len(srv.NotModified()) {
		t.Errorf("%d conditional requests, %d answered 304; the server counted %d", st.Conditional, st.NotModified, len(srv.NotModified()))
	}

	// Offline: the same pages, not one request.
	srv.ResetCounts()
	offline := opts
	offline.Offline = true
	s4, err := crawl.New(offline)
	if err != nil {
		t.Fatal(err)
	}
	cached, err := walk(t, context.Background(), s4)
	if err != nil {
		t.Fatal(err)
	}
	if n := srv.Total(); n != 0 {
		t.Errorf("an offline run sent %d requests, want 0", n)
	}
	if !slices.Equal(cached.urls(), got.urls()) {
		t.Errorf("offline run yielded %v, want %v", cached.urls(), got.urls())
	}
	if st := s4.Stats(); st.Cached != st.Pages {
		t.Errorf("offline run: %d of %d pages from the cache", st.Cached, st.Pages)
	}
}

// TestMedia: Walk downloads no media; MediaFile downloads each URL once,
// into the cache, and a missing file is then known to be missing.
func TestMedia(t *testing.T) {
	srv := crawltest.New(t, crawltest.Options{Dir: fixture, Extras: true})
	opts := testOptions(t, srv)
	s, _ := mustCrawl(t, opts)
	for p, n := range srv.Requests() {
		if strings.HasPrefix(p, "/wp-content/") && n > 0 {
			t.Errorf("Walk fetched media %s", p)
		}
	}
	ctx := context.Background()
	for _, p := range []string{"/wp-content/uploads/2022/03/legion-featured.jpg", "/wp-content/uploads/2022/03/legion-featured-300x169.jpg"} {
		u, _ := url.Parse(srv.Public(p))
		if !s.HasMedia(u) {
			t.Errorf("HasMedia(%s) = false", u)
		}
		for range 2 {
			file, err := s.MediaFile(ctx, u)
			if err != nil {
				t.Fatalf("MediaFile(%s): %v", u, err)
			}
			got, _ := os.ReadFile(file)
			want, _ := os.ReadFile(filepath.Join(fixture, filepath.FromSlash(p)))
			if !bytes.Equal(got, want) {
				t.Errorf("%s: %d bytes, want the file's %d", p, len(got), len(want))
			}
		}
		if n := srv.Hits(p); n != 1 {
			t.Errorf("%s: %d requests, want 1", p, n)
		}
	}
	missing, _ := url.Parse(srv.Public(crawltest.MissingJPG))
	if _, err := s.MediaFile(ctx, missing); err == nil {
		t.Errorf("MediaFile of a missing file: no error")
	}
	if s.HasMedia(missing) {
		t.Errorf("HasMedia is still true after a 404")
	}
	off, _ := url.Parse("https://cdn.elsewhere.net/x.jpg")
	if s.HasMedia(off) {
		t.Errorf("HasMedia of an off-site URL is true")
	}
	// A new crawl over the same cache fetches no media again.
	s2, _ := mustCrawl(t, opts)
	u, _ := url.Parse(srv.Public("/wp-content/uploads/2022/03/legion-featured.jpg"))
	if _, err := s2.MediaFile(ctx, u); err != nil {
		t.Fatal(err)
	}
	if n := srv.Hits("/wp-content/uploads/2022/03/legion-featured.jpg"); n != 1 {
		t.Errorf("media fetched %d times over two runs", n)
	}
}

// TestRevalidate: a new crawl over a complete cache asks again for every
// page with the cache's validators; a changed page comes back in full, a
// deleted one answers 404 or 410 (Gone says which, for the URLs given to
// Recheck even when nothing links to them any more), and a page the
// server keeps failing on is read from the cache, with a warning. A
// server without validators sends every page again.
func TestRevalidate(t *testing.T) {
	site := t.TempDir()
	if err := os.CopyFS(site, os.DirFS(fixture)); err != nil {
		t.Fatal(err)
	}
	const (
		legion   = crawltest.LegionPost
		backup   = "/2022/04/08/how-we-back-up-the-archive/"
		german   = "/2020/10/05/uber-die-zukunft-der-backerei/"
		displace = "/2022/03/09/ukraine-displaced-population-to-hit-6-7-million-world-pledges-financial-support/"
		about    = "/about/"
	)
	for _, validators := range []bool{true, false} {
		t.Run(fmt.Sprintf("validators=%v", validators), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "site")
			if err := os.CopyFS(dir, os.DirFS(site)); err != nil {
				t.Fatal(err)
			}
			srv := crawltest.New(t, crawltest.Options{Dir: dir, NoValidators: !validators})
			opts := testOptions(t, srv)
			_, first := mustCrawl(t, opts)

			// The site changes: one post edited, one deleted, one gone
			// for good (410), and the server fails on a page.
			p := filepath.Join(dir, filepath.FromSlash(strings.Trim(backup, "/")), "index.html")
			data, _ := os.ReadFile(p)
			os.WriteFile(p, bytes.Replace(data, []byte("Every night"), []byte("Each night"), 1), 0o644)
			os.RemoveAll(filepath.Join(dir, filepath.FromSlash(strings.Trim(german, "/"))))
			srv.Rescan(t)
			srv.Force(displace, http.StatusGone)
			srv.Force(about, http.StatusInternalServerError)
			srv.ResetCounts()

			var log bytes.Buffer
			opts.Log = &log
			s, err := crawl.New(opts)
			if err != nil {
				t.Fatal(err)
			}
			s.Recheck([]string{srv.Public(legion), srv.Public(german), srv.Public(displace)})
			again, err := walk(t, context.Background(), s)
			if err != nil {
				t.Fatal(err)
			}
			for u, want := range map[string]string{legion: "", german: "HTTP 404", displace: "HTTP 410", about: ""} {
				if got := s.Gone(srv.Public(u), ""); got != want {
					t.Errorf("Gone(%s) = %q, want %q", u, got, want)
				}
			}
			st := s.Stats()
			if st.Pages != len(first.pages)-2 || st.Stale != 1 || !strings.Contains(log.String(), "using the copy fetched") {
				t.Errorf("%d pages (first crawl %d), %d stale; log:\n%s", st.Pages, len(first.pages), st.Stale, log.String())
			}
			var changed bool
			for _, pg := range again.pages {
				if strings.HasSuffix(pg.URL.Path, backup) {
					changed = bytes.Contains(pg.HTML, []byte("Each night"))
				}
			}
			if !changed {
				t.Errorf("the edited post was read from the cache")
			}
			full := pagesOnly(srv.OK())
			switch {
			case validators:
				if !slices.Equal(full, []string{backup}) {
					t.Errorf("pages sent in full: %v, want only the edited one", full)
				}
				if st.Revalidated != st.Pages-2 { // the edited page and the stale one
					t.Errorf("%d of %d pages revalidated", st.Revalidated, st.Pages)
				}
			default:
				if len(full) != st.Pages-1 || st.Conditional != 0 || len(srv.Conditional()) != 0 {
					t.Errorf("no validators: %d pages sent in full of %d, %d conditional requests", len(full), st.Pages, st.Conditional)
				}
			}
		})
	}
}

func pagesOnly(m map[string]int) []string {
	var out []string
	for uri := range m {
		if strings.HasSuffix(uri, "/") {
			out = append(out, uri)
		}
	}
	slices.Sort(out)
	return out
}

// TestCrawlDelayBound: a robots.txt that asks for a day between requests
// is obeyed up to MaxCrawlDelay, with a warning naming robots.txt and the
// bound, one request at a time.
func TestCrawlDelayBound(t *testing.T) {
	srv := crawltest.New(t, crawltest.Options{Dir: fixture, CrawlDelay: "86400"})
	opts := testOptions(t, srv)
	opts.MaxCrawlDelay = 5 * time.Millisecond
	var log strings.Builder
	opts.Log = &log
	_, w := mustCrawl(t, opts)
	if len(w.pages) == 0 {
		t.Fatal("no pages")
	}
	if !strings.Contains(log.String(), "/robots.txt asks for a Crawl-delay of 24h0m0s: waiting 5ms, the bound, between requests") {
		t.Errorf("no warning naming the bound:\n%s", log.String())
	}
	if p := srv.PeakInFlight(); p > 1 {
		t.Errorf("%d requests in flight at once under a Crawl-delay, want 1", p)
	}
}
