package transform

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/unpress/unpress/scrape/extract"
)

// Reconciliation. A post can be described by several sources at once: its
// rendered page (a mirror or a crawl), a WordPress export (WXR) and the
// REST API. The structured sources are records (extract.Extracted with a
// Status); Resolve first matches each record to the page of the same post
// — by WordPress post ID (postid-N, ?p=N, the record's ID), then by URL,
// then by URL path (a site that moved hosts), then by slug among posts of
// the same kind when only one has it — and merges them into one record
// whose candidates are ranked field by field. The ordinary field rules then
// choose, and write every disagreement to Conflicts with both values and
// their sources. A record that matches no page is a post of its own.
//
// Precedence (first wins):
//
//	field               order
//	title               rest, wxr, the page's layers (json-ld … <title>)
//	published, updated  rest, wxr, the page's layers; the permalink's day checks them all
//	author              rest, wxr, the page's layers
//	categories, tags    rest, wxr, the page's layers; archive listings only add to a page's tags
//	image               rest, wxr (the original upload), the page's layers
//	description         the page's meta and JSON-LD (a written SEO description),
//	                    rest/wxr manual excerpt, the page's other layers, the body's first sentences
//	slug                the URL's last segment; rest/wxr post_name when the URL has none (?p=ID)
//	kind, status,       rest, wxr (a page is public by being there); protected if any source says so
//	  sticky, protected
//	language            the page's lang, the export's channel language
//	previous, next      the page's post navigation, then the site's post order
//	body                the page's (what plugins and shortcodes rendered, stitched across
//	                    its pages), else rest's rendered content, else the wxr content rendered
//	                    as WordPress would; a page that shows one page of a multi-page post
//	                    loses to a record that holds them all
//	URL                 the page's own, else the record's link
var mergeRank = map[string][]extract.Source{
	"default":     {extract.SrcREST, extract.SrcWXR},
	"description": {extract.SrcMeta, extract.SrcJSONLD, extract.SrcREST, extract.SrcWXR},
}

// structured reports whether a value comes from a WXR export or the REST
// API rather than from a rendered page.
func structured(s extract.Source) bool { return s == extract.SrcWXR || s == extract.SrcREST }

// crossSource reports whether two candidates come from different kinds of
// source (a record and a page, or two records): the disagreements the
// merge reports, on top of those the page rules already report.
func crossSource(a, b extract.Source) bool {
	return a != b && (structured(a) || structured(b))
}

func mergeRankOf(field string, s extract.Source) int {
	order, ok := mergeRank[field]
	if !ok {
		order = mergeRank["default"]
	}
	if i := slices.Index(order, s); i >= 0 {
		return i
	}
	return len(order)
}

// mergeCands concatenates two candidate lists and ranks them for the
// merge; within a rank, the order each source gave is kept.
func mergeCands[T any](field string, a, b []extract.Candidate[T]) []extract.Candidate[T] {
	out := slices.Concat(a, b)
	slices.SortStableFunc(out, func(x, y extract.Candidate[T]) int {
		return mergeRankOf(field, x.Source) - mergeRankOf(field, y.Source)
	})
	return out
}

// sourceName names where a page's facts come from, for conflicts about
// values that have no candidates (kind, status, body): its record's
// source, or "page" for a rendered page.
func (pg *page) sourceName() extract.Source {
	if pg.source == "" {
		return "page"
	}
	return pg.source
}

// reconcile merges the records into the pages they describe, and adds
// the others as pages of their own.
func (s *Site) reconcile() {
	if len(s.records) == 0 {
		return
	}
	idx := s.newPageIndex()
	claims := map[string][]claim{} // page key -> the records merged into it
	for _, rec := range s.records {
		key, how := idx.find(rec, true)
		if c, ok := sharedID(claims[key], rec); ok && how == "post ID "+strconv.Itoa(rec.id) {
			// Two items of one file with one ID are two posts (a draft and
			// a published post, a plugin's duplicate IDs): merged only when
			// they are the same item twice.
			rec.notes = append(rec.notes, fmt.Sprintf("post ID %d is also the ID of %s in %s: kept apart, as two posts", rec.id, c.url, c.file))
			first := s.pages[key]
			first.notes = append(first.notes, fmt.Sprintf("post ID %d is also the ID of %s in %s: kept apart, as two posts", rec.id, rec.url, c.file))
			if key, how = idx.find(rec, false); key != "" && slices.ContainsFunc(claims[key], func(c claim) bool { return c.file == recordFile(rec.origin) }) {
				key = ""
			}
		}
		if key == "" {
			key = normURL(rec.url)
			if _, taken := s.pages[key]; taken {
				key = normURL(rec.url) + "#record-" + strconv.Itoa(rec.id)
			}
			for n := 2; s.pages[key] != nil; n++ {
				key = normURL(rec.url) + "#record-" + strconv.Itoa(rec.id) + "-" + strconv.Itoa(n)
			}
			claims[key] = append(claims[key], claim{file: recordFile(rec.origin), url: rec.url})
			// Records carry no site name (their title is the post's own),
			// so they add no votes for it.
			s.pages[key] = rec
			s.order = append(s.order, key)
			idx.add(key, rec)
			continue
		}
		claims[key] = append(claims[key], claim{file: recordFile(rec.origin), url: rec.url})
		dst := s.pages[key]
		dst.notes = append(dst.notes, rec.notes...)
		if err := s.merge(dst, rec, how); err != nil {
			dst.notes = append(dst.notes, err.Error())
		}
		idx.add(key, dst)
	}
	s.records = nil
}

