package wxr

import (
	"encoding/xml"
	"regexp"
)

// Elements are matched by namespace URI, not by prefix or local name
// alone: a foreign <x:post_id> or <media:title> must not supply a post's
// ID or title. WordPress's importer reads wp: and excerpt: in the
// namespaces the document binds those prefixes to (any WXR version, over
// http or https), content: and dc: in theirs, and the RSS elements
// without a namespace. nsReader rewrites each name's namespace to one of
// the short keys below, which the struct tags of scan.go name; another
// namespace stays as it is and matches nothing.
const (
	nsRSS     = "rss" // no namespace: <title>, <link>, <category>, <pubDate>
	nsWP      = "wp"
	nsExcerpt = "excerpt"
	nsContent = "content"
	nsDC      = "dc"
)

var (
	wpSpace      = regexp.MustCompile(`^https?://wordpress\.org/export/\d+\.\d+/?$`)
	excerptSpace = regexp.MustCompile(`^https?://wordpress\.org/export/\d+\.\d+/excerpt/?$`)
)

// nsReader is the token stream of an export with its namespaces rewritten
// to the short keys. Namespace declarations are dropped from the tokens so
// that the decoder reading them does not translate the keys back.
type nsReader struct {
	d     *xml.Decoder
	bound map[string]string // URI -> key, from the root's declarations
	last  xml.StartElement  // the last start element as d read it
}

func newNSReader(d *xml.Decoder) (*xml.Decoder, *nsReader) {
	r := &nsReader{d: d, bound: map[string]string{}}
	dec := xml.NewTokenDecoder(r)
	dec.Strict = true
	return dec, r
}

func (r *nsReader) Token() (xml.Token, error) {
	tok, err := r.d.Token()
	switch t := tok.(type) {
	case xml.StartElement:
		r.last = t.Copy()
		attrs := make([]xml.Attr, 0, len(t.Attr))
		for _, a := range t.Attr {
			if a.Name.Space == "xmlns" || a.Name.Space == "" && a.Name.Local == "xmlns" {
				// The prefixes WordPress reads by: what the document binds
				// wp: and excerpt: to is theirs, whatever the URI.
				if a.Name.Space == "xmlns" && (a.Name.Local == nsWP || a.Name.Local == nsExcerpt) {
					r.bound[a.Value] = a.Name.Local
				}
				continue
			}
			if a.Name.Space != "" {
				a.Name.Space = r.key(a.Name.Space)
			}
			attrs = append(attrs, a)
		}
		t.Attr = attrs
		t.Name.Space = r.key(t.Name.Space)
		return t, err
	case xml.EndElement:
		t.Name.Space = r.key(t.Name.Space)
		return t, err
	}
	return tok, err
}

// key is the short key of a namespace URI, or the URI itself when it is
// none of the export's own.
func (r *nsReader) key(space string) string {
	switch {
	case space == "":
		return nsRSS
	case space == "http://purl.org/rss/1.0/modules/content/":
		return nsContent
	case space == "http://purl.org/dc/elements/1.1/":
		return nsDC
	case r.bound[space] != "":
		return r.bound[space]
	case excerptSpace.MatchString(space):
		return nsExcerpt
	case wpSpace.MatchString(space):
		return nsWP
	}
	return space
}

// internalTypes are the post types WordPress and the most common plugins
// register as not public: their items are settings, templates and form
// definitions that no site shows as a page of its own, so they are never
// written. An export does not say whether a type is public (that is
// register_post_type's argument, in code): any other type is taken as
// content, and a site's config can skip it (post_types).
var internalTypes = map[string]bool{
	"post": true, "page": true, "attachment": true, "revision": true, "nav_menu_item": true,
	"custom_css": true, "customize_changeset": true, "oembed_cache": true, "user_request": true,
	"wp_block": true, "wp_template": true, "wp_template_part": true, "wp_global_styles": true,
	"wp_navigation": true, "wp_font_family": true, "wp_font_face": true,
	// Advanced Custom Fields, Contact Form 7, WPForms, Elementor's kit.
	"acf-field": true, "acf-field-group": true, "acf-post-type": true, "acf-taxonomy": true,
	"wpcf7_contact_form": true, "wpforms": true, "elementor_library": true,
}

// CustomType reports whether an item's post type is a custom type written
// as content: not post or page, and not one of the internal types.
func CustomType(typ string) bool {
	return typ != "" && !internalTypes[typ]
}
