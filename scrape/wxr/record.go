package wxr

import (
	"context"
	"errors"
	"html"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/datetext"
	"github.com/unpress/unpress/scrape/extract"
	"github.com/unpress/unpress/scrape/wprender"
)

// Records yields a record for every post and page of the export, in file
// order (the second pass). A post that is not published (and not asked
// for with Options.Include) is a bare record: its ?p=ID URL, kind and
// status. An item that is not well-formed XML is read tolerantly, with a
// warning in its record, or goes to onErr when it cannot be read at all;
// an item cut short (the file ends) ends the reading: it goes to onErr,
// and Records returns nil, the items before it having been yielded.
func (f *File) Records(ctx context.Context, fn func(*extract.Record) error, onErr func(*scrape.PageError)) error {
	err := f.scan(ctx, false, func(it *itemXML, pos itemPos) error {
		ex := f.Record(it)
		if pos.damage != nil {
			f.warn(ex, pos.damage.Error())
		}
		if ex == nil {
			return nil
		}
		return fn(&extract.Record{Extracted: ex, Source: extract.SrcWXR, Origin: f.name + ":" + strconv.Itoa(pos.line)})
	}, func(ie *ItemError) {
		onErr(&scrape.PageError{URL: f.name + ":" + strconv.Itoa(ie.Line), Stage: scrape.StageRead, Err: ie})
	})
	var ie *ItemError
	if errors.As(err, &ie) {
		where := f.name + ":" + strconv.Itoa(ie.Line)
		onErr(&scrape.PageError{URL: where, Stage: scrape.StageRead, Err: err})
		return nil
	}
	return err
}

// Record turns one item into a record; nil for items that are not posts,
// pages or custom post types (attachments, menu items, reusable blocks,
// revisions: see CustomType) and for auto-drafts.
func (f *File) Record(it *itemXML) *extract.Extracted {
	var kind extract.Kind
	typ := strings.TrimSpace(it.PostType)
	switch {
	case typ == "post":
		kind = extract.KindPost
	case typ == "page":
		kind = extract.KindPage
	case CustomType(typ):
		kind = extract.KindPost
	default:
		return nil
	}
	custom := ""
	if kind == extract.KindPost && typ != "post" {
		custom = typ
	}
	status := strings.TrimSpace(it.Status)
	if status == "auto-draft" || status == "inherit" {
		return nil
	}
	if status == "" {
		status = "publish"
	}
	id, _ := strconv.Atoi(strings.TrimSpace(it.PostID))
	if status != "publish" && !slices.Contains(f.opts.Include, status) {
		// What the report needs to say it was left out, and nothing else.
		u := *f.base
		u.RawQuery = "p=" + strconv.Itoa(id)
		return &extract.Extracted{URL: u.String(), Kind: kind, PostID: id, Status: status, PostType: custom}
	}
	link := f.resolve(it.Link)
	if link == "" {
		u := *f.base
		u.RawQuery = "p=" + strconv.Itoa(id)
		link = u.String()
	}
	protected := strings.TrimSpace(it.Password) != ""
	ex := &extract.Extracted{
		URL:       link,
		Canonical: link,
		Kind:      kind,
		PostID:    id,
		Status:    status,
		Language:  f.Channel.Language,
		Sticky:    strings.TrimSpace(it.Sticky) == "1",
		Protected: protected,
		PostType:  custom,
	}
	if kind == extract.KindPage {
		ex.Parent, _ = strconv.Atoi(strings.TrimSpace(it.Parent))
	}
	for _, c := range it.Comments {
		if strings.TrimSpace(c.Approved) == "1" {
			ex.Comments++
		}
	}
	add := func(list *[]extract.Candidate[string], v string) {
		*list = append(*list, extract.Candidate[string]{Value: v, Source: extract.SrcWXR})
	}
	add(&ex.Title, wprender.Title(it.Title))
	if slug := f.slug(it, id); slug != "" {
		add(&ex.Slug, slug)
	}
	if d, ok := LocalDate(it.PostDate, it.PostDateGMT); ok {
		ex.Published = append(ex.Published, extract.Candidate[extract.Date]{Value: d, Source: extract.SrcWXR})
	} else if d, ok := PubDate(it.PubDate); ok {
		// Exports written by other tools may have only the RSS date.
		ex.Published = append(ex.Published, extract.Candidate[extract.Date]{Value: d, Source: extract.SrcWXR})
	}
	if d, ok := LocalDate(it.Modified, it.ModifiedGMT); ok {
		ex.Updated = append(ex.Updated, extract.Candidate[extract.Date]{Value: d, Source: extract.SrcWXR})
	}
	if login := strings.TrimSpace(it.Creator); login != "" {
		name := f.authors[login]
		if name == "" {
			name = login
		}
		add(&ex.Author, name)
	}
	if kind == extract.KindPost {
		// A custom type's items carry the categories and tags it was
		// registered with, under the same domains.
		cats, tags := f.terms(it)
		// An export lists every term of a post: no tags is a fact too.
		ex.Categories = append(ex.Categories, extract.Candidate[[]extract.Term]{Value: cats, Source: extract.SrcWXR})
		ex.Tags = append(ex.Tags, extract.Candidate[[]extract.Term]{Value: tags, Source: extract.SrcWXR})
	}
	if thumb, err := strconv.Atoi(strings.TrimSpace(it.meta("_thumbnail_id"))); err == nil {
		if a, ok := f.Attachment(thumb); ok {
			add(&ex.Image, a.URL)
			ex.ImageAlt = a.Alt
		}
	}
	if protected && !f.opts.IncludeProtected {
		// The export holds the clear text of a password-protected post:
		// it is never carried further unless asked for.
		return ex
	}
	f.postMeta(it, ex)
	if excerpt := wprender.Text(it.excerpt()); excerpt != "" {
		add(&ex.Description, excerpt)
	}
	base, _ := url.Parse(link)
	res := wprender.Content(it.content(), wprender.Options{PostID: id, Site: f, Footnotes: it.meta("footnotes")})
	ex.BodyPages = res.Pages
	ex.Warnings = append(ex.Warnings, res.Warnings...)
	if strings.TrimSpace(res.HTML) != "" {
		node, err := wprender.Fragment(res.HTML, base, f)
		if err != nil {
			ex.Warnings = append(ex.Warnings, err.Error())
		} else {
			ex.Content = node
		}
	}
	return ex
}

