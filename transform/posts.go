package transform

import (
	"fmt"
	"net/url"

	"github.com/unpress/unpress/transform/markdown"
)

// Posts are the resolved posts of a site, in the order of their URLs.
// Memory holds every post's Head; the rest of each post (its details, the
// media its body may refer to, its cleaned body) waits in the pipeline's
// spill store until Load or Render reads it back, so that a site of
// 100,000 posts is written in the memory of the posts in flight. The store
// belongs to Posts: a Post read back is a plain value.
type Posts struct {
	spool *spool
	heads []Head
	rest  []stored
}

// stored is where the rest of one post waits.
type stored struct {
	details bodyRef
	media   bodyRef
	bodies  []bodyRef
	// held keeps what the spool could not take (a full disk) in memory.
	held *parkedPost
}

// parkedPost is the part of a post that waits in the spool.
type parkedPost struct {
	Details
	// Lead is the description cut from the body's first paragraph.
	Lead string `json:",omitempty"`
}

// Len is the number of posts.
func (ps *Posts) Len() int { return len(ps.heads) }

// Head is post i's Head. Planning may add to it (Aliases) before the
// posts are written.
func (ps *Posts) Head(i int) *Head { return &ps.heads[i] }

// Heads are the posts' Heads, in order, as planning takes them.
func (ps *Posts) Heads() []*Head {
	out := make([]*Head, len(ps.heads))
	for i := range ps.heads {
		out[i] = &ps.heads[i]
	}
	return out
}

// MediaCandidates lists the media URLs post i's body may refer to, known
// before it is rendered (see the function of that name).
func (ps *Posts) MediaCandidates(i int) ([]string, error) {
	st := ps.rest[i]
	if st.held != nil {
		return st.held.Media, nil
	}
	var media []string
	if err := ps.spool.unpark(st.media, &media); err != nil {
		return nil, fmt.Errorf("%s: read back: %w", ps.heads[i].SourceURL, err)
	}
	return media, nil
}

// Load reads post i back, without its body. What could not be read back
// is said in its Warnings, and in the error.
func (ps *Posts) Load(i int) (Post, error) {
	pp, err := ps.details(i)
	p := Post{Head: ps.heads[i], Details: pp.Details}
	p.Media = nil // the candidates are not the body's media
	return p, err
}

// Render reads post i back with its body converted to Markdown by conv.
func (ps *Posts) Render(i int, conv *markdown.Converter) (Post, error) {
	p, err := ps.Load(i)
	if err != nil {
		return p, err
	}
	bodies := ps.rest[i].bodies
	if len(bodies) == 0 {
		p.Warnings = append(p.Warnings, "empty body")
		return p, nil
	}
	base, err := url.Parse(p.SourceURL)
	if err != nil {
		return p, fmt.Errorf("%s: %w", p.SourceURL, err)
	}
	content, err := ps.spool.get(bodies)
	if err != nil {
		return p, fmt.Errorf("%s: read body: %w", p.SourceURL, err)
	}
	md, media, err := conv.Convert(content, base)
	if err != nil {
		return p, fmt.Errorf("%s: convert body: %w", p.SourceURL, err)
	}
	p.Body, p.Media = md, media
	return p, nil
}

// Close removes the spill store. Posts cannot be read back after it.
func (ps *Posts) Close() error { return ps.spool.close() }

// park moves what memory need not hold of a resolved post to the spool.
// It is safe for concurrent use.
func (ps *Posts) park(r *resolved) stored {
	st := stored{bodies: r.bodies}
	pp := &parkedPost{Details: r.Details, Lead: r.lead}
	pp.Media = r.media
	// The media candidates are parked apart: planning reads them for
	// every post, and needs nothing else.
	mref, err := ps.spool.park(r.media)
	if err == nil {
		st.media = mref
		pp.Media = nil
		st.details, err = ps.spool.park(pp)
	}
	if err != nil {
		pp.Media = r.media
		st.held = pp
	}
	return st
}

// details reads back post i's parked details.
func (ps *Posts) details(i int) (*parkedPost, error) {
	st := ps.rest[i]
	if st.held != nil {
		return st.held, nil
	}
	var pp parkedPost
	if err := ps.spool.unpark(st.details, &pp); err != nil {
		// Never left without details: what is lost is said in them.
		err = fmt.Errorf("%s: details lost: %w", ps.heads[i].SourceURL, err)
		return &parkedPost{Details: Details{Sources: map[string]string{}, Warnings: []string{err.Error()}}}, err
	}
	if pp.Sources == nil {
		pp.Sources = map[string]string{}
	}
	return &pp, nil
}

// repark stores post i's repaired details in place of the old ones.
func (ps *Posts) repark(i int, pp *parkedPost) {
	st := &ps.rest[i]
	if st.held != nil {
		st.held.Details, st.held.Lead = pp.Details, pp.Lead
		return
	}
	ref, err := ps.spool.park(pp)
	if err != nil {
		media, _ := ps.MediaCandidates(i)
		held := *pp
		held.Media = media
		st.held = &held
		return
	}
	st.details = ref
}
