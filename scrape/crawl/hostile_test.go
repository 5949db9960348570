package crawl_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/unpress/unpress/scrape/crawl"
	"github.com/unpress/unpress/scrape/crawl/crawltest"
)

// elsewhere is another host (another port of 127.0.0.1) that counts the
// requests it gets: a hostile site tries to send the crawl there.
func elsewhere(t *testing.T) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<html><head><title>Elsewhere</title></head><body><p>not the site</p></body></html>`))
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

// site serves handler as the legacy site.
func site(t *testing.T, handler http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	return srv
}

func plainOptions(t *testing.T, start string) crawl.Options {
	t.Helper()
	u, err := url.Parse(start)
	if err != nil {
		t.Fatal(err)
	}
	return crawl.Options{Start: u, CacheDir: t.TempDir(), Delay: -1, Timeout: 2 * time.Second, Retries: -1, UserAgent: crawl.UserAgent("test")}
}

const homePage = `<html><head><title>Home</title></head><body><p>home</p></body></html>`

// TestStartRedirectOffHost: a start URL that redirects to another host
// stops the crawl, telling the user to pass the new URL; the other host
// is never asked for anything.
func TestStartRedirectOffHost(t *testing.T) {
	other, hits := elsewhere(t)
	srv := site(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			http.Redirect(w, r, other.URL+"/", http.StatusMovedPermanently)
			return
		}
		http.NotFound(w, r)
	})
	s, err := crawl.New(plainOptions(t, srv.URL+"/"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = walk(t, context.Background(), s)
	if err == nil || !strings.Contains(err.Error(), "pass --from "+other.URL+"/ to crawl that site") {
		t.Errorf("err = %v, want a message naming %s/ for --from", err, other.URL)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("%d requests to the host the start URL redirects to, want 0", n)
	}
}

// TestRobotsRedirectOffHost: a robots.txt that redirects to another host
// is not followed there; the error names both URLs.
func TestRobotsRedirectOffHost(t *testing.T) {
	other, hits := elsewhere(t)
	srv := site(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.Redirect(w, r, other.URL+"/robots.txt", http.StatusMovedPermanently)
		case "/":
			w.Write([]byte(homePage))
		default:
			http.NotFound(w, r)
		}
	})
	s, err := crawl.New(plainOptions(t, srv.URL+"/"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = walk(t, context.Background(), s)
	if err == nil || !strings.Contains(err.Error(), srv.URL+"/robots.txt redirects to "+other.URL+"/robots.txt, another host: not followed") {
		t.Errorf("err = %v, want one naming both robots.txt URLs", err)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("%d requests to the host robots.txt redirects to, want 0", n)
	}
}

// TestPrivateAddressRefused: with the start taken as public
// (PublicOnly), a loopback address is refused at the dial, naming the
// address: no request reaches the server.
func TestPrivateAddressRefused(t *testing.T) {
	var hits atomic.Int64
	srv := site(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte(homePage))
	})
	opts := plainOptions(t, srv.URL+"/")
	opts.PublicOnly = true
	s, err := crawl.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	_, err = walk(t, context.Background(), s)
	if err == nil || !strings.Contains(err.Error(), "not a public address: refused") || !strings.Contains(err.Error(), srv.Listener.Addr().String()) {
		t.Errorf("err = %v, want a refusal naming %s", err, srv.Listener.Addr())
	}
	if errors.Is(err, context.Canceled) {
		t.Error("refusal reported as an interruption")
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("%d requests reached a loopback server, want 0", n)
	}
}

// TestCrawlDelayCancellable: a crawl waiting out a 10-second Crawl-delay
// stops as soon as its context is cancelled (Ctrl-C, SIGTERM), not after
// the delay.
func TestCrawlDelayCancellable(t *testing.T) {
	srv := crawltest.New(t, crawltest.Options{Dir: fixture, CrawlDelay: "10"})
	opts := testOptions(t, srv)
	opts.Timeout = 20 * time.Second
	s, err := crawl.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	_, err = walk(t, ctx, s)
	elapsed := time.Since(start)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want the context's", err)
	}
	if elapsed > time.Second {
		t.Errorf("the crawl took %s to stop after its context was cancelled at 200ms, want under 1s", elapsed.Round(time.Millisecond))
	}
	if n := srv.Total(); n > 3 {
		t.Errorf("%d requests under a 10-second Crawl-delay in %s", n, elapsed)
	}
}

// TestMediaBound: a media file over MaxMediaBytes, announced or not by
// its Content-Length, fails naming the URL and the bound; one within it
// is streamed into the cache whole.
func TestMediaBound(t *testing.T) {
	const size = 3 << 20
	body := strings.Repeat("x", size)
	srv := site(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Write([]byte(homePage))
		case "/wp-content/uploads/chunked.mp4":
			w.Header().Set("Content-Type", "video/mp4")
			w.(http.Flusher).Flush() // no Content-Length
			w.Write([]byte(body))
		case "/wp-content/uploads/sized.mp4":
			w.Header().Set("Content-Type", "video/mp4")
			w.Header().Set("Content-Length", strconv.Itoa(size))
			w.Write([]byte(body))
		default:
			http.NotFound(w, r)
		}
	})
	opts := plainOptions(t, srv.URL+"/")
	opts.MaxMediaBytes = 1 << 20
	s, err := crawl.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := walk(t, context.Background(), s); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"chunked.mp4", "sized.mp4"} {
		u, _ := url.Parse(srv.URL + "/wp-content/uploads/" + name)
		file, err := s.MediaFile(context.Background(), u)
		var fe *crawl.FetchError
		if !errors.As(err, &fe) || fe.URL != u.String() || !strings.Contains(err.Error(), "over the 1048576-byte media limit") {
			t.Errorf("%s: %q, %v: want an error naming the URL and the bound", name, file, err)
		}
	}
	opts.MaxMediaBytes = size
	s, err = crawl.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := walk(t, context.Background(), s); err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(srv.URL + "/wp-content/uploads/chunked.mp4")
	file, err := s.MediaFile(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(file); err != nil || string(got) != body {
		t.Errorf("%d bytes in %s (%v), want the %d sent", len(got), file, err, size)
	}
}
