package transform

import (
	"strings"
	"testing"
	"time"

	"github.com/unpress/unpress/scrape/extract"
)

func at(s string) extract.Date {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return extract.Date{Time: t, HasTime: true, HasZone: true}
}

func day(s string) extract.Date {
	t, _ := time.Parse("2006-01-02", s)
	return extract.Date{Time: t}
}

func wall(s string) extract.Date {
	t, _ := time.Parse("2006-01-02T15:04:05", s)
	return extract.Date{Time: t, HasTime: true}
}

func cand[T any](v T, src extract.Source) []extract.Candidate[T] {
	return []extract.Candidate[T]{{Value: v, Source: src}}
}

func post(url, title string, published ...extract.Candidate[extract.Date]) *extract.Extracted {
	return &extract.Extracted{URL: url, Kind: extract.KindPost, Title: cand(title, extract.SrcClassic), Published: published}
}

func resolveOne(t *testing.T, opts Options, pages ...*extract.Extracted) map[string]*testPost {
	t.Helper()
	all := make([]any, len(pages))
	for i, p := range pages {
		all[i] = p
	}
	posts, _ := resolveAll(t, opts, all...)
	return posts
}

func TestDates(t *testing.T) {
	kyiv, err := time.LoadLocation("Europe/Kyiv")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	tests := []struct {
		name      string
		opts      Options
		published []extract.Candidate[extract.Date]
		updated   []extract.Candidate[extract.Date]
		want      string // published, RFC 3339
		wantUpd   string
		conflict  string // a note expected among the conflicts
	}{
		{
			name:      "a placeholder date that contradicts the permalink loses",
			published: []extract.Candidate[extract.Date]{{Value: at("2017-12-19T15:04:10Z"), Source: extract.SrcMeta}, {Value: at("2022-03-11T15:42:00+02:00"), Source: extract.SrcClassic}, {Value: day("2022-03-11"), Source: extract.SrcPermalink}},
			want:      "2022-03-11T15:42:00+02:00",
			conflict:  "contradicts the permalink",
		},
		{
			name:      "a day-only date takes the time of a candidate on the same day",
			published: []extract.Candidate[extract.Date]{{Value: day("2022-03-11"), Source: extract.SrcVisibleText}, {Value: at("2022-03-11T15:42:00+02:00"), Source: extract.SrcListing}},
			want:      "2022-03-11T15:42:00+02:00",
		},
		{
			name:      "only the permalink: local noon, so the UTC day is the same",
			published: []extract.Candidate[extract.Date]{{Value: day("2022-03-11"), Source: extract.SrcPermalink}},
			want:      "2022-03-11T12:00:00Z",
		},
		{
			name:      "an updated date before the published date is dropped",
			published: cand(at("2022-03-11T15:42:00+02:00"), extract.SrcClassic),
			updated:   cand(at("2021-01-01T00:00:00+02:00"), extract.SrcClassic),
			want:      "2022-03-11T15:42:00+02:00",
			conflict:  "before the published date",
		},
		{
			name:      "an updated date equal to the published date is no update",
			published: cand(at("2022-03-11T15:42:00+02:00"), extract.SrcClassic),
			updated:   cand(at("2022-03-11T13:42:00Z"), extract.SrcMeta),
			want:      "2022-03-11T15:42:00+02:00",
		},
		{
			name:      "--timezone reads wall-clock dates in the zone, daylight saving included",
			opts:      Options{Timezone: kyiv},
			published: cand(wall("2022-04-08T00:30:00"), extract.SrcClassic),
			updated:   cand(at("2022-04-09T07:00:00Z"), extract.SrcMeta),
			want:      "2022-04-08T00:30:00+03:00",
			wantUpd:   "2022-04-09T10:00:00+03:00",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := post("https://example.org/2022/03/11/x/", "X", tt.published...)
			ex.Updated = tt.updated
			p := resolveOne(t, tt.opts, ex)["https://example.org/2022/03/11/x/"]
			if got := p.Published.Format(time.RFC3339); got != tt.want {
				t.Errorf("published = %s, want %s", got, tt.want)
			}
			gotUpd := ""
			if !p.Updated.IsZero() {
				gotUpd = p.Updated.Format(time.RFC3339)
			}
			if gotUpd != tt.wantUpd {
				t.Errorf("updated = %q, want %q", gotUpd, tt.wantUpd)
			}
			found := tt.conflict == ""
			for _, c := range p.Conflicts {
				found = found || strings.Contains(c.Note, tt.conflict)
			}
			if !found {
				t.Errorf("no conflict noting %q in %+v", tt.conflict, p.Conflicts)
			}
		})
	}
}

