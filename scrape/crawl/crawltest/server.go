// Package crawltest serves a mirror folder as a live WordPress-like site
// on a loopback httptest server, for the crawl's tests: the pages, the
// uploads, robots.txt and a nested sitemap index with a gzipped child,
// and (with Extras) the ways real sites misbehave: redirect chains and
// loops, slow, rate-limited, failing, hanging and oversized pages. It
// counts every request so tests can assert what was fetched and when.
//
// The pages keep naming their public host (https://legacy.example.org/
// for the bundled fixture), as a staging copy of a site does; the crawl
// maps that host onto the server's address.
//
// Pages, uploads, robots.txt and sitemaps carry an ETag (and files a
// Last-Modified, their modification time) and answer conditional requests
// with 304, as a server with a page cache does; NoValidators serves them
// bare, as WordPress itself does. A test changes the site between runs by
// editing a copy of the mirror and calling Rescan.
package crawltest

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"
)

// Options choose what the server serves besides the mirror's files.
type Options struct {
	// Dir is the mirror folder served as the site.
	Dir string
	// Host is the public host the pages name; default legacy.example.org.
	Host string
	// Extras adds the misbehaving routes, linked from /extras/ and listed
	// in the page sitemap.
	Extras bool
	// Aliases adds only the redirect chain /old-legion/ → /older-legion/
	// → the Legion post, listed in the page sitemap.
	Aliases bool
	// HugeBytes is the size of /huge/ (default 2 MiB).
	HugeBytes int
	// Hang bounds how long /hang/ keeps a request open (default 10s).
	Hang time.Duration
	// NoValidators sends no ETag or Last-Modified, and answers every
	// request in full.
	NoValidators bool
	// CrawlDelay, when set, is robots.txt's Crawl-delay line's value.
	CrawlDelay string
}

// Server is a running fixture site.
type Server struct {
	*httptest.Server
	opts  Options
	files map[string]string // URL path → file
	posts []string          // post URLs for the sitemap, sorted

	mu          sync.Mutex
	conditional map[string]int // request URI → requests with If-None-Match or If-Modified-Since
	notModified map[string]int // request URI → 304 answers
	ok          map[string]int // request URI → 200 answers
	forced      map[string]int // URL path → the status it answers (Force)
	hits        map[string]int // request URI → requests
	served      map[string]int // request URI → complete answers
	times       []time.Time
	agents      map[string]bool
	inflight    atomic.Int64
	peak        atomic.Int64
	// OnRequest, when set, sees every request before it is answered.
	OnRequest func(*http.Request)
}

// Paths of the extra routes.
const (
	OldLegion   = "/old-legion/"
	OlderLegion = "/older-legion/"
	LegionPost  = "/2022/03/11/over-20000-volunteers-join-international-legion-to-fight-against-russia/"
	OldVesna    = "/vesna/"
	VesnaPost   = "/2021/04/12/%d0%b2%d0%b5%d1%81%d0%bd%d0%b0-%d1%83-%d0%ba%d0%b8%d1%94%d0%b2%d1%96/"
	LoopA       = "/loop-a/"
	LoopB       = "/loop-b/"
	Slow        = "/slow/"
	Flaky429    = "/flaky-429/"
	Flaky500    = "/flaky-500/"
	Hang        = "/hang/"
	Huge        = "/huge/"
	Private     = "/private/secret/"
	Extras      = "/extras/"
	MissingJPG  = "/wp-content/uploads/2022/03/missing.jpg"
	ReportPDF   = "/wp-content/uploads/2022/03/report.pdf"
)

var postPath = regexp.MustCompile(`^/\d{4}/\d{2}/\d{2}/[^/]+/$`)

