package scrape

import (
	"context"
	"time"
)

// Sleep waits for d or until ctx is done, whichever comes first: every
// wait of a source (a crawl's pace, a Retry-After, the REST client's
// delay) is cut short by Ctrl-C. A d of zero or less only reports ctx.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
