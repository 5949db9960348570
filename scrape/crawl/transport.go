package crawl

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/unpress/unpress/scrape"
)

// Headers the transport adds to what Colly sees.
const (
	// hdrContentType is the Content-Type as the server sent it. Colly's
	// own Content-Type is cut to the media type, so that Colly does not
	// re-encode a page it believes is not UTF-8: the bytes reach the
	// decoder as the server sent them, as a mirror's files do.
	hdrContentType = "X-Unpress-Content-Type"
	// hdrCache is "hit" on an answer read from the cache, "revalidated"
	// on one the server confirmed with a 304.
	hdrCache = "X-Unpress-Cache"
	// hdrPaced marks a request that waited its turn before Colly's
	// client started its timeout (beforeNetwork); the transport paces the
	// others (Colly's own robots.txt check, the REST API) itself, and
	// sends the header to nobody.
	hdrPaced = "X-Unpress-Paced"
)

// ErrOffline is the error of a request that an offline crawl would have
// had to send.
var ErrOffline = errors.New("not in the cache, and the crawl is offline")

// transport is the http.RoundTripper under Colly's client. It answers
// from the cache, counts what goes over the network, streams cacheable
// answers into the cache as Colly reads them, and keeps Colly's hands off
// the bytes (no charset conversion, no unbounded gunzip: sitemaps are
// unzipped with a bound), and bounds every robots.txt, Colly's own reads
// of it included.
type transport struct {
	base        http.RoundTripper
	cache       *cache
	warnf       func(format string, args ...any) // a robots.txt over its bound
	pace        *pacer
	gap         func() time.Duration
	requests    atomic.Int64 // sent over the network
	conditional atomic.Int64 // of those, with validators
	notModified atomic.Int64 // answered 304
}

// RoundTrip answers from the cache when the entry is fresh; when it is
// stale, it asks the server with the entry's validators and answers a 304
// from the cache, marked "revalidated".
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	key := req.URL.String()
	var stale *entry
	if req.Method == http.MethodGet {
		if e, ok := t.cache.get(key); ok {
			if t.cache.fresh(e) {
				return e.response(req, "hit")
			}
			stale = e
		}
		if t.cache.offline {
			return nil, fmt.Errorf("%s: %w", key, ErrOffline)
		}
	}
	if stale != nil {
		if v := stale.validators(); len(v) > 0 {
			req = req.Clone(req.Context())
			for k, vs := range v {
				req.Header[k] = vs
			}
			t.conditional.Add(1)
		}
	}
	if req.Header.Get(hdrPaced) != "" {
		req = req.Clone(req.Context())
		req.Header.Del(hdrPaced)
	} else if err := t.pace.wait(req.Context(), strings.ToLower(req.URL.Host), t.gap()); err != nil {
		return nil, err
	}
	t.requests.Add(1)
	res, err := t.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	if stale != nil && res.StatusCode == http.StatusNotModified {
		io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
		res.Body.Close()
		t.notModified.Add(1)
		if err := t.cache.touch(stale, res.Header, time.Now()); err != nil {
			return nil, fmt.Errorf("cache: %w", err)
		}
		return stale.response(req, "revalidated")
	}
	if req.URL.Path == "/robots.txt" {
		// Whatever the status (the robots.txt reader reads a 404's body
		// too), and before the cache: what it keeps is what is obeyed.
		if err := t.boundRobots(req, res); err != nil {
			return nil, err
		}
	}
	if req.Method == http.MethodGet && cacheable(res.StatusCode) {
		if p, err := t.cache.begin(key, res.StatusCode, res.Header); err == nil {
			res.Body = &teeBody{rc: res.Body, p: p, now: time.Now}
		}
	}
	shield(res.Header)
	res.Uncompressed = true
	return res, nil
}

// MaxRobotsBytes bounds a robots.txt once unzipped: 500 KiB, Google's
// own bound. Colly and the crawl read robots.txt whole, and the Go client
// unzips it as it comes: a 1 MB gzip of a 2.7 GB robots.txt would
// otherwise be held in memory, and in the cache.
const MaxRobotsBytes = 500 << 10