// New starts the server; it is closed when the test ends.
func New(t testing.TB, opts Options) *Server {
	t.Helper()
	if opts.Host == "" {
		opts.Host = "legacy.example.org"
	}
	if opts.HugeBytes == 0 {
		opts.HugeBytes = 2 << 20
	}
	if opts.Hang == 0 {
		opts.Hang = 10 * time.Second
	}
	s := &Server{opts: opts, hits: map[string]int{}, served: map[string]int{}, agents: map[string]bool{},
		conditional: map[string]int{}, notModified: map[string]int{}, ok: map[string]int{}}
	s.Rescan(t)
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// Rescan reads the mirror folder again: files added or deleted since
// are served, or answer 404, and the post sitemap lists the posts there
// are now. (Edited files are served as they are without it.)
func (s *Server) Rescan(t testing.TB) {
	t.Helper()
	files := map[string]string{}
	var posts []string
	err := filepath.WalkDir(s.opts.Dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(s.opts.Dir, p)
		rel = "/" + filepath.ToSlash(rel)
		if path.Base(rel) == "index.html" {
			rel = strings.TrimSuffix(rel, "index.html")
		}
		files[rel] = p
		if postPath.MatchString(rel) && !strings.Contains(rel, "/gone/") {
			posts = append(posts, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(posts)
	s.mu.Lock()
	s.files, s.posts = files, posts
	s.mu.Unlock()
}

// Force makes a URL path answer with a status (410 for a page deleted
// for good, 500 for a failing server) until it is forced to 0.
func (s *Server) Force(path string, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.forced == nil {
		s.forced = map[string]int{}
	}
	if status == 0 {
		delete(s.forced, path)
		return
	}
	s.forced[path] = status
}

// Public is the site's public URL for a path ("https://legacy.example.org/x/").
func (s *Server) Public(p string) string { return "https://" + s.opts.Host + p }

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	n := s.inflight.Add(1)
	defer s.inflight.Add(-1)
	for {
		p := s.peak.Load()
		if n <= p || s.peak.CompareAndSwap(p, n) {
			break
		}
	}
	uri := r.URL.RequestURI()
	s.mu.Lock()
	s.hits[uri]++
	if r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != "" {
		s.conditional[uri]++
	}
	s.times = append(s.times, time.Now())
	s.agents[r.UserAgent()] = true
	first := s.hits[uri] == 1
	s.mu.Unlock()
	if s.OnRequest != nil {
		s.OnRequest(r)
	}
	sw := &statusWriter{ResponseWriter: w}
	if s.route(sw, r, first) {
		s.mu.Lock()
		s.served[uri]++
		if sw.code == http.StatusOK {
			s.ok[uri]++
		}
		s.mu.Unlock()
	}
}

// route answers a request; it reports whether the answer was sent whole.
func (s *Server) route(w http.ResponseWriter, r *http.Request, first bool) bool {
	p := r.URL.Path
	extras := s.opts.Extras
	switch {
	case p == "/robots.txt":
		body := fmt.Sprintf("User-agent: *\nDisallow: /private/\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\nSitemap: %s\n", s.Public("/sitemap_index.xml"))
		if s.opts.CrawlDelay != "" {
			body = strings.Replace(body, "User-agent: *\n", "User-agent: *\nCrawl-delay: "+s.opts.CrawlDelay+"\n", 1)
		}
		return s.send(w, r, "text/plain; charset=utf-8", []byte(body), time.Time{})
	case p == "/sitemap_index.xml":
		return s.xml(w, r, sitemapIndex(s.Public("/post-sitemap.xml.gz"), s.Public("/page-sitemap.xml"), s.Public("/nested-sitemap.xml")))
	case p == "/nested-sitemap.xml":
		return s.xml(w, r, sitemapIndex(s.Public("/taxonomy-sitemap.xml")))
	case p == "/post-sitemap.xml.gz":
		var buf bytes.Buffer
		gz := gzip.NewWriter(&buf)
		s.mu.Lock()
		posts := s.posts
		s.mu.Unlock()
		gz.Write(urlset(s.public(posts)))
		gz.Close()
		return s.send(w, r, "application/x-gzip", buf.Bytes(), time.Time{})
	case p == "/page-sitemap.xml":
		pages := []string{"/about/", "/about/our-team/"}
		if extras {
			pages = append(pages, Extras, Slow, Flaky429, Flaky500, Hang, Huge, LoopA, OldLegion)
		} else if s.opts.Aliases {
			pages = append(pages, OldLegion, OldVesna)
		}
		return s.xml(w, r, urlset(s.public(pages)))
	case p == "/taxonomy-sitemap.xml":
		return s.xml(w, r, urlset(s.public([]string{"/category/news/", "/tag/war-in-ukraine/", "/author/saveukraine/"})))
	case (extras || s.opts.Aliases) && p == OldLegion:
		http.Redirect(w, r, s.Public(OlderLegion), http.StatusMovedPermanently)
		return true
	case (extras || s.opts.Aliases) && p == OlderLegion:
		http.Redirect(w, r, s.Public(LegionPost), http.StatusFound)
		return true
	case s.opts.Aliases && p == OldVesna:
		http.Redirect(w, r, s.Public(VesnaPost), http.StatusMovedPermanently)
		return true
	case extras && p == LoopA:
		http.Redirect(w, r, LoopB, http.StatusMovedPermanently)
		return true
	case extras && p == LoopB:
		http.Redirect(w, r, LoopA, http.StatusMovedPermanently)
		return true
	case extras && p == Slow:
		time.Sleep(150 * time.Millisecond)
		return s.html(w, "Slow", "This page takes its time.")
	case extras && p == Flaky429:
		if first {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return true
		}
		return s.html(w, "Flaky 429", "Answered on the second try.")
	case extras && p == Flaky500:
		if first {
			http.Error(w, "oops", http.StatusInternalServerError)
			return true
		}
		return s.html(w, "Flaky 500", "Answered on the second try.")
	case extras && p == Hang:
		select {
		case <-r.Context().Done():
		case <-time.After(s.opts.Hang):
		}
		return false
	case extras && p == Huge:
		w.Header().Set("Content-Type", "text/html; charset=UTF-8")
		chunk := bytes.Repeat([]byte("<p>huge huge huge huge</p>\n"), 1024)
		for sent := 0; sent < s.opts.HugeBytes; sent += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return false
			}
		}
		return true
	case extras && p == Private:
		return s.html(w, "Private", "robots.txt disallows this page.")
	case extras && p == Extras:
		return s.html(w, "Extras", extrasBody(s))
	case extras && p == ReportPDF:
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.4 not really\n"))
		return true
	}
	s.mu.Lock()
	file, ok := s.files[p]
	forced := s.forced[p]
	s.mu.Unlock()
	if forced != 0 {
		http.Error(w, http.StatusText(forced), forced)
		return true
	}
	if !ok {
		w.Header().Set("Content-Type", "text/html; charset=UTF-8")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `<!doctype html><html><head><title>Page not found</title></head><body class="error404"><h1>Oops! That page can&rsquo;t be found.</h1></body></html>`)
		return true
	}
	data, err := os.ReadFile(file)
	if os.IsNotExist(err) {
		// Deleted since the last Rescan.
		w.WriteHeader(http.StatusNotFound)
		return true
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return true
	}
	var mod time.Time
	if st, err := os.Stat(file); err == nil {
		mod = st.ModTime()
	}
	if strings.HasSuffix(file, ".html") {
		if bytes.Contains(data, []byte("error404")) {
			w.Header().Set("Content-Type", htmlType(data))
			w.WriteHeader(http.StatusNotFound)
			w.Write(data)
			return true
		}
		return s.send(w, r, htmlType(data), data, mod)
	}
	return s.send(w, r, mime.TypeByExtension(path.Ext(file)), data, mod)
}

