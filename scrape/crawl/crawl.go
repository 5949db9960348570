// Package crawl reads a live legacy site over HTTP with Colly: it
// discovers the site's pages (robots.txt, sitemaps, links, pagination),
// fetches them politely and restartably, and yields them like a mirror
// folder does, so that the same extract → transform → output stages run
// on either.
//
// The crawl is one Colly collector fed by a colly/v2/queue (the page
// workers) and an asynchronous clone for robots.txt and sitemaps; media,
// which MediaFile fetches on demand, go through a plain client that
// streams them to disk. A LimitRule per host bounds parallelism, a pacer
// spaces requests under the crawl's context, and a transport under every
// client keeps an on-disk cache (see cache) so a second run fetches
// nothing it already has and an interrupted run resumes where it stopped.
// All clients share one redirect check and one dialer (scrape/fence).
package crawl

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gocolly/colly/v2"
	"github.com/gocolly/colly/v2/queue"
	whatwg "github.com/nlnwa/whatwg-url/url"
	"github.com/temoto/robotstxt"

	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/fence"
)

// Defaults for Options left zero.
const (
	DefaultConcurrency     = 4
	DefaultDelay           = 250 * time.Millisecond
	DefaultTimeout         = 30 * time.Second
	DefaultRetries         = 3
	DefaultRetryWait       = time.Second
	DefaultMaxRetryAfter   = 2 * time.Minute
	DefaultMaxPageBytes    = scrape.MaxPageBytes
	DefaultMaxMediaBytes   = 256 << 20
	DefaultMaxSitemapBytes = 50 << 20 // the sitemap protocol's own limit
	// DefaultMaxCrawlDelay bounds a robots.txt Crawl-delay: a site that
	// asks for a day between requests would otherwise hold a crawl for
	// years.
	DefaultMaxCrawlDelay = 10 * time.Second
)

// DiscoveredPerPage bounds the URLs a crawl queues: this many per page
// it may take (Options.MaxPages). A site whose pages link far more URLs
// than it has pages (faceted search, calendars, session IDs in links) would
// otherwise fill the queue without end; the queue itself waits on disk
// (see frontier).
const DiscoveredPerPage = 10

// maxRedirects bounds a chain of redirects from one URL.
const maxRedirects = fence.MaxRedirects

// UserAgent is the User-Agent a crawl sends: it names unpress, its
// version and where to read about it, so a site owner can tell who calls.
func UserAgent(version string) string {
	return "unpress/" + version + " (+https://github.com/unpress/unpress)"
}

// Options configure a crawl. Zero values take the defaults above.
type Options struct {
	// Start is where the crawl begins (--from): the site's home page, or
	// the folder a site lives under ("https://example.org/blog/").
	Start *url.URL
	// Base is the site's published address (--base-url). When nil it is
	// read from the start page: the REST API link, else its canonical
	// link. Links on the base's host are fetched from Start's host, and
	// pages are reported under the base: a site served at a staging
	// address or on 127.0.0.1 whose pages name https://example.org is
	// crawled where it is served and migrated as example.org.
	Base *url.URL
	// AllowHosts are more hosts whose URLs may be fetched as they are
	// (a CDN holding the uploads). The start host's www. and bare forms,
	// over http and https, are always the site.
	AllowHosts []string
	// Include and Exclude are regular expressions matched against a
	// URL's path and query as fetched ("/2022/03/slug/?x=1"): an
	// excluded URL is never fetched; when Include is not empty, only
	// matching URLs are (the start URL always is).
	Include, Exclude []string
	// IgnoreRobots fetches what robots.txt disallows.
	IgnoreRobots bool
	// Concurrency is how many requests are in flight at once, per host.
	Concurrency int
	// Delay is the pause each worker takes after a request to a host,
	// plus up to RandomDelay more (default Delay/4): requests to a host
	// start Delay/Concurrency apart, so it sees at most Concurrency/Delay
	// a second. A robots.txt Crawl-delay larger than Delay wins, with one
	// worker, up to MaxCrawlDelay (with a warning). Every wait ends when
	// the crawl's context does. Negative means none.
	Delay, RandomDelay time.Duration
	MaxCrawlDelay      time.Duration
	// Timeout bounds one request, body included.
	Timeout time.Duration
	// Retries is how many times a request that timed out or got 429 or
	// 5xx is tried again, after RetryWait, doubling, with jitter, or
	// after the server's Retry-After when it gives one (up to
	// MaxRetryAfter; a longer wait fails the URL). Negative means none.
	Retries       int
	RetryWait     time.Duration
	MaxRetryAfter time.Duration
	// MaxPages stops the crawl after this many pages; 0 is no limit.
	MaxPages int
	// MaxPageBytes, MaxMediaBytes and MaxSitemapBytes bound one body
	// (a sitemap's once unzipped).
	MaxPageBytes, MaxMediaBytes, MaxSitemapBytes int64
	// CacheDir holds the on-disk cache (required). A new crawl over it
	// revalidates what it holds with conditional requests; a crawl after
	// an interrupted one resumes it (see cache).
	CacheDir string
	// Offline sends no request: every answer comes from the cache, and
	// what it does not hold fails (to re-render with changed rules).
	Offline bool
	// UserAgent defaults to UserAgent("dev").
	UserAgent string
	// Transport sends the requests (a proxy, a custom dialer); nil is a
	// clone of http.DefaultTransport whose dialer refuses private,
	// loopback and link-local addresses unless the start host is one
	// (see fence.Guard). A Transport given here dials as it pleases.
	Transport http.RoundTripper
	// PublicOnly refuses private, loopback and link-local addresses even
	// when the start host is one (a crawl run for others).
	PublicOnly bool
	// Log receives news and warnings (stderr); nil is silent.
	Log            io.Writer
	Quiet, Verbose bool
	// Progress, when set, receives the running totals five times a
	// second and once at the end, to be drawn by the caller; without it,
	// a plain line on Log every ten seconds.
	Progress func(Stats)
}

