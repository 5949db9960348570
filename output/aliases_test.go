package output

import (
	"strings"
	"testing"

	"github.com/unpress/unpress/transform"
)

// A post's Aliases (legacy URLs that redirected to it, seen by a crawl)
// keep working: one Netlify rule each, a query matched as key=value;
// Hugo aliases for those without a query (Hugo serves an alias as a file).
func TestAliases(t *testing.T) {
	post := &transform.Post{
		Head: transform.Head{
			SourceURL: "https://x.org/2022/03/11/legion/",
			Kind:      "post",
			Slug:      "legion",
			Title:     "Legion",
			Aliases:   []string{"/old-legion/", "/2022/03/11/legion/", "/?p=69", "/%D0%BC%D0%B8%D1%80/", "/?attachment_id", "/blog/legion/"},
		},
	}
	decap := mustPreset(t, "decap")
	paths, _ := Plan([]*transform.Head{&post.Head}, decap)
	_, data := decap.Redirects(paths)
	want := "" +
		"/ p=69 /blog/legion/ 301\n" +
		"/%D0%BC%D0%B8%D1%80/ /blog/legion/ 301\n" +
		"/2022/03/11/legion/ /blog/legion/ 301\n" +
		"/old-legion/ /blog/legion/ 301\n"
	if string(data) != want {
		t.Errorf("decap _redirects:\n%s\nwant:\n%s", data, want)
	}

	hugo := mustPreset(t, "hugo")
	paths, _ = Plan([]*transform.Head{&post.Head}, hugo)
	doc, err := hugo.RenderAt(paths[&post.Head], post, "")
	if err != nil {
		t.Fatal(err)
	}
	wantFM := "aliases:\n  - /2022/03/11/legion/\n  - /old-legion/\n  - /мир/\n"
	if !strings.Contains(string(doc), wantFM) {
		t.Errorf("hugo front matter:\n%s\nwant it to hold:\n%s", doc, wantFM)
	}
	if strings.Contains(string(doc), "p=69") {
		t.Errorf("hugo aliases hold a query:\n%s", doc)
	}
}
