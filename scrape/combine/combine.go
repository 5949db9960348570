// Package combine reads several sources of one legacy site as one: a
// mirror or a crawl with the site's export or REST API (--also), an export
// with a copy of its media (--media-from). transform.Site then matches the
// records to the pages of the same post and merges them
// (transform/reconcile.go).
package combine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"

	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/extract"
)

// Site is several sources read as one: pages from every source that has
// pages, records from every source that has records, media from the first
// source that has each file. The first source is the primary: the site's
// address is its.
type Site struct {
	sources []scrape.Site
}

// New combines sources, the primary first.
func New(sources ...scrape.Site) *Site { return &Site{sources: sources} }

// recordSource is a source that yields records (transform.RecordSource).
type recordSource interface {
	Records(ctx context.Context, fn func(*extract.Record) error, onErr func(*scrape.PageError)) error
}

// Base is the primary source's address.
func (c *Site) Base() *url.URL { return c.sources[0].Base() }

// Walk walks every source in turn.
func (c *Site) Walk(ctx context.Context, fn func(*scrape.Page) error, onErr func(*scrape.PageError)) error {
	for _, s := range c.sources {
		if err := s.Walk(ctx, fn, onErr); err != nil {
			return err
		}
	}
	return nil
}

// Records reads the records of every source that has them, in turn.
func (c *Site) Records(ctx context.Context, fn func(*extract.Record) error, onErr func(*scrape.PageError)) error {
	for _, s := range c.sources {
		if rs, ok := s.(recordSource); ok {
			if err := rs.Records(ctx, fn, onErr); err != nil {
				return err
			}
		}
	}
	return nil
}

// HasMedia reports whether any source has the media file.
func (c *Site) HasMedia(u *url.URL) bool {
	for _, s := range c.sources {
		if s.HasMedia(u) {
			return true
		}
	}
	return false
}

// MediaFile gets the media file from the first source that has it and
// can give it.
func (c *Site) MediaFile(ctx context.Context, u *url.URL) (string, error) {
	var errs []error
	for _, s := range c.sources {
		if !s.HasMedia(u) {
			continue
		}
		f, err := s.MediaFile(ctx, u)
		if err == nil {
			return f, nil
		}
		errs = append(errs, err)
	}
	if len(errs) == 0 {
		return "", fmt.Errorf("%s: in none of the sources", u)
	}
	return "", errors.Join(errs...)
}

// UploadHosts are every source's upload hosts (scrape.UploadHoster),
// sorted.
func (c *Site) UploadHosts() []string {
	var hosts []string
	for _, s := range c.sources {
		if uh, ok := s.(scrape.UploadHoster); ok {
			hosts = append(hosts, uh.UploadHosts()...)
		}
	}
	slices.Sort(hosts)
	return slices.Compact(hosts)
}

// Redirects are every source's redirects; the first source's win.
func (c *Site) Redirects() map[string]string {
	out := map[string]string{}
	for i := len(c.sources) - 1; i >= 0; i-- {
		if rs, ok := c.sources[i].(scrape.Redirector); ok {
			for k, v := range rs.Redirects() {
				out[k] = v
			}
		}
	}
	return out
}

// Add appends a source.
func (c *Site) Add(s scrape.Site) { c.sources = append(c.sources, s) }

// Close closes the sources that hold resources (downloaded media).
func (c *Site) Close() error {
	var errs []error
	for _, s := range c.sources {
		if cl, ok := s.(io.Closer); ok {
			errs = append(errs, cl.Close())
		}
	}
	return errors.Join(errs...)
}
