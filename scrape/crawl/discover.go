package crawl

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gocolly/colly/v2"
	"github.com/temoto/robotstxt"
)

// crawl runs the whole crawl: robots.txt, the start page, sitemaps, then
// the page queue until it is empty.
func (s *Site) crawl(ctx context.Context) error {
	s.ctx = ctx
	for _, c := range []*colly.Collector{s.pages, s.aux} {
		c.Context = ctx
	}
	s.started = time.Now()
	resumed, other, err := s.cache.beginRun(s.started)
	if err != nil {
		return fmt.Errorf("crawl: cache: %w", err)
	}
	switch {
	case resumed:
		s.log.infof("resuming the interrupted crawl: what it fetched is not asked for again")
	case other > 0:
		s.log.infof("another unpress (process %d) is crawling with this cache now: this run crawls on its own", other)
	}
	stop := s.showProgress(ctx)
	defer stop()
	if s.opts.IgnoreRobots {
		s.log.warnf("--ignore-robots: fetching what %s's robots.txt disallows; be gentle", s.scope.originURL().Host)
	}
	if err := s.loadRobots(s.scope.originURL()); err != nil {
		return err
	}
	if err := s.visitStart(); err != nil {
		return err
	}
	s.readSitemaps()
	if err := ctx.Err(); err != nil {
		return err
	}
	s.queueRecheck()
	err = s.q.Run(s.pages)
	s.frontier.close()
	if err != nil {
		return fmt.Errorf("crawl: queue: %w", err)
	}
	s.mu.Lock()
	s.closed, s.crawled = true, true
	s.mu.Unlock()
	if err := ctx.Err(); err != nil {
		stop()
		s.log.infof("interrupted: %s; run again to resume from the cache", s.Stats().line())
		return err
	}
	if err := s.cache.endRun(); err != nil {
		s.log.warnf("cache: %v", err)
	}
	stop()
	s.summary()
	return nil
}

// showProgress reports the totals until the returned func is called.
func (s *Site) showProgress(ctx context.Context) func() {
	done := make(chan struct{})
	var once sync.Once
	go func() {
		t := time.NewTicker(s.log.interval())
		defer t.Stop()
		for {
			select {
			case <-t.C:
				s.log.status(s.Stats())
			case <-done:
				return
			case <-ctx.Done():
				return
			}
		}
	}()
	return func() {
		once.Do(func() {
			close(done)
			s.log.done(s.Stats())
		})
	}
}

func (s *Site) summary() {
	st := s.Stats()
	s.log.infof("%s in %s", st.line(), st.Elapsed.Round(time.Millisecond))
	if rest := s.RESTRoot(); rest != "" {
		s.log.infof("WordPress REST API at %s", rest)
	}
	if len(st.Skipped) > 0 {
		s.log.debugf("not fetched: %s", skippedLine(st.Skipped))
	}
	s.mu.Lock()
	missing := slices.Sorted(maps.Keys(s.missing))
	s.mu.Unlock()
	if len(missing) > 0 {
		s.log.infof("%d links lead to missing pages (404/410); --verbose lists them", len(missing))
		for _, m := range missing {
			s.mu.Lock()
			from := s.missing[m]
			s.mu.Unlock()
			s.log.debugf("  missing: %s (linked from %s)", m, from)
		}
	}
	if s.opts.MaxPages > 0 && st.Pages >= s.opts.MaxPages {
		s.log.warnf("stopped at --max-pages %d: the site has more", s.opts.MaxPages)
	}
}

