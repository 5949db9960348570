package output

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/unpress/unpress/transform"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var eet = time.FixedZone("EET", 2*60*60)

// goldenPosts are representative posts: a full post, a bare one, a
// draft with hostile strings, a Cyrillic slug, and pages with and
// without children.
func goldenPosts() map[string]*transform.Post {
	return map[string]*transform.Post{
		"post-full": {
			Head: transform.Head{
				SourceURL: "https://legacy.example.org/2022/03/11/legion/",
				Kind:      "post",
				ID:        241,
				Title:     "Over 20,000 Volunteers Join International Legion to Fight Against Russia",
				Slug:      "legion",
				Published: time.Date(2022, 3, 11, 15, 42, 0, 0, eet),
				Updated:   time.Date(2022, 4, 7, 9, 5, 30, 0, eet),
				Image:     "https://legacy.example.org/wp-content/uploads/2022/03/legion-featured.jpg",
			},
			Details: transform.Details{
				Author:      "Save Ukraine EN",
				Categories:  []transform.Category{{Name: "War", Path: []string{"News", "War"}}, {Name: "Volunteers", Path: []string{"Volunteers"}}},
				Tags:        []string{"Russian Aggression", "War in Ukraine"},
				Description: "Russia Escalates Attacks On Ukraine’s Civilian Areas, Destroying Maternity Hospital, and this description goes on well past eighty columns",
				Previous:    &transform.Link{Title: "Earlier", URL: "https://legacy.example.org/2022/03/10/earlier/"},
				Sticky:      true,
			},
		},
		"post-minimal": {
			Head: transform.Head{
				SourceURL: "https://legacy.example.org/?p=77",
				Kind:      "post",
				ID:        77,
				Title:     "Untitled thoughts",
			},
		},
		"post-tricky": {
			Head: transform.Head{
				SourceURL: "https://legacy.example.org/2023/01/02/tricky/",
				Kind:      "post",
				Title:     "Q&A: \"Why?\" #1 — it's 🎉 time",
				Slug:      "tricky",
				Published: time.Date(2023, 1, 2, 0, 0, 0, 0, eet),
				Draft:     true,
			},
			Details: transform.Details{
				Author:      "- dash author",
				Tags:        []string{"yes", "null", "1.0", "---", "on", " padded ", "*star", "&anchor", "!bang", "שלום עולם", "C#"},
				Description: "Line one\nline two: with colon",
			},
		},
		"post-cyrillic": {
			Head: transform.Head{
				SourceURL: "https://legacy.example.org/2021/05/01/%D0%BC%D0%B8%D1%80/",
				Kind:      "post",
				ID:        5,
				Title:     "Мир",
				Slug:      "%d0%bc%d0%b8%d1%80",
				Published: time.Date(2021, 5, 1, 8, 0, 0, 0, eet),
			},
			Details: transform.Details{
				Tags: []string{"мир"},
			},
		},
		"page-parent": {
			Head: transform.Head{
				SourceURL: "https://legacy.example.org/about/",
				Kind:      "page",
				ID:        2,
				Title:     "About us",
				Slug:      "about",
				Published: time.Date(2020, 1, 1, 12, 0, 0, 0, eet),
			},
			Details: transform.Details{
				Description: "Who we are",
			},
		},
		"page-child": {
			Head: transform.Head{
				SourceURL: "https://legacy.example.org/about/our-team/",
				Kind:      "page",
				ID:        3,
				Title:     "Our team",
				Slug:      "our-team",
				Published: time.Date(2020, 1, 2, 12, 0, 0, 0, eet),
				Image:     "https://legacy.example.org/wp-content/uploads/2020/01/team.png",
			},
		},
	}
}

const goldenBody = "Ukraine’s President has announced the creation of the International Legion.\n\n![Legion](/img/legacy.example.org-legion-featured.jpg)\n\n\n"

