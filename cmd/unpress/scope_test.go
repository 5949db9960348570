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
