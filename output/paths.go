package output

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/unpress/unpress/transform"
)

// The values of transform.Post.Kind that output tells apart; anything
// other than a page is written as a post.
const (
	KindPost = "post"
	KindPage = "page"
)

// PostPath returns where post goes, relative to the output root and
// slash-separated, when nothing competes for the name. It takes a page as
// having no child pages; Plan knows better and resolves collisions, so a
// pipeline uses Plan's paths.
func (p *Preset) PostPath(post *transform.Head) string {
	for n := 1; ; n++ {
		if rel, reserved := p.pathFor(post, pageSegments(post), false, n); !reserved {
			return rel
		}
	}
}

// pathFor returns post's path with collision number n (1 = none), and
// whether its file stem is one the generator reserves ("index"); segs are
// a page's segments (pageTree).
func (p *Preset) pathFor(post *transform.Head, segs []string, hasChildren bool, n int) (rel string, reserved bool) {
	if post.Kind != KindPage {
		stem := numbered(postStem(post), n)
		if post.Type != "" {
			return p.typePath(post, stem)
		}
		if p.PostFile != "" {
			return p.patternPath(post, stem)
		}
		return path.Join(p.ContentDir, p.PostSection, stem+".md"), p.isIndexStem(stem)
	}
	segs = slices.Clone(segs)
	if len(segs) == 0 {
		if n == 1 { // the home page
			return path.Join(p.pageDir(), expandPath(p.PageBranch, "")), false
		}
		segs = []string{"home"}
	}
	last := len(segs) - 1
	segs[last] = numbered(segs[last], n)
	tmpl := p.PageLeaf
	if hasChildren {
		tmpl = p.PageBranch
	}
	reserved = strings.HasSuffix(tmpl, "{path}.md") && p.isIndexStem(segs[last])
	return path.Join(p.pageDir(), expandPath(tmpl, strings.Join(segs, "/"))), reserved
}

// pageDir is the folder pages go under.
func (p *Preset) pageDir() string {
	if p.PageDir != "" {
		return p.PageDir
	}
	return p.ContentDir
}

func expandPath(tmpl, p string) string {
	return strings.TrimPrefix(strings.ReplaceAll(tmpl, "{path}", p), "/")
}

func (p *Preset) isIndexStem(stem string) bool {
	for _, s := range p.IndexStems {
		if strings.EqualFold(stem, s) {
			return true
		}
	}
	return false
}

// numbered appends "-n" for n > 1, keeping the name within MaxNameBytes.
func numbered(stem string, n int) string {
	if n <= 1 {
		return stem
	}
	suffix := "-" + strconv.Itoa(n)
	return capBytes(stem, MaxNameBytes-len(suffix)) + suffix
}

// postStem is a post's file name without ".md": its slug, else the last
// segment of its legacy URL, else its ID, else a name derived from its URL.
func postStem(post *transform.Head) string {
	if s := SafeSlug(post.Slug); s != "" {
		return s
	}
	if segs := urlSegments(post.SourceURL); len(segs) > 0 {
		return segs[len(segs)-1]
	}
	return idStem(post)
}

func idStem(post *transform.Head) string {
	if post.ID > 0 {
		return strconv.Itoa(post.ID)
	}
	sum := sha256.Sum256([]byte(post.SourceURL))
	return "untitled-" + hex.EncodeToString(sum[:4])
}

// pageSegments is a page's legacy path as sanitised segments:
// "/about/our-team/" → ["about", "our-team"]. The home page has none; a
// page known only by a query ("/?page_id=7") gets its slug or ID.
func pageSegments(post *transform.Head) []string {
	u, err := url.Parse(post.SourceURL)
	if err == nil && wpQuery(u) {
		// "/blog/?page_id=7" on a site in a folder: the path is the
		// site's, not the page's.
		return []string{slugOr(post.Slug, idStem(post))}
	}
	segs := urlSegments(post.SourceURL)
	if len(segs) > 0 {
		return segs
	}
	if err == nil && u.RawQuery == "" {
		return nil
	}
	return []string{slugOr(post.Slug, idStem(post))}
}

// pageTree gives each page its segments: a page known only by a query
// link ("/?page_id=4") is placed under its parent page (Head.Parent), as
// WordPress's pretty permalink would have it ("/about/team/"); a page
// whose link has a path has its parents in it already. The first of two
// pages sharing an ID (in the order given) is the parent.
func pageTree(posts []*transform.Head) func(*transform.Head) []string {
	byID := map[int]*transform.Head{}
	for _, post := range posts {
		if _, dup := byID[post.ID]; post.Kind == KindPage && post.ID > 0 && !dup {
			byID[post.ID] = post
		}
	}
	memo := map[*transform.Head][]string{}
	visiting := map[*transform.Head]bool{}
	var segs func(post *transform.Head) []string
	segs = func(post *transform.Head) []string {
		if s, ok := memo[post]; ok {
			return s
		}
		own := pageSegments(post)
		visiting[post] = true
		// A loop of parents (a damaged export) ends where it closes.
		if u, err := url.Parse(post.SourceURL); err == nil && wpQuery(u) && post.Parent > 0 {
			if parent := byID[post.Parent]; parent != nil && !visiting[parent] {
				own = append(slices.Clone(segs(parent)), own...)
			}
		}
		delete(visiting, post)
		memo[post] = own
		return own
	}
	return segs
}

