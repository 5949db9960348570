package transform

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/unpress/unpress/scrape/extract"
)

func body(text string) *html.Node {
	root := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, _ := html.ParseFragment(strings.NewReader(text), root)
	for _, n := range nodes {
		root.AppendChild(n)
	}
	return root
}

// page is a post as a theme renders it.
func htmlPage(url string, id int, title string) *extract.Extracted {
	return &extract.Extracted{
		URL: url, Kind: extract.KindPost, PostID: id,
		Title:      cand(title, extract.SrcClassic),
		Published:  append(cand(at("2022-03-11T15:42:00+02:00"), extract.SrcClassic), cand(day("2022-03-11"), extract.SrcPermalink)...),
		Author:     cand("Jamie O’Connor", extract.SrcClassic),
		Categories: cand([]extract.Term{{Name: "News", URL: "https://example.org/category/news/"}}, extract.SrcClassic),
		Tags:       cand([]extract.Term{{Name: "War"}}, extract.SrcClassic),
		Image:      cand("https://example.org/wp-content/uploads/2022/03/x-1024x576.jpg", extract.SrcClassic),
		Content:    body("<p>The page's own body, as the theme rendered it.</p>"),
	}
}

// record is the same post as an export states it.
func record(url string, id int, title string, src extract.Source) *extract.Record {
	return &extract.Record{Source: src, Origin: url, Extracted: &extract.Extracted{
		URL: url, Canonical: url, Kind: extract.KindPost, PostID: id, Status: "publish",
		Title:      cand(title, src),
		Slug:       cand(url[strings.LastIndex(strings.TrimSuffix(url, "/"), "/")+1:len(url)-1], src),
		Published:  cand(at("2022-03-11T15:42:00+02:00"), src),
		Updated:    cand(at("2022-04-07T10:03:00+03:00"), src),
		Author:     cand("Jamie O'Connor", src),
		Categories: cand([]extract.Term{{Name: "News", Path: []string{"News"}}}, src),
		Tags:       cand([]extract.Term{{Name: "War"}}, src),
		Image:      cand("https://example.org/wp-content/uploads/2022/03/x.jpg", src),
		Content:    body("<p>The record's body.</p>"),
		BodyPages:  1,
	}}
}

// testPost is a resolved post read back with what is not part of its
// value: the lead its description may be cut from and its cleaned body.
type testPost struct {
	Post
	lead   string
	bodies int
	body   string // the cleaned body's text
}

// resolveAll resolves pages (*extract.Extracted) and records
// (*extract.Record) as one site.
func resolveAll(t *testing.T, opts Options, pages ...any) (map[string]*testPost, []Skipped) {
	t.Helper()
	s := NewSite(opts)
	t.Cleanup(func() { s.Close() })
	for _, p := range pages {
		switch p := p.(type) {
		case *extract.Extracted:
			s.Add(p, p.URL)
		case *extract.Record:
			s.AddRecord(p)
		default:
			t.Fatalf("resolveAll: %T", p)
		}
	}
	posts, skipped := s.Resolve()
	out := map[string]*testPost{}
	for i := range posts.Len() {
		p, err := posts.Load(i)
		if err != nil {
			t.Fatal(err)
		}
		pp, err := posts.details(i)
		if err != nil {
			t.Fatal(err)
		}
		tp := &testPost{Post: p, lead: pp.Lead, bodies: len(posts.rest[i].bodies)}
		if tp.bodies > 0 {
			root, err := posts.spool.get(posts.rest[i].bodies)
			if err != nil {
				t.Fatal(err)
			}
			tp.body = Text(root)
		}
		out[p.SourceURL] = tp
	}
	return out, skipped
}

func conflictsOf(p *testPost, field string) []Conflict {
	var out []Conflict
	for _, c := range p.Conflicts {
		if c.Field == field {
			out = append(out, c)
		}
	}
	return out
}

const u = "https://example.org/2022/03/11/legion/"

