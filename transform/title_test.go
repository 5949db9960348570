package transform

import (
	"testing"

	"github.com/unpress/unpress/scrape/extract"
)

func TestStripSiteName(t *testing.T) {
	tests := []struct {
		name  string
		title string
		sites []string
		want  string
	}{
		{"suffix after a dash", "A Post - Site", []string{"Site"}, "A Post"},
		{"site name holding a dash", "Energy Rising - 33 Days - Mady Morrison - Yoga Lifestyle", []string{"Mady Morrison - Yoga Lifestyle"}, "Energy Rising - 33 Days"},
		{"title holding the separator", "Part 1 - Part 2 | Site", []string{"Site"}, "Part 1 - Part 2"},
		{"any of the names", "A Post | Teufel Blog", []string{"", "Das Teufel Blog", "Teufel Blog"}, "A Post"},
		{"two names", "A Post - Blog - Publisher", []string{"Blog", "Publisher"}, "A Post"},
		{"angle quote", "Winter Running › Nordish by Nature", []string{"Nordish by Nature"}, "Winter Running"},
		{"star", "A Post ⋆ Site", []string{"Site"}, "A Post"},
		{"prefix", "Site » A Post", []string{"Site"}, "A Post"},
		{"dangling separator of an empty name", "A Post -", []string{"Site"}, "A Post"},
		{"only the site name", "Site", []string{"Other", "Site"}, ""},
		{"not a site name", "Say – Yes", []string{"Site"}, "Say – Yes"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := stripSiteName(tc.title, tc.sites...); got != tc.want {
				t.Errorf("stripSiteName(%q, %q) = %q, want %q", tc.title, tc.sites, got, tc.want)
			}
		})
	}
}

func TestStripHost(t *testing.T) {
	tests := []struct{ title, host, want string }{
		{"A Post | Neunzehn72", "neunzehn72.de", "A Post"},
		{"A Post - ingenieur.de", "www.ingenieur.de", "A Post"},
		{"seelenradio » A Post", "www.seelenradio.de", "A Post"},
		{"A Post - SW1.News", "sw1.news", "A Post"},
		{"A Post - Other", "example.org", "A Post - Other"},
	}
	for _, tc := range tests {
		if got := stripHost(tc.title, tc.host); got != tc.want {
			t.Errorf("stripHost(%q, %q) = %q, want %q", tc.title, tc.host, got, tc.want)
		}
	}
}

// TestTitleChoice: the page's heading over the structured titles, which
// lose the site's names they carry.
func TestTitleChoice(t *testing.T) {
	tests := []struct {
		name   string
		titles []extract.Candidate[string]
		sites  []extract.Candidate[string]
		want   string
	}{
		{
			name:   "heading over a longer og:title",
			titles: []extract.Candidate[string]{{Value: "Dead Bumblebees", Source: extract.SrcClassic}, {Value: "Dead Bumblebees: The Reason | Bees", Source: extract.SrcMeta}},
			want:   "Dead Bumblebees",
		},
		{
			name:   "og:title with a second site name",
			titles: []extract.Candidate[string]{{Value: "A Post - SW1.News", Source: extract.SrcMeta}, {Value: "A Post - SW1.News", Source: extract.SrcTitleTag}},
			sites:  []extract.Candidate[string]{{Value: "SW1.News - News of the Region", Source: extract.SrcJSONLD}, {Value: "SW1.News", Source: extract.SrcMeta}},
			want:   "A Post",
		},
		{
			name:   "<title> with the host's name",
			titles: []extract.Candidate[string]{{Value: "A Post | Example", Source: extract.SrcTitleTag}},
			want:   "A Post",
		},
		{
			name: "a cut JSON-LD headline is completed",
			titles: []extract.Candidate[string]{
				{Value: "A headline long enough that Yoast cut it somewhere near one hundred and ten characters, which", Source: extract.SrcJSONLD},
				{Value: "A headline long enough that Yoast cut it somewhere near one hundred and ten characters, which it does", Source: extract.SrcMeta},
			},
			want: "A headline long enough that Yoast cut it somewhere near one hundred and ten characters, which it does",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ex := &extract.Extracted{URL: "https://www.example.org/a-post/", Kind: extract.KindPost, Title: tc.titles, SiteName: tc.sites}
			posts := resolveOne(t, Options{}, ex)
			if len(posts) != 1 {
				t.Fatalf("%d posts", len(posts))
			}
			for _, p := range posts {
				if p.Title != tc.want {
					t.Errorf("title = %q, want %q", p.Title, tc.want)
				}
			}
		})
	}
}
