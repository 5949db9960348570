package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/unpress/unpress/output"
	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/atomicfile"
	"github.com/unpress/unpress/scrape/crawl"
	"github.com/unpress/unpress/scrape/extract"
	"github.com/unpress/unpress/transform"
	"github.com/unpress/unpress/transform/markdown"
)

// migrateOptions are the migrate command's settings after flags and the
// config file are merged.
type migrateOptions struct {
	dryRun, stat                                     bool
	from, out, preset, baseURL, configPath, timezone string
	force, quiet                                     bool
	prune, offline                                   bool
	workers                                          int
	source                                           sourceOptions
}

func cmdMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("migrate", "unpress migrate --from DIR --out DIR [flags]", stderr)
	var o migrateOptions
	fs.StringVar(&o.from, "from", "", "the legacy `site`: a mirror folder of saved pages, its http(s) URL to crawl, or a WordPress export (.xml)")
	fs.StringVar(&o.out, "out", "", "output `folder` (created if missing)")
	fs.StringVar(&o.preset, "preset", "", "output layout: decap, hugo, jekyll, astro or eleventy (default decap)")
	fs.StringVar(&o.baseURL, "base-url", "", "the legacy site's `URL`, when the pages do not say it (canonical links)")
	fs.StringVar(&o.configPath, "config", "", "per-site rules `file` (YAML)")
	fs.StringVar(&o.timezone, "timezone", "", "the site's time `zone` (e.g. Europe/Kyiv); inferred from the pages when empty")
	fs.BoolVar(&o.force, "force", false, "overwrite files edited by hand since unpress wrote them (each is named)")
	fs.BoolVar(&o.quiet, "quiet", false, "print nothing but errors")
	fs.IntVar(&o.workers, "workers", runtime.GOMAXPROCS(0), "pages processed in parallel")
	fs.BoolVar(&o.dryRun, "dry-run", false, "write nothing: print a unified diff of every file that would change, exit 2 if any would")
	fs.BoolVar(&o.stat, "stat", false, "with --dry-run, print only the summary of changes")
	fs.BoolVar(&o.prune, "prune", false, "delete the files of sources gone from the legacy site, unless edited by hand")
	fs.BoolVar(&o.offline, "offline", false, "crawl: send no request, read every page from the cache (re-render after changing rules)")
	addSourceFlags(fs, &o.source)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return exitError, err
	}
	if len(pos) > 0 {
		return exitError, fmt.Errorf("migrate: unexpected argument %q", pos[0])
	}
	if o.from == "" || o.out == "" {
		fs.Usage()
		return exitError, errors.New("migrate: --from and --out are required")
	}
	if o.offline && !scrape.IsWebURL(o.from) {
		return exitError, errors.New("migrate: --offline re-reads a crawl's cache: --from must be the site's http(s) URL")
	}
	cfg, err := loadConfig(o.configPath)
	if err != nil {
		return exitError, err
	}
	job, err := newJob(ctx, o, cfg, stderr)
	if err != nil {
		return exitError, err
	}
	job.errs = stderr
	checkTempDir(stderr)
	rep, err := job.run(ctx)
	if err != nil {
		return exitError, err
	}
	defer rep.Close()
	if o.dryRun {
		return job.printChanges(stdout, stderr)
	}
	if !o.quiet {
		rep.Summary(stderr)
	}
	if t := rep.Totals(); t.Failed > 0 || t.WriteConflicts > 0 {
		return exitPageErrors, nil
	}
	return exitOK, nil
}

