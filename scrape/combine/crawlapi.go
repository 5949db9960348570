package combine

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/crawl"
	"github.com/unpress/unpress/scrape/extract"
	"github.com/unpress/unpress/scrape/fence"
	"github.com/unpress/unpress/scrape/wpapi"
)

// CrawlWithAPI is a crawl that also reads the REST API the site announces
// (<link rel="https://api.w.org/">): its records carry the exact dates,
// authors and terms that pages only hint at, and the site merges them into
// the crawled pages, reporting every disagreement.
type CrawlWithAPI struct {
	*crawl.Site
	// Delay is the pause between API requests.
	Delay time.Duration
	// Version names unpress in the User-Agent.
	Version string
	// Say prints a line of progress or a warning; nil says nothing (the
	// API is a help, not a duty).
	Say func(format string, args ...any)
}

func (a *CrawlWithAPI) say(format string, args ...any) {
	if a.Say != nil {
		a.Say(format, args...)
	}
}

// Records reads the REST API once the pages are crawled (a migration calls
// it after Walk, when the API's address is known). An API that does not
// answer is a warning, not a failed page: the pages stand on their own.
func (a *CrawlWithAPI) Records(ctx context.Context, fn func(*extract.Record) error, onErr func(*scrape.PageError)) error {
	root := a.RESTRoot()
	if root == "" {
		return nil
	}
	ru, err := a.Base().Parse(root)
	if err != nil {
		a.say("unpress: REST API %q: %v: not used\n", root, err)
		return nil
	}
	// The API is named on the site's public host; ask the host the crawl
	// fetches from, as the crawl does for pages. Anywhere else (a page
	// naming another site's API) is not the site's to send the crawl to.
	inScope := func(u *url.URL) bool { return scrape.SameHost(u.Host, a.Base().Host) || a.Reachable(u) }
	if !inScope(ru) {
		a.say("unpress: the REST API %s that %s names is on another host: not read\n", ru, a.Origin())
		return nil
	}
	client := &http.Client{Timeout: wpapi.DefaultTimeout, Transport: hostMap{from: a.Base().Host, to: a.Origin(), next: a.Transport()},
		CheckRedirect: fence.Redirects(inScope, nil)}
	c, err := wpapi.New(ctx, ru.String(), wpapi.Options{Client: client, UserAgent: crawl.UserAgent(a.Version), Delay: a.Delay})
	if err != nil {
		a.say("unpress: REST API %s: %v: the crawled pages are used alone\n", ru, err)
		return nil
	}
	defer c.Close()
	n, failed := 0, 0
	err = c.Records(ctx, func(rec *extract.Record) error {
		n++
		return fn(rec)
	}, func(e *scrape.PageError) {
		failed++
		a.say("unpress: REST API: %v\n", e)
	})
	if err != nil && ctx.Err() == nil {
		a.say("unpress: REST API %s: %v: the crawled pages are used alone\n", ru, err)
		return nil
	}
	a.say("REST API %s: %d posts and pages merged with the crawled pages (--no-api to switch off)\n", ru, n)
	return err
}

// hostMap sends requests for one host to another scheme and host.
type hostMap struct {
	from string
	to   *url.URL
	next http.RoundTripper // the crawl's cache (nil: the network)
}

func (h hostMap) RoundTrip(r *http.Request) (*http.Response, error) {
	if scrape.SameHost(r.URL.Host, h.from) && h.to != nil {
		r = r.Clone(r.Context())
		r.URL.Scheme, r.URL.Host = h.to.Scheme, h.to.Host
		r.Host = ""
	}
	if h.next != nil {
		return h.next.RoundTrip(r)
	}
	return http.DefaultTransport.RoundTrip(r)
}