// loadRobots reads a host's robots.txt: its rules (Colly enforces them
// too; reading them here lets the crawl skip and count what they
// disallow) and its Sitemap lines.
func (s *Site) loadRobots(origin *url.URL) error {
	ru := &url.URL{Scheme: origin.Scheme, Host: origin.Host, Path: "/robots.txt"}
	ctx := colly.NewContext()
	ctx.Put("kind", kindRobots)
	if err := s.aux.Request(http.MethodGet, ru.String(), nil, ctx, nil); err != nil {
		if !errors.Is(err, colly.ErrRobotsTxtBlocked) {
			if ue := unreachable(s.opts.Start.String(), err); ue != nil {
				return ue
			}
			return fmt.Errorf("crawl: %s: %w", ru, err)
		}
		// Colly read it first: it disallows everything to unpress, or
		// the server failed (which counts as "disallow all").
		s.log.warnf("%s disallows everything to unpress, or could not be read", ru)
	}
	s.aux.Wait()
	if err := s.ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	data := s.robots[origin.Host]
	s.mu.Unlock()
	var crawlDelay time.Duration
	if data != nil && !s.opts.IgnoreRobots {
		if g := data.FindGroup(s.ua); g != nil {
			crawlDelay = g.CrawlDelay
		}
	}
	if err := s.ensureRules(origin.Host); err != nil {
		return err
	}
	if crawlDelay > s.opts.MaxCrawlDelay {
		s.log.warnf("%s asks for a Crawl-delay of %s: waiting %s, the bound, between requests", ru, crawlDelay, s.opts.MaxCrawlDelay)
		crawlDelay = s.opts.MaxCrawlDelay
	}
	if crawlDelay > s.opts.Delay {
		s.log.infof("%s asks for a Crawl-delay of %s: one request at a time", origin.Host, crawlDelay)
		return s.slowDown(origin.Host, crawlDelay)
	}
	return nil
}

func (s *Site) robotsAllow(u *url.URL) bool {
	if s.opts.IgnoreRobots {
		return true
	}
	s.mu.Lock()
	data := s.robots[u.Host]
	s.mu.Unlock()
	if data == nil {
		return true
	}
	p := u.EscapedPath()
	if u.RawQuery != "" {
		p += "?" + u.Query().Encode()
	}
	return data.TestAgent(p, s.ua)
}

// visitStart fetches the start page first and alone: where it redirects
// becomes the origin, and its REST API and canonical links tell the
// site's published address, which its links name.
func (s *Site) visitStart() error {
	next := s.opts.Start.String()
	if u, ok := s.scope.fetchURL(next); ok {
		next = u.String()
	}
	for hop := 0; ; hop++ {
		if hop > maxRedirects {
			return fmt.Errorf("crawl: %s: more than %d redirects", s.opts.Start, maxRedirects)
		}
		s.mu.Lock()
		s.seen[next] = true
		s.startRedirect = ""
		s.mu.Unlock()
		s.setHosts()
		ctx := colly.NewContext()
		ctx.Put("kind", kindStart)
		// Errors of the fetch itself went to OnError (and were retried);
		// what comes back here is a request Colly refused to make.
		switch err := s.pages.Request(http.MethodGet, next, nil, ctx, nil); {
		case errors.Is(err, colly.ErrRobotsTxtBlocked):
			return fmt.Errorf("crawl: robots.txt disallows %s; pass --ignore-robots to crawl it anyway", next)
		case errors.Is(err, colly.ErrForbiddenDomain), errors.Is(err, colly.ErrForbiddenURL), errors.Is(err, colly.ErrNoURLFiltersMatch), errors.Is(err, colly.ErrMissingURL):
			return fmt.Errorf("crawl: %s: %w", next, err)
		}
		if err := s.ctx.Err(); err != nil {
			return err
		}
		s.mu.Lock()
		target := s.startRedirect
		s.mu.Unlock()
		if target == "" {
			break
		}
		t, err := url.Parse(target)
		if err != nil {
			return fmt.Errorf("crawl: %s redirects to %q: %w", next, target, err)
		}
		if o := s.scope.originURL(); t.Scheme != o.Scheme || !strings.EqualFold(t.Host, o.Host) {
			// The site lives there now: fetch everything from there.
			s.log.infof("%s redirects to %s: crawling %s", next, target, t.Scheme+"://"+t.Host)
			s.scope.setOrigin(t)
			s.setHosts()
			if err := s.ensureRules(t.Host); err != nil {
				return err
			}
			if err := s.loadRobots(s.scope.originURL()); err != nil {
				return err
			}
		}
		f, ok := s.scope.fetchURL(target)
		if !ok {
			return fmt.Errorf("crawl: %s redirects to %s, which cannot be crawled", next, target)
		}
		s.mu.Lock()
		s.hops[next] = f.String()
		loop := s.seen[f.String()]
		s.mu.Unlock()
		if loop {
			return fmt.Errorf("crawl: the start URL is in a redirect loop (%s → %s)", next, f)
		}
		next = f.String()
	}
	s.mu.Lock()
	took := s.taken[next]
	fe := s.failures[next]
	s.mu.Unlock()
	if !took {
		reason := "no HTML page"
		if fe != nil {
			reason = fe.Error()
		}
		return fmt.Errorf("crawl: the start URL %s gave %s", next, reason)
	}
	// Pagination that a theme only loads with JavaScript: try /page/2/.
	if u, err := url.Parse(next); err == nil && strings.HasSuffix(u.Path, "/") && u.RawQuery == "" {
		s.enqueue(u.JoinPath("page", "2").String()+"/", next, kindProbe)
	}
	return nil
}

