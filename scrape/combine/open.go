package combine

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/crawl"
	"github.com/unpress/unpress/scrape/mirror"
	"github.com/unpress/unpress/scrape/wpapi"
	"github.com/unpress/unpress/scrape/wxr"
)

// Opening a source by its address: the one place that knows every kind of
// source, so that adding one (a Ghost or Blogger export, say) is a package
// under scrape/ and a case in Open. A migration reads one source, and more
// with Also, each of which may be any kind:
//
//	unpress migrate --from mirror/ --also export.xml --out site/
//	unpress migrate --from export.xml --media-from mirror/ --out site/
//	unpress migrate --from https://example.org/wp-json/ --out site/
//
// The first is the primary source: the site's address is its.

var (
	_ scrape.Site = (*mirror.Dir)(nil)
	_ scrape.Site = (*crawl.Site)(nil)
	_ scrape.Site = (*wxr.File)(nil)
	_ scrape.Site = (*wpapi.Client)(nil)
	_ scrape.Site = (*Site)(nil)
	_ scrape.Site = (*CrawlWithAPI)(nil)

	_ scrape.Redirector = (*crawl.Site)(nil)
)

// OpenOptions choose and tune the sources Open opens.
type OpenOptions struct {
	// Base is the site's public address when the source's is not (a mirror
	// saved from it, a crawl of a staging copy); nil when it is.
	Base *url.URL
	// Also are more sources of the same site, read with the first as one.
	Also []string
	// Crawl gives the options of a crawl of a live site (Open sets Start
	// and Base), asked only when an address is crawled: an error (a bad
	// setting) stops Open.
	Crawl func() (crawl.Options, error)
	// NoAPI crawls without reading the REST API the site announces.
	NoAPI bool
	// Include are the post statuses besides publish that records yield
	// whole (wxr.Statuses); IncludeProtected yields password-protected
	// posts whole too.
	Include          []string
	IncludeProtected bool
	// MediaFrom is a folder with the site's uploads for a source that has
	// none (an export, the REST API): a mirror, or wp-content/uploads
	// itself.
	MediaFrom string
	// Version names unpress in the User-Agent of the requests it makes.
	Version string
	// Delay is the pause between requests to the REST API a crawl reads.
	Delay time.Duration
	// Say, when set, tells the user what the sources found (the REST API
	// a crawl reads).
	Say func(format string, args ...any)
}

// Open opens the source an address names: an export file or a REST API
// root (…/wp-json/) is read for records, another http(s) URL is crawled,
// a folder is a mirror; with Also, several sources are read as one.
// Nothing is fetched before the source is walked, but a REST API root is
// asked what it holds. Close a source that is an io.Closer (CloseSource).
func Open(ctx context.Context, from string, o OpenOptions) (scrape.Site, error) {
	for i, a := range slices.Concat([]string{from}, o.Also) {
		if err := CheckAddress(map[bool]string{true: "--from", false: "--also"}[i == 0], a); err != nil {
			return nil, err
		}
	}
	if len(o.Also) > 0 {
		return openAll(ctx, from, o)
	}
	if src, ok, err := openRecords(ctx, from, o); ok {
		return src, err
	}
	if !scrape.IsWebURL(from) {
		return mirror.Open(from, o.Base)
	}
	start, err := url.Parse(from)
	if err != nil || start.Host == "" {
		return nil, fmt.Errorf("--from %q is not a URL", from)
	}
	var co crawl.Options
	if o.Crawl != nil {
		if co, err = o.Crawl(); err != nil {
			return nil, err
		}
	}
	co.Start, co.Base = start, o.Base
	site, err := crawl.New(co)
	if err != nil {
		return nil, err
	}
	if o.NoAPI {
		return site, nil
	}
	return &CrawlWithAPI{Site: site, Delay: o.Delay, Version: o.Version, Say: o.Say}, nil
}

// CloseSource releases what a source holds, if anything.
func CloseSource(s scrape.Site) {
	if c, ok := s.(io.Closer); ok {
		c.Close()
	}
}

// IsExport reports whether from is a file that looks like a WordPress
// export (an XML file with an <rss> root or the WXR namespace).
func IsExport(from string) bool {
	st, err := os.Stat(from)
	if err != nil || !st.Mode().IsRegular() {
		return false
	}
	if strings.EqualFold(filepath.Ext(from), ".xml") {
		return true
	}
	f, err := os.Open(from)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	return bytes.Contains(head[:n], []byte("<rss")) && bytes.Contains(head[:n], []byte("wordpress.org/export"))
}

// openRecords opens from when it names an export file or a REST API root;
// ok is false for anything else.
func openRecords(ctx context.Context, from string, o OpenOptions) (src scrape.Site, ok bool, err error) {
	switch {
	case IsExport(from):
		wo := wxr.Options{Include: o.Include, IncludeProtected: o.IncludeProtected}
		if o.Say != nil {
			wo.Warn = func(msg string) { o.Say("%s\n", msg) }
		}
		f, err := wxr.Open(from, wo)
		if err != nil {
			return nil, true, err
		}
		if err := o.attachMedia(f.Base(), func(m *mirror.Dir) { f.SetMedia(m) }); err != nil {
			return nil, true, err
		}
		return f, true, nil
	case wpapi.IsRoot(from):
		c, err := wpapi.New(ctx, from, wpapi.Options{UserAgent: crawl.UserAgent(o.Version), IncludeProtected: o.IncludeProtected})
		if err != nil {
			return nil, true, err
		}
		if err := o.attachMedia(c.Base(), func(m *mirror.Dir) { c.SetMedia(m) }); err != nil {
			return nil, true, err
		}
		return c, true, nil
	}
	return nil, false, nil
}

// attachMedia hands a record source (an export or the REST API) the copy
// of the site's media that MediaFrom names, when it names one.
func (o OpenOptions) attachMedia(site *url.URL, set func(*mirror.Dir)) error {
	if o.MediaFrom == "" {
		return nil
	}
	m, err := OpenMedia(o.MediaFrom, site)
	if err != nil {
		return err
	}
	set(m)
	return nil
}

// OpenMedia opens a copy of the site's media: a mirror of the whole site
// (it has a wp-content folder) or the uploads folder itself
// (2022/03/photo.jpg).
func OpenMedia(dir string, site *url.URL) (*mirror.Dir, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("--media-from: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("--media-from: %s is not a folder", dir)
	}
	base := *site
	if _, err := os.Stat(filepath.Join(dir, "wp-content")); err != nil {
		base.Path = strings.TrimSuffix(base.Path, "/") + "/wp-content/uploads/"
	}
	m, err := mirror.Open(dir, &base)
	if err != nil {
		return nil, fmt.Errorf("--media-from: %w", err)
	}
	return m, nil
}

// openAll opens from and every one of Also, as one source.
func openAll(ctx context.Context, from string, o OpenOptions) (scrape.Site, error) {
	one := o
	one.Also = nil
	c := New()
	var exports []*wxr.File
	for _, f := range slices.Concat([]string{from}, o.Also) {
		s, err := Open(ctx, f, one)
		if err != nil {
			c.Close()
			return nil, err
		}
		c.Add(s)
		if x, ok := s.(*wxr.File); ok {
			exports = append(exports, x)
		}
	}
	// A site exported in parts (by post type, by date) keeps a post's
	// featured image or gallery in another file than the post.
	wxr.Join(exports...)
	return c, nil
}
