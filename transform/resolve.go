package transform

import (
	"slices"

	"github.com/unpress/unpress/scrape/extract"
)

// Resolve chooses every field of every post and page, applies the
// site-wide repairs and returns the posts sorted by URL, with the pages that
// do not become files and why. The posts come back parked: their details
// wait in the spool until Post.Load (RenderBody loads them too).
func (s *Site) Resolve() ([]*Post, []Skipped) {
	s.reconcile()
	slices.Sort(s.order)
	siteName := s.siteName()
	zone := s.zone()

	// Each page is read back, resolved and parked again on its own (the
	// site-wide facts are known by now), by several workers; the results
	// are put together in the site's order.
	type outcome struct {
		post   *Post
		hidden bool
		skip   Skipped
	}
	continuation := s.continuations()
	out := make([]outcome, len(s.order))
	s.each(len(s.order), func(i int) {
		key := s.order[i]
		pg := s.pages[key]
		skip := func(kind extract.Kind, reason string) {
			out[i].skip = Skipped{URL: pg.url, Origin: pg.origin, Kind: kind, Reason: reason}
		}
		if pg.kind != extract.KindPost && pg.kind != extract.KindPage {
			skip(pg.kind, skipReason(pg.kind))
			return
		}
		if continuation[key] {
			skip(pg.kind, "continuation of a multi-page post (stitched into its first page)")
			return
		}
		pp, err := s.load(pg)
		if err != nil {
			skip(pg.kind, err.Error())
			return
		}
		ex := pp.Ex
		switch {
		case !s.published(ex):
			// Not a neighbour either: WordPress links only public posts.
			skip(ex.Kind, notPublishedReason(ex.Status))
			return
		case ex.Protected && !s.opts.IncludeProtected:
			skip(ex.Kind, "password-protected")
			// Not written, but still a neighbour in the post order.
			out[i].hidden = true
		}
		p := s.resolve(key, pg, pp, siteName, zone)
		// Parked at once: memory holds the site's posts by their
		// addresses, each read back when repaired and when written.
		p.park()
		out[i].post = p
	})
	var posts, hidden []*Post
	skipped := slices.Clone(s.archives)
	for _, o := range out {
		if o.skip.Reason != "" {
			skipped = append(skipped, o.skip)
		}
		switch {
		case o.post == nil:
		case o.hidden:
			hidden = append(hidden, o.post)
		default:
			posts = append(posts, o.post)
		}
	}
	s.repairSite(posts, hidden)
	// The extracted pages are done with: only the posts and the spool of
	// their bodies are needed from here on.
	s.pages, s.order, s.listed, s.listedDate, s.listedExcerpt, s.zoned = nil, nil, nil, nil, nil, nil
	return posts, skipped
}

func skipReason(k extract.Kind) string {
	switch k {
	case extract.KindAttachment:
		return "attachment page"
	case extract.KindNotFound:
		return "not found (404 page)"
	}
	return "not an article (no post markup, no date and no long block of text)"
}

// continuations finds pages 2..N of multi-page posts: pages whose URL is
// listed in another page's MorePages.
func (s *Site) continuations() map[string]bool {
	out := map[string]bool{}
	for _, key := range s.order {
		for _, u := range s.pages[key].more {
			if n := normURL(u); n != key {
				out[n] = true
			}
		}
	}
	return out
}

func (s *Site) resolve(key string, pg *page, pp *parkedPage, siteName string, zone *zoneGuess) *Post {
	ex := pp.Ex
	p := &Post{
		SourceURL: pg.url,
		Origin:    pg.origin,
		Kind:      string(ex.Kind),
		ID:        ex.PostID,
		Protected: ex.Protected,
		site:      s,
		Pages:     1,
		Details: &Details{
			Language: ex.Language,
			Sticky:   ex.Sticky,
			ImageAlt: ex.ImageAlt,
			lead:     pp.Lead,
			media:    pp.Media,
			Sources:  map[string]string{},
			Warnings: append([]string(nil), ex.Warnings...),
		},
	}
	if pg.hasBody {
		p.bodies = []bodyRef{pg.body}
	}
	p.Draft = ex.Status != "" && ex.Status != "publish"
	if ex.Status != "" {
		src := string(sourceOf(ex))
		p.Sources["draft"], p.Sources["sticky"] = src, src
	}
	p.Conflicts = append(p.Conflicts, pg.conflicts...)
	p.Warnings = append(p.Warnings, pg.notes...)
	p.Title = s.title(p, ex, siteName)
	p.Slug = slugOf(key, p.ID)
	recordSlug(p, ex, key)
	s.dates(p, ex, zone, key)
	s.author(p, ex, siteName)
	s.taxonomies(p, ex, key)
	if c, ok := first(p, "image", ex.Image); ok {
		p.Image = c
		// A resized copy of the same upload is the same image.
		p.Conflicts = slices.DeleteFunc(p.Conflicts, func(c Conflict) bool {
			return c.Field == "image" && Original(c.Chosen) == Original(c.Other)
		})
	}
	if c, ok := first(p, "description", ex.Description); ok {
		p.Description = c
	}
	if c, ok := firstLink(p, "previous", ex.Previous); ok {
		p.Previous = c
	}
	if c, ok := firstLink(p, "next", ex.Next); ok {
		p.Next = c
	}
	s.stitch(p, ex)
	if len(ex.MorePages) == 0 && ex.BodyPages > p.Pages {
		// A record's body holds every page of a multi-page post.
		p.Pages = ex.BodyPages
	}
	p.Conflicts = dedupe(p.Conflicts)
	return p
}

// dedupe drops repeated conflicts (a value seen twice in one source).
func dedupe(cs []Conflict) []Conflict {
	seen := map[Conflict]bool{}
	out := cs[:0]
	for _, c := range cs {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

// stitch appends pages 2..N of a multi-page post to its content.
func (s *Site) stitch(p *Post, ex *extract.Extracted) {
	for _, u := range ex.MorePages {
		more, ok := s.pages[normURL(u)]
		if !ok {
			p.Warnings = append(p.Warnings, "page "+u+" of this multi-page post is missing from the source")
			continue
		}
		if !more.hasBody {
			p.Warnings = append(p.Warnings, "page "+u+" of this multi-page post has no content: the post is written without it")
			continue
		}
		p.bodies = append(p.bodies, more.body)
		if mp, err := s.load(more); err == nil {
			p.media = append(p.media, mp.Media...)
		} else {
			p.Warnings = append(p.Warnings, err.Error())
		}
		p.Pages++
	}
}

func first(p *Post, field string, list []extract.Candidate[string]) (string, bool) {
	for _, c := range list {
		if c.Value != "" {
			p.from(field, c.Source, c.Rule)
			for _, o := range list {
				if o.Value != "" && o.Value != c.Value && o.Source != c.Source && field != "description" {
					p.Conflicts = append(p.Conflicts, Conflict{Field: field, Chosen: c.Value, ChosenSource: string(c.Source), Other: o.Value, OtherSource: string(o.Source)})
				}
			}
			return c.Value, true
		}
	}
	return "", false
}

func firstLink(p *Post, field string, list []extract.Candidate[extract.Link]) (*Link, bool) {
	for _, c := range list {
		if c.Value.URL != "" {
			p.from(field, c.Source, c.Rule)
			return &Link{Title: c.Value.Title, URL: c.Value.URL}, true
		}
	}
	return nil, false
}
