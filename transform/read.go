package transform

import (
	"context"
	"fmt"
	"sync"

	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/extract"
	"github.com/unpress/unpress/transform/markdown"
)

// The read side of a migration: every page of a source extracted on a pool
// of workers, added to the site in the source's order, the source's
// records merged in, and the site resolved into posts. It is the first
// half of a migration that a Go program can run without the command line.

// RecordSource is a source that yields structured records (a WXR export,
// the REST API) besides, or instead of, pages: they are added to the site
// as they are, without the HTML extractor, and merged into the pages of
// the posts they describe. See scrape/source.go for the whole contract.
type RecordSource interface {
	Records(ctx context.Context, fn func(*extract.Record) error, onErr func(*scrape.PageError)) error
}

// ReadOptions tune Read.
type ReadOptions struct {
	// Site are the repair rules; Site.Workers is also the number of pages
	// extracted at once (at least one).
	Site Options
	// OnPage, when set, is called with each page added to the site, in
	// the source's order (its bytes already dropped): the re-sync manifest
	// learns each source's hash and validators from it.
	OnPage func(*scrape.Page)
}

// Read is what the read side of a migration produces: the site's posts
// with their fields chosen, and everything that did not become one.
type Read struct {
	Posts   *Posts
	Skipped []Skipped
	// Failed are the pages that could not be read or extracted, in the
	// order they failed.
	Failed []*scrape.PageError
}

// Close removes the spill store the posts wait in, once they are written.
func (r *Read) Close() error { return r.Posts.Close() }

// ReadSite reads, extracts and resolves every page of src, then the
// records src yields when it is a RecordSource too. A page that fails is
// in Read.Failed and the read goes on; an error means the source as a
// whole could not be read.
func ReadSite(ctx context.Context, src scrape.Source, x *extract.Extractor, opts ReadOptions) (*Read, error) {
	r := &Read{}
	site := NewSite(opts.Site)
	var mu sync.Mutex
	onErr := func(e *scrape.PageError) {
		mu.Lock()
		r.Failed = append(r.Failed, e)
		mu.Unlock()
	}
	err := extractAll(ctx, src, x, max(1, opts.Site.Workers), onErr, func(res extracted) {
		if res.err != nil {
			onErr(&scrape.PageError{URL: res.page.URL.String(), Origin: res.page.Origin, Stage: scrape.StageExtract, Err: res.err})
			return
		}
		site.AddPrepared(res.prep, res.page.Origin)
		if opts.OnPage != nil {
			opts.OnPage(res.page)
		}
	})
	if err != nil {
		site.Close()
		return nil, err
	}
	// Then records (an export, the REST API): a source may have both
	// (--also; a crawl that found the API while walking), and the site
	// merges what describes one post.
	if rs, ok := src.(RecordSource); ok {
		err := rs.Records(ctx, func(rec *extract.Record) error {
			site.AddRecord(rec)
			return nil
		}, onErr)
		if err != nil {
			site.Close()
			return nil, err
		}
	}
	r.Posts, r.Skipped = site.Resolve()
	return r, nil
}

// extracted is one page's extraction result, prepared for the site.
type extracted struct {
	page *scrape.Page
	prep *Prepared
	err  error
}

// extractAll reads and extracts every page with a pool of workers and
// hands each result to add in the source's order, so that the output does
// not depend on scheduling. At most a few pages per worker are in flight:
// memory holds the pages being worked on, not the site.
func extractAll(ctx context.Context, src scrape.Source, x *extract.Extractor, workers int, onErr func(*scrape.PageError), add func(extracted)) error {
	type item struct {
		i int
		p *scrape.Page
	}
	type result struct {
		i int
		r extracted
	}
	in := make(chan item)
	done := make(chan result)
	slots := make(chan struct{}, 4*workers) // pages read but not yet added
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range in {
				ex, err := x.Extract(it.p)
				it.p.HTML = nil // the bytes are not needed once extracted
				var prep *Prepared
				if err == nil {
					// Rendering the body and encoding the metadata here,
					// on every worker, leaves little for the in-order Add.
					prep = Prepare(ex)
				}
				done <- result{it.i, extracted{page: it.p, prep: prep, err: err}}
			}
		}()
	}
	// The collector puts results back in order.
	collected := make(chan struct{})
	go func() {
		defer close(collected)
		pending := map[int]extracted{}
		next := 0
		for d := range done {
			pending[d.i] = d.r
			for {
				r, ok := pending[next]
				if !ok {
					break
				}
				delete(pending, next)
				add(r)
				<-slots
				next++
			}
		}
	}()
	n := 0
	walkErr := src.Walk(ctx, func(p *scrape.Page) error {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
		in <- item{n, p}
		n++
		return nil
	}, onErr)
	close(in)
	wg.Wait()
	close(done)
	<-collected
	return walkErr
}

// ResolvePage resolves one extracted page on its own, as a site of one
// page, and renders its body with conv: what `unpress extract` shows of a
// page. A page that would not become a file is an error saying why.
func ResolvePage(ex *extract.Extracted, origin string, opts Options, conv *markdown.Converter) (Post, error) {
	site := NewSite(opts)
	defer site.Close()
	kind := ex.Kind
	site.Add(ex, origin)
	posts, skipped := site.Resolve()
	if posts.Len() == 0 {
		reason := "not an article"
		if len(skipped) > 0 {
			reason = skipped[0].Reason
		}
		return Post{}, fmt.Errorf("%s: skipped: %s (kind %s)", origin, reason, kind)
	}
	return posts.Render(0, conv)
}
