package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/crawl/crawltest"
	"github.com/unpress/unpress/scrape/wxr/wxrtest"
)

// memoryBound is the peak resident memory a migration may use, whatever
// the size of the site: memory holds the work in flight, not the site.
const memoryBound = 150 << 20

// syntheticMirror writes a mirror of n posts made from the fixture site's
// post pages, each under its own permalink, into dir.
func syntheticMirror(t testing.TB, dir string, n int) {
	t.Helper()
	templates := []string{
		"2022/03/11/over-20000-volunteers-join-international-legion-to-fight-against-russia",
		"2022/03/10/russia-escalates-attacks-on-ukraines-civilian-areas-destroying-maternity-hospital",
		"2022/03/09/ukraine-displaced-population-to-hit-6-7-million-world-pledges-financial-support",
		"2022/04/08/how-we-back-up-the-archive",
	}
	pages := make([][]byte, len(templates))
	for i, p := range templates {
		data, err := os.ReadFile(filepath.Join("../../fixtures/site", p, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		pages[i] = data
	}
	if err := os.CopyFS(filepath.Join(dir, "wp-content"), os.DirFS("../../fixtures/site/wp-content")); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		tpl := templates[i%len(templates)]
		// A new permalink on a new day, so that every post has its own
		// URL, slug and date.
		day := time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i/4)
		path := fmt.Sprintf("%s/post-%d", day.Format("2006/01/02"), i)
		page := bytes.ReplaceAll(pages[i%len(templates)], []byte(tpl), []byte(path))
		page = bytes.ReplaceAll(page, []byte(tpl[:10]+"T"), []byte(day.Format("2006-01-02")+"T"))
		file := filepath.Join(dir, path, "index.html")
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, page, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestMemoryBound migrates a synthetic mirror in a real unpress process
// and reads the process's peak resident memory (getrusage). The size is
// UNPRESS_MEMCHECK_PAGES (.ci/run: 50,000); by default a quick 2,000.
func TestMemoryBound(t *testing.T) {
	n := memcheckSize(t, "UNPRESS_MEMCHECK_PAGES", 2000)
	tmp, bin, site := memcheckMirror(t, n)

	peak, elapsed, stderr := migrateMeasured(t, bin, site, filepath.Join(tmp, "out"))
	t.Logf("%d pages in %v (%.0f pages/s), peak RSS %.1f MB", n, elapsed.Round(time.Millisecond), float64(n)/elapsed.Seconds(), float64(peak)/(1<<20))
	checkMeasured(t, filepath.Join(tmp, "out"), n, peak, stderr)
	if strings.TrimSpace(stderr) != "" {
		t.Logf("stderr: %s", stderr)
	}
}

// TestMemoryBoundDryRun makes a dry run of a synthetic mirror into an
// empty folder in a real unpress process: it holds every file it would
// write, their contents waiting on disk, and must stay within the same
// bound. The size is UNPRESS_MEMCHECK_DRY_PAGES (.ci/run: 20,000); by
// default 2,000.
func TestMemoryBoundDryRun(t *testing.T) {
	n := memcheckSize(t, "UNPRESS_MEMCHECK_DRY_PAGES", 2000)
	tmp, bin, site := memcheckMirror(t, n)
	peak, elapsed, stderr := migrateMeasured(t, bin, site, filepath.Join(tmp, "dry"), "--dry-run", "--stat")
	t.Logf("dry run: %d pages in %v, peak RSS %.1f MB", n, elapsed.Round(time.Millisecond), float64(peak)/(1<<20))
	var changed, created int
	// The summary line, after the one naming the review page.
	_, summary, _ := strings.Cut(stderr, "\ndry run: ")
	if _, err := fmt.Sscanf(summary, "%d files would change (created: %d,", &changed, &created); err != nil || created < n {
		t.Errorf("dry run summary: %q: %d created, want every post (%d) and its media", stderr, created, n)
	}
	if peak > memoryBound {
		t.Errorf("dry run: peak RSS %.1f MB is over the %d MB bound", float64(peak)/(1<<20), memoryBound>>20)
	}
}

// TestMemoryBoundWXR imports a synthetic WordPress export in a real
// unpress process and checks its peak resident memory against the same
// bound. The size is UNPRESS_MEMCHECK_WXR_MB (.ci/run: 200); by default
// 20 MB.
func TestMemoryBoundWXR(t *testing.T) {
	mb := memcheckSize(t, "UNPRESS_MEMCHECK_WXR_MB", 20)
	tmp := t.TempDir()
	bin := buildUnpress(t, tmp)
	export := filepath.Join(tmp, "export.xml")
	f, err := os.Create(export)
	if err != nil {
		t.Fatal(err)
	}
	const body = 8 << 10
	n := (mb << 20) / (body + 1200)
	if err := wxrtest.Synthetic(f, n, body); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(export)
	peak, elapsed, stderr := migrateMeasured(t, bin, export, filepath.Join(tmp, "out"))
	t.Logf("%.0f MB export, %d posts in %v (%.0f posts/s), peak RSS %.1f MB", float64(st.Size())/(1<<20), n, elapsed.Round(time.Millisecond), float64(n)/elapsed.Seconds(), float64(peak)/(1<<20))
	checkMeasured(t, filepath.Join(tmp, "out"), n, peak, stderr)
}

// TestMemoryBoundCrawl crawls a loopback site of synthetic posts with a
// real unpress process (delays off, 8 requests in flight, the crawl cache
// on disk) and checks its peak resident memory against the same bound.
// The size is UNPRESS_MEMCHECK_CRAWL_PAGES (.ci/run: 20,000); by default
// 1,000.
func TestMemoryBoundCrawl(t *testing.T) {
	n := memcheckSize(t, "UNPRESS_MEMCHECK_CRAWL_PAGES", 1000)
	tmp := t.TempDir()
	srv := syntheticServer(t, filepath.Join(tmp, "site"), n)
	bin := buildUnpress(t, tmp)
	out := filepath.Join(tmp, "out")
	peak, elapsed, stderr := migrateMeasured(t, bin, srv.URL+"/", out, "--delay", "0", "--concurrency", "8", "--no-api")
	t.Logf("crawled and migrated %d posts in %v (%.0f pages/s), peak RSS %.1f MB", n, elapsed.Round(time.Millisecond), float64(n)/elapsed.Seconds(), float64(peak)/(1<<20))
	checkMeasured(t, out, n, peak, stderr)
}

// TestMemoryBoundMedia crawls a site whose featured image is a 200 MB
// file (UNPRESS_MEMCHECK_MEDIA_MB) with a real unpress process: the file
// streams from the network into the cache and into the output, and the
// process stays within the memory bound.
func TestMemoryBoundMedia(t *testing.T) {
	mb := memcheckSize(t, "UNPRESS_MEMCHECK_MEDIA_MB", 200)
	tmp := t.TempDir()
	site := filepath.Join(tmp, "site")
	srv := syntheticServer(t, site, 4)
	big := filepath.Join(site, "wp-content", "uploads", "2022", "03", "legion-featured.jpg")
	if err := os.Truncate(big, int64(mb)<<20); err != nil {
		t.Fatal(err)
	}
	bin := buildUnpress(t, tmp)
	out := filepath.Join(tmp, "out")
	peak, elapsed, stderr := migrateMeasured(t, bin, srv.URL+"/", out, "--delay", "0", "--no-api")
	t.Logf("crawled and migrated 4 posts and a %d MB media file in %v, peak RSS %.1f MB", mb, elapsed.Round(time.Millisecond), float64(peak)/(1<<20))
	checkMeasured(t, out, 4, peak, stderr)
	copied, _ := filepath.Glob(filepath.Join(out, "static", "img", "*legion-featured.jpg"))
	if len(copied) != 1 {
		t.Fatalf("copied %v, want the one big file\n%s", copied, stderr)
	}
	if st, err := os.Stat(copied[0]); err != nil || st.Size() != int64(mb)<<20 {
		t.Errorf("%s: %v, %v: want %d MB", copied[0], st, err, mb)
	}
}

// syntheticServer serves a synthetic mirror of n posts (syntheticMirror)
// on the loopback, with a home page to start a crawl from; its sitemap
// names every post.
func syntheticServer(t testing.TB, dir string, n int) *crawltest.Server {
	t.Helper()
	syntheticMirror(t, dir, n)
	home := `<html><head><link rel="canonical" href="https://legacy.example.org/"></head><body class="home blog"><h1>Home</h1></body></html>`
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte(home), 0o644); err != nil {
		t.Fatal(err)
	}
	return crawltest.New(t, crawltest.Options{Dir: dir})
}

// memcheckMirror builds the binary and a synthetic mirror of n posts in a
// temporary folder, for a memory check.
func memcheckMirror(t *testing.T, n int) (tmp, bin, site string) {
	t.Helper()
	tmp = t.TempDir()
	bin = buildUnpress(t, tmp)
	site = filepath.Join(tmp, "site")
	syntheticMirror(t, site, n)
	return tmp, bin, site
}

// memcheckSize is a memory check's size from the environment variable
// name, else def; the check is skipped off Linux (peak RSS comes from
// getrusage) and, at its default size, unless process checks are on.
func memcheckSize(t *testing.T, name string, def int) int {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("peak RSS is read with getrusage on Linux")
	}
	v := os.Getenv(name)
	if v == "" {
		processCheck(t)
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		t.Fatalf("%s=%q", name, v)
	}
	return n
}

