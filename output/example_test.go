package output_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/unpress/unpress/output"
	"github.com/unpress/unpress/scrape/extract"
	"github.com/unpress/unpress/scrape/mirror"
)

// A whole migration from Go, without the command line: a saved legacy
// site read, resolved and written with the hugo preset, its report saved
// beside the manifest.
func ExampleMigrate() {
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
	preset, err := output.LookupPreset("hugo")
	if err != nil {
		log.Fatal(err)
	}
	m, err := output.Migrate(context.Background(), src, x, output.MigrateOptions{
		WriteOptions: output.WriteOptions{Out: out, Preset: preset, Workers: 2},
	})
	if err != nil {
		log.Fatal(err)
	}
	defer m.Report.Close()
	t := m.Report.Totals()
	fmt.Println(t.PostsWritten, "posts and", t.PagesWritten, "pages written,", t.MediaCopied, "media files copied")
	for _, f := range []string{"content/posts/over-20000-volunteers-join-international-legion-to-fight-against-russia.md", ".unpress/manifest.json", ".unpress/report.json"} {
		if _, err := os.Stat(filepath.Join(out, f)); err == nil {
			fmt.Println(f)
		}
	}
	// Output:
	// 8 posts and 2 pages written, 7 media files copied
	// content/posts/over-20000-volunteers-join-international-legion-to-fight-against-russia.md
	// .unpress/manifest.json
	// .unpress/report.json
}
