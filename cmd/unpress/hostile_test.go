package main

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/unpress/unpress/scrape/crawl/crawltest"
)

// TestMemoryBoundHostileSite crawls a loopback site built to exhaust a
// crawl with a real unpress process: a 49 KB gzipped sitemap of 16
// million nested elements, a sitemap of a million URLs, a robots.txt of
// 256 MB sent gzipped, and listings that exist for every page number and
// every day. The run ends, says which bounds it met, and stays within
// the memory bound (issue 13: these took 1.8 GB, 3 GB and 2.7 GB).
func TestMemoryBoundHostileSite(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("peak RSS is read with getrusage on Linux")
	}
	processCheck(t)
	h := crawltest.NewHostile(t, crawltest.HostileOptions{
		Nesting: 16 << 20, SitemapURLs: 1_000_000, RobotsBytes: 256 << 20, Trap: true,
	})
	tmp := t.TempDir()
	bin := buildUnpress(t, tmp)
	start := time.Now()
	// --max-pages keeps the run short: the million URLs are cut to it.
	cmd := exec.Command(bin, "migrate", "--from", h.URL+"/", "--out", filepath.Join(tmp, "out"), "--quiet",
		"--delay", "0", "--concurrency", "8", "--no-api", "--max-pages", "2000")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	peak, err := runMeasured(t, cmd)
	t.Logf("hostile site crawled in %v (exit: %v), peak RSS %.1f MB; %d page requests", time.Since(start).Round(time.Millisecond), err, float64(peak)/(1<<20), h.Count("/p/"))
	for _, want := range []string{
		h.URL + "/robots.txt is over the bound of 512000 bytes once unzipped",
		"sitemap " + h.URL + "/bomb-sitemap.xml.gz: over the nesting bound, elements 64 deep",
		"sitemap " + h.URL + "/big-sitemap.xml.gz: the sitemaps list over 2000 pages, the bound (--max-pages)",
		"listing " + h.URL + "/category/x/: page 1001 is over the bound of 1000 pages",
	} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("no warning %q:\n%s", want, stderr.String())
		}
	}
	if n := h.Count("/p/"); n > 2000 {
		t.Errorf("%d pages fetched, over --max-pages", n)
	}
	if peak > memoryBound {
		t.Errorf("peak RSS %.1f MB is over the %d MB bound", float64(peak)/(1<<20), memoryBound>>20)
	}
}
