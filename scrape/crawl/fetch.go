package crawl

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/gocolly/colly/v2"
	"github.com/unpress/unpress/scrape"
)

// Callbacks of the page collector.

type htmlRule struct {
	selector string
	fn       colly.HTMLCallback
}

// htmlRules are the page collector's OnHTML callbacks, in order: the
// start page's identity first, so that its links are read knowing the
// site's published host.
func (s *Site) htmlRules() []htmlRule {
	return []htmlRule{
		{`link[rel="https://api.w.org/"][href]`, s.onRESTLink},
		{`link[rel="canonical"][href]`, s.onCanonical},
		{`meta[property="og:url"][content]`, s.onCanonical},
		{`a[href], area[href], link[rel~="next"][href], link[rel~="prev"][href]`, s.onLink},
	}
}

func (s *Site) setupPages() {
	c := s.pages
	c.OnRequest(s.onPageRequest)
	c.OnResponseHeaders(s.onPageHeaders)
	c.OnResponse(s.onPageResponse)
	for _, r := range s.htmlRules() {
		c.OnHTML(r.selector, r.fn)
	}
	c.OnError(s.onError)
	c.OnScraped(s.scraped)
}

// scraped ends a page's reading: its links are all queued.
func (s *Site) scraped(r *colly.Response) {
	if _, ok := s.accepted.LoadAndDelete(r); ok {
		s.listingDone(r)
	}
}

// onPageRequest drops requests once the crawl is interrupted or full,
// and answers from a fresh cache entry without waiting for the host's
// delay. A stale entry goes to the transport, which revalidates it.
func (s *Site) onPageRequest(r *colly.Request) {
	if s.ctx.Err() != nil {
		r.Abort()
		return
	}
	if r.Ctx.Get("kind") != kindStart && s.full() {
		s.skip(skipMaxPages)
		r.Abort()
		return
	}
	if s.fromCache(r) {
		return
	}
	s.beforeNetwork(r)
}

// fromCache answers a request from its fresh cache entry, through the
// same callbacks as a fetched answer; offline, a request the cache cannot
// answer fails at once. It reports whether the request was handled.
func (s *Site) fromCache(r *colly.Request) bool {
	e, ok := s.cache.get(r.URL.String())
	switch {
	case ok && s.cache.fresh(e):
		r.Abort()
		s.replayAny(r, e)
		return true
	case s.opts.Offline:
		r.Abort()
		s.fail(r.URL, 0, ErrOffline.Error(), r.Ctx.Get("kind"), r.Ctx)
		return true
	}
	return false
}

// replayAny replays a cached answer to the callbacks of the request's
// collector.
func (s *Site) replayAny(r *colly.Request, e *entry) {
	switch r.Ctx.Get("kind") {
	case kindRobots, kindSitemap:
		if resp, err := cachedResponse(r, e); err == nil {
			s.onAuxResponse(resp)
		}
	default:
		s.replay(r, e)
	}
}

// beforeNetwork waits out the host's Retry-After pause, if any, and its
// turn, and logs the request.
func (s *Site) beforeNetwork(r *colly.Request) {
	if err := s.waitTurn(s.ctx, r.URL); err != nil {
		r.Abort()
		return
	}
	r.Headers.Set(hdrPaced, "1")
	s.log.debugf("GET %s", r.URL)
}

// waitTurn waits, until ctx is done, for the host's Retry-After pause to
// end and for its turn under the crawl's delay or its Crawl-delay.
func (s *Site) waitTurn(ctx context.Context, u *url.URL) error {
	if err := s.pauses.wait(ctx, u.Host); err != nil {
		return err
	}
	return s.pace.wait(ctx, strings.ToLower(u.Host), s.gap())
}

func (s *Site) full() bool {
	if s.opts.MaxPages <= 0 {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.taken) >= s.opts.MaxPages
}

// replay runs a cached answer through the same callbacks as a fetched one.
func (s *Site) replay(r *colly.Request, e *entry) {
	resp, err := cachedResponse(r, e)
	if err != nil {
		s.fail(r.URL, 0, "cache: "+err.Error(), r.Ctx.Get("kind"), r.Ctx)
		return
	}
	body := resp.Body
	s.onPageResponse(resp)
	if _, ok := s.accepted.Load(resp); !ok {
		return
	}
	defer s.scraped(resp)
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil {
		return
	}
	for _, rule := range s.htmlRules() {
		i := 0
		doc.Find(rule.selector).Each(func(_ int, sel *goquery.Selection) {
			for _, n := range sel.Nodes {
				rule.fn(colly.NewHTMLElementFromSelectionNode(resp, sel, n, i))
				i++
			}
		})
	}
}