// send answers 200 with data, or 304 when the request's validators match
// (If-None-Match first, else If-Modified-Since, as RFC 9110 orders them).
func (s *Server) send(w http.ResponseWriter, r *http.Request, ctype string, data []byte, mod time.Time) bool {
	if ctype != "" {
		w.Header().Set("Content-Type", ctype)
	}
	if !s.opts.NoValidators {
		sum := sha256.Sum256(data)
		etag := `"` + hex.EncodeToString(sum[:8]) + `"`
		w.Header().Set("ETag", etag)
		if !mod.IsZero() {
			w.Header().Set("Last-Modified", mod.UTC().Format(http.TimeFormat))
		}
		inm, ims := r.Header.Get("If-None-Match"), r.Header.Get("If-Modified-Since")
		match := false
		if inm != "" {
			match = inm == etag || inm == "*"
		} else if t, err := http.ParseTime(ims); err == nil && !mod.IsZero() {
			match = !mod.Truncate(time.Second).After(t)
		}
		if match {
			s.mu.Lock()
			s.notModified[r.URL.RequestURI()]++
			s.mu.Unlock()
			w.WriteHeader(http.StatusNotModified)
			return true
		}
	}
	w.Write(data)
	return true
}

var metaCharset = regexp.MustCompile(`(?i)<meta[^>]+charset=["']?([\w-]+)`)

