package crawl_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/unpress/unpress/scrape/crawl"
	"github.com/unpress/unpress/scrape/crawl/crawltest"
)

// hostileOptions crawl a hostile site fast, with the log kept.
func hostileOptions(t *testing.T, h *crawltest.Hostile, log *strings.Builder) crawl.Options {
	t.Helper()
	start, err := url.Parse(h.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	return crawl.Options{Start: start, CacheDir: t.TempDir(), Delay: -1, Concurrency: 4, Timeout: 5 * time.Second,
		Retries: -1, UserAgent: crawl.UserAgent("test"), Log: log}
}

// TestSitemapDepthBomb: a sitemap of nested elements is read up to the
// nesting bound, with a warning naming it and the bound, and the crawl
// goes on.
func TestSitemapDepthBomb(t *testing.T) {
	h := crawltest.NewHostile(t, crawltest.HostileOptions{Nesting: 2_000_000})
	var log strings.Builder
	_, w := mustCrawl(t, hostileOptions(t, h, &log))
	if want := "sitemap " + h.URL + "/bomb-sitemap.xml.gz: over the nesting bound, elements 64 deep"; !strings.Contains(log.String(), want) {
		t.Errorf("no warning %q:\n%s", want, log.String())
	}
	if len(w.pages) != 3 { // the home page and its two posts
		t.Errorf("pages: %v", w.urls())
	}
}

// TestSitemapURLBound: the sitemaps queue no more pages than the crawl
// may take (MaxPages), with a warning naming the sitemap and the bound.
func TestSitemapURLBound(t *testing.T) {
	h := crawltest.NewHostile(t, crawltest.HostileOptions{SitemapURLs: 20_000})
	var log strings.Builder
	opts := hostileOptions(t, h, &log)
	opts.MaxPages = 50
	s, _ := mustCrawl(t, opts)
	if d := s.Stats().Discovered; d > 50+2 { // the sitemap's 50 and the home page's two posts (among them)
		t.Errorf("%d URLs queued, want at most the 50 --max-pages takes", d)
	}
	if n := h.Count("/p/"); n > 50 {
		t.Errorf("%d pages fetched", n)
	}
	if want := "sitemap " + h.URL + "/big-sitemap.xml.gz: the sitemaps list over 50 pages, the bound (--max-pages)"; !strings.Contains(log.String(), want) {
		t.Errorf("no warning %q:\n%s", want, log.String())
	}
}

// TestSitemapCountBound: nested sitemap indexes 40 wide are read up to
// MaxSitemaps files, with one warning naming the first one skipped and
// the bound.
func TestSitemapCountBound(t *testing.T) {
	h := crawltest.NewHostile(t, crawltest.HostileOptions{Fanout: 40, Levels: 2})
	var log strings.Builder
	mustCrawl(t, hostileOptions(t, h, &log))
	if n := h.Count("/fan/"); n != crawl.MaxSitemaps {
		t.Errorf("%d sitemaps fetched, want the bound, %d", n, crawl.MaxSitemaps)
	}
	if n := strings.Count(log.String(), "over the bound of 1000 sitemaps a crawl reads"); n != 1 {
		t.Errorf("%d warnings naming the bound, want 1:\n%s", n, log.String())
	}
}

// TestRobotsBound: a robots.txt of 3 MB once unzipped, sent gzipped, is
// read up to MaxRobotsBytes, with a warning naming it and the bound: the
// rules before the bound are obeyed, those after it not, and the cache
// holds no more than the bound.
func TestRobotsBound(t *testing.T) {
	h := crawltest.NewHostile(t, crawltest.HostileOptions{RobotsBytes: 3 << 20})
	var log strings.Builder
	opts := hostileOptions(t, h, &log)
	mustCrawl(t, opts)
	if want := h.URL + "/robots.txt is over the bound of 512000 bytes once unzipped"; !strings.Contains(log.String(), want) {
		t.Errorf("no warning %q:\n%s", want, log.String())
	}
	if h.Hits("/early/x/") != 0 || h.Hits("/late/x/") != 1 {
		t.Errorf("/early/x/ fetched %d times (disallowed before the bound), /late/x/ %d (after it)", h.Hits("/early/x/"), h.Hits("/late/x/"))
	}
	filepath.Walk(opts.CacheDir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && fi.Size() > crawl.MaxRobotsBytes {
			t.Errorf("cache: %s is %d bytes", p, fi.Size())
		}
		return nil
	})
}

