package main

import (
	"context"
	"net/url"

	"github.com/unpress/unpress/scrape"
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

// openSource picks the source for --from.
func openSource(from string, base *url.URL) (legacySite, error) {
	return mirror.Open(from, base)
}
