package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/unpress/unpress/scrape/crawl/crawltest"
)

// TestCrawlStartRedirectOffHost: a start URL that redirects to another
// host stops the run as any unusable source does (exit 1), telling the
// user which URL to pass instead; the other host is not asked.
func TestCrawlStartRedirectOffHost(t *testing.T) {
	var hits atomic.Int64
	other := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			http.Redirect(w, r, other.URL+"/blog/", http.StatusMovedPermanently)
			return
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()
	var stderr bytes.Buffer
	code := run(context.Background(), []string{"migrate", "--from", srv.URL + "/", "--out", t.TempDir(), "--delay", "0", "--quiet"}, nil, io.Discard, &stderr)
	if code != exitError {
		t.Errorf("exit %d, want %d", code, exitError)
	}
	if want := "pass --from " + other.URL + "/blog/ to crawl that site"; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr:\n%s\nwant %q", stderr.String(), want)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("%d requests to the other host, want 0", n)
	}
}

// TestCrawlMediaFailureExitCode: a media file the run could not copy (a
// 403 here; a file over the bound alike) is a warning naming the URL, and
// the run exits 3; a media file missing from the site (404) is a broken
// link of the legacy site's, reported as missing, and does not count.
func TestCrawlMediaFailureExitCode(t *testing.T) {
	const img = "/wp-content/uploads/2022/03/legion-featured.jpg"
	for status, want := range map[int]int{http.StatusForbidden: exitPageErrors, http.StatusNotFound: exitOK} {
		srv := crawltest.New(t, crawltest.Options{Dir: "../../fixtures/site"})
		srv.Force(img, status)
		var stderr bytes.Buffer
		code := run(context.Background(), []string{"migrate", "--from", srv.URL + "/", "--out", t.TempDir(), "--delay", "0", "--no-api"}, nil, io.Discard, &stderr)
		if code != want {
			t.Errorf("HTTP %d: exit %d, want %d\n%s", status, code, want, stderr.String())
		}
		if named := strings.Contains(stderr.String(), "legion-featured.jpg: copy media: HTTP 403"); named != (status == http.StatusForbidden) {
			t.Errorf("HTTP %d: warning named: %v\n%s", status, named, stderr.String())
		}
	}
}
