package transform

import (
	"cmp"
	"fmt"
	"maps"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/net/html"

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
}

// page is what memory keeps of an added page: its addresses and what
// matching records needs. Everything else (the extracted fields, the
// body's lead and media) is parked in the spool until Resolve reads it.
type page struct {
	url    string // the page's own URL, as the site states it
	origin string
	kind   extract.Kind
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
func (s *Site) AddPrepared(prep *Prepared, origin string) {
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
	if isRecord(ex) {
		// A record's dates count wherever it ends up: merged into a page
		// or a page of its own.
		s.noteZones(ex)
		s.records = append(s.records, s.newPage(prep, own, origin))
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

func sameSite(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	return err1 == nil && err2 == nil && strings.TrimPrefix(ua.Host, "www.") == strings.TrimPrefix(ub.Host, "www.")
}

// normURL is the key a URL is matched by: no fragment, no query noise,
// a trailing slash on paths. WordPress's own queries ?p=ID and ?page_id=ID
// (the URL of a post without a pretty permalink, a draft's) are kept.
func normURL(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return s
	}
	u.Fragment = ""
	q := url.Values{}
	for _, k := range []string{"p", "page_id"} {
		if v := u.Query().Get(k); v != "" {
			q.Set(k, v)
		}
	}
	u.RawQuery = q.Encode()
	// One spelling of each escape: %d0 and %D0 are the same byte.
	u.RawPath = ""
	u.Host = strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	if u.Scheme == "https" {
		u.Scheme = "http"
	}
	if p := u.EscapedPath(); !strings.HasSuffix(p, "/") && path.Ext(p) == "" {
		u.Path += "/"
		u.RawPath = ""
	}
	return u.String()
}

// NormURL is the key used to match a link against migrated posts.
func NormURL(s string) string { return normURL(s) }

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

// slugOf is the last path segment of the URL, percent-decoded; for pages
// that sit under a parent it is still the last segment (the parent path is
// kept by output presets that nest pages).
func slugOf(key string, id int) string {
	u, err := url.Parse(key)
	if err == nil {
		seg := strings.Trim(u.Path, "/")
		if i := strings.LastIndex(seg, "/"); i >= 0 {
			seg = seg[i+1:]
		}
		// A page saved or served as slug.html names the post slug.
		for _, ext := range []string{".html", ".htm", ".php"} {
			if trimmed, ok := strings.CutSuffix(strings.ToLower(seg), ext); ok && trimmed != "" {
				seg = seg[:len(trimmed)]
				break
			}
		}
		if seg != "" {
			return seg
		}
		if pid := u.Query().Get("p"); pid != "" {
			return pid
		}
	}
	if id != 0 {
		return strconv.Itoa(id)
	}
	return "index"
}

func cmpTime(a, b time.Time) int { return a.Compare(b) }

// repairSite runs the checks that need every post: neighbours, placeholder
// dates, descriptions borrowed from other posts.
func (s *Site) repairSite(posts, hidden []*Post) {
	var list []*Post
	byURL := map[string]*Post{}
	titles := map[string]*Post{}
	written := map[*Post]bool{}
	for _, p := range posts {
		written[p] = true
	}
	for _, p := range slices.Concat(posts, hidden) {
		byURL[normURL(p.SourceURL)] = p
		// Drafts (statuses written on request) are in no public post order.
		if p.Kind == string(extract.KindPost) && !p.Draft {
			list = append(list, p)
		}
		if p.Title != "" {
			titles[fold(p.Title)] = p
		}
	}
	slices.SortStableFunc(list, func(a, b *Post) int {
		return cmp.Or(cmpTime(a.Published, b.Published), strings.Compare(a.SourceURL, b.SourceURL))
	})
	// Each post is read back, repaired and parked again: what the repairs
	// read of the other posts (titles, dates, URLs) stays in memory.
	inList := map[*Post]bool{}
	for _, p := range list {
		inList[p] = true
	}
	// Each post changes only itself and reads what does not change here
	// of the others (titles, dates, URLs): the workers share the list.
	s.each(len(list), func(i int) {
		p := list[i]
		if err := p.Load(); err != nil {
			return
		}
		// The post order WordPress's own get_previous_post() follows:
		// by publication date. It fills navigation that the theme does not
		// print and checks the one it does.
		var prev, next *Post
		if i > 0 {
			prev = list[i-1]
		}
		if i+1 < len(list) {
			next = list[i+1]
		}
		s.neighbour(p, "previous", &p.Previous, prev, byURL, -1)
		s.neighbour(p, "next", &p.Next, next, byURL, +1)

		// A description that is another post's title was borrowed from
		// the wrong place (the seed's failure).
		if p.Description != "" {
			if other, ok := titles[fold(p.Description)]; ok && other != p {
				p.Conflicts = append(p.Conflicts, Conflict{Field: "description", Chosen: "", ChosenSource: "content", Other: p.Description, OtherSource: p.Sources["description"], Note: "the description is the title of " + other.SourceURL + "; derived from this post's own text instead"})
				p.Description = ""
			}
		}
		if written[p] {
			s.describe(p)
		}
		p.park()
	})
	s.each(len(posts), func(i int) {
		if p := posts[i]; !inList[p] && p.Load() == nil {
			s.describe(p)
			p.park()
		}
	})
}

// each calls fn(0) ... fn(n-1) on the site's workers (Options.Workers).
func (s *Site) each(n int, fn func(i int)) {
	workers := min(max(1, s.opts.Workers), n)
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
}

// sameStart reports whether one text begins with the other, ignoring
// white space and case.
func sameStart(a, b string) bool {
	a, b = fold(strings.Join(strings.Fields(a), " ")), fold(strings.Join(strings.Fields(b), " "))
	a, b = strings.TrimRight(a, ".…"), strings.TrimRight(b, ".…")
	return a != "" && b != "" && (strings.HasPrefix(a, b) || strings.HasPrefix(b, a))
}

// describe gives a post without a description the manual excerpt an
// archive shows for it, else its own first sentences.
func (s *Site) describe(p *Post) {
	if p.Description == "" {
		// A short post's excerpt is the post itself, shown whole like a
		// written one: only an excerpt the post does not begin with is
		// the author's.
		if d := s.listedExcerpt[normURL(p.SourceURL)]; d != "" && !sameStart(d, p.lead) {
			p.Description = d
			p.Sources["description"] = string(extract.SrcListing)
			return
		}
		if d := Summarize(p.lead, 160); d != "" {
			p.Description = d
			p.Sources["description"] = "content"
		}
	}
}

func (s *Site) neighbour(p *Post, field string, link **Link, want *Post, byURL map[string]*Post, dir int) {
	if *link == nil {
		if want != nil {
			*link = &Link{Title: want.Title, URL: want.SourceURL}
			p.Sources[field] = string(extract.SrcSite)
		}
		return
	}
	got := byURL[normURL((*link).URL)]
	if got == nil {
		return
	}
	// The target's own page is the better witness of its title: themes
	// print stand-ins ("Next Post") for untitled neighbours.
	if (*link).Title != got.Title {
		if (*link).Title != "" && fold((*link).Title) != fold(got.Title) {
			p.Conflicts = append(p.Conflicts, Conflict{Field: field, Chosen: got.Title, ChosenSource: "title of " + got.SourceURL, Other: (*link).Title, OtherSource: p.Sources[field]})
		}
		(*link).Title = got.Title
	}
	if !p.Published.IsZero() && !got.Published.IsZero() && got.Published.Compare(p.Published)*dir < 0 {
		p.Conflicts = append(p.Conflicts, Conflict{
			Field: "published", Chosen: p.Published.Format(time.RFC3339), ChosenSource: p.Sources["published"],
			Other: got.Published.Format(time.RFC3339), OtherSource: field + " post " + got.SourceURL,
			Note: fmt.Sprintf("the %s post's date contradicts the post navigation order", field),
		})
	}
}

// fold is the comparison form of a name: case-folded, typographic quotes
// and dashes unified, whitespace collapsed.
func fold(s string) string {
	s = typography.Replace(s)
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// Text is the visible text of a node, whitespace collapsed.
func Text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "figcaption", "pre":
				return
			case "p", "br", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "td", "th":
				b.WriteByte('\n')
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	if n != nil {
		walk(n)
	}
	return b.String()
}

// Close releases the spool of bodies. Render every post's body first.
func (s *Site) Close() error { return s.spool.close() }

// Replacers are built once: building one is far dearer than using it, and
// a Replacer is safe for concurrent use.
var (
	quotes     = strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`)
	typography = strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`, "–", "-", "—", "-", "\u00a0", " ")
)