// wpQuery reports whether a URL names its post by a WordPress query
// (?p=12, ?page_id=7): its path is then the site's folder.
func wpQuery(u *url.URL) bool {
	q := u.Query()
	return q.Get("p") != "" || q.Get("page_id") != ""
}

// urlSegments splits a URL's path into sanitised segments, dropping a
// trailing index file and a ".html" or ".php" extension.
func urlSegments(raw string) []string {
	u, err := url.Parse(raw)
	if err != nil {
		return nil
	}
	var segs []string
	for s := range strings.SplitSeq(u.EscapedPath(), "/") {
		if s = SafeSlug(s); s != "" {
			segs = append(segs, s)
		}
	}
	if len(segs) == 0 {
		return nil
	}
	last := segs[len(segs)-1]
	switch ext := path.Ext(last); strings.ToLower(ext) {
	case ".html", ".htm", ".php":
		stem := strings.TrimSuffix(last, ext)
		if strings.EqualFold(stem, "index") || SafeSlug(stem) == "" {
			segs = segs[:len(segs)-1]
		} else {
			segs[len(segs)-1] = SafeSlug(stem)
		}
	}
	return segs
}

// URLFor returns the site path a generator serves a file at:
// "src/pages/blog/x.md" → "/blog/x/", "content/about/_index.md" →
// "/about/". Use it to rewrite links between migrated posts.
func (p *Preset) URLFor(rel string) string {
	if u, ok := p.patternURL(rel); ok {
		return u
	}
	dir := p.ContentDir
	if p.PageDir != "" && strings.HasPrefix(rel, p.PageDir+"/") {
		dir = p.PageDir
	}
	r := strings.TrimSuffix(strings.TrimPrefix(rel, dir+"/"), ".md")
	if dir, base := path.Split(r); p.isIndexStem(base) {
		r = dir
	}
	r = strings.Trim(r, "/")
	if r == "" {
		return "/"
	}
	return "/" + r + "/"
}

// MediaPath returns where the file at u goes, relative to the output root
// (file), and how Markdown refers to it (ref): the host and the file's
// base name, as the Decap starter names them:
// https://legacy.example.org/wp-content/uploads/2022/03/legion-featured.jpg
// → static/img/legacy.example.org-legion-featured.jpg,
// /img/legacy.example.org-legion-featured.jpg.
//
// Two URLs with the same host and base name get the same answer; PlanMedia
// numbers them apart.
func (p *Preset) MediaPath(u *url.URL) (file, ref string) {
	return p.mediaPathN(u, 1)
}

func (p *Preset) mediaPathN(u *url.URL, n int) (file, ref string) {
	name := mediaName(u, n)
	return path.Join(p.MediaDir, name), path.Join(p.MediaURL, name)
}

func mediaName(u *url.URL, n int) string {
	// Split off the extension before sanitising, so that capping a long
	// name keeps it.
	raw := percentDecode(path.Base(u.EscapedPath()))
	ext := path.Ext(raw)
	stem := SafeSlug(strings.TrimSuffix(raw, ext))
	if ext = SafeSlug(ext); ext != "" && len(ext) <= 16 {
		ext = "." + ext
	} else {
		ext = ""
	}
	if stem == "" {
		sum := sha256.Sum256([]byte(u.String()))
		stem = hex.EncodeToString(sum[:6])
	}
	if host := SafeSlug(strings.ToLower(u.Hostname())); host != "" {
		stem = host + "-" + stem
	}
	suffix := ""
	if n > 1 {
		suffix = "-" + strconv.Itoa(n)
	}
	return SafeSlug(capBytes(stem, MaxNameBytes-len(suffix)-len(ext)) + suffix + ext)
}

// legacyPath is the decoded path of a legacy URL ("/2022/03/11/slug/"), or
// "" when it has none worth redirecting (the home page, "?p=12").
func legacyPath(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Path == "" || u.Path == "/" || wpQuery(u) {
		// "/blog/?p=12" is not "/blog/", the blog's own root.
		return ""
	}
	return u.Path
}

// sameURLPath compares site paths, ignoring a trailing slash.
func sameURLPath(a, b string) bool {
	return strings.TrimSuffix(a, "/") == strings.TrimSuffix(b, "/")
}
