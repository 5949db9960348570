// Package mirror reads a legacy site from a folder of saved pages, as
// `wget --mirror` or a static-export plugin lays it out
// (2022/03/11/slug/index.html, category/news/page/2/index.html,
// wp-content/uploads/...).
package mirror

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"

	"github.com/unpress/unpress/scrape"
)

// MaxPageBytes bounds what is read of one file: a page larger than this is
// reported, not loaded (see scrape.MaxPageBytes).
const MaxPageBytes = scrape.MaxPageBytes

// Dir is a mirror folder. It implements scrape.Source.
type Dir struct {
	root  string
	base  *url.URL
	pages []string // slash paths relative to root, sorted
	files map[string]string
}

var _ scrape.Source = (*Dir)(nil)

// Open lists the folder. base is the legacy site's URL; when nil it is
// inferred from the pages' canonical links, which WordPress always prints.
func Open(root string, base *url.URL) (*Dir, error) {
	st, err := os.Stat(root)
	if err != nil {
		return nil, fmt.Errorf("mirror: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("mirror: %s is not a folder", root)
	}
	d := &Dir{root: root, files: map[string]string{}}
	err = filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if e.IsDir() {
			// Tool folders are not the site; other dot-names can be
			// (a saved URL such as ..%2F..%2Fx is a folder named so).
			if toolDirs[e.Name()] && rel != "." {
				return filepath.SkipDir
			}
			return nil
		}
		if !e.Type().IsRegular() {
			return nil
		}
		d.files[rel] = p
		if isPage(rel) {
			d.pages = append(d.pages, rel)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("mirror: %w", err)
	}
	if base == nil && len(d.pages) == 0 {
		// Nothing to learn the address from, nor to migrate: say so, not
		// that the (missing) pages lack a canonical link.
		return nil, fmt.Errorf("no HTML pages found in %s", root)
	}
	if base == nil {
		base = d.inferBase()
	}
	if base == nil {
		return nil, fmt.Errorf("mirror: %s: no page has a canonical link to learn the site's address from; pass --base-url", root)
	}
	d.base = base
	return d, nil
}

// toolDirs are folders of version control and of unpress itself.
var toolDirs = map[string]bool{".git": true, ".svn": true, ".hg": true, ".unpress": true, ".DS_Store": true}

// Base is the legacy site's URL.
func (d *Dir) Base() *url.URL { return d.base }

// Len is the number of pages the walk will yield.
func (d *Dir) Len() int { return len(d.pages) }

func isPage(rel string) bool {
	if strings.HasPrefix(rel, "wp-content/") || strings.HasPrefix(rel, "wp-includes/") {
		return false
	}
	switch strings.ToLower(path.Ext(rel)) {
	case ".html", ".htm":
		return true
	}
	return false
}

var canonicalRe = regexp.MustCompile(`(?i)<link[^>]+rel=["']?canonical["']?[^>]*>`)
var hrefRe = regexp.MustCompile(`(?i)href=["']?([^"' >]+)`)

// inferBase reads the canonical link of the first pages and takes the
// scheme and host, plus the folder the mirror's root stands for.
func (d *Dir) inferBase() *url.URL {
	for i, rel := range d.pages {
		if i > 50 {
			break
		}
		f, err := os.Open(d.files[rel])
		if err != nil {
			continue
		}
		head := make([]byte, 64<<10)
		n, _ := io.ReadFull(f, head)
		f.Close()
		m := canonicalRe.Find(head[:n])
		if m == nil {
			continue
		}
		h := hrefRe.FindSubmatch(m)
		if h == nil {
			continue
		}
		u, err := url.Parse(string(h[1]))
		if err != nil || u.Host == "" {
			continue
		}
		// The canonical path ends with the page's own path in the mirror;
		// what is before it is the site's root.
		pagePath := "/" + strings.TrimSuffix(strings.TrimSuffix(rel, "index.html"), "index.htm")
		p, _ := url.PathUnescape(u.Path)
		root := "/"
		if strings.HasSuffix(p, pagePath) {
			root = strings.TrimSuffix(p, pagePath) + "/"
		}
		return &url.URL{Scheme: u.Scheme, Host: u.Host, Path: root}
	}
	return nil
}

// URLFor is the legacy URL a mirror file stands for.
func (d *Dir) URLFor(rel string) *url.URL {
	p := rel
	if path.Base(p) == "index.html" || path.Base(p) == "index.htm" {
		p = strings.TrimSuffix(p, path.Base(p))
	}
	u := *d.base
	u.Path = path.Join(d.base.Path, p)
	if strings.HasSuffix(p, "/") || p == "" {
		u.Path = strings.TrimSuffix(u.Path, "/") + "/"
	}
	u.RawPath = ""
	return &u
}

// Lookup finds the mirror's copy of a URL on the legacy site (for media).
func (d *Dir) Lookup(u *url.URL) (string, bool) {
	if u.Host != d.base.Host {
		return "", false
	}
	p := strings.TrimPrefix(u.Path, d.base.Path)
	p = strings.TrimPrefix(p, "/")
	if p == "" || strings.Contains(p, "..") {
		return "", false
	}
	f, ok := d.files[p]
	return f, ok
}

// Walk reads every page in path order.
func (d *Dir) Walk(ctx context.Context, fn func(*scrape.Page) error, onErr func(*scrape.PageError)) error {
	for _, rel := range d.pages {
		if err := ctx.Err(); err != nil {
			return err
		}
		p, err := d.Read(rel)
		if err != nil {
			onErr(&scrape.PageError{URL: d.URLFor(rel).String(), Origin: rel, Stage: scrape.StageRead, Err: err})
			continue
		}
		if err := fn(p); err != nil {
			return err
		}
	}
	return nil
}

// Read loads one page by its path in the mirror.
func (d *Dir) Read(rel string) (*scrape.Page, error) {
	file := d.files[rel]
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Size() > MaxPageBytes {
		return nil, fmt.Errorf("%s: %d bytes is over the %d-byte page limit", rel, st.Size(), MaxPageBytes)
	}
	raw, err := io.ReadAll(io.LimitReader(f, MaxPageBytes+1))
	if err != nil {
		return nil, err
	}
	body, cs, err := Decode(raw, "")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rel, err)
	}
	// Origin is the path inside the mirror: reports then read the same
	// wherever the mirror sits.
	sum := sha256.Sum256(raw)
	return &scrape.Page{URL: d.URLFor(rel), Origin: rel, HTML: body, Charset: cs, Fetched: st.ModTime(), Hash: hex.EncodeToString(sum[:])}, nil
}

