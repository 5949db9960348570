package combine

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/crawl"
	"github.com/unpress/unpress/scrape/extract"
)

// TestRESTAPIOffHost: a REST API that a page names on another host is not
// read (a warning names both URLs), and one on the site whose index
// redirects to another host is not followed there. The other host is
// never asked for anything.
func TestRESTAPIOffHost(t *testing.T) {
	var hits atomic.Int64
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"home":"http://evil.example/","namespaces":["wp/v2"]}`))
	}))
	defer other.Close()
	for name, tc := range map[string]struct{ link, want string }{
		"named":      {other.URL + "/wp-json/", "unpress: the REST API " + other.URL + "/wp-json/ that %s/ names is on another host: not read"},
		"redirected": {"/wp-json/", "%s/wp-json/ redirects to " + other.URL + "/wp-json/, another host: not followed"},
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				switch {
				case r.URL.Path == "/":
					fmt.Fprintf(w, `<html><head><title>Home</title><link rel="https://api.w.org/" href="%s"></head><body><p>home</p></body></html>`, tc.link)
				case strings.HasPrefix(r.URL.Path, "/wp-json/"):
					http.Redirect(w, r, other.URL+r.URL.RequestURI(), http.StatusFound)
				default:
					http.NotFound(w, r)
				}
			}))
			defer srv.Close()
			start, _ := url.Parse(srv.URL + "/")
			// The site's address is known (--base-url), so the REST link is
			// not what tells it.
			site, err := crawl.New(crawl.Options{Start: start, Base: start, CacheDir: t.TempDir(), Delay: -1, Retries: -1, Timeout: 2 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			if err := site.Walk(t.Context(), func(*scrape.Page) error { return nil }, func(*scrape.PageError) {}); err != nil {
				t.Fatal(err)
			}
			var said strings.Builder
			api := &CrawlWithAPI{Site: site, Say: func(f string, a ...any) { fmt.Fprintf(&said, f, a...) }}
			n := 0
			if err := api.Records(t.Context(), func(*extract.Record) error { n++; return nil }, func(*scrape.PageError) {}); err != nil {
				t.Fatal(err)
			}
			if want := fmt.Sprintf(tc.want, srv.URL); !strings.Contains(said.String(), want) {
				t.Errorf("said:\n%s\nwant: %s", said.String(), want)
			}
			if n != 0 || hits.Load() != 0 {
				t.Errorf("%d records, %d requests to the other host; want none", n, hits.Load())
			}
		})
	}
}
