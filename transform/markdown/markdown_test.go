package markdown

import (
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.out.md from the current output")

const goldenDir = "testdata/golden"

// goldenBase is the permalink the golden posts pretend to live at; relative
// URLs in the inputs resolve against it.
var goldenBase = mustParseURL("http://example.org/2023/06/18/sample-post/")

func mustParseURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

// parseBody parses a post body the way the scraper hands it over: the
// children of a content <div>.
func parseBody(tb testing.TB, src string) *html.Node {
	tb.Helper()
	root := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(src), root)
	if err != nil {
		tb.Fatalf("parse body: %v", err)
	}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	return root
}

func newConverter(tb testing.TB, opts Options) *Converter {
	tb.Helper()
	c, err := New(opts)
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	return c
}

type goldenCase struct {
	name    string
	in, out string // paths
}

func goldenCases(tb testing.TB) []goldenCase {
	tb.Helper()
	ins, err := filepath.Glob(filepath.Join(goldenDir, "*.in.html"))
	if err != nil {
		tb.Fatal(err)
	}
	if len(ins) == 0 {
		tb.Fatalf("no golden inputs in %s", goldenDir)
	}
	var cases []goldenCase
	for _, in := range ins {
		name := strings.TrimSuffix(filepath.Base(in), ".in.html")
		cases = append(cases, goldenCase{name: name, in: in, out: filepath.Join(goldenDir, name+".out.md")})
	}
	return cases
}

func TestGolden(t *testing.T) {
	cases := goldenCases(t)

	// An expected output without its input is a case someone deleted
	// halfway; it would silently stop being checked.
	outs, err := filepath.Glob(filepath.Join(goldenDir, "*.out.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, out := range outs {
		in := strings.TrimSuffix(out, ".out.md") + ".in.html"
		if _, err := os.Stat(in); err != nil {
			t.Errorf("stray golden output %s: no %s", out, in)
		}
	}

	c := newConverter(t, Options{})
	for _, gc := range cases {
		t.Run(gc.name, func(t *testing.T) {
			src, err := os.ReadFile(gc.in)
			if err != nil {
				t.Fatal(err)
			}
			got, _, err := c.Convert(parseBody(t, string(src)), goldenBase)
			if err != nil {
				t.Fatalf("Convert: %v", err)
			}
			checkTidy(t, got)
			if *update {
				if err := os.WriteFile(gc.out, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(gc.out)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("output differs from %s\n%s\n--- got ---\n%s", gc.out, firstDiff(string(want), got), got)
			}
		})
	}
}

// firstDiff describes the first line where want and got disagree.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n want: " + strconv.Quote(w) + "\n  got: " + strconv.Quote(g)
		}
	}
	return "(no line differs; trailing newline?)"
}

var fenceRe = regexp.MustCompile("^(?:> ?)*\\s*(`{3,}|~{3,})")

// checkTidy asserts the whitespace promises of the package: valid UTF-8,
// one final newline, no trailing whitespace except a two-space hard break
// before more text, and never two blank lines in a row outside code.
func checkTidy(t *testing.T, md string) {
	t.Helper()
	if !utf8.ValidString(md) {
		t.Errorf("output is not valid UTF-8")
	}
	if md == "" {
		return
	}
	if !strings.HasSuffix(md, "\n") || strings.HasSuffix(md, "\n\n") {
		t.Errorf("output must end in exactly one newline: %q", md[max(0, len(md)-20):])
	}
	lines := strings.Split(strings.TrimSuffix(md, "\n"), "\n")
	fence, blanks := "", 0
	for i, line := range lines {
		if m := fenceRe.FindStringSubmatch(line); m != nil {
			switch {
			case fence == "":
				fence = m[1]
			case strings.HasPrefix(m[1], fence) && strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "> ")) == m[1]:
				fence = ""
			}
		}
		if strings.TrimSpace(line) == "" {
			blanks++
			if blanks > 1 && fence == "" {
				t.Errorf("line %d: more than one blank line in a row", i+1)
			}
			if line != "" {
				t.Errorf("line %d: whitespace-only line %q", i+1, line)
			}
			continue
		}
		blanks = 0
		if fence != "" {
			continue
		}
		if trimmed := strings.TrimRight(line, " \t"); trimmed != line {
			hardBreak := line == trimmed+"  " && i+1 < len(lines) && strings.TrimSpace(lines[i+1]) != ""
			if !hardBreak {
				t.Errorf("line %d: trailing whitespace %q", i+1, line)
			}
		}
	}
}

