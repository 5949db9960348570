package wpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/fence"
)

// The API's HTTP: paced, retried, bounded requests.

// StatusError is an HTTP response other than 200 that retries did not cure.
type StatusError struct {
	URL    string
	Status int
	Code   string // the API's error code, when it gives one
}

func (e *StatusError) Error() string {
	s := fmt.Sprintf("%s: HTTP %d", e.URL, e.Status)
	if e.Code != "" {
		s += " (" + e.Code + ")"
	}
	return s
}

// pace waits until Delay has passed since the last request.
func (c *Client) pace(ctx context.Context) error {
	c.mu.Lock()
	wait := time.Until(c.last.Add(c.opts.Delay))
	if wait < 0 {
		wait = 0
	}
	c.last = time.Now().Add(wait)
	c.mu.Unlock()
	return scrape.Sleep(ctx, wait)
}

// retryable reports whether a response status is worth another try.
func retryable(status int) bool {
	return status == http.StatusTooManyRequests || status == http.StatusRequestTimeout || status >= 500
}

// do sends a GET with retries and returns the response with its body
// read up to limit bytes.
func (c *Client) do(ctx context.Context, u *url.URL, limit int64, w io.Writer) (http.Header, error) {
	wait := c.opts.RetryWait
	var lastErr error
	for attempt := 0; attempt <= max(0, c.opts.Retries); attempt++ {
		if attempt > 0 {
			if err := scrape.Sleep(ctx, wait); err != nil {
				return nil, err
			}
			wait = min(2*wait, DefaultMaxRetryWait)
		}
		if err := c.pace(ctx); err != nil {
			return nil, err
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("User-Agent", c.opts.UserAgent)
		req.Header.Set("Accept", "application/json, */*;q=0.1")
		resp, err := c.opts.Client.Do(req)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if off := (*fence.OffHostError)(nil); errors.As(err, &off) {
				return nil, off // the same redirect again: no retry cures it
			}
			lastErr = err
			continue
		}
		if resp.StatusCode != http.StatusOK {
			var apiErr struct {
				Code string `json:"code"`
			}
			data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
			resp.Body.Close()
			_ = json.Unmarshal(data, &apiErr)
			lastErr = &StatusError{URL: u.String(), Status: resp.StatusCode, Code: apiErr.Code}
			if !retryable(resp.StatusCode) {
				return resp.Header, lastErr
			}
			if ra := retryAfter(resp.Header.Get("Retry-After")); ra > 0 {
				wait = min(ra, DefaultMaxRetryWait)
			}
			continue
		}
		n, err := io.Copy(w, io.LimitReader(resp.Body, limit+1))
		resp.Body.Close()
		if err != nil {
			lastErr = fmt.Errorf("%s: %w", u, err)
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if r, ok := w.(interface{ Reset() }); ok {
				r.Reset()
				continue
			}
			return nil, lastErr
		}
		if n > limit {
			return nil, fmt.Errorf("%s: response larger than %d bytes", u, limit)
		}
		return resp.Header, nil
	}
	return nil, fmt.Errorf("wpapi: %w (after %d tries)", lastErr, c.opts.Retries+1)
}

func retryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return time.Until(t)
	}
	return 0
}

// get fetches a JSON document.
func (c *Client) get(ctx context.Context, u *url.URL) ([]byte, http.Header, error) {
	var buf bytes.Buffer
	h, err := c.do(ctx, u, c.opts.MaxBytes, &buf)
	if err != nil {
		return nil, h, err
	}
	// PHP notices and byte-order marks sometimes precede the JSON.
	body := buf.Bytes()
	if i := bytes.IndexAny(body, "[{"); i > 0 {
		body = body[i:]
	}
	return body, h, nil
}
