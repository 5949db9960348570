package output_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/unpress/unpress/output"
	"github.com/unpress/unpress/scrape/extract"
	"github.com/unpress/unpress/scrape/mirror"
	"github.com/unpress/unpress/transform"
)

// A whole migration from Go, without the command line: read a saved
// legacy site into posts (transform.ReadSite), then write them with a
// preset (WriteSite).
func ExampleWriteSite() {
	out, err := os.MkdirTemp("", "unpress-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(out)

	src, err := mirror.Open("../fixtures/site", nil)
	if err != nil {
		log.Fatal(err)
	}
	x, err := extract.New(extract.Options{})
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	read, err := transform.ReadSite(ctx, src, x, transform.ReadOptions{Site: transform.Options{Workers: 2}})
	if err != nil {
		log.Fatal(err)
	}
	defer read.Site.Close()
	preset, err := output.LookupPreset("hugo")
	if err != nil {
		log.Fatal(err)
	}
	w, rep, err := output.WriteSite(ctx, src, read, output.WriteOptions{Out: out, Preset: preset, Workers: 2})
	if err != nil {
		log.Fatal(err)
	}
	defer rep.Close()
	if err := w.Close(); err != nil {
		log.Fatal(err)
	}
	t := rep.Totals()
	fmt.Println(t.PostsWritten, "posts and", t.PagesWritten, "pages written,", t.MediaCopied, "media files copied")
	if _, err := os.Stat(out + "/content/posts/over-20000-volunteers-join-international-legion-to-fight-against-russia.md"); err == nil {
		fmt.Println("the seed article is there")
	}
	// Output:
	// 8 posts and 2 pages written, 7 media files copied
	// the seed article is there
}
