package main

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/crawl"
)

// TestCrawlThroughput crawls a synthetic site on a loopback server with
// politeness delays off and 8 workers, and reports pages per second. The
// size is UNPRESS_CRAWL_PAGES (issue 7's figure: 10,000); by default 1,000.
func TestCrawlThroughput(t *testing.T) {
	processCheck(t)
	n := 1000
	if v := os.Getenv("UNPRESS_CRAWL_PAGES"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			t.Fatalf("UNPRESS_CRAWL_PAGES=%q", v)
		}
	}
	srv := syntheticServer(t, filepath.Join(t.TempDir(), "site"), n)
	start, _ := url.Parse(srv.URL + "/")
	site, err := crawl.New(crawl.Options{Start: start, Concurrency: 8, Delay: -1, CacheDir: t.TempDir(), Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	began := time.Now()
	pages := 0
	err = site.Walk(context.Background(), func(*scrape.Page) error { pages++; return nil }, func(e *scrape.PageError) { t.Errorf("%v", e) })
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(began)
	rate := float64(pages) / took.Seconds()
	t.Logf("%d pages crawled in %v: %.0f pages/s (8 workers, no delay)", pages, took.Round(time.Millisecond), rate)
	if pages < n {
		t.Errorf("crawled %d pages, want at least %d", pages, n)
	}
}