func TestRenderGolden(t *testing.T) {
	posts := goldenPosts()
	names := slices.Sorted(func(yield func(string) bool) {
		for k := range posts {
			if !yield(k) {
				return
			}
		}
	})
	all := make([]*transform.Head, 0, len(posts))
	for _, n := range names {
		all = append(all, &posts[n].Head)
	}
	want := map[string]bool{}
	for _, preset := range PresetNames() {
		p, err := LookupPreset(preset)
		if err != nil {
			t.Fatal(err)
		}
		paths, collisions := Plan(all, p)
		if len(collisions) != 0 {
			t.Errorf("%s: unexpected collisions %v", preset, collisions)
		}
		var layout bytes.Buffer
		for _, n := range names {
			post := posts[n]
			got, err := p.RenderAt(paths[&post.Head], post, goldenBody)
			if err != nil {
				t.Fatalf("%s/%s: %v", preset, n, err)
			}
			file := preset + "-" + n + ".md"
			checkGolden(t, "render/"+file, got)
			want[file] = true
			fmt.Fprintf(&layout, "%s\t%s\n", n, paths[&post.Head])
			if again, _ := p.RenderAt(paths[&post.Head], post, goldenBody); !bytes.Equal(again, got) {
				t.Errorf("%s/%s: second render differs", preset, n)
			}
		}
		if rel, data := p.Redirects(paths); rel != "" {
			fmt.Fprintf(&layout, "\n%s:\n%s", rel, data)
		}
		checkGolden(t, "render/"+preset+"-layout.txt", layout.Bytes())
		want[preset+"-layout.txt"] = true
	}
	// Stray golden files mean a case was renamed or removed.
	entries, err := os.ReadDir(filepath.Join("testdata", "render"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !want[e.Name()] {
			t.Errorf("stray golden file testdata/render/%s", e.Name())
		}
	}
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	file := filepath.Join("testdata", filepath.FromSlash(name))
	if *update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// splitFrontMatter returns the YAML between the "---" lines and the body.
func splitFrontMatter(t testing.TB, doc []byte) (fm, body string) {
	t.Helper()
	s := string(doc)
	if !strings.HasPrefix(s, "---\n") {
		t.Fatalf("no opening ---:\n%s", s)
	}
	fm, body, ok := strings.Cut(s[4:], "\n---\n")
	if !ok {
		t.Fatalf("no closing ---:\n%s", s)
	}
	return fm + "\n", body
}

type readBack struct {
	Title       string   `yaml:"title"`
	Description string   `yaml:"description"`
	Author      string   `yaml:"author"`
	Tags        []string `yaml:"tags"`
	Categories  []string `yaml:"categories"`
}

var keyLine = regexp.MustCompile(`^[a-zA-Z]+:( |$)`)

var trickyStrings = []string{
	"plain title",
	"key: value",
	"a #hashtag",
	"#1 at start",
	`say "hi"`,
	"it's",
	`'single' and "double"`,
	"line one\nline two",
	"trailing newline\n",
	"\nleading newline",
	"windows\r\nline",
	"---",
	"--- a rule",
	"...",
	"🎉 party 🇺🇦 👩‍👩‍👧",
	"שלום עולם",
	"مرحبا بالعالم",
	"mixed English עברית text",
	"\u202Eoverride",
	"yes", "no", "on", "off", "y", "n", "Yes", "NO", "true", "False",
	"null", "Null", "~", "",
	"1.0", "1", "0x1F", "0o17", "017", "1_000", "1e3", ".inf", "-.inf", ".NaN", "12:30", "1:20:30", "+1", "-1",
	"2022-03-11", "2022-03-11T13:42:00Z",
	" leading space", "trailing space ", "  ",
	"- dash", "* star", "& amp", "! bang", "? question", "| pipe", "> gt", "% percent", "@ at", "` tick",
	"[not a list]", "{not: a map}", "a, b",
	"tab\tinside", "\ttab first",
	"<<", "=",
	"line sep\u2028here", "para sep\u2029here", "nel\u0085here",
	"nul\x00byte", "bell\x07", "\uFEFFbom",
	"back\\slash \\n not a newline",
	"a\\U0001F389 literal escape",
	`x: "\U0001F389`,
	`x: "🎉" \U0001F389`,
	strings.Repeat("long words ", 30),
}

func TestFrontMatterRoundTrip(t *testing.T) {
	for _, preset := range PresetNames() {
		p, _ := LookupPreset(preset)
		for _, s := range trickyStrings {
			post := &transform.Post{
				Head: transform.Head{
					SourceURL: "https://legacy.example.org/2022/03/11/x/",
					Kind:      "post",
					Slug:      "x",
					Title:     s,
					Published: time.Date(2022, 3, 11, 15, 42, 0, 0, eet),
				},
				Details: transform.Details{
					Description: s,
					Author:      s,
					Tags:        []string{s, "other"},
					Categories:  []transform.Category{{Name: s}},
				},
			}
			doc, err := p.Render(post, "body")
			if err != nil {
				t.Errorf("%s: Render(%q): %v", preset, s, err)
				continue
			}
			fm, body := splitFrontMatter(t, doc)
			if body != "\nbody\n" {
				t.Errorf("%s: body = %q", preset, body)
			}
			var got readBack
			if err := yaml.Unmarshal([]byte(fm), &got); err != nil {
				t.Errorf("%s: %q: unmarshal: %v\n%s", preset, s, err, fm)
				continue
			}
			got.Tags = withoutCollection(p, got.Tags)
			wantTags := []string{"other"}
			if strings.TrimSpace(s) != "" {
				wantTags = []string{s, "other"}
			}
			if got.Title != s || got.Description != s || !slices.Equal(got.Tags, wantTags) {
				t.Errorf("%s: %q read back as title %q, description %q, tags %q\n%s", preset, s, got.Title, got.Description, got.Tags, fm)
			}
			if s != "" && got.Author != s {
				t.Errorf("%s: author %q read back as %q", preset, s, got.Author)
			}
			// One line per scalar: nothing folded, nothing in block style.
			for line := range strings.SplitSeq(strings.TrimSuffix(fm, "\n"), "\n") {
				if !strings.HasPrefix(line, "  - ") && !keyLine.MatchString(line) {
					t.Errorf("%s: %q: continuation line %q\n%s", preset, s, line, fm)
				}
			}
		}
	}
}

// withoutCollection drops the tag that puts every post of the eleventy
// preset in its collection.
func withoutCollection(p *Preset, tags []string) []string {
	if p.Name == "eleventy" && len(tags) > 0 && tags[0] == EleventyCollection {
		return tags[1:]
	}
	return tags
}

func TestRenderKeepsEmojiReadable(t *testing.T) {
	p, _ := LookupPreset("hugo")
	doc, err := p.Render(&transform.Post{Head: transform.Head{Title: "🎉 Party", Kind: "post", Slug: "p"}}, "")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(doc, []byte(`title: "🎉 Party"`)) {
		t.Errorf("emoji escaped:\n%s", doc)
	}
}

func TestRenderBodyEnding(t *testing.T) {
	p, _ := LookupPreset("decap")
	post := &transform.Post{Head: transform.Head{Title: "T", Kind: "post", Slug: "t"}}
	for body, want := range map[string]string{
		"":            "---\n",
		"text":        "---\n\ntext\n",
		"text\n\n\n":  "---\n\ntext\n",
		"text\r\n":    "---\n\ntext\n",
		"# H\n\npara": "---\n\n# H\n\npara\n",
	} {
		doc, err := p.Render(post, body)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(string(doc), want) || strings.HasSuffix(string(doc), "\n\n") {
			t.Errorf("body %q → %q, want suffix %q", body, doc, want)
		}
	}
}

func TestDates(t *testing.T) {
	post := &transform.Post{
		Head: transform.Head{
			Kind:      "post",
			Slug:      "d",
			Title:     "D",
			Published: time.Date(2022, 3, 11, 15, 42, 0, 0, eet),
			Updated:   time.Date(2022, 3, 12, 1, 2, 3, 456_000_000, time.FixedZone("", -5*3600)),
		},
	}
	for preset, want := range map[string][]string{
		"decap": {"date: 2022-03-11T13:42:00.000Z\n", "updated: 2022-03-12T06:02:03.456Z\n"},
		"hugo":  {"date: 2022-03-11T15:42:00+02:00\n", "lastmod: 2022-03-12T01:02:03.456-05:00\n"},
	} {
		p, _ := LookupPreset(preset)
		doc, err := p.Render(post, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if !bytes.Contains(doc, []byte(w)) {
				t.Errorf("%s: missing %q in\n%s", preset, w, doc)
			}
		}
		// The instant survives a YAML reader.
		fm, _ := splitFrontMatter(t, doc)
		var got map[string]any
		if err := yaml.Unmarshal([]byte(fm), &got); err != nil {
			t.Fatal(err)
		}
		if d, ok := got["date"].(time.Time); !ok || !d.Equal(post.Published) {
			t.Errorf("%s: date read back as %#v", preset, got["date"])
		}
	}
}

func FuzzFrontMatterRoundTrip(f *testing.F) {
	for _, s := range trickyStrings {
		f.Add(s, s, s)
	}
	presets := []*Preset{}
	for _, n := range PresetNames() {
		p, _ := LookupPreset(n)
		presets = append(presets, p)
	}
	f.Fuzz(func(t *testing.T, title, description, tag string) {
		post := &transform.Post{Head: transform.Head{Kind: "post", Slug: "x", Title: title}, Details: transform.Details{Description: description, Tags: []string{tag}}}
		want := readBack{
			Title:       strings.ToValidUTF8(title, "\uFFFD"),
			Description: strings.ToValidUTF8(description, "\uFFFD"),
		}
		if strings.TrimSpace(tag) != "" {
			want.Tags = []string{strings.ToValidUTF8(tag, "\uFFFD")}
		}
		for _, p := range presets {
			doc, err := p.Render(post, "")
			if err != nil {
				t.Fatalf("%s: %v", p.Name, err)
			}
			fm, _ := splitFrontMatter(t, doc)
			var got readBack
			if err := yaml.Unmarshal([]byte(fm), &got); err != nil {
				t.Fatalf("%s: %v\n%s", p.Name, err, fm)
			}
			got.Tags = withoutCollection(p, got.Tags)
			if got.Title != want.Title || got.Description != want.Description || !slices.Equal(got.Tags, want.Tags) && len(got.Tags)+len(want.Tags) > 0 {
				t.Fatalf("%s: read back %+v, want %+v\n%s", p.Name, got, want, fm)
			}
		}
	})
}

func BenchmarkRender(b *testing.B) {
	p := mustPreset(b, "decap")
	post := goldenPosts()["post-full"]
	body := strings.Repeat(goldenBody, 50)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Render(post, body); err != nil {
			b.Fatal(err)
		}
	}
}
