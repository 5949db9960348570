package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
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
// UNPRESS_MEMCHECK_PAGES (CI: 50,000); by default a quick 2,000.
func TestMemoryBound(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("peak RSS is read with getrusage on Linux")
	}
	n := 2000
	if v := os.Getenv("UNPRESS_MEMCHECK_PAGES"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			t.Fatalf("UNPRESS_MEMCHECK_PAGES=%q", v)
		}
	} else if testing.Short() {
		t.Skip("short mode")
	}
	tmp := t.TempDir()
	bin := buildUnpress(t, tmp)
	site := filepath.Join(tmp, "site")
	syntheticMirror(t, site, n)

	start := time.Now()
	cmd := exec.Command(bin, "migrate", "--from", site, "--out", filepath.Join(tmp, "out"), "--quiet")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("migrate: %v\n%s", err, stderr.String())
	}
	elapsed := time.Since(start)
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		t.Fatal("no rusage")
	}
	peak := ru.Maxrss << 10 // kilobytes on Linux
	written, _ := filepath.Glob(filepath.Join(tmp, "out", "src", "pages", "blog", "*.md"))
	t.Logf("%d pages in %v (%.0f pages/s), peak RSS %.1f MB, %d posts written", n, elapsed.Round(time.Millisecond), float64(n)/elapsed.Seconds(), float64(peak)/(1<<20), len(written))
	if len(written) != n {
		t.Errorf("wrote %d posts, want %d", len(written), n)
	}
	if peak > memoryBound {
		t.Errorf("peak RSS %.1f MB is over the %d MB bound", float64(peak)/(1<<20), memoryBound>>20)
	}
	if strings.TrimSpace(stderr.String()) != "" {
		t.Logf("stderr: %s", stderr.String())
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
