package wxr

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/corpustest"
	"github.com/unpress/unpress/scrape/extract"
	"github.com/unpress/unpress/scrape/wxr/wxrtest"
)

type record struct {
	ex     *extract.Extracted
	origin string
	body   string
}

// readAll opens an export and collects its records and page errors.
func readAll(t testing.TB, f *File) ([]record, []*scrape.PageError) {
	t.Helper()
	var out []record
	var errs []*scrape.PageError
	err := f.Records(context.Background(), func(rec *extract.Record) error {
		ex, origin := rec.Extracted, rec.Origin
		r := record{ex: ex, origin: origin}
		if ex.Content != nil {
			var b bytes.Buffer
			if err := html.Render(&b, ex.Content); err != nil {
				t.Fatal(err)
			}
			r.body = b.String()
		}
		out = append(out, r)
		return nil
	}, func(e *scrape.PageError) { errs = append(errs, e) })
	if err != nil {
		t.Fatal(err)
	}
	return out, errs
}

func openString(t testing.TB, name, doc string, opts Options) (*File, error) {
	t.Helper()
	return OpenFunc(name, func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(doc)), nil }, opts)
}

func byID(recs []record) map[int]record {
	m := map[int]record{}
	for _, r := range recs {
		m[r.ex.PostID] = r
	}
	return m
}

func first[T any](list []extract.Candidate[T]) (T, extract.Source) {
	var zero T
	if len(list) == 0 {
		return zero, ""
	}
	return list[0].Value, list[0].Source
}

func termNames(list []extract.Candidate[[]extract.Term]) []string {
	ts, _ := first(list)
	var out []string
	for _, t := range ts {
		out = append(out, t.Name)
	}
	return out
}

