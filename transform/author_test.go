package transform

import (
	"testing"

	"github.com/unpress/unpress/scrape/extract"
)

// TestAuthorChoice: a byline the page shows wins over a login name, the
// site's name or its host in meta and JSON-LD; a fuller list of authors
// wins over its first name, and a whole name over the first name alone.
func TestAuthorChoice(t *testing.T) {
	type cs = []extract.Candidate[string]
	tests := []struct {
		name    string
		authors cs
		sites   cs
		want    string
	}{
		{"login name in JSON-LD", cs{{Value: "admin", Source: extract.SrcJSONLD}, {Value: "Tobias Kuske", Source: extract.SrcClassic}}, nil, "Tobias Kuske"},
		{"slug with a dash", cs{{Value: "john-doe", Source: extract.SrcJSONLD}, {Value: "John Doe", Source: extract.SrcClassic}}, nil, "John Doe"},
		{"login name alone is kept", cs{{Value: "mh", Source: extract.SrcJSONLD}}, nil, "mh"},
		{"site name as author", cs{{Value: "Makronom", Source: extract.SrcMeta}, {Value: "Clara Löw", Source: extract.SrcClassic}}, cs{{Value: "Makronom", Source: extract.SrcMeta}}, "Clara Löw"},
		{"the site's account and the text's credit", cs{{Value: "The Planetary Press", Source: extract.SrcClassic}, {Value: "Julie Mollins", Source: extract.SrcVisibleText}}, cs{{Value: "The Planetary Press", Source: extract.SrcMeta}}, "Julie Mollins"},
		{"host as author", cs{{Value: "example.org", Source: extract.SrcMeta}, {Value: "JF", Source: extract.SrcClassic}}, nil, "JF"},
		{"more authors", cs{{Value: "Rudolf Fischer", Source: extract.SrcJSONLD}, {Value: "Rudolf Fischer, Simon Kohler", Source: extract.SrcClassic}}, nil, "Rudolf Fischer, Simon Kohler"},
		{"a first name completed by the text's credit", cs{{Value: "Nils", Source: extract.SrcJSONLD}, {Value: "Nils", Source: extract.SrcMeta}, {Value: "Nils Pickert", Source: extract.SrcVisibleText}}, nil, "Nils Pickert"},
		{"another person is no completion", cs{{Value: "Nils", Source: extract.SrcJSONLD}, {Value: "Jana Weiß", Source: extract.SrcVisibleText}}, nil, "Nils"},
		{"other author is not more", cs{{Value: "Rudolf Fischer", Source: extract.SrcJSONLD}, {Value: "Ann Lee, Simon Kohler", Source: extract.SrcClassic}}, nil, "Rudolf Fischer"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ex := &extract.Extracted{URL: "https://www.example.org/a-post/", Kind: extract.KindPost, Title: cand("T", extract.SrcClassic), Author: tc.authors, SiteName: tc.sites}
			posts := resolveOne(t, Options{}, ex)
			if len(posts) != 1 {
				t.Fatalf("%d posts", len(posts))
			}
			for _, p := range posts {
				if p.Author != tc.want {
					t.Errorf("author = %q, want %q", p.Author, tc.want)
				}
				for _, c := range p.Conflicts {
					if c.Field == "author" && c.Chosen != tc.want {
						t.Errorf("conflict names %q as chosen, want %q", c.Chosen, tc.want)
					}
				}
			}
		})
	}
}

// TestSiteOwner: a personal site named after a person, on a domain of
// that name, gives its owner as the author when no page names one; a
// publication's name or a name on another domain does not.
func TestSiteOwner(t *testing.T) {
	type cs = []extract.Candidate[string]
	tests := []struct {
		name, url string
		titles    cs
		sites     cs
		authors   cs
		want      string
	}{
		{"the <title>'s name is the host's", "https://www.wolfgangmichal.de/2017/04/a-post/", cs{{Value: "Sorgfaltspflicht | Wolfgang Michal", Source: extract.SrcTitleTag}}, nil, nil, "Wolfgang Michal"},
		{"a site name with a doctor's title", "https://www.alexander-klier.net/a-post/", cs{{Value: "Zeitphilosophie – Dr. Alexander Klier", Source: extract.SrcTitleTag}}, cs{{Value: "Dr. Alexander Klier", Source: extract.SrcMeta}}, nil, "Alexander Klier"},
		{"a person's name on another domain", "https://www.example.org/a-post/", cs{{Value: "Post | Wolfgang Michal", Source: extract.SrcTitleTag}}, nil, nil, ""},
		{"a publication named like its host", "https://www.tiny-blog.com/a-post/", cs{{Value: "Post | Tiny Blog", Source: extract.SrcTitleTag}}, cs{{Value: "Tiny Blog", Source: extract.SrcMeta}}, nil, ""},
		{"a byline wins", "https://www.wolfgangmichal.de/a-post/", cs{{Value: "Post | Wolfgang Michal", Source: extract.SrcTitleTag}}, nil, cs{{Value: "Jane Roe", Source: extract.SrcClassic}}, "Jane Roe"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			titles := append(cand("T", extract.SrcClassic), tc.titles...)
			ex := &extract.Extracted{URL: tc.url, Kind: extract.KindPost, Title: titles, Author: tc.authors, SiteName: tc.sites}
			for _, p := range resolveOne(t, Options{}, ex) {
				if p.Author != tc.want {
					t.Errorf("author = %q, want %q", p.Author, tc.want)
				}
			}
		})
	}
}