func (f *File) resolve(raw string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	u, err := f.base.Parse(raw)
	if err != nil {
		return ""
	}
	return u.String()
}

// terms are the item's categories, each with its path of parent names
// from the channel's category table, and its tags.
func (f *File) terms(it *itemXML) (cats, tags []extract.Term) {
	// WXR 1.0 lists each category twice, with and without a domain.
	withDomain := slices.ContainsFunc(it.Categories, func(c categoryXML) bool { return c.Domain != "" })
	for _, c := range it.Categories {
		name := html.UnescapeString(strings.TrimSpace(c.Name))
		if name == "" {
			continue
		}
		switch {
		case c.Domain == "category" || c.Domain == "" && !withDomain:
			cats = append(cats, extract.Term{Name: name, Path: f.categoryPath(strings.TrimSpace(c.Nicename), name)})
		case c.Domain == "post_tag" || c.Domain == "tag":
			tags = append(tags, extract.Term{Name: name})
		}
	}
	return cats, tags
}

// categoryPath is root first, the category last.
func (f *File) categoryPath(slug, name string) []string {
	path := []string{name}
	seen := map[string]bool{slug: true}
	for cur := slug; ; {
		t, ok := f.categories[cur]
		if !ok || t.parent == "" || seen[t.parent] {
			break
		}
		seen[t.parent] = true
		p, ok := f.categories[t.parent]
		if !ok {
			break
		}
		path = append([]string{p.name}, path...)
		cur = t.parent
	}
	return path
}

// slug is post_name, percent-decoded; when empty (drafts) it is derived
// from the title as WordPress's sanitize_title would.
func (f *File) slug(it *itemXML, id int) string {
	if s := strings.TrimSpace(it.PostName); s != "" {
		if d, err := url.PathUnescape(s); err == nil {
			return d
		}
		return s
	}
	if s := DeriveSlug(wprender.Title(it.Title)); s != "" {
		return s
	}
	if id > 0 {
		return strconv.Itoa(id)
	}
	return ""
}

var accents = strings.NewReplacer("ß", "ss", "æ", "ae", "Æ", "ae", "ø", "o", "Ø", "o", "œ", "oe", "Œ", "oe", "đ", "d", "Đ", "d", "ł", "l", "Ł", "l", "þ", "th", "Þ", "th", "ð", "d", "&", "")

// DeriveSlug makes a slug of a title the way WordPress's sanitize_title
// does: Latin accents removed, lower case, letters and digits of any
// script kept, everything else a single dash.
func DeriveSlug(title string) string {
	t := accents.Replace(title)
	var b strings.Builder
	dash, latin := false, false
	for _, r := range norm.NFD.String(t) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// Accents come off Latin letters only: й and ї stay.
			if !latin && b.Len() > 0 {
				b.WriteRune(r)
			}
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			latin = unicode.Is(unicode.Latin, r)
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		case r == '\'' || r == '’' || r == '"' || r == '“' || r == '”':
		default:
			dash = true
		}
	}
	return norm.NFC.String(b.String())
}

// LocalDate reads a post's local date and its GMT twin (post_date and
// post_date_gmt in an export, date and date_gmt in the REST API) into a
// date with the site's offset at that moment. A GMT of 0000-00-00 00:00:00
// (drafts, some importers) leaves the local date without a zone: the
// transform stage gives it the site's offset.
func LocalDate(local, gmt string) (extract.Date, bool) {
	l, ok := datetext.ParseMachine(local)
	if !ok {
		return extract.Date{}, false
	}
	d := extract.Date{Time: l.Time, HasTime: l.HasTime}
	g, ok := datetext.ParseMachine(gmt)
	if !ok || !l.HasTime || !g.HasTime {
		return d, true
	}
	off := l.Time.Sub(g.Time)
	if off < -14*time.Hour || off > 14*time.Hour || off%time.Minute != 0 {
		return d, true
	}
	loc := time.UTC
	if off != 0 {
		loc = time.FixedZone("", int(off/time.Second))
	}
	t := l.Time
	d.Time = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, loc)
	d.HasZone = true
	return d, true
}

// PubDate reads an item's RSS <pubDate> (RFC 1123, "Sun, 02 May 2021
// 00:30:00 +0000"), the date source of an item without post_date. WordPress
// writes "Mon, 30 Nov -0001 00:00:00 +0000" for a draft's: no date.
func PubDate(s string) (extract.Date, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC1123Z, time.RFC1123, "Mon, 2 Jan 2006 15:04:05 -0700", "2 Jan 2006 15:04:05 -0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			if t.Year() < 1 {
				return extract.Date{}, false
			}
			return extract.Date{Time: t, HasTime: true, HasZone: true}, true
		}
	}
	return extract.Date{}, false
}
