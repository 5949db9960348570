package wxr

import (
	"html"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/unpress/unpress/scrape/wprender"
)

var (
	metaWidth  = regexp.MustCompile(`s:5:"width";i:(\d+);`)
	imageTypes = map[string]string{".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif", ".webp": "image/webp", ".avif": "image/avif", ".svg": "image/svg+xml", ".bmp": "image/bmp", ".tif": "image/tiff", ".tiff": "image/tiff", ".heic": "image/heic"}
)

// mimeOf guesses an attachment's type from its file name: WXR does not
// carry post_mime_type.
func mimeOf(u string) string {
	p := u
	if pu, err := url.Parse(u); err == nil {
		p = pu.Path
	}
	ext := strings.ToLower(filepath.Ext(p))
	if m, ok := imageTypes[ext]; ok {
		return m
	}
	switch ext {
	case ".mp4", ".m4v", ".webm", ".ogv", ".mov", ".wmv", ".flv", ".avi":
		return "video/" + strings.TrimPrefix(ext, ".")
	case ".mp3", ".ogg", ".oga", ".m4a", ".wav", ".flac", ".wma":
		return "audio/" + strings.TrimPrefix(ext, ".")
	}
	return "application/octet-stream"
}

// index is the first pass's work on one item: count it, and keep what
// other items refer to (attachments, reusable blocks).
func (f *File) index(it *itemXML, _ itemPos) error {
	typ := strings.TrimSpace(it.PostType)
	status := strings.TrimSpace(it.Status)
	f.stats.Items++
	f.stats.ByType[typ]++
	if typ == "post" || typ == "page" {
		f.stats.ByStatus[status]++
	}
	if f.firstLink == "" {
		if u, err := url.Parse(strings.TrimSpace(it.Link)); err == nil && u.Host != "" {
			f.firstLink = u.Scheme + "://" + u.Host + "/"
		}
	}
	id, _ := strconv.Atoi(strings.TrimSpace(it.PostID))
	switch typ {
	case "attachment":
		u := strings.TrimSpace(it.AttachmentURL)
		if u == "" || id == 0 {
			return nil
		}
		a := wprender.Attachment{
			ID: id, URL: u, Page: strings.TrimSpace(it.Link), Mime: mimeOf(u),
			Title:   html.UnescapeString(strings.TrimSpace(it.Title)),
			Alt:     strings.TrimSpace(it.meta("_wp_attachment_image_alt")),
			Caption: strings.TrimSpace(it.excerpt()),
		}
		a.Parent, _ = strconv.Atoi(strings.TrimSpace(it.Parent))
		a.MenuOrder, _ = strconv.Atoi(strings.TrimSpace(it.MenuOrder))
		if m := metaWidth.FindStringSubmatch(it.meta("_wp_attachment_metadata")); m != nil {
			a.Width, _ = strconv.Atoi(m[1])
		}
		f.attachments[id] = a
		if a.Parent > 0 {
			f.children[a.Parent] = append(f.children[a.Parent], id)
		}
	case "wp_block":
		if id > 0 && status == "publish" {
			f.blocks[id] = it.content()
		}
	}
	return nil
}

// Join makes the exports of one site, read together, find each other's
// attachments: a post's featured image or gallery whose attachment items
// are in another file (an export split by post type or date) resolves as
// if in its own. A file's own attachment of an ID wins.
func Join(files ...*File) {
	for _, f := range files {
		f.peers = slices.DeleteFunc(slices.Clone(files), func(o *File) bool { return o == f })
	}
}

// Attachment implements wprender.Site.
func (f *File) Attachment(id int) (wprender.Attachment, bool) {
	if a, ok := f.attachments[id]; ok {
		return a, true
	}
	for _, p := range f.peers {
		if a, ok := p.attachments[id]; ok {
			return a, true
		}
	}
	return wprender.Attachment{}, false
}

// UploadHosts are the hosts of the export's attachments, sorted
// (scrape.UploadHoster).
func (f *File) UploadHosts() []string {
	var hosts []string
	for _, a := range f.attachments {
		if u, err := url.Parse(a.URL); err == nil && u.Host != "" && !slices.Contains(hosts, u.Host) {
			hosts = append(hosts, u.Host)
		}
	}
	slices.Sort(hosts)
	return hosts
}

// Attachments implements wprender.Site: a post's attachments by menu
// order, then ID, as WordPress's get_children orders a gallery.
func (f *File) Attachments(parent int) []wprender.Attachment {
	var out []wprender.Attachment
	for _, id := range f.children[parent] {
		out = append(out, f.attachments[id])
	}
	for _, p := range f.peers {
		for _, id := range p.children[parent] {
			if _, own := f.attachments[id]; !own {
				out = append(out, p.attachments[id])
			}
		}
	}
	slices.SortStableFunc(out, func(a, b wprender.Attachment) int {
		if a.MenuOrder != b.MenuOrder {
			return a.MenuOrder - b.MenuOrder
		}
		return a.ID - b.ID
	})
	return out
}

// ReusableBlock implements wprender.Site.
func (f *File) ReusableBlock(id int) (string, bool) {
	c, ok := f.blocks[id]
	return c, ok
}
