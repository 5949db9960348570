package wpapi

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/unpress/unpress/scrape"
)

// Media: uploads from a local copy, or downloaded from the site.

// SetMedia gives the client a local copy of the uploads (Options.Media),
// once its Base is known.
func (c *Client) SetMedia(m Media) { c.opts.Media = m }

// HasMedia reports whether an upload can be had: from Options.Media when
// given, else from the site when the URL is on it.
func (c *Client) HasMedia(u *url.URL) bool {
	if c.opts.Media != nil {
		return c.opts.Media.HasMedia(u)
	}
	// The index names the site's home: an upload there is downloaded
	// only when that is the API's own host.
	return scrape.SameHost(u.Host, c.base.Host) && c.inScope(u) && strings.Contains(u.Path, "/wp-content/uploads/")
}

// MediaFile returns a local copy of an upload: Options.Media's, else a
// download from the site into a temporary folder that Close removes.
func (c *Client) MediaFile(ctx context.Context, u *url.URL) (string, error) {
	if c.opts.Media != nil {
		return c.opts.Media.MediaFile(ctx, u)
	}
	if !c.HasMedia(u) {
		return "", fmt.Errorf("%s is not an upload of %s", u, c.base.Host)
	}
	c.tmpOnce.Do(func() { c.tmp, c.tmpErr = os.MkdirTemp("", "unpress-media-*") })
	if c.tmpErr != nil {
		return "", c.tmpErr
	}
	f, err := os.CreateTemp(c.tmp, "*"+filepath.Ext(u.Path))
	if err != nil {
		return "", err
	}
	_, err = c.do(ctx, u, c.opts.MaxMediaBytes, f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// Close removes the downloaded media.
func (c *Client) Close() error {
	if c.tmp == "" {
		return nil
	}
	return os.RemoveAll(c.tmp)
}
