package transform

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/unpress/unpress/scrape/extract"
)

// Options are the per-site repair rules (from the config file and flags).
type Options struct {
	// Timezone, when set, is the site's zone: dates without an offset are
	// read in it and every date is written in it. When nil the offset is
	// inferred from the pages that state one.
	Timezone *time.Location
	// Placeholders are category and tag names dropped as meaningless
	// (compared case-insensitively). nil means DefaultPlaceholders.
	Placeholders []string
	// Renames map a tag, category or author name as found to the name to
	// write (keys compared case-insensitively).
	TagRename      map[string]string
	CategoryRename map[string]string
	AuthorRename   map[string]string
	// SiteName is stripped from titles; inferred when empty.
	SiteName string
	// IncludeProtected writes password-protected posts (their body is only
	// the password form, so they are skipped by default).
	IncludeProtected bool
	// Include are the post statuses besides publish that are written, as
	// drafts (draft, pending, private, future). Only records of a WXR export
	// or the REST API state a status; a rendered page is public.
	Include []string
	// SkipTypes are custom post types (extract.Extracted.PostType) that are
	// not written: each of their posts is reported as skipped.
	SkipTypes []string
	// Workers resolve and repair posts in parallel (1 when zero).
	Workers int
}

// DefaultPlaceholders are the term names themes and starter content leave
// behind.
var DefaultPlaceholders = []string{
	"uncategorized", "uncategorised", "unkategorisiert", "non classé", "sin categoría",
	"без рубрики", "без категорії", "без категории", "dummy text", "lorem ipsum", "sample category",
}

// Skipped is a page that does not become a file, and why.
type Skipped struct {
	URL    string
	Origin string
	Kind   extract.Kind
	Type   string // a custom post type's name, when a record says it
	Reason string
}

// Site collects the extracted pages of one legacy site and resolves them
// into posts. Site-wide knowledge (the UTC offset, the site name, term
// names and hierarchy, listings, the order of posts) repairs what single
// pages get wrong.
type Site struct {
	opts   Options
	pages  map[string]*page // by URL
	order  []string
	terms  map[string]string   // archive URL -> term name
	listed map[string][]listed // post URL -> archives listing it
	// listedDate is the first dated mention of a post in an archive.
	listedDate map[string]extract.Date
	// listedExcerpt is the first manual excerpt an archive shows for a
	// post: the author's own summary, the best description there is
	// after a meta description.
	listedExcerpt map[string]string
	archives      []Skipped // listing pages, reported but never written
	spool         *spool
	// records are the posts described by structured sources (WXR, REST),
	// merged into the pages they describe by Resolve.
	records []*page
	// The site-wide facts are gathered as pages arrive, so that no page
	// has to be read back for them: votes for the site's name (see
	// siteName) and every date stated with an offset (see zone).
	votes map[string]int
	zoned []time.Time
	// catNames are the category paths each category name stands for
	// (catpaths.go).
	catNames catNames
}

// page is what memory keeps of an added page: its addresses and what
// matching records needs. Everything else (the extracted fields, the
// body's lead and media) is parked in the spool until Resolve reads it.
type page struct {
	url    string // the page's own URL, as the site states it
	origin string
	kind   extract.Kind
	// source is the structured source that stated a record (and, once
	// records are merged into a page, the one that ranks first); "" for a
	// rendered page.
	source extract.Source
	id     int      // the WordPress post ID, when known
	slug   string   // the slug a record states, "" for none
	more   []string // URLs of pages 2..N of a multi-page post
	// parked is the page's parkedPage in the spool; unparked holds it
	// instead when the spool could not.
	parked   bodyRef
	unparked *parkedPage
	// The body, moved to the spool when the page was added.
	body    bodyRef
	hasBody bool
	// What merging records into this page found (see reconcile).
	conflicts  []Conflict
	notes      []string
	bodySource string
}

