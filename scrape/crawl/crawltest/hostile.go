package crawltest

import (
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// HostileOptions choose how a Hostile site attacks a crawl. Each is off
// when zero.
type HostileOptions struct {
	// Nesting makes /bomb-sitemap.xml.gz, named in robots.txt: a gzipped
	// sitemap of this many nested elements (a depth bomb: 16 million is
	// 49 KB of gzip).
	Nesting int
	// SitemapURLs makes /big-sitemap.xml.gz, named in robots.txt: a
	// gzipped sitemap listing this many pages, /p/1/ on.
	SitemapURLs int
	// Fanout makes /fan/index.xml, named in robots.txt: a sitemap index
	// of this many child indexes, each with as many, down to Levels.
	Fanout, Levels int
	// RobotsBytes pads robots.txt with comments to this many bytes once
	// unzipped; it is sent gzipped (Content-Encoding), as a compressing
	// server sends it. Its rules disallow /early/ at the top and /late/
	// at the end; the home page links to /early/x/ and /late/x/.
	RobotsBytes int
	// Trap makes every listing page exist: /page/N/, /?paged=N and the
	// day archives /YYYY/MM/DD/ answer 200 for every N and every day,
	// each linking to the next one and to the same two posts; the home
	// page also links to /category/x/page/1001/.
	Trap bool
}

// Hostile is a loopback site built to exhaust a crawl: sitemap bombs,
// a huge robots.txt, spider traps. Its pages are /, /p/N/ and the trap's
// listings. It counts requests by path.
type Hostile struct {
	*httptest.Server
	opts HostileOptions

	mu   sync.Mutex
	hits map[string]int // request URI → requests
}

// NewHostile starts a hostile site; it is closed when the test ends.
func NewHostile(t testing.TB, opts HostileOptions) *Hostile {
	t.Helper()
	h := &Hostile{opts: opts, hits: map[string]int{}}
	h.Server = httptest.NewServer(http.HandlerFunc(h.serve))
	t.Cleanup(h.Close)
	return h
}

// Count is how many requests asked for a request URI that has prefix.
func (h *Hostile) Count(prefix string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for uri, c := range h.hits {
		if strings.HasPrefix(uri, prefix) {
			n += c
		}
	}
	return n
}

// Hits is how many requests asked for exactly uri.
func (h *Hostile) Hits(uri string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.hits[uri]
}

var (
	pageN = regexp.MustCompile(`^/page/(\d+)/$`)
	dayRe = regexp.MustCompile(`^/(\d{4})/(\d{2})/(\d{2})/$`)
	fanRe = regexp.MustCompile(`^/fan/(index|[\d-]+)\.xml$`)
)

func (h *Hostile) serve(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	h.hits[r.URL.RequestURI()]++
	h.mu.Unlock()
	site := "http://" + r.Host
	p := r.URL.Path
	switch {
	case p == "/robots.txt":
		h.robots(w, site)
	case p == "/bomb-sitemap.xml.gz" && h.opts.Nesting > 0:
		gzipped(w, func(w io.Writer) error {
			// Deflate's best ratio is in the long repeats it finds,
			// whatever the level: BestSpeed keeps the server quick.
			const chunk = 4096
			open := strings.Repeat("<a>", chunk)
			if _, err := io.WriteString(w, `<?xml version="1.0"?><urlset>`); err != nil {
				return err
			}
			for n := 0; n < h.opts.Nesting; n += chunk {
				if _, err := io.WriteString(w, open); err != nil {
					return err
				}
			}
			return nil
		})
	case p == "/big-sitemap.xml.gz" && h.opts.SitemapURLs > 0:
		gzipped(w, func(w io.Writer) error {
			if _, err := io.WriteString(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`); err != nil {
				return err
			}
			for i := 1; i <= h.opts.SitemapURLs; i++ {
				if _, err := fmt.Fprintf(w, "<url><loc>%s/p/%d/</loc></url>\n", site, i); err != nil {
					return err
				}
			}
			_, err := io.WriteString(w, "</urlset>")
			return err
		})
	case fanRe.MatchString(p) && h.opts.Fanout > 0:
		h.fan(w, site, fanRe.FindStringSubmatch(p)[1])
	case p == "/" && r.URL.Query().Has("paged") && h.opts.Trap:
		n, _ := strconv.Atoi(r.URL.Query().Get("paged"))
		listing(w, site, fmt.Sprintf("/?paged=%d", n+1))
	case p == "/":
		links := []string{"/p/1/", "/p/2/"}
		if h.opts.Trap {
			links = append(links, "/page/2/", "/?paged=2", "/2020/01/01/", "/category/x/page/1001/")
		}
		if h.opts.RobotsBytes > 0 {
			links = append(links, "/early/x/", "/late/x/")
		}
		listing(w, site, links...)
	case strings.HasPrefix(p, "/p/"), strings.HasPrefix(p, "/early/"), strings.HasPrefix(p, "/late/"):
		page(w, "A post", `<a href="/">home</a>`)
	case pageN.MatchString(p) && h.opts.Trap:
		n, _ := strconv.Atoi(pageN.FindStringSubmatch(p)[1])
		listing(w, site, fmt.Sprintf("/page/%d/", n+1))
	case dayRe.MatchString(p) && h.opts.Trap:
		d, err := time.Parse("/2006/01/02/", p)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		listing(w, site, d.AddDate(0, 0, 1).Format("/2006/01/02/"))
	default:
		http.NotFound(w, r)
	}
}

// robots serves robots.txt gzipped, padded to RobotsBytes, its Sitemap
// lines naming the sitemaps the options make.
func (h *Hostile) robots(w http.ResponseWriter, site string) {
	w.Header().Set("Content-Type", "text/plain")
	w.Header().Set("Content-Encoding", "gzip")
	gzipped(w, func(w io.Writer) error {
		var head strings.Builder
		head.WriteString("User-agent: *\nDisallow: /early/\n")
		if h.opts.Nesting > 0 {
			fmt.Fprintf(&head, "Sitemap: %s/bomb-sitemap.xml.gz\n", site)
		}
		if h.opts.SitemapURLs > 0 {
			fmt.Fprintf(&head, "Sitemap: %s/big-sitemap.xml.gz\n", site)
		}
		if h.opts.Fanout > 0 {
			fmt.Fprintf(&head, "Sitemap: %s/fan/index.xml\n", site)
		}
		if _, err := io.WriteString(w, head.String()); err != nil {
			return err
		}
		filler := "# " + strings.Repeat("x", 1021) + "\n"
		for n := head.Len(); n < h.opts.RobotsBytes; n += len(filler) {
			if _, err := io.WriteString(w, filler); err != nil {
				return err
			}
		}
		_, err := io.WriteString(w, "Disallow: /late/\n")
		return err
	})
}

// fan serves one index of the fan: "index" is the root, "3-1" the first
// child of its third child.
func (h *Hostile) fan(w http.ResponseWriter, site, name string) {
	w.Header().Set("Content-Type", "application/xml")
	level := 0
	if name != "index" {
		level = strings.Count(name, "-") + 1
	}
	if level >= h.opts.Levels {
		fmt.Fprint(w, `<?xml version="1.0"?><urlset></urlset>`)
		return
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><sitemapindex>`)
	for i := 1; i <= h.opts.Fanout; i++ {
		child := strconv.Itoa(i)
		if name != "index" {
			child = name + "-" + child
		}
		fmt.Fprintf(&b, "<sitemap><loc>%s/fan/%s.xml</loc></sitemap>", site, child)
	}
	b.WriteString("</sitemapindex>")
	fmt.Fprint(w, b.String())
}

// gzipped sends what write writes, gzipped as it goes: a bomb is never
// whole in the server's memory either.
func gzipped(w http.ResponseWriter, write func(io.Writer) error) {
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/x-gzip")
	}
	gz, _ := gzip.NewWriterLevel(w, gzip.BestSpeed)
	if write(gz) == nil {
		gz.Close()
	}
}

// listing serves a listing page: the site's two posts and links.
func listing(w http.ResponseWriter, site string, links ...string) {
	var b strings.Builder
	for _, l := range append([]string{"/p/1/", "/p/2/"}, links...) {
		fmt.Fprintf(&b, `<a href="%s%s">%s</a> `, site, l, l)
	}
	page(w, "A listing", b.String())
}

func page(w http.ResponseWriter, title, body string) {
	w.Header().Set("Content-Type", "text/html; charset=UTF-8")
	fmt.Fprintf(w, `<!doctype html><html><head><title>%s</title></head><body><h1>%s</h1>%s</body></html>`, title, title, body)
}
