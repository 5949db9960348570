package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// hugoFront is the hugo preset's front matter as a generator reads it.
type hugoFront struct {
	Title       string    `yaml:"title"`
	Date        time.Time `yaml:"date"`
	Lastmod     time.Time `yaml:"lastmod"`
	Author      string    `yaml:"author"`
	Categories  []string  `yaml:"categories"`
	Tags        []string  `yaml:"tags"`
	Description string    `yaml:"description"`
	Images      []string  `yaml:"images"`
	Aliases     []string  `yaml:"aliases"`
}

func splitFront(t *testing.T, data []byte) (hugoFront, string) {
	t.Helper()
	rest, ok := bytes.CutPrefix(data, []byte("---\n"))
	if !ok {
		t.Fatalf("no front matter: %.80s", data)
	}
	fm, body, ok := bytes.Cut(rest, []byte("\n---\n"))
	if !ok {
		t.Fatalf("front matter not closed: %.200s", data)
	}
	var f hugoFront
	if err := yaml.Unmarshal(fm, &f); err != nil {
		t.Fatalf("front matter is not YAML: %v\n%s", err, fm)
	}
	return f, string(body)
}

const seedSlug = "over-20000-volunteers-join-international-legion-to-fight-against-russia"

// The seed document's failures, each of which must be impossible: the
// template's placeholder date, the previous post's title as description,
// placeholder tags, and theme chrome in the body.
var seedChrome = []string{
	"Post navigation", "Previous Post", "Next Post", "No Comments on", "Comments on", "Tags:",
	"Updated on", "Posted by", "Published by", "View more posts", "View all", "Leave a comment",
	"Join the Conversation", "Related", "Read more", "Share this", "Russia Escalates Attacks",
	"Ukraine Displaced Population", "How We Back Up", "Слава Україні", "Taras", "says:", "Reply",
}

var seedParagraphs = []string{
	"Ukraine’s President Volodymyr Zelenskyy has announced the creation of the International Legion",
	"The exact number of volunteers and list of countries is not disclosed due to security reasons.",
	"The recruitment process is quite straightforward.",
	"The Ukrainian Foreign Minister Dmytro Kuleba said: ‘The whole world today is on Ukraine’s side, not only in words but in deeds.’",
}

// TestSeedArticle migrates the seed article from the fixture site and from
// every theme mirror of the real WordPress, and checks it field by field.
func TestSeedArticle(t *testing.T) {
	sources := map[string]struct {
		dir         string
		showsUpdate bool
	}{
		"fixtures":        {"../../fixtures/site", true},
		"twentynineteen":  {filepath.Join(corpusDir, "wordpress", "twentynineteen"), true},
		"twentytwentyone": {filepath.Join(corpusDir, "wordpress", "twentytwentyone"), false},
		"twentytwentytwo": {filepath.Join(corpusDir, "wordpress", "twentytwentytwo"), false},
	}
	for name, src := range sources {
		t.Run(name, func(t *testing.T) {
			if _, err := os.Stat(src.dir); os.IsNotExist(err) {
				t.Skipf("%s not present: skipping", src.dir)
			}
			out := t.TempDir()
			var stderr bytes.Buffer
			if code := run(context.Background(), []string{"migrate", "--from", src.dir, "--out", out, "--preset", "hugo", "--quiet"}, nil, &bytes.Buffer{}, &stderr); code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			data, err := os.ReadFile(filepath.Join(out, "content", "posts", seedSlug+".md"))
			if err != nil {
				t.Fatal(err)
			}
			f, body := splitFront(t, data)
			kyiv := time.FixedZone("", 2*3600)
			if want := time.Date(2022, 3, 11, 15, 42, 0, 0, kyiv); !f.Date.Equal(want) || f.Date.Format(time.RFC3339) != want.Format(time.RFC3339) {
				t.Errorf("date = %s, want %s", f.Date.Format(time.RFC3339), want.Format(time.RFC3339))
			}
			if src.showsUpdate {
				if got := f.Lastmod.Format(time.RFC3339); got != "2022-04-07T10:03:00+03:00" {
					t.Errorf("lastmod = %s, want 2022-04-07T10:03:00+03:00", got)
				}
			} else if !f.Lastmod.IsZero() {
				t.Errorf("lastmod = %s, but this theme does not show the modified date", f.Lastmod)
			}
			checks := []struct{ field, got, want string }{
				{"title", f.Title, "Over 20,000 Volunteers Join International Legion to Fight Against Russia"},
				{"author", f.Author, "Save Ukraine EN"},
				{"tags", strings.Join(f.Tags, "|"), "Russian Aggression|War in Ukraine"},
				{"categories", strings.Join(f.Categories, "|"), "News"},
				{"aliases", strings.Join(f.Aliases, "|"), "/2022/03/11/" + seedSlug + "/"},
			}
			for _, c := range checks {
				if c.got != c.want {
					t.Errorf("%s = %q, want %q", c.field, c.got, c.want)
				}
			}
			if !strings.HasPrefix(f.Description, "Ukraine’s President Volodymyr Zelenskyy has announced") || len([]rune(f.Description)) > 160 {
				t.Errorf("description is not the post's own first sentence (≤160 characters): %q", f.Description)
			}
			if len(f.Images) != 1 || !strings.HasPrefix(f.Images[0], "/img/") {
				t.Errorf("featured image = %q, want one local /img/ path", f.Images)
			} else if _, err := os.Stat(filepath.Join(out, "static", f.Images[0])); err != nil {
				t.Errorf("featured image not copied: %v", err)
			}
			for _, c := range seedChrome {
				if strings.Contains(body, c) {
					t.Errorf("body holds theme chrome %q", c)
				}
			}
			for _, p := range seedParagraphs {
				if !strings.Contains(body, p) {
					t.Errorf("body lost %q", p)
				}
			}

			// The previous post, as the report records it.
			data, err = os.ReadFile(filepath.Join(out, ".unpress", "report.json"))
			if err != nil {
				t.Fatal(err)
			}
			var rep struct {
				Entries []struct {
					SourceURL string `json:"source_url"`
					Fields    map[string]struct {
						Value  json.RawMessage `json:"value"`
						Source string          `json:"source"`
					} `json:"fields"`
				} `json:"entries"`
			}
			if err := json.Unmarshal(data, &rep); err != nil {
				t.Fatal(err)
			}
			found := false
			for _, e := range rep.Entries {
				if !strings.HasSuffix(e.SourceURL, "/2022/03/11/"+seedSlug+"/") {
					continue
				}
				found = true
				var prev struct{ Title, URL string }
				_ = json.Unmarshal(e.Fields["previous"].Value, &prev)
				if prev.Title != "Russia Escalates Attacks On Ukraine’s Civilian Areas, Destroying Maternity Hospital" || !strings.HasSuffix(prev.URL, "/2022/03/10/russia-escalates-attacks-on-ukraines-civilian-areas-destroying-maternity-hospital/") {
					t.Errorf("previous = %+v (source %s), want the maternity hospital report", prev, e.Fields["previous"].Source)
				}
			}
			if !found {
				t.Error("the seed article has no entry in the report")
			}
		})
	}
}