// TestMergeAgreeing: a page and its record that agree give one post with
// the record's exact values, the page's body, and no conflict.
func TestMergeAgreeing(t *testing.T) {
	posts, _ := resolveAll(t, Options{}, htmlPage(u, 69, "Legion"), record(u, 69, "Legion", extract.SrcWXR))
	if len(posts) != 1 {
		t.Fatalf("%d posts", len(posts))
	}
	p := posts[u]
	if len(p.Conflicts) != 0 {
		t.Errorf("conflicts: %+v", p.Conflicts)
	}
	if p.Sources["title"] != "wxr" || p.Sources["published"] != "wxr" || p.Sources["updated"] != "wxr" || p.Sources["author"] != "wxr" {
		t.Errorf("sources = %v", p.Sources)
	}
	if p.Updated.Format(time.RFC3339) != "2022-04-07T10:03:00+03:00" {
		t.Errorf("updated = %v", p.Updated)
	}
	if p.Author != "Jamie O'Connor" || p.Image != "https://example.org/wp-content/uploads/2022/03/x.jpg" {
		t.Errorf("author %q image %q", p.Author, p.Image)
	}
	if !strings.Contains(p.lead, "page's own body") {
		t.Errorf("body = %q, want the page's", p.lead)
	}
}

// TestMergeConflicts: every disagreement is reported with both values
// and sources, and the record wins.
func TestMergeConflicts(t *testing.T) {
	page := htmlPage(u, 69, "Legion of Volunteers")
	page.Published = append(cand(at("2022-03-11T16:00:00+02:00"), extract.SrcClassic), cand(day("2022-03-11"), extract.SrcPermalink)...)
	page.Updated = cand(at("2022-04-01T10:00:00+03:00"), extract.SrcClassic)
	page.Author = cand("Site Admin", extract.SrcClassic)
	page.Categories = cand([]extract.Term{{Name: "Politics"}}, extract.SrcClassic)
	page.Tags = cand([]extract.Term{{Name: "War"}, {Name: "Peace"}}, extract.SrcClassic)
	page.Image = cand("https://example.org/wp-content/uploads/other.jpg", extract.SrcClassic)
	rec := record(u, 69, "Legion", extract.SrcWXR)
	posts, _ := resolveAll(t, Options{}, page, rec)
	p := posts[u]
	if p.Title != "Legion" || p.Author != "Jamie O'Connor" || p.Published.Format(time.RFC3339) != "2022-03-11T15:42:00+02:00" || p.Categories[0].Name != "News" || len(p.Tags) != 1 {
		t.Errorf("the record did not win: %q %q %v %v %v", p.Title, p.Author, p.Published, p.Categories, p.Tags)
	}
	want := map[string][2]string{
		"title":      {"Legion", "Legion of Volunteers"},
		"published":  {"2022-03-11T15:42:00+02:00", "2022-03-11T16:00:00+02:00"},
		"updated":    {"2022-04-07T10:03:00+03:00", "2022-04-01T10:00:00+03:00"},
		"author":     {"Jamie O'Connor", "Site Admin"},
		"categories": {"News", "Politics"},
		"tags":       {"War", "War, Peace"},
		"image":      {"https://example.org/wp-content/uploads/2022/03/x.jpg", "https://example.org/wp-content/uploads/other.jpg"},
	}
	for field, vals := range want {
		cs := conflictsOf(p, field)
		if len(cs) != 1 || cs[0].Chosen != vals[0] || cs[0].Other != vals[1] || cs[0].ChosenSource != "wxr" || cs[0].OtherSource != "classic-theme" {
			t.Errorf("%s conflicts = %+v, want %q (wxr) over %q (classic-theme)", field, cs, vals[0], vals[1])
		}
	}
}

// TestMergeRESTOverWXR: with both records, the API's values and rendered
// body win over the export's.
func TestMergeRESTOverWXR(t *testing.T) {
	w := record(u, 69, "Legion (export)", extract.SrcWXR)
	r := record(u, 69, "Legion", extract.SrcREST)
	r.Content = body("<p>WordPress rendered this.</p>")
	posts, _ := resolveAll(t, Options{}, w, r)
	p := posts[u]
	if p.Title != "Legion" || p.Sources["title"] != "rest" || !strings.Contains(p.lead, "WordPress rendered") {
		t.Errorf("title %q (%s), body %q", p.Title, p.Sources["title"], p.lead)
	}
	if cs := conflictsOf(p, "title"); len(cs) != 1 || cs[0].OtherSource != "wxr" {
		t.Errorf("title conflicts = %+v", cs)
	}
}

