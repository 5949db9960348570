package extract

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/unpress/unpress/scrape"
)

// TestContentRootUnseenThemes reads small pages in markup the theme rules
// do not list (fixtures/extract): the body must be the post's text, whole,
// and nothing around it.
func TestContentRootUnseenThemes(t *testing.T) {
	tests := []struct {
		file    string
		url     string
		kind    Kind
		want    []string // in the body
		notWant []string // not in the body
	}{
		{
			file: "kubrick.html", url: "https://kubrick.example/?p=12", kind: KindPost,
			want:    []string{"We finally moved the garden shed", "nothing broke except one hinge"},
			notWant: []string{"This blog is about gardening", "Posted in", "Planting tomatoes", "proudly powered"},
		},
		{
			file: "blogger-style.html", url: "https://notes.example/2014/01/winter-walk.html", kind: KindPost,
			want:    []string{"On Sunday we walked along the frozen river", "hot bread through the window"},
			notWant: []string{"Older posts about walks", "Posted by"},
		},
		{
			// Post cards with post classes after the body; a share bar
			// inside it.
			file: "page-builder.html", url: "https://town.example/2024/05/10/solar/", kind: KindPost,
			want:    []string{"two hundred solar panels", "within nine years"},
			notWant: []string{"Share on Facebook", "A new bridge over the canal", "library opens on Sundays"},
		},
		{
			// A slider of cards whose .entry-content comes first, a byline
			// in the first of two .entry-content elements, and a related
			// list at the end of the second.
			file: "related-cards-first.html", url: "https://island.example/2023/02/20/ferry/", kind: KindPost,
			want:    []string{"the morning ferry leaves at 6:40", "kiosk will be closed for repairs"},
			notWant: []string{"Short teaser of another post", "By Tomas Berg", "Related posts", "The harbour gets a new roof"},
		},
		{
			// Lists of links between paragraphs, and sources at the end,
			// are the post's own.
			file: "list-in-post.html", url: "https://family.example/2020/01/01/start-here/", kind: KindPost,
			want:    []string{"Why we moved the blog", "Grandmother's recipes", "Everything else is in", "Sources", "Parish records"},
			notWant: []string{},
		},
	}
	x, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "extract", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			u, _ := url.Parse(tt.url)
			ex, err := x.Extract(&scrape.Page{URL: u, HTML: raw})
			if err != nil {
				t.Fatal(err)
			}
			if ex.Kind != tt.kind {
				t.Errorf("kind = %s, want %s", ex.Kind, tt.kind)
			}
			if ex.Content == nil {
				t.Fatalf("no content (warnings %v)", ex.Warnings)
			}
			body := nodeTextOf(ex)
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q:\n%s", w, body)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(body, w) {
					t.Errorf("body has %q:\n%s", w, body)
				}
			}
		})
	}
}
