package transform

import (
	"strings"
	"testing"

	"github.com/unpress/unpress/scrape/extract"
)

// TestDuplicateIDs: two items of one export that share a post ID are two
// posts, each with a warning naming the other; the same item twice, or
// the same post in another source, is merged. Before, the second item was
// merged into the first and vanished.
func TestDuplicateIDs(t *testing.T) {
	a := record("https://example.org/2022/03/11/first/", 7, "First", extract.SrcWXR)
	a.Origin = "export.xml:10"
	b := record("https://example.org/2022/03/12/second/", 7, "Second", extract.SrcWXR)
	b.Origin = "export.xml:40"
	again := record("https://example.org/2022/03/11/first/", 7, "First", extract.SrcWXR)
	again.Origin = "export.xml:70"
	rest := record("https://example.org/2022/03/12/second/", 7, "Second", extract.SrcREST)
	rest.Origin = "https://example.org/wp-json/wp/v2/posts?page=1"
	posts, _ := resolveAll(t, Options{}, a, b, again, rest)
	if len(posts) != 2 {
		t.Fatalf("%d posts, want 2", len(posts))
	}
	first, second := posts["https://example.org/2022/03/11/first/"], posts["https://example.org/2022/03/12/second/"]
	if first == nil || second == nil {
		t.Fatalf("posts = %v", posts)
	}
	if first.Title != "First" || second.Title != "Second" {
		t.Errorf("titles %q, %q", first.Title, second.Title)
	}
	for _, p := range []*testPost{first, second} {
		if w := strings.Join(p.Warnings, "\n"); !strings.Contains(w, "post ID 7 is also the ID of") || !strings.Contains(w, "export.xml") {
			t.Errorf("%s: warnings %q", p.SourceURL, p.Warnings)
		}
	}
	// The REST record is the second post's (by ID and URL), not a third.
	if src := second.Sources["title"]; src != string(extract.SrcREST) {
		t.Errorf("second post's title from %q, want the REST record's", src)
	}
}
