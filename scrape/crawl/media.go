package crawl

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gocolly/colly/v2"
)

// Media is never fetched by Walk: the migration asks for the files its
// posts use, one at a time, with MediaFile, which downloads each URL once
// into the cache and hands back the cached file.

// mediaOutcome is what one media request produced, filled by the media
// collector's callbacks.
type mediaOutcome struct {
	final    string // the URL the body came from
	location string // where a redirect points
	err      error
}

// mediaResult is one URL's download, shared by concurrent callers.
type mediaResult struct {
	done    chan struct{}
	path    string
	err     error
	missing bool
}

// HasMedia tells, without fetching, whether a media URL may be had: it is
// on the site or an allowed host, and is not known to be missing.
func (s *Site) HasMedia(u *url.URL) bool {
	f, ok := s.scope.mediaURL(u)
	if !ok {
		return false
	}
	if v, ok := s.mediaRes.Load(f.String()); ok {
		r := v.(*mediaResult)
		select {
		case <-r.done:
			return !r.missing
		default:
		}
	}
	if e, ok := s.cachedFinal(f.String()); ok && (e.Status == http.StatusNotFound || e.Status == http.StatusGone) {
		return false
	}
	return true
}

// MediaFile downloads a media file into the cache, once per URL, and
// returns the cached file. A URL already in the cache is not fetched.
func (s *Site) MediaFile(ctx context.Context, u *url.URL) (string, error) {
	f, ok := s.scope.mediaURL(u)
	if !ok {
		return "", fmt.Errorf("%s is not on the site or an allowed host", u)
	}
	key := f.String()
	v, loaded := s.mediaRes.LoadOrStore(key, &mediaResult{done: make(chan struct{})})
	r := v.(*mediaResult)
	if loaded {
		select {
		case <-r.done:
			return r.path, r.err
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
	r.path, r.missing, r.err = s.fetchMedia(ctx, key)
	if ctx.Err() != nil {
		s.mediaRes.Delete(key) // interrupted: a later call tries again
	}
	close(r.done)
	return r.path, r.err
}

func (s *Site) fetchMedia(ctx context.Context, key string) (path string, missing bool, err error) {
	if e, ok := s.cachedFinal(key); ok {
		return mediaFromEntry(key, e)
	}
	s.mediaMu.Lock()
	defer s.mediaMu.Unlock()
	s.media.Context = ctx
	out := &mediaOutcome{}
	next := key
	for hop := 0; ; hop++ {
		if hop > maxRedirects {
			return "", false, fmt.Errorf("%s: more than %d redirects", key, maxRedirects)
		}
		out.location = ""
		cctx := colly.NewContext()
		cctx.Put("kind", kindMedia)
		cctx.Put("out", out)
		// A fetch error was handled (retried) by OnError already; what
		// comes back here matters when Colly refused the request.
		if rerr := s.media.Request(http.MethodGet, next, nil, cctx, nil); refused(rerr) {
			out.err = rerr
		}
		if out.location == "" || out.err != nil {
			break
		}
		loc, err := url.Parse(out.location)
		if err != nil {
			return "", false, fmt.Errorf("%s redirects to %q: %w", next, out.location, err)
		}
		f, ok := s.scope.mediaURL(loc)
		if !ok {
			return "", false, fmt.Errorf("%s redirects to %s, off the site (--allow-host %s to fetch it)", next, loc, loc.Host)
		}
		next = f.String()
		if e, ok := s.cachedFinal(next); ok {
			return mediaFromEntry(key, e)
		}
	}
	if err := ctx.Err(); err != nil {
		return "", false, err
	}
	if out.err == nil && out.final == "" {
		out.err = fmt.Errorf("%s: no answer", key)
	}
	if out.err != nil {
		var fe *FetchError
		missing := errors.As(out.err, &fe) && (fe.Status == http.StatusNotFound || fe.Status == http.StatusGone)
		return "", missing, out.err
	}
	e, ok := s.cache.get(out.final)
	if !ok {
		return "", false, fmt.Errorf("%s: the download did not complete", key)
	}
	return mediaFromEntry(key, e)
}

func mediaFromEntry(key string, e *entry) (string, bool, error) {
	switch {
	case e.Status >= 200 && e.Status < 300:
		if isHTMLType(e.Header.Get("Content-Type")) {
			return "", false, &FetchError{URL: key, Status: e.Status, Reason: "an HTML page, not a media file"}
		}
		return e.body, false, nil
	case e.Status == http.StatusNotFound || e.Status == http.StatusGone:
		return "", true, &FetchError{URL: key, Status: e.Status, Reason: http.StatusText(e.Status)}
	}
	return "", false, &FetchError{URL: key, Status: e.Status, Reason: http.StatusText(e.Status)}
}

// cachedFinal follows redirects through the cache to the entry a URL
// ends at, if every hop is cached.
func (s *Site) cachedFinal(key string) (*entry, bool) {
	for range maxRedirects {
		e, ok := s.cache.get(key)
		if !ok {
			return nil, false
		}
		if !isRedirect(e.Status) {
			return e, true
		}
		base, err := url.Parse(key)
		if err != nil {
			return nil, false
		}
		loc, err := base.Parse(e.Header.Get("Location"))
		if err != nil {
			return nil, false
		}
		key = loc.String()
	}
	return nil, false
}

func (s *Site) setupMedia() {
	c := s.media
	c.OnRequest(func(r *colly.Request) {
		if c.Context != nil && c.Context.Err() != nil {
			r.Abort()
			return
		}
		if s.opts.Offline {
			r.Abort()
			s.fail(r.URL, 0, ErrOffline.Error(), kindMedia, r.Ctx)
			return
		}
		s.beforeNetwork(r)
	})
	c.OnResponseHeaders(func(resp *colly.Response) {
		if resp.StatusCode < 200 || resp.StatusCode >= 300 {
			return
		}
		if n, err := strconv.ParseInt(resp.Headers.Get("Content-Length"), 10, 64); err == nil && n > s.opts.MaxMediaBytes {
			resp.Ctx.Put("abort", fmt.Sprintf("%d bytes is over the %d-byte media limit", n, s.opts.MaxMediaBytes))
			resp.Request.Abort()
		}
	})
	c.OnResponse(func(resp *colly.Response) {
		out, ok := resp.Ctx.GetAny("out").(*mediaOutcome)
		if !ok {
			return
		}
		st := resp.StatusCode
		switch {
		case isRedirect(st):
			out.location = resp.Request.AbsoluteURL(resp.Headers.Get("Location"))
		case st == http.StatusTooManyRequests || st >= 500:
			s.retry(resp.Request, st, resp.Headers.Get("Retry-After"), http.StatusText(st))
		case st >= 200 && st < 300:
			switch {
			case int64(len(resp.Body)) > s.opts.MaxMediaBytes:
				out.err = &FetchError{URL: resp.Request.URL.String(), Status: st, Reason: fmt.Sprintf("over the %d-byte media limit", s.opts.MaxMediaBytes)}
			case isHTMLType(resp.Headers.Get(hdrContentType)):
				out.err = &FetchError{URL: resp.Request.URL.String(), Status: st, Reason: "an HTML page, not a media file"}
			default:
				out.final, out.err = resp.Request.URL.String(), nil
			}
		default:
			out.err = &FetchError{URL: resp.Request.URL.String(), Status: st, Reason: http.StatusText(st)}
		}
	})
	c.OnError(s.onError)
}
