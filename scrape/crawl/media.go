package crawl

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/unpress/unpress/scrape"
)

// Media is never fetched by Walk: the migration asks for the files its
// posts use, one at a time, with MediaFile, which downloads each URL once
// into the cache and hands back the cached file.

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
	if s.opts.Offline {
		return "", false, &FetchError{URL: key, Reason: ErrOffline.Error()}
	}
	s.mediaMu.Lock()
	defer s.mediaMu.Unlock()
	next := key
	for hop := 0; ; hop++ {
		if hop > maxRedirects {
			return "", false, fmt.Errorf("%s: more than %d redirects", key, maxRedirects)
		}
		location, err := s.downloadMedia(ctx, next)
		if err != nil {
			var fe *FetchError
			missing := errors.As(err, &fe) && (fe.Status == http.StatusNotFound || fe.Status == http.StatusGone)
			return "", missing, err
		}
		if location == "" {
			break
		}
		loc, err := url.Parse(location)
		if err != nil {
			return "", false, fmt.Errorf("%s redirects to %q: %w", next, location, err)
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
	e, ok := s.cache.get(next)
	if !ok {
		return "", false, fmt.Errorf("%s: the download did not complete (the cache could not store it)", key)
	}
	return mediaFromEntry(key, e)
}

// downloadMedia fetches one URL into the cache, retrying what a busy
// server refuses as pages are retried, and returns where a redirect
// points ("" for none).
func (s *Site) downloadMedia(ctx context.Context, u string) (location string, err error) {
	for n := 1; ; n++ {
		location, retryAfter, err := s.mediaOnce(ctx, u)
		if err == nil || ctx.Err() != nil {
			return location, cmp.Or(ctx.Err(), err)
		}
		var fe *FetchError
		status := 0
		if errors.As(err, &fe) {
			status = fe.Status
			if status != http.StatusTooManyRequests && status < 500 {
				return "", err // no retry changes it
			}
		}
		if n > s.opts.Retries {
			return "", fmt.Errorf("%w (%d attempts)", err, n)
		}
		wait, honoured := s.backoff(n, retryAfter)
		if !honoured {
			return "", fmt.Errorf("%w; the server asks to retry after %s, more than %s", err, retryAfter, s.opts.MaxRetryAfter)
		}
		if status == http.StatusTooManyRequests || (status == http.StatusServiceUnavailable && retryAfter != "") {
			s.pauses.set(hostOf(u), time.Now().Add(wait))
		}
		s.retries.Add(1)
		s.log.debugf("%s: %v; retry %d of %d in %s", u, err, n, s.opts.Retries, wait.Round(time.Millisecond))
		if err := scrape.Sleep(ctx, wait); err != nil {
			return "", err
		}
	}
}

// mediaOnce sends one request for a media file. The body streams from
// the network through the transport into the cache's temporary file,
// committed once whole, and never into memory: what MediaFile hands back
// is that file. A body over MaxMediaBytes is cut there and not kept.
func (s *Site) mediaOnce(ctx context.Context, u string) (location, retryAfter string, err error) {
	pu, err := url.Parse(u)
	if err != nil {
		return "", "", err
	}
	if err := s.waitTurn(ctx, pu); err != nil {
		return "", "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", "", err
	}
	req.Header.Set("User-Agent", s.ua)
	req.Header.Set(hdrPaced, "1")
	s.log.debugf("GET %s", u)
	resp, err := s.mediaClient.Do(req)
	if err != nil {
		return "", "", err
	}
	defer resp.Body.Close()
	st := resp.StatusCode
	fail := func(reason string) *FetchError { return &FetchError{URL: u, Status: st, Reason: reason} }
	if st < 200 || st >= 300 {
		// A small body to its end, so that the transport caches the
		// redirect or the 404 (cachedFinal, HasMedia read them there).
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		switch {
		case isRedirect(st) && resp.Header.Get("Location") == "":
			return "", "", fail("redirect without a Location")
		case isRedirect(st):
			loc, err := pu.Parse(resp.Header.Get("Location"))
			if err != nil {
				return "", "", fail(fmt.Sprintf("redirect to %q: %v", resp.Header.Get("Location"), err))
			}
			return loc.String(), "", nil
		}
		return "", resp.Header.Get("Retry-After"), fail(http.StatusText(st))
	}
	limit := s.opts.MaxMediaBytes
	switch {
	case resp.ContentLength > limit:
		return "", "", fail(fmt.Sprintf("%d bytes is over the %d-byte media limit", resp.ContentLength, limit))
	case isHTMLType(resp.Header.Get(hdrContentType)):
		return "", "", fail("an HTML page, not a media file")
	}
	n, err := io.Copy(io.Discard, io.LimitReader(resp.Body, limit+1))
	switch {
	case err != nil:
		return "", "", fmt.Errorf("%s: after %d bytes: %w", u, n, err)
	case n > limit:
		return "", "", fail(fmt.Sprintf("over the %d-byte media limit", limit))
	}
	return "", "", nil
}

func hostOf(u string) string {
	if pu, err := url.Parse(u); err == nil {
		return pu.Host
	}
	return ""
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