// cachedResponse is a cached answer as Colly would have handed it over.
func cachedResponse(r *colly.Request, e *entry) (*colly.Response, error) {
	body, err := e.read()
	if err != nil {
		return nil, err
	}
	h := e.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	shield(h)
	h.Set(hdrCache, "hit")
	return &colly.Response{StatusCode: e.Status, Body: body, Headers: &h, Ctx: r.Ctx, Request: r}, nil
}

// onPageHeaders stops a download that cannot be a page: too large, or
// not HTML (a link to a PDF or an image is not fetched as a page).
func (s *Site) onPageHeaders(resp *colly.Response) {
	if resp.StatusCode < 200 || resp.StatusCode >= 300 {
		return
	}
	if n, err := strconv.ParseInt(resp.Headers.Get("Content-Length"), 10, 64); err == nil && n > s.opts.MaxPageBytes {
		resp.Ctx.Put("abort", fmt.Sprintf("%d bytes is over the %d-byte page limit", n, s.opts.MaxPageBytes))
		resp.Request.Abort()
		return
	}
	if ct := resp.Headers.Get(hdrContentType); ct != "" && !isHTMLType(ct) {
		resp.Ctx.Put("abort", "skip:"+skipNotPage)
		resp.Request.Abort()
	}
}

func (s *Site) onPageResponse(resp *colly.Response) {
	u := resp.Request.URL
	kind := resp.Ctx.Get("kind")
	st := resp.StatusCode
	switch {
	case isRedirect(st):
		loc := resp.Headers.Get("Location")
		if loc == "" {
			s.fail(u, st, "redirect without a Location", kind, resp.Ctx)
			return
		}
		s.redirect(u, resp.Request.AbsoluteURL(loc), kind)
	case st == http.StatusTooManyRequests || st >= 500:
		s.retry(resp.Request, st, resp.Headers.Get("Retry-After"), http.StatusText(st))
	case st == http.StatusNotFound || st == http.StatusGone:
		if kind != kindProbe {
			s.mu.Lock()
			s.missing[fetchKey(u)] = resp.Ctx.Get("from")
			s.goneStatus[fetchKey(u)] = st
			s.mu.Unlock()
			s.log.debugf("%d %s", st, u)
		}
	case st >= 200 && st < 300:
		s.take(resp)
	default:
		s.fail(u, st, http.StatusText(st), kind, resp.Ctx)
	}
}

// take keeps a fetched page: it will be yielded by Walk, and its links
// are followed.
func (s *Site) take(resp *colly.Response) {
	u := resp.Request.URL
	kind := resp.Ctx.Get("kind")
	if int64(len(resp.Body)) > s.opts.MaxPageBytes {
		s.fail(u, resp.StatusCode, fmt.Sprintf("the body is over the %d-byte page limit", s.opts.MaxPageBytes), kind, resp.Ctx)
		return
	}
	if !isHTML(resp.Headers.Get(hdrContentType), resp.Body) {
		s.skip(skipNotPage)
		return
	}
	key := fetchKey(u)
	s.mu.Lock()
	if s.opts.MaxPages > 0 && len(s.taken) >= s.opts.MaxPages && kind != kindStart {
		s.mu.Unlock()
		s.skip(skipMaxPages)
		return
	}
	s.taken[key] = true
	s.stats.Pages++
	switch resp.Headers.Get(hdrCache) {
	case "hit":
		s.stats.Cached++
	case "revalidated":
		s.stats.Revalidated++
	}
	delete(s.failures, key)
	s.mu.Unlock()
	s.accepted.Store(resp, true)
}

func isRedirect(st int) bool {
	switch st {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

func isHTMLType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(strings.SplitN(ct, ";", 2)[0]))
	}
	return mt == "text/html" || mt == "application/xhtml+xml"
}

func isHTML(ct string, body []byte) bool {
	if ct != "" {
		return isHTMLType(ct)
	}
	return strings.HasPrefix(http.DetectContentType(body), "text/html")
}

// redirect records one hop and queues its target.
func (s *Site) redirect(from *url.URL, target, kind string) {
	if kind == kindProbe {
		// A guessed URL that redirects (a static front page's /page/2/)
		// is no legacy address of anything.
		return
	}
	if kind == kindStart {
		if t, err := url.Parse(target); err == nil && !s.scope.onOrigin(t) {
			// The site lives elsewhere now, or the start URL is a hop to a
			// host nobody named: the user says which host to crawl.
			s.fail(from, 0, fmt.Sprintf("a redirect to %s, another host: pass --from %s to crawl that site", target, target), kind, nil)
			return
		}
	}
	s.mu.Lock()
	s.stats.Redirects++
	if kind == kindStart {
		s.startRedirect = target
		s.mu.Unlock()
		return
	}
	t, ok := s.scope.fetchURL(target)
	if ok {
		s.hops[fetchKey(from)] = t.String()
	} else {
		s.hops[fetchKey(from)] = target
	}
	s.mu.Unlock()
	s.log.debugf("%s → %s", from, target)
	if ok {
		s.enqueue(t.String(), fetchKey(from), kindPage)
	}
}