// job is one migration: its source, rules and destination.
type job struct {
	opts    migrateOptions
	src     scrape.Site
	ex      *extract.Extractor
	site    transform.Options
	preset  *output.Preset
	workers int
	// errs receives one line per page that failed or file left alone, as
	// it happens; the summary comes at the end.
	errs io.Writer
	// dryRun is a dry run's writer, closed, holding what it would have
	// written until printChanges has printed it.
	dryRun *output.Writer
	// written maps each source page (its origin) to the file written for
	// it, when not nil: only fixture diffs read it, and a big site's map
	// is megabytes.
	written map[string]string
	// sources is what the manifest learns about each source (resync.go).
	sources sourceLog
	// gone are the sources of an earlier run that produce no files now,
	// and the files no source writes any more; newlyGone counts the
	// sources first found gone by this run.
	gone      []output.GoneEntry
	newlyGone int
}

func newJob(ctx context.Context, o migrateOptions, cfg *Config, stderr io.Writer) (*job, error) {
	j := &job{opts: o, workers: max(1, o.workers)}
	var err error
	base := firstNonEmpty(o.baseURL, cfg.BaseURL)
	var baseURL *url.URL
	if base != "" {
		if baseURL, err = url.Parse(base); err != nil || baseURL.Host == "" {
			return nil, fmt.Errorf("--base-url %q is not an absolute URL", base)
		}
		if !strings.HasSuffix(baseURL.Path, "/") {
			baseURL.Path += "/"
		}
	}
	if j.src, err = openSource(ctx, o.from, baseURL, o.source, cfg, stderr); err != nil {
		return nil, err
	}
	if j.ex, err = extract.New(cfg.Selectors.extractOptions()); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	if j.preset, err = buildPreset(firstNonEmpty(o.preset, cfg.Preset, "decap"), cfg); err != nil {
		return nil, err
	}
	j.site = siteOptions(cfg)
	j.site.Workers = j.workers
	if j.site.Include, err = o.source.statuses(); err != nil {
		return nil, err
	}
	if tz := firstNonEmpty(o.timezone, cfg.Timezone); tz != "" {
		if j.site.Timezone, err = time.LoadLocation(tz); err != nil {
			return nil, fmt.Errorf("--timezone: %w", err)
		}
	}
	return j, nil
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// resolve reads, extracts and resolves every page of the source.
func (j *job) resolve(ctx context.Context) (*transform.Read, error) {
	opts := transform.ReadOptions{Site: j.site, OnPage: j.sources.note}
	opts.Site.Workers = j.workers
	return transform.ReadSite(ctx, j.src, j.ex, opts)
}

// run is the whole migration: read and resolve, plan the files, convert
// the bodies with links and media rewritten, write, report.
func (j *job) run(ctx context.Context) (_ *output.Report, err error) {
	if err := j.recheck(); err != nil {
		return nil, err
	}
	r, err := j.resolve(ctx)
	if err != nil {
		return nil, err
	}
	defer r.Site.Close()
	defer closeSource(j.src)
	rep := &output.Report{Preset: j.preset.Name}
	defer func() {
		if err != nil {
			rep.Close() // the caller gets no report to close
		}
	}()
	for _, f := range r.Failed {
		j.problem("%v", f)
		rep.Add(output.Entry{SourceURL: f.URL, Origin: f.Origin, Kind: string(extract.KindUnknown), Status: output.StatusFailed, Reason: f.Error()})
	}
	for _, s := range r.Skipped {
		rep.Add(output.Entry{SourceURL: s.URL, Origin: s.Origin, Kind: string(s.Kind), Status: output.StatusSkipped, Reason: s.Reason})
	}
	j.addAliases(r.Posts)
	paths, collisions := output.Plan(r.Posts, j.preset)
	rep.AddCollisions(collisions)

	links := output.PlanLinks(r.Posts, paths, j.preset, j.src.Base().Host, j.hasMedia, func(err error) { j.problem("%v", err) })
	rep.AddCollisions(links.Collisions)
	w, err := output.NewWriter(j.opts.out, output.WriterOptions{Force: j.opts.force, DryRun: j.opts.dryRun})
	if err != nil {
		return nil, err
	}
	media := &output.MediaCopier{Links: links, Writer: w, Report: rep, Source: j.src, Problem: j.problem}
	// A body is final when rendered: a media file is referred to by its
	// new path only once its copy is in the output.
	conv, err := markdown.New(markdown.Options{RewriteURL: links.Mapper(func(u string) bool { return media.Copy(ctx, u) }), Embed: j.preset.Embed})
	if err != nil {
		w.Close()
		return nil, err
	}
	if err := j.writePosts(ctx, r.Posts, paths, conv, media, w, rep); err != nil {
		w.Close()
		return nil, err
	}
	if rel, data := j.preset.Redirects(paths); rel != "" {
		if _, err := w.Write(rel, data); err != nil {
			w.Close()
			return nil, fmt.Errorf("redirects: %w", err)
		}
	}
	if err := j.settle(w, r, rep); err != nil {
		w.Close()
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	if j.opts.dryRun {
		j.dryRun = w
		return rep, nil
	}
	return rep, writeReport(j.opts.out, rep)
}

// writePosts converts, renders and writes every post with a pool of
// workers, one post at a time from body to file, and drops each body once
// written: memory holds the posts in flight, not the site's Markdown.
func (j *job) writePosts(ctx context.Context, posts []*transform.Post, paths map[*transform.Post]string, conv transform.BodyConverter, media *output.MediaCopier, w *output.Writer, rep *output.Report) error {
	work := make(chan *transform.Post)
	var wg sync.WaitGroup
	var mu sync.Mutex // guards j.written
	for range j.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range work {
				rel := paths[p]
				rep.Add(j.writePost(ctx, p, rel, conv, media, w))
				p.Release()
				if j.written != nil {
					mu.Lock()
					j.written[p.Origin] = rel
					mu.Unlock()
				}
			}
		}()
	}
	var err error
	for _, p := range posts {
		if err = ctx.Err(); err != nil {
			break
		}
		work <- p
	}
	close(work)
	wg.Wait()
	return err
}