// TestSpiderTrap: listings that answer 200 for every page number
// (/page/N/ and ?paged=N, one listing) and a calendar whose every day
// exists are followed only while they bring new links, and pagination
// only up to MaxListingPages, each with a warning naming the listing and
// the bound, long before the page cap.
func TestSpiderTrap(t *testing.T) {
	h := crawltest.NewHostile(t, crawltest.HostileOptions{Trap: true})
	var log strings.Builder
	opts := hostileOptions(t, h, &log)
	opts.MaxPages = 2000
	_, w := mustCrawl(t, opts)
	// A listing's barren pages, and the one queued while the last of
	// them was read; a calendar links several days, and the ones the
	// workers had in flight when the bound was reached come too (at most
	// one per worker).
	const most = crawl.MaxBarrenListingPages + 1
	inFlight := opts.Concurrency
	if n := h.Count("/page/") + h.Count("/?paged="); n < 2 || n > most+inFlight {
		t.Errorf("the home page's listing: %d pages fetched, want 2 to %d", n, most+inFlight)
	}
	if n := h.Count("/20"); n == 0 || n > most+inFlight {
		t.Errorf("day archives: %d pages fetched, want 1 to %d", n, most+inFlight)
	}
	if n := h.Count("/category/"); n != 0 {
		t.Errorf("page 1001 of a listing fetched")
	}
	for _, want := range []string{
		"listing " + h.URL + "/: 3 pages in a row brought no new link, the bound",
		"listing " + h.URL + "/YYYY/MM/DD/ (date archives): 3 pages in a row brought no new link, the bound",
		"listing " + h.URL + "/category/x/: page 1001 is over the bound of 1000 pages",
	} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("no warning %q:\n%s", want, log.String())
		}
	}
	if len(w.pages) > 3+2*most+1+inFlight {
		t.Errorf("%d pages taken", len(w.pages))
	}
}

// TestDiscoveredBound: pages that link far more URLs than the crawl may
// take (a faceted search, a calendar) fill the queue only up to
// DiscoveredPerPage per page of --max-pages, with a warning naming the
// bound; without it every link found is queued.
func TestDiscoveredBound(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" || strings.HasSuffix(r.URL.Path, ".xml") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		var b strings.Builder
		b.WriteString("<!doctype html><html><head><title>x</title></head><body>")
		for i := range 400 {
			fmt.Fprintf(&b, `<a href="/facet/%s-%d/">%d</a> `, strings.Trim(strings.ReplaceAll(r.URL.Path, "/", "-"), "-"), i, i)
		}
		b.WriteString("</body></html>")
		io.WriteString(w, b.String())
	}))
	defer srv.Close()
	start, _ := url.Parse(srv.URL + "/")
	var log strings.Builder
	opts := crawl.Options{Start: start, CacheDir: t.TempDir(), Delay: -1, Concurrency: 4, Timeout: 5 * time.Second,
		Retries: -1, UserAgent: crawl.UserAgent("test"), Log: &log, MaxPages: 30}
	s, _ := mustCrawl(t, opts)
	if n, most := s.Stats().Discovered, crawl.DiscoveredPerPage*opts.MaxPages; n > most {
		t.Errorf("%d URLs queued, want at most %d", n, most)
	}
	if want := fmt.Sprintf("URLs queued, the bound (%d × --max-pages)", crawl.DiscoveredPerPage); !strings.Contains(log.String(), want) {
		t.Errorf("no warning %q:\n%s", want, log.String())
	}
}