// htmlType is the Content-Type a WordPress server sends for a page:
// its blog charset, which is what the page's meta says; none when the
// page declares none (old sites).
func htmlType(data []byte) string {
	if m := metaCharset.FindSubmatch(data); m != nil {
		return "text/html; charset=" + string(m[1])
	}
	if utf8.Valid(data) {
		return "text/html; charset=UTF-8"
	}
	return "text/html"
}

func (s *Server) public(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = s.Public(p)
	}
	return out
}

func (s *Server) xml(w http.ResponseWriter, r *http.Request, data []byte) bool {
	return s.send(w, r, "application/xml; charset=UTF-8", data, time.Time{})
}

func (s *Server) html(w http.ResponseWriter, title, body string) bool {
	w.Header().Set("Content-Type", "text/html; charset=UTF-8")
	fmt.Fprintf(w, `<!doctype html><html lang="en"><head><meta charset="UTF-8"><title>%s</title></head><body class="page"><article class="page hentry"><h1 class="entry-title">%s</h1><div class="entry-content"><p>%s</p></div></article></body></html>`, title, title, body)
	return true
}

func sitemapIndex(locs ...string) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, l := range locs {
		fmt.Fprintf(&b, "<sitemap><loc>%s</loc></sitemap>\n", l)
	}
	b.WriteString("</sitemapindex>\n")
	return []byte(b.String())
}

func urlset(locs []string) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">` + "\n")
	for _, l := range locs {
		fmt.Fprintf(&b, "<url><loc>%s</loc><image:image><image:loc>%s</image:loc></image:image></url>\n", l, "https://cdn.example.net/x.jpg")
	}
	b.WriteString("</urlset>\n")
	return []byte(b.String())
}

// extrasBody links to everything a crawl must not fetch as a page, and
// to the extra routes.
func extrasBody(s *Server) string {
	links := []string{
		Private, "/feed/", "/comments/feed/", "/wp-json/", "/wp-json/wp/v2/posts/69", "/wp-admin/", "/wp-login.php?action=lostpassword",
		"/xmlrpc.php?rsd", "/?s=legion", "/2022/03/11/over-20000-volunteers-join-international-legion-to-fight-against-russia/?replytocom=5#respond",
		"/about/?utm_source=newsletter&utm_medium=email", "/about/#content", ReportPDF, MissingJPG,
		"/wp-content/uploads/2022/03/legion-featured-300x169.jpg", "/2022/03/11/over-20000-volunteers-join-international-legion-to-fight-against-russia/comment-page-2/",
		"/2022/04/08/how-we-back-up-the-archive/embed/", "/2022/04/08/how-we-back-up-the-archive/trackback/",
	}
	var b strings.Builder
	for _, l := range links {
		fmt.Fprintf(&b, `<a href="%s">%s</a> `, s.Public(l), l)
	}
	b.WriteString(`<a href="https://elsewhere.example.com/page/">off-site</a> <a href="mailto:x@example.org">mail</a> <a href="javascript:void(0)">js</a>`)
	return b.String()
}
