// Package scrape is the first stage: its packages read a legacy WordPress
// site from a mirror folder (mirror), a live crawl (crawl), a WXR export
// (wxr) or the REST API (wpapi), and pull fields out of its pages
// (extract). This package holds what they share.
//
// A page starts as a Page: the bytes of one legacy URL, already decoded to
// UTF-8, with the URL it was published under. Exports and the REST API
// yield records instead, whole posts with no page to parse.
package scrape

import (
	"net/url"
	"strings"
	"time"
)

// Page is one fetched or read legacy page.
type Page struct {
	// URL is the page's original address on the legacy site (from the
	// canonical link, og:url, or the mirror path plus the base URL).
	URL *url.URL
	// Origin names where the bytes came from, for messages: a file path
	// for a mirror, the fetch URL for a crawl.
	Origin string
	// HTML is the page decoded to UTF-8.
	HTML []byte
	// Charset is the encoding the page was decoded from ("utf-8",
	// "windows-1251", ...).
	Charset string
	// Fetched is when the bytes were read (file modification time for a
	// mirror; for a crawl, when they were downloaded, which a 304 on a
	// later run does not move), carried for reports and re-sync.
	Fetched time.Time
	// Hash is the hex SHA-256 of the bytes as the source holds them,
	// before decoding: the manifest tells a changed source by it.
	Hash string
	// ETag and LastModified are the HTTP validators a crawl received.
	ETag, LastModified string
}

// Stage names the pipeline stage an error happened in.
type Stage string

const (
	StageFetch     Stage = "fetch" // a crawl could not get the page
	StageRead      Stage = "read"
	StageExtract   Stage = "extract"
	StageTransform Stage = "transform"
	StageWrite     Stage = "write"
)

// PageError is a failure tied to one page: callers report it and go on.
type PageError struct {
	URL    string // the page's URL, or its file path when no URL is known
	Origin string // where the source read it from (a mirror file), if known
	Stage  Stage
	Err    error
}

func (e *PageError) Error() string { return e.URL + ": " + string(e.Stage) + ": " + e.Err.Error() }
func (e *PageError) Unwrap() error { return e.Err }

// SameHost reports whether two hosts are one site: WordPress answers on
// the bare name and on "www." alike, in any letter case.
func SameHost(a, b string) bool { return strings.EqualFold(BareHost(a), BareHost(b)) }

// BareHost is a host as SameHost compares it, for keys and lookups: in
// lower case, without "www.".
func BareHost(h string) string { return strings.TrimPrefix(strings.ToLower(h), "www.") }

// IsWebURL reports whether s is an http or https URL (in any letter case)
// rather than a file path.
func IsWebURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}
