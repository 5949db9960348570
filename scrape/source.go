package scrape

import (
	"context"
	"net/url"
)

// The source contract: what every source of a migration yields, declared
// once. A source is a package under scrape that implements Source (pages)
// and Site (media and the site's address). A source that knows posts as
// structured data (an export, an API) yields records too: each an
// extract.Record, the post's fields as candidates of that source, with the
// source named in the record (Record.Source) and where in it the record
// was read (Record.Origin). Its Records method is the
// transform.RecordSource interface, declared where records are read
// because a record carries extract's types (scrape cannot name them
// without an import cycle). The optional interfaces below add what some
// sources know.
//
// Adding a source (a Ghost or Blogger export, say) touches:
//   - a new package under scrape/ that implements Site, and Records when
//     it yields records (as scrape/wxr and scrape/wpapi do), naming itself
//     in every record and candidate: extract.SrcWXR, extract.SrcREST, or a
//     new Source constant in scrape/extract/types.go;
//   - one registration line where cmd/unpress opens sources (openSource in
//     sources.go for pages, openRecordSource in records.go for records);
//   - when its records compete with others on a field, that field's order
//     in transform/reconcile.go (mergeRank), the one precedence table.

// MaxPageBytes bounds one page of HTML, whatever source read it: parsing
// and extracting a page takes many times its size (a whole migration of
// one page of 4 MB of short paragraphs peaks at 110 MB of memory, of 8 MB
// at 157 MB, of 30 MB at 415 MB), and a WordPress page that big is a fault
// (inline base64 images, a runaway plugin), not an article. A larger page is refused with a message naming
// it and the bound.
const MaxPageBytes = 4 << 20

// Source yields the pages of a legacy site: a mirror folder (scrape/mirror)
// or a crawl (scrape/crawl). The WXR and REST sources implement it too,
// with no pages: they yield records.
type Source interface {
	// Walk calls fn for each page in a deterministic order. A page that
	// cannot be read is passed to onErr and the walk goes on; Walk returns
	// an error only when the source as a whole is unusable.
	Walk(ctx context.Context, fn func(*Page) error, onErr func(*PageError)) error
}

// Site is a legacy site as a migration reads it: its pages, its address
// and its media.
type Site interface {
	Source
	// Base is the legacy site's address.
	Base() *url.URL
	// HasMedia tells, without fetching, whether a media URL can be had.
	HasMedia(u *url.URL) bool
	// MediaFile returns a local file with the media's bytes, fetching it
	// when the source is remote.
	MediaFile(ctx context.Context, u *url.URL) (string, error)
}

// UploadHoster is a source that knows the hosts the legacy site's uploads
// are served from besides its own (a CDN, a WordPress.com site's
// files.wordpress.com): the hosts of the attachments an export lists. A
// post's media there is the legacy site's, and dies with it.
type UploadHoster interface {
	UploadHosts() []string
}

// Redirector is a source that saw redirects on the legacy site: old URL ->
// the URL it ends at. They become aliases of the posts they reach.
type Redirector interface {
	Redirects() map[string]string
}

// Rechecker is a source that can ask again for the pages an earlier run
// migrated, besides the ones it discovers (a crawl: a deleted post that
// nothing links to any more then answers 404).
type Rechecker interface {
	Recheck(urls []string)
}

// GoneTeller tells why a page an earlier run migrated (its URL, and where
// that run read it) is no longer on the legacy site: "HTTP 404", "not in
// the mirror". It returns "" when the page is there or it cannot tell.
type GoneTeller interface {
	Gone(url, origin string) string
}
