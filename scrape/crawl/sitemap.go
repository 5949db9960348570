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

// maxSitemapDepth bounds nested sitemap indexes.
const maxSitemapDepth = 4

// sitemapLocs is what one sitemap file lists: child sitemaps (an index)
// and page URLs (a urlset).
type sitemapLocs struct {
	sitemaps []string
	pages    []string
}

// errSitemapTooBig means a sitemap was larger than the bound once
// unzipped; the URLs read before the bound are kept.
var errSitemapTooBig = errors.New("sitemap is over the size limit")

// parseSitemap reads a sitemap or sitemap index as a token stream,
// gunzipping it first when it is gzip (by its magic bytes, whatever the
// URL or Content-Type say), and stops after max bytes of XML: a sitemap
// may be 50 MB by the protocol, and a gzip bomb must not get further.
func parseSitemap(body []byte, max int64) (sitemapLocs, error) {
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
				return locs, errSitemapTooBig
			}
			if err == io.EOF {
				return locs, nil
			}
			return locs, fmt.Errorf("xml: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
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
				case "sitemap":
					locs.sitemaps = append(locs.sitemaps, loc)
				case "url":
					locs.pages = append(locs.pages, loc)
				}
			}
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
}
