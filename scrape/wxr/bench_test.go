package wxr

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/corpustest"
	"github.com/unpress/unpress/scrape/extract"
	"github.com/unpress/unpress/scrape/wxr/wxrtest"
)

var synthetic = wxrtest.Synthetic

// generated is an export produced on the fly for each pass, never held.
func generated(n, bodyBytes int) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) {
		pr, pw := io.Pipe()
		go func() { pw.CloseWithError(synthetic(pw, n, bodyBytes)) }()
		return pr, nil
	}
}

// BenchmarkWXRImport reads whole exports, both passes and every body
// rendered and parsed: the cost of --from export.xml up to the site.
func BenchmarkWXRImport(b *testing.B) {
	var synth bytes.Buffer
	if err := synthetic(&synth, 2000, 3000); err != nil {
		b.Fatal(err)
	}
	files := map[string][]byte{"synthetic-2000": synth.Bytes()}
	for name, rel := range map[string]string{"wordpress-export": "wordpress/export.xml", "themeunittestdata": "wxr/themeunittestdata.wordpress.xml"} {
		if data, err := os.ReadFile(filepath.Join(corpustest.Dir(), filepath.FromSlash(rel))); err == nil {
			files[name] = data
		}
	}
	for name, data := range files {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			posts := 0
			for b.Loop() {
				f, err := OpenFunc(name, func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }, Options{})
				if err != nil {
					b.Fatal(err)
				}
				posts = 0
				err = f.Records(context.Background(), func(*extract.Record) error { posts++; return nil }, func(e *scrape.PageError) { b.Fatal(e) })
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(posts*b.N)/b.Elapsed().Seconds(), "posts/s")
		})
	}
}

// TestLargeExportMemory streams a 200 MB export (generated, never on disk
// or in memory whole) through both passes and checks that the heap stays
// small: the reader holds one item at a time. It takes a while, so it runs
// only with UNPRESS_LARGE_TESTS=1 (CI's nightly job); a 20 MB export runs
// always.
func TestLargeExportMemory(t *testing.T) {
	size, limit := 20<<20, uint64(60<<20)
	if os.Getenv("UNPRESS_LARGE_TESTS") != "" {
		size, limit = 200<<20, 150<<20
	} else if testing.Short() {
		t.Skip("-short")
	}
	const body = 8 << 10
	n := size / (body + 1200)
	runtime.GC()
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var ms runtime.MemStats
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	start := time.Now()
	f, err := OpenFunc("large.xml", generated(n, body), Options{})
	if err != nil {
		t.Fatal(err)
	}
	posts := 0
	err = f.Records(context.Background(), func(*extract.Record) error {
		posts++
		return nil
	}, func(e *scrape.PageError) { t.Error(e) })
	close(stop)
	<-done
	if err != nil {
		t.Fatal(err)
	}
	if posts != n {
		t.Errorf("%d posts, want %d", posts, n)
	}
	el := time.Since(start)
	t.Logf("%d MB export, %d posts in %v (%.0f posts/s, %.1f MB/s over two passes); peak heap in use %.1f MB", size>>20, posts, el.Round(time.Millisecond), float64(posts)/el.Seconds(), float64(2*size)/el.Seconds()/(1<<20), float64(peak.Load())/(1<<20))
	if peak.Load() > limit {
		t.Errorf("peak heap %d MB, want under %d MB", peak.Load()>>20, limit>>20)
	}
}
