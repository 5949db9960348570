// Package wpapi reads a WordPress site through its REST API
// (/wp-json/wp/v2/): posts and pages become the same records the HTML
// extractor and the WXR reader make, with WordPress's exact values
// (dates with their offset, the author's display name, categories with
// their parents, tags, the featured image) and the body as WordPress
// rendered it.
//
// It pages through posts, pages, categories, tags, users and media with
// per_page=100 and the X-WP-TotalPages header, retries what a busy server
// refuses (429, 5xx, network errors; Retry-After is honoured), spaces its
// requests, bounds every response, and takes its HTTP client from the
// caller, so that a crawl can lend its cache, politeness and host mapping.
// Without credentials the API shows published posts only.
package wpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/fence"
)

// Defaults for Options left zero.
const (
	DefaultTimeout      = 30 * time.Second
	DefaultRetries      = 3
	DefaultRetryWait    = time.Second
	DefaultMaxRetryWait = time.Minute
	DefaultMaxBytes     = 64 << 20
	DefaultMaxMedia     = 256 << 20
	PerPage             = 100
	// DefaultMaxPages bounds the pages read of one collection: 5,000 pages
	// of 100 (half a million posts) is beyond any site a migration meets,
	// and far short of the 10⁹ requests a hostile X-WP-TotalPages asks.
	DefaultMaxPages = 5000
)

// Media provides the bytes of uploads from elsewhere than the site (a
// mirror of wp-content/uploads).
type Media interface {
	HasMedia(u *url.URL) bool
	MediaFile(ctx context.Context, u *url.URL) (string, error)
}

// Options tune the client.
type Options struct {
	// Client makes the requests; nil means a client with DefaultTimeout.
	// A crawl passes its own (cache, politeness, host mapping).
	Client *http.Client
	// UserAgent names the caller.
	UserAgent string
	// Delay is the least time between two requests.
	Delay time.Duration
	// Retries is how many times a refused or failed request is tried
	// again; RetryWait the first wait, doubled each time.
	Retries   int
	RetryWait time.Duration
	// MaxBytes bounds a response; MaxMediaBytes a downloaded file;
	// MaxPages the pages read of one collection.
	MaxBytes      int64
	MaxMediaBytes int64
	MaxPages      int
	// Media gives the uploads' bytes from a local copy; nil means they are
	// downloaded from the site when used.
	Media Media
	// IncludeProtected keeps what the API shows of password-protected
	// posts (their rendered body is empty without the password).
	IncludeProtected bool
}

// Client is a site's REST API. It is a scrape.Site and a
// transform.RecordSource (the source contract, scrape/source.go): Walk
// yields no HTML pages, Records yields the posts and pages, and media are
// downloaded from the site as they are used.
type Client struct {
	root *url.URL // the API root, .../wp-json/
	base *url.URL // the site's home
	opts Options
	// inScope tells the URLs the client may request: the API's host.
	inScope func(*url.URL) bool

	mu   sync.Mutex
	last time.Time // when the last request was sent

	users      map[int]string
	categories map[int]category
	tags       map[int]string
	media      map[int]mediaItem
	uploads    map[string]bool // source URLs of the media library

	tmpOnce sync.Once
	tmp     string
	tmpErr  error

	// bounded are the collections read only up to a bound while reading
	// the tables (New), reported with the records.
	bounded []*scrape.PageError
}

var _ scrape.Source = (*Client)(nil)

type category struct {
	name   string
	parent int
}

type mediaItem struct {
	URL, Alt, Mime, Title, Caption, Page string
	Parent                               int
	Width                                int
}

// IsRoot reports whether s names a REST API root: an http(s) URL whose
// path ends in /wp-json (or with a rest_route query).
func IsRoot(s string) bool {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return false
	}
	return strings.HasSuffix(strings.TrimSuffix(u.Path, "/"), "/wp-json") || u.Query().Has("rest_route")
}