// writePost takes one post from its spooled body to its file.
func (j *job) writePost(ctx context.Context, p *transform.Post, rel string, conv transform.BodyConverter, media *output.MediaCopier, w *output.Writer) output.Entry {
	if err := p.RenderBody(conv); err != nil {
		p.Warnings = append(p.Warnings, err.Error())
	}
	// Rendering copied the media the body uses (Links.Mapper); a file
	// that could not be copied kept its original URL in the body.
	var files []string // its file and its media, for the manifest
	for _, m := range p.Media {
		target, ok := media.Links.MediaTarget(m)
		switch {
		case !ok:
			media.Missing(m)
		case !media.Copy(ctx, m):
			p.Warnings = append(p.Warnings, "media "+m+" could not be copied: the original URL is kept")
		default:
			files = append(files, target.File)
		}
	}
	// The report keeps the legacy URL of the featured image; the file
	// gets its copy's path.
	entry := output.NewEntry(p)
	entry.Origin = p.Origin
	if p.Image != "" {
		target, ok := media.Links.MediaTarget(p.Image)
		variant, hasVariant := media.Links.Fallback(p.Image)
		switch {
		case ok && media.Copy(ctx, p.Image):
			files = append(files, target.File)
			p.Image = target.Ref
		case hasVariant && media.Copy(ctx, variant):
			// The original could not be had; the size the page showed can.
			vt, _ := media.Links.MediaTarget(variant)
			files = append(files, vt.File)
			p.Image = vt.Ref
		case !ok:
			media.Missing(p.Image)
		}
	}
	data, err := j.preset.RenderAt(rel, p, p.Body)
	p.Body = ""
	if err == nil {
		entry.Write, err = w.Write(rel, data)
	}
	switch {
	case err != nil:
		perr := &scrape.PageError{URL: p.SourceURL, Origin: p.Origin, Stage: scrape.StageWrite, Err: err}
		j.problem("%v", perr)
		entry.Status, entry.Reason = output.StatusFailed, perr.Error()
	case entry.Write == output.Conflict:
		j.problem("%s: %s was edited by hand since unpress wrote it: left alone, new version in %s%s", p.SourceURL, rel, rel, output.ConflictSuffix)
		entry.Status, entry.Output = output.StatusWritten, rel
	default:
		if entry.Write == output.Overwritten {
			j.problem("%s: %s had been edited by hand: overwritten (--force)", p.SourceURL, rel)
		}
		entry.Status, entry.Output = output.StatusWritten, rel
	}
	if entry.Status == output.StatusWritten {
		j.sources.wrote(w, p, append(files, rel))
	}
	return entry
}

