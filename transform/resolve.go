package transform

import (
	"slices"

	"github.com/unpress/unpress/scrape/extract"
)

// Resolve chooses every field of every post and page, applies the
// site-wide repairs and returns the posts sorted by URL, with the pages that
// do not become files and why. Memory holds each post's Head; the rest
// waits in the spill store until Posts.Load or Posts.Render reads it.
func (s *Site) Resolve() (*Posts, []Skipped) {
	s.reconcile()
	slices.Sort(s.order)
	siteName := s.siteName()
	zone := s.zone()

	// Each page is read back, resolved and parked again on its own (the
	// site-wide facts are known by now), by several workers; the results
	// are put together in the site's order.
	type outcome struct {
		head   Head
		stored *stored
		hidden bool
		skip   Skipped
	}
	all := &Posts{spool: s.spool}
	continuation := s.continuations()
	out := make([]outcome, len(s.order))
	s.each(len(s.order), func(i int) {
		key := s.order[i]
		pg := s.pages[key]
		skip := func(kind extract.Kind, reason string) {
			out[i].skip = Skipped{URL: pg.url, Origin: pg.origin, Kind: kind, Type: out[i].skip.Type, Reason: reason}
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
		out[i].skip.Type = ex.PostType
		switch {
		case !s.published(ex):
			// Not a neighbour either: WordPress links only public posts.
			skip(ex.Kind, notPublishedReason(ex.Status))
			return
		case ex.PostType != "" && slices.Contains(s.opts.SkipTypes, ex.PostType):
			skip(ex.Kind, "post type "+ex.PostType+" (skipped by the config's post_types)")
			return
		case ex.Protected && !s.opts.IncludeProtected:
			skip(ex.Kind, "password-protected")
			// Not written, but still a neighbour in the post order.
			out[i].hidden = true
		}
		r := s.resolve(key, pg, pp, siteName, zone)
		// Parked at once: memory holds the site's posts by their Heads,
		// each read back when repaired and when written.
		st := all.park(r)
		out[i].head, out[i].stored = r.Head, &st
	})
	var hidden []bool
	skipped := slices.Clone(s.archives)
	for _, o := range out {
		if o.skip.Reason != "" {
			skipped = append(skipped, o.skip)
		}
		if o.stored != nil {
			all.heads, all.rest = append(all.heads, o.head), append(all.rest, *o.stored)
			hidden = append(hidden, o.hidden)
		}
	}
	s.repairSite(all, hidden)
	// Hidden posts were neighbours only: they are not written.
	posts := &Posts{spool: s.spool}
	for i := range all.heads {
		if !hidden[i] {
			posts.heads, posts.rest = append(posts.heads, all.heads[i]), append(posts.rest, all.rest[i])
		}
	}
	// The extracted pages are done with: only the posts and the spool of
	// their bodies are needed from here on.
	s.pages, s.order, s.listed, s.listedDate, s.listedExcerpt, s.zoned = nil, nil, nil, nil, nil, nil
	return posts, skipped
}

// resolved is a post being resolved, with what rendering and describing
// it will need: the description cut from its body, the media its body
// may refer to, and its bodies in the spool.
type resolved struct {
	Post
	lead   string
	media  []string
	bodies []bodyRef
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

func (s *Site) resolve(key string, pg *page, pp *parkedPage, siteName string, zone *zoneGuess) *resolved {
	ex := pp.Ex
	r := &resolved{
		Post: Post{
			Head: Head{
				SourceURL: pg.url,
				Origin:    pg.origin,
				Kind:      string(ex.Kind),
				ID:        ex.PostID,
				Type:      ex.PostType,
				Parent:    ex.Parent,
				Protected: ex.Protected,
				Pages:     1,
			},
			Details: Details{
				Language: ex.Language,
				Sticky:   ex.Sticky,
				Meta:     ex.Meta,
				ImageAlt: ex.ImageAlt,
				Sources:  map[string]string{},
				Warnings: append([]string(nil), ex.Warnings...),
			},
		},
		lead:  pp.Lead,
		media: pp.Media,
	}
	p := &r.Post
	if pg.hasBody {
		r.bodies = []bodyRef{pg.body}
	}
	p.Draft = ex.Status != "" && ex.Status != "publish"
	if ex.Status != "" {
		src := string(pg.sourceName())
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
	s.stitch(r, ex)
	if len(ex.MorePages) == 0 && ex.BodyPages > p.Pages {
		// A record's body holds every page of a multi-page post.
		p.Pages = ex.BodyPages
	}
	p.Conflicts = dedupe(p.Conflicts)
	return r
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
func (s *Site) stitch(r *resolved, ex *extract.Extracted) {
	p := &r.Post
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
		r.bodies = append(r.bodies, more.body)
		if mp, err := s.load(more); err == nil {
			r.media = append(r.media, mp.Media...)
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
