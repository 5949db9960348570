package crawl

import (
	"fmt"
	"io"
	"os"
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

// reporter prints the crawl's progress on stderr: a status line redrawn
// in place on a terminal, a plain line every few seconds otherwise,
// nothing but warnings with --quiet, one line per request with --verbose.
type reporter struct {
	mu      sync.Mutex
	w       io.Writer
	quiet   bool
	verbose bool
	tty     bool
	drawn   bool // a status line is on the terminal
}

func newReporter(w io.Writer, quiet, verbose bool) *reporter {
	if w == nil {
		w = io.Discard
	}
	return &reporter{w: w, quiet: quiet, verbose: verbose && !quiet, tty: IsTerminal(w)}
}

// IsTerminal reports whether w is a character device (a terminal): where
// the progress line is redrawn in place, and where the CLI colours diffs.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (r *reporter) clearLocked() {
	if r.drawn {
		fmt.Fprint(r.w, "\r\x1b[K")
		r.drawn = false
	}
}

func (r *reporter) printLocked(format string, args ...any) {
	r.clearLocked()
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

// status shows the running totals: in place on a terminal, as a line
// otherwise (the caller paces the calls).
func (r *reporter) status(s Stats) {
	if r.quiet {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.tty {
		r.clearLocked()
		fmt.Fprint(r.w, "crawl: "+s.line())
		r.drawn = true
		return
	}
	r.printLocked("%s", s.line())
}

// done ends the status line.
func (r *reporter) done() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clearLocked()
}

// interval is how often the status is shown.
func (r *reporter) interval() time.Duration {
	if r.tty {
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