// A date with no offset takes the offset the site states nearest in time:
// the site's daylight saving follows.
func TestInferredOffset(t *testing.T) {
	winter := post("https://example.org/2022/01/10/a/", "A", cand(at("2022-01-10T10:00:00+02:00"), extract.SrcClassic)...)
	summer := post("https://example.org/2022/07/10/b/", "B", cand(at("2022-07-10T10:00:00+03:00"), extract.SrcClassic)...)
	bare := post("https://example.org/2022/07/20/c/", "C", cand(wall("2022-07-20T09:00:00"), extract.SrcVisibleText)...)
	got := resolveOne(t, Options{}, winter, summer, bare)["https://example.org/2022/07/20/c/"]
	if s := got.Published.Format(time.RFC3339); s != "2022-07-20T09:00:00+03:00" {
		t.Errorf("published = %s, want the summer offset", s)
	}
}

func TestTitlesTermsAndDescriptions(t *testing.T) {
	a := post("https://example.org/2022/03/10/a/", "Russia Escalates Attacks", cand(at("2022-03-10T09:00:00+02:00"), extract.SrcClassic)...)
	a.Title = []extract.Candidate[string]{{Value: "Russia Escalates Attacks – My Blog", Source: extract.SrcTitleTag}}
	a.SiteName = cand("My Blog", extract.SrcMeta)
	b := post("https://example.org/2022/03/11/b/", "Legion", cand(at("2022-03-11T15:42:00+02:00"), extract.SrcClassic)...)
	b.Description = cand("Russia Escalates Attacks", extract.SrcMeta) // the previous post's title
	b.Tags = cand([]extract.Term{{Name: " War in Ukraine "}, {Name: "war in ukraine"}, {Name: "dummy text"}, {Name: "russian aggression"}}, extract.SrcClassic)
	b.Categories = cand([]extract.Term{{Name: "Uncategorized"}, {Name: "Sanctions", URL: "https://example.org/category/news/economy/sanctions/"}}, extract.SrcClassic)
	b.TermLinks = []extract.Term{{Name: "News", URL: "https://example.org/category/news/"}, {Name: "Economy", URL: "https://example.org/category/news/economy/"}}
	b.Author = cand("Jamie O’Connor", extract.SrcBlock)
	opts := Options{TagRename: map[string]string{"Russian Aggression": "Russian Aggression"}}
	posts := resolveOne(t, opts, a, b)

	pa := posts["https://example.org/2022/03/10/a/"]
	if pa.Title != "Russia Escalates Attacks" {
		t.Errorf("title = %q: the site name suffix stays", pa.Title)
	}
	pb := posts["https://example.org/2022/03/11/b/"]
	if pb.Description == "Russia Escalates Attacks" {
		t.Error("the description is another post's title")
	}
	if got := strings.Join(pb.Tags, "|"); got != "War in Ukraine|Russian Aggression" {
		t.Errorf("tags = %q", got)
	}
	if len(pb.Categories) != 1 || strings.Join(pb.Categories[0].Path, "/") != "News/Economy/Sanctions" {
		t.Errorf("categories = %+v", pb.Categories)
	}
	if pb.Author != "Jamie O'Connor" {
		t.Errorf("author = %q", pb.Author)
	}
	if pb.Previous == nil || pb.Previous.Title != "Russia Escalates Attacks" || pb.Sources["previous"] != "site" {
		t.Errorf("previous = %+v (from %s), want the earlier post from the site order", pb.Previous, pb.Sources["previous"])
	}
}

func TestSummarize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Short.", "Short."},
		{"The first sentence is long enough to stand as a description. The second one" + strings.Repeat(" goes on", 20) + ".", "The first sentence is long enough to stand as a description."},
		// A very short first sentence is a poor description: cut at a word.
		{"Hi. The rest" + strings.Repeat(" goes on", 30) + ".", "Hi. The rest" + strings.Repeat(" goes on", 18) + "…"},
		{strings.Repeat("word ", 50), strings.TrimSpace(strings.Repeat("word ", 31)) + "…"},
	}
	for _, tt := range tests {
		got := Summarize(tt.in, 160)
		if got != tt.want {
			t.Errorf("Summarize(%.30q) = %q, want %q", tt.in, got, tt.want)
		}
		if n := len([]rune(got)); n > 160 {
			t.Errorf("%d characters", n)
		}
	}
}

func TestSlugOf(t *testing.T) {
	tests := map[string]string{
		"https://example.org/2022/03/11/a-post/":              "a-post",
		"https://example.org/2022/03/11/a-post.html":          "a-post",
		"https://example.org/old/Page.HTM":                    "Page",
		"https://example.org/index.php":                       "index",
		"https://example.org/?p=42":                           "42",
		"https://example.org/2018/03/08/23/":                  "23",
		"https://example.org/%D0%B2%D0%B5%D1%81%D0%BD%D0%B0/": "весна",
	}
	for in, want := range tests {
		if got := slugOf(in, 0); got != want {
			t.Errorf("slugOf(%q) = %q, want %q", in, got, want)
		}
	}
}
