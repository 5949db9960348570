package output

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"sync"

	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/extract"
	"github.com/unpress/unpress/transform"
	"github.com/unpress/unpress/transform/markdown"
)

// The write side of a migration: the posts a transform.Read resolved,
// planned to their paths, rendered with their links and media rewritten
// and written, with the report of every page. With transform.ReadSite it
// is a whole migration.

// WriteOptions tune WriteSite.
type WriteOptions struct {
	Out    string
	Preset *Preset
	// Force overwrites files edited by hand; DryRun writes nothing (the
	// writer keeps what it would have written).
	Force, DryRun bool
	// Workers render and write posts at once (at least one).
	Workers int
	// Locked says the caller holds the output's lock (Lock), as Migrate
	// does.
	Locked bool
	// AllowActiveMedia copies uploads with active content (HTML, scripts,
	// SVGs with scripts), which are otherwise left on the old site.
	AllowActiveMedia bool
	// Problem reports one failure as it happens; nil says nothing.
	Problem func(format string, args ...any)
	// OnWritten, when set, is called for each post written, with its file
	// and its media files (the re-sync manifest learns them).
	OnWritten func(w *Writer, p *transform.Post, files []string)
	// OnFile, when set, is called with each post's origin and the file
	// planned for it, from several workers at once.
	OnFile func(origin, rel string)
	// Progress, when set, is told the counts as the migration goes.
	Progress Progress
}

// Progress receives a migration's counts as it goes, for a display (the
// command line draws them): pages extracted ("extract"), posts written
// ("write", with their total first), media files copied ("media"). It is
// called from several goroutines.
type Progress interface {
	Total(phase string, n int)
	Add(phase string, n int)
}

// noProgress is the Progress of a caller that wants none.
type noProgress struct{}

func (noProgress) Total(string, int) {}
func (noProgress) Add(string, int)   {}

// WriteSite writes the posts of r read from src. It returns the writer,
// still open (a re-sync settles the files of sources gone before it is
// closed), and the report; on an error the writer is closed and the
// report is nil.
func WriteSite(ctx context.Context, src scrape.Site, r *transform.Read, opts WriteOptions) (_ *Writer, _ *Report, err error) {
	if opts.Problem == nil {
		opts.Problem = func(string, ...any) {}
	}
	if opts.Progress == nil {
		opts.Progress = noProgress{}
	}
	rep := &Report{Preset: opts.Preset.Name}
	defer func() {
		if err != nil {
			rep.Close()
		}
	}()
	for _, f := range r.Failed {
		opts.Problem("%v", f)
		rep.Add(Entry{SourceURL: f.URL, Origin: f.Origin, Kind: string(extract.KindUnknown), Status: StatusFailed, Reason: f.Error()})
	}
	for _, s := range r.Skipped {
		rep.Add(Entry{SourceURL: s.URL, Origin: s.Origin, Kind: string(s.Kind), Type: s.Type, Status: StatusSkipped, Reason: s.Reason})
	}
	if rs, ok := src.(scrape.Redirector); ok {
		addAliases(r.Posts.Heads(), rs.Redirects())
	}
	paths, collisions := Plan(r.Posts.Heads(), opts.Preset)
	rep.AddCollisions(collisions)
	rep.SetRedirects(opts.Preset.redirectPairs(paths))
	hasMedia := func(raw string) bool {
		u, err := url.Parse(raw)
		return err == nil && src.HasMedia(u)
	}
	links := PlanLinks(r.Posts, paths, opts.Preset, src.Base().Host, hasMedia, func(err error) { opts.Problem("%v", err) })
	rep.AddCollisions(links.Collisions)
	if uh, ok := src.(scrape.UploadHoster); ok {
		links.uploads = uh.UploadHosts()
	}
	w, err := NewWriter(opts.Out, WriterOptions{Force: opts.Force, DryRun: opts.DryRun, Locked: opts.Locked})
	if err != nil {
		return nil, nil, err
	}
	media := &MediaCopier{Links: links, Writer: w, Report: rep, Source: src, Problem: opts.Problem, AllowActive: opts.AllowActiveMedia, Progress: opts.Progress}
	// A body is final when rendered: a media file is referred to by its
	// new path only once its copy is in the output.
	conv, err := markdown.New(markdown.Options{RewriteURL: links.Mapper(func(u string) bool { return media.Copy(ctx, u) }), Embed: opts.Preset.Embed, More: opts.Preset.More})
	if err != nil {
		w.Close()
		return nil, nil, err
	}
	ps := &postWriter{opts: opts, conv: conv, media: media, w: w}
	opts.Progress.Total("write", r.Posts.Len())
	if err := ps.writeAll(ctx, r.Posts, paths, rep); err != nil {
		w.Close()
		return nil, nil, err
	}
	if rel, data := opts.Preset.Redirects(paths); rel != "" {
		res, err := w.Write(rel, data)
		if err != nil {
			w.Close()
			return nil, nil, fmt.Errorf("redirects: %w", err)
		}
		rep.AddFile(res)
	}
	return w, rep, nil
}

