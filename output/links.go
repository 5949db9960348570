package output

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/transform"
)

// Links is the link plan of a migration: where every post and media file
// of the legacy site goes in the new one. Bodies are rendered through its
// mapper, so that a body is final when it is rendered.
type Links struct {
	host     string
	uploads  []string          // other hosts the legacy site's uploads are served from
	links    map[string]string // normalised legacy URL -> new site path
	media    map[string]MediaTarget
	local    map[string]bool   // media URLs the source can provide
	fallback map[string]string // original upload -> its largest resized variant the source has
	// Collisions are media files two URLs would share.
	Collisions []Collision
}

// PlanLinks plans every post's links and media: posts go to their planned
// paths (Plan), media the source has (hasMedia) to the preset's media
// folder. A featured image is planned as its full-size upload when the
// source has it (the post's Image is set to the original). An original
// falls back on the largest resized variant of it the source has (Resolve).
// Errors reading a post's media candidates go to problem; that post keeps
// its media's legacy URLs.
func PlanLinks(posts *transform.Posts, paths map[*transform.Head]string, preset *Preset, host string, hasMedia func(string) bool, problem func(error)) *Links {
	l := &Links{host: host, links: map[string]string{}, local: map[string]bool{}, fallback: map[string]string{}}
	var candidates []string
	for i := range posts.Len() {
		p := posts.Head(i)
		target := preset.URLFor(paths[p])
		l.links[transform.NormURL(p.SourceURL)] = target
		for i := 2; i <= p.Pages; i++ {
			l.links[transform.NormURL(fmt.Sprintf("%s%d/", p.SourceURL, i))] = target
		}
		list, err := posts.MediaCandidates(i)
		if err != nil {
			problem(err)
		}
		list = slices.Clone(list)
		if p.Image != "" {
			if orig := transform.Original(p.Image); orig != p.Image && hasMedia(orig) {
				list = append(list, p.Image)
				p.Image = orig
			}
			list = append(list, p.Image)
		}
		for _, m := range list {
			if hasMedia(m) {
				l.local[m] = true
				candidates = append(candidates, m)
				l.addVariant(m)
			}
		}
	}
	l.media, l.Collisions = PlanMedia(candidates, preset)
	return l
}

// addVariant notes m as a fallback for its original when it is a resized
// variant: the widest, then the first by URL, so that the choice does not
// depend on the order of the posts.
func (l *Links) addVariant(m string) {
	orig := transform.Original(m)
	if orig == m {
		return
	}
	if cur, ok := l.fallback[orig]; ok {
		if w, cw := transform.VariantWidth(m), transform.VariantWidth(cur); w < cw || w == cw && m >= cur {
			return
		}
	}
	l.fallback[orig] = m
}

// MediaRef is the new site's reference for a media URL the source has.
func (l *Links) MediaRef(abs string) (string, bool) {
	if !l.local[abs] {
		return "", false
	}
	t, ok := l.media[abs]
	return t.Ref, ok
}

// MediaTarget is where a media URL the source has goes.
func (l *Links) MediaTarget(abs string) (MediaTarget, bool) {
	t, ok := l.media[abs]
	return t, ok && l.local[abs]
}

// Resolve is what a post refers to the media at abs by: its copy in the
// output when copy can make it, else the copy of the largest resized
// variant of it the source has (an original the source lacks or could not
// give, where a page showed a smaller size). ok is false when neither can
// be had: the post keeps abs, on the old site.
func (l *Links) Resolve(abs string, copy func(abs string) bool) (_ MediaTarget, ok bool) {
	if t, ok := l.MediaTarget(abs); ok && copy(abs) {
		return t, true
	}
	if v, ok := l.fallback[abs]; ok && copy(v) {
		return l.MediaTarget(v)
	}
	return MediaTarget{}, false
}

// Mapper is the URL rewriting a body is rendered with: a media file that
// has (copy tells) its copy in the output becomes its new reference
// (Resolve), a link to a migrated post its new URL; everything else stays
// absolute, so that a body is final when rendered.
func (l *Links) Mapper(copied func(abs string) bool) func(string) string {
	return func(abs string) string {
		if t, ok := l.Resolve(abs, copied); ok {
			return t.Ref
		}
		if _, ok := l.MediaRef(abs); ok {
			return abs
		}
		u, err := url.Parse(abs)
		if err != nil || !scrape.SameHost(u.Host, l.host) {
			return abs
		}
		if target, ok := l.links[transform.NormURL(abs)]; ok {
			if u.Fragment != "" {
				target += "#" + u.Fragment
			}
			return target
		}
		return abs
	}
}

// OnSite reports whether raw is a URL of the legacy site: on its host or
// on a host its uploads are served from (scrape.UploadHoster).
func (l *Links) OnSite(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	return scrape.SameHost(u.Host, l.host) || slices.ContainsFunc(l.uploads, func(h string) bool { return scrape.SameHost(u.Host, h) })
}

// MediaFetcher gives a local file with the bytes of a media URL, fetching
// it when the source is remote.
type MediaFetcher interface {
	MediaFile(ctx context.Context, u *url.URL) (string, error)
}

