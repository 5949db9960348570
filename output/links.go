package output

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"sync"

	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/transform"
)

// Links is the link plan of a migration: where every post and media file
// of the legacy site goes in the new one. Bodies are rendered through its
// mapper, so that a body is final when it is rendered.
type Links struct {
	host     string
	links    map[string]string // normalised legacy URL -> new site path
	media    map[string]MediaTarget
	local    map[string]bool   // media URLs the source can provide
	fallback map[string]string // original upload -> the resized variant a page used
	// Collisions are media files two URLs would share.
	Collisions []Collision
}

// PlanLinks plans every post's links and media: posts go to their planned
// paths (Plan), media the source has (hasMedia) to the preset's media
// folder. A featured image is planned as its full-size upload when the
// source has it, with the variant the page showed to fall back on (the
// post's Image is set to the original). Errors reading a post's media
// candidates go to problem; that post keeps its media's legacy URLs.
func PlanLinks(posts []*transform.Post, paths map[*transform.Post]string, preset *Preset, host string, hasMedia func(string) bool, problem func(error)) *Links {
	l := &Links{host: host, links: map[string]string{}, local: map[string]bool{}, fallback: map[string]string{}}
	var candidates []string
	for _, p := range posts {
		target := preset.URLFor(paths[p])
		l.links[transform.NormURL(p.SourceURL)] = target
		for i := 2; i <= p.Pages; i++ {
			l.links[transform.NormURL(fmt.Sprintf("%s%d/", p.SourceURL, i))] = target
		}
		list, err := p.MediaCandidates()
		if err != nil {
			problem(err)
		}
		list = slices.Clone(list)
		if p.Image != "" {
			if orig := transform.Original(p.Image); orig != p.Image && hasMedia(orig) {
				l.fallback[orig] = p.Image
				list = append(list, p.Image)
				p.Image = orig
			}
			list = append(list, p.Image)
		}
		for _, m := range list {
			if hasMedia(m) {
				l.local[m] = true
				candidates = append(candidates, m)
			}
		}
	}
	l.media, l.Collisions = PlanMedia(candidates, preset)
	return l
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

// Fallback is the resized variant a page showed of a featured image
// planned as its original.
func (l *Links) Fallback(abs string) (string, bool) {
	v, ok := l.fallback[abs]
	return v, ok
}

// Mapper is the URL rewriting a body is rendered with: a media file that
// has (copy tells) its copy in the output becomes its new reference, a link
// to a migrated post its new URL; everything else stays absolute, so that
// a body is final when rendered.
func (l *Links) Mapper(copied func(abs string) bool) func(string) string {
	return func(abs string) string {
		if ref, ok := l.MediaRef(abs); ok {
			if copied(abs) {
				return ref
			}
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

// OnSite reports whether raw is a URL of the legacy site.
func (l *Links) OnSite(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && scrape.SameHost(u.Host, l.host)
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
	done    sync.Map // URL -> *mediaResult
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
	r.once.Do(func() { r.ok = m.copyOnce(ctx, u) })
	return r.ok
}

func (m *MediaCopier) copyOnce(ctx context.Context, u string) bool {
	target, planned := m.Links.MediaTarget(u)
	if !planned {
		m.Missing(u)
		return false
	}
	pu, _ := url.Parse(u)
	file, err := m.Source.MediaFile(ctx, pu)
	var res Result
	if err == nil {
		res, err = m.Writer.CopyFile(target.File, file)
	}
	if err != nil {
		m.Problem("%s: copy media: %v", u, err)
		m.Report.AddMedia(MediaEntry{URL: u, Output: target.File, Status: MediaFailed, Reason: err.Error()})
		return false
	}
	m.Report.AddMedia(MediaEntry{URL: u, Output: target.File, Status: MediaCopied, Write: res})
	return true
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