// onError handles requests that got no answer: timeouts and network
// errors are retried; downloads stopped on purpose are counted.
func (s *Site) onError(resp *colly.Response, err error) {
	r := resp.Request
	kind := r.Ctx.Get("kind")
	if reason := r.Ctx.Get("abort"); reason != "" {
		r.Ctx.Put("abort", "")
		if skip, ok := strings.CutPrefix(reason, "skip:"); ok {
			s.skip(skip)
			s.log.debugf("%s: %s", r.URL, skip)
			return
		}
		s.fail(r.URL, resp.StatusCode, reason, kind, r.Ctx)
		return
	}
	if s.ctx.Err() != nil || errors.Is(err, context.Canceled) {
		return
	}
	s.retry(r, 0, "", err.Error())
}

// retry tries a request again after a backoff, or gives up and records
// the failure.
func (s *Site) retry(r *colly.Request, status int, retryAfter, reason string) {
	kind := r.Ctx.Get("kind")
	n, _ := strconv.Atoi(r.Ctx.Get("attempt"))
	n++
	wait, honoured := s.backoff(n, retryAfter)
	switch {
	case n > s.opts.Retries && s.useStale(r, reason):
		return
	case n > s.opts.Retries:
		s.fail(r.URL, status, fmt.Sprintf("%s (%d attempts)", reason, n), kind, r.Ctx)
		return
	case !honoured:
		s.fail(r.URL, status, fmt.Sprintf("%s; the server asks to retry after %s, more than %s", reason, retryAfter, s.opts.MaxRetryAfter), kind, r.Ctx)
		return
	}
	if status == http.StatusTooManyRequests || (status == http.StatusServiceUnavailable && retryAfter != "") {
		// Every worker backs off from this host, not only this one.
		s.pauses.set(r.URL.Host, time.Now().Add(wait))
	}
	s.retries.Add(1)
	s.log.debugf("%s: %s; retry %d of %d in %s", r.URL, reason, n, s.opts.Retries, wait.Round(time.Millisecond))
	if scrape.Sleep(s.ctx, wait) != nil {
		return
	}
	r.Ctx.Put("attempt", strconv.Itoa(n))
	if err := r.Retry(); refused(err) {
		s.fail(r.URL, status, err.Error(), kind, r.Ctx)
	}
}

// useStale answers a page, sitemap or robots.txt that could not be
// revalidated (the server kept failing) from its cache entry, with a
// warning: a site that is down for a night does not lose its pages in
// the re-sync. It reports whether there was an entry.
func (s *Site) useStale(r *colly.Request, reason string) bool {
	e, ok := s.cache.get(r.URL.String())
	if !ok {
		return false
	}
	s.log.warnf("%s: %s: using the copy fetched %s", r.URL, reason, e.Fetched.Local().Format(time.DateTime))
	s.mu.Lock()
	s.stats.Stale++
	s.mu.Unlock()
	s.replayAny(r, e)
	return true
}

// refused reports whether Colly refused to make a request (robots.txt,
// the allowed hosts): a fetch that was made and failed has been handled
// by the callbacks already, and its error comes back here too.
func refused(err error) bool {
	for _, e := range []error{colly.ErrRobotsTxtBlocked, colly.ErrForbiddenDomain, colly.ErrForbiddenURL, colly.ErrNoURLFiltersMatch, colly.ErrMissingURL, colly.ErrMaxRequests, colly.ErrMaxDepth} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// backoff is the wait before attempt n (1 = the first retry): the
// server's Retry-After when it gives one, else RetryWait doubling each
// time, with ±25% jitter so that workers do not retry in step. honoured
// is false when Retry-After asks for longer than MaxRetryAfter.
func (s *Site) backoff(n int, retryAfter string) (wait time.Duration, honoured bool) {
	if d, ok := parseRetryAfter(retryAfter, time.Now()); ok {
		return d, d <= s.opts.MaxRetryAfter
	}
	d := s.opts.RetryWait << (n - 1)
	d = min(d, 30*time.Second)
	jitter := time.Duration(rand.Int64N(int64(d)/2+1)) - d/4
	return d + jitter, true
}

// parseRetryAfter reads a Retry-After header: seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// fail records a URL that could not be had.
func (s *Site) fail(u *url.URL, status int, reason, kind string, ctx *colly.Context) {
	fe := &FetchError{URL: u.String(), Status: status, Reason: reason}
	switch kind {
	case kindSitemap, kindRobots:
		if ctx.Get("probe") == "" {
			s.log.warnf("%s: %v", u, fe)
		}
	case kindProbe:
	default:
		s.mu.Lock()
		s.failures[fetchKey(u)] = fe
		s.mu.Unlock()
		s.log.debugf("failed: %s: %v", u, fe)
	}
}
