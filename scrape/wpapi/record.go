package wpapi

import (
	"context"
	"encoding/json"
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/extract"
	"github.com/unpress/unpress/scrape/wprender"
	"github.com/unpress/unpress/scrape/wxr"
)

// post is a post or page as /wp/v2/posts and /wp/v2/pages give it.
type post struct {
	ID            int      `json:"id"`
	Date          string   `json:"date"`
	DateGMT       string   `json:"date_gmt"`
	Modified      string   `json:"modified"`
	ModifiedGMT   string   `json:"modified_gmt"`
	Slug          string   `json:"slug"`
	Status        string   `json:"status"`
	Type          string   `json:"type"`
	Link          string   `json:"link"`
	Title         rendered `json:"title"`
	Content       rendered `json:"content"`
	Excerpt       rendered `json:"excerpt"`
	Author        int      `json:"author"`
	FeaturedMedia int      `json:"featured_media"`
	Sticky        bool     `json:"sticky"`
	Categories    []int    `json:"categories"`
	Tags          []int    `json:"tags"`
}

// Records yields a record for every page and post the API shows (pages
// first, then posts, each by ID). A post the API returns in a shape it
// cannot read goes to onErr.
func (c *Client) Records(ctx context.Context, fn func(*extract.Record) error, onErr func(*scrape.PageError)) error {
	for _, e := range c.bounded {
		onErr(e)
	}
	for _, route := range []string{"pages", "posts"} {
		err := c.list(ctx, route, func(raw json.RawMessage) error {
			var p post
			if err := json.Unmarshal(raw, &p); err != nil {
				onErr(&scrape.PageError{URL: c.endpoint(route, nil).String(), Origin: "rest:" + route, Stage: scrape.StageRead, Err: err})
				return nil
			}
			ex := c.Record(&p, route)
			if ex == nil {
				return nil
			}
			return fn(&extract.Record{Extracted: ex, Source: extract.SrcREST, Origin: "rest:" + route + "/" + strconv.Itoa(p.ID)})
		}, onErr)
		if err != nil {
			return err
		}
	}
	return nil
}

// Record turns one API post into a record.
func (c *Client) Record(p *post, route string) *extract.Extracted {
	kind := extract.KindPost
	if route == "pages" || p.Type == "page" {
		kind = extract.KindPage
	}
	link := strings.TrimSpace(p.Link)
	if u, err := c.base.Parse(link); err == nil && link != "" {
		link = u.String()
	} else {
		u := *c.base
		u.RawQuery = "p=" + strconv.Itoa(p.ID)
		link = u.String()
	}
	status := strings.TrimSpace(p.Status)
	if status == "" {
		status = "publish"
	}
	ex := &extract.Extracted{
		URL: link, Canonical: link, Kind: kind, PostID: p.ID, Status: status,
		Sticky: p.Sticky, Protected: p.Content.Protected,
	}
	add := func(list *[]extract.Candidate[string], v string) {
		*list = append(*list, extract.Candidate[string]{Value: v, Source: extract.SrcREST})
	}
	// The API's titles are rendered (texturized, entities): as shown.
	add(&ex.Title, wprender.PlainText(p.Title.Rendered))
	if slug := strings.TrimSpace(p.Slug); slug != "" {
		if d, err := url.PathUnescape(slug); err == nil {
			slug = d
		}
		add(&ex.Slug, slug)
	}
	if d, ok := wxr.LocalDate(p.Date, p.DateGMT); ok {
		ex.Published = append(ex.Published, extract.Candidate[extract.Date]{Value: d, Source: extract.SrcREST})
	}
	if d, ok := wxr.LocalDate(p.Modified, p.ModifiedGMT); ok {
		ex.Updated = append(ex.Updated, extract.Candidate[extract.Date]{Value: d, Source: extract.SrcREST})
	}
	if name, ok := c.users[p.Author]; ok && name != "" {
		add(&ex.Author, name)
	}
	if kind == extract.KindPost {
		var cats, tags []extract.Term
		for _, id := range p.Categories {
			if t, ok := c.categories[id]; ok {
				cats = append(cats, extract.Term{Name: t.name, Path: c.categoryPath(id)})
			}
		}
		for _, id := range p.Tags {
			if name, ok := c.tags[id]; ok {
				tags = append(tags, extract.Term{Name: name})
			}
		}
		ex.Categories = append(ex.Categories, extract.Candidate[[]extract.Term]{Value: cats, Source: extract.SrcREST})
		ex.Tags = append(ex.Tags, extract.Candidate[[]extract.Term]{Value: tags, Source: extract.SrcREST})
	}
	if m, ok := c.media[p.FeaturedMedia]; ok && p.FeaturedMedia > 0 {
		add(&ex.Image, m.URL)
		ex.ImageAlt = m.Alt
	}
	if ex.Protected && !c.opts.IncludeProtected {
		return ex
	}
	body := p.Content.Rendered
	if excerpt := manualExcerpt(p.Excerpt.Rendered, body); excerpt != "" {
		add(&ex.Description, excerpt)
	}
	ex.BodyPages = strings.Count(body, "<!--nextpage-->") + 1
	if strings.TrimSpace(body) != "" {
		base, _ := url.Parse(link)
		if node, err := wprender.Fragment(body, base, nil); err != nil {
			ex.Warnings = append(ex.Warnings, err.Error())
		} else {
			ex.Content = node
		}
	}
	return ex
}

// categoryPath is root first, the category last.
func (c *Client) categoryPath(id int) []string {
	t := c.categories[id]
	path := []string{t.name}
	seen := map[int]bool{id: true}
	for p := t.parent; p != 0 && !seen[p]; {
		seen[p] = true
		pt, ok := c.categories[p]
		if !ok {
			break
		}
		path = append([]string{pt.name}, path...)
		p = pt.parent
	}
	return path
}

var tagRe = regexp.MustCompile(`<[^>]*>`)

// manualExcerpt is the excerpt's text when an author wrote it. For the
// others the API gives WordPress's generated excerpt: the body's first 55
// words (shortcodes, captions and tags taken out) and " […]". An excerpt
// whose words all occur in the body, in order, is generated.
func manualExcerpt(excerpt, body string) string {
	text := wprender.PlainText(excerpt)
	if text == "" {
		return ""
	}
	stem := strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(text, "[…]"), "…"))
	want := words(stem)
	// WordPress strips tags without a space (H<sub>2</sub>O is one word)
	// but list items and blocks are separate words: try both readings.
	for _, sep := range []string{"", " "} {
		have := words(html.UnescapeString(tagRe.ReplaceAllString(body, sep)))
		i := 0
		for _, w := range have {
			if i < len(want) && w == want[i] {
				i++
			}
		}
		if i == len(want) {
			return ""
		}
	}
	return text
}

// words are the comparison forms of a text's words: letters and digits
// only, lower-cased.
func words(s string) []string {
	var out []string
	for _, f := range strings.Fields(s) {
		var b strings.Builder
		for _, r := range strings.ToLower(f) {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				b.WriteRune(r)
			}
		}
		if b.Len() > 0 {
			out = append(out, b.String())
		}
	}
	return out
}
