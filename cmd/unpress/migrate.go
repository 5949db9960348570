package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/unpress/unpress/cmd/internal/cli"
	"github.com/unpress/unpress/output"
	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/combine"
	"github.com/unpress/unpress/scrape/extract"
	"github.com/unpress/unpress/scrape/mirror"
	"github.com/unpress/unpress/transform"
)

// migrateOptions are the migrate command's settings after flags and the
// config file are merged.
type migrateOptions struct {
	dryRun, stat                                     bool
	from, out, preset, baseURL, configPath, timezone string
	force, quiet, allowActiveMedia                   bool
	prune, pruneAll, offline                         bool
	workers                                          int
	source                                           sourceOptions
	ui                                               *uiOptions
	progress                                         *cli.Progress
}

func newMigrateCmd(ctx context.Context, ui *uiOptions, stdout, stderr io.Writer, code *int) *cobra.Command {
	o := migrateOptions{ui: ui}
	c := &cobra.Command{
		Use:   "migrate --from SITE --out DIR [flags]",
		Short: "Migrate a site (saved pages, a live URL, an export) to Markdown",
		Example: `  # a folder of saved pages, for Decap (the default preset)
  unpress migrate --from mirror/ --out site/
  # crawl the live site, for Hugo
  unpress migrate -f https://example.org/ -o site/ -p hugo
  # a WordPress export, with the uploads from a saved copy; or both, merged
  unpress migrate -f export.xml --media-from mirror/ -o site/
  unpress migrate -f mirror/ --also export.xml -o site/
  # what a run would change, without writing
  unpress migrate -f https://example.org/ -o site/ --dry-run --stat`,
		Args: func(_ *cobra.Command, args []string) error { return checkMigrateArgs(args) },
	}
	c.RunE = command(code, func([]string) (int, error) { return cmdMigrate(ctx, o, stdout, stderr) })
	fs := c.Flags()
	fs.SortFlags = false
	fs.StringVarP(&o.from, "from", "f", "", "the legacy `site`: a mirror folder of saved pages, its http(s) URL to crawl, or a WordPress export (.xml)")
	fs.StringVarP(&o.out, "out", "o", "", "output `folder` (created if missing)")
	fs.StringVarP(&o.preset, "preset", "p", "", "output layout: decap, hugo, jekyll, astro or eleventy (default decap)")
	fs.BoolVarP(&o.dryRun, "dry-run", "n", false, "write nothing: print a unified diff of every file that would change, exit 2 if any would")
	fs.BoolVar(&o.stat, "stat", false, "with --dry-run, print only the summary of changes")
	fs.StringVar(&o.baseURL, "base-url", "", "the legacy site's `URL`, when the pages do not say it (canonical links)")
	fs.StringVarP(&o.configPath, "config", "c", "", "per-site rules `file` (YAML)")
	fs.StringVar(&o.timezone, "timezone", "", "the site's time `zone` (e.g. Europe/Kyiv); inferred from the pages when empty")
	fs.BoolVar(&o.force, "force", false, "overwrite files edited by hand since unpress wrote them (each is named)")
	fs.BoolVar(&o.allowActiveMedia, "allow-active-media", false, "copy uploads with active content (HTML, scripts, SVGs with scripts) too; by default they stay on the old site")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "print nothing but errors")
	fs.IntVarP(&o.workers, "workers", "j", 0, "pages processed in parallel (default: one per core)")
	fs.BoolVar(&o.prune, "prune", false, "delete the files of sources gone from the legacy site, unless edited by hand; nothing when that would be over a tenth of the files or the source yielded no posts")
	fs.BoolVar(&o.pruneAll, "prune-all", false, "like --prune, however many files that deletes")
	fs.BoolVar(&o.offline, "offline", false, "crawl: send no request, read every page from the cache (re-render after changing rules)")
	addSourceFlags(fs, &o.source)
	return c
}

func cmdMigrate(ctx context.Context, o migrateOptions, stdout, stderr io.Writer) (int, error) {
	if o.from == "" || o.out == "" {
		return exitError, cli.Usagef("migrate: --from and --out are required")
	}
	if err := o.check(); err != nil {
		return exitError, err
	}
	cfg, err := loadConfig(o.configPath)
	if err != nil {
		return exitError, err
	}
	// The display (none with --quiet) takes the messages while it is up.
	msgs := stderr
	if !o.quiet {
		o.progress = cli.NewProgress(stderr)
		o.source.progress = o.progress
		msgs = o.progress.Writer()
	}
	defer o.progress.Close()
	job, err := newJob(ctx, o, cfg, msgs)
	if err != nil {
		return exitError, err
	}
	if m, ok := job.src.(*mirror.Dir); ok && m.Len() == 0 {
		return exitError, fmt.Errorf("no HTML pages found in %s", o.from)
	}
	job.errs = msgs
	checkTempDir(msgs)
	rep, err := job.run(ctx)
	o.progress.Close()
	if err != nil {
		return exitError, unreachable(err)
	}
	defer rep.Close()
	if o.dryRun {
		code, err := job.printChanges(stdout, stderr)
		if t := rep.Totals(); err == nil && (t.Failed > 0 || t.WriteConflicts > 0) {
			// What the real run would exit with: a conflict or a failed
			// page is not a change to make.
			code = exitPageErrors
		}
		return code, err
	}
	if !o.quiet {
		rep.Summary(output.EscapingWriter{W: cli.Wrapping(stderr)})
	}
	if t := rep.Totals(); t.Failed > 0 || t.MediaFailed > 0 || t.WriteConflicts > 0 || job.pruneRefused != "" {
		return exitPageErrors, nil
	}
	return exitOK, nil
}