// parkedPage is the part of a page that waits in the spool.
type parkedPage struct {
	Ex *extract.Extracted
	// Lead is the description cut from the body's first paragraph; Media
	// the media URLs the body may refer to.
	Lead  string   `json:",omitempty"`
	Media []string `json:",omitempty"`
}

type listed struct {
	kind string
	term extract.Term
}

// NewSite starts an empty site.
func NewSite(opts Options) *Site {
	if opts.Placeholders == nil {
		opts.Placeholders = DefaultPlaceholders
	}
	return &Site{
		opts:          opts,
		pages:         map[string]*page{},
		terms:         map[string]string{},
		listed:        map[string][]listed{},
		listedDate:    map[string]extract.Date{},
		listedExcerpt: map[string]string{},
		spool:         newSpool(),
		votes:         map[string]int{},
	}
}

// Prepared is an extracted page with the part of adding it that needs no
// other page done: its body rendered for the spool and its metadata
// encoded. Prepare runs in the extraction workers, so that Add, which
// must take the pages one at a time and in order, has little left to do.
type Prepared struct {
	ex      *extract.Extracted
	body    []byte
	hasBody bool
	lead    string
	media   []string
	parked  []byte // the parkedPage, encoded; nil for a listing
}

// Prepare readies an extracted page for AddPrepared. It is safe for
// concurrent use, and drops the page's content tree once rendered.
func Prepare(ex *extract.Extracted) *Prepared {
	prep := &Prepared{ex: ex}
	if ex.Kind == extract.KindListing {
		return prep
	}
	if ex.Content != nil {
		// Only the description cut from it is kept, not the whole paragraph.
		prep.lead = Summarize(describe(ex.Content), 160)
		prep.media = MediaCandidates(ex.Content)
		if body, err := renderChildren(ex.Content); err != nil {
			ex.Warnings = append(ex.Warnings, "body lost: "+err.Error())
		} else {
			prep.body, prep.hasBody = body, true
		}
		ex.Content = nil
	}
	// What only feeds the site-wide tables is not parked (Add reads it
	// from ex).
	parked := *ex
	parked.TermLinks, parked.Links = nil, nil
	prep.parked, _ = encodeParked(&parkedPage{Ex: &parked, Lead: prep.lead, Media: prep.media})
	return prep
}

// Add records one extracted page. Call it in a deterministic order.
func (s *Site) Add(ex *extract.Extracted, origin string) { s.AddPrepared(Prepare(ex), origin) }

// AddPrepared records one prepared page. Call it in a deterministic order.
func (s *Site) AddPrepared(prep *Prepared, origin string) { s.add(prep, origin, "") }

// AddRecord records what a structured source states about one post.
// Resolve merges it into the page of the same post, if there is one. Call
// it in a deterministic order.
func (s *Site) AddRecord(rec *extract.Record) { s.add(Prepare(rec.Extracted), rec.Origin, rec.Source) }