// Site is a live legacy site read by crawling it. It implements
// scrape.Source; Base, HasMedia and MediaFile serve the migration's media
// step, Redirects its aliases. A Site crawls once, on its first Walk.
type Site struct {
	opts    Options
	ua      string
	scope   *scope
	cache   *cache
	tr      *transport
	log     *reporter
	started time.Time

	pages, aux  *colly.Collector
	mediaClient *http.Client
	q           *queue.Queue
	frontier    frontier // the queue's storage
	// checkRedirect is the one redirect check of every client of the
	// crawl (fence.Redirects over the scope).
	checkRedirect func(*http.Request, []*http.Request) error

	// ctx is the running crawl's context, for callbacks.
	ctx context.Context

	mu            sync.Mutex
	crawled       bool
	closed        bool                // the queue has stopped: nothing more may be added
	seen          map[string]bool     // page URLs queued (fetch form)
	sitemapSeen   map[string]bool     // sitemap URLs requested
	sitemapPages  int                 // page URLs the sitemaps listed
	warned        map[string]bool     // the warnings said once (warnOnce)
	listings      map[string]*listing // listing key → its pages so far (trap.go)
	fresh         map[string]int      // listing page → URLs it queued that no page had
	taken         map[string]bool     // pages taken (fetch form)
	failures      map[string]*FetchError
	missing       map[string]string // URL that answered 404/410 → the page that linked to it
	goneStatus    map[string]int    // URL that answered 404/410 → the status
	recheck       []string          // URLs an earlier run migrated (Recheck)
	hops          map[string]string // redirect: URL → Location (fetch form when on the site)
	skipped       map[string]int    // reason → count
	robots        map[string]*robotstxt.RobotsData
	rules         map[string][]*colly.LimitRule // host → its rule in each collector
	pauses        pauses
	pace          pacer
	robotSitemaps []string
	restRoot      string
	startRedirect string
	stats         Stats
	retries       atomic.Int64
	accepted      sync.Map // *colly.Response → true for pages whose links are followed

	mediaMu  sync.Mutex // one media download at a time
	mediaRes sync.Map   // fetch URL → *mediaResult
}

var _ scrape.Source = (*Site)(nil)

// FetchError is a URL the crawl could not get: its status (0 when none
// came) and why.
type FetchError struct {
	URL    string // as fetched
	Status int
	Reason string
}

// Unwrap makes a 404 or a 410 an fs.ErrNotExist: the media step counts
// it as missing from the site, not as a failed copy.
func (e *FetchError) Unwrap() error {
	if e.Status == http.StatusNotFound || e.Status == http.StatusGone {
		return fs.ErrNotExist
	}
	return nil
}

func (e *FetchError) Error() string {
	if e.Status != 0 {
		return fmt.Sprintf("HTTP %d: %s", e.Status, e.Reason)
	}
	return e.Reason
}

// Request kinds, kept in the Colly context of each request.
const (
	kindStart   = "start"
	kindPage    = "page"
	kindProbe   = "probe" // a guessed URL (the next /page/N/): a 404 is no news
	kindRobots  = "robots"
	kindSitemap = "sitemap"
)

var urlParser = whatwg.NewParser(whatwg.WithPercentEncodeSinglePercentSign())