// TestMergeMatching: a record finds its page by ID, by path on another
// host, or by slug; unmatched records are posts of their own.
func TestMergeMatching(t *testing.T) {
	moved := "https://new.example.net/2022/03/11/legion/"
	for name, c := range map[string]struct {
		page *extract.Extracted
		rec  *extract.Record
	}{
		"id":   {htmlPage("https://example.org/?p=69", 69, "Legion"), record(u, 69, "Legion", extract.SrcWXR)},
		"path": {htmlPage(moved, 0, "Legion"), record(u, 0, "Legion", extract.SrcWXR)},
		"slug": {htmlPage("https://example.org/news/legion/", 0, "Legion"), record(u, 0, "Legion", extract.SrcWXR)},
	} {
		posts, _ := resolveAll(t, Options{}, c.page, c.rec)
		if len(posts) != 1 {
			t.Errorf("%s: %d posts, want the page and the record merged", name, len(posts))
			continue
		}
		for _, p := range posts {
			if p.Sources["published"] != "wxr" {
				t.Errorf("%s: not merged: %v", name, p.Sources)
			}
		}
	}
	posts, _ := resolveAll(t, Options{}, htmlPage(u, 69, "Legion"), record("https://example.org/2022/03/12/other/", 70, "Other", extract.SrcWXR))
	if len(posts) != 2 {
		t.Errorf("%d posts, want 2", len(posts))
	}
}

// TestMergeMultiPage: a theme that shows only page 1 of a multi-page
// post loses the body to a record that holds every page.
func TestMergeMultiPage(t *testing.T) {
	rec := record(u, 69, "Legion", extract.SrcWXR)
	rec.BodyPages = 3
	rec.Content = body("<p>One.</p><p>Two.</p><p>Three.</p>")
	posts, _ := resolveAll(t, Options{}, htmlPage(u, 69, "Legion"), rec)
	p := posts[u]
	if p.bodies != 1 || p.Pages != 3 || !strings.Contains(strings.Join(p.Warnings, " "), "the page shows 1 of the post's 3 pages") {
		t.Errorf("pages %d, warnings %q", p.Pages, p.Warnings)
	}
	if txt := p.body; !strings.Contains(txt, "Three.") {
		t.Errorf("body = %q", txt)
	}
}

// TestStatuses: a record that is not published is skipped with its
// reason, unless included; an included one is a draft and no neighbour.
func TestStatuses(t *testing.T) {
	pub := record(u, 69, "Legion", extract.SrcWXR)
	draft := &extract.Extracted{URL: "https://example.org/?p=90", Kind: extract.KindPost, PostID: 90, Status: "draft",
		Title: cand("Unfinished", extract.SrcWXR), Slug: cand("unfinished", extract.SrcWXR), Published: cand(wall("2022-03-12T10:00:00"), extract.SrcWXR)}
	private := &extract.Extracted{URL: "https://example.org/?p=75", Kind: extract.KindPost, PostID: 75, Status: "private"}
	posts, skipped := resolveAll(t, Options{}, pub, draft, private)
	if len(posts) != 1 {
		t.Errorf("%d posts, want the published one", len(posts))
	}
	reasons := map[string]string{}
	for _, s := range skipped {
		reasons[s.URL] = s.Reason
	}
	if !strings.Contains(reasons["https://example.org/?p=90"], "--include draft") || !strings.Contains(reasons["https://example.org/?p=75"], "status private") {
		t.Errorf("skipped = %+v", skipped)
	}
	posts, _ = resolveAll(t, Options{Include: []string{"draft"}}, pub, draft, private)
	d := posts["https://example.org/?p=90"]
	if d == nil || !d.Draft || d.Slug != "unfinished" || d.Sources["slug"] != "wxr" {
		t.Fatalf("draft = %+v", d)
	}
	// The draft's date has no offset: it takes the site's.
	if d.Published.Format(time.RFC3339) != "2022-03-12T10:00:00+02:00" {
		t.Errorf("draft published = %v", d.Published)
	}
	if p := posts[u]; p.Next != nil || d.Previous != nil {
		t.Errorf("a draft is in the post order: %+v / %+v", p.Next, d.Previous)
	}
	// A page that exists while the record says private: not published.
	rec := record(u, 69, "Legion", extract.SrcWXR)
	rec.Status = "private"
	posts, _ = resolveAll(t, Options{}, htmlPage(u, 69, "Legion"), rec)
	if len(posts) != 0 {
		t.Errorf("a post the export calls private was written")
	}
}