// boundRobots cuts a robots.txt body at MaxRobotsBytes, at the last line
// break before it, with a warning naming the URL and the bound. The
// first 500 KiB are obeyed, as Google does, rather than none of it: a
// robots.txt that large is most often a long list of Disallow lines,
// and allowing everything would fetch what the site's owner forbids.
// The line cut in half is dropped, so no rule is read half-written.
func (t *transport) boundRobots(req *http.Request, res *http.Response) error {
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, MaxRobotsBytes+1))
	if err != nil {
		return err
	}
	if len(data) > MaxRobotsBytes {
		data = data[:bytes.LastIndexByte(data[:MaxRobotsBytes], '\n')+1]
		if t.warnf != nil {
			t.warnf("%s is over the bound of %d bytes once unzipped: only its first %d bytes are obeyed", req.URL, MaxRobotsBytes, len(data))
		}
	}
	res.Body = io.NopCloser(bytes.NewReader(data))
	res.ContentLength = int64(len(data))
	res.Header.Set("Content-Length", strconv.Itoa(len(data)))
	return nil
}

// shield moves the server's Content-Type aside and leaves Colly only
// the media type.
func shield(h http.Header) {
	ct := h.Get("Content-Type")
	h.Set(hdrContentType, ct)
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		h.Set("Content-Type", mt)
	} else if ct != "" {
		h.Set("Content-Type", strings.TrimSpace(strings.SplitN(ct, ";", 2)[0]))
	}
}

// response replays a cached answer; how is the hdrCache value.
func (e *entry) response(req *http.Request, how string) (*http.Response, error) {
	f, err := os.Open(e.body)
	if err != nil {
		return nil, err
	}
	h := e.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	shield(h)
	h.Set(hdrCache, how)
	return &http.Response{
		Status:        fmt.Sprintf("%d %s", e.Status, http.StatusText(e.Status)),
		StatusCode:    e.Status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        h,
		Body:          f,
		ContentLength: e.Size,
		Request:       req,
		Uncompressed:  true,
	}, nil
}

// pauses holds, per host, the time before which no request may go out:
// set when a server answers 429 or 503 with Retry-After, so that every
// worker backs off, not only the one that was told. Requests wait in
// OnRequest, before Colly's client starts its timeout.
type pauses struct {
	mu    sync.Mutex
	until map[string]time.Time
}

func (p *pauses) set(host string, t time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.until == nil {
		p.until = map[string]time.Time{}
	}
	if t.After(p.until[host]) {
		p.until[host] = t
	}
}

func (p *pauses) wait(ctx context.Context, host string) error {
	for {
		p.mu.Lock()
		d := time.Until(p.until[host])
		p.mu.Unlock()
		if d <= 0 {
			return ctx.Err()
		}
		if err := scrape.Sleep(ctx, d); err != nil {
			return err
		}
	}
}

// pacer spaces the requests to each host: at most Concurrency per Delay
// (plus a random part), or one per Crawl-delay. It waits before a request,
// under the crawl's context, where Colly's LimitRule would sleep after it
// ignoring any context: Ctrl-C or SIGTERM ends even a long Crawl-delay at
// once.
type pacer struct {
	mu   sync.Mutex
	next map[string]time.Time     // host → when its next request may go
	gap  map[string]time.Duration // host → its Crawl-delay, when robots.txt sets one
}

// setGap makes a host's requests at least d apart.
func (p *pacer) setGap(host string, d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.gap == nil {
		p.gap = map[string]time.Duration{}
	}
	p.gap[host] = d
}

// wait takes the host's next slot, gap (or the host's own gap) after the
// one before, and waits for it or until ctx is done.
func (p *pacer) wait(ctx context.Context, host string, gap time.Duration) error {
	p.mu.Lock()
	if p.next == nil {
		p.next = map[string]time.Time{}
	}
	if g, ok := p.gap[host]; ok {
		gap = g
	}
	now := time.Now()
	at, seen := p.next[host]
	switch {
	case !seen:
		// The first request waits a gap too, as if one had gone before:
		// N requests then take N gaps, and a host never sees more than
		// one request per gap over any stretch of the crawl.
		at = now.Add(gap)
	case at.Before(now):
		at = now
	}
	p.next[host] = at.Add(gap)
	p.mu.Unlock()
	if d := time.Until(at); d > 0 {
		return scrape.Sleep(ctx, d)
	}
	return ctx.Err()
}
