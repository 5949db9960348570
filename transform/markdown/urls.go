package markdown

import (
	"math"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/unpress/unpress/scrape"
)

// sizedRe matches the suffix WordPress appends to the resized copies it
// generates for every upload ("photo-300x169.jpg"), and "-scaled", the name
// it gives since 5.3 to a downscaled original that was above the big-image
// threshold. Group 1 is the name without the suffix, 3 and 4 the size.
var sizedRe = regexp.MustCompile(`^(.+?)(-(\d+)x(\d+)|-scaled)(\.[A-Za-z0-9]+)$`)

// uploadsDir is where WordPress keeps every file uploaded through the media
// library; links into it are media the migration has to carry along.
const uploadsDir = "/wp-content/uploads/"

// resolve makes ref absolute against base. A fragment-only reference is
// kept as it is: it points into the same document and has to stay that way
// after the migration. Unparsable references are returned unchanged, since
// dropping text the author wrote would be worse than keeping a broken link.
func resolve(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" || strings.HasPrefix(ref, "#") {
		return ref
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ref
	}
	if base != nil {
		u = base.ResolveReference(u)
	} else if u.Scheme == "" && u.Host != "" {
		// A protocol-relative URL ("//www.youtube.com/embed/…") without a
		// base to borrow the scheme from: every host that matters today
		// serves HTTPS.
		u.Scheme = "https"
	}
	return u.String()
}

// imageKey identifies an uploaded image independently of which of its
// generated sizes a URL names: host plus path with the size suffix removed.
// The scheme is ignored because WordPress sites often mix http and https in
// old content.
func imageKey(abs string) (key string, ok bool) {
	u, err := url.Parse(abs)
	if err != nil || u.Path == "" || path.Ext(u.Path) == "" {
		return "", false
	}
	p := u.Path
	if m := sizedRe.FindStringSubmatch(p); m != nil {
		p = m[1] + m[5]
	}
	return strings.ToLower(u.Host) + p, true
}

// imageWidth ranks a URL among the sizes of one image: the unsized original
// outranks every generated size, otherwise the width in the name decides.
func imageWidth(abs string) int {
	u, err := url.Parse(abs)
	if err != nil {
		return 0
	}
	m := sizedRe.FindStringSubmatch(u.Path)
	if m == nil {
		return math.MaxInt
	}
	if m[3] == "" { // "-scaled": the largest copy that exists after the original
		return math.MaxInt - 1
	}
	w, _ := strconv.Atoi(m[3])
	return w
}

// isResized reports whether the URL names a size WordPress generated
// ("-300x169"), rather than the uploaded original.
func isResized(abs string) bool {
	u, err := url.Parse(abs)
	if err != nil {
		return false
	}
	m := sizedRe.FindStringSubmatch(u.Path)
	return m != nil && m[3] != ""
}

// largestCandidate returns the URL of the widest srcset candidate. Width
// descriptors ("800w") are compared first; density descriptors ("2x") only
// when no candidate has a width. Candidates without a descriptor count as
// "1x", as the HTML standard says.
func largestCandidate(srcset string) string {
	best, bestW, bestX := "", -1.0, -1.0
	for _, c := range parseSrcset(srcset) {
		switch {
		case strings.HasSuffix(c.descriptor, "w"):
			if w, err := strconv.ParseFloat(strings.TrimSuffix(c.descriptor, "w"), 64); err == nil && w > bestW {
				best, bestW = c.url, w
			}
		case bestW < 0:
			x := 1.0
			if strings.HasSuffix(c.descriptor, "x") {
				if v, err := strconv.ParseFloat(strings.TrimSuffix(c.descriptor, "x"), 64); err == nil {
					x = v
				}
			}
			if x > bestX {
				best, bestX = c.url, x
			}
		}
	}
	return best
}

type srcsetCandidate struct{ url, descriptor string }

