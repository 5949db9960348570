package crawl

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"
)

// Stats are a crawl's running totals.
type Stats struct {
	Discovered  int            // URLs queued to be fetched as pages
	Pages       int            // pages taken (HTML, 200)
	Cached      int            // of those, read from the cache without a request
	Revalidated int            // of those, confirmed unchanged by a 304
	Stale       int            // pages and sitemaps the server kept failing on, read from the cache
	Requests    int64          // requests sent over the network (pages, sitemaps, robots.txt, media)
	Conditional int64          // of those, with the cache's validators (If-None-Match, If-Modified-Since)
	NotModified int64          // answered 304 Not Modified
	Redirects   int            // redirects seen
	Missing     int            // URLs that answered 404 or 410
	Failed      int            // URLs that kept failing (timeouts, 5xx, 429, too large)
	Retries     int            // retried requests
	Skipped     map[string]int // URLs found but not fetched, by reason
	Elapsed     time.Duration
}

// line is the one-line summary of the totals.
func (s Stats) line() string {
	rate := 0.0
	if secs := s.Elapsed.Seconds(); secs > 0 {
		rate = float64(s.Requests) / secs
	}
	cached := fmt.Sprintf("%d from cache", s.Cached)
	if s.Conditional > 0 {
		cached += fmt.Sprintf(", %d unchanged (304)", s.Revalidated)
	}
	if s.Stale > 0 {
		cached += fmt.Sprintf(", %d stale", s.Stale)
	}
	return fmt.Sprintf("%d found, %d pages (%s), %d redirects, %d missing, %d failed, %d retries, %d requests, %.1f req/s",
		s.Discovered, s.Pages, cached, s.Redirects, s.Missing, s.Failed, s.Retries, s.Requests, rate)
}

// reporter prints the crawl's messages on Log: warnings always, news
// unless --quiet, one line per request with --verbose. Its running totals
// go to Options.Progress when set (the command line draws them), else as a
// plain line every few seconds.
type reporter struct {
	mu      sync.Mutex
	w       io.Writer
	quiet   bool
	verbose bool
	onStats func(Stats)
}

func newReporter(w io.Writer, quiet, verbose bool, onStats func(Stats)) *reporter {
	if w == nil {
		w = io.Discard
	}
	return &reporter{w: w, quiet: quiet, verbose: verbose && !quiet, onStats: onStats}
}

func (r *reporter) printLocked(format string, args ...any) {
	fmt.Fprintf(r.w, "unpress: crawl: "+format+"\n", args...)
}

// warnf always prints.
func (r *reporter) warnf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.printLocked(format, args...)
}

// infof prints unless --quiet.
func (r *reporter) infof(format string, args ...any) {
	if r.quiet {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.printLocked(format, args...)
}

// debugf prints with --verbose.
func (r *reporter) debugf(format string, args ...any) {
	if !r.verbose {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.printLocked(format, args...)
}

// status reports the running totals (the caller paces the calls).
func (r *reporter) status(s Stats) {
	if r.onStats != nil {
		r.onStats(s)
		return
	}
	if r.quiet {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.printLocked("%s", s.line())
}

// done is the last report of the totals.
func (r *reporter) done(s Stats) {
	if r.onStats != nil {
		r.onStats(s)
	}
}

// interval is how often the status is reported.
func (r *reporter) interval() time.Duration {
	if r.onStats != nil {
		return 200 * time.Millisecond
	}
	return 10 * time.Second
}

// skippedLine lists the reasons URLs were not fetched, most frequent
// first.
func skippedLine(m map[string]int) string {
	type kv struct {
		k string
		n int
	}
	var list []kv
	for k, n := range m {
		list = append(list, kv{k, n})
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].n != list[j].n {
			return list[i].n > list[j].n
		}
		return list[i].k < list[j].k
	})
	var parts []string
	for _, e := range list {
		parts = append(parts, fmt.Sprintf("%d %s", e.n, e.k))
	}
	return strings.Join(parts, "; ")
}