// New connects to the API at root (https://example.org/wp-json/) and reads
// the site's tables: users, categories, tags and the media library.
func New(ctx context.Context, root string, opts Options) (*Client, error) {
	u, err := url.Parse(strings.TrimSpace(root))
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("wpapi: %q is not an http(s) URL", root)
	}
	if !u.Query().Has("rest_route") && !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	// Every request, redirects included, stays on the API's host; a
	// client of the caller's that follows redirects anywhere is given
	// that check too.
	inScope := func(r *url.URL) bool {
		return (r.Scheme == "http" || r.Scheme == "https") && scrape.SameHost(r.Host, u.Host)
	}
	if opts.Client == nil {
		opts.Client = &http.Client{Timeout: DefaultTimeout, Transport: fence.NewGuard(u.Host, false).Transport()}
	}
	if opts.Client.CheckRedirect == nil {
		cl := *opts.Client
		cl.CheckRedirect = fence.Redirects(inScope, nil)
		opts.Client = &cl
	}
	if opts.Retries == 0 {
		opts.Retries = DefaultRetries
	}
	if opts.RetryWait <= 0 {
		opts.RetryWait = DefaultRetryWait
	}
	if opts.MaxPages <= 0 {
		opts.MaxPages = DefaultMaxPages
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.MaxMediaBytes <= 0 {
		opts.MaxMediaBytes = DefaultMaxMedia
	}
	if opts.UserAgent == "" {
		opts.UserAgent = "unpress (+https://github.com/unpress/unpress)"
	}
	c := &Client{root: u, opts: opts, inScope: inScope, users: map[int]string{}, categories: map[int]category{}, tags: map[int]string{}, media: map[int]mediaItem{}, uploads: map[string]bool{}}
	if err := c.readIndex(ctx); err != nil {
		return nil, err
	}
	if err := c.readTables(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

// Base is the site's home, as the API's index states it.
func (c *Client) Base() *url.URL { return c.base }

// Walk yields nothing: the API has no rendered pages.
func (c *Client) Walk(context.Context, func(*scrape.Page) error, func(*scrape.PageError)) error {
	return nil
}

// endpoint is the URL of a route under wp/v2 with a query.
func (c *Client) endpoint(route string, q url.Values) *url.URL {
	u := *c.root
	if u.Query().Has("rest_route") {
		rq := u.Query()
		rq.Set("rest_route", "/wp/v2/"+route)
		for k, v := range q {
			rq[k] = v
		}
		u.RawQuery = rq.Encode()
		return &u
	}
	u.Path = path.Join(u.Path, "wp/v2", route)
	u.RawPath = ""
	u.RawQuery = q.Encode()
	return &u
}

// readIndex reads the API's index for the site's home; an index that
// cannot be read leaves the home as the root's parent.
func (c *Client) readIndex(ctx context.Context) error {
	var idx struct {
		Home       string   `json:"home"`
		URL        string   `json:"url"`
		Namespaces []string `json:"namespaces"`
	}
	body, _, err := c.get(ctx, c.root)
	if err == nil && json.Unmarshal(body, &idx) == nil {
		if len(idx.Namespaces) > 0 && !contains(idx.Namespaces, "wp/v2") {
			return fmt.Errorf("wpapi: %s does not offer the wp/v2 API (namespaces: %s)", c.root, strings.Join(idx.Namespaces, ", "))
		}
		for _, h := range []string{idx.Home, idx.URL} {
			if u, err := url.Parse(strings.TrimSpace(h)); err == nil && u.Host != "" {
				if !strings.HasSuffix(u.Path, "/") {
					u.Path += "/"
				}
				c.base = u
				return nil
			}
		}
	}
	var se *StatusError
	if err != nil && !errors.As(err, &se) {
		return err // the server cannot be reached at all
	}
	u := *c.root
	u.RawQuery = ""
	u.Path = strings.TrimSuffix(strings.TrimSuffix(u.Path, "/"), "wp-json")
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	c.base = &u
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// list pages through a collection, calling fn with each item. It stops at
// an empty page whatever X-WP-TotalPages says, and after Options.MaxPages
// pages: onBound is told, and the items read so far stand.
func (c *Client) list(ctx context.Context, route string, fn func(json.RawMessage) error, onBound func(*scrape.PageError)) error {
	for page, total := 1, 1; page <= total; page++ {
		if page > c.opts.MaxPages {
			u := c.endpoint(route, nil)
			onBound(&scrape.PageError{URL: u.String(), Origin: "rest:" + route, Stage: scrape.StageRead,
				Err: fmt.Errorf("wpapi: stopped after %d pages of %d items, the bound (the server says %d pages)", c.opts.MaxPages, PerPage, total)})
			return nil
		}
		q := url.Values{"per_page": {strconv.Itoa(PerPage)}, "page": {strconv.Itoa(page)}, "orderby": {"id"}, "order": {"asc"}}
		if route == "users" || route == "categories" || route == "tags" {
			q.Set("orderby", "id")
		}
		u := c.endpoint(route, q)
		body, h, err := c.get(ctx, u)
		var se *StatusError
		if errors.As(err, &se) && se.Code == "rest_post_invalid_page_number" {
			return nil // fewer pages than the header said
		}
		if err != nil {
			return err
		}
		var items []json.RawMessage
		if err := json.Unmarshal(body, &items); err != nil {
			return fmt.Errorf("wpapi: %s: not a JSON list: %w", u, err)
		}
		if len(items) == 0 {
			return nil // past the end, whatever the header said
		}
		for _, it := range items {
			if err := fn(it); err != nil {
				return err
			}
		}
		if n, err := strconv.Atoi(h.Get("X-WP-TotalPages")); err == nil {
			total = n
		} else if len(items) == PerPage {
			total = page + 1 // no header: go on while pages are full
		}
	}
	return nil
}

type rendered struct {
	Rendered  string `json:"rendered"`
	Protected bool   `json:"protected"`
}

// readTables reads users, terms and the media library, which posts refer
// to by ID. Users may be hidden (401/403 on some sites): posts then have
// no author from the API.
func (c *Client) readTables(ctx context.Context) error {
	err := c.list(ctx, "users", func(raw json.RawMessage) error {
		var u struct {
			ID   int    `json:"id"`
			Name string `json:"name"`
		}
		if json.Unmarshal(raw, &u) == nil && u.ID > 0 {
			c.users[u.ID] = html.UnescapeString(u.Name)
		}
		return nil
	}, c.noteBound)
	var se *StatusError
	if err != nil && !(errors.As(err, &se) && (se.Status == 401 || se.Status == 403 || se.Status == 404)) {
		return err
	}
	if err := c.list(ctx, "categories", func(raw json.RawMessage) error {
		var t struct {
			ID     int    `json:"id"`
			Name   string `json:"name"`
			Parent int    `json:"parent"`
		}
		if json.Unmarshal(raw, &t) == nil && t.ID > 0 {
			c.categories[t.ID] = category{name: html.UnescapeString(t.Name), parent: t.Parent}
		}
		return nil
	}, c.noteBound); err != nil {
		return err
	}
	if err := c.list(ctx, "tags", func(raw json.RawMessage) error {
		var t struct {
			ID   int    `json:"id"`
			Name string `json:"name"`
		}
		if json.Unmarshal(raw, &t) == nil && t.ID > 0 {
			c.tags[t.ID] = html.UnescapeString(t.Name)
		}
		return nil
	}, c.noteBound); err != nil {
		return err
	}
	return c.list(ctx, "media", func(raw json.RawMessage) error {
		var m struct {
			ID           int      `json:"id"`
			SourceURL    string   `json:"source_url"`
			Alt          string   `json:"alt_text"`
			Mime         string   `json:"mime_type"`
			Title        rendered `json:"title"`
			Caption      rendered `json:"caption"`
			Link         string   `json:"link"`
			Post         int      `json:"post"`
			MediaDetails struct {
				Width int `json:"width"`
			} `json:"media_details"`
		}
		if json.Unmarshal(raw, &m) == nil && m.ID > 0 && m.SourceURL != "" {
			c.media[m.ID] = mediaItem{URL: m.SourceURL, Alt: html.UnescapeString(m.Alt), Mime: m.Mime, Title: m.Title.Rendered, Caption: m.Caption.Rendered, Page: m.Link, Parent: m.Post, Width: m.MediaDetails.Width}
			c.uploads[m.SourceURL] = true
		}
		return nil
	}, c.noteBound)
}

// noteBound keeps a collection the tables read only up to a bound, to
// report with the records.
func (c *Client) noteBound(e *scrape.PageError) { c.bounded = append(c.bounded, e) }