// TestConvertOptions checks RewriteURL, Embed and the media list against
// one post that exercises every kind of URL.
func TestConvertOptions(t *testing.T) {
	const src = `
<p>See <a href="/2019/04/08/other-post/">the other post</a>, <a href="#fn-x">a fragment</a>,
<a href="mailto:editor@example.com">mail</a> and <a href="../../../../wp-content/uploads/2023/06/report.pdf">the report</a>.</p>
<figure class="wp-block-image size-medium"><img src="http://example.org/wp-content/uploads/2023/06/boat-300x169.jpg" alt="Boat" srcset="http://example.org/wp-content/uploads/2023/06/boat-300x169.jpg 300w, http://example.org/wp-content/uploads/2023/06/boat.jpg 800w" /></figure>
<p><img src="http://example.org/wp-content/uploads/2023/06/boat.jpg" alt="Boat again"></p>
<p><a href="https://example.com/wp-content/uploads/elsewhere/"><img src="relative.png" alt="Rel"></a></p>
<figure class="wp-block-embed is-provider-youtube wp-block-embed-youtube"><div class="wp-block-embed__wrapper">
https://youtu.be/aqz-KE-bpKQ
</div></figure>
<p><iframe src="https://www.google.com/maps/embed?pb=1" title="Map"></iframe></p>`

	var rewritten []string
	c := newConverter(t, Options{
		RewriteURL: func(abs string) string {
			rewritten = append(rewritten, abs)
			if rest, ok := strings.CutPrefix(abs, "http://example.org/wp-content/uploads/"); ok {
				return "/media/" + rest
			}
			if rest, ok := strings.CutPrefix(abs, "http://example.org/"); ok {
				return "/" + rest
			}
			return abs
		},
		Embed: func(u string) string { return "{{< embed \"" + u + "\" >}}" },
	})
	root := parseBody(t, src)
	before := renderHTML(t, root)
	md, media, err := c.Convert(root, goldenBase)
	if err != nil {
		t.Fatal(err)
	}
	checkTidy(t, md)

	want := `See [the other post](/2019/04/08/other-post/), [a fragment](#fn-x), [mail](mailto:editor@example.com) and [the report](/media/2023/06/report.pdf).

![Boat](/media/2023/06/boat.jpg)

![Boat again](/media/2023/06/boat.jpg)

[![Rel](/2023/06/18/sample-post/relative.png)](https://example.com/wp-content/uploads/elsewhere/)

{{< embed "https://www.youtube.com/watch?v=aqz-KE-bpKQ" >}}

[Map](https://www.google.com/maps/embed?pb=1)
`
	if md != want {
		t.Errorf("markdown:\n%s\nwant:\n%s\n%s", md, want, firstDiff(want, md))
	}

	wantMedia := []string{
		"http://example.org/wp-content/uploads/2023/06/report.pdf",
		"http://example.org/wp-content/uploads/2023/06/boat.jpg",
		"http://example.org/2023/06/18/sample-post/relative.png",
	}
	if !slices.Equal(media, wantMedia) {
		t.Errorf("media = %q\nwant %q", media, wantMedia)
	}
	for _, u := range rewritten {
		if strings.HasPrefix(u, "#") {
			t.Errorf("RewriteURL got a fragment-only link %q", u)
		}
		if pu, err := url.Parse(u); err != nil || !pu.IsAbs() {
			t.Errorf("RewriteURL got a non-absolute URL %q", u)
		}
	}
	if after := renderHTML(t, root); after != before {
		t.Errorf("Convert modified its input tree")
	}
}