// setHosts lets every collector reach the site's current hosts.
func (s *Site) setHosts() {
	hosts := s.scope.hosts()
	for _, c := range []*colly.Collector{s.pages, s.aux} {
		c.AllowedDomains = hosts
	}
}

// enqueue queues a URL found on the site to be fetched as a page, once,
// when it is in scope.
func (s *Site) enqueue(raw, from, kind string) {
	u, ok := s.scope.fetchURL(raw)
	if !ok {
		s.skip(skipOffSite)
		return
	}
	if r := s.scope.pageSkip(u); r != "" {
		s.skip(r)
		return
	}
	if !s.robotsAllow(u) {
		s.skip(skipRobots)
		s.log.debugf("%s: disallowed by robots.txt", u)
		return
	}
	key := u.String()
	s.mu.Lock()
	if s.seen[key] || s.closed {
		s.mu.Unlock()
		return
	}
	if s.opts.MaxPages > 0 && len(s.taken) >= s.opts.MaxPages {
		s.mu.Unlock()
		s.skip(skipMaxPages)
		return
	}
	if n := s.stats.Discovered; s.opts.MaxPages > 0 && n >= DiscoveredPerPage*s.opts.MaxPages {
		s.mu.Unlock()
		s.skip(skipMaxPages)
		s.warnOnce("discovered", "crawl: %d URLs queued, the bound (%d × --max-pages): the others found are not", n, DiscoveredPerPage)
		return
	}
	if listing, warning := s.trapSkip(u); warning != "" {
		s.mu.Unlock()
		s.skip(skipTrap)
		s.warnOnce("trap "+listing, "%s", warning)
		return
	}
	s.seen[key] = true
	s.stats.Discovered++
	s.noteFresh(u, from)
	s.mu.Unlock()
	ctx := colly.NewContext()
	ctx.Put("kind", kind)
	ctx.Put("from", from)
	if err := s.q.AddRequest(&colly.Request{URL: u, Method: http.MethodGet, Ctx: ctx}); err != nil {
		s.fail(u, 0, "cannot queue: "+err.Error(), kind, ctx)
	}
}

func (s *Site) skip(reason string) {
	s.mu.Lock()
	s.skipped[reason]++
	s.mu.Unlock()
}

// fetchKey is the form of a requested URL the crawl keys its state by.
func fetchKey(u *url.URL) string { return u.String() }

// Identity: what the start page says about the site.

// isTaken reports whether an element is on a page the crawl took (a 200
// HTML page, not an error page or a page over a limit).
func (s *Site) isTaken(e *colly.HTMLElement) bool {
	_, ok := s.accepted.Load(e.Response)
	return ok
}

