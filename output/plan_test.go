package output

import (
	"math/rand/v2"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/unpress/unpress/transform"
)

func mustPreset(t testing.TB, name string) *Preset {
	t.Helper()
	p, err := LookupPreset(name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLookupPreset(t *testing.T) {
	for _, name := range []string{"astro", "decap", "eleventy", "hugo", "jekyll"} {
		if p := mustPreset(t, name); p.Name != name {
			t.Errorf("LookupPreset(%q).Name = %q", name, p.Name)
		}
	}
	_, err := LookupPreset("jekyl")
	if err == nil || !strings.Contains(err.Error(), `"jekyl"`) || !strings.Contains(err.Error(), "astro, decap, eleventy, hugo, jekyll") {
		t.Errorf("error %v should name the input and list the valid presets", err)
	}
	// A caller's change to its preset is its own.
	p := mustPreset(t, "hugo")
	p.ContentDir = "elsewhere"
	if mustPreset(t, "hugo").ContentDir != "content" {
		t.Error("presets share state")
	}
}

func TestPostPath(t *testing.T) {
	tests := []struct {
		name        string
		post        transform.Head
		decap, hugo string
	}{
		{"post", transform.Head{Kind: "post", Slug: "legion", SourceURL: "https://x.org/2022/03/11/legion/"},
			"src/pages/blog/legion.md", "content/posts/legion.md"},
		{"post without slug", transform.Head{Kind: "post", SourceURL: "https://x.org/2022/03/11/from-url/"},
			"src/pages/blog/from-url.md", "content/posts/from-url.md"},
		{"post by ID", transform.Head{Kind: "post", ID: 12, SourceURL: "https://x.org/?p=12"},
			"src/pages/blog/12.md", "content/posts/12.md"},
		{"post with nothing", transform.Head{Kind: "post", SourceURL: "https://x.org/?p="},
			"src/pages/blog/untitled-" + idStem(&transform.Head{SourceURL: "https://x.org/?p="})[9:] + ".md",
			"content/posts/untitled-" + idStem(&transform.Head{SourceURL: "https://x.org/?p="})[9:] + ".md"},
		{"hostile slug", transform.Head{Kind: "post", Slug: "../../etc/passwd"},
			"src/pages/blog/etc-passwd.md", "content/posts/etc-passwd.md"},
		{"reserved slug", transform.Head{Kind: "post", Slug: "CON"},
			"src/pages/blog/CON_.md", "content/posts/CON_.md"},
		{"index slug", transform.Head{Kind: "post", Slug: "index"},
			"src/pages/blog/index-2.md", "content/posts/index-2.md"},
		{"_index slug", transform.Head{Kind: "post", Slug: "_index"},
			"src/pages/blog/_index.md", "content/posts/_index-2.md"},
		{"cyrillic", transform.Head{Kind: "post", Slug: "%d0%bc%d0%b8%d1%80"},
			"src/pages/blog/мир.md", "content/posts/мир.md"},
		{"nested page", transform.Head{Kind: "page", SourceURL: "https://x.org/about/our-team/"},
			"src/pages/about/our-team/index.md", "content/about/our-team.md"},
		{"page .html", transform.Head{Kind: "page", SourceURL: "https://x.org/about/contact.html"},
			"src/pages/about/contact/index.md", "content/about/contact.md"},
		{"page index.php", transform.Head{Kind: "page", SourceURL: "https://x.org/about/index.php"},
			"src/pages/about/index.md", "content/about.md"},
		{"page by query", transform.Head{Kind: "page", Slug: "contact", SourceURL: "https://x.org/?page_id=7"},
			"src/pages/contact/index.md", "content/contact.md"},
		{"home page", transform.Head{Kind: "page", SourceURL: "https://x.org/"},
			"src/pages/index.md", "content/_index.md"},
		{"page named index", transform.Head{Kind: "page", SourceURL: "https://x.org/docs/index/"},
			"src/pages/docs/index/index.md", "content/docs/index-2.md"},
		{"hostile page path", transform.Head{Kind: "page", SourceURL: "https://x.org/a/%2e%2e/%2E%2E/b/"},
			"src/pages/a/b/index.md", "content/a/b.md"},
	}
	for _, tt := range tests {
		if got := mustPreset(t, "decap").PostPath(&tt.post); got != tt.decap {
			t.Errorf("%s: decap PostPath = %q, want %q", tt.name, got, tt.decap)
		}
		if got := mustPreset(t, "hugo").PostPath(&tt.post); got != tt.hugo {
			t.Errorf("%s: hugo PostPath = %q, want %q", tt.name, got, tt.hugo)
		}
	}
}

func TestURLFor(t *testing.T) {
	decap, hugo := mustPreset(t, "decap"), mustPreset(t, "hugo")
	for _, tt := range []struct {
		p         *Preset
		rel, want string
	}{
		{decap, "src/pages/blog/legion.md", "/blog/legion/"},
		{decap, "src/pages/about/our-team/index.md", "/about/our-team/"},
		{decap, "src/pages/index.md", "/"},
		{hugo, "content/posts/legion.md", "/posts/legion/"},
		{hugo, "content/about/_index.md", "/about/"},
		{hugo, "content/about/our-team.md", "/about/our-team/"},
		{hugo, "content/_index.md", "/"},
	} {
		if got := tt.p.URLFor(tt.rel); got != tt.want {
			t.Errorf("%s URLFor(%q) = %q, want %q", tt.p.Name, tt.rel, got, tt.want)
		}
	}
}

func TestMediaPath(t *testing.T) {
	p := mustPreset(t, "decap")
	for _, tt := range []struct{ url, file, ref string }{
		{"https://saveukraine.org/wp-content/uploads/2022/03/241-3.jpg", "static/img/saveukraine.org-241-3.jpg", "/img/saveukraine.org-241-3.jpg"},
		{"https://Legacy.Example.org:8080/wp-content/uploads/legion-featured.jpg?ver=2", "static/img/legacy.example.org-legion-featured.jpg", "/img/legacy.example.org-legion-featured.jpg"},
		{"https://x.org/uploads/%D1%84%D0%BE%D1%82%D0%BE%201.png", "static/img/x.org-фото-1.png", "/img/x.org-фото-1.png"},
		{"https://x.org/uploads/..%2F..%2Fetc%2Fpasswd", "static/img/x.org-etc-passwd", "/img/x.org-etc-passwd"},
		{"https://x.org/" + strings.Repeat("a", 300) + ".jpeg", "static/img/x.org-" + strings.Repeat("a", 200-len("x.org-.jpeg")) + ".jpeg", "/img/x.org-" + strings.Repeat("a", 200-len("x.org-.jpeg")) + ".jpeg"},
	} {
		u, err := url.Parse(tt.url)
		if err != nil {
			t.Fatal(err)
		}
		file, ref := p.MediaPath(u)
		if file != tt.file || ref != tt.ref {
			t.Errorf("MediaPath(%s) = %q, %q, want %q, %q", tt.url, file, ref, tt.file, tt.ref)
		}
	}
	// A URL with no file name still gets one, without "/" or "..".
	u, _ := url.Parse("https://x.org/")
	if file, _ := p.MediaPath(u); !strings.HasPrefix(file, "static/img/x.org-") || strings.Count(file, "/") != 2 {
		t.Errorf("MediaPath(%s) = %q", u, file)
	}
}

func TestPlanCollisions(t *testing.T) {
	posts := []*transform.Head{
		{SourceURL: "https://x.org/2022/01/01/hello/", Kind: "post", Slug: "hello"},
		{SourceURL: "https://x.org/2021/01/01/hello/", Kind: "post", Slug: "hello"},
		{SourceURL: "https://x.org/2023/01/01/hello/", Kind: "post", Slug: "Hello"}, // same file on macOS
		{SourceURL: "https://x.org/2020/01/01/hello-2/", Kind: "post", Slug: "hello-2"},
		{SourceURL: "https://x.org/2020/02/02/index/", Kind: "post", Slug: "index"},
		{SourceURL: "https://x.org/about/", Kind: "page"},
		{SourceURL: "https://x.org/about/team/", Kind: "page"},
		{SourceURL: "https://x.org/about/team/kyiv/", Kind: "page"},
		{SourceURL: "https://x.org/contact/", Kind: "page"},
	}
	want := map[string]string{
		"https://x.org/2020/01/01/hello-2/": "content/posts/hello-2.md",
		"https://x.org/2020/02/02/index/":   "content/posts/index-2.md",
		"https://x.org/2021/01/01/hello/":   "content/posts/hello.md",
		"https://x.org/2022/01/01/hello/":   "content/posts/hello-3.md",
		"https://x.org/2023/01/01/hello/":   "content/posts/Hello-4.md",
		"https://x.org/about/":              "content/about/_index.md",
		"https://x.org/about/team/":         "content/about/team/_index.md",
		"https://x.org/about/team/kyiv/":    "content/about/team/kyiv.md",
		"https://x.org/contact/":            "content/contact.md",
	}
	wantCollisions := []Collision{
		{Path: "content/posts/index.md", SourceURL: "https://x.org/2020/02/02/index/", Moved: "content/posts/index-2.md"},
		{Path: "content/posts/hello.md", Kept: "https://x.org/2021/01/01/hello/", SourceURL: "https://x.org/2022/01/01/hello/", Moved: "content/posts/hello-3.md"},
		{Path: "content/posts/Hello.md", Kept: "https://x.org/2021/01/01/hello/", SourceURL: "https://x.org/2023/01/01/hello/", Moved: "content/posts/Hello-4.md"},
	}
	p := mustPreset(t, "hugo")
	for range 5 { // the input order does not matter
		rand.Shuffle(len(posts), func(i, j int) { posts[i], posts[j] = posts[j], posts[i] })
		paths, collisions := Plan(posts, p)
		if len(paths) != len(posts) {
			t.Fatalf("planned %d of %d posts", len(paths), len(posts))
		}
		for post, rel := range paths {
			if want[post.SourceURL] != rel {
				t.Errorf("%s → %q, want %q", post.SourceURL, rel, want[post.SourceURL])
			}
		}
		if !slices.Equal(collisions, wantCollisions) {
			t.Errorf("collisions:\n got %+v\nwant %+v", collisions, wantCollisions)
		}
		// The Hugo slug follows the file, so renamed posts stay apart.
		for post, rel := range paths {
			doc, err := p.RenderAt(rel, &transform.Post{Head: *post}, "")
			if err != nil {
				t.Fatal(err)
			}
			if post.Kind == "post" && !strings.Contains(string(doc), "\nslug: "+strings.TrimSuffix(rel[len("content/posts/"):], ".md")+"\n") {
				t.Errorf("%s: slug does not follow %s:\n%s", post.SourceURL, rel, doc)
			}
		}
	}
}

func TestPlanMedia(t *testing.T) {
	p := mustPreset(t, "decap")
	urls := []string{
		"https://x.org/wp-content/uploads/2022/04/photo.jpg",
		"https://x.org/wp-content/uploads/2021/03/photo.jpg",
		"https://x.org/wp-content/uploads/2021/03/photo.jpg", // repeated: one file
		"https://x.org/wp-content/uploads/2021/03/photo.jpg?w=300",
		"https://y.org/photo.jpg",
	}
	targets, collisions := PlanMedia(urls, p)
	want := map[string]string{
		"https://x.org/wp-content/uploads/2021/03/photo.jpg":       "/img/x.org-photo.jpg",
		"https://x.org/wp-content/uploads/2021/03/photo.jpg?w=300": "/img/x.org-photo-2.jpg",
		"https://x.org/wp-content/uploads/2022/04/photo.jpg":       "/img/x.org-photo-3.jpg",
		"https://y.org/photo.jpg":                                  "/img/y.org-photo.jpg",
	}
	if len(targets) != len(want) {
		t.Errorf("targets = %v", targets)
	}
	for u, ref := range want {
		if targets[u].Ref != ref || targets[u].File != "static"+ref {
			t.Errorf("%s → %+v, want %s", u, targets[u], ref)
		}
	}
	if len(collisions) != 2 || collisions[0].Kept != "https://x.org/wp-content/uploads/2021/03/photo.jpg" {
		t.Errorf("collisions = %+v", collisions)
	}

	// Render keeps a planned reference as it is.
	post := &transform.Head{Kind: "post", Slug: "s", Title: "T", Image: targets["https://x.org/wp-content/uploads/2022/04/photo.jpg"].Ref}
	doc, err := p.Render(&transform.Post{Head: *post}, "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), "featuredimage: /img/x.org-photo-3.jpg\n") {
		t.Errorf("planned image not kept:\n%s", doc)
	}
}

func TestRedirects(t *testing.T) {
	posts := []*transform.Head{
		{SourceURL: "https://x.org/2022/03/11/legion/", Kind: "post", Slug: "legion"},
		{SourceURL: "https://x.org/blog/same/", Kind: "post", Slug: "same"}, // already where Gatsby serves it
		{SourceURL: "https://x.org/?p=5", Kind: "post", Slug: "query"},      // no path to redirect
		{SourceURL: "https://x.org/about/", Kind: "page"},
	}
	decap := mustPreset(t, "decap")
	paths, _ := Plan(posts, decap)
	rel, data := decap.Redirects(paths)
	if rel != "static/_redirects" || string(data) != "/2022/03/11/legion/ /blog/legion/ 301\n" {
		t.Errorf("Redirects = %q, %q", rel, data)
	}
	hugo := mustPreset(t, "hugo")
	paths, _ = Plan(posts, hugo)
	if rel, data := hugo.Redirects(paths); rel != "" || data != nil {
		t.Errorf("hugo Redirects = %q, %q; want none (aliases)", rel, data)
	}
}

// A page known by a query link goes under its parent page (post_parent);
// one with a path keeps it; a loop of parents (a damaged export) ends.
func TestPlanPageParents(t *testing.T) {
	page := func(u string, id, parent int, slug string) *transform.Head {
		return &transform.Head{SourceURL: u, Kind: KindPage, ID: id, Parent: parent, Slug: slug}
	}
	about := page("https://x.example/?page_id=3", 3, 0, "about")
	team := page("https://x.example/?page_id=4", 4, 3, "team")
	pretty := page("https://x.example/contact/", 6, 3, "contact")
	loopA := page("https://x.example/?page_id=7", 7, 8, "a")
	loopB := page("https://x.example/?page_id=8", 8, 7, "b")
	orphan := page("https://x.example/?page_id=9", 9, 99, "orphan")
	paths, _ := Plan([]*transform.Head{team, about, pretty, loopA, loopB, orphan}, mustPreset(t, "hugo"))
	want := map[*transform.Head]string{
		about:  "content/about/_index.md",
		team:   "content/about/team.md",
		pretty: "content/contact.md",
		orphan: "content/orphan.md",
	}
	for h, w := range want {
		if paths[h] != w {
			t.Errorf("%s: %q, want %q", h.SourceURL, paths[h], w)
		}
	}
	if paths[loopA] == "" || paths[loopB] == "" || paths[loopA] == paths[loopB] {
		t.Errorf("a loop of parents: %q and %q", paths[loopA], paths[loopB])
	}
}