func (j *job) hasMedia(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && j.src.HasMedia(u)
}

// writeReport saves report.json under the output's .unpress folder,
// atomically, beside the manifest.
func writeReport(out string, rep *output.Report) error {
	dir := filepath.Join(out, ".unpress")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// Its temporary file is named like the writer's, so that the next
	// run removes one a killed run left behind.
	return atomicfile.Write(atomicfile.Folder(dir), "report.json", 0o600, rep.WriteJSON)
}

// problem reports one failure as it happens (never silenced by --quiet).
func (j *job) problem(format string, args ...any) {
	if j.errs != nil {
		fmt.Fprintf(j.errs, "unpress: "+format+"\n", args...)
	}
}

// addAliases gives each post the legacy URLs that redirected to it, when
// the source saw redirects (a crawl follows them).
func (j *job) addAliases(posts []*transform.Post) {
	rs, ok := j.src.(scrape.Redirector)
	if !ok {
		return
	}
	byURL := map[string]*transform.Post{}
	for _, p := range posts {
		byURL[transform.NormURL(p.SourceURL)] = p
	}
	redirects := rs.Redirects()
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

// printChanges prints a dry run's result: the diffs on stdout (coloured on
// a terminal; deletions with --prune), a summary on stderr with the
// sources gone from the legacy site. Exit 0 means nothing would change, 2
// that changes are pending (files, or a source newly gone), as `diff` and
// `terraform plan -detailed-exitcode` do, so that a scheduled job acts
// only when needed.
func (j *job) printChanges(stdout, stderr io.Writer) (int, error) {
	color := crawl.IsTerminal(stdout)
	defer j.dryRun.DropChanges()
	counts := j.dryRun.CountChanges()
	changed := 0
	for _, n := range counts {
		changed += n
	}
	if !j.opts.stat {
		// One file's diff at a time: the contents wait on disk.
		if err := j.dryRun.EachChange(func(c output.Change) error { return c.WriteDiff(stdout, color) }); err != nil {
			return exitError, err
		}
	}
	for _, g := range j.gone {
		fmt.Fprintln(stderr, "dry run: "+g.Line(true))
	}
	if changed == 0 && j.newlyGone == 0 {
		fmt.Fprintln(stderr, "dry run: nothing would change")
		return exitOK, nil
	}
	if changed > 0 {
		fmt.Fprintf(stderr, "dry run: %s would change (created: %d, updated: %d, overwritten: %d, conflicts: %d, deleted: %d)\n",
			plural(changed, "file", "files"), counts[output.Created], counts[output.Updated], counts[output.Overwritten], counts[output.Conflict], counts[output.Deleted])
	}
	if j.newlyGone > 0 {
		fmt.Fprintf(stderr, "dry run: %s gone from the legacy site would be noted in the manifest\n", plural(j.newlyGone, "source", "sources"))
	}
	return exitChanges, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// checkTempDir warns when no temporary file can be made: bodies, parked
// metadata and report entries then stay in memory (transform/spill), which
// grows with the site instead of staying bounded.
func checkTempDir(stderr io.Writer) {
	f, err := os.CreateTemp("", "unpress-check-*")
	if err != nil {
		fmt.Fprintf(stderr, "unpress: warning: no temporary file can be made (%v): set TMPDIR to a writable folder, or the run keeps everything in memory\n", err)
		return
	}
	f.Close()
	os.Remove(f.Name())
}
