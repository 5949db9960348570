package markdown

import (
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/JohannesKaufmann/dom"
	"github.com/unpress/unpress/scrape/corpustest"
	"golang.org/x/net/html"
)

// TestWordPressCorpus converts every post and page body of the shared
// corpus (rendered by a real WordPress 6.1) and checks that nothing
// structural is lost or leaks through as HTML.
func TestWordPressCorpus(t *testing.T) {
	var entries []struct {
		ID      int    `json:"id"`
		URL     string `json:"url"`
		Content string `json:"content_rendered"`
	}
	corpustest.Truth(t, &entries)
	if len(entries) == 0 {
		t.Fatal("truth.json holds no entries")
	}

	c := newConverter(t, Options{})
	for _, e := range entries {
		t.Run(strconv.Itoa(e.ID), func(t *testing.T) {
			base, err := url.Parse(e.URL)
			if err != nil {
				t.Fatalf("entry url: %v", err)
			}
			root := parseBody(t, e.Content)
			md, media, err := c.Convert(root, base)
			if err != nil {
				t.Fatalf("Convert: %v", err)
			}
			checkTidy(t, md)

			for _, leak := range []string{"<figure", "<div", "[gallery", "[caption"} {
				if strings.Contains(md, leak) {
					t.Errorf("output contains %q", leak)
				}
			}
			for _, m := range media {
				if u, err := url.Parse(m); err != nil || !u.IsAbs() || u.Host == "" {
					t.Errorf("media URL %q is not absolute", m)
				}
			}

			for _, img := range dom.FindAllNodes(root, isElement("img")) {
				src := dom.GetAttributeOr(img, "src", "")
				name := path.Base(src)
				orig := name
				if m := sizedRe.FindStringSubmatch(name); m != nil {
					orig = m[1] + m[5]
				}
				if !strings.Contains(md, name) && !strings.Contains(md, orig) {
					t.Errorf("image %s (or %s) missing from output", name, orig)
				}
			}

			lines := strings.Split(md, "\n")
			for _, h := range dom.FindAllNodes(root, isElement("h2")) {
				want := normaliseText(dom.CollectText(h))
				found := false
				for _, l := range lines {
					if rest, ok := strings.CutPrefix(l, "## "); ok && normaliseText(unescapeMarkdown(rest)) == want {
						found = true
						break
					}
				}
				if !found {
					t.Errorf("heading %q has no \"## \" line", want)
				}
			}

			for _, code := range dom.FindAllNodes(root, func(n *html.Node) bool {
				return dom.NodeName(n) == "code" || dom.NodeName(n) == "pre"
			}) {
				for _, class := range strings.Fields(dom.GetAttributeOr(code, "class", "")) {
					lang, ok := strings.CutPrefix(class, "language-")
					if !ok {
						continue
					}
					if !regexp.MustCompile("(?m)^(?:> )*\\s*```+" + regexp.QuoteMeta(lang) + "$").MatchString(md) {
						t.Errorf("no code fence with language %q", lang)
					}
				}
			}
		})
	}
}

func isElement(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == name }
}

func normaliseText(s string) string {
	s = strings.NewReplacer("*", "", "_", "", "`", "").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

var mdEscapeRe = regexp.MustCompile(`\\([!-/:-@\[-` + "`" + `{-~])`)

func unescapeMarkdown(s string) string { return mdEscapeRe.ReplaceAllString(s, "$1") }