// TestRecordTitleRules: a record's title is taken as it is (no site name
// stripped, no Yoast truncation rule), and an untitled record wins over a
// theme's stand-in without a conflict.
func TestRecordTitleRules(t *testing.T) {
	page := htmlPage(u, 69, "Untitled")
	page.Title = append(page.Title, cand("Example Site", extract.SrcTitleTag)...)
	page.SiteName = cand("Example Site", extract.SrcMeta)
	rec := record(u, 69, "", extract.SrcWXR)
	posts, _ := resolveAll(t, Options{}, page, rec)
	p := posts[u]
	if p.Title != "" || len(conflictsOf(p, "title")) != 0 {
		t.Errorf("title %q conflicts %+v", p.Title, p.Conflicts)
	}
	prot := htmlPage(u, 69, "Protected: Members Only")
	prot.Protected = true
	rec = record(u, 69, "Members Only", extract.SrcWXR)
	rec.Protected = true
	posts, _ = resolveAll(t, Options{IncludeProtected: true}, prot, rec)
	if p := posts[u]; p.Title != "Members Only" || len(p.Conflicts) != 0 {
		t.Errorf("protected: title %q conflicts %+v", p.Title, p.Conflicts)
	}
}

// TestMultiPageMissing: a page of a multi-page post that the source lacks,
// or that has no content, is named in a warning and not counted.
func TestMultiPageMissing(t *testing.T) {
	first := htmlPage(u, 69, "Legion")
	first.Content = body("<p>One.</p>")
	first.MorePages = []string{u + "2/", u + "3/"}
	second := htmlPage(u+"2/", 69, "Legion")
	second.Content = nil // a page read without a content root
	posts, _ := resolveAll(t, Options{}, first, second)
	p := posts[u]
	warnings := strings.Join(p.Warnings, "\n")
	if p.Pages != 1 || !strings.Contains(warnings, "page "+u+"2/ of this multi-page post has no content") ||
		!strings.Contains(warnings, "page "+u+"3/ of this multi-page post is missing from the source") {
		t.Errorf("pages %d, warnings:\n%s", p.Pages, warnings)
	}
}

// TestDescriptionFromListedExcerpt: a manual excerpt an archive shows is
// the description of a post without a meta description; an excerpt the
// post begins with (a short post shown whole) is not a written one.
func TestDescriptionFromListedExcerpt(t *testing.T) {
	const a, b = "https://example.org/2022/03/11/a/", "https://example.org/2022/03/12/b/"
	pa := htmlPage(a, 1, "A")
	pa.Content = body("<p>The post's own first paragraph, about something else.</p>")
	pb := htmlPage(b, 2, "B")
	pb.Content = body("<p>A short post.</p>")
	archive := &extract.Extracted{URL: "https://example.org/", Kind: extract.KindListing, ListingKind: "home",
		ListedExcerpt: map[string]string{a: "What the author wrote as the summary.", b: "A short post."}}
	posts, _ := resolveAll(t, Options{}, archive, pa, pb)
	if p := posts[a]; p.Description != "What the author wrote as the summary." || p.Sources["description"] != "listing" {
		t.Errorf("a: description %q from %q", p.Description, p.Sources["description"])
	}
	if p := posts[b]; p.Description != "A short post." || p.Sources["description"] != "content" {
		t.Errorf("b: description %q from %q", p.Description, p.Sources["description"])
	}
}

// TestRecordNamesItsSource: a record that states no field a source could
// be guessed from (a private post the API lists bare) is named by the
// source that stated it.
func TestRecordNamesItsSource(t *testing.T) {
	rec := &extract.Record{Source: extract.SrcREST, Origin: "rest:posts/69", Extracted: &extract.Extracted{URL: u, Kind: extract.KindPost, PostID: 69, Status: "private"}}
	posts, _ := resolveAll(t, Options{Include: []string{"private"}}, htmlPage(u, 69, "Legion"), rec)
	p := posts[u]
	if p == nil {
		t.Fatalf("posts = %v", posts)
	}
	if p.Sources["draft"] != "rest" {
		t.Errorf("draft from %q, want rest", p.Sources["draft"])
	}
	if cs := conflictsOf(p, "status"); len(cs) != 1 || cs[0].ChosenSource != "rest" || !strings.Contains(cs[0].Note, "rest says") {
		t.Errorf("status conflicts = %+v", cs)
	}
}
