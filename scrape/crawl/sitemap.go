package crawl

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/net/html/charset"
)

// sitemapProbes are where WordPress and its SEO plugins put a sitemap when
// robots.txt names none: core (5.5+), Yoast and Rank Math, most others.
var sitemapProbes = []string{"wp-sitemap.xml", "sitemap_index.xml", "sitemap.xml"}

// Bounds of the sitemaps a crawl reads, besides their size
// (Options.MaxSitemapBytes) and the page cap (Options.MaxPages), which
// also bounds the page URLs all sitemaps together may queue.
const (
	// maxSitemapDepth bounds nested sitemap indexes.
	maxSitemapDepth = 4
	// MaxSitemaps bounds the sitemap files one crawl fetches: nested
	// indexes are bounded in depth, and 200 children a level would
	// otherwise keep the crawl in its sitemap phase for ever.
	MaxSitemaps = 1000
	// MaxSitemapLocs bounds the URLs one sitemap lists: the protocol's
	// own limit, 50,000.
	MaxSitemapLocs = 50_000
	// MaxSitemapNesting bounds how deep a sitemap's XML elements nest. A
	// real one nests four deep (urlset, url, image:image, image:loc);
	// a 49 KB gzip of nested elements would otherwise cost gigabytes, as
	// the decoder keeps every open element.
	MaxSitemapNesting = 64
)

// sitemapLocs is what one sitemap file lists: child sitemaps (an index)
// and page URLs (a urlset).
type sitemapLocs struct {
	sitemaps []string
	pages    []string
}

func (l sitemapLocs) len() int { return len(l.sitemaps) + len(l.pages) }

// Why a sitemap was read only in part; the URLs read before the bound
// are kept.
var (
	errSitemapTooBig  = errors.New("over the size bound")
	errSitemapTooDeep = errors.New("over the nesting bound")
	errSitemapTooLong = errors.New("over the URL bound")
)

// parseSitemap reads a sitemap or sitemap index as a token stream,
// gunzipping it first when it is gzip (by its magic bytes, whatever the
// URL or Content-Type say). It stops after max bytes of XML (a sitemap
// may be 50 MB by the protocol, and a gzip bomb must not get further),
// at elements nested deeper than MaxSitemapNesting, and after maxLocs
// URLs.
func parseSitemap(body []byte, max int64, maxLocs int) (sitemapLocs, error) {
	var locs sitemapLocs
	var r io.Reader = bytes.NewReader(body)
	if bytes.HasPrefix(body, []byte{0x1f, 0x8b}) {
		gz, err := gzip.NewReader(r)
		if err != nil {
			return locs, fmt.Errorf("gzip: %w", err)
		}
		defer gz.Close()
		r = gz
	}
	lr := &io.LimitedReader{R: r, N: max + 1}
	dec := xml.NewDecoder(lr)
	dec.Strict = false
	dec.CharsetReader = charset.NewReaderLabel
	var stack []string
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if err != nil {
			if lr.N <= 0 {
				return locs, fmt.Errorf("%w, %d bytes once unzipped: the rest is not read", errSitemapTooBig, max)
			}
			if err == io.EOF {
				return locs, nil
			}
			return locs, fmt.Errorf("xml: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) >= MaxSitemapNesting {
				return locs, fmt.Errorf("%w, elements %d deep: the rest is not read", errSitemapTooDeep, MaxSitemapNesting)
			}
			stack = append(stack, strings.ToLower(t.Name.Local))
			text.Reset()
		case xml.CharData:
			if len(stack) > 0 && stack[len(stack)-1] == "loc" {
				text.Write(t)
			}
		case xml.EndElement:
			if n := len(stack); n >= 2 && stack[n-1] == "loc" {
				loc := strings.TrimSpace(text.String())
				switch stack[n-2] {
				case "sitemap", "url":
					if locs.len() >= maxLocs {
						return locs, fmt.Errorf("%w, %d URLs: the rest is not read", errSitemapTooLong, maxLocs)
					}
					if stack[n-2] == "sitemap" {
						locs.sitemaps = append(locs.sitemaps, loc)
					} else {
						locs.pages = append(locs.pages, loc)
					}
				}
			}
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
}
