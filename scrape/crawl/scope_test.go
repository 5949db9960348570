package crawl

import (
	"bytes"
	"compress/gzip"
	"errors"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/unpress/unpress/scrape/atomicfile"
)

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// The site is crawled at 127.0.0.1:8080 and names itself
// https://www.example.org/: its links are fetched from the server, pages
// are named by the public host, noise is dropped, and WordPress's
// endpoints are never pages.
func TestScope(t *testing.T) {
	sc := newScope(mustURL(t, "http://127.0.0.1:8080/"), []string{"cdn.example.net"}, nil, nil)
	sc.setBase(mustURL(t, "https://www.example.org/"))
	for _, c := range []struct {
		in, fetch, skip string
	}{
		{"https://www.example.org/2022/03/slug/", "http://127.0.0.1:8080/2022/03/slug/", ""},
		{"http://example.org/2022/03/slug/#comments", "http://127.0.0.1:8080/2022/03/slug/", ""},
		{"https://example.org/about/?utm_source=x&utm_medium=y&share=twitter", "http://127.0.0.1:8080/about/", ""},
		{"https://example.org/a/?replytocom=5#respond", "http://127.0.0.1:8080/a/", ""},
		{"https://example.org/a/?b=2&a=1", "http://127.0.0.1:8080/a/?a=1&b=2", ""},
		{"https://example.org/2021/04/12/%d0%b2%d0%b5/", "http://127.0.0.1:8080/2021/04/12/%D0%B2%D0%B5/", ""},
		{"https://example.org/2021/04/12/ве/", "http://127.0.0.1:8080/2021/04/12/%D0%B2%D0%B5/", ""},
		{"https://example.org", "http://127.0.0.1:8080/", ""},
		{"https://cdn.example.net/wp-content/uploads/x.jpg", "https://cdn.example.net/wp-content/uploads/x.jpg", skipNotPage},
		{"https://elsewhere.org/page/", "", ""},
		{"mailto:x@example.org", "", ""},
		{"https://example.org/feed/", "http://127.0.0.1:8080/feed/", skipNever},
		{"https://example.org/category/news/feed/atom/", "http://127.0.0.1:8080/category/news/feed/atom/", skipNever},
		{"https://example.org/?feed=rss2", "http://127.0.0.1:8080/?feed=rss2", skipNever},
		{"https://example.org/wp-json/wp/v2/posts", "http://127.0.0.1:8080/wp-json/wp/v2/posts", skipNever},
		{"https://example.org/?rest_route=/wp/v2/posts", "http://127.0.0.1:8080/?rest_route=%2Fwp%2Fv2%2Fposts", skipNever},
		{"https://example.org/wp-admin/", "http://127.0.0.1:8080/wp-admin/", skipNever},
		{"https://example.org/wp-login.php?action=register", "http://127.0.0.1:8080/wp-login.php?action=register", skipNever},
		{"https://example.org/xmlrpc.php?rsd", "http://127.0.0.1:8080/xmlrpc.php?rsd=", skipNever},
		{"https://example.org/?s=kyiv", "http://127.0.0.1:8080/?s=kyiv", skipNever},
		{"https://example.org/slug/comment-page-2/", "http://127.0.0.1:8080/slug/comment-page-2/", skipNever},
		{"https://example.org/slug/embed/", "http://127.0.0.1:8080/slug/embed/", skipNever},
		{"https://example.org/slug/trackback/", "http://127.0.0.1:8080/slug/trackback/", skipNever},
		{"https://example.org/wp-content/uploads/2022/03/a.pdf", "http://127.0.0.1:8080/wp-content/uploads/2022/03/a.pdf", skipNotPage},
		{"https://example.org/files/a.PDF", "http://127.0.0.1:8080/files/a.PDF", skipNotPage},
		{"https://example.org/old.php?id=3", "http://127.0.0.1:8080/old.php?id=3", ""},
		{"https://example.org/embed/", "http://127.0.0.1:8080/embed/", ""}, // a page called "embed"
	} {
		u, ok := sc.fetchURL(c.in)
		switch {
		case c.fetch == "" && ok:
			t.Errorf("%s: in scope as %s, want off-site", c.in, u)
		case c.fetch == "":
		case !ok:
			t.Errorf("%s: off-site, want %s", c.in, c.fetch)
		case u.String() != c.fetch:
			t.Errorf("%s: fetch %s, want %s", c.in, u, c.fetch)
		default:
			if skip := sc.pageSkip(u); skip != c.skip {
				t.Errorf("%s: skip %q, want %q", c.in, skip, c.skip)
			}
		}
	}
	if got := sc.siteURL(mustURL(t, "http://127.0.0.1:8080/2021/04/12/%D0%B2%D0%B5/?p=1")).String(); got != "https://www.example.org/2021/04/12/%D0%B2%D0%B5/?p=1" {
		t.Errorf("siteURL = %s", got)
	}
}