// pageIndex finds the page a record describes.
type pageIndex struct {
	s      *Site
	byID   map[int][]string // several when items share an ID (kept apart)
	byPath map[string]string
	bySlug map[string][]string // kind + "\x00" + slug -> keys
}

func (s *Site) newPageIndex() *pageIndex {
	idx := &pageIndex{s: s, byID: map[int][]string{}, byPath: map[string]string{}, bySlug: map[string][]string{}}
	// Pages 2..N of a multi-page post carry its ID too: the post is its
	// first page.
	more := s.continuations()
	for _, key := range s.order {
		if !more[key] {
			idx.add(key, s.pages[key])
		}
	}
	return idx
}

func (idx *pageIndex) add(key string, pg *page) {
	if pg.kind != extract.KindPost && pg.kind != extract.KindPage {
		return
	}
	if pg.id != 0 && !slices.Contains(idx.byID[pg.id], key) {
		idx.byID[pg.id] = append(idx.byID[pg.id], key)
	}
	if p := pathKey(key); p != "" {
		if _, ok := idx.byPath[p]; !ok {
			idx.byPath[p] = key
		}
	}
	if slug := pageSlug(key, pg); slug != "" {
		k := string(pg.kind) + "\x00" + slug
		if !slices.Contains(idx.bySlug[k], key) {
			idx.bySlug[k] = append(idx.bySlug[k], key)
		}
	}
}

// claim is a record merged into a page: the file it was read from and its
// URL.
type claim struct{ file, url string }

// sharedID finds a record of rec's own file among claims that has another
// URL: rec shares its post ID with another item of the file.
func sharedID(claims []claim, rec *page) (claim, bool) {
	file, u := recordFile(rec.origin), normURL(rec.url)
	for _, c := range claims {
		if c.file == file && normURL(c.url) != u {
			return c, true
		}
	}
	return claim{}, false
}

// recordFile is the file of a record's origin ("export.xml:120" is
// export.xml): two records of one file are two items.
func recordFile(origin string) string {
	if i := strings.LastIndexByte(origin, ':'); i >= 0 {
		if _, err := strconv.Atoi(origin[i+1:]); err == nil {
			return origin[:i]
		}
	}
	return origin
}

// find is the page rec describes: by post ID (when byID is set), URL, URL
// path or slug.
func (idx *pageIndex) find(rec *page, byID bool) (key, how string) {
	own := normURL(rec.url)
	if keys := idx.byID[rec.id]; rec.id != 0 && byID && len(keys) > 0 {
		// Of posts sharing the ID, the one at the record's URL.
		for _, k := range keys[1:] {
			if k == own || pathKey(k) != "" && pathKey(k) == pathKey(own) {
				return k, "post ID " + strconv.Itoa(rec.id) + " and URL"
			}
		}
		return keys[0], "post ID " + strconv.Itoa(rec.id)
	}
	if _, ok := idx.s.pages[own]; ok {
		return own, "URL"
	}
	if p := pathKey(own); p != "" {
		if k, ok := idx.byPath[p]; ok {
			return k, "URL path"
		}
	}
	if slug := pageSlug(own, rec); slug != "" {
		if keys := idx.bySlug[string(rec.kind)+"\x00"+slug]; len(keys) == 1 {
			return keys[0], "slug"
		}
	}
	return "", ""
}

// pathKey is a URL's path and WordPress query (?p=, ?page_id=) without
// the host: the same post on a site that moved.
func pathKey(key string) string {
	u, err := url.Parse(key)
	if err != nil || u.Path == "" || u.Path == "/" && u.RawQuery == "" {
		return ""
	}
	return u.EscapedPath() + "?" + u.RawQuery
}