func renderHTML(t *testing.T, n *html.Node) string {
	t.Helper()
	var b strings.Builder
	if err := html.Render(&b, n); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestConvertEdgeCases(t *testing.T) {
	c := newConverter(t, Options{})
	for _, tc := range []struct {
		name, src, want string
	}{
		{"empty", "", ""},
		{"only chrome", "<!--more--><p>&nbsp;</p><script>x()</script><form><input></form>", ""},
		{"nil base keeps relative URLs", `<p><a href="/a/">a</a> <img src="b.png" alt=""></p>`, "[a](/a/) ![](b.png)\n"},
		{"protocol-relative iframe without base", `<iframe src="//www.youtube.com/embed/aqz-KE-bpKQ?rel=0"></iframe>`,
			"[https://www.youtube.com/watch?v=aqz-KE-bpKQ](https://www.youtube.com/watch?v=aqz-KE-bpKQ)\n"},
		{"javascript link keeps text", `<p><a href="javascript:void(0)">click</a></p>`, "click\n"},
		// Only http, https, mailto and relative URLs reach a static site:
		// anything else would run in its pages (issue 13).
		{"vbscript and data links keep text", `<p><a href="VBScript:msgbox(1)">a</a> <a href=" data:text/html;base64,PHNjcmlwdD4=">b</a></p>`, "a b\n"},
		{"script URL embeds render nothing", `<iframe src="javascript:alert(1)"></iframe><embed src="javascript:alert(2)"><video src="javascript:alert(3)"></video><p>after</p>`, "after\n"},
		{"script URL images render nothing", `<p>x <img src="javascript:alert(1)" alt="a"> y</p>`, "x  y\n"},
		{"mailto and relative links stay", `<p><a href="mailto:ed@example.org">mail</a> <a href="/about/">about</a></p>`, "[mail](mailto:ed@example.org) [about](/about/)\n"},
		{"anchor without href", `<p><a id="top"></a>Top <a name="x">here</a></p>`, "Top here\n"},
		{"backticks in code choose a longer fence", "<pre><code>a ``` b ```` c</code></pre>", "`````\na ``` b ```` c\n`````\n"},
		{"blank lines in code survive", "<pre>a\n\n\n\nb</pre>", "```\na\n\n\n\nb\n```\n"},
		{"bell and marker characters from input are inert", "<p>a\a*b\uf002c</p>", "a\\*b\uFFFDc\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			md, _, err := c.Convert(parseBody(t, tc.src), nil)
			if err != nil {
				t.Fatal(err)
			}
			if md != tc.want {
				t.Errorf("got  %q\nwant %q", md, tc.want)
			}
			checkTidy(t, md)
		})
	}

	if md, media, err := c.Convert(nil, nil); md != "" || media != nil || err != nil {
		t.Errorf("Convert(nil) = %q, %v, %v", md, media, err)
	}
	var zero *Converter
	if _, _, err := zero.Convert(parseBody(t, "<p>x</p>"), nil); err == nil {
		t.Errorf("Convert on a nil Converter: want an error")
	}
}

// TestConvertConcurrent converts the golden inputs from many goroutines on
// one Converter, sharing the parsed trees, and expects the sequential
// results. Run with -race to check the concurrency claim in the docs.
func TestConvertConcurrent(t *testing.T) {
	c := newConverter(t, Options{RewriteURL: strings.ToUpper})
	var roots []*html.Node
	var want []string
	for _, gc := range goldenCases(t) {
		src, err := os.ReadFile(gc.in)
		if err != nil {
			t.Fatal(err)
		}
		root := parseBody(t, string(src))
		md, _, err := c.Convert(root, goldenBase)
		if err != nil {
			t.Fatal(err)
		}
		roots = append(roots, root)
		want = append(want, md)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Go(func() {
			for i := range roots {
				j := (i + g) % len(roots)
				md, _, err := c.Convert(roots[j], goldenBase)
				if err != nil {
					t.Errorf("Convert: %v", err)
					return
				}
				if md != want[j] {
					t.Errorf("goroutine %d, input %d: output differs from the sequential run", g, j)
				}
			}
		})
	}
	wg.Wait()
}

