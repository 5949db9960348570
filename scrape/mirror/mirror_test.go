package mirror_test

import (
	"bytes"
	"context"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/mirror"
)

// Bytes of the legacy encodings, spelled out so that the test does not
// depend on the decoder it checks.
const (
	// "Весна у Києві" in windows-1251.
	kyivCP1251 = "\xc2\xe5\xf1\xed\xe0 \xf3 \xca\xe8\xba\xe2\xb3"
	kyivUTF8   = "Весна у Києві"
	// "Über die Bäckerei »heute«" in ISO-8859-1.
	baeckereiLatin1 = "\xdcber die B\xe4ckerei \xbbheute\xab"
	baeckereiUTF8   = "Über die Bäckerei »heute«"
)

func page(meta, body string) string {
	return "<!DOCTYPE html>\n<html><head>" + meta + "<title>t</title></head><body><p>" + body + "</p></body></html>\n"
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name        string
		raw         string
		contentType string
		want        string // the decoded page
		charset     string
	}{
		{
			name:    "utf-8 declared",
			raw:     page(`<meta charset="UTF-8">`, kyivUTF8),
			want:    page(`<meta charset="UTF-8">`, kyivUTF8),
			charset: "utf-8",
		},
		{
			name:    "utf-8 undeclared",
			raw:     page("", baeckereiUTF8),
			want:    page("", baeckereiUTF8),
			charset: "utf-8",
		},
		{
			name:    "utf-8 with a byte-order mark, which is dropped",
			raw:     "\xef\xbb\xbf" + page("", kyivUTF8),
			want:    page("", kyivUTF8),
			charset: "utf-8",
		},
		{
			name:    "utf-8 with a byte-order mark and a meta tag",
			raw:     "\xef\xbb\xbf" + page(`<meta charset="utf-8">`, kyivUTF8),
			want:    page(`<meta charset="utf-8">`, kyivUTF8),
			charset: "utf-8",
		},
		{
			name:    "utf-8 declared, a stray Latin-1 byte in a widget",
			raw:     page(`<meta charset="UTF-8">`, "So sch\xc3\xb6n winterlich, gr\xc3\xb6\xc3\x9fer, <img alt=\"K\xfcchenblogs\">"),
			want:    page(`<meta charset="UTF-8">`, "So schön winterlich, größer, <img alt=\"Küchenblogs\">"),
			charset: "utf-8",
		},
		{
			name:    "windows-1251 declared with meta charset",
			raw:     page(`<meta charset="windows-1251">`, kyivCP1251),
			want:    page(`<meta charset="windows-1251">`, kyivUTF8),
			charset: "windows-1251",
		},
		{
			name:    "windows-1251 declared with http-equiv",
			raw:     page(`<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">`, kyivCP1251),
			want:    page(`<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">`, kyivUTF8),
			charset: "windows-1251",
		},
		{
			name:        "windows-1251 declared in the Content-Type header",
			raw:         page("", kyivCP1251),
			contentType: "text/html; charset=windows-1251",
			want:        page("", kyivUTF8),
			charset:     "windows-1251",
		},
		{
			name:    "ISO-8859-1 with no declaration is read as its superset windows-1252",
			raw:     page("", baeckereiLatin1),
			want:    page("", baeckereiUTF8),
			charset: "windows-1252",
		},
		{
			name:    "ISO-8859-1 undeclared, non-ASCII only after the first 1024 bytes",
			raw:     page("", strings.Repeat("a", 1100)+baeckereiLatin1),
			want:    page("", strings.Repeat("a", 1100)+baeckereiUTF8),
			charset: "windows-1252",
		},
		{
			name:    "declares windows-1251 but the bytes are UTF-8 (re-saved page)",
			raw:     page(`<meta charset="windows-1251">`, kyivUTF8),
			want:    page(`<meta charset="windows-1251">`, kyivUTF8),
			charset: "utf-8",
		},
		{
			name:    "declares windows-1251, pure ASCII: nothing to convert",
			raw:     page(`<meta charset="windows-1251">`, "plain"),
			want:    page(`<meta charset="windows-1251">`, "plain"),
			charset: "windows-1251",
		},
		{
			name:    "declares UTF-8 but is not valid UTF-8: read as windows-1252",
			raw:     page(`<meta charset="utf-8">`, baeckereiLatin1),
			want:    page(`<meta charset="utf-8">`, baeckereiUTF8),
			charset: "windows-1252",
		},
		{
			name:    "windows-1252 punctuation undeclared",
			raw:     page("", "\x93quoted\x94 \x96 dash \x80"),
			want:    page("", "“quoted” – dash €"),
			charset: "windows-1252",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cs, err := mirror.Decode([]byte(tt.raw), tt.contentType)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if string(got) != tt.want {
				t.Errorf("Decode =\n%q\nwant\n%q", got, tt.want)
			}
			if cs != tt.charset {
				t.Errorf("charset = %q, want %q", cs, tt.charset)
			}
			if !utf8.Valid(got) {
				t.Errorf("output is not valid UTF-8: %q", got)
			}
		})
	}
}

