package output

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/unpress/unpress/transform"
)

func sampleReport() *Report {
	r := &Report{Preset: "hugo"}
	for _, e := range sampleEntries() {
		r.Add(e)
	}
	r.AddMedia(MediaEntry{URL: "https://x.org/b.jpg", Status: MediaMissing, Reason: "not in mirror"})
	r.AddMedia(MediaEntry{URL: "https://x.org/a.jpg", Output: "static/img/x.org-a.jpg", Status: MediaCopied, Write: Unchanged})
	r.AddCollisions([]Collision{{Path: "content/posts/a.md", Kept: "https://x.org/1/a/", SourceURL: "https://x.org/2/a/", Moved: "content/posts/a-2.md"}})
	return r
}

func sampleEntries() []Entry {
	post := &transform.Post{
		Head: transform.Head{
			SourceURL: "https://x.org/2022/03/11/legion/",
			Kind:      "post",
			ID:        241,
			Title:     "Legion",
			Slug:      "legion",
			Published: time.Date(2022, 3, 11, 15, 42, 0, 0, eet),
		},
		Details: transform.Details{
			Categories: []transform.Category{{Name: "War", Path: []string{"News", "War"}}},
			Tags:       []string{"a"},
			Previous:   &transform.Link{Title: "Before", URL: "https://x.org/before/"},
			Sources:    map[string]string{"title": "json-ld", "published": "meta"},
			Conflicts:  []transform.Conflict{{Field: "title", Chosen: "Legion", ChosenSource: "json-ld", Other: "Legion | Site", OtherSource: "title-tag"}},
			Warnings:   []string{"no description"},
		},
	}
	e := NewEntry(post)
	e.Origin = "mirror/2022/03/11/legion/index.html"
	e.Status = StatusWritten
	e.Output = "content/posts/legion.md"
	e.Write = Created
	return []Entry{
		e,
		{SourceURL: "https://x.org/category/news/", Kind: "listing", Status: StatusSkipped, Reason: "listing"},
		{SourceURL: "https://x.org/about/", Kind: "page", Status: StatusWritten, Output: "content/about.md", Write: Conflict},
		{SourceURL: "https://x.org/broken/", Kind: "post", Status: StatusFailed, Reason: "extract: no article"},
	}
}

func TestReportJSON(t *testing.T) {
	var a bytes.Buffer
	if err := sampleReport().WriteJSON(&a); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "report.json", a.Bytes())

	// Entries added in another order, from several goroutines: same bytes.
	r := &Report{Preset: "hugo"}
	src := sampleReport()
	var wg sync.WaitGroup
	entries := sampleEntries()
	for i := len(entries) - 1; i >= 0; i-- {
		wg.Go(func() { r.Add(entries[i]) })
	}
	for i := range src.media {
		wg.Go(func() { r.AddMedia(src.media[i]) })
	}
	wg.Wait()
	r.AddCollisions(src.collisions)
	var b bytes.Buffer
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Errorf("report depends on the order entries were added:\n%s\n---\n%s", a.Bytes(), b.Bytes())
	}
	var doc map[string]any
	if err := json.Unmarshal(a.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if _, ok := doc["generated"]; ok {
		t.Error("zero Generated written")
	}
}

func TestReportTotals(t *testing.T) {
	got := sampleReport().Totals()
	want := Totals{
		PagesRead:      4,
		ByKind:         map[string]int{"post": 2, "page": 1, "listing": 1},
		PostsWritten:   1,
		PagesWritten:   1,
		Files:          map[string]int{"created": 1, "conflict": 1, "unchanged": 1},
		Skipped:        map[string]int{"listing": 1},
		Failed:         1,
		Warnings:       1,
		FieldConflicts: 1,
		WriteConflicts: 1,
		Collisions:     1,
		MediaCopied:    1,
		MediaMissing:   1,
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Totals:\n got %+v\nwant %+v", got, want)
	}
}

func TestReportSummary(t *testing.T) {
	var b bytes.Buffer
	sampleReport().Summary(&b)
	want := `read 4 pages (post: 2, listing: 1, page: 1)
1 post and 1 page; files (conflict: 1, created: 1, unchanged: 1)
skipped 1 (listing: 1), failed 1
media: 1 in the output, 1 missing, 0 failed
1 warning, 1 field conflict, 1 path collision
needs a look:
  https://x.org/2022/03/11/legion/: no description
1 file edited by hand is in conflict with its source: the merge, with markers, is in *.unpress-new beside it (merge it, then delete it)
`
	if b.String() != want {
		t.Errorf("Summary:\n%s\nwant:\n%s", b.String(), want)
	}
	var empty bytes.Buffer
	(&Report{}).Summary(&empty)
	if strings.Count(empty.String(), "\n") != 2 {
		t.Errorf("empty summary:\n%s", empty.String())
	}
}

// TestNeedsLook: what the summary lists for a person, and what it leaves
// to the report (a page's missing date and author: themes print neither).
func TestNeedsLook(t *testing.T) {
	for _, tc := range []struct {
		e    Entry
		want string
	}{
		{Entry{Kind: KindPost, Warnings: []string{"no publication date found"}}, "no publication date found"},
		{Entry{Kind: KindPage, Warnings: []string{"no publication date found", "no author found"}}, ""},
		{Entry{Kind: KindPage, Warnings: []string{"no author found", "the post has no title"}}, "the post has no title"},
		{Entry{Kind: KindPost, Warnings: []string{"a", "b", "c"}}, "a (and 2 more warnings)"},
		{Entry{Kind: KindPost, Status: StatusSkipped, Reason: "not an article (no post markup)"}, "skipped: not an article (no post markup)"},
		{Entry{Kind: KindPost, Status: StatusSkipped, Reason: "listing (tag)"}, ""},
	} {
		if got := needsLook(tc.e); got != tc.want {
			t.Errorf("needsLook(%+v) = %q, want %q", tc.e, got, tc.want)
		}
	}
}