// pathSlug is the URL's last path segment, "" when it has none.
func pathSlug(key string) string {
	u, err := url.Parse(key)
	if err != nil || isQueryLink(u) {
		return ""
	}
	seg := strings.Trim(u.Path, "/")
	if i := strings.LastIndex(seg, "/"); i >= 0 {
		seg = seg[i+1:]
	}
	return seg
}

// pageSlug is a page's slug for matching: the record's own, else the
// URL's.
func pageSlug(key string, pg *page) string {
	if pg.slug != "" {
		return pg.slug
	}
	return pathSlug(key)
}

// merge folds the record rec into dst, the page (or earlier record) of the
// same post.
func (s *Site) merge(dst, rec *page, how string) error {
	pa, err := s.load(dst)
	if err != nil {
		return err
	}
	pb, err := s.load(rec)
	if err != nil {
		return err
	}
	a, b := pa.Ex, pb.Ex
	m := *a
	merged := &parkedPage{Ex: &m, Lead: pa.Lead, Media: pa.Media}
	conflict := func(field string, chosen, chosenSrc, other, otherSrc any, note string) {
		dst.conflicts = append(dst.conflicts, Conflict{Field: field, Chosen: fmt.Sprint(chosen), ChosenSource: fmt.Sprint(chosenSrc), Other: fmt.Sprint(other), OtherSource: fmt.Sprint(otherSrc), Note: note})
	}
	srcA, srcB := dst.sourceName(), rec.sourceName()
	isPage := dst.source == ""
	// b wins the record's own facts when a is a page, or when both are
	// records and b ranks first (the REST API over an export).
	bFirst := isPage || mergeRankOf("default", srcB) < mergeRankOf("default", srcA)

	m.Title = mergeCands("title", a.Title, b.Title)
	m.Slug = mergeCands("slug", a.Slug, b.Slug)
	m.Published = mergeCands("published", a.Published, b.Published)
	m.Updated = mergeCands("updated", a.Updated, b.Updated)
	m.Author = mergeCands("author", a.Author, b.Author)
	m.Categories = mergeCands("categories", a.Categories, b.Categories)
	m.Tags = mergeCands("tags", a.Tags, b.Tags)
	m.Image = mergeCands("image", a.Image, b.Image)
	m.Description = mergeCands("description", a.Description, b.Description)
	m.Previous = mergeCands("previous", a.Previous, b.Previous)
	m.Next = mergeCands("next", a.Next, b.Next)
	m.Warnings = slices.Concat(a.Warnings, b.Warnings)

	if a.Kind != b.Kind && a.Kind != "" && b.Kind != "" {
		if bFirst {
			conflict("kind", b.Kind, srcB, a.Kind, srcA, "")
			m.Kind = b.Kind
		} else {
			conflict("kind", a.Kind, srcA, b.Kind, srcB, "")
		}
	}
	// Only a record states a post type or a parent page.
	m.PostType = cmp.Or(m.PostType, b.PostType)
	m.Parent = cmp.Or(m.Parent, b.Parent)
	if a.PostID == 0 || bFirst && b.PostID != 0 {
		if a.PostID != 0 && a.PostID != b.PostID {
			conflict("id", b.PostID, srcB, a.PostID, srcA, "")
		}
		m.PostID = b.PostID
	}
	switch {
	case isPage:
		m.Status = b.Status
		if b.Status != "publish" {
			// The page was there, yet the record says the post is not
			// public: the safer reading wins.
			conflict("status", b.Status, srcB, "publish", srcA, "the page exists, but "+string(srcB)+" says the post is not published: it is treated as not published")
		}
	case a.Status != b.Status:
		// Two records disagree: a post not public in either is not public.
		chosen, other, cs, os := a.Status, b.Status, srcA, srcB
		if a.Status == "publish" {
			chosen, other, cs, os = b.Status, a.Status, srcB, srcA
		}
		m.Status = chosen
		conflict("status", chosen, cs, other, os, "")
	}
	if bFirst {
		m.Sticky = b.Sticky
		m.Comments = b.Comments
	}
	m.Protected = a.Protected || b.Protected
	if m.Language == "" {
		m.Language = b.Language
	}
	m.Meta = m.Meta.Merge(b.Meta)
	if m.ImageAlt == "" {
		m.ImageAlt = b.ImageAlt
	}
	m.BodyPages = max(a.BodyPages, b.BodyPages)

	// The body: the page's, unless it shows only the first page of a
	// multi-page post that the record holds whole, or it has none; between
	// records, the one that ranks first.
	takeBody := false
	switch {
	case !rec.hasBody:
	case !dst.hasBody:
		takeBody = true
	case isPage:
		if b.BodyPages > 1 && len(a.MorePages) == 0 {
			takeBody = true
			dst.notes = append(dst.notes, fmt.Sprintf("the page shows 1 of the post's %d pages: the body comes from %s", b.BodyPages, srcB))
		}
	case bFirst:
		takeBody = true
	}
	if takeBody {
		dst.body, dst.hasBody, merged.Lead, merged.Media = rec.body, true, pb.Lead, pb.Media
		dst.bodySource = string(srcB)
	}
	if isPage && (how == "slug" || how == "URL path") {
		// Matched on weaker evidence than an ID or the URL: say so.
		dst.notes = append(dst.notes, fmt.Sprintf("merged with the %s record %s (matched by %s)", srcB, rec.origin, how))
	}
	if bFirst {
		// The merged page's facts now rank as the record's.
		dst.source = rec.source
	}
	s.park(dst, merged)
	return nil
}