// processCheck skips a process-level check — a real binary killed,
// interrupted, timed or measured — unless UNPRESS_PROCESS_CHECKS is set:
// together they take a minute or more, which go test ./... should not,
// and .ci/run runs them explicitly.
func processCheck(t *testing.T) {
	t.Helper()
	if testing.Short() || os.Getenv("UNPRESS_PROCESS_CHECKS") == "" {
		t.Skip("process-level check: set UNPRESS_PROCESS_CHECKS=1 (.ci/run does)")
	}
}

// checkMeasured checks that a measured migration wrote its n posts into
// out (decap's blog folder) within the memory bound.
func checkMeasured(t *testing.T, out string, n int, peak int64, stderr string) {
	t.Helper()
	written, _ := filepath.Glob(filepath.Join(out, "src", "pages", "blog", "*.md"))
	if len(written) != n {
		t.Errorf("wrote %d posts, want %d\n%s", len(written), n, stderr)
	}
	if peak > memoryBound {
		t.Errorf("peak RSS %.1f MB is over the %d MB bound", float64(peak)/(1<<20), memoryBound>>20)
	}
}

// migrateMeasured runs unpress migrate in its own process and returns its
// peak resident memory in bytes, its time and its stderr.
func migrateMeasured(t *testing.T, bin, from, out string, flags ...string) (peak int64, elapsed time.Duration, stderr string) {
	t.Helper()
	start := time.Now()
	cmd := exec.Command(bin, append([]string{"migrate", "--from", from, "--out", out, "--quiet"}, flags...)...)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	peak, err := runMeasured(t, cmd)
	var exit *exec.ExitError
	switch {
	case slices.Contains(flags, "--dry-run") && errors.As(err, &exit) && exit.ExitCode() == exitChanges:
		// A dry run with changes pending says so.
	case err != nil:
		t.Fatalf("migrate: %v\n%s", err, errb.String())
	}
	return peak, time.Since(start), errb.String()
}

