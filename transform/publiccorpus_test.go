package transform_test

import (
	"bufio"
	"encoding/json"
	"html"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/corpustest"
	"github.com/unpress/unpress/scrape/extract"
	"github.com/unpress/unpress/scrape/mirror"
	"github.com/unpress/unpress/transform"
	"github.com/unpress/unpress/transform/markdown"
)

type publicTruth struct {
	File      string   `json:"file"`
	WordPress bool     `json:"wordpress"`
	URLs      []string `json:"urls"`
	Expected  struct {
		Title       *string  `json:"title"`
		Author      *string  `json:"author"`
		Date        *string  `json:"date"`
		DateLatest  *string  `json:"date_latest"`
		Categories  []string `json:"categories"`
		Tags        []string `json:"tags"`
		MustContain []struct {
			Text string `json:"text"`
		} `json:"must_contain"`
		MustNotContain []struct {
			Text string `json:"text"`
		} `json:"must_not_contain"`
		TitleAlternatives  []string `json:"title_alternatives"`
		AuthorAlternatives []string `json:"author_alternatives"`
		DateAlternatives   []string `json:"date_alternatives"`
	} `json:"expected"`
	AnnotatedEmpty []string `json:"annotated_empty"`
}

// normText is the corpus's comparison form: NFC, entities decoded,
// whitespace collapsed, case-folded, curly quotes and dashes unified.
func normText(s string) string {
	s = norm.NFC.String(html.UnescapeString(s))
	s = strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`, "„", `"`, "–", "-", "—", "-", "\u00a0", " ").Replace(s)
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

func authorSet(s string) []string {
	f := strings.FieldsFunc(normText(s), func(r rune) bool { return r == ';' || r == ',' || r == '&' })
	var out []string
	for _, part := range f {
		for _, p := range strings.Split(part, " and ") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	slices.Sort(out)
	return out
}

func setEq(a, b []string) bool {
	var x, y []string
	for _, s := range a {
		x = append(x, normText(s))
	}
	for _, s := range b {
		y = append(y, normText(s))
	}
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(slices.Compact(x), slices.Compact(y))
}

// TestPublicCorpusAccuracy runs extraction over real WordPress pages from
// other projects' test suites and reports title, date, author, category
// and tag accuracy against their annotations. The floors catch
// regressions; the figures are in the log (go test -v -run PublicCorpus).
func TestPublicCorpusAccuracy(t *testing.T) {
	publicCorpus := corpustest.Path(t, "public")
	f, err := os.Open(filepath.Join(publicCorpus, "truth.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	x, err := extract.New(extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	conv, err := markdown.New(markdown.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// UNPRESS_CORPUS_OUT=DIR writes one JSON per page in the form the
	// corpus's own score.py reads, to compare with other extractors.
	dump := os.Getenv("UNPRESS_CORPUS_OUT")
	var refused []string
	var snip struct{ tp, fn, fp, tn int }
	type tally struct{ ok, n int }
	score := map[string]*tally{}
	add := func(field string, ok bool) {
		if score[field] == nil {
			score[field] = &tally{}
		}
		score[field].n++
		if ok {
			score[field].ok++
		}
	}
	var misses []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var tr publicTruth
		if err := json.Unmarshal(sc.Bytes(), &tr); err != nil {
			t.Fatal(err)
		}
		if !tr.WordPress || tr.File == "" {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(publicCorpus, "pages", tr.File))
		if err != nil {
			t.Fatal(err)
		}
		body, _, err := mirror.Decode(raw, "")
		if err != nil {
			t.Errorf("%s: %v", tr.File, err)
			continue
		}
		u, _ := url.Parse("https://unknown.example/" + tr.File)
		if len(tr.URLs) > 0 {
			if pu, err := url.Parse(tr.URLs[0]); err == nil {
				u = pu
			}
		}
		ex, err := x.Extract(&scrape.Page{URL: u, HTML: body})
		if err != nil {
			t.Errorf("%s: %v", tr.File, err)
			continue
		}
		// Every corpus page is an article: one that is not read as a
		// post or page would be refused by a migration.
		if ex.Kind != extract.KindPost && ex.Kind != extract.KindPage {
			refused = append(refused, tr.File+" ("+string(ex.Kind)+")")
			ex.Kind = extract.KindPost
		}
		site := transform.NewSite(transform.Options{})
		site.Add(ex, tr.File)
		posts, _ := site.Resolve()
		if posts.Len() != 1 {
			t.Errorf("%s: %d posts", tr.File, posts.Len())
			site.Close()
			continue
		}
		p, err := posts.Render(0, conv)
		if err != nil {
			t.Errorf("%s: %v", tr.File, err)
		}
		site.Close()
		text := bodyText(p.Body)
		for _, s := range tr.Expected.MustContain {
			if snippetIn(s.Text, p.Body, text) {
				snip.tp++
			} else {
				snip.fn++
				misses = append(misses, "body "+tr.File+": missing "+s.Text)
			}
		}
		for _, s := range tr.Expected.MustNotContain {
			if snippetIn(s.Text, p.Body, text) {
				snip.fp++
				misses = append(misses, "body "+tr.File+": leaked "+s.Text)
			} else {
				snip.tn++
			}
		}
		if dump != "" {
			writeScoreJSON(t, dump, tr.File, &p)
		}
		skip := func(field string) bool { return slices.Contains(tr.AnnotatedEmpty, field) }
		e := tr.Expected
		if e.Title != nil && !skip("title") {
			ok := normText(p.Title) == normText(*e.Title)
			for _, alt := range e.TitleAlternatives {
				ok = ok || normText(p.Title) == normText(alt)
			}
			add("title", ok)
			if !ok {
				misses = append(misses, "title "+tr.File+": "+p.Title+" | want "+*e.Title)
			}
		}
		if e.Author != nil && !skip("author") {
			ok := normText(p.Author) == normText(*e.Author) || slices.Equal(authorSet(p.Author), authorSet(*e.Author))
			for _, alt := range e.AuthorAlternatives {
				ok = ok || normText(p.Author) == normText(alt)
			}
			add("author", ok)
			if !ok {
				misses = append(misses, "author "+tr.File+": "+p.Author+" | want "+*e.Author)
			}
		}
		if e.Date != nil && !skip("date") {
			got := ""
			if !p.Published.IsZero() {
				got = p.Published.Format("2006-01-02")
			}
			ok := got == *e.Date
			for _, alt := range e.DateAlternatives {
				ok = ok || got == alt
			}
			add("date", ok)
			if !ok {
				misses = append(misses, "date "+tr.File+": "+got+" | want "+*e.Date)
			}
		}
		if e.Categories != nil && !skip("categories") {
			var got []string
			for _, c := range p.Categories {
				got = append(got, c.Name)
			}
			ok := setEq(got, e.Categories)
			add("categories", ok)
			if !ok {
				misses = append(misses, "cats "+tr.File+": "+strings.Join(got, "|")+" | want "+strings.Join(e.Categories, "|"))
			}
		}
		if e.Tags != nil && !skip("tags") {
			ok := setEq(p.Tags, e.Tags)
			add("tags", ok)
			if !ok {
				misses = append(misses, "tags "+tr.File+": "+strings.Join(p.Tags, "|")+" | want "+strings.Join(e.Tags, "|"))
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if testing.Verbose() {
		for _, m := range misses {
			t.Log("miss:", m)
		}
	}
	// Floors a little under the accuracy measured when they were set, so
	// that a regression fails and an improvement is free to land.
	floors := map[string]float64{"title": 0.95, "date": 0.955, "author": 0.855, "categories": 0.70, "tags": 0.745}
	precision := float64(snip.tp) / float64(max(1, snip.tp+snip.fp))
	recall := float64(snip.tp) / float64(max(1, snip.tp+snip.fn))
	f1 := 2 * precision * recall / max(1e-9, precision+recall)
	t.Logf("public corpus body snippets TP=%d FN=%d FP=%d TN=%d precision %.3f recall %.3f F1 %.3f", snip.tp, snip.fn, snip.fp, snip.tn, precision, recall, f1)
	if f1 < bodyF1Floor {
		t.Errorf("body F1 %.3f is under the floor %.3f", f1, bodyF1Floor)
	}
	t.Logf("public corpus refused: %d %v", len(refused), refused)
	if len(refused) > refusedCeiling {
		t.Errorf("%d pages not read as a post or page (at most %d): %v", len(refused), refusedCeiling, refused)
	}
	for _, field := range []string{"title", "date", "author", "categories", "tags"} {
		s := score[field]
		if s == nil {
			t.Errorf("%s: not scored", field)
			continue
		}
		acc := float64(s.ok) / float64(s.n)
		t.Logf("public corpus %-10s %3d/%3d = %5.1f%%", field, s.ok, s.n, 100*acc)
		if acc < floors[field] {
			t.Errorf("%s accuracy %.1f%% is under the floor %.0f%%", field, 100*acc, 100*floors[field])
		}
	}
}

// Floors for the body and for refusals, like the field floors above.
const (
	bodyF1Floor    = 0.958
	refusedCeiling = 1
)

// mdLink and friends strip Markdown to text the way the corpus's score.py
// does, so that a snippet is found in the text a reader sees.
var (
	mdImage    = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`)
	mdLink     = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	mdTarget   = regexp.MustCompile(`\]\(([^)\s]+)`)
	mdBlock    = regexp.MustCompile(`(?m)^\s{0,3}(#{1,6}|>+|[-*+]|\d+[.)])\s+`)
	mdEmphasis = regexp.MustCompile("(\\*\\*|__|\\*|_|~~|`+)")
	mdEscape   = regexp.MustCompile(`\\([\\` + "`" + `*_{}\[\]()#+\-.!|>])`)
	mdRule     = regexp.MustCompile(`(?m)^\s*\|?\s*:?-{3,}.*$`)
)

func bodyText(md string) string {
	var targets []string
	for _, m := range mdTarget.FindAllStringSubmatch(md, -1) {
		targets = append(targets, m[1])
	}
	t := mdImage.ReplaceAllString(md, "$1")
	t = mdLink.ReplaceAllString(t, "$1 ")
	t = mdBlock.ReplaceAllString(t, "")
	t = mdEmphasis.ReplaceAllString(t, "")
	t = mdEscape.ReplaceAllString(t, "$1")
	t = mdRule.ReplaceAllString(t, "")
	t = strings.ReplaceAll(t, "|", " ")
	return normText(t + " " + strings.Join(targets, " "))
}

// snippetIn is score.py's test: the snippet in the text or in the raw
// Markdown.
func snippetIn(snippet, md, text string) bool {
	s := normText(snippet)
	return strings.Contains(text, s) || strings.Contains(normText(md), s) || strings.Contains(text, bodyText(snippet))
}

// writeScoreJSON writes one page's result as score.py reads it.
func writeScoreJSON(t *testing.T, dir, file string, p *transform.Post) {
	t.Helper()
	day := func(tm time.Time) *string {
		if tm.IsZero() {
			return nil
		}
		s := tm.Format(time.RFC3339)
		return &s
	}
	var cats []string
	for _, c := range p.Categories {
		cats = append(cats, c.Name)
	}
	data, err := json.Marshal(map[string]any{
		"file": file, "title": p.Title, "date": day(p.Published), "updated": day(p.Updated),
		"author": p.Author, "categories": cats, "tags": p.Tags, "body_markdown": p.Body,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, file+".json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
}