// Gone tells why a page an earlier run read from the file origin (a path
// in the mirror) is not in the mirror now; "" when the file is there.
func (d *Dir) Gone(_, origin string) string {
	if _, ok := d.files[origin]; ok || origin == "" {
		return ""
	}
	return "not in the mirror"
}

// ErrBinary means the bytes are not a text document.
var ErrBinary = errors.New("not an HTML document (binary content)")

// Decode converts a page to UTF-8. The declared charset (HTTP header, BOM,
// <meta charset>) wins when the bytes agree with it; a page that declares
// UTF-8 but is not valid UTF-8 is read as windows-1252, the web's de facto
// default, which never fails and keeps ISO-8859-1 text intact.
func Decode(raw []byte, contentType string) ([]byte, string, error) {
	utf16 := bytes.HasPrefix(raw, []byte("\xfe\xff")) || bytes.HasPrefix(raw, []byte("\xff\xfe"))
	if !utf16 && looksBinary(raw) {
		return nil, "", ErrBinary
	}
	// A UTF-8 byte order mark says nothing once the bytes prove not to be
	// UTF-8: drop it before the fallback decoding.
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	enc, name, _ := charset.DetermineEncoding(raw, contentType)
	// A page that declares a legacy charset but whose bytes are valid
	// UTF-8 with multi-byte sequences was re-saved as UTF-8 without its
	// meta tag being updated: real Latin-1 or Cyrillic text is almost never
	// valid UTF-8 by accident.
	if name != "utf-8" && !isASCII(raw) && utf8.Valid(raw) {
		name = "utf-8"
	}
	if name == "utf-8" {
		if utf8.Valid(raw) {
			return raw, "utf-8", nil
		}
		// Mostly UTF-8 with a few stray Latin-1 bytes (a widget or an old
		// include pasted into a UTF-8 page): each part is read as what it is.
		if mixed, ok := mixedUTF8(raw); ok {
			return mixed, "utf-8", nil
		}
		enc, name = charmap.Windows1252, "windows-1252"
	}
	out, err := decodeWith(enc, raw)
	if err != nil {
		return nil, "", fmt.Errorf("decode %s: %w", name, err)
	}
	return bytes.TrimPrefix(out, []byte("\xef\xbb\xbf")), name, nil
}

// mixedUTF8 decodes bytes that are UTF-8 but for a few bytes, each read
// as windows-1252. It refuses when the valid multi-byte sequences do not
// outnumber the stray bytes: then the page is Latin-1 throughout.
func mixedUTF8(raw []byte) ([]byte, bool) {
	multi, stray := 0, 0
	for i := 0; i < len(raw); {
		if raw[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(raw[i:])
		if r == utf8.RuneError && size <= 1 {
			stray++
			i++
			continue
		}
		multi++
		i += size
	}
	if multi <= stray*2 {
		return nil, false
	}
	dec := charmap.Windows1252.NewDecoder()
	out := make([]byte, 0, len(raw)+stray*2)
	for i := 0; i < len(raw); {
		r, size := utf8.DecodeRune(raw[i:])
		if r == utf8.RuneError && size <= 1 {
			b, err := dec.Bytes(raw[i : i+1])
			if err != nil {
				return nil, false
			}
			out = append(out, b...)
			i++
			continue
		}
		out = append(out, raw[i:i+size]...)
		i += size
	}
	return out, true
}

func decodeWith(enc encoding.Encoding, raw []byte) ([]byte, error) {
	out, _, err := transform.Bytes(enc.NewDecoder(), raw)
	return out, err
}

// looksBinary spots images or archives saved with an .html name: NUL bytes
// in the first block never occur in a real HTML page.
func looksBinary(raw []byte) bool {
	head := raw[:min(len(raw), 1024)]
	return bytes.IndexByte(head, 0) >= 0
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// HasMedia reports whether the mirror holds a copy of a media URL.
func (d *Dir) HasMedia(u *url.URL) bool {
	_, ok := d.Lookup(u)
	return ok
}

// MediaFile is the mirror's copy of a media URL.
func (d *Dir) MediaFile(_ context.Context, u *url.URL) (string, error) {
	f, ok := d.Lookup(u)
	if !ok {
		return "", fmt.Errorf("%s: not in the mirror", u)
	}
	return f, nil
}
