package transform_test

import (
	"context"
	"fmt"
	"log"

	"github.com/unpress/unpress/scrape/extract"
	"github.com/unpress/unpress/scrape/mirror"
	"github.com/unpress/unpress/transform"
)

// A Go program reads a saved legacy site into posts without the command
// line: every page extracted, the site's records merged, every field
// chosen.
func ExampleReadSite() {
	src, err := mirror.Open("../fixtures/site", nil)
	if err != nil {
		log.Fatal(err)
	}
	x, err := extract.New(extract.Options{})
	if err != nil {
		log.Fatal(err)
	}
	r, err := transform.ReadSite(context.Background(), src, x, transform.ReadOptions{Site: transform.Options{Workers: 2}})
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	for i, h := range r.Posts.Heads() {
		if h.Kind == "post" && h.Title == "Over 20,000 Volunteers Join International Legion to Fight Against Russia" {
			p, err := r.Posts.Load(i)
			if err != nil {
				log.Fatal(err)
			}
			fmt.Println(p.Title)
			fmt.Println(p.Published.Format("2006-01-02 15:04 -07:00"), p.Author)
		}
	}
	fmt.Println(r.Posts.Len(), "posts and pages,", len(r.Skipped), "other pages,", len(r.Failed), "failed")
	// Output:
	// Over 20,000 Volunteers Join International Legion to Fight Against Russia
	// 2022-03-11 15:42 +02:00 Save Ukraine EN
	// 10 posts and pages, 10 other pages, 0 failed
}