// MediaCopier copies each media file the posts use into the output once,
// the first time a post needs it, and remembers whether it could.
type MediaCopier struct {
	Links   *Links
	Writer  *Writer
	Report  *Report
	Source  MediaFetcher
	Problem func(format string, args ...any)
	// AllowActive copies uploads with active content too (see active).
	AllowActive bool
	// Progress counts each file copied; nil counts nothing.
	Progress Progress
	done     sync.Map // URL -> *mediaResult
}

type mediaResult struct {
	once sync.Once
	ok   bool
}

// Copy makes sure the media at u is in the output; false when it could
// not be had (then the original URL stays in the post).
func (m *MediaCopier) Copy(ctx context.Context, u string) bool {
	v, _ := m.done.LoadOrStore(u, &mediaResult{})
	r := v.(*mediaResult)
	r.once.Do(func() {
		if r.ok = m.copyOnce(ctx, u); r.ok && m.Progress != nil {
			m.Progress.Add("media", 1)
		}
	})
	return r.ok
}

func (m *MediaCopier) copyOnce(ctx context.Context, u string) bool {
	target, planned := m.Links.MediaTarget(u)
	if !planned {
		m.Missing(u)
		return false
	}
	pu, _ := url.Parse(u)
	if !m.AllowActive && activeName(pu.Path) {
		m.keepActive(u, target.File)
		return false
	}
	file, err := m.Source.MediaFile(ctx, pu)
	if err == nil && !m.AllowActive && activeFile(pu.Path, file) {
		m.keepActive(u, target.File)
		return false
	}
	var res Result
	if err == nil {
		res, err = m.Writer.CopyFile(target.File, file)
	}
	if err != nil {
		if m.Writer.HasEarlierCopy(target.File) {
			// A 503 or an expired cache tonight: the copy an earlier run
			// made stays, and the post keeps pointing at it.
			m.Problem("%s: copy media: %v: the copy an earlier run made is kept", u, err)
			m.Report.AddMedia(MediaEntry{URL: u, Output: target.File, Status: MediaFailed, Reason: err.Error() + "; the earlier copy is kept"})
			return true
		}
		if errors.Is(err, fs.ErrNotExist) {
			// A 404 is a broken link of the legacy site's, not a failure
			// of this run's: the run's exit code does not count it.
			m.Missing(u)
			return false
		}
		m.Problem("%s: copy media: %v", u, err)
		m.Report.AddMedia(MediaEntry{URL: u, Output: target.File, Status: MediaFailed, Reason: err.Error()})
		return false
	}
	m.Report.AddMedia(MediaEntry{URL: u, Output: target.File, Status: MediaCopied, Write: res})
	return true
}

// keepActive reports an upload with active content, left on the old site.
func (m *MediaCopier) keepActive(u, file string) {
	m.Problem("%s: active content (it would run as the new site's own page): not copied, the post links to it on the old site (--allow-active-media copies it)", u)
	m.Report.AddMedia(MediaEntry{URL: u, Output: file, Status: MediaActive, Reason: "active content: not copied (--allow-active-media copies it)"})
}

// activeName reports uploads that are active content by their name: HTML
// and scripts, which a browser runs with the new site's origin (where a
// CMS's admin lives).
func activeName(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".html", ".htm", ".xhtml", ".shtml", ".js", ".mjs", ".php", ".svgz":
		return true
	}
	return false
}

// activeFile reports an SVG whose bytes hold a script or an event
// handler; other pictures are inert.
func activeFile(p, file string) bool {
	if strings.ToLower(path.Ext(p)) != ".svg" {
		return false
	}
	f, err := os.Open(file)
	if err != nil {
		return false
	}
	defer f.Close()
	data, _ := io.ReadAll(io.LimitReader(f, 4<<20))
	low := bytes.ToLower(data)
	return bytes.Contains(low, []byte("<script")) || svgHandler.Match(low) || bytes.Contains(low, []byte("javascript:")) || bytes.Contains(low, []byte("<foreignobject"))
}

// svgHandler matches an event-handler attribute (onload=, onclick=).
var svgHandler = regexp.MustCompile(`\son[a-z]+\s*=`)

// kept notes a media URL a post keeps on the old site: one of the legacy
// site's is hot-linked, one the source has no copy of is reported
// (Missing); true when the source had one but it could not be copied.
func (m *MediaCopier) kept(u string) bool {
	if m.Links.OnSite(u) {
		m.Report.AddHotlinked(u)
	}
	if _, planned := m.Links.MediaTarget(u); planned {
		return true
	}
	m.Missing(u)
	return false
}

// Missing reports, once, a media URL of the legacy site the source has no
// copy of.
func (m *MediaCopier) Missing(u string) {
	if !m.Links.OnSite(u) {
		return
	}
	if _, seen := m.done.LoadOrStore("missing:"+u, true); !seen {
		m.Report.AddMedia(MediaEntry{URL: u, Status: MediaMissing, Reason: "not in the source: the original URL is kept"})
	}
}