// published reports whether a record's status is written: publish, or a
// status the options include (written as a draft).
func (s *Site) published(ex *extract.Extracted) bool {
	return ex.Status == "" || ex.Status == "publish" || slices.Contains(s.opts.Include, ex.Status)
}

func notPublishedReason(status string) string {
	switch status {
	case "draft", "pending", "private", "future":
		return "not published (status " + status + "); --include " + status + " writes it as a draft"
	}
	return "not published (status " + status + ")"
}

// recordSlug gives a post the slug a record states when its URL has none
// (?p=ID), and reports a record slug that differs from the URL's.
func recordSlug(p *Post, ex *extract.Extracted, key string) {
	fromURL := pathSlug(key)
	for _, c := range ex.Slug {
		if c.Value == "" {
			continue
		}
		if fromURL == "" {
			p.Slug = c.Value
			p.Sources["slug"] = string(c.Source)
		} else if c.Value != fromURL {
			p.Conflicts = append(p.Conflicts, Conflict{Field: "slug", Chosen: fromURL, ChosenSource: "url", Other: c.Value, OtherSource: string(c.Source), Note: "the URL the site serves wins"})
		}
		return
	}
}

// dateConflicts reports the candidates of other kinds of source that
// disagree with the chosen date: the same instant when both state an
// offset, the same wall-clock time when one does not, the same day when
// one states no time.
func dateConflicts(p *Post, field string, chosen time.Time, chosenSrc extract.Source, list []extract.Candidate[extract.Date], z *zoneGuess) {
	if chosen.IsZero() {
		return
	}
	for _, c := range list {
		if c.Source == extract.SrcPermalink || !crossSource(chosenSrc, c.Source) {
			continue
		}
		t := c.Value.Time
		var same bool
		switch {
		case !c.Value.HasTime:
			l := chosen
			same = l.Year() == t.Year() && l.YearDay() == t.YearDay()
		case !c.Value.HasZone:
			same = chosen.Format("2006-01-02T15:04") == t.Format("2006-01-02T15:04")
		default:
			same = chosen.Truncate(time.Minute).Equal(t.Truncate(time.Minute))
		}
		if !same {
			p.Conflicts = append(p.Conflicts, Conflict{Field: field, Chosen: chosen.Format(time.RFC3339), ChosenSource: string(chosenSrc), Other: z.place(c.Value).Format(time.RFC3339), OtherSource: string(c.Source)})
		}
	}
}

// termConflicts reports term lists of other kinds of source whose names
// differ from the chosen list's (after renames and placeholders).
func (s *Site) termConflicts(p *Post, field string, list []extract.Candidate[[]extract.Term], table map[string]string) {
	if len(list) < 2 {
		return
	}
	names := func(ts []extract.Term) string {
		var out []string
		for _, t := range ts {
			n := rename(table, collapseSpace(t.Name))
			if !s.placeholder(n) && !slices.Contains(out, fold(n)) {
				out = append(out, fold(n))
			}
		}
		slices.Sort(out)
		return strings.Join(out, ", ")
	}
	display := func(ts []extract.Term) string {
		var out []string
		for _, t := range ts {
			out = append(out, t.Name)
		}
		return strings.Join(out, ", ")
	}
	chosen := list[0]
	for _, c := range list[1:] {
		if crossSource(chosen.Source, c.Source) && names(c.Value) != names(chosen.Value) {
			p.Conflicts = append(p.Conflicts, Conflict{Field: field, Chosen: display(chosen.Value), ChosenSource: string(chosen.Source), Other: display(c.Value), OtherSource: string(c.Source)})
		}
	}
}
