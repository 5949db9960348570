package main

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

	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/combine"
	"github.com/unpress/unpress/scrape/mirror"
	"github.com/unpress/unpress/scrape/wpapi"
	"github.com/unpress/unpress/scrape/wxr"
	"github.com/unpress/unpress/transform"
)

// Record sources (a WXR export, the REST API) and several sources at
// once. A migration reads one source with --from, and more with --also,
// each of which may be any kind of source:
//
//	unpress migrate --from mirror/ --also export.xml --out site/
//	unpress migrate --from export.xml --media-from mirror/ --out site/
//	unpress migrate --from https://example.org/wp-json/ --out site/
//
// --from is the primary source: the site's address (Base) is its. Pages
// and records of every source are added to one transform.Site, which
// matches records to the pages of the same post and merges them (see
// transform/reconcile.go).

var (
	_ scrape.Site            = (*wxr.File)(nil)
	_ transform.RecordSource = (*wxr.File)(nil)
	_ scrape.Site            = (*wpapi.Client)(nil)
	_ transform.RecordSource = (*wpapi.Client)(nil)
	_ scrape.Site            = (*combine.Site)(nil)
	_ transform.RecordSource = (*combine.Site)(nil)
)

// statuses parses --include: post statuses written as drafts.
func (o sourceOptions) statuses() ([]string, error) {
	var out []string
	for _, s := range strings.Split(o.include, ",") {
		s = strings.ToLower(strings.TrimSpace(s))
		if s == "" {
			continue
		}
		if !slices.Contains(wxr.Statuses, s) {
			return nil, fmt.Errorf("--include: %q is not a status that can be included (%s)", s, strings.Join(wxr.Statuses, ", "))
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out, nil
}

// isExport reports whether from is a file that looks like a WordPress
// export (an XML file with an <rss> root or the WXR namespace).
func isExport(from string) bool {
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

// openRecordSource opens --from when it names an export file or a REST
// API root; ok is false for anything else.
func openRecordSource(ctx context.Context, from string, o sourceOptions, cfg *Config) (src scrape.Site, ok bool, err error) {
	include, err := o.statuses()
	if err != nil {
		return nil, true, err
	}
	switch {
	case isExport(from):
		f, err := wxr.Open(from, wxr.Options{Include: include, IncludeProtected: cfg.IncludeProtected})
		if err != nil {
			return nil, true, err
		}
		if err := o.attachMedia(f.Base(), func(m *mirror.Dir) { f.SetMedia(m) }); err != nil {
			return nil, true, err
		}
		return f, true, nil
	case wpapi.IsRoot(from):
		c, err := wpapi.New(ctx, from, wpapi.Options{UserAgent: "unpress/" + version + " (+https://github.com/unpress/unpress)", IncludeProtected: cfg.IncludeProtected})
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
// of the site's media that --media-from names, when it names one.
func (o sourceOptions) attachMedia(site *url.URL, set func(*mirror.Dir)) error {
	if o.mediaFrom == "" {
		return nil
	}
	m, err := openMedia(o.mediaFrom, site)
	if err != nil {
		return err
	}
	set(m)
	return nil
}

// openMedia opens --media-from, a copy of the site's media: a mirror of
// the whole site (it has a wp-content folder) or the uploads folder itself
// (2022/03/photo.jpg).
func openMedia(dir string, site *url.URL) (*mirror.Dir, error) {
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

// openCombined opens --from and every --also.
func openCombined(ctx context.Context, from string, base *url.URL, o sourceOptions, cfg *Config, stderr io.Writer) (scrape.Site, error) {
	one := o
	one.also = nil
	c := combine.New()
	for _, f := range slices.Concat([]string{from}, o.also) {
		s, err := openSource(ctx, f, base, one, cfg, stderr)
		if err != nil {
			c.Close()
			return nil, err
		}
		c.Add(s)
	}
	return c, nil
}

// closeSource releases what a source holds, if anything.
func closeSource(s scrape.Site) {
	if c, ok := s.(io.Closer); ok {
		c.Close()
	}
}
