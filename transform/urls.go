package transform

import (
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/unpress/unpress/scrape"
)

// sameSite reports whether two URLs are on one site.
func sameSite(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	return err1 == nil && err2 == nil && scrape.SameHost(ua.Host, ub.Host)
}

// normURL is the key a URL is matched by: no fragment, no query noise,
// a trailing slash on paths. WordPress's own queries ?p=ID and ?page_id=ID
// (the URL of a post without a pretty permalink, a draft's) are kept.
func normURL(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return s
	}
	u.Fragment = ""
	q := url.Values{}
	for _, k := range []string{"p", "page_id"} {
		if v := u.Query().Get(k); v != "" {
			q.Set(k, v)
		}
	}
	u.RawQuery = q.Encode()
	// One spelling of each escape: %d0 and %D0 are the same byte.
	u.RawPath = ""
	u.Host = scrape.BareHost(u.Host)
	if u.Scheme == "https" {
		u.Scheme = "http"
	}
	if p := u.EscapedPath(); !strings.HasSuffix(p, "/") && path.Ext(p) == "" {
		u.Path += "/"
		u.RawPath = ""
	}
	return u.String()
}

// NormURL is the key used to match a link against migrated posts.
func NormURL(s string) string { return normURL(s) }

// slugOf is the last path segment of the URL, percent-decoded; for pages
// that sit under a parent it is still the last segment (the parent path is
// kept by output presets that nest pages).
func slugOf(key string, id int) string {
	u, err := url.Parse(key)
	if err == nil && isQueryLink(u) {
		// https://host/blog/?p=12 on a site in a folder: the path is the
		// site's, not the post's.
		u.Path = ""
	}
	if err == nil {
		seg := strings.Trim(u.Path, "/")
		if i := strings.LastIndex(seg, "/"); i >= 0 {
			seg = seg[i+1:]
		}
		// A page saved or served as slug.html names the post slug.
		for _, ext := range []string{".html", ".htm", ".php"} {
			if trimmed, ok := strings.CutSuffix(strings.ToLower(seg), ext); ok && trimmed != "" {
				seg = seg[:len(trimmed)]
				break
			}
		}
		if seg != "" {
			return seg
		}
		for _, k := range []string{"p", "page_id"} {
			if pid := u.Query().Get(k); pid != "" {
				return pid
			}
		}
	}
	if id != 0 {
		return strconv.Itoa(id)
	}
	return "index"
}

// isQueryLink reports whether a URL names its post by a WordPress query
// (?p=12, ?page_id=7), as plain permalinks do: its path is the site's
// folder, never the post's slug.
func isQueryLink(u *url.URL) bool {
	q := u.Query()
	return q.Get("p") != "" || q.Get("page_id") != ""
}