// New checks the options and prepares the crawl; nothing is fetched
// until Walk.
func New(opts Options) (*Site, error) {
	if opts.Start == nil || (opts.Start.Scheme != "http" && opts.Start.Scheme != "https") || opts.Start.Host == "" {
		return nil, errors.New("crawl: the start URL must be an absolute http(s) URL")
	}
	if opts.CacheDir == "" {
		return nil, errors.New("crawl: no cache folder")
	}
	setDefaults(&opts)
	include, err := compileAll("include", opts.Include)
	if err != nil {
		return nil, err
	}
	exclude, err := compileAll("exclude", opts.Exclude)
	if err != nil {
		return nil, err
	}
	for _, h := range opts.AllowHosts {
		if h == "" || strings.ContainsAny(h, "/?#@ ") {
			return nil, fmt.Errorf("crawl: --allow-host %q is not a host name", h)
		}
	}
	c, err := openCache(opts.CacheDir, opts.Offline)
	if err != nil {
		return nil, err
	}
	start := *opts.Start
	start.Fragment, start.RawFragment = "", ""
	if start.Path == "" {
		start.Path = "/"
	}
	opts.Start = &start
	s := &Site{
		opts:        opts,
		ua:          opts.UserAgent,
		cache:       c,
		scope:       newScope(&start, opts.AllowHosts, include, exclude),
		log:         newReporter(opts.Log, opts.Quiet, opts.Verbose, opts.Progress),
		seen:        map[string]bool{},
		sitemapSeen: map[string]bool{},
		warned:      map[string]bool{},
		listings:    map[string]*listing{},
		fresh:       map[string]int{},
		taken:       map[string]bool{},
		failures:    map[string]*FetchError{},
		missing:     map[string]string{},
		goneStatus:  map[string]int{},
		hops:        map[string]string{},
		skipped:     map[string]int{},
		robots:      map[string]*robotstxt.RobotsData{},
		rules:       map[string][]*colly.LimitRule{},
		ctx:         context.Background(),
	}
	if opts.Base != nil {
		s.scope.setBase(opts.Base)
	}
	base := opts.Transport
	if base == nil {
		base = fence.NewGuard(start.Host, opts.PublicOnly).Transport()
	}
	s.tr = &transport{base: base, cache: c, warnf: s.log.warnf, pace: &s.pace, gap: s.gap}
	s.checkRedirect = fence.Redirects(s.scope.reachable, isRobotsTxt)
	s.pages = s.newCollector(opts.MaxPageBytes)
	s.aux = s.newCollector(opts.MaxSitemapBytes)
	s.aux.Async = true
	// Media are fetched with a plain client over the same transport and
	// redirect check: Colly would hold a whole body in memory.
	s.mediaClient = &http.Client{Transport: s.tr, Timeout: opts.Timeout, CheckRedirect: s.checkRedirect}
	for _, h := range append([]string{start.Host}, opts.AllowHosts...) {
		if err := s.ensureRules(h); err != nil {
			return nil, err
		}
	}
	s.setupPages()
	s.setupAux()
	if s.q, err = queue.New(opts.Concurrency, &s.frontier); err != nil {
		return nil, err
	}
	return s, nil
}

func setDefaults(o *Options) {
	o.Concurrency = cmp.Or(max(o.Concurrency, 0), DefaultConcurrency)
	switch {
	case o.Delay == 0:
		o.Delay = DefaultDelay
	case o.Delay < 0:
		o.Delay = 0
	}
	if o.RandomDelay == 0 {
		o.RandomDelay = o.Delay / 4
	}
	o.RandomDelay = max(o.RandomDelay, 0)
	o.Timeout = cmp.Or(o.Timeout, DefaultTimeout)
	switch {
	case o.Retries == 0:
		o.Retries = DefaultRetries
	case o.Retries < 0:
		o.Retries = 0
	}
	o.RetryWait = cmp.Or(o.RetryWait, DefaultRetryWait)
	o.MaxRetryAfter = cmp.Or(o.MaxRetryAfter, DefaultMaxRetryAfter)
	o.MaxPageBytes = cmp.Or(o.MaxPageBytes, DefaultMaxPageBytes)
	o.MaxMediaBytes = cmp.Or(o.MaxMediaBytes, DefaultMaxMediaBytes)
	o.MaxSitemapBytes = cmp.Or(o.MaxSitemapBytes, DefaultMaxSitemapBytes)
	o.MaxCrawlDelay = cmp.Or(o.MaxCrawlDelay, DefaultMaxCrawlDelay)
	o.UserAgent = cmp.Or(o.UserAgent, UserAgent("dev"))
}

func compileAll(what string, list []string) ([]*regexp.Regexp, error) {
	var out []*regexp.Regexp
	for _, p := range list {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, fmt.Errorf("crawl: %s pattern %q: %w", what, p, err)
		}
		out = append(out, re)
	}
	return out, nil
}