func TestDecodeBinary(t *testing.T) {
	tests := []struct {
		name string
		raw  []byte
	}{
		{"PNG saved as .html", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10")},
		{"gzip saved as .html", []byte("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03")},
		{"NUL inside an otherwise HTML head", []byte("<html><head><title>a\x00b</title>")},
		{"NUL late in the first block", append(bytes.Repeat([]byte("a"), 1023), 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cs, err := mirror.Decode(tt.raw, "")
			if !errors.Is(err, mirror.ErrBinary) {
				t.Fatalf("Decode = %q, %q, %v; want ErrBinary", got, cs, err)
			}
			if got != nil || cs != "" {
				t.Errorf("Decode returned %q, %q with its error", got, cs)
			}
		})
	}
}

// writeFiles creates files under root from slash paths.
func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func canonical(href string) string {
	return `<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="canonical" href="` + href + `"></head><body class="single"></body></html>`
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestOpenInfersBase(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{
			name:  "site at the host's root",
			files: map[string]string{"2020/01/01/x/index.html": canonical("https://example.org/2020/01/01/x/")},
			want:  "https://example.org/",
		},
		{
			name:  "site installed under a sub-folder",
			files: map[string]string{"2020/01/01/x/index.html": canonical("https://example.org/blog/2020/01/01/x/")},
			want:  "https://example.org/blog/",
		},
		{
			name:  "sub-folder learnt from the home page",
			files: map[string]string{"index.html": canonical("http://example.org/news/")},
			want:  "http://example.org/news/",
		},
		{
			name: "single-quoted canonical, other link tags first",
			files: map[string]string{"about/index.html": `<html><head>` +
				`<link rel='stylesheet' href='https://cdn.example.net/style.css'>` +
				`<link rel='canonical' href='https://www.example.org/about/' />` +
				`</head></html>`},
			want: "https://www.example.org/",
		},
		{
			name: "Cyrillic folder, percent-encoded canonical",
			files: map[string]string{"2021/04/12/весна/index.html": canonical(
				"https://example.org/wp/2021/04/12/%d0%b2%d0%b5%d1%81%d0%bd%d0%b0/")},
			want: "https://example.org/wp/",
		},
		{
			name: "pages without a canonical link are passed over",
			files: map[string]string{
				"2019/index.html":         "<html><head><title>archive</title></head></html>",
				"2020/01/01/x/index.html": canonical("https://example.org/2020/01/01/x/"),
			},
			want: "https://example.org/",
		},
		{
			name: "media and theme files are not pages",
			files: map[string]string{
				"wp-content/themes/t/demo.html": canonical("https://theme-vendor.example.com/demo/"),
				"2020/01/01/x/index.html":       canonical("https://example.org/2020/01/01/x/"),
			},
			want: "https://example.org/",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			writeFiles(t, root, tt.files)
			d, err := mirror.Open(root, nil)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if got := d.Base().String(); got != tt.want {
				t.Errorf("Base = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestOpenExplicitBaseWins(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{"a/index.html": canonical("https://old.example.org/a/")})
	base := mustURL(t, "https://new.example.org/site/")
	d, err := mirror.Open(root, base)
	if err != nil {
		t.Fatal(err)
	}
	if d.Base().String() != base.String() {
		t.Errorf("Base = %s, want %s", d.Base(), base)
	}
}

func TestOpenErrors(t *testing.T) {
	t.Run("missing folder", func(t *testing.T) {
		missing := filepath.Join(t.TempDir(), "no-such-site")
		_, err := mirror.Open(missing, nil)
		if err == nil || !strings.Contains(err.Error(), missing) || !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("Open(missing) = %v, want a not-exist error naming %s", err, missing)
		}
	})
	t.Run("a file, not a folder", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "site.html")
		writeFiles(t, filepath.Dir(file), map[string]string{"site.html": canonical("https://example.org/")})
		_, err := mirror.Open(file, nil)
		if err == nil || !strings.Contains(err.Error(), "not a folder") {
			t.Fatalf("Open(file) = %v, want a not-a-folder error", err)
		}
	})
	t.Run("no canonical link anywhere", func(t *testing.T) {
		root := t.TempDir()
		writeFiles(t, root, map[string]string{"index.html": "<html><head><title>x</title></head></html>"})
		_, err := mirror.Open(root, nil)
		if err == nil || !strings.Contains(err.Error(), "--base-url") {
			t.Fatalf("Open = %v, want an error that suggests --base-url", err)
		}
	})
	t.Run("an empty folder", func(t *testing.T) {
		_, err := mirror.Open(t.TempDir(), nil)
		if err == nil {
			t.Fatal("Open(empty folder) succeeded")
		}
	})
}

func TestURLFor(t *testing.T) {
	tests := []struct {
		base, rel string
		want      string // URL.String()
		wantPath  string // URL.Path, decoded
	}{
		{"https://example.org/", "2020/01/01/x/index.html", "https://example.org/2020/01/01/x/", "/2020/01/01/x/"},
		{"https://example.org/", "index.html", "https://example.org/", "/"},
		{"https://example.org/", "about/index.htm", "https://example.org/about/", "/about/"},
		{"https://example.org/", "old/page.html", "https://example.org/old/page.html", "/old/page.html"},
		{"https://example.org/blog/", "index.html", "https://example.org/blog/", "/blog/"},
		{"https://example.org/blog/", "2020/01/01/x/index.html", "https://example.org/blog/2020/01/01/x/", "/blog/2020/01/01/x/"},
		{
			"https://example.org/", "2021/04/12/весна-у-києві/index.html",
			"https://example.org/2021/04/12/%D0%B2%D0%B5%D1%81%D0%BD%D0%B0-%D1%83-%D0%BA%D0%B8%D1%94%D0%B2%D1%96/",
			"/2021/04/12/весна-у-києві/",
		},
	}
	for _, tt := range tests {
		t.Run(tt.base+tt.rel, func(t *testing.T) {
			root := t.TempDir()
			d, err := mirror.Open(root, mustURL(t, tt.base))
			if err != nil {
				t.Fatal(err)
			}
			got := d.URLFor(tt.rel)
			if got.String() != tt.want || got.Path != tt.wantPath {
				t.Errorf("URLFor(%q) = %s (path %q), want %s (path %q)", tt.rel, got, got.Path, tt.want, tt.wantPath)
			}
			if d.Base().String() != tt.base {
				t.Errorf("URLFor changed the base to %s", d.Base())
			}
		})
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		name string
		base string
		url  string
		want string // slash path under the mirror, "" for not found
	}{
		{"upload", "https://example.org/", "https://example.org/wp-content/uploads/2020/01/a.jpg", "wp-content/uploads/2020/01/a.jpg"},
		{"query and fragment ignored", "https://example.org/", "https://example.org/wp-content/uploads/2020/01/a.jpg?ver=2#x", "wp-content/uploads/2020/01/a.jpg"},
		{"scheme does not matter", "https://example.org/", "http://example.org/wp-content/uploads/2020/01/a.jpg", "wp-content/uploads/2020/01/a.jpg"},
		{"Cyrillic file name, percent-encoded", "https://example.org/", "https://example.org/wp-content/uploads/%D1%84%D0%BE%D1%82%D0%BE.jpg", "wp-content/uploads/фото.jpg"},
		{"sub-folder site", "https://example.org/blog/", "https://example.org/blog/wp-content/uploads/2020/01/a.jpg", "wp-content/uploads/2020/01/a.jpg"},
		{"absent", "https://example.org/", "https://example.org/wp-content/uploads/2020/01/b.jpg", ""},
		{"another host", "https://example.org/", "https://cdn.example.net/wp-content/uploads/2020/01/a.jpg", ""},
		{"a host that only ends the same", "https://example.org/", "https://evil-example.org/wp-content/uploads/2020/01/a.jpg", ""},
		{"dot-dot", "https://example.org/", "https://example.org/wp-content/../secret.txt", ""},
		{"dot-dot escaping the mirror", "https://example.org/", "https://example.org/../secret.txt", ""},
		{"encoded dot-dot", "https://example.org/", "https://example.org/wp-content/%2e%2e/secret.txt", ""},
		{"the root itself", "https://example.org/", "https://example.org/", ""},
		{"hidden folders are not in the mirror", "https://example.org/", "https://example.org/.git/config", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			root := filepath.Join(parent, "site")
			writeFiles(t, parent, map[string]string{
				"secret.txt":                            "outside the mirror",
				"site/secret.txt":                       "inside, but only reachable by its own URL",
				"site/wp-content/uploads/2020/01/a.jpg": "jpg",
				"site/wp-content/uploads/фото.jpg":      "jpg",
				"site/.git/config":                      "[core]",
				"site/index.html":                       canonical("https://example.org/"),
			})
			d, err := mirror.Open(root, mustURL(t, tt.base))
			if err != nil {
				t.Fatal(err)
			}
			got, ok := d.Lookup(mustURL(t, tt.url))
			if tt.want == "" {
				if ok || got != "" {
					t.Errorf("Lookup(%s) = %q, %v; want not found", tt.url, got, ok)
				}
				return
			}
			want := filepath.Join(root, filepath.FromSlash(tt.want))
			if !ok || got != want {
				t.Errorf("Lookup(%s) = %q, %v; want %q", tt.url, got, ok, want)
			}
		})
	}
}

func TestWalk(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"index.html":                   canonical("https://example.org/"),
		"2020/01/02/b/index.html":      canonical("https://example.org/2020/01/02/b/"),
		"2020/01/01/a/index.html":      canonical("https://example.org/2020/01/01/a/"),
		"2020/01/01/a/2/index.html":    canonical("https://example.org/2020/01/01/a/2/"),
		"about/index.htm":              canonical("https://example.org/about/"),
		"Zeta/index.html":              canonical("https://example.org/Zeta/"),
		"old.HTML":                     canonical("https://example.org/old.HTML"),
		"robots.txt":                   "User-agent: *",
		"feed/index.xml":               "<rss/>",
		"wp-content/uploads/x.html":    "an upload, not a page",
		"wp-includes/js/readme.html":   "core file, not a page",
		".git/description.html":        "hidden folder",
		"broken/index.html":            "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
		"2021/04/12/весна/index.html":  canonical("https://example.org/2021/04/12/%d0%b2%d0%b5%d1%81%d0%bd%d0%b0/"),
		"latin/index.html":             page("", baeckereiLatin1),
		"cyrillic/index.html":          page(`<meta charset="windows-1251">`, kyivCP1251),
		"2020/01/01/a/image/index.htm": canonical("https://example.org/2020/01/01/a/image/"),
	}
	writeFiles(t, root, files)
	// Give one page more bytes than a page may have, without writing them:
	// the limit is checked before the file is read.
	huge := filepath.Join(root, "huge", "index.html")
	if err := os.MkdirAll(filepath.Dir(huge), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(huge, []byte("<html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, mirror.MaxPageBytes+1); err != nil {
		t.Fatal(err)
	}

	d, err := mirror.Open(root, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := d.Base().String(), "https://example.org/"; got != want {
		t.Fatalf("Base = %s, want %s", got, want)
	}
	// Path order, byte by byte, as the folder is listed: a/2/ and
	// a/image/ sort before a/index.html.
	wantPages := []string{
		"https://example.org/2020/01/01/a/2/",
		"https://example.org/2020/01/01/a/image/",
		"https://example.org/2020/01/01/a/",
		"https://example.org/2020/01/02/b/",
		"https://example.org/2021/04/12/%D0%B2%D0%B5%D1%81%D0%BD%D0%B0/",
		"https://example.org/Zeta/",
		"https://example.org/about/",
		"https://example.org/cyrillic/",
		"https://example.org/",
		"https://example.org/latin/",
		"https://example.org/old.HTML",
	}
	wantErrs := []string{
		"https://example.org/broken/",
		"https://example.org/huge/",
	}
	if got := d.Len(); got != len(wantPages)+len(wantErrs) {
		t.Errorf("Len = %d, want %d", got, len(wantPages)+len(wantErrs))
	}

	walk := func() (pages []*scrape.Page, errs []*scrape.PageError) {
		err := d.Walk(context.Background(), func(p *scrape.Page) error {
			pages = append(pages, p)
			return nil
		}, func(e *scrape.PageError) {
			errs = append(errs, e)
		})
		if err != nil {
			t.Fatalf("Walk: %v", err)
		}
		return pages, errs
	}
	pages, errs := walk()
	var got []string
	for _, p := range pages {
		got = append(got, p.URL.String())
	}
	if !slices.Equal(got, wantPages) {
		t.Errorf("Walk yielded\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantPages, "\n"))
	}
	var gotErrs []string
	for _, e := range errs {
		gotErrs = append(gotErrs, e.URL)
		if e.Stage != scrape.StageRead {
			t.Errorf("%s: stage %q, want %q", e.URL, e.Stage, scrape.StageRead)
		}
	}
	if !slices.Equal(gotErrs, wantErrs) {
		t.Errorf("Walk reported errors for\n%s\nwant\n%s", strings.Join(gotErrs, "\n"), strings.Join(wantErrs, "\n"))
	}
	for _, e := range errs {
		switch e.URL {
		case "https://example.org/broken/":
			// The message names the file by its path inside the mirror.
			if !errors.Is(e, mirror.ErrBinary) || !strings.Contains(e.Error(), ": broken/index.html: ") || e.Origin != "broken/index.html" {
				t.Errorf("binary page error = %v, want ErrBinary naming the file", e)
			}
		case "https://example.org/huge/":
			if !strings.Contains(e.Error(), "page limit") || !strings.Contains(e.Error(), ": huge/index.html: ") {
				t.Errorf("huge page error = %v, want the page limit and the file", e)
			}
		}
	}

	byURL := map[string]*scrape.Page{}
	for _, p := range pages {
		byURL[p.URL.String()] = p
		// Origin is the slash path inside the mirror, whatever the root.
		if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(p.Origin))); err != nil || filepath.IsAbs(p.Origin) || strings.Contains(p.Origin, `\`) {
			t.Errorf("%s: Origin %q is not a slash path in the mirror (%v)", p.URL, p.Origin, err)
		}
		if p.Fetched.IsZero() {
			t.Errorf("%s: no modification time", p.URL)
		}
	}
	if p := byURL["https://example.org/2021/04/12/%D0%B2%D0%B5%D1%81%D0%BD%D0%B0/"]; p == nil || p.Origin != "2021/04/12/весна/index.html" {
		t.Errorf("Cyrillic page: %+v, want Origin 2021/04/12/весна/index.html", p)
	}
	if p := byURL["https://example.org/latin/"]; p == nil || !bytes.Contains(p.HTML, []byte(baeckereiUTF8)) || p.Charset != "windows-1252" {
		t.Errorf("latin page not decoded: %+v", p)
	}
	if p := byURL["https://example.org/cyrillic/"]; p == nil || !bytes.Contains(p.HTML, []byte(kyivUTF8)) || p.Charset != "windows-1251" {
		t.Errorf("windows-1251 page not decoded: %+v", p)
	}

	// The order is the same on every walk.
	for range 3 {
		again, againErrs := walk()
		if len(again) != len(pages) || len(againErrs) != len(errs) {
			t.Fatalf("second walk: %d pages, %d errors; first: %d, %d", len(again), len(againErrs), len(pages), len(errs))
		}
		for i := range again {
			if again[i].URL.String() != pages[i].URL.String() {
				t.Fatalf("walk order changed at %d: %s, then %s", i, pages[i].URL, again[i].URL)
			}
		}
	}
}

func TestWalkStops(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"a/index.html": canonical("https://example.org/a/"),
		"b/index.html": canonical("https://example.org/b/"),
		"c/index.html": canonical("https://example.org/c/"),
	})
	d, err := mirror.Open(root, nil)
	if err != nil {
		t.Fatal(err)
	}
	noErr := func(e *scrape.PageError) { t.Errorf("unexpected page error: %v", e) }

	t.Run("callback error", func(t *testing.T) {
		stop := errors.New("stop")
		n := 0
		err := d.Walk(context.Background(), func(*scrape.Page) error {
			n++
			if n == 2 {
				return stop
			}
			return nil
		}, noErr)
		if !errors.Is(err, stop) || n != 2 {
			t.Errorf("Walk = %v after %d pages, want the callback's error after 2", err, n)
		}
	})
	t.Run("cancelled context", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		n := 0
		err := d.Walk(ctx, func(*scrape.Page) error {
			n++
			cancel()
			return nil
		}, noErr)
		if !errors.Is(err, context.Canceled) || n != 1 {
			t.Errorf("Walk = %v after %d pages, want context.Canceled after 1", err, n)
		}
	})
}

func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		"",
		page(`<meta charset="utf-8">`, kyivUTF8),
		"\xef\xbb\xbf" + page("", kyivUTF8),
		"\xff\xfe<\x00h\x00",
		"\xfe\xff\x00<",
		page(`<meta charset="windows-1251">`, kyivCP1251),
		page(`<meta charset="windows-1251">`, kyivUTF8),
		page(`<meta charset="utf-8">`, baeckereiLatin1),
		page("", baeckereiLatin1),
		page(`<meta charset="iso-2022-jp">`, "\x1b$B$3$s\x1b(B"),
		page(`<meta charset="shift_jis">`, "\x82\xa0\x82\xa2"),
		page(`<meta charset="utf-16">`, "abc"),
		page(`<meta charset="x-user-defined">`, "\x80\xff"),
		page(`<meta charset="replacement">`, "abc"),
		"\x89PNG\r\n\x1a\n\x00\x00",
	} {
		f.Add([]byte(s), "")
	}
	f.Add([]byte(page("", kyivCP1251)), "text/html; charset=windows-1251")
	f.Add([]byte(page("", "abc")), "text/html; charset=gb18030")
	f.Fuzz(func(t *testing.T, raw []byte, contentType string) {
		in := bytes.Clone(raw)
		out, cs, err := mirror.Decode(raw, contentType)
		if !bytes.Equal(raw, in) {
			t.Fatal("Decode modified its input")
		}
		if err != nil {
			if out != nil {
				t.Errorf("Decode returned output with error %v", err)
			}
			return
		}
		if !utf8.Valid(out) {
			t.Errorf("Decode(%q, %q) = %q (%s): not valid UTF-8", raw, contentType, out, cs)
		}
		if cs == "" {
			t.Errorf("Decode(%q, %q): no charset name", raw, contentType)
		}
	})
}

func TestMedia(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"index.html":                             canonical("https://example.org/"),
		"wp-content/uploads/2020/01/a.jpg":       "jpg",
		"wp-content/uploads/2020/01/a-300x2.jpg": "small jpg",
	})
	d, err := mirror.Open(root, nil)
	if err != nil {
		t.Fatal(err)
	}
	have := mustURL(t, "https://example.org/wp-content/uploads/2020/01/a.jpg")
	if !d.HasMedia(have) {
		t.Errorf("HasMedia(%s) = false", have)
	}
	f, err := d.MediaFile(context.Background(), have)
	if err != nil || f != filepath.Join(root, "wp-content", "uploads", "2020", "01", "a.jpg") {
		t.Errorf("MediaFile(%s) = %q, %v", have, f, err)
	}
	for _, raw := range []string{
		"https://example.org/wp-content/uploads/2020/01/b.jpg",
		"https://other.example.net/wp-content/uploads/2020/01/a.jpg",
		"https://example.org/wp-content/uploads/2020/01/../../../../index.html",
	} {
		u := mustURL(t, raw)
		if d.HasMedia(u) {
			t.Errorf("HasMedia(%s) = true", raw)
		}
		if f, err := d.MediaFile(context.Background(), u); err == nil || f != "" {
			t.Errorf("MediaFile(%s) = %q, %v; want an error", raw, f, err)
		}
	}
}