// parseSrcset splits a srcset attribute into candidates. It follows the
// shape of the HTML parsing algorithm (URL up to whitespace, descriptors up
// to the next comma) closely enough for what WordPress writes, without
// choking on a missing space after a comma.
func parseSrcset(s string) []srcsetCandidate {
	var out []srcsetCandidate
	for s != "" {
		s = strings.TrimLeft(s, " \t\n\r\f,")
		if s == "" {
			break
		}
		end := strings.IndexAny(s, " \t\n\r\f")
		if end < 0 {
			end = len(s)
		}
		u := s[:end]
		s = s[end:]
		desc := ""
		if strings.HasSuffix(u, ",") {
			u = strings.TrimRight(u, ",")
		} else {
			comma := strings.IndexByte(s, ',')
			if comma < 0 {
				comma = len(s)
			}
			desc = strings.TrimSpace(s[:comma])
			s = s[comma:]
		}
		if u != "" {
			// Only the first descriptor matters for choosing a size.
			if f := strings.Fields(desc); len(f) > 0 {
				desc = strings.ToLower(f[0])
			}
			out = append(out, srcsetCandidate{url: u, descriptor: desc})
		}
	}
	return out
}

// isUploadFile reports whether abs points to a file (not a folder listing)
// in the WordPress uploads directory.
func isUploadFile(abs string) bool {
	u, err := url.Parse(abs)
	if err != nil {
		return false
	}
	return strings.Contains(u.Path, uploadsDir) && path.Ext(u.Path) != "" && !strings.HasSuffix(u.Path, "/")
}

var youTubeIDRe = regexp.MustCompile(`^[A-Za-z0-9_-]{6,}$`)

// canonicalVideoURL maps the URL of an embedded player to the page a reader
// would open in a browser: YouTube's /embed/ID (also on youtube-nocookie.com),
// youtu.be/ID and /watch?v=ID all become https://www.youtube.com/watch?v=ID,
// and Vimeo's player.vimeo.com/video/ID becomes https://vimeo.com/ID. ok is
// false for anything else, which callers treat as an ordinary link.
func canonicalVideoURL(abs string) (canonical string, ok bool) {
	u, err := url.Parse(abs)
	if err != nil {
		return "", false
	}
	host := scrape.BareHost(u.Host)
	host = strings.TrimPrefix(host, "m.")
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	youTube := func(id string) (string, bool) {
		if !youTubeIDRe.MatchString(id) {
			return "", false
		}
		canonical := "https://www.youtube.com/watch?v=" + id
		// Keep where the author told the player to start: "start" on
		// embed URLs, "t" on watch and short links.
		q := u.Query()
		start := q.Get("start")
		if start == "" {
			start = q.Get("t")
		}
		if start = strings.TrimSuffix(start, "s"); isDigits(start) && strings.Trim(start, "0") != "" {
			canonical += "&t=" + start
		}
		return canonical, true
	}
	switch host {
	case "youtube.com", "youtube-nocookie.com":
		if len(segs) == 2 && (segs[0] == "embed" || segs[0] == "v" || segs[0] == "shorts" || segs[0] == "live") {
			return youTube(segs[1])
		}
		if len(segs) == 1 && segs[0] == "watch" {
			return youTube(u.Query().Get("v"))
		}
	case "youtu.be":
		if len(segs) == 1 {
			return youTube(segs[0])
		}
	case "player.vimeo.com":
		if len(segs) == 2 && segs[0] == "video" && isDigits(segs[1]) {
			return "https://vimeo.com/" + segs[1], true
		}
	case "vimeo.com":
		if len(segs) == 1 && isDigits(segs[0]) {
			return "https://vimeo.com/" + segs[0], true
		}
	}
	return "", false
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

var destinationReplacer = strings.NewReplacer(
	" ", "%20",
	"\t", "%09",
	"\n", "%0A",
	"\r", "%0D",
	"(", "%28",
	")", "%29",
	"<", "%3C",
	">", "%3E",
)

// mdDestination makes a URL safe as a Markdown link destination: characters
// that would end or confuse the "(…)" part are percent-encoded, which every
// browser and server treats as equivalent.
func mdDestination(u string) string { return destinationReplacer.Replace(u) }

// stripCacheBuster removes the "_=N" query parameter WordPress's [video]
// and [audio] shortcodes append to each source to defeat browser caches;
// it is not part of the file's address.
func stripCacheBuster(abs string) string {
	u, err := url.Parse(abs)
	if err != nil || u.RawQuery == "" {
		return abs
	}
	q := u.Query()
	if _, ok := q["_"]; !ok {
		return abs
	}
	q.Del("_")
	u.RawQuery = q.Encode()
	return u.String()
}