// A site in a folder: only its folder is crawled, and a crawl of a copy
// served at the root maps back into the folder.
func TestScopeFolder(t *testing.T) {
	sc := newScope(mustURL(t, "http://127.0.0.1:8080/"), nil, nil, nil)
	sc.setBase(mustURL(t, "https://example.org/blog/"))
	u, ok := sc.fetchURL("https://example.org/blog/2022/x/")
	if !ok || u.String() != "http://127.0.0.1:8080/2022/x/" {
		t.Errorf("fetchURL = %v %v", u, ok)
	}
	if got := sc.siteURL(u).String(); got != "https://example.org/blog/2022/x/" {
		t.Errorf("siteURL = %s", got)
	}

	sub := newScope(mustURL(t, "https://example.org/blog/"), nil, nil, nil)
	for in, want := range map[string]string{"https://example.org/blog/x/": "", "https://example.org/shop/": skipOutside, "https://example.org/blog": ""} {
		u, _ := sub.fetchURL(in)
		if got := sub.pageSkip(u); got != want {
			t.Errorf("%s: skip %q, want %q", in, got, want)
		}
	}
}

func TestScopePatterns(t *testing.T) {
	inc, _ := compileAll("include", []string{`^/20\d\d/`})
	exc, _ := compileAll("exclude", []string{`/private-`})
	sc := newScope(mustURL(t, "https://example.org/"), nil, inc, exc)
	for in, want := range map[string]string{
		"https://example.org/2022/03/a/":         "",
		"https://example.org/2022/03/private-a/": skipPattern,
		"https://example.org/about/":             skipPattern,
	} {
		u, _ := sc.fetchURL(in)
		if got := sc.pageSkip(u); got != want {
			t.Errorf("%s: skip %q, want %q", in, got, want)
		}
	}
	if _, err := compileAll("include", []string{"("}); err == nil || !strings.Contains(err.Error(), `"("`) {
		t.Errorf("a bad pattern: %v", err)
	}
}

func gz(t *testing.T, data string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(data))
	w.Close()
	return b.Bytes()
}

