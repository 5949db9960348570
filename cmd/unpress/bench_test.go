package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"golang.org/x/net/html"

	"github.com/unpress/unpress/output"
	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/extract"
	"github.com/unpress/unpress/scrape/mirror"
	"github.com/unpress/unpress/transform"
	"github.com/unpress/unpress/transform/markdown"
)

// benchSites are the page sets the benchmarks run over: the bundled
// fixtures always, the real WordPress theme mirrors when present.
func benchSites(b *testing.B) map[string]string {
	sites := map[string]string{"fixtures": "../../fixtures/site"}
	for _, theme := range []string{"twentynineteen", "twentytwentytwo"} {
		dir := filepath.Join(corpusDir, "wordpress", theme)
		if _, err := os.Stat(dir); err == nil {
			sites[theme] = dir
		}
	}
	return sites
}

// singlePosts reads the single-post pages of a mirror (the pages that go
// through the whole pipeline), decoded.
func singlePosts(b *testing.B, dir string) (*mirror.Dir, []*scrape.Page) {
	b.Helper()
	src, err := mirror.Open(dir, nil)
	if err != nil {
		b.Fatal(err)
	}
	var pages []*scrape.Page
	err = src.Walk(context.Background(), func(p *scrape.Page) error {
		if bytes.Contains(p.HTML, []byte("single-post")) || bytes.Contains(p.HTML, []byte(" page-id-")) {
			pages = append(pages, p)
		}
		return nil
	}, func(*scrape.PageError) {})
	if err != nil {
		b.Fatal(err)
	}
	if len(pages) == 0 {
		b.Fatalf("%s: no post pages", dir)
	}
	return src, pages
}

func totalBytes(pages []*scrape.Page) int64 {
	var n int64
	for _, p := range pages {
		n += int64(len(p.HTML))
	}
	return n
}

func reportPages(b *testing.B, n int) {
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkParseFloor is html.Parse alone over the same pages: the floor
// the page pipeline is measured against (ratio = pipeline/floor).
func BenchmarkParseFloor(b *testing.B) {
	for name, dir := range benchSites(b) {
		b.Run(name, func(b *testing.B) {
			_, pages := singlePosts(b, dir)
			b.SetBytes(totalBytes(pages))
			b.ReportAllocs()
			for b.Loop() {
				for _, p := range pages {
					if _, err := html.Parse(bytes.NewReader(p.HTML)); err != nil {
						b.Fatal(err)
					}
				}
			}
			reportPages(b, len(pages))
		})
	}
}

// BenchmarkExtract is parse + extraction of every field.
func BenchmarkExtract(b *testing.B) {
	x, err := extract.New(extract.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for name, dir := range benchSites(b) {
		b.Run(name, func(b *testing.B) {
			_, pages := singlePosts(b, dir)
			b.SetBytes(totalBytes(pages))
			b.ReportAllocs()
			for b.Loop() {
				for _, p := range pages {
					if _, err := x.Extract(p); err != nil {
						b.Fatal(err)
					}
				}
			}
			reportPages(b, len(pages))
		})
	}
}

// pagePipeline takes one page through every stage but the disk: parse,
// extract, resolve, Markdown, front matter. It is safe for concurrent use.
type pagePipeline struct {
	x      *extract.Extractor
	conv   *markdown.Converter
	preset *output.Preset
}

func newPagePipeline(b *testing.B) *pagePipeline {
	x, err := extract.New(extract.Options{})
	if err != nil {
		b.Fatal(err)
	}
	conv, err := markdown.New(markdown.Options{})
	if err != nil {
		b.Fatal(err)
	}
	preset, err := output.LookupPreset("hugo")
	if err != nil {
		b.Fatal(err)
	}
	return &pagePipeline{x: x, conv: conv, preset: preset}
}

func (pp *pagePipeline) run(p *scrape.Page) error {
	ex, err := pp.x.Extract(p)
	if err != nil {
		return err
	}
	site := transform.NewSite(transform.Options{})
	defer site.Close()
	site.Add(ex, p.Origin)
	posts, _ := site.Resolve()
	for i := range posts.Len() {
		post, err := posts.Render(i, pp.conv)
		if err != nil {
			return err
		}
		if _, err := pp.preset.Render(&post, post.Body); err != nil {
			return err
		}
	}
	return nil
}

// BenchmarkPagePipeline is one page through every stage but the disk:
// parse, extract, resolve, Markdown, front matter.
func BenchmarkPagePipeline(b *testing.B) {
	pipe := newPagePipeline(b)
	for name, dir := range benchSites(b) {
		b.Run(name, func(b *testing.B) {
			_, pages := singlePosts(b, dir)
			b.SetBytes(totalBytes(pages))
			b.ReportAllocs()
			for b.Loop() {
				for _, p := range pages {
					if err := pipe.run(p); err != nil {
						b.Fatal(err)
					}
				}
			}
			reportPages(b, len(pages))
		})
	}
}

// BenchmarkMigrate is the migrate command end to end over a whole mirror
// (every page, listings included), writing to a fresh folder each time.
func BenchmarkMigrate(b *testing.B) {
	for name, dir := range benchSites(b) {
		b.Run(name, func(b *testing.B) {
			src, err := mirror.Open(dir, nil)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				out := b.TempDir()
				var stderr strings.Builder
				if code := run(context.Background(), []string{"migrate", "--from", dir, "--out", out, "--quiet"}, nil, &bytes.Buffer{}, &stderr); code != exitOK {
					b.Fatalf("exit %d: %s", code, stderr.String())
				}
			}
			reportPages(b, src.Len())
		})
	}
}

// BenchmarkPagePipelineParallel is BenchmarkPagePipeline with the pages
// spread over GOMAXPROCS goroutines, as migrate's workers do: run it with
// -cpu 1,2 and read the two-core speed-up from one run.
func BenchmarkPagePipelineParallel(b *testing.B) {
	pipe := newPagePipeline(b)
	for name, dir := range benchSites(b) {
		b.Run(name, func(b *testing.B) {
			_, pages := singlePosts(b, dir)
			b.SetBytes(totalBytes(pages) / int64(len(pages)))
			b.ReportAllocs()
			var next atomic.Int64
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					p := pages[int(next.Add(1))%len(pages)]
					// Extract reads p.HTML only, so goroutines may share a page.
					if err := pipe.run(p); err != nil {
						b.Error(err)
						return
					}
				}
			})
			reportPages(b, 1)
		})
	}
}