// TestThemeUnitTestData reads WordPress's own theme test export, a file
// of edge cases, and checks what it makes of them.
func TestThemeUnitTestData(t *testing.T) {
	f, err := Open(corpustest.Path(t, "wxr/themeunittestdata.wordpress.xml"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Base().String(); got != "https://wpthemetestdata.wordpress.com/" {
		t.Errorf("Base = %s", got)
	}
	st := f.Stats()
	if st.Items != 186 || st.ByType["post"] != 58 || st.ByType["page"] != 21 || st.ByType["attachment"] != 37 || st.ByType["nav_menu_item"] != 70 {
		t.Errorf("stats = %+v", st)
	}
	recs, errs := readAll(t, f)
	if len(errs) > 0 {
		t.Fatalf("page errors: %v", errs)
	}
	if len(recs) != 79 {
		t.Errorf("%d records, want 79 (56+21 published, a draft and a future post as bare records)", len(recs))
	}
	m := byID(recs)
	check := func(id int, what string, got, want any) {
		t.Helper()
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("post %d %s = %v, want %v", id, what, got, want)
		}
	}
	title := func(id int) string { v, _ := first(m[id].ex.Title); return v }
	slug := func(id int) string { v, _ := first(m[id].ex.Slug); return v }

	// Unicode titles and slugs; a texturized title.
	check(1809, "title", title(1809), "Ελληνικά-Greek")
	check(1811, "slug", slug(1811), "επίπεδο-2")
	check(1168, "title", title(1168), "Template: Password Protected (the password is “enter”)")
	check(1174, "title", title(1174), "Markup: Title With Special Characters ~`!@#$%^&*()-_=+{}[]/\\;:'”?,.>")
	// The untitled post keeps an empty title and its own slug.
	check(1169, "title", title(1169), "")
	check(1169, "slug", slug(1169), "edge-case-no-title")
	// Dates carry the site's offset at the time.
	d, src := first(m[1241].ex.Published)
	check(1241, "published", d.Time.Format(time.RFC3339), "2012-01-07T07:07:21-07:00")
	check(1241, "published source", src, extract.SrcWXR)
	check(1809, "published", func() string { d, _ := first(m[1809].ex.Published); return d.Time.Format(time.RFC3339) }(), "2020-02-14T13:31:00+03:00")
	// dc:creator is the login; the record has the display name.
	a, _ := first(m[1241].ex.Author)
	check(1241, "author", a, "Theme Buster")
	// Categories with their parents, from the channel's table.
	cats, _ := first(m[1152].ex.Categories)
	var grand []string
	for _, c := range cats {
		if c.Name == "Grandchild Category" {
			grand = c.Path
		}
	}
	check(1152, "Grandchild Category path", grand, []string{"Parent Category", "Child Category 03", "Grandchild Category"})
	check(1152, "categories", len(cats), 63)
	tags := termNames(m[1151].ex.Tags)
	check(1151, "tags", len(tags), 45)
	if !slices.Contains(tags, "content περιεχόμενο") || !slices.Contains(tags, "wordpress.tv") {
		t.Errorf("post 1151 tags = %q", tags)
	}
	// A manual excerpt is the description.
	desc, _ := first(m[993].ex.Description)
	if !strings.HasPrefix(desc, "This is a user-defined post excerpt.") {
		t.Errorf("post 993 description = %q", desc)
	}
	// Sticky, featured image, comments, pages.
	check(1241, "sticky", m[1241].ex.Sticky, true)
	img, _ := first(m[1163].ex.Image)
	check(1163, "image", img, "https://wpthemetestdata.files.wordpress.com/2010/08/triforce-wallpaper.jpg")
	check(1171, "pages", m[1171].ex.BodyPages, 3)
	for _, p := range []string{"Post Page 1", "Post Page 2", "Post Page 3"} {
		if !strings.Contains(m[1171].body, p) {
			t.Errorf("post 1171 body lost %q", p)
		}
	}
	// Password-protected: kept as a record (the report says why it is
	// skipped) but its text is not read.
	check(1168, "protected", m[1168].ex.Protected, true)
	if m[1168].ex.Content != nil || len(m[1168].ex.Description) > 0 {
		t.Error("post 1168 (password-protected) carries its body or excerpt")
	}
	// Draft and future posts: bare records, nothing of their content.
	for _, id := range []int{1164, 1153} {
		r := m[id]
		if r.ex.Status == "publish" || len(r.ex.Title) > 0 || r.ex.Content != nil {
			t.Errorf("post %d (%s) is not a bare record: %+v", id, r.ex.Status, r.ex)
		}
		if !strings.HasSuffix(r.ex.URL, fmt.Sprintf("/?p=%d", id)) {
			t.Errorf("post %d URL = %s", id, r.ex.URL)
		}
	}
	// Shortcodes rendered as WordPress renders them.
	gallery := m[555].body
	if !strings.Contains(gallery, `class="gallery galleryid-555 gallery-columns-3 gallery-size-thumbnail"`) ||
		!strings.Contains(gallery, `<figcaption class="wp-caption-text gallery-caption" id="gallery-1-611">Lorem ipsum`) ||
		!strings.Contains(gallery, `href="https://wpthemetestdata.wordpress.com/2010/09/10/post-format-gallery/canola2/"`) {
		t.Errorf("post 555 gallery not rendered: %.600s", gallery)
	}
	if strings.Contains(gallery, "[gallery") {
		t.Error("post 555 still holds a [gallery] shortcode")
	}
	caption := m[1163].body
	if !strings.Contains(caption, `<figure id="attachment_754" aria-describedby="caption-attachment-754" style="width: 604px" class="wp-caption alignnone">`) ||
		!strings.Contains(caption, `<figcaption id="caption-attachment-754" class="wp-caption-text">Bell on wharf in San Francisco</figcaption>`) {
		t.Errorf("post 1163 caption not rendered: %s", caption)
	}
	if !strings.Contains(m[587].body, `<audio class="wp-audio-shortcode"`) || !strings.Contains(m[587].body, `type="audio/mpeg"`) {
		t.Errorf("post 587 audio not rendered: %s", m[587].body)
	}
	if !strings.Contains(m[1161].body, `<div class="wp-block-embed__wrapper">https://www.youtube.com/watch?v=SQEQr7c0-dw</div>`) {
		t.Errorf("post 1161: the YouTube URL is not an embed: %s", m[1161].body)
	}
	// Classic posts get their paragraphs.
	if !strings.HasPrefix(m[1241].body, "<div><p>This is a sticky post.</p>") {
		t.Errorf("post 1241 body = %.200s", m[1241].body)
	}
	// Dynamic blocks are left out and named in one warning each.
	var warned bool
	for _, w := range m[34].ex.Warnings {
		warned = warned || strings.Contains(w, "core/latest-posts")
	}
	if !warned {
		t.Errorf("post 34 warnings = %q", m[34].ex.Warnings)
	}
	// Everything else: every published post has a title candidate, a
	// date and a body.
	for _, r := range recs {
		if r.ex.Status != "publish" || r.ex.Protected {
			continue
		}
		if len(r.ex.Title) == 0 || len(r.ex.Published) == 0 {
			t.Errorf("%s: no title or date", r.origin)
		}
	}
}

// TestThemeUnitTestDataInclude writes drafts and scheduled posts when
// asked for.
func TestThemeUnitTestDataInclude(t *testing.T) {
	f, err := Open(corpustest.Path(t, "wxr/themeunittestdata.wordpress.xml"), Options{Include: []string{"draft", "future"}})
	if err != nil {
		t.Fatal(err)
	}
	recs, _ := readAll(t, f)
	m := byID(recs)
	if r := m[1164]; r.ex.Status != "draft" || !strings.Contains(r.body, "This post is drafted and not published yet.") {
		t.Errorf("draft 1164 = %s %q", r.ex.Status, r.body)
	}
	if v, _ := first(m[1153].ex.Title); v != "Scheduled" {
		t.Errorf("future 1153 title = %q", v)
	}
	if _, err := Open(corpustest.Path(t, "wxr/themeunittestdata.wordpress.xml"), Options{Include: []string{"trash"}}); err == nil {
		t.Error("Include trash accepted")
	}
}

type truthPost struct {
	ID         int    `json:"id"`
	Type       string `json:"type"`
	URL        string `json:"url"`
	Slug       string `json:"slug"`
	Title      string `json:"title"`
	Date       string `json:"date"`
	Modified   string `json:"modified"`
	Author     string `json:"author"`
	Categories []struct {
		Name string   `json:"name"`
		Path []string `json:"path"`
	} `json:"categories"`
	Tags []struct {
		Name string `json:"name"`
	} `json:"tags"`
	Excerpt          string `json:"excerpt"`
	ExcerptManual    bool   `json:"excerpt_manual"`
	FeaturedImage    string `json:"featured_image"`
	FeaturedImageAlt string `json:"featured_image_alt"`
	Sticky           bool   `json:"sticky"`
	Protected        bool   `json:"password_protected"`
	CommentCount     int    `json:"comment_count"`
	PageCount        int    `json:"page_count"`
}

func loadTruth(t testing.TB) []truthPost {
	var truth []truthPost
	corpustest.Truth(t, &truth)
	return truth
}

// TestCorpusExport compares every record of a real WordPress's export
// with the values in its database.
func TestCorpusExport(t *testing.T) {
	truth := loadTruth(t)
	f, err := Open(corpustest.Path(t, "wordpress/export.xml"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	recs, errs := readAll(t, f)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	m := byID(recs)
	for _, tr := range truth {
		r, ok := m[tr.ID]
		if !ok {
			t.Errorf("%s: no record", tr.URL)
			continue
		}
		ex := r.ex
		check := func(field string, got, want any) {
			t.Helper()
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s %s = %v, want %v", tr.URL, field, got, want)
			}
		}
		check("url", ex.URL, tr.URL)
		check("kind", ex.Kind, tr.Type)
		title, _ := first(ex.Title)
		check("title", title, strings.TrimPrefix(tr.Title, "Protected: "))
		slug, _ := first(ex.Slug)
		wantSlug, _ := url.PathUnescape(tr.Slug)
		check("slug", slug, wantSlug)
		pub, _ := first(ex.Published)
		check("published", pub.Time.Format(time.RFC3339), tr.Date)
		mod, _ := first(ex.Updated)
		check("modified", mod.Time.Format(time.RFC3339), tr.Modified)
		author, _ := first(ex.Author)
		check("author", author, tr.Author)
		check("sticky", ex.Sticky, tr.Sticky)
		check("protected", ex.Protected, tr.Protected)
		check("comments", ex.Comments, tr.CommentCount)
		img, _ := first(ex.Image)
		check("image", img, tr.FeaturedImage)
		if tr.FeaturedImage != "" {
			check("image alt", ex.ImageAlt, tr.FeaturedImageAlt)
		}
		if tr.Type == "post" {
			var cats, paths, tags []string
			for _, c := range tr.Categories {
				cats = append(cats, c.Name)
				paths = append(paths, strings.Join(c.Path, "/"))
			}
			for _, tg := range tr.Tags {
				tags = append(tags, tg.Name)
			}
			gc, _ := first(ex.Categories)
			var gotCats, gotPaths []string
			for _, c := range gc {
				gotCats = append(gotCats, c.Name)
				gotPaths = append(gotPaths, strings.Join(c.Path, "/"))
			}
			slices.Sort(cats)
			slices.Sort(paths)
			slices.Sort(gotCats)
			slices.Sort(gotPaths)
			gotTags := termNames(ex.Tags)
			slices.Sort(tags)
			slices.Sort(gotTags)
			check("categories", gotCats, cats)
			check("category paths", gotPaths, paths)
			check("tags", gotTags, tags)
		}
		if tr.Protected {
			continue
		}
		desc, _ := first(ex.Description)
		if tr.ExcerptManual {
			check("description", desc, tr.Excerpt)
		} else {
			check("description", desc, "")
		}
		check("pages", ex.BodyPages, tr.PageCount)
	}
}

// TestCorpusSecrets: nothing of a draft, private or future post, or of a
// comment held for moderation, is in any record by default.
func TestCorpusSecrets(t *testing.T) {
	var site struct {
		NotPublic []struct {
			ID     int    `json:"id"`
			Status string `json:"status"`
			Title  string `json:"title"`
		} `json:"not_public"`
		Secrets []string `json:"secret_markers"`
	}
	corpustest.ReadJSON(t, "wordpress/site.json", &site)
	f, err := Open(corpustest.Path(t, "wordpress/export.xml"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	recs, _ := readAll(t, f)
	m := byID(recs)
	var all bytes.Buffer
	for _, r := range recs {
		fmt.Fprintf(&all, "%+v\n%s\n", *r.ex, r.body)
	}
	for _, s := range site.Secrets {
		if bytes.Contains(all.Bytes(), []byte(s)) {
			t.Errorf("a record holds %q", s)
		}
	}
	for _, np := range site.NotPublic {
		if bytes.Contains(all.Bytes(), []byte(np.Title)) {
			t.Errorf("a record holds the title %q of a %s post", np.Title, np.Status)
		}
		r := m[np.ID]
		if r.ex == nil || r.ex.Status != np.Status || len(r.ex.Title) > 0 {
			t.Errorf("post %d: want a bare %s record, got %+v", np.ID, np.Status, r.ex)
		}
	}
}

// The truncated, hostile and broken files below are small WXR documents.
const (
	wxrHead = wxrtest.Head
	wxrTail = wxrtest.Tail
)

var wxrItem = wxrtest.Item

func TestSmallExport(t *testing.T) {
	doc := wxrHead + wxrItem(1, "O'Neil's \"first\" post -- really", "One line\nnext line.\n\nSecond paragraph.") + wxrTail
	f, err := openString(t, "small.xml", doc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	recs, errs := readAll(t, f)
	if len(errs) > 0 || len(recs) != 1 {
		t.Fatalf("records %d, errors %v", len(recs), errs)
	}
	ex := recs[0].ex
	if v, _ := first(ex.Title); v != "O’Neil’s “first” post — really" {
		t.Errorf("title = %q", v)
	}
	if v, _ := first(ex.Author); v != "Ann O'Neil" {
		t.Errorf("author = %q", v)
	}
	// 00:30 local is 22:30 GMT the day before: the offset is +02:00 and
	// the day stays the local one.
	if d, _ := first(ex.Published); d.Time.Format(time.RFC3339) != "2021-05-02T00:30:00+02:00" || !d.HasZone {
		t.Errorf("published = %v", d)
	}
	cats, _ := first(ex.Categories)
	if len(cats) != 1 || cats[0].Name != "Local & Regional" || strings.Join(cats[0].Path, "/") != "News/Local & Regional" {
		t.Errorf("categories = %+v", cats)
	}
	if ex.Language != "en-GB" {
		t.Errorf("language = %q", ex.Language)
	}
	if want := "<div><p>One line<br/>\nnext line.</p>\n<p>Second paragraph.</p>\n</div>"; recs[0].body != want {
		t.Errorf("body = %q, want %q", recs[0].body, want)
	}
}

func TestZeroGMTDate(t *testing.T) {
	d, ok := LocalDate("2021-05-02 00:30:00", "0000-00-00 00:00:00")
	if !ok || d.HasZone || !d.HasTime || d.Time.Format("2006-01-02 15:04") != "2021-05-02 00:30" {
		t.Errorf("LocalDate = %+v, %v: want the local time without a zone", d, ok)
	}
	if _, ok := LocalDate("0000-00-00 00:00:00", "0000-00-00 00:00:00"); ok {
		t.Error("a zero date was read")
	}
	// An offset no zone has is not trusted.
	if d, _ := LocalDate("2021-05-02 00:30:00", "2021-04-30 00:00:00"); d.HasZone {
		t.Errorf("offset of 48h accepted: %v", d.Time)
	}
}

// TestBillionLaughs: a file that declares entities is refused with a
// message that says why, before anything is expanded.
func TestBillionLaughs(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?>` + "\n<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "<!ENTITY lol%d \"%s\">\n", i, strings.Repeat(fmt.Sprintf("&lol%d;", i-1), 10))
	}
	b.WriteString("]>\n" + strings.TrimPrefix(wxrHead, `<?xml version="1.0" encoding="UTF-8" ?>`+"\n"))
	b.WriteString(wxrItem(1, "&lol9;", "&lol9;") + wxrTail)
	doc := strings.Replace(b.String(), "<!ENTITY lol1 \"&lol0;", "<!ENTITY lol1 \"&lol;", 1)
	_, err := openString(t, "lol.xml", doc, Options{})
	if err == nil || !strings.Contains(err.Error(), "declares XML entities") || !strings.Contains(err.Error(), "lol.xml") {
		t.Fatalf("err = %v", err)
	}
}

// TestTruncated: a file cut inside an item yields the items before it and
// one error that names the item.
func TestTruncated(t *testing.T) {
	full := wxrHead + wxrItem(1, "First", "one") + wxrItem(2, "Second", "two") + wxrItem(3, "Third", "three") + wxrTail
	cut := full[:strings.Index(full, "<wp:post_name><![CDATA[post-3")]
	f, err := openString(t, "cut.xml", cut, Options{})
	if err != nil {
		t.Fatal(err)
	}
	recs, errs := readAll(t, f)
	if len(recs) != 2 {
		t.Errorf("%d records, want the 2 whole ones", len(recs))
	}
	if len(errs) != 1 {
		t.Fatalf("errors = %v", errs)
	}
	msg := errs[0].Error()
	// Cut before its status: the item is named by its post ID only, so
	// that a draft's or a private post's title never reaches a message.
	for _, want := range []string{"cut.xml", "item 3", "post 3)", "truncated"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not say %q", msg, want)
		}
	}
	if strings.Contains(msg, "Third") {
		t.Errorf("error %q names a post whose status is unknown by its title", msg)
	}
	// Cut after a published post's status: its title may be said.
	afterStatus := full[:strings.LastIndex(full, "<wp:post_type>")]
	f2, err := openString(t, "cut2.xml", afterStatus, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, errs2 := readAll(t, f2); len(errs2) != 1 || !strings.Contains(errs2[0].Error(), `post 3 "Third"`) {
		t.Errorf("errors = %v, want one naming the published post 3 by its title", errs2)
	}
	// The same cut in a private post: never its title.
	private := afterStatus[:strings.LastIndex(afterStatus, "<wp:status>")] + "<wp:status><![CDATA[private]]></wp:status>\n\t"
	f3, err := openString(t, "cut3.xml", private, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, errs3 := readAll(t, f3); len(errs3) != 1 || strings.Contains(errs3[0].Error(), "Third") {
		t.Errorf("errors = %v, want one that does not name the private post's title", errs3)
	}
	var ie *ItemError
	if !errors.As(errs[0], &ie) || !ie.Truncated || ie.N != 3 {
		t.Errorf("error = %#v", errs[0].Err)
	}
	// Cut between items: the items are read, and the end is reported.
	between := full[:strings.LastIndex(full, "</item>")+len("</item>\n")]
	f, err = openString(t, "between.xml", between, Options{})
	if err != nil {
		t.Fatal(err)
	}
	recs, errs = readAll(t, f)
	if len(recs) != 3 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "truncated") {
		t.Errorf("cut between items: %d records, errors %v", len(recs), errs)
	}
}

// TestControlCharacters: bytes XML forbids, which real exports hold, are
// dropped or replaced instead of failing the file.
func TestControlCharacters(t *testing.T) {
	doc := wxrHead + wxrItem(1, "Bad\x0bbyte\x08s", "text with a vertical tab\x0b, a NUL\x00 and latin-1 \xe9t\xe9") + wxrTail
	f, err := openString(t, "ctl.xml", doc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	recs, errs := readAll(t, f)
	if len(errs) > 0 || len(recs) != 1 {
		t.Fatalf("records %d errors %v", len(recs), errs)
	}
	if v, _ := first(recs[0].ex.Title); v != "Badbytes" {
		t.Errorf("title = %q", v)
	}
	if !strings.Contains(recs[0].body, "latin-1 \ufffdt\ufffd") {
		t.Errorf("body = %q", recs[0].body)
	}
	if n := f.Stats().Sanitized; n != 6 {
		t.Errorf("Sanitized = %d, want 6", n)
	}
}

// TestElementTooLarge: an item beyond the bound is an error naming it,
// not an allocation.
func TestElementTooLarge(t *testing.T) {
	doc := wxrHead + wxrItem(1, "Small", "ok") + wxrItem(2, "Huge", strings.Repeat("x", 1<<20)) + wxrTail
	f, err := openString(t, "big.xml", doc, Options{MaxElementBytes: 64 << 10})
	if err != nil {
		t.Fatal(err)
	}
	recs, errs := readAll(t, f)
	if len(recs) != 1 || len(errs) != 1 {
		t.Fatalf("records %d errors %v", len(recs), errs)
	}
	if msg := errs[0].Error(); !strings.Contains(msg, "item 2") || !strings.Contains(msg, "larger than 64 KiB") {
		t.Errorf("error = %s", msg)
	}
}

func TestNotAnExport(t *testing.T) {
	for name, doc := range map[string]string{
		"html":  "<!DOCTYPE html><html><body><p>hi</p></body></html>",
		"atom":  `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>`,
		"empty": "",
		"rss":   `<?xml version="1.0"?><rss><channel><title>no link</title></channel></rss>`,
	} {
		if _, err := openString(t, name+".xml", doc, Options{}); err == nil || !strings.Contains(err.Error(), "not a WordPress export") {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

// TestOldExport reads a WXR 1.0 file: another namespace, and every
// category listed twice, once without a domain.
func TestOldExport(t *testing.T) {
	doc := strings.ReplaceAll(wxrHead, "export/1.2/", "export/1.0/") +
		strings.Replace(wxrItem(1, "Old", "body"), `<category domain="category" nicename="local">`, `<category><![CDATA[Local &amp; Regional]]></category><category domain="category" nicename="local">`, 1) + wxrTail
	f, err := openString(t, "old.xml", doc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	recs, _ := readAll(t, f)
	if len(recs) != 1 {
		t.Fatalf("%d records", len(recs))
	}
	if cats := termNames(recs[0].ex.Categories); len(cats) != 1 {
		t.Errorf("categories = %q", cats)
	}
}

func TestDeriveSlug(t *testing.T) {
	for title, want := range map[string]string{
		"Draft: Unfinished Thoughts on Sanctions": "draft-unfinished-thoughts-on-sanctions",
		"Über die Zukunft der Bäckerei":           "uber-die-zukunft-der-backerei",
		"Київ навесні":                            "київ-навесні",
		"  It’s “quoted” -- & more!  ":            "its-quoted-more",
		"Straße & Œuvre":                          "strasse-oeuvre",
		"":                                        "",
	} {
		if got := DeriveSlug(title); got != want {
			t.Errorf("DeriveSlug(%q) = %q, want %q", title, got, want)
		}
	}
}

// FuzzWXR feeds arbitrary bytes (seeded with real and broken exports) to
// the reader: it must return records or errors, never panic or hang.
func FuzzWXR(f *testing.F) {
	f.Add([]byte(wxrHead + wxrItem(1, "a", "b\n\nc [gallery] [caption width=\"10\"]<img src=x> t[/caption]") + wxrTail))
	f.Add([]byte(wxrHead + wxrItem(2, "<!-- wp:paragraph -->", "<!-- wp:paragraph --><p>x</p><!-- /wp:paragraph --><!-- wp:latest-posts /-->") + wxrTail))
	f.Add([]byte(wxrHead + wxrItem(3, "t", "x")[:100]))
	f.Add([]byte("<!DOCTYPE rss [<!ENTITY a \"b\">]><rss/>"))
	f.Add([]byte("\x00\xff<rss><channel><link>http://x</link><item>"))
	if data, err := os.ReadFile(filepath.Join(corpustest.Dir(), "wxr", "themeunittestdata.wordpress.xml")); err == nil {
		f.Add(data[:min(len(data), 40000)])
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := OpenFunc("fuzz.xml", func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }, Options{MaxElementBytes: 1 << 20})
		if err != nil {
			return
		}
		_ = file.Records(context.Background(), func(*extract.Record) error { return nil }, func(*scrape.PageError) {})
	})
}