func TestHelpers(t *testing.T) {
	t.Run("largestCandidate", func(t *testing.T) {
		for _, tc := range []struct{ srcset, want string }{
			{"a-300x169.jpg 300w, a.jpg 800w, a-768x432.jpg 768w", "a.jpg"},
			{"a.jpg 1x,a@2x.jpg 2x", "a@2x.jpg"},
			{"a.jpg, b.jpg 1.5x", "b.jpg"},
			{"  ", ""},
		} {
			if got := largestCandidate(tc.srcset); got != tc.want {
				t.Errorf("largestCandidate(%q) = %q, want %q", tc.srcset, got, tc.want)
			}
		}
	})
	t.Run("canonicalVideoURL", func(t *testing.T) {
		for _, tc := range []struct{ in, want string }{
			{"https://www.youtube.com/embed/aqz-KE-bpKQ?feature=oembed", "https://www.youtube.com/watch?v=aqz-KE-bpKQ"},
			{"https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ", "https://www.youtube.com/watch?v=aqz-KE-bpKQ"},
			{"http://youtu.be/aqz-KE-bpKQ", "https://www.youtube.com/watch?v=aqz-KE-bpKQ"},
			{"https://m.youtube.com/watch?v=aqz-KE-bpKQ&t=10s&list=x", "https://www.youtube.com/watch?v=aqz-KE-bpKQ&t=10"},
			{"https://www.youtube.com/embed/aqz-KE-bpKQ?start=0", "https://www.youtube.com/watch?v=aqz-KE-bpKQ"},
			{"https://player.vimeo.com/video/76979871?h=8272103f6e", "https://vimeo.com/76979871"},
			{"https://www.youtube.com/channel/UC123", ""},
			{"https://www.google.com/maps/embed?pb=1", ""},
		} {
			got, ok := canonicalVideoURL(tc.in)
			if got != tc.want || ok != (tc.want != "") {
				t.Errorf("canonicalVideoURL(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
			}
		}
	})
	t.Run("imageKey", func(t *testing.T) {
		k1, _ := imageKey("http://example.org/wp-content/uploads/2023/06/a-300x169.jpg")
		k2, _ := imageKey("https://example.org/wp-content/uploads/2023/06/a.jpg")
		k3, _ := imageKey("http://example.org/wp-content/uploads/2023/06/a-scaled.jpg")
		k4, _ := imageKey("http://example.org/wp-content/uploads/2023/06/a.png")
		if k1 != k2 || k1 != k3 || k1 == k4 {
			t.Errorf("keys: %q %q %q %q", k1, k2, k3, k4)
		}
		if _, ok := imageKey("http://example.org/2023/06/attachment-page/"); ok {
			t.Errorf("a page URL has no image key")
		}
	})
}

// TestMoreBreak: the teaser break, in each form a source gives it, is
// Options.More (Hugo's and Jekyll's summary divider), or nothing when the
// generator has no such divider. Before: always dropped (issue 15).
func TestMoreBreak(t *testing.T) {
	for _, tc := range []struct {
		name, src, more, drop string
	}{
		{"own paragraph (wpautop)", `<p>Lead.</p><p><span id="more-7"></span></p><p>Rest.</p>`, "Lead.\n\n<!--more-->\n\nRest.\n", "Lead.\n\nRest.\n"},
		{"inside a paragraph", `<p>Lead. <span id="more-7"></span>Rest.</p>`, "Lead. <!--more-->Rest.\n", "Lead. Rest.\n"},
		{"the comment itself", `<p>Lead.</p><!--more Read on--><p>Rest.</p>`, "Lead.\n\n<!--more-->\n\nRest.\n", "Lead.\n\nRest.\n"},
		{"another span id stays text", `<p>Lead <span id="more-than">x</span></p>`, "Lead x\n", "Lead x\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for more, want := range map[string]string{MoreMark: tc.more, "": tc.drop} {
				md, _, err := newConverter(t, Options{More: more}).Convert(parseBody(t, tc.src), nil)
				if err != nil {
					t.Fatal(err)
				}
				if md != want {
					t.Errorf("More %q: got %q, want %q", more, md, want)
				}
			}
		})
	}
}