func TestParseSitemap(t *testing.T) {
	index := `<?xml version="1.0" encoding="UTF-8"?><?xml-stylesheet href="x.xsl"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
 <sitemap><loc> https://x.org/wp-sitemap-posts-post-1.xml </loc><lastmod>2022-01-01</lastmod></sitemap>
 <sitemap><loc>https://x.org/wp-sitemap-users-1.xml</loc></sitemap>
</sitemapindex>`
	locs, err := parseSitemap([]byte(index), 1<<20, MaxSitemapLocs)
	if err != nil || len(locs.sitemaps) != 2 || locs.sitemaps[0] != "https://x.org/wp-sitemap-posts-post-1.xml" || len(locs.pages) != 0 {
		t.Errorf("index: %+v %v", locs, err)
	}
	set := `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
<url><loc>https://x.org/a/?x=1&amp;y=2</loc><image:image><image:loc>https://x.org/i.jpg</image:loc></image:image></url>
<url><loc>https://x.org/b/</loc></url></urlset>`
	locs, err = parseSitemap(gz(t, set), 1<<20, MaxSitemapLocs)
	if err != nil || len(locs.pages) != 2 || locs.pages[0] != "https://x.org/a/?x=1&y=2" {
		t.Errorf("gzipped urlset: %+v %v", locs, err)
	}
	big := "<urlset>" + strings.Repeat("<url><loc>https://x.org/p/</loc></url>", 1000) + "</urlset>"
	locs, err = parseSitemap(gz(t, big), 4096, MaxSitemapLocs)
	if !errors.Is(err, errSitemapTooBig) || len(locs.pages) == 0 || len(locs.pages) >= 1000 {
		t.Errorf("over the bound: %d pages, %v", len(locs.pages), err)
	}
	win := "<?xml version=\"1.0\" encoding=\"windows-1251\"?><urlset><url><loc>https://x.org/\xe2\xe5/</loc></url></urlset>"
	locs, err = parseSitemap([]byte(win), 1<<20, MaxSitemapLocs)
	if err != nil || len(locs.pages) != 1 || locs.pages[0] != "https://x.org/ве/" {
		t.Errorf("windows-1251 sitemap: %+v %v", locs, err)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for in, want := range map[string]time.Duration{
		"3":                             3 * time.Second,
		"0":                             0,
		"Fri, 02 Jan 2026 03:04:35 GMT": 30 * time.Second,
		"Fri, 02 Jan 2026 03:00:00 GMT": 0,
	} {
		if got, ok := parseRetryAfter(in, now); !ok || got != want {
			t.Errorf("%q: %s %v, want %s", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "soon", "-4"} {
		if _, ok := parseRetryAfter(in, now); ok {
			t.Errorf("%q parsed", in)
		}
	}
}

func TestBackoff(t *testing.T) {
	s := &Site{opts: Options{RetryWait: 100 * time.Millisecond, MaxRetryAfter: time.Minute}}
	for n, base := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 3: 400 * time.Millisecond} {
		for range 20 {
			d, ok := s.backoff(n, "")
			if !ok || d < base*3/4 || d > base*5/4 {
				t.Errorf("attempt %d: %s, want %s ±25%%", n, d, base)
			}
		}
	}
	if d, ok := s.backoff(1, "7"); !ok || d != 7*time.Second {
		t.Errorf("Retry-After 7: %s %v", d, ok)
	}
	if _, ok := s.backoff(1, "3600"); ok {
		t.Errorf("an hour's Retry-After is honoured")
	}
}

// A cache entry exists only once its body was read to the end; a body
// cut short (Ctrl-C, a limit) leaves nothing behind.
func TestCacheCommit(t *testing.T) {
	c, err := openCache(t.TempDir(), false)
	if err != nil {
		t.Fatal(err)
	}
	h := http.Header{"Content-Type": {"text/html; charset=windows-1251"}, "Set-Cookie": {"x=1"}}
	p, err := c.begin("https://x.org/a/", 200, h)
	if err != nil {
		t.Fatal(err)
	}
	body := &teeBody{rc: readCloser{strings.NewReader("<html>hello</html>")}, p: p, now: time.Now}
	buf := make([]byte, 5)
	body.Read(buf)
	if _, ok := c.get("https://x.org/a/"); ok {
		t.Fatal("an entry exists before its body was read")
	}
	body.Close()
	if _, ok := c.get("https://x.org/a/"); ok {
		t.Fatal("an entry exists after its body was cut")
	}
	p, _ = c.begin("https://x.org/a/", 200, h)
	body = &teeBody{rc: readCloser{strings.NewReader("<html>hello</html>")}, p: p, now: time.Now}
	var all bytes.Buffer
	all.ReadFrom(body)
	body.Close()
	e, ok := c.get("https://x.org/a/")
	if !ok {
		t.Fatal("no entry after a whole body")
	}
	data, _ := e.read()
	if string(data) != "<html>hello</html>" || e.Status != 200 || e.Header.Get("Content-Type") != "text/html; charset=windows-1251" || e.Header.Get("Set-Cookie") != "" {
		t.Errorf("entry %+v %q", e, data)
	}
	if _, ok := c.get("https://x.org/b/"); ok {
		t.Error("an entry for a URL never stored")
	}
	// No temporary files are left behind.
	entries, _ := os.ReadDir(c.dir)
	for _, d := range entries {
		files, _ := os.ReadDir(c.dir + "/" + d.Name())
		for _, f := range files {
			if strings.HasSuffix(f.Name(), ".tmp") {
				t.Errorf("left behind: %s", f.Name())
			}
		}
	}
	for st, want := range map[int]bool{200: true, 301: true, 404: true, 410: true, 429: false, 500: false, 503: false, 403: false} {
		if cacheable(st) != want {
			t.Errorf("cacheable(%d) = %v", st, !want)
		}
	}
}

type readCloser struct{ *strings.Reader }

func (readCloser) Close() error { return nil }

func TestReporter(t *testing.T) {
	var b bytes.Buffer
	r := newReporter(&b, false, false, nil)
	r.debugf("hidden")
	r.infof("shown %d", 1)
	r.status(Stats{Pages: 3})
	r.warnf("warned")
	out := b.String()
	if strings.Contains(out, "hidden") || !strings.Contains(out, "unpress: crawl: shown 1\n") || !strings.Contains(out, "3 pages") || strings.Contains(out, "\r") {
		t.Errorf("plain output:\n%q", out)
	}
	b.Reset()
	q := newReporter(&b, true, true, nil)
	q.debugf("hidden")
	q.infof("hidden")
	q.status(Stats{})
	q.warnf("warned")
	if b.String() != "unpress: crawl: warned\n" {
		t.Errorf("--quiet output: %q", b.String())
	}
	b.Reset()
	v := newReporter(&b, false, true, nil)
	v.debugf("GET x")
	if b.String() != "unpress: crawl: GET x\n" {
		t.Errorf("--verbose output: %q", b.String())
	}
}

// A server that declares UTF-8 for a page whose bytes are windows-1251
// (common after a host move): the page's own <meta charset> wins.
func TestReadPageWrongCharset(t *testing.T) {
	s, err := New(Options{Start: mustURL(t, "http://127.0.0.1:1/"), CacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	page := "<html><head><meta charset=\"windows-1251\"><title>\xc2\xe5\xf1\xed\xe0</title></head><body></body></html>"
	for _, ct := range []string{"text/html; charset=UTF-8", "text/html; charset=windows-1251", "text/html", ""} {
		u := "http://127.0.0.1:1/" + strings.ReplaceAll(ct, " ", "") + "/"
		p, err := s.cache.begin(u, 200, http.Header{"Content-Type": {ct}})
		if err != nil {
			t.Fatal(err)
		}
		p.Write([]byte(page))
		if err := p.commit(time.Now()); err != nil {
			t.Fatal(err)
		}
		got, err := s.readPage(mustURL(t, u))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(got.HTML), "<title>Весна</title>") || got.Charset != "windows-1251" {
			t.Errorf("Content-Type %q: charset %s, %q", ct, got.Charset, got.HTML)
		}
	}
}

// TestCacheRemovesStaleTemporaryFiles: a killed run's temporary files go,
// a running one's (fresh) stay, and so does everything the cache did not
// make, in a --cache folder shared with other programs.
func TestCacheRemovesStaleTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(dir+"/ab", 0o755)
	os.MkdirAll(dir+"/other", 0o755)
	ours, fresh := atomicfile.TempPrefix+"body-1.tmp", atomicfile.TempPrefix+"2.tmp"
	for _, name := range []string{"ab/" + ours, "ab/" + fresh, "ab/keep.json", "ab/someone-elses.tmp", "other/" + atomicfile.TempPrefix + "3.tmp"} {
		os.WriteFile(dir+"/"+name, nil, 0o644)
	}
	old := time.Now().Add(-2 * time.Hour)
	for _, name := range []string{"ab/" + ours, "ab/someone-elses.tmp", "other/" + atomicfile.TempPrefix + "3.tmp"} {
		os.Chtimes(dir+"/"+name, old, old)
	}
	if _, err := openCache(dir, false); err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, sub := range []string{"ab", "other"} {
		files, _ := os.ReadDir(dir + "/" + sub)
		for _, f := range files {
			left = append(left, sub+"/"+f.Name())
		}
	}
	want := []string{"ab/" + fresh, "ab/keep.json", "ab/someone-elses.tmp", "other/" + atomicfile.TempPrefix + "3.tmp"}
	if !slices.Equal(left, want) {
		t.Errorf("left: %v; want %v", left, want)
	}
}

// TestCacheRefusesSymlink: a symbolic link where the cache folder should
// be (planted in an output folder) is not followed.
func TestCacheRefusesSymlink(t *testing.T) {
	elsewhere, dir := t.TempDir(), t.TempDir()
	link := dir + "/cache"
	if err := os.Symlink(elsewhere, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	_, err := openCache(link, false)
	if err == nil || !strings.Contains(err.Error(), "is a symbolic link: not followed") {
		t.Errorf("err = %v, want a refusal naming the link", err)
	}
	if files, _ := os.ReadDir(elsewhere); len(files) > 0 {
		t.Errorf("wrote through the link: %v", files)
	}
}