// newCollector builds a collector with the crawl's settings. They are set
// after colly.NewCollector, so that no COLLY_* environment variable can
// override what the user asked for.
func (s *Site) newCollector(maxBody int64) *colly.Collector {
	c := colly.NewCollector()
	c.UserAgent = s.ua
	c.MaxBodySize = int(maxBody) + 1 // one byte over tells a body that was cut
	c.AllowURLRevisit = true         // the crawl keeps its own list of what it has seen
	c.ParseHTTPErrorResponse = true  // every status reaches OnResponse
	c.IgnoreRobotsTxt = s.opts.IgnoreRobots
	c.AllowedDomains = s.scope.hosts()
	c.DetectCharset = false
	c.CacheDir = "" // see cache.go
	c.MaxDepth = 0
	c.MaxRequests = 0
	// No cookies (a crawl is nobody's session), the crawl's transport, and
	// no redirect following: each hop reaches OnResponse, where it is
	// recorded (old → new URL pairs for the redirects map) and its target
	// mapped onto the origin and queued. Colly would check a redirect's
	// host against AllowedDomains before any handler could see it, and
	// follow it to the public host rather than the origin.
	c.SetClient(&http.Client{Transport: s.tr, Timeout: s.opts.Timeout, CheckRedirect: s.checkRedirect})
	return c
}

// isRobotsTxt tells the requests whose redirects the client follows
// itself, within scope: robots.txt's (Colly reads robots.txt on its own,
// and an http → https redirect of it is common). Every other redirect is
// handed back, to be recorded and mapped onto the origin.
func isRobotsTxt(first *http.Request) bool { return first.URL.Path == "/robots.txt" }

// ensureRules gives a host its politeness rule in every collector, once.
func (s *Site) ensureRules(host string) error {
	host = strings.ToLower(host)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rules[host] != nil {
		return nil
	}
	for _, c := range []*colly.Collector{s.pages, s.aux} {
		r := s.limitRule(host)
		if err := c.Limit(r); err != nil {
			return err
		}
		s.rules[host] = append(s.rules[host], r)
	}
	return nil
}

// slowDown applies a robots.txt Crawl-delay to a host: one request at a
// time, that long apart. No request is in flight when it is called
// (robots.txt is read before the pages), so the rules can be
// re-initialised.
func (s *Site) slowDown(host string, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pace.setGap(strings.ToLower(host), d)
	for _, r := range s.rules[strings.ToLower(host)] {
		r.Parallelism = 1
		if err := r.Init(); err != nil {
			return err
		}
	}
	return nil
}

// limitRule is the parallelism rule for one host (with its port, as
// Colly matches it). It has no delay: Colly sleeps a rule's delay with no
// regard for the crawl's context, so the pacer spaces requests instead
// (beforeNetwork).
func (s *Site) limitRule(host string) *colly.LimitRule {
	return &colly.LimitRule{DomainRegexp: "^" + regexp.QuoteMeta(host) + "$", Parallelism: s.opts.Concurrency}
}

// gap is the least time between two requests to a host without a
// Crawl-delay: each of Concurrency workers pauses Delay, plus up to
// RandomDelay, after each request.
func (s *Site) gap() time.Duration {
	d := s.opts.Delay
	if s.opts.RandomDelay > 0 {
		d += time.Duration(rand.Int64N(int64(s.opts.RandomDelay)))
	}
	return d / time.Duration(s.opts.Concurrency)
}

// Transport sends requests through the crawl's cache, with its
// revalidation and offline rules, so that another reader of the same site
// (its REST API) is cached, revalidated and read offline as the pages are.
// Use it once Walk has started.
func (s *Site) Transport() http.RoundTripper { return s.tr }

// Base is the site's published address: --base-url, or what the start
// page says, or the start URL's folder.
func (s *Site) Base() *url.URL { return s.scope.baseURL() }

// Origin is where the site is fetched from (the start URL's scheme and
// host, or where the start URL redirected).
func (s *Site) Origin() *url.URL { return s.scope.originURL() }

// Reachable reports whether a URL may be requested as it is: on the
// host the site is fetched from or an allowed one. A client that follows
// redirects itself (the REST API's) keeps to it.
func (s *Site) Reachable(u *url.URL) bool { return s.scope.reachable(u) }

// RESTRoot is the WordPress REST API root the start page names
// (<link rel="https://api.w.org/">), as the page gives it; "" when none.
// Fetch it through the same host mapping as the pages.
func (s *Site) RESTRoot() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.restRoot
}

// Stats returns the crawl's totals so far.
func (s *Site) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.stats
	st.Requests = s.tr.requests.Load()
	st.Conditional = s.tr.conditional.Load()
	st.NotModified = s.tr.notModified.Load()
	st.Retries = int(s.retries.Load())
	st.Missing = len(s.missing)
	st.Failed = len(s.failures)
	st.Skipped = make(map[string]int, len(s.skipped))
	for k, v := range s.skipped {
		st.Skipped[k] = v
	}
	if !s.started.IsZero() {
		st.Elapsed = time.Since(s.started)
	}
	return st
}
