package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/unpress/unpress/cmd/internal/cli"
	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/combine"
	"github.com/unpress/unpress/scrape/crawl"
	"github.com/unpress/unpress/scrape/wxr"
)

// defaultMaxPages bounds a crawl unless --max-pages says otherwise: a
// spider trap (a calendar or a pagination that answers for every N) would
// otherwise crawl for ever. WordPress sites beyond it are rare, and
// --max-pages 0 lifts the bound.
const defaultMaxPages = 100_000

// sourceOptions are the flags that choose and tune a source.
type sourceOptions struct {
	// The crawl's flags (--from http://... or https://...).
	allowHosts   stringList
	ignoreRobots bool
	concurrency  int
	delay        cli.Duration
	maxPages     int
	cacheDir     string
	verbose      bool
	// flags is the migrate command's flag set, to read --out and --quiet.
	flags *pflag.FlagSet
	// More sources, statuses and media for exports and the REST API (see
	// records.go).
	also      stringList
	include   string
	mediaFrom string
	noAPI     bool
	// progress draws the crawl's totals; nil with --quiet.
	progress *cli.Progress
}

// crawlConfig is the config file's crawl: section.
type crawlConfig struct {
	// Include and Exclude are regular expressions matched against the
	// path and query of each URL the crawl finds.
	Include []string `yaml:"include"`
	Exclude []string `yaml:"exclude"`
}

// addSourceFlags declares the source flags of the migrate command.
func addSourceFlags(fs *pflag.FlagSet, o *sourceOptions) {
	o.flags = fs
	o.delay = cli.Duration(crawl.DefaultDelay)
	fs.Var(&o.allowHosts, "allow-host", "crawl: also fetch from this `host` (a CDN with the uploads); repeatable")
	fs.BoolVar(&o.ignoreRobots, "ignore-robots", false, "crawl: fetch what robots.txt disallows (with a warning)")
	fs.IntVar(&o.concurrency, "concurrency", crawl.DefaultConcurrency, "crawl: requests in flight at once")
	fs.Var(&o.delay, "delay", "crawl: pause of each worker after a request, with its unit: 250ms, 2s (0 for none)")
	fs.IntVar(&o.maxPages, "max-pages", defaultMaxPages, "crawl: stop after this many pages, with a warning (0: no limit)")
	fs.StringVar(&o.cacheDir, "cache", "", "crawl: cache `folder`, kept across runs (default OUT/.unpress/cache)")
	fs.BoolVarP(&o.verbose, "verbose", "v", false, "crawl: print every request, redirect and skipped URL")
	fs.Var(&o.also, "also", "another `source` of the same site (a mirror, an export.xml, a REST API root), merged with --from; repeatable")
	fs.StringVar(&o.include, "include", "", "export: also write posts in these `statuses` (draft,pending,private,future), as drafts")
	fs.BoolVar(&o.noAPI, "no-api", false, "crawl: do not read the REST API the site announces to fill and check fields")
	fs.StringVar(&o.mediaFrom, "media-from", "", "export or REST API: a `folder` with the site's uploads (a mirror, or wp-content/uploads itself)")
}

// openSource opens the source --from names, with every --also
// (combine.Open), once the flags that tune it are checked.
func openSource(ctx context.Context, from string, base *url.URL, o sourceOptions, cfg *Config, stderr io.Writer) (scrape.Site, error) {
	include, err := o.statuses()
	if err != nil {
		return nil, err
	}
	co := combine.OpenOptions{
		Base: base, Also: o.also, NoAPI: o.noAPI,
		Include: include, IncludeProtected: cfg.IncludeProtected, MediaFrom: o.mediaFrom,
		Version: version, Delay: time.Duration(o.delay),
	}
	if o.flag("quiet") != "true" {
		co.Say = func(format string, args ...any) { fmt.Fprintf(stderr, format, args...) }
	}
	co.Crawl = func() (crawl.Options, error) { return o.crawlOptions(cfg, stderr) }
	return combine.Open(ctx, from, co)
}

// crawlOptions are the options of a crawl of a live site.
func (o sourceOptions) crawlOptions(cfg *Config, stderr io.Writer) (crawl.Options, error) {
	if o.concurrency < 1 {
		return crawl.Options{}, fmt.Errorf("--concurrency %d: must be at least 1", o.concurrency)
	}
	if o.delay < 0 || o.maxPages < 0 {
		return crawl.Options{}, errors.New("--delay and --max-pages cannot be negative")
	}
	cache := o.cacheDir
	if out := o.flag("out"); cache == "" && out != "" {
		cache = filepath.Join(out, ".unpress", "cache")
	}
	if cache == "" {
		return crawl.Options{}, errors.New("a crawl needs --out or --cache for its cache")
	}
	delay := time.Duration(o.delay)
	if delay == 0 {
		delay = -1 // none
	}
	return crawl.Options{
		AllowHosts:   o.allowHosts,
		Include:      cfg.Crawl.Include,
		Exclude:      cfg.Crawl.Exclude,
		IgnoreRobots: o.ignoreRobots,
		Concurrency:  o.concurrency,
		Delay:        delay,
		MaxPages:     o.maxPages,
		CacheDir:     cache,
		UserAgent:    crawl.UserAgent(version),
		Log:          stderr,
		Quiet:        o.flag("quiet") == "true",
		Offline:      o.flag("offline") == "true",
		Verbose:      o.verbose,
		Progress:     o.crawled,
	}, nil
}

// crawled draws a crawl's totals: URLs found, those answered (pages,
// missing, failed), and the pages to extract.
func (o sourceOptions) crawled(st crawl.Stats) {
	if p := o.progress; p != nil {
		p.Set("discover", st.Discovered)
		p.Total("fetch", st.Discovered)
		p.Set("fetch", min(st.Pages+st.Missing+st.Failed, st.Discovered))
		p.Total("extract", st.Pages)
	}
}

// flag is the value of another migrate flag (--out, --quiet).
func (o sourceOptions) flag(name string) string {
	if o.flags == nil {
		return ""
	}
	if f := o.flags.Lookup(name); f != nil {
		return f.Value.String()
	}
	return ""
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ",") }

func (l *stringList) Type() string { return "strings" }

func (l *stringList) Set(v string) error {
	if v == "" {
		return errors.New("empty value")
	}
	*l = append(*l, v)
	return nil
}

// statuses parses --include: post statuses written as drafts.
func (o sourceOptions) statuses() ([]string, error) {
	var out []string
	for _, s := range strings.Split(o.include, ",") {
		s = strings.ToLower(strings.TrimSpace(s))
		if s == "" {
			continue
		}
		if !slices.Contains(wxr.Statuses, s) {
			return nil, fmt.Errorf("--include: %q is not a status that can be included (%s)", s, strings.Join(wxr.Statuses, ", "))
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out, nil
}