// check refuses flags that make no sense together, and sources that can
// be nothing unpress reads, before anything runs.
func (o migrateOptions) check() error {
	if o.stat && !o.dryRun {
		return cli.Usagef("migrate: --stat summarises a dry run: add --dry-run (-n), or drop --stat")
	}
	if o.offline {
		if !scrape.IsWebURL(o.from) {
			return cli.Usagef("migrate: --offline re-reads a crawl's cache: --from must be the site's http(s) URL")
		}
		cache := firstNonEmpty(o.source.cacheDir, filepath.Join(o.out, ".unpress", "cache"))
		if entries, _ := os.ReadDir(cache); len(entries) == 0 {
			return cli.Usagef("migrate: --offline reads the crawl's cache, and %s has none: run once without --offline first (or name the cache with --cache)", cache)
		}
	}
	return nil
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
	// gone are the sources of an earlier run that produce no files now,
	// and the files no source writes any more; newlyGone counts the
	// sources first found gone by this run.
	gone      []output.GoneEntry
	newlyGone int
	// pruneRefused says why --prune deleted nothing (its guard held).
	pruneRefused string
	// review is a dry run's review page, or why it could not be written.
	review    string
	reviewErr error
}

func newJob(ctx context.Context, o migrateOptions, cfg *Config, stderr io.Writer) (*job, error) {
	j := &job{opts: o, workers: max(1, o.workers)}
	if o.workers == 0 {
		j.workers = runtime.GOMAXPROCS(0)
	}
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

// resolve reads, extracts and resolves every page of the source, as a
// migration does first.
func (j *job) resolve(ctx context.Context) (*transform.Read, error) {
	opts := transform.ReadOptions{Site: j.site}
	opts.Site.Workers = j.workers
	return transform.ReadSite(ctx, j.src, j.ex, opts)
}

// run is the whole migration (output.Migrate).
func (j *job) run(ctx context.Context) (*output.Report, error) {
	defer combine.CloseSource(j.src)
	opts := output.MigrateOptions{
		WriteOptions: output.WriteOptions{
			Out: j.opts.out, Preset: j.preset, Force: j.opts.force, DryRun: j.opts.dryRun,
			Workers: j.workers, Problem: j.problem, AllowActiveMedia: j.opts.allowActiveMedia,
		},
		Site: j.site, Prune: output.PruneNone,
	}
	if j.opts.progress != nil {
		opts.Progress = j.opts.progress
	}
	switch {
	case j.opts.pruneAll:
		opts.Prune = output.PruneAll
	case j.opts.prune:
		opts.Prune = output.PruneGuarded
	}
	if j.written != nil {
		var mu sync.Mutex
		opts.OnFile = func(origin, rel string) {
			mu.Lock()
			j.written[origin] = rel
			mu.Unlock()
		}
	}
	m, err := output.Migrate(ctx, j.src, j.ex, opts)
	if err != nil {
		return nil, err
	}
	j.gone, j.newlyGone, j.pruneRefused = m.Gone, m.NewlyGone, m.PruneRefused
	if m.PruneRefused != "" {
		j.problem("%s", m.PruneRefused)
	}
	if j.opts.dryRun {
		j.dryRun = m.Writer
		j.review, j.reviewErr = m.ReviewPage, m.ReviewError
	}
	return m.Report, nil
}

// problem reports one failure as it happens (never silenced by --quiet).
func (j *job) problem(format string, args ...any) {
	if j.errs != nil {
		// URLs and titles come from the legacy site: escapes shown, not run.
		fmt.Fprint(j.errs, output.EscapeControls(fmt.Sprintf("unpress: "+format, args...))+"\n")
	}
}

// printChanges prints a dry run's result: the diffs on stdout (coloured on
// a terminal; deletions with --prune), a summary on stderr with the
// sources gone from the legacy site. Exit 0 means nothing would change, 2
// that changes are pending (files, or a source newly gone), as `diff` and
// `terraform plan -detailed-exitcode` do, so that a scheduled job acts
// only when needed.
func (j *job) printChanges(stdout, stderr io.Writer) (int, error) {
	color := j.opts.ui.color.Colored(stdout)
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
		fmt.Fprintln(stderr, output.EscapeControls("dry run: "+g.Line(true)))
	}
	if j.reviewErr != nil {
		fmt.Fprintf(stderr, "dry run: the review page could not be written: %v\n", j.reviewErr)
	} else if j.review != "" {
		fmt.Fprintf(stderr, "dry run: review page: %s\n", output.EscapeControls(j.review))
	}
	if changed == 0 && j.newlyGone == 0 {
		fmt.Fprintln(stderr, "dry run: nothing would change")
		return exitOK, nil
	}
	if changed > 0 {
		fmt.Fprintf(stderr, "dry run: %s would change (created: %d, updated: %d, merged: %d, overwritten: %d, conflicts: %d, deleted: %d)\n",
			plural(changed, "file", "files"), counts[output.Created], counts[output.Updated], counts[output.Merged], counts[output.Overwritten], counts[output.Conflict], counts[output.Deleted])
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
// metadata and report entries then stay in memory (scrape/spill), which
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