// add records a page, or a record of source.
func (s *Site) add(prep *Prepared, origin string, source extract.Source) {
	ex := prep.ex
	own := ex.URL
	if ex.Canonical != "" && sameSite(ex.Canonical, ex.URL) {
		own = ex.Canonical
	}
	key := normURL(own)
	for _, list := range [][]extract.Candidate[[]extract.Term]{ex.Categories, ex.Tags} {
		for _, c := range list {
			for _, t := range c.Value {
				if t.URL != "" {
					s.terms[normURL(t.URL)] = t.Name
				}
			}
		}
	}
	for _, t := range ex.TermLinks {
		if _, ok := s.terms[normURL(t.URL)]; !ok {
			s.terms[normURL(t.URL)] = t.Name
		}
	}
	// What only feeds the site-wide tables is not kept per page: memory
	// holds one copy of the site's term names, not one per page.
	ex.TermLinks, ex.Links = nil, nil
	// Archives and the post cards on other posts' pages both state the
	// exact times of the posts they link to; the first one counts.
	for _, u := range slices.Sorted(maps.Keys(ex.ListedDate)) {
		if _, ok := s.listedDate[normURL(u)]; !ok {
			s.listedDate[normURL(u)] = ex.ListedDate[u]
		}
	}
	if ex.Kind == extract.KindListing {
		for _, u := range slices.Sorted(maps.Keys(ex.ListedExcerpt)) {
			if _, ok := s.listedExcerpt[normURL(u)]; !ok {
				s.listedExcerpt[normURL(u)] = Summarize(ex.ListedExcerpt[u], 300)
			}
		}
		s.archives = append(s.archives, Skipped{URL: own, Origin: origin, Kind: ex.Kind, Reason: "listing (" + ex.ListingKind + ")"})
		if ex.ListTerm != nil {
			s.terms[normURL(ex.ListTerm.URL)] = ex.ListTerm.Name
			for _, u := range ex.ListedURL {
				s.listed[normURL(u)] = append(s.listed[normURL(u)], listed{kind: ex.ListingKind, term: *ex.ListTerm})
			}
		}
		return
	}
	if source != "" {
		// A record's dates count wherever it ends up: merged into a page
		// or a page of its own.
		s.noteZones(ex)
		pg := s.newPage(prep, own, origin)
		pg.source = source
		s.records = append(s.records, pg)
		return
	}
	if _, dup := s.pages[key]; dup {
		// Two files for one URL (e.g. index.html and a copy): the first in
		// walk order wins.
		return
	}
	s.noteZones(ex)
	s.voteSiteName(ex)
	s.pages[key] = s.newPage(prep, own, origin)
	s.order = append(s.order, key)
}

// newPage moves a page's body and metadata to the spool and keeps in
// memory only what matching and ordering need.
func (s *Site) newPage(prep *Prepared, own, origin string) *page {
	ex := prep.ex
	pg := &page{url: own, origin: origin}
	if prep.hasBody {
		if ref, err := s.spool.store.Put(prep.body); err != nil {
			ex.Warnings = append(ex.Warnings, "body lost: "+err.Error())
			prep.parked = nil // encoded without that warning
		} else {
			pg.body, pg.hasBody = ref, true
		}
	}
	prep.body = nil
	if prep.parked != nil {
		s.noteParked(pg, ex)
		if ref, err := s.spool.store.Put(prep.parked); err == nil {
			pg.parked = ref
			return pg
		}
	}
	s.park(pg, &parkedPage{Ex: ex, Lead: prep.lead, Media: prep.media})
	return pg
}

// park stores a page's metadata in the spool and notes in memory what
// matching needs of it.
func (s *Site) park(pg *page, pp *parkedPage) {
	s.noteParked(pg, pp.Ex)
	ref, err := s.spool.park(pp)
	if err != nil {
		// The spool failed (a full disk): keep the page in memory instead.
		pg.unparked = pp
		return
	}
	pg.parked = ref
}

// noteParked keeps in memory what matching needs of a parked page.
func (s *Site) noteParked(pg *page, ex *extract.Extracted) {
	pg.kind, pg.id, pg.more, pg.slug = ex.Kind, ex.PostID, ex.MorePages, ""
	for _, c := range ex.Slug {
		if c.Value != "" {
			pg.slug = c.Value
			break
		}
	}
}

// load reads back a page's parked metadata.
func (s *Site) load(pg *page) (*parkedPage, error) {
	if pg.unparked != nil {
		return pg.unparked, nil
	}
	var pp parkedPage
	if err := s.spool.unpark(pg.parked, &pp); err != nil {
		return nil, fmt.Errorf("%s: read back: %w", pg.url, err)
	}
	if pp.Ex == nil {
		pp.Ex = &extract.Extracted{}
	}
	return &pp, nil
}

// Close releases the spool of bodies. Render every post's body first.
func (s *Site) Close() error { return s.spool.close() }