func (s *Site) onRESTLink(e *colly.HTMLElement) {
	if !s.isTaken(e) || e.Request.Ctx.Get("kind") != kindStart {
		return
	}
	href := e.Request.AbsoluteURL(e.Attr("href"))
	u, err := url.Parse(href)
	if err != nil || u.Host == "" {
		return
	}
	s.mu.Lock()
	if s.restRoot == "" {
		s.restRoot = href
	}
	s.mu.Unlock()
	if s.opts.Base != nil || s.baseLearned() {
		return
	}
	b := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}
	if strings.HasSuffix(b.Path, "/wp-json/") || strings.HasSuffix(b.Path, "/wp-json") {
		b.Path = b.Path[:strings.LastIndex(b.Path, "/wp-json")+1]
	} else if u.Query().Get("rest_route") == "" {
		return
	}
	s.learnBase(b, "its REST API link")
}

func (s *Site) onCanonical(e *colly.HTMLElement) {
	if !s.isTaken(e) || e.Request.Ctx.Get("kind") != kindStart || s.opts.Base != nil || s.baseLearned() {
		return
	}
	href := e.Attr("href")
	if href == "" {
		href = e.Attr("content")
	}
	c, err := url.Parse(e.Request.AbsoluteURL(href))
	if err != nil || c.Host == "" {
		return
	}
	// The canonical path ends with the page's path under the site's root;
	// what is before it is the site's root there.
	rel := strings.TrimPrefix(e.Request.URL.EscapedPath(), s.scope.originURL().Path)
	root := "/"
	if p := upperEscapes(c.EscapedPath()); strings.HasSuffix(p, "/"+rel) || rel == "" {
		root = dirOf(strings.TrimSuffix(p, rel))
	}
	b := &url.URL{Scheme: c.Scheme, Host: c.Host}
	setEscapedPath(b, root)
	s.learnBase(b, "its canonical link")
}

func (s *Site) baseLearned() bool {
	s.scope.mu.RLock()
	defer s.scope.mu.RUnlock()
	return s.scope.base != nil
}

func (s *Site) learnBase(b *url.URL, from string) {
	if b.Scheme != "http" && b.Scheme != "https" {
		return
	}
	s.scope.setBase(b)
	if o := s.scope.originURL(); !strings.EqualFold(o.Host, b.Host) {
		s.log.infof("the site names itself %s (%s): its links there are fetched from %s", b, from, o)
	}
}

func (s *Site) onLink(e *colly.HTMLElement) {
	if !s.isTaken(e) {
		return
	}
	if abs := e.Request.AbsoluteURL(e.Attr("href")); abs != "" {
		s.enqueue(abs, e.Request.URL.String(), kindPage)
	}
}

// Callbacks of the robots.txt and sitemap collector.

func (s *Site) setupAux() {
	c := s.aux
	c.OnRequest(func(r *colly.Request) {
		if s.ctx.Err() != nil {
			r.Abort()
			return
		}
		// From the cache without the host's delay, as pages are.
		if s.fromCache(r) {
			return
		}
		s.beforeNetwork(r)
	})
	c.OnResponse(s.onAuxResponse)
	c.OnError(s.onError)
}

func (s *Site) onAuxResponse(resp *colly.Response) {
	r := resp.Request
	kind := r.Ctx.Get("kind")
	st := resp.StatusCode
	if st == http.StatusTooManyRequests || st >= 500 {
		if kind == kindRobots {
			// Colly has read it already and treats 5xx as "disallow all".
			s.log.warnf("%s: HTTP %d", r.URL, st)
			return
		}
		s.retry(r, st, resp.Headers.Get("Retry-After"), http.StatusText(st))
		return
	}
	switch kind {
	case kindRobots:
		data, err := robotstxt.FromStatusAndBytes(st, resp.Body)
		if err != nil {
			s.log.warnf("%s: %v", r.URL, err)
			return
		}
		s.mu.Lock()
		s.robots[r.URL.Host] = data
		s.robotSitemaps = append(s.robotSitemaps, data.Sitemaps...)
		s.mu.Unlock()
	case kindSitemap:
		s.onSitemap(resp)
	}
}