// addAliases gives each post the legacy URLs that redirected to it (old
// URL -> the URL it ends at, as a crawl saw them).
func addAliases(posts []*transform.Head, redirects map[string]string) {
	byURL := map[string]*transform.Head{}
	for _, p := range posts {
		byURL[transform.NormURL(p.SourceURL)] = p
	}
	olds := make([]string, 0, len(redirects))
	for old := range redirects {
		olds = append(olds, old)
	}
	slices.Sort(olds)
	for _, old := range olds {
		p := byURL[transform.NormURL(redirects[old])]
		u, err := url.Parse(old)
		if p == nil || err != nil || transform.NormURL(old) == transform.NormURL(p.SourceURL) {
			continue
		}
		if alias := u.RequestURI(); !slices.Contains(p.Aliases, alias) {
			p.Aliases = append(p.Aliases, alias)
		}
	}
}

// postWriter renders and writes posts.
type postWriter struct {
	opts  WriteOptions
	conv  *markdown.Converter
	media *MediaCopier
	w     *Writer
}

// writeAll converts, renders and writes every post with a pool of
// workers, one post at a time from body to file, and drops each body once
// written: memory holds the posts in flight, not the site's Markdown.
func (pw *postWriter) writeAll(ctx context.Context, posts *transform.Posts, paths map[*transform.Head]string, rep *Report) error {
	work := make(chan int)
	var wg sync.WaitGroup
	for range max(1, pw.opts.Workers) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				h := posts.Head(i)
				rel := paths[h]
				rep.Add(pw.write(ctx, posts, i, rel))
				pw.opts.Progress.Add("write", 1)
				if pw.opts.OnFile != nil {
					pw.opts.OnFile(h.Origin, rel)
				}
			}
		}()
	}
	var err error
	for i := range posts.Len() {
		if err = ctx.Err(); err != nil {
			break
		}
		work <- i
	}
	close(work)
	wg.Wait()
	return err
}

// write takes one post from its spooled body to its file.
func (pw *postWriter) write(ctx context.Context, posts *transform.Posts, i int, rel string) Entry {
	media := pw.media
	post, err := posts.Render(i, pw.conv)
	if err != nil {
		post.Warnings = append(post.Warnings, err.Error())
	}
	p := &post
	// Rendering copied the media the body uses (Links.Mapper); a file
	// that could not be copied kept its original URL in the body.
	var files []string // its file and its media, for the manifest
	copyMedia := func(u string) bool { return media.Copy(ctx, u) }
	for _, m := range p.Media {
		if target, ok := media.Links.Resolve(m, copyMedia); ok {
			files = append(files, target.File)
		} else if media.kept(m) {
			p.Warnings = append(p.Warnings, "media "+m+" could not be copied: the original URL is kept")
		}
	}
	// The report keeps the legacy URL of the featured image; the file
	// gets its copy's path, or the legacy URL too when there is no copy:
	// a local path would name a file that is not there.
	entry := NewEntry(p)
	entry.Origin = p.Origin
	if p.Image != "" {
		if target, ok := media.Links.Resolve(p.Image, copyMedia); ok {
			files = append(files, target.File)
			p.Image = target.Ref
		} else {
			media.kept(p.Image)
			entry.Warnings = append(entry.Warnings, "featured image "+p.Image+" could not be copied: the original URL is kept")
		}
	}
	data, err := pw.opts.Preset.RenderAt(rel, p, p.Body)
	if err == nil {
		entry.Write, err = pw.w.Write(rel, data)
	}
	switch {
	case err != nil:
		perr := &scrape.PageError{URL: p.SourceURL, Origin: p.Origin, Stage: scrape.StageWrite, Err: err}
		pw.opts.Problem("%v", perr)
		entry.Status, entry.Reason = StatusFailed, perr.Error()
	case entry.Write == Conflict:
		switch detail := pw.w.ConflictDetail(rel); detail {
		case notOurs:
			pw.opts.Problem("%s: %s was not written by unpress: left alone, new version in %s%s", p.SourceURL, rel, rel, ConflictSuffix)
		case noBase:
			pw.opts.Problem("%s: %s was edited by hand since unpress wrote it: left alone, new version in %s%s", p.SourceURL, rel, rel, ConflictSuffix)
		default:
			pw.opts.Problem("%s: %s was edited by hand and its source changed too (%s): left alone, the merge with conflict markers is in %s%s (merge it into %s, then delete it)", p.SourceURL, rel, detail, rel, ConflictSuffix, rel)
		}
		entry.Status, entry.Output = StatusWritten, rel
	default:
		if entry.Write == Overwritten {
			pw.opts.Problem("%s: %s had been edited by hand: overwritten (--force)", p.SourceURL, rel)
		}
		entry.Status, entry.Output = StatusWritten, rel
	}
	if entry.Status == StatusWritten && pw.opts.OnWritten != nil {
		pw.opts.OnWritten(pw.w, p, append(files, rel))
	}
	return entry
}
