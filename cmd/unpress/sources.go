package main

import (
	"context"
	"flag"
	"io"
	"net/url"

	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/extract"
	"github.com/unpress/unpress/scrape/mirror"
)

// legacySite is where a migration reads pages and media from: a mirror
// folder today; a live crawl, a WXR export and the REST API plug in here.
type legacySite interface {
	scrape.Source
	// Base is the legacy site's address.
	Base() *url.URL
	// HasMedia tells, without fetching, whether a media URL can be had.
	HasMedia(u *url.URL) bool
	// MediaFile returns a local file with the media's bytes, fetching it
	// when the source is remote.
	MediaFile(ctx context.Context, u *url.URL) (string, error)
}

var _ legacySite = (*mirror.Dir)(nil)

// recordSource is a source that yields structured records rather than
// HTML pages (a WXR export, the REST API): the job adds them to the site as
// they are, without the HTML extractor.
type recordSource interface {
	Records(ctx context.Context, fn func(ex *extract.Extracted, origin string) error, onErr func(*scrape.PageError)) error
}

// redirectSource is a source that saw redirects on the legacy site: old
// URL -> the URL it ends at. They become aliases of the posts they reach.
type redirectSource interface {
	Redirects() map[string]string
}

// sourceOptions are the flags that choose and tune a source.
type sourceOptions struct{}

// addSourceFlags declares the source flags of the migrate command.
func addSourceFlags(fs *flag.FlagSet, o *sourceOptions) {}

// openSource picks the source for --from: a folder is a mirror.
func openSource(ctx context.Context, from string, base *url.URL, o sourceOptions, cfg *Config, stderr io.Writer) (legacySite, error) {
	return mirror.Open(from, base)
}