// runMeasured runs cmd and returns its peak resident memory: the high-water
// mark of its own memory (VmHWM in /proc/PID/status), read until it exits.
// The rusage of a child is no good here: Linux counts in its maxrss the
// test process's own memory at the fork, which the hostile servers of
// earlier tests make hundreds of megabytes.
func runMeasured(t *testing.T, cmd *exec.Cmd) (peak int64, err error) {
	t.Helper()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
	for {
		if data, rerr := os.ReadFile(status); rerr == nil {
			for line := range strings.Lines(string(data)) {
				var kb int64
				if _, serr := fmt.Sscanf(line, "VmHWM: %d kB", &kb); serr == nil {
					peak = max(peak, kb<<10)
				}
			}
		}
		select {
		case err = <-done:
			if peak == 0 {
				t.Fatal("no peak memory read from " + status)
			}
			return peak, err
		case <-time.After(2 * time.Millisecond):
		}
	}
}

// buildUnpress builds the unpress binary into dir, for the tests that need
// a real process (to read its peak memory, kill it, signal it).
func buildUnpress(t testing.TB, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "unpress")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// TestMemoryBoundLargePage migrates a mirror whose one page is just under
// the page bound (scrape.MaxPageBytes) within the memory bound, and
// refuses a page over it with a message naming it and the bound (a 30 MB
// page cost 415 MB before the bound came down from 32 MB).
func TestMemoryBoundLargePage(t *testing.T) {
	processCheck(t)
	tmp := t.TempDir()
	bin := buildUnpress(t, tmp)
	page := func(dir string, size int) {
		head := `<!DOCTYPE html><html><head><title>Big</title><meta property="article:published_time" content="2024-01-01T10:00:00+00:00"></head><body><article class="post"><h1 class="entry-title">Big</h1><div class="entry-content">`
		para := `<p>Lorem ipsum dolor sit amet, <a href="/x/">consectetur</a> adipiscing elit, sed do eiusmod tempor.</p>` + "\n"
		tail := `</div></article></body></html>`
		body := head + strings.Repeat(para, (size-len(head)-len(tail))/len(para)) + tail
		file := filepath.Join(dir, "2024/01/01/big/index.html")
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	under := filepath.Join(tmp, "under")
	page(under, scrape.MaxPageBytes-1024)
	peak, elapsed, stderr := migrateMeasured(t, bin, under, filepath.Join(tmp, "out-under"), "--base-url", "https://big.example.org/")
	t.Logf("a %d MB page in %v, peak RSS %.1f MB", scrape.MaxPageBytes>>20, elapsed.Round(time.Millisecond), float64(peak)/(1<<20))
	if peak > memoryBound {
		t.Errorf("peak RSS %.1f MB is over the %d MB bound", float64(peak)/(1<<20), memoryBound>>20)
	}
	if strings.Contains(stderr, "unpress:") {
		t.Errorf("a page under the bound failed: %s", stderr)
	}
	over := filepath.Join(tmp, "over")
	page(over, scrape.MaxPageBytes+1024)
	cmd := exec.Command(bin, "migrate", "--from", over, "--out", filepath.Join(tmp, "out-over"), "--quiet", "--base-url", "https://big.example.org/")
	msg, _ := cmd.CombinedOutput()
	if code := cmd.ProcessState.ExitCode(); code != exitPageErrors || !strings.Contains(string(msg), "2024/01/01/big/index.html") || !strings.Contains(string(msg), fmt.Sprint(scrape.MaxPageBytes)) {
		t.Errorf("a page over the bound: exit %d, %s; want %d naming the page and the bound", code, msg, exitPageErrors)
	}
}
